// The directory kept by hand (issue 23, point 1): organizations with partner
// contacts and a liaison log, services with a location, address, phones,
// hours per weekday (HSDS schedules), languages, cost, eligibility, documents,
// areas, categories and Waypoint's flags; a service's own page (map link from
// the coordinates, tel: link, each day's hours) and the HSDS 3.0 service
// object in the API, valid against the schema.  Program managers and admins
// keep it; every staff role reads it; bad input names its field and saves
// nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

const SCHEMA = '../shared/reference/hsds-3.0/schema/compiled/service.json';

describe(`directory kept by hand (${BACKEND})`, () => {
  let s, admin, manager, peer, trainee, supervisor, validate;
  let org;
  const count = (table) => Number(sqlDirect(s, `SELECT COUNT(*) FROM ${table}`).out.trim());
  const refused = async (r, field) => {
    const text = await r.text();
    assert.equal(r.status, 400, text);
    assert.equal(JSON.parse(text).error.field, field, text);
  };
  const service = (extra = {}) => ({
    organization_id: org, name: 'Harbor Food Pantry', description: 'Groceries once a week.',
    status: 'active', recovery_friendly: true, peer_run: false,
    phone: '(203) 555-0142', phone_description: 'Front desk', url: 'https://pantry.example.org',
    location_name: 'Main hall', address_1: '12 Wharf Street', city: 'Harbor City', state_province: 'CT',
    postal_code: '06510', latitude: 41.3083, longitude: -72.9279, accessibility: 'Step-free entrance',
    monday_opens: '09:00', monday_closes: '17:00', wednesday_opens: '09:00', wednesday_closes: '17:00',
    saturday_opens: '10:00', saturday_closes: '13:00', hours_note: 'Closed on public holidays',
    free: true, languages: ['English', 'Spanish'], eligibility_description: 'Residents of the county',
    minimum_age: 18, required_documents: ['Photo ID', 'Proof of address'], service_areas: ['Harbor County'],
    new_category: 'Food', ...extra,
  });

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    peer = await staff(s, 'peer_specialist');
    trainee = await staff(s, 'peer_trainee');
    supervisor = await staff(s, 'supervisor');
    const ajv = new Ajv({ strict: false, allErrors: true });
    validate = ajv.compile(JSON.parse(readFileSync(new URL(SCHEMA, `file://${process.cwd()}/`))));
    const r = await manager.json('POST', '/api/v1/resources/organizations', {
      name: 'Harbor Community Services', description: 'A fictional charity.', phone: '203-555-0100',
      recovery_friendly: true, peer_run: true,
    });
    assert.equal(r.status, 201, await r.clone().text());
    org = (await r.json()).id;
  });
  after(async () => { await s?.stop(); });

  test('a manager adds a service through the API; it reads back as a valid HSDS 3.0 service', async () => {
    const r = await manager.json('POST', '/api/v1/resources', service());
    assert.equal(r.status, 201, await r.clone().text());
    const svc = await r.json();
    assert.match(svc.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const got = await (await peer.fetch(`/api/v1/resources/${svc.id}`)).json();
    assert.ok(validate(got), JSON.stringify(validate.errors));
    assert.equal(got.name, 'Harbor Food Pantry');
    assert.equal(got.organization.name, 'Harbor Community Services');
    assert.equal(got.recovery_friendly, true);
    assert.equal(got.minimum_age, 18);
    assert.deepEqual(got.phones.map((p) => p.number), ['(203) 555-0142']);
    assert.deepEqual(got.languages.map((l) => [l.name, l.code]), [['English', 'en'], ['Spanish', 'es']]);
    assert.deepEqual(got.cost_options.map((c) => c.amount), [0]);
    assert.deepEqual(got.required_documents.map((d) => d.document), ['Photo ID', 'Proof of address']);
    assert.deepEqual(got.service_areas.map((d) => d.name), ['Harbor County']);
    const hours = got.schedules.map((x) => [x.byday, x.opens_at, x.closes_at, x.freq]).sort();
    assert.deepEqual(hours, [['MO,WE', '09:00', '17:00', 'WEEKLY'], ['SA', '10:00', '13:00', 'WEEKLY']]);
    const loc = got.service_at_locations[0].location;
    assert.equal(loc.latitude, 41.3083);
    assert.equal(loc.addresses[0].city, 'Harbor City');
    assert.equal(loc.addresses[0].country, 'US');
    assert.equal(loc.accessibility[0].description, 'Step-free entrance');
    assert.equal(got.attributes[0].taxonomy_term.name, 'Food');
  });

  test("the service's own page has a map link, a tel: link, each day's hours and the partner contact", async () => {
    const svc = await (await manager.json('POST', '/api/v1/resources', service({ name: 'Page check' }))).json();
    assert.equal((await manager.json('POST', `/api/v1/resources/organizations/${org}/partners`,
      { name: 'Dana Liaison', title: 'Intake lead', phone: '203-555-0199' })).status, 201);
    for (const who of [peer, trainee, supervisor, admin]) {
      const r = await who.fetch(`/resources/${svc.id}`);
      assert.equal(r.status, 200);
    }
    const page = await (await peer.fetch(`/resources/${svc.id}`)).text();
    assert.match(page, /href="https:\/\/www\.openstreetmap\.org\/\?mlat=41\.3083&amp;mlon=-72\.9279/);
    assert.match(page, /href="geo:41\.3083,-72\.9279"/);
    assert.match(page, /href="tel:2035550142">\(203\) 555-0142</);
    assert.match(page, /<th scope="row">Monday<\/th><td>09:00–17:00/);
    assert.match(page, /<th scope="row">Tuesday<\/th><td>Closed/);
    assert.match(page, /Free of charge/);
    assert.match(page, /English, Spanish/);
    assert.match(page, /Photo ID/);
    assert.match(page, /Dana Liaison/);
    assert.match(page, /href="tel:2035550199"/);
    assert.doesNotMatch(page, /Edit the service/, 'a peer does not keep the directory');
    assert.match(await (await manager.fetch(`/resources/${svc.id}`)).text(), /Edit the service/);
  });

  test('the form adds and edits a service; an edit leaves alone the parts it did not change', async () => {
    const form = { organization_id: org, name: 'Recovery Café', status: 'active', peer_run: '1',
      tuesday_opens: '18:00', tuesday_closes: '20:00', languages: 'English', phone: '203-555-0111',
      address_1: '3 Mill Road', city: 'Harbor City', state_province: 'CT', postal_code: '06511',
      latitude: '41.31', longitude: '-72.93', cost_amount: '5', fees_description: 'Pay what you can' };
    const r = await manager.form('/resources', form);
    assert.equal(r.status, 303, await r.clone().text());
    const id = r.headers.get('location').split('/').pop();
    const before = sqlDirect(s, `SELECT id FROM hsds_schedules WHERE service_id = '${id}'`).out.trim();
    const edit = await manager.fetch(`/resources/${id}/edit`);
    assert.match(await edit.text(), /value="Recovery Café"/);
    const r2 = await manager.form(`/resources/${id}`, { ...form, name: 'Recovery Café (Mill Road)' });
    assert.equal(r2.status, 303);
    assert.equal(sqlDirect(s, `SELECT id FROM hsds_schedules WHERE service_id = '${id}'`).out.trim(), before,
      'the hours were not changed, so their rows stay');
    const got = await (await peer.fetch(`/api/v1/resources/${id}`)).json();
    assert.equal(got.name, 'Recovery Café (Mill Road)');
    assert.equal(got.peer_run, true);
    assert.deepEqual(got.cost_options.map((c) => [c.amount, c.amount_description]), [[5, 'Pay what you can']]);
    // a row the form does not show (imported), left alone by an edit
    sqlDirect(s, `UPDATE hsds_schedules SET valid_from = '2026-01-01' WHERE service_id = '${id}'`);
    await manager.form(`/resources/${id}`, { ...form, description: 'Coffee and company' });
    assert.equal(sqlDirect(s, `SELECT valid_from FROM hsds_schedules WHERE service_id = '${id}'`).out.trim(), '2026-01-01');
  });

  test('a refused form comes back as typed with every fault listed', async () => {
    const before = count('hsds_services');
    const r = await manager.form('/resources', { organization_id: org, name: '', status: 'active',
      monday_opens: '09:00', latitude: '123', city: 'Harbor <City>' });
    assert.equal(r.status, 400);
    const page = await r.text();
    assert.match(page, /usa-alert--error/);
    assert.match(page, /href="#name"/);
    assert.match(page, /href="#monday_closes"/);
    assert.match(page, /href="#latitude"/);
    assert.match(page, /href="#address_1"/);
    assert.match(page, /value="Harbor &lt;City&gt;"/);
    assert.equal(count('hsds_services'), before);
  });

  test('each bad input through the API is refused naming its field, and nothing is saved', async () => {
    const before = count('hsds_services');
    const cases = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ organization_id: '00000000-0000-4000-8000-000000000000' }, 'organization_id'],
      [{ status: 'open' }, 'status'],
      [{ latitude: 91 }, 'latitude'],
      [{ longitude: undefined }, 'longitude'],
      [{ minimum_age: 'ten' }, 'minimum_age'],
      [{ minimum_age: 30, maximum_age: 20 }, 'maximum_age'],
      [{ monday_opens: '25:00' }, 'monday_opens'],
      [{ monday_opens: '17:00', monday_closes: '09:00' }, 'monday_closes'],
      [{ tuesday_opens: '09:00' }, 'tuesday_closes'],
      [{ free: true, cost_amount: 10 }, 'cost_amount'],
      [{ email: 'not-an-email' }, 'email'],
      [{ languages: ['English', 3] }, 'languages'],
      [{ taxonomy_terms: ['00000000-0000-4000-8000-000000000000'] }, 'taxonomy_terms'],
      [{ taxonomy_terms: 'Food' }, 'taxonomy_terms'],
      [{ country: 'usa' }, 'country'],
      [{ address_1: '', city: 'Harbor City' }, 'address_1'],
      [{ colour: 'blue' }, 'colour'],
      [{ description: 'bad\u0007bell' }, 'description'],
    ];
    for (const [extra, field] of cases)
      await refused(await manager.json('POST', '/api/v1/resources', service(extra)), field);
    assert.equal(count('hsds_services'), before);
  });

  test('peers, trainees and supervisors read but cannot keep the directory; nobody signed in reads nothing', async () => {
    const svc = await (await manager.json('POST', '/api/v1/resources', service({ name: 'Role check' }))).json();
    for (const who of [peer, trainee, supervisor]) {
      assert.equal((await who.json('POST', '/api/v1/resources', service())).status, 403);
      assert.equal((await who.json('PUT', `/api/v1/resources/${svc.id}`, service())).status, 403);
      assert.equal((await who.json('DELETE', `/api/v1/resources/${svc.id}`)).status, 403);
      assert.equal((await who.json('POST', '/api/v1/resources/organizations', { name: 'X' })).status, 403);
      assert.equal((await who.json('POST', `/api/v1/resources/organizations/${org}/liaison`,
        { happened_on: '2026-01-05', kind: 'call', summary: 'x' })).status, 403);
      assert.equal((await who.form(`/resources/${svc.id}/delete`, {})).status, 403);
      assert.equal((await who.fetch('/resources/new')).status, 403);
      assert.equal((await who.fetch(`/api/v1/resources/${svc.id}`)).status, 200);
      assert.equal((await who.fetch(`/resources/organizations/${org}`)).status, 200);
    }
    assert.equal((await fetch(`${s.url}/api/v1/resources/${svc.id}`)).status, 401);
    assert.equal(count(`hsds_services WHERE id = '${svc.id}'`), 1);
  });

  test('unknown and malformed ids are 404', async () => {
    assert.equal((await peer.fetch('/api/v1/resources/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await peer.fetch('/resources/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await peer.fetch('/api/v1/resources/not-a-uuid')).status, 404);
    assert.equal((await peer.fetch('/resources/organizations/123')).status, 404);
    assert.equal((await manager.json('PUT', '/api/v1/resources/00000000-0000-4000-8000-000000000000', service())).status, 404);
    assert.equal((await manager.json('DELETE', `/api/v1/resources/organizations/${org}/partners/999999`)).status, 404);
  });

  test('PUT replaces the service as the form has it; DELETE removes it with its parts', async () => {
    const svc = await (await manager.json('POST', '/api/v1/resources', service({ name: 'To change' }))).json();
    const r = await manager.json('PUT', `/api/v1/resources/${svc.id}`, service({ name: 'Changed', free: false,
      cost_amount: 12.5, languages: ['Spanish'], status: 'temporarily closed' }));
    assert.equal(r.status, 200, await r.clone().text());
    const got = await r.json();
    assert.equal(got.name, 'Changed');
    assert.equal(got.status, 'temporarily closed');
    assert.deepEqual(got.cost_options.map((c) => c.amount), [12.5]);
    assert.deepEqual(got.languages.map((l) => l.name), ['Spanish']);
    const loc = got.service_at_locations[0].location.id;
    assert.equal((await manager.json('DELETE', `/api/v1/resources/${svc.id}`)).status, 204);
    assert.equal((await peer.fetch(`/api/v1/resources/${svc.id}`)).status, 404);
    assert.equal(count(`hsds_locations WHERE id = '${loc}'`), 0);
    assert.equal(count(`hsds_attributes WHERE link_id = '${svc.id}'`), 0);
    assert.equal(count(`hsds_phones WHERE service_id = '${svc.id}'`), 0);
  });

  test('organizations: list with a cursor, edit, partner contacts and the liaison log, bad input refused', async () => {
    for (const name of ['Bay Shelter', 'Cove Clinic', 'Dock Jobs'])
      assert.equal((await admin.json('POST', '/api/v1/resources/organizations', { name })).status, 201);
    const first = await (await peer.fetch('/api/v1/resources/organizations?limit=2')).json();
    assert.equal(first.items.length, 2);
    assert.ok(first.next_cursor);
    const rest = await (await peer.fetch(`/api/v1/resources/organizations?limit=200&cursor=${first.next_cursor}`)).json();
    const names = [...first.items, ...rest.items].map((o) => o.name);
    assert.deepEqual(names, [...names].sort());
    assert.equal(new Set(names).size, names.length);
    await refused(await peer.fetch('/api/v1/resources/organizations?cursor=nope'), 'cursor');
    await refused(await peer.fetch('/api/v1/resources/organizations?limit=0'), 'limit');
    await refused(await admin.json('POST', '/api/v1/resources/organizations', { name: '' }), 'name');
    await refused(await admin.json('POST', '/api/v1/resources/organizations', { name: 'X', email: 'no' }), 'email');
    const put = await admin.json('PUT', `/api/v1/resources/organizations/${org}`, { name: 'Harbor Community Services',
      description: 'Renamed nothing', phone: '203-555-0101', peer_run: true });
    assert.equal(put.status, 200, await put.clone().text());
    const one = await (await peer.fetch(`/api/v1/resources/organizations/${org}`)).json();
    assert.equal(one.phone, '203-555-0101');
    assert.ok(one.services.length >= 1);
    await refused(await manager.json('POST', `/api/v1/resources/organizations/${org}/partners`, { name: '' }), 'name');
    const l = await manager.json('POST', `/api/v1/resources/organizations/${org}/liaison`,
      { happened_on: '2026-01-05', kind: 'meeting', summary: 'Agreed warm hand-offs', follow_up: 'Visit in March' });
    assert.equal(l.status, 201, await l.clone().text());
    await refused(await manager.json('POST', `/api/v1/resources/organizations/${org}/liaison`,
      { happened_on: '2999-01-01', kind: 'call', summary: 'x' }), 'happened_on');
    await refused(await manager.json('POST', `/api/v1/resources/organizations/${org}/liaison`,
      { happened_on: '2026-01-05', kind: 'lunch', summary: 'x' }), 'kind');
    await refused(await manager.json('POST', `/api/v1/resources/organizations/${org}/liaison`,
      { happened_on: '2026-01-05', kind: 'call', summary: '' }), 'summary');
    const log = await (await peer.fetch(`/api/v1/resources/organizations/${org}/liaison`)).json();
    assert.deepEqual(log.items.map((x) => x.summary), ['Agreed warm hand-offs']);
    assert.equal(log.items[0].staff_name, manager.user.name);
    const page = await (await manager.fetch(`/resources/organizations/${org}`)).text();
    assert.match(page, /Agreed warm hand-offs/);
    assert.match(page, /Log a meeting or call/);
    const bad = await manager.form(`/resources/organizations/${org}/liaison`, { happened_on: '', kind: 'call', summary: 'typed' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /<details open>[\s\S]*typed/);
  });

  test('removing an organization removes its services; the changes are in the audit log', async () => {
    const o = await (await admin.json('POST', '/api/v1/resources/organizations', { name: 'Short-lived' })).json();
    const svc = await (await admin.json('POST', '/api/v1/resources', service({ organization_id: o.id, name: 'Gone soon' }))).json();
    const r = await admin.form(`/resources/organizations/${o.id}/delete`, {});
    assert.equal(r.status, 303);
    assert.equal(count(`hsds_services WHERE id = '${svc.id}'`), 0);
    assert.equal(count(`hsds_organizations WHERE id = '${o.id}'`), 0);
    assert.equal(count(`audit_log WHERE entity_type = 'resource_organization' AND action = 'delete' AND entity_id = '${o.id}'`), 1);
    assert.equal(count(`audit_log WHERE entity_type = 'resource_service' AND action = 'create' AND entity_id = '${svc.id}'`), 1);
  });

  test('DELETE through the API: refused to a peer, then 204 with its services, then 404', async () => {
    const o = await (await admin.json('POST', '/api/v1/resources/organizations', { name: 'API short-lived' })).json();
    const svc = await (await admin.json('POST', '/api/v1/resources', service({ organization_id: o.id, name: 'Gone by API' }))).json();
    assert.equal((await peer.json('DELETE', `/api/v1/resources/organizations/${o.id}`)).status, 403);
    assert.equal(count(`hsds_organizations WHERE id = '${o.id}'`), 1, 'a refusal removes nothing');
    assert.equal((await manager.json('DELETE', `/api/v1/resources/organizations/${o.id}`)).status, 204);
    assert.equal(count(`hsds_services WHERE id = '${svc.id}'`), 0);
    assert.equal(count(`audit_log WHERE entity_type = 'resource_organization' AND action = 'delete' AND entity_id = '${o.id}'`), 1);
    assert.equal((await manager.json('DELETE', `/api/v1/resources/organizations/${o.id}`)).status, 404);
  });
});
