// Resources search (issue 23, 2): full text that folds accents, each
// filter, nearest first, open now / on a day from weekly hours in the
// program's time zone, cursor paging, bad parameters naming the field,
// and who may search.  The directory is written straight into the HSDS
// tables and indexed with `waypoint resources reindex`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, runWaypoint, sqlDirect, staff, startServer } from './helpers.mjs';

// Monday 2026-03-02 15:30 UTC: 09:30 in Chicago (CST), 15:30 in UTC.
const NOW = '2026-03-02T15:30:00Z';
const uuid = (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const q = (v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
const row = (table, cols) =>
  `INSERT INTO ${table} (${Object.keys(cols).map((c) => `"${c}"`).join(', ')}) VALUES (${Object.values(cols).map(q).join(', ')});`;

// Services by number: 1 café pantry, 2 housing, 3 recovery centre, 4
// overnight shelter, 5 inactive, 6 a clinic whose hours have expired;
// 100+ fillers without a location.
const S = { cafe: uuid(1), housing: uuid(2), centre: uuid(3), shelter: uuid(4), gone: uuid(5), clinic: uuid(6) };
const L = { cafe: uuid(201), housing: uuid(202), centre: uuid(203), shelter: uuid(204), clinic: uuid(206) };

function directory() {
  const sql = [];
  sql.push(row('hsds_taxonomies', { id: uuid(900), name: 'Local' }));
  sql.push(row('hsds_taxonomy_terms', { id: uuid(901), code: 'food', name: 'Food', taxonomy_id: uuid(900) }));
  sql.push(row('hsds_taxonomy_terms', { id: uuid(902), code: 'food-pantry', name: 'Food pantry', parent_id: uuid(901), taxonomy_id: uuid(900) }));
  sql.push(row('hsds_taxonomy_terms', { id: uuid(903), code: 'housing', name: 'Housing', taxonomy_id: uuid(900) }));
  sql.push(row('hsds_taxonomy_terms', { id: uuid(904), code: 'shelter', name: 'Emergency accommodation', parent_id: uuid(903), taxonomy_id: uuid(900) }));
  sql.push(row('hsds_organizations', { id: uuid(301), name: 'Café Esperanza' }));
  sql.push(row('hsds_organizations', { id: uuid(302), name: 'Fundación Niños' }));
  sql.push(row('hsds_organizations', { id: uuid(303), name: 'Lakeside Recovery', recovery_friendly: 1, peer_run: 1 }));
  const service = (id, org, name, extra = {}) => sql.push(row('hsds_services', { id, organization_id: org, name, status: 'active', ...extra }));
  service(S.cafe, uuid(301), 'Esperanza Food Pantry', { description: 'Groceries every Monday morning' });
  service(S.housing, uuid(302), 'Northside Housing Help', { description: 'Help finding a flat' });
  service(S.centre, uuid(303), 'Recovery Community Centre', { description: 'Peer support and meetings', fees_description: 'Free to all' });
  service(S.shelter, uuid(302), 'Night Shelter', { description: 'Beds for the night' });
  service(S.gone, uuid(302), 'Closed Pantry', { status: 'inactive' });
  service(S.clinic, uuid(302), 'Walk-in Clinic', { description: 'Nurses' });
  const place = (n, lid, sid, lat, lon, addr) => {
    sql.push(row('hsds_locations', { id: lid, name: `Site ${n}`, latitude: lat, longitude: lon, location_type: 'physical' }));
    sql.push(row('hsds_service_at_location', { id: uuid(400 + n), service_id: sid, location_id: lid }));
    sql.push(row('hsds_addresses', { id: uuid(500 + n), location_id: lid, address_1: addr, city: 'Chicago', state_province: 'IL', postal_code: '60601', country: 'US', address_type: 'physical' }));
  };
  place(1, L.cafe, S.cafe, 41.88, -87.63, '1 Main St');
  place(2, L.housing, S.housing, 41.95, -87.65, '2 North Ave');
  place(3, L.centre, S.centre, 42.05, -87.68, '3 Lake Rd');
  place(4, L.shelter, S.shelter, 41.80, -87.60, '4 South St');
  place(6, L.clinic, S.clinic, 41.70, -87.70, '6 West St');
  sql.push(row('hsds_accessibility', { id: uuid(601), location_id: L.cafe, description: 'Step-free entrance' }));
  sql.push(row('hsds_phones', { id: uuid(611), service_id: S.cafe, number: '(312) 555-0101' }));
  sql.push(row('hsds_languages', { id: uuid(621), service_id: S.cafe, name: 'Spanish', code: 'es' }));
  sql.push(row('hsds_languages', { id: uuid(622), service_id: S.cafe, name: 'English', code: 'en' }));
  sql.push(row('hsds_languages', { id: uuid(623), location_id: L.housing, name: 'Polish', code: 'pl' }));
  sql.push(row('hsds_cost_options', { id: uuid(631), service_id: S.cafe, option: 'No charge', amount: 0, currency: 'USD' }));
  sql.push(row('hsds_cost_options', { id: uuid(632), service_id: S.housing, option: 'Application fee', amount: 25, currency: 'USD' }));
  const attr = (n, sid, term) => sql.push(row('hsds_attributes', { id: uuid(700 + n), link_id: sid, link_type: 'service', taxonomy_term_id: term }));
  attr(1, S.cafe, uuid(902));
  attr(2, S.housing, uuid(903));
  attr(4, S.shelter, uuid(904));
  const sched = (n, cols) => sql.push(row('hsds_schedules', { id: uuid(800 + n), freq: 'WEEKLY', ...cols }));
  sched(1, { service_id: S.cafe, byday: 'MO', opens_at: '09:00', closes_at: '12:00' });
  sched(2, { service_id: S.housing, byday: 'MO,WE', opens_at: '14:00:00', closes_at: '18:00:00' });
  sched(3, { location_id: L.centre, byday: 'TU', opens_at: '10:00', closes_at: '16:00' });
  sched(4, { service_at_location_id: uuid(404), byday: 'MO', opens_at: '20:00', closes_at: '08:00' });
  sched(6, { service_id: S.clinic, byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '23:59', valid_to: '2026-02-01' });
  for (let i = 0; i < 60; i++)
    sql.push(row('hsds_services', { id: uuid(1000 + i), organization_id: uuid(302), name: `Filler service ${String(i).padStart(2, '0')}`, status: 'active' }));
  return sql.join('\n');
}

describe(`resources search (${BACKEND})`, () => {
  let s, admin, manager, peer, utcPeer, roles;

  const names = (body) => body.items.map((i) => i.name);
  async function search(who, query) {
    const r = await who.fetch(`/api/v1/resources?${query}`);
    return { status: r.status, body: await r.json() };
  }
  async function found(who, query) {
    const r = await search(who, query);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return names(r.body);
  }

  before(async () => {
    s = await startServer({ env: { WAYPOINT_TEST_NOW: NOW } });
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    peer = await staff(s);
    utcPeer = await staff(s);
    const program = async (name, tz) => (await (await admin.json('POST', '/api/v1/programs',
      { name, kind: 'community', time_zone: tz, unit_rounding: 'any_part' })).json()).id;
    const chicago = await program('Chicago program', 'America/Chicago');
    const utc = await program('UTC program', 'UTC');
    const team = async (name, prog, who) => {
      const id = (await (await admin.json('POST', '/api/v1/teams', { name, program_id: prog })).json()).id;
      await admin.json('POST', `/api/v1/teams/${id}/members`, { email: who.user.email });
    };
    await team('Chicago team', chicago, peer);
    await team('UTC team', utc, utcPeer);
    roles = { admin, manager, peer, trainee: await staff(s, 'peer_trainee'), supervisor: await staff(s, 'supervisor') };
    const r = sqlDirect(s, directory());
    assert.equal(r.status, 0, r.err);
    const ix = runWaypoint(['resources', 'reindex', '--db', s.db]);
    assert.equal(ix.status, 0, ix.stderr);
    assert.match(ix.stdout, /resources reindex: 65 entries/);
  });
  after(async () => { await s.stop(); });

  test('words match names, descriptions, organizations and terms with or without accents', async () => {
    assert.deepEqual(await found(peer, 'q=cafe'), ['Esperanza Food Pantry']);
    assert.deepEqual(await found(peer, 'q=Caf%C3%A9'), ['Esperanza Food Pantry']);
    assert.deepEqual(await found(peer, 'q=CAFÉ%20esper'), ['Esperanza Food Pantry'], 'prefix and case');
    assert.deepEqual(await found(peer, 'q=fundacion%20ninos%20flat'), ['Northside Housing Help']);
    assert.deepEqual(await found(peer, 'q=Fundaci%C3%B3n%20housing'), ['Northside Housing Help', 'Night Shelter'],
      'the name first; then a term\'s parent (housing over emergency accommodation)');
    assert.deepEqual(await found(peer, 'q=accommodation'), ['Night Shelter'], 'a taxonomy term');
    assert.deepEqual(await found(peer, 'q=groceries'), ['Esperanza Food Pantry'], 'a description');
    assert.deepEqual(await found(peer, 'q=pantry'), ['Esperanza Food Pantry'], 'an inactive service is left out');
    assert.deepEqual(await found(peer, 'q=zzzz'), []);
    assert.deepEqual(await found(peer, 'q=%22%20OR%20*%20NEAR'), [], 'query syntax is only words');
  });

  test('each filter narrows the results', async () => {
    assert.deepEqual(await found(peer, 'category=food'), ['Esperanza Food Pantry'], 'a parent term takes its children');
    assert.deepEqual(await found(peer, `category=${uuid(903)}`), ['Night Shelter', 'Northside Housing Help']);
    assert.deepEqual(await found(peer, 'category=shelter&q=night'), ['Night Shelter']);
    assert.deepEqual(await found(peer, 'language=es'), ['Esperanza Food Pantry']);
    assert.deepEqual(await found(peer, 'language=Spanish'), ['Esperanza Food Pantry']);
    assert.deepEqual(await found(peer, 'language=polish'), ['Northside Housing Help'], "the location's languages");
    assert.deepEqual(await found(peer, 'free=1'), ['Esperanza Food Pantry', 'Recovery Community Centre']);
    assert.deepEqual(await found(peer, 'accessible=true'), ['Esperanza Food Pantry']);
    assert.deepEqual(await found(peer, 'recovery_friendly=1'), ['Recovery Community Centre']);
    assert.deepEqual(await found(peer, 'peer_run=1&free=1'), ['Recovery Community Centre']);
    assert.deepEqual(await found(peer, 'q=pantry&free=0'), ['Esperanza Food Pantry']);
  });

  test('a result carries what it takes to go', async () => {
    const [hit] = (await search(peer, 'q=esperanza')).body.items;
    assert.equal(hit.id, S.cafe);
    assert.equal(hit.location_id, L.cafe);
    assert.equal(hit.organization, 'Café Esperanza');
    assert.equal(hit.address, '1 Main St, Chicago, IL 60601');
    assert.equal(hit.latitude, 41.88);
    assert.equal(hit.phone, '(312) 555-0101');
    assert.equal(hit.hours_today, '09:00–12:00');
    assert.equal(hit.cost, 'Free');
    assert.equal(hit.free, true);
    assert.deepEqual(hit.languages, ['Spanish', 'English']);
    assert.equal(hit.accessible, true);
    const [housing] = (await search(peer, 'q=northside')).body.items;
    assert.match(housing.cost, /Application fee 25\.00 USD/);
    assert.equal(housing.free, false);
    assert.equal(housing.hours_today, '14:00–18:00');
    const [clinic] = (await search(peer, 'q=clinic')).body.items;
    assert.equal(clinic.hours_today, null, 'hours that are no longer valid');
  });

  test('open now and open on a day read weekly hours in the program time zone', async () => {
    // 09:30 on Monday in Chicago: the pantry (09–12) only
    assert.deepEqual(await found(peer, 'open=now'), ['Esperanza Food Pantry']);
    // 15:30 on Monday in UTC: the housing help (14–18) only
    assert.deepEqual(await found(utcPeer, 'open=now'), ['Northside Housing Help']);
    assert.deepEqual(await found(peer, 'open=today'), ['Esperanza Food Pantry', 'Night Shelter', 'Northside Housing Help']);
    // Tuesday: the centre, and the shelter until 08:00 after Monday night
    assert.deepEqual(await found(peer, 'open=tuesday'), ['Night Shelter', 'Recovery Community Centre']);
    assert.deepEqual(await found(peer, 'open=2026-03-03'), ['Night Shelter', 'Recovery Community Centre']);
    assert.deepEqual(await found(peer, 'open=wed'), ['Northside Housing Help']);
    // the clinic's hours were valid until 2026-02-01
    assert.deepEqual(await found(peer, 'open=2026-01-26&q=clinic'), ['Walk-in Clinic']);
    assert.deepEqual(await found(peer, 'open=2026-03-04&q=clinic'), []);
    assert.deepEqual(await found(peer, 'open=now&free=1&lat=41.9&lon=-87.6'), ['Esperanza Food Pantry']);
  });

  test('near a place: nearest first, with the distance; entries without a place are left out', async () => {
    const r = await search(peer, 'lat=41.88&lon=-87.63');
    assert.deepEqual(names(r.body), ['Esperanza Food Pantry', 'Northside Housing Help', 'Night Shelter',
      'Recovery Community Centre', 'Walk-in Clinic']);
    const km = r.body.items.map((i) => i.distance_km);
    assert.equal(km[0], 0);
    assert.ok(km[1] > 7.5 && km[1] < 8.5, `housing is about 8 km away: ${km[1]}`);
    assert.deepEqual([...km].sort((a, b) => a - b), km);
    assert.deepEqual((await found(peer, `near=${L.centre}`))[0], 'Recovery Community Centre');
    assert.deepEqual(await found(peer, 'lat=41.88&lon=-87.63&q=night%20shelter'), ['Night Shelter']);
    assert.deepEqual(await found(peer, 'lat=41.88&lon=-87.63&limit=2'), ['Esperanza Food Pantry', 'Northside Housing Help']);
    const far = await search(peer, 'lat=-33.9&lon=151.2&limit=2&cursor=4');
    assert.equal(far.body.items.length, 1, 'the far side of the world: the last one');
    assert.equal(far.body.next_cursor, null);
    assert.ok(far.body.items[0].distance_km > 14000);
  });

  test('cursor paging walks every result once', async () => {
    const seen = [];
    let cursor = '';
    for (let i = 0; i < 5; i++) {
      const r = await search(peer, `q=filler&limit=25${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.status, 200);
      seen.push(...names(r.body));
      cursor = r.body.next_cursor;
      if (!cursor) break;
    }
    assert.equal(seen.length, 60);
    assert.equal(new Set(seen).size, 60);
    assert.deepEqual(seen, [...seen].sort());
    const first = await search(peer, 'q=filler&limit=25');
    assert.equal(first.body.next_cursor, '25');
    assert.equal((await search(peer, 'q=filler&limit=25&cursor=50')).body.next_cursor, null);
  });

  test('bad parameters are refused naming the field', async () => {
    const bad = {
      'limit=0': 'limit', 'limit=201': 'limit', 'cursor=abc': 'cursor', 'cursor=-1': 'cursor',
      'open=someday': 'open', 'open=2026-02-30': 'open', 'lat=100&lon=0': 'lat', 'lat=41': 'lon',
      'lon=-87': 'lat', 'lat=41&lon=abc': 'lon', 'lat=41&lon=1e999': 'lon', 'lat=nan&lon=1': 'lat',
      [`near=${uuid(999)}`]: 'near', 'near=not-a-place': 'near', [`near=${L.cafe}&lat=1&lon=1`]: 'near',
      'category=nope': 'category', 'free=maybe': 'free', 'accessible=2': 'accessible',
      'recovery_friendly=x': 'recovery_friendly', 'peer_run=yes%20please': 'peer_run',
      [`q=${'a'.repeat(201)}`]: 'q', [`language=${'x'.repeat(61)}`]: 'language',
    };
    for (const [query, field] of Object.entries(bad)) {
      const r = await search(peer, query);
      assert.equal(r.status, 400, query);
      assert.equal(r.body.error.field, field, query);
    }
    const page = await peer.fetch('/resources?open=someday&q=caf%C3%A9');
    assert.equal(page.status, 400);
    const html = await page.text();
    assert.match(html, /data-error-summary/);
    assert.match(html, /href="#open"/);
    assert.match(html, /value="café"/, 'the form again as typed');
  });

  test('the page shows results a phone can act on, under 30 KB', async () => {
    const r = await peer.fetch('/resources?q=esperanza');
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.match(html, /href="\/resources\/00000000-0000-4000-8000-000000000001">Esperanza Food Pantry<\/a>/);
    assert.match(html, /href="tel:3125550101">\(312\) 555-0101<\/a>/);
    assert.match(html, /openstreetmap\.org\/\?mlat=41\.88&amp;mlon=-87\.63/);
    assert.match(html, /Today: 09:00–12:00/);
    assert.match(html, /Cost: Free/);
    assert.match(html, /Languages: Spanish, English/);
    assert.match(html, /<a href="\/resources" class="usa-nav-link usa-current" aria-current="page"><span>Resources<\/span>/);
    const full = await peer.fetch('/resources?q=filler');
    const body = await full.text();
    assert.equal((body.match(/<li class="padding-y-1/g) || []).length, 20);
    assert.ok(Buffer.byteLength(body) <= 30 * 1024, `${Buffer.byteLength(body)} bytes`);
    assert.match(body, /href="\/resources\?q=filler&amp;cursor=20">More results<\/a>/);
    const near = await (await peer.fetch('/resources?lat=41.88&lon=-87.63')).text();
    assert.match(near, /nearest first/);
    assert.match(near, /4\.9 mi \(7\.9 km\)|5\.0 mi \(8\.0 km\)|4\.9 mi \(8\.0 km\)/);
    const none = await (await peer.fetch('/resources?q=zzzz')).text();
    assert.match(none, /id="results-none"/);
  });

  test('every staff role searches; nobody signed out does', async () => {
    for (const [role, who] of Object.entries(roles)) {
      assert.equal((await who.fetch('/resources')).status, 200, role);
      assert.equal((await search(who, 'q=cafe')).status, 200, role);
    }
    const out = await fetch(`${s.url}/api/v1/resources?q=cafe`);
    assert.equal(out.status, 401);
    const page = await fetch(`${s.url}/resources`, { redirect: 'manual' });
    assert.ok([302, 303, 401].includes(page.status), String(page.status));
  });

  test('the index follows the HSDS tables: a reindex picks up rows, a deleted service goes', async () => {
    sqlDirect(s, row('hsds_services', { id: uuid(7), name: 'Tool Library', status: 'active' }));
    assert.deepEqual(await found(peer, 'q=tool'), []);
    assert.equal(runWaypoint(['resources', 'reindex', '--db', s.db]).status, 0);
    assert.deepEqual(await found(peer, 'q=tool'), ['Tool Library']);
    sqlDirect(s, `${BACKEND === 'sqlite' ? 'PRAGMA foreign_keys = ON; ' : ''}DELETE FROM hsds_services WHERE id = '${uuid(7)}'`);
    assert.deepEqual(await found(peer, 'q=tool'), [], 'its entry goes with it');
    const r = runWaypoint(['resources', 'reindex', '--db', '/nonexistent/dir/x.db']);
    assert.notEqual(r.status, 0);
  });

  // The rebuild reads the whole directory in a few statements per batch of
  // services; an edit indexes its service alone, a statement per part: the
  // two must write the same index.
  test('a rebuild writes the same index as indexing each service on its own', async () => {
    const key = "e.service_id || '/' || COALESCE(e.location_id, '')";
    const words = BACKEND === 'sqlite'
      ? `SELECT 'W', ${key}, f.name, f.words FROM resource_fts f JOIN resource_entries e ON e.id = f.rowid;
         SELECT 'N', COUNT(*) FROM resource_fts;`
      : `SELECT 'W', ${key}, e.words::text FROM resource_entries e;`;
    const dump = () => {
      const r = sqlDirect(s, `SELECT 'E', ${key}, name, name_key, organization, address, latitude, longitude, cx, cy, cz,
          phone, languages, cost, free, accessible, recovery_friendly, peer_run, alert FROM resource_entries e;
        SELECT 'L', ${key}, l.lang FROM resource_langs l JOIN resource_entries e ON e.id = l.entry_id;
        SELECT 'T', ${key}, t.term_id FROM resource_terms t JOIN resource_entries e ON e.id = t.entry_id;
        SELECT 'H', ${key}, h.day, h.opens, h.closes, h.valid_from, h.valid_to FROM resource_hours h
          JOIN resource_entries e ON e.id = h.entry_id;
        ${words}`);
      assert.equal(r.status, 0, r.err);
      return r.out.trim().split('\n').sort();
    };
    assert.equal(runWaypoint(['resources', 'reindex', '--db', s.db]).status, 0);
    const rebuilt = dump();
    assert.ok(rebuilt.filter((l) => l.startsWith('H|')).length >= 10, 'hours of every kind');
    assert.ok(rebuilt.some((l) => l.startsWith(`T|${S.shelter}/${L.shelter}|${uuid(903)}`)), 'a parent term');
    // an organization's edit indexes each of its services on its own
    const orgs = [[uuid(301), 'Café Esperanza', false], [uuid(302), 'Fundación Niños', false], [uuid(303), 'Lakeside Recovery', true]];
    for (const [id, name, flags] of orgs) {
      const r = await manager.json('PUT', `/api/v1/resources/organizations/${id}`,
        { name, recovery_friendly: flags, peer_run: flags });
      assert.equal(r.status, 200, await r.text());
    }
    assert.deepEqual(dump(), rebuilt);
  });
});
