// Referrals on a person's record (issue 23, points 4–6): the lifecycle
// suggested → discussed → referred → connected → independent, or an ending
// with a reason; moving backwards, changing an ended one and ending without
// a reason refused naming the field; a follow-up date on every open one and
// overdue by date or by the program's days without activity (overview, the
// team's list, Today); a referral that sends information is a disclosure
// (a release naming the organization, or refused naming the missing one; a
// row of the accounting when sent); contact notes name referrals and the
// referral lists them; ServiceRequest + Task and the directory entries in
// the person's FHIR Bundle, schema-valid; the outcome report's figures.
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(new URL('../../../shared/reference/fhir-r4/fhir.schema.json', import.meta.url)));
delete schema.id;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
ajv.addSchema(schema, 'fhir');
const validBundle = ajv.compile({ $ref: 'fhir#/definitions/Bundle' });

const day = (offset) => new Date(Date.now() + offset * 86400e3).toISOString().slice(0, 10);
const ORG = '11111111-1111-4111-8111-111111111111';
const SVC = '22222222-2222-4222-8222-222222222222';
const LOC = '33333333-3333-4333-8333-333333333333';

describe(`referrals (${BACKEND})`, () => {
  let s, admin, pm, peer, outsider, sup;
  let prog, p2, team, team2, otherTeam;
  let person, partPerson, foreign;
  const count = (table, where = '1 = 1') => Number(sqlDirect(s, `SELECT COUNT(*) FROM ${table} WHERE ${where}`).out.trim());
  const make = (who, id, body) => who.json('POST', `/api/v1/persons/${id}/referrals`, body);
  const step = (who, id, rid, body) => who.json('POST', `/api/v1/persons/${id}/referrals/${rid}/events`, body);
  const refused = async (r, status, field) => {
    const text = await r.text();
    assert.equal(r.status, status, text);
    assert.equal(JSON.parse(text).error.field, field, text);
    return JSON.parse(text).error.message;
  };
  const made = async (r) => {
    assert.equal(r.status, 201, await r.clone().text());
    return (await r.json()).id;
  };

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    pm = await staff(s, 'program_manager');
    const program = async (name, part2) => (await (await admin.json('POST', '/api/v1/programs', { name, kind: 'community',
      time_zone: 'UTC', unit_rounding: 'eight_minute', part2 })).json()).id;
    prog = await program('Bay', false);
    p2 = await program('Harbor (Part 2)', true);
    const mkTeam = async (name, program_id) => (await (await admin.json('POST', '/api/v1/teams', { name, program_id })).json()).id;
    team = await mkTeam('Bay team', prog);
    team2 = await mkTeam('Harbor team', p2);
    otherTeam = await mkTeam('Elsewhere', prog);
    peer = await staff(s);
    sup = await staff(s, 'supervisor');
    outsider = await staff(s);
    for (const [who, t] of [[peer, team], [peer, team2], [sup, team], [sup, team2], [outsider, otherTeam]])
      assert.ok((await admin.json('POST', `/api/v1/teams/${t}/members`, { email: who.user.email })).status < 300);
    const add = async (who, name, team_id) => (await (await who.json('POST', '/api/v1/persons', { legal_name: name,
      date_of_birth: '1980-02-02', record_number: `R-${name}`, recovery_stage: 'stabilization', team_id })).json()).id;
    person = await add(peer, 'Ana', team);
    partPerson = await add(peer, 'Ben', team2);
    foreign = await add(outsider, 'Cy', otherTeam);
    const sql = [
      `INSERT INTO hsds_organizations (id, name, email, website) VALUES ('${ORG}', 'Harbor Food Bank', 'hi@food.example', 'https://food.example')`,
      `INSERT INTO hsds_services (id, organization_id, name, description, status) VALUES ('${SVC}', '${ORG}', 'Weekly Food Pantry', 'Groceries every week', 'active')`,
      `INSERT INTO hsds_locations (id, organization_id, name, latitude, longitude) VALUES ('${LOC}', '${ORG}', 'Pantry hall', 41.5, -70.25)`,
      `INSERT INTO hsds_service_at_location (id, service_id, location_id) VALUES ('44444444-4444-4444-8444-444444444444', '${SVC}', '${LOC}')`,
      `INSERT INTO hsds_addresses (id, location_id, address_1, city, state_province, postal_code, country) VALUES ('55555555-5555-4555-8555-555555555555', '${LOC}', '1 Dock St', 'Harbor', 'MA', '02601', 'US')`,
      `INSERT INTO hsds_phones (id, service_id, number) VALUES ('66666666-6666-4666-8666-666666666666', '${SVC}', '555-0100')`,
    ];
    for (const q of sql) assert.equal(sqlDirect(s, q).status, 0, q);
  });
  after(async () => { await s.stop(); });

  test('the lifecycle: made to a directory service, moved forward, connected together, then independent; every change an event', async () => {
    const id = await made(await make(peer, person, { service_id: SVC, need: 'Food for the week', follow_up_on: day(7) }));
    let r = await (await peer.fetch(`/api/v1/persons/${person}/referrals/${id}`)).json();
    assert.equal(r.status, 'suggested');
    assert.equal(r.to_name, 'Weekly Food Pantry');
    assert.equal(r.organization_id, ORG);
    assert.equal(r.organization_name, 'Harbor Food Bank');
    assert.equal(r.location_id, LOC);
    assert.equal(r.overdue, false);
    for (const status of ['discussed', 'referred']) assert.equal((await step(peer, person, id, { status, barrier: status === 'referred' ? 'No bus fare' : '' })).status, 200);
    r = await (await step(peer, person, id, { status: 'connected', connected_on: day(0), went_together: true, helped: 'We went together', follow_up_on: day(14) })).json();
    assert.equal(r.status, 'connected');
    assert.equal(r.connected_on, day(0));
    assert.equal(r.went_together, true);
    assert.equal(r.follow_up_on, day(14));
    r = await (await step(peer, person, id, { status: 'independent', helped: 'Goes on her own now' })).json();
    assert.equal(r.status, 'independent');
    assert.deepEqual(r.events.map((e) => e.to_status), ['suggested', 'discussed', 'referred', 'connected', 'independent']);
    assert.equal(r.events[2].barrier, 'No bus fare');
    assert.equal(r.events[3].from_status, 'referred');
    assert.equal(count('referral_events', `referral_id = ${id}`), 5);
    // and by hand, when it is not in the directory
    const hand = await made(await make(peer, person, { to_name: 'Church supper', status: 'referred', follow_up_on: day(3) }));
    r = await (await peer.fetch(`/api/v1/persons/${person}/referrals/${hand}`)).json();
    assert.equal(r.service_id, '');
    assert.equal(r.to_name, 'Church supper');
    const list = await (await peer.fetch(`/api/v1/persons/${person}/referrals?limit=1`)).json();
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].id, hand);
    const next = await (await peer.fetch(`/api/v1/persons/${person}/referrals?limit=1&cursor=${list.next_cursor}`)).json();
    assert.equal(next.items[0].id, id);
  });

  test('refusals name the field: backwards, ending without a reason, connected without a date, an ended one, bad input', async () => {
    const id = await made(await make(peer, person, { to_name: 'Recovery cafe', status: 'referred', follow_up_on: day(5) }));
    assert.match(await refused(await step(peer, person, id, { status: 'discussed' }), 400, 'status'), /backwards/);
    assert.match(await refused(await step(peer, person, id, { status: 'closed' }), 400, 'reason'), /Reason is required/);
    await refused(await step(peer, person, id, { status: 'declined', reason: '' }), 400, 'reason');
    await refused(await step(peer, person, id, { status: 'not_connected' }), 400, 'reason');
    await refused(await step(peer, person, id, { status: 'connected' }), 400, 'connected_on');
    await refused(await step(peer, person, id, { status: 'connected', connected_on: day(3) }), 400, 'connected_on');
    await refused(await step(peer, person, id, { status: 'flying' }), 400, 'status');
    await refused(await step(peer, person, id, { status: 'referred', surprise: 1 }), 400, 'surprise');
    await refused(await step(peer, person, id, { status: 'referred', follow_up_on: 'soon' }), 400, 'follow_up_on');
    assert.equal(count('referral_events', `referral_id = ${id}`), 1, 'nothing recorded');
    assert.equal((await step(peer, person, id, { status: 'closed', reason: 'Moved away' })).status, 200);
    await refused(await step(peer, person, id, { status: 'referred' }), 409, 'status');
    // making one
    await refused(await make(peer, person, { follow_up_on: day(5) }), 400, 'to_name');
    await refused(await make(peer, person, { to_name: 'X' }), 400, 'follow_up_on');
    await refused(await make(peer, person, { to_name: 'X', follow_up_on: day(5), status: 'connected' }), 400, 'status');
    await refused(await make(peer, person, { service_id: '99999999-9999-4999-8999-999999999999', follow_up_on: day(5) }), 400, 'service_id');
    await refused(await make(peer, person, { service_id: "' OR 1=1 --", follow_up_on: day(5) }), 400, 'service_id');
    await refused(await make(peer, person, { to_name: 'x'.repeat(201), follow_up_on: day(5) }), 400, 'to_name');
    await refused(await make(peer, person, { to_name: 'A\nB', follow_up_on: day(5) }), 400, 'to_name');
    await refused(await make(peer, person, { to_name: 12, follow_up_on: day(5) }), 400, 'to_name');
    // the form shows itself again as typed, naming the field
    const page = await peer.form(`/persons/${person}/referrals`, { to_name: 'Typed name', status: 'suggested', follow_up_on: '' });
    assert.equal(page.status, 400);
    const html = await page.text();
    assert.match(html, /data-error-summary/);
    assert.match(html, /value="Typed name"/);
    const back = await peer.form(`/persons/${person}/referrals/${id}`, { status: 'suggested' });
    assert.equal(back.status, 409);
  });

  test("another team's person's referrals are not found; the wrong role is refused", async () => {
    const theirs = await made(await make(outsider, foreign, { to_name: 'Gym', follow_up_on: day(2) }));
    for (const path of [`/api/v1/persons/${foreign}/referrals`, `/api/v1/persons/${foreign}/referrals/${theirs}`,
      `/persons/${foreign}/referrals`, `/persons/${foreign}/referrals/${theirs}`]) {
      const r = await peer.fetch(path);
      assert.ok([403, 404].includes(r.status), `${path}: ${r.status}`);
    }
    assert.ok([403, 404].includes((await make(peer, foreign, { to_name: 'X', follow_up_on: day(2) })).status));
    assert.ok([403, 404].includes((await step(peer, foreign, theirs, { status: 'discussed' })).status));
    // a referral id of another person, under this person: 404
    assert.equal((await peer.fetch(`/api/v1/persons/${person}/referrals/${theirs}`)).status, 404);
    assert.equal(count('referral_events', `referral_id = ${theirs}`), 1);
    const list = await (await peer.fetch('/api/v1/referrals')).json();
    assert.ok(!list.items.some((x) => x.id === theirs), "another team's referral is not on the team's list");
    // a token that reads persons may not make referrals
    const page = await (await admin.form('/api-tokens', { name: 'Reader', access: 'read', scope: 'program', program_id: prog })).text();
    const token = /id="new-token">([^<]+)</.exec(page)[1];
    const r = await fetch(`${s.url}/api/v1/persons/${person}/referrals`, { method: 'POST', body: JSON.stringify({ to_name: 'X', follow_up_on: day(1) }),
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
    assert.equal(r.status, 403);
    assert.equal((await fetch(`${s.url}/api/v1/referrals`)).status, 401);
  });

  test('a referral that sends information needs a release naming the organization; refused naming it, else recorded in the accounting', async () => {
    const before = count('referrals'), rows = count('disclosures');
    for (const who of [partPerson, person]) {
      const msg = await refused(await make(peer, who, { service_id: SVC, follow_up_on: day(7), sends_information: true }), 403, 'sends_information');
      assert.match(msg, /Harbor Food Bank/);
    }
    assert.equal(count('referrals'), before, 'nothing saved');
    assert.equal(count('disclosures'), rows, 'nothing disclosed');
    // a release to someone else, or revoked, does not cover it
    const release = (extra) => peer.json('POST', `/api/v1/persons/${partPerson}/consents`, { kind: 'release',
      discloser: 'Harbor Peer Recovery', information: 'Name and need', recipient: 'Harbor Food Bank', purpose: 'Referral',
      revocation: 'Any time, in writing', expires_on: '2099-01-01', signer_name: 'Ben', signed_on: '2026-01-05', ...extra });
    assert.equal((await release({ recipient: 'Another Pantry' })).status, 201);
    await refused(await make(peer, partPerson, { service_id: SVC, follow_up_on: day(7), sends_information: true }), 403, 'sends_information');
    const rel = await release({});
    assert.equal(rel.status, 201, await rel.clone().text());
    const consent = (await rel.json()).id;
    const id = await made(await make(peer, partPerson, { service_id: SVC, need: 'Food', follow_up_on: day(7), sends_information: true }));
    const r = await (await peer.fetch(`/api/v1/persons/${partPerson}/referrals/${id}`)).json();
    assert.equal(r.sends_information, true);
    assert.ok(r.disclosure_id > 0);
    const row = sqlDirect(s, `SELECT recipient, channel, ref, consent_id, purpose FROM disclosures WHERE id = ${r.disclosure_id}`).out.trim();
    assert.equal(row, `Harbor Food Bank|referral|${id}|${consent}|other`);
    const acct = await sup.fetch(`/api/v1/persons/${partPerson}/disclosures`);
    assert.equal(acct.status, 200);
    assert.match(await acct.text(), /"channel":"referral"/);
    // sent later, with the step that refers
    const later = await made(await make(peer, person, { to_name: 'Night shelter', follow_up_on: day(7) }));
    await refused(await step(peer, person, later, { status: 'referred', sends_information: true }), 403, 'sends_information');
    assert.equal(count('referral_events', `referral_id = ${later}`), 1, 'the refused step left nothing');
  });

  test('overdue: past the follow-up date, or quiet for the program\'s days; overview, team list (overdue first), Today', async () => {
    const late = await made(await make(peer, person, { to_name: 'Late one', status: 'referred', follow_up_on: day(-2) }));
    const quiet = await made(await make(peer, person, { to_name: 'Quiet one', status: 'referred', follow_up_on: day(30) }));
    const fine = await made(await make(peer, person, { to_name: 'Fine one', status: 'referred', follow_up_on: day(30) }));
    sqlDirect(s, `UPDATE referrals SET last_activity_at = '${day(-20)}T10:00:00Z' WHERE id = ${quiet}`);
    const get = async (id) => (await (await peer.fetch(`/api/v1/persons/${person}/referrals/${id}`)).json()).overdue;
    assert.equal(await get(late), true);
    assert.equal(await get(quiet), true, '20 days without activity, over the default 14');
    assert.equal(await get(fine), false);
    // the program says 30 days: the quiet one is no longer overdue
    const put = await pm.json('PUT', `/api/v1/programs/${prog}`, { name: 'Bay', kind: 'community', time_zone: 'UTC',
      unit_rounding: 'eight_minute', referral_overdue_days: 30 });
    assert.equal(put.status, 200, await put.clone().text());
    assert.equal((await put.json()).referral_overdue_days, 30);
    assert.equal(await get(quiet), false);
    for (const bad of [0, 366, 'ten']) {
      const r = await pm.json('PUT', `/api/v1/programs/${prog}`, { name: 'Bay', kind: 'community', time_zone: 'UTC',
        unit_rounding: 'eight_minute', referral_overdue_days: bad });
      assert.equal(r.status, 400);
      assert.equal((await r.json()).error.field, 'referral_overdue_days');
    }
    const form = await pm.form(`/programs/${prog}`, { name: 'Bay', kind: 'community', time_zone: 'UTC', unit_rounding: 'eight_minute',
      referral_overdue_days: '10' });
    assert.equal(form.status, 303);
    assert.equal(await get(quiet), true);
    assert.equal((await pm.form(`/programs/${prog}`, { name: 'Bay', kind: 'community', time_zone: 'UTC', unit_rounding: 'eight_minute',
      referral_overdue_days: 'x' })).status, 400);
    // the overview, the team's list overdue first, Today
    const overview = await (await peer.fetch(`/persons/${person}`)).text();
    assert.match(overview, /Late one<\/a><br>Referred · follow up by [0-9-]+ <span class="usa-tag[^"]*">Overdue/);
    const team = await (await peer.fetch('/referrals')).text();
    const order = ['Late one', 'Quiet one', 'Fine one'].map((n) => team.indexOf(`to ${n}`));
    assert.ok(order[0] > 0 && order[1] > 0 && order[2] > order[0] && order[2] > order[1], String(order));
    const today = await (await peer.fetch('/api/v1/today')).json();
    const sec = today.sections.find((x) => x.name === 'referrals_overdue');
    const ids = sec.items.map((x) => x.id);
    assert.ok(ids.includes(late) && ids.includes(quiet) && !ids.includes(fine), JSON.stringify(sec));
    assert.equal(sec.items.find((x) => x.id === late).url, `/persons/${person}/referrals/${late}`);
    const outsiders = (await (await outsider.fetch('/api/v1/today')).json()).sections.find((x) => x.name === 'referrals_overdue');
    assert.ok(!outsiders.items.some((x) => x.id === late));
  });

  test('a contact note names the referrals it worked on; the referral lists it', async () => {
    const id = await made(await make(peer, person, { to_name: 'Housing desk', status: 'referred', follow_up_on: day(4) }));
    sqlDirect(s, `UPDATE referrals SET last_activity_at = '2000-01-01T00:00:00Z' WHERE id = ${id}`);
    const note = { kind: 'phone', contact_on: day(0), starts_at: '09:00', ends_at: '09:20', location: 'phone',
      did_together: 'Called the housing desk together.', referrals: [id], sign: true };
    const r = await peer.json('POST', `/api/v1/persons/${person}/contacts`, note);
    assert.equal(r.status, 201, await r.clone().text());
    const cid = (await r.json()).id;
    assert.deepEqual((await (await peer.fetch(`/api/v1/persons/${person}/contacts/${cid}`)).json()).referrals, [id]);
    const ref = await (await peer.fetch(`/api/v1/persons/${person}/referrals/${id}`)).json();
    assert.deepEqual(ref.contact_notes.map((c) => c.id), [cid]);
    assert.equal(ref.contacts, 1);
    assert.equal(ref.overdue, false, 'the note is activity');
    const page = await (await peer.fetch(`/persons/${person}/referrals/${id}`)).text();
    assert.match(page, new RegExp(`href="/persons/${person}/contacts/${cid}"`));
    // another person's referral, or not a list: refused naming the field, nothing saved
    const theirs = Number(sqlDirect(s, `SELECT MIN(id) FROM referrals WHERE person_id = ${foreign}`).out.trim());
    const contacts = count('contacts');
    for (const referrals of [[theirs], 'x', [0], [id, 'a']]) {
      const bad = await peer.json('POST', `/api/v1/persons/${person}/contacts`, { ...note, sign: false, referrals });
      assert.equal(bad.status, 400, JSON.stringify(referrals));
      assert.equal((await bad.json()).error.field, 'referrals');
    }
    assert.equal(count('contacts'), contacts);
    // the form: a checkbox per open referral
    const form = await (await peer.fetch(`/persons/${person}/contacts/new`)).text();
    assert.match(form, new RegExp(`name="referral" id="referral-${id}" value="${id}"`));
  });

  test("FHIR: ServiceRequest and Task per referral, the directory entries it points at, a valid Bundle", async () => {
    const r = await peer.fetch(`/api/v1/fhir/Patient/${person}/$everything`);
    assert.equal(r.status, 200);
    const bundle = await r.json();
    assert.ok(validBundle(bundle), JSON.stringify(validBundle.errors?.slice(0, 3)));
    const of = (type) => bundle.entry.map((e) => e.resource).filter((x) => x.resourceType === type);
    const requests = of('ServiceRequest'), tasks = of('Task').filter((t) => t.id.startsWith('referral-'));
    const n = count('referrals', `person_id = ${person}`);
    assert.equal(requests.length, n);
    assert.equal(tasks.length, n);
    const done = requests.find((x) => x.code.text === 'Referral to Weekly Food Pantry');
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.performer, [{ reference: `HealthcareService/${SVC}` }]);
    assert.equal(tasks.find((t) => t.focus.reference === `ServiceRequest/${done.id}`).status, 'completed');
    assert.equal(requests.find((x) => x.code.text === 'Referral to Recovery cafe').status, 'revoked');
    assert.equal(of('Organization').filter((o) => o.id === ORG).length, 1);
    const loc = of('Location').find((l) => l.id === LOC);
    assert.deepEqual(loc.position, { longitude: -70.25, latitude: 41.5 });
    assert.equal(loc.address.city, 'Harbor');
    assert.equal(of('HealthcareService').find((h) => h.id === SVC).providedBy.reference, `Organization/${ORG}`);
  });

  test('the outcome report counts referrals made in the period, by where they stand, and the median days to connect', async () => {
    const q = `from=${day(-1)}&to=${day(1)}&program=${prog}`;
    const r = await pm.fetch(`/api/v1/reports/outcomes?${q}`);
    assert.equal(r.status, 200, await r.clone().text());
    const ref = (await r.json()).referrals;
    const n = count('referrals r JOIN persons p ON p.id = r.person_id JOIN teams t ON t.id = p.team_id', `t.program_id = ${prog}`);
    assert.equal(ref.made.count, n);
    assert.equal(ref.independent.count, 1);
    assert.equal(ref.connected.count, 1);
    assert.equal(ref.closed.count, 1);
    assert.equal(ref.median_days_to_connect, 0);
    const csv = await (await pm.fetch(`/reports/outcomes.csv?${q}`)).text();
    assert.ok(csv.includes(`"referrals","made","",${n},`), csv);
    assert.ok(csv.includes('"referrals","median_days_to_connect","","0.0",'), csv);
    const page = await (await pm.fetch(`/reports/outcomes?${q}`)).text();
    assert.match(page, /id="referral-table"/);
    assert.equal((await peer.fetch(`/api/v1/reports/outcomes?${q}`)).status, 403);
  });
});
