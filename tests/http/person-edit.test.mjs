// Correcting a person's details (page and PATCH), the record's history, and
// transfers between teams (issue 20): every change kept with who, when and
// the value before; nothing half-written on bad input; access follows the
// team; the receiving supervisor is told.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

let serial = 0;
const person = (over = {}) => ({
  legal_name: `Ana Lucía Rivera ${++serial}`, preferred_name: 'Lu', pronouns: 'she/her',
  date_of_birth: '1990-04-17', record_number: `E-${process.pid}-${serial}`,
  phone: '555-0101', email: 'lu@example.org', preferred_language: 'Spanish', address: '1 Pier Road',
  recovery_stage: 'stabilization', voicemail_ok: true, texts_ok: false, ...over,
});
const tomorrow = () => new Date(Date.now() + 2 * 86400e3).toISOString().slice(0, 10);
const today = () => new Date().toISOString().slice(0, 10);

describe(`correcting and moving a person (${BACKEND})`, () => {
  let s, admin, north, south, both, supSouth, supNorth, supNowhere;
  let harbor, bay, northTeam, southTeam, eastTeam;
  const count = (sql) => Number(sqlDirect(s, sql).out.trim());
  const changesOf = (id) => count(`SELECT COUNT(*) FROM person_changes WHERE person_id = ${id}`);
  const transfersOf = (id) => count(`SELECT COUNT(*) FROM transfers WHERE person_id = ${id}`);
  const add = async (over = {}) => {
    const r = await north.json('POST', '/api/v1/persons', person({ team_id: northTeam, ...over }));
    assert.equal(r.status, 201, await r.clone().text());
    return r.json();
  };
  const join = async (team, who) => assert.equal((await admin.json('POST', `/api/v1/teams/${team}/members`,
    { email: who.user.email })).status, 204);

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    harbor = await (await admin.json('POST', '/api/v1/programs', { name: 'Harbor', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'any_part' })).json();
    bay = await (await admin.json('POST', '/api/v1/programs', { name: 'Bay <House>', kind: 'inpatient',
      time_zone: 'UTC', unit_rounding: 'any_part' })).json();
    northTeam = (await (await admin.json('POST', '/api/v1/teams', { name: 'North', program_id: harbor.id })).json()).id;
    southTeam = (await (await admin.json('POST', '/api/v1/teams', { name: 'South', program_id: harbor.id })).json()).id;
    eastTeam = (await (await admin.json('POST', '/api/v1/teams', { name: 'East', program_id: bay.id })).json()).id;
    north = await staff(s);
    south = await staff(s);
    both = await staff(s);
    supSouth = await staff(s, 'supervisor');
    supNorth = await staff(s, 'supervisor');
    supNowhere = await staff(s, 'supervisor');
    await join(northTeam, north);
    await join(southTeam, south);
    await join(northTeam, both);
    await join(southTeam, both);
    await join(southTeam, supSouth);
    await join(northTeam, supNorth);
  });
  after(async () => { await s.stop(); });

  test('PATCH corrects only the fields given, keeps each change, audits the fields (not values)', async () => {
    const p = await add();
    const r = await north.json('PATCH', `/api/v1/persons/${p.id}`,
      { legal_name: 'Ana Lucía Rivera-Ortiz', phone: '555-0199', texts_ok: true });
    assert.equal(r.status, 200, await r.clone().text());
    const got = await r.json();
    assert.equal(got.legal_name, 'Ana Lucía Rivera-Ortiz');
    assert.equal(got.phone, '555-0199');
    assert.equal(got.texts_ok, true);
    for (const k of ['preferred_name', 'pronouns', 'date_of_birth', 'record_number', 'email', 'address',
      'preferred_language', 'voicemail_ok', 'recovery_stage', 'team_id'])
      assert.deepEqual(got[k], { ...p, team_id: northTeam }[k], `${k} kept`);
    assert.notEqual(got.updated_at, undefined);
    const h = await (await north.fetch(`/api/v1/persons/${p.id}/history`)).json();
    assert.deepEqual(h.changes.map((c) => [c.field, c.old_value, c.new_value]).sort(), [
      ['legal_name', p.legal_name, 'Ana Lucía Rivera-Ortiz'], ['phone', '555-0101', '555-0199'],
      ['texts_ok', 'false', 'true']]);
    assert.ok(h.changes.every((c) => c.changed_by === north.user.id && c.changed_by_name === north.user.name
      && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(c.changed_at)));
    assert.equal(h.changes.find((c) => c.field === 'texts_ok').label, 'Texts are OK');
    assert.deepEqual(h.transfers, []);
    const audit = await (await admin.fetch(`/api/v1/audit?person=${p.id}`)).json();
    const e = audit.items.find((x) => x.detail.startsWith('corrected:'));
    assert.ok(e, 'a correction entry');
    assert.equal(e.action, 'update');
    assert.equal(e.entity_type, 'person');
    assert.equal(e.user_id, north.user.id);
    assert.equal(e.detail, 'corrected: legal_name, phone, texts_ok');
    assert.doesNotMatch(JSON.stringify(audit.items), /Ortiz|555-0199/, 'no values in the audit log');
  });

  test("the payer's member id (for billing): set on adding, corrected with its history, shown on the form", async () => {
    const p = await add();
    assert.equal(p.payer_member_id, '');
    let r = await north.json('PATCH', `/api/v1/persons/${p.id}`, { payer_member_id: 'MCD-777' });
    assert.equal(r.status, 200);
    assert.equal((await r.json()).payer_member_id, 'MCD-777');
    const h = await (await north.fetch(`/api/v1/persons/${p.id}/history`)).json();
    assert.deepEqual(h.changes.map((c) => [c.field, c.old_value, c.new_value]), [['payer_member_id', '', 'MCD-777']]);
    const form = await (await north.fetch(`/persons/${p.id}/details`)).text();
    assert.match(form, /name="payer_member_id"[^>]*value="MCD-777"|value="MCD-777"[^>]*name="payer_member_id"/);
    assert.equal((await add({ payer_member_id: 'MCD-778' })).payer_member_id, 'MCD-778');
    assert.match(await (await north.fetch('/persons/new')).text(), /name="payer_member_id"/);
  });

  test('corrections at once: each sees the one before it, so the history is one unbroken chain', async () => {
    const p = await add();
    const all = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      north.json('PATCH', `/api/v1/persons/${p.id}`, { phone: `555-1${String(i).padStart(3, '0')}` })));
    assert.deepEqual([...new Set(all.map((r) => r.status))], [200]);
    const chain = (await (await north.fetch(`/api/v1/persons/${p.id}/history`)).json()).changes.reverse();
    assert.equal(chain.length, 12);
    assert.equal(chain[0].old_value, '555-0101');
    for (let i = 1; i < chain.length; i++) assert.equal(chain[i].old_value, chain[i - 1].new_value, `link ${i}`);
    const now = await (await north.fetch(`/api/v1/persons/${p.id}`)).json();
    assert.equal(now.phone, chain.at(-1).new_value);
  });

  test('the search follows a corrected name; the old one no longer finds them', async () => {
    const p = await add({ legal_name: 'Quentin Zephyrine' });
    const find = async (q) => (await (await north.fetch(`/api/v1/persons?q=${encodeURIComponent(q)}`)).json())
      .items.map((x) => x.id);
    assert.deepEqual(await find('zephyrine'), [p.id]);
    assert.equal((await north.json('PATCH', `/api/v1/persons/${p.id}`, { legal_name: 'Quentin Marlowe',
      preferred_name: 'Quill' })).status, 200);
    assert.deepEqual(await find('zephyrine'), []);
    assert.deepEqual(await find('marlowe'), [p.id]);
    assert.deepEqual(await find('quill'), [p.id]);
  });

  test('a correction that changes nothing writes no history and no correction entry', async () => {
    const p = await add();
    const r = await north.json('PATCH', `/api/v1/persons/${p.id}`, { legal_name: p.legal_name, texts_ok: false,
      phone: ' 555-0101 ' });
    assert.equal(r.status, 200);
    assert.equal((await north.json('PATCH', `/api/v1/persons/${p.id}`, {})).status, 200);
    assert.equal(changesOf(p.id), 0);
    const audit = await (await admin.fetch(`/api/v1/audit?person=${p.id}`)).json();
    assert.ok(!audit.items.some((x) => x.detail.startsWith('corrected')));
    const page = await north.form(`/persons/${p.id}/details`, { ...Object.fromEntries(Object.entries(p)
      .filter(([k, v]) => typeof v === 'string')), voicemail_ok: '1' });
    assert.equal(page.status, 303);
    assert.equal(changesOf(p.id), 0, 'the form sent back unchanged changes nothing');
  });

  test('null or "" clears an optional field; a required one is refused', async () => {
    const p = await add();
    const r = await north.json('PATCH', `/api/v1/persons/${p.id}`, { pronouns: null, address: '' });
    assert.equal(r.status, 200);
    const got = await r.json();
    assert.equal(got.pronouns, '');
    assert.equal(got.address, '');
    for (const body of [{ legal_name: null }, { legal_name: '  ' }, { date_of_birth: '' }, { record_number: '' }]) {
      const bad = await north.json('PATCH', `/api/v1/persons/${p.id}`, body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.equal((await bad.json()).error.field, Object.keys(body)[0]);
    }
  });

  test('a duplicate record number is a 400 naming record_number, and nothing changes', async () => {
    const a = await add();
    const b = await add();
    const r = await north.json('PATCH', `/api/v1/persons/${b.id}`, { record_number: a.record_number,
      legal_name: 'Should Not Stick' });
    assert.equal(r.status, 400);
    const err = (await r.json()).error;
    assert.equal(err.field, 'record_number');
    assert.match(err.message, /record number/);
    const still = await (await north.fetch(`/api/v1/persons/${b.id}`)).json();
    assert.equal(still.legal_name, b.legal_name);
    assert.equal(still.record_number, b.record_number);
    assert.equal(changesOf(b.id), 0);
    const page = await north.form(`/persons/${b.id}/details`, { legal_name: 'Form Try', date_of_birth: '1990-04-17',
      record_number: a.record_number });
    assert.equal(page.status, 400);
    const html = await page.text();
    assert.match(html, /Another person already has this record number/);
    assert.match(html, /href="#record_number"/);
    assert.match(html, /value="Form Try"/, 'the form comes back as submitted');
    assert.equal(changesOf(b.id), 0);
  });

  test('bad input names its field and saves nothing', async () => {
    const p = await add();
    const cases = [
      [{ team_id: southTeam }, 'team_id'], [{ recovery_stage: 'stabilization' }, 'recovery_stage'],
      [{ nickname: 'x' }, 'nickname'], [{ legal_name: 5 }, 'legal_name'], [{ texts_ok: 'yes' }, 'texts_ok'],
      [{ legal_name: 'x'.repeat(201) }, 'legal_name'], [{ date_of_birth: tomorrow() }, 'date_of_birth'],
      [{ date_of_birth: '1990-02-30' }, 'date_of_birth'], [{ email: 'no-at-sign' }, 'email'],
      [{ phone: 'a\nb' }, 'phone'], [{ legal_name: 'Fine Name', pronouns: 'p'.repeat(41) }, 'pronouns'],
      [{ id: 5 }, 'id'], [{ payer_member_id: 'm'.repeat(41) }, 'payer_member_id'], [{ payer_member_id: 7 }, 'payer_member_id'],
    ];
    for (const [body, field] of cases) {
      const r = await north.json('PATCH', `/api/v1/persons/${p.id}`, body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body).slice(0, 80));
    }
    const bad = await north.fetch(`/api/v1/persons/${p.id}`, { method: 'PATCH', body: '{"legal_name":',
      headers: { 'Content-Type': 'application/json' } });
    assert.equal(bad.status, 400);
    const arr = await north.json('PATCH', `/api/v1/persons/${p.id}`, ['legal_name']);
    assert.equal(arr.status, 400);
    const still = await (await north.fetch(`/api/v1/persons/${p.id}`)).json();
    assert.equal(still.legal_name, p.legal_name);
    assert.equal(changesOf(p.id), 0);
    // the page: the error names the field by its label, and keeps what was typed
    const page = await north.form(`/persons/${p.id}/details`, { legal_name: 'Typed <Name>', date_of_birth: '1990-04-17',
      record_number: p.record_number, email: 'nope' });
    assert.equal(page.status, 400);
    const html = await page.text();
    assert.match(html, /E-mail/);
    assert.match(html, /href="#email"/);
    assert.match(html, /value="Typed &lt;Name&gt;"/);
    assert.match(html, /value="nope"/);
    assert.equal(changesOf(p.id), 0);
  });

  test('the page: prefilled, saved, shown on the overview and in the history (escaped)', async () => {
    const p = await add({ texts_ok: true, interpreter_needed: true });
    const form = await (await north.fetch(`/persons/${p.id}/details`)).text();
    assert.match(form, new RegExp(`name="legal_name" type="text" value="${p.legal_name}"`));
    assert.match(form, /name="record_number" type="text" value="E-/);
    assert.match(form, /id="texts_ok" name="texts_ok" checked>/);
    assert.match(form, /id="asl" name="asl">/);
    assert.match(form, /action="\/persons\/\d+\/details"/);
    const overview = await (await north.fetch(`/persons/${p.id}`)).text();
    assert.match(overview, new RegExp(`href="/persons/${p.id}/details">Correct details`));
    assert.match(overview, new RegExp(`href="/persons/${p.id}/history">Record history`));
    assert.match(overview, new RegExp(`href="/persons/${p.id}/transfer">Move to another team`));
    const r = await north.form(`/persons/${p.id}/details`, { legal_name: p.legal_name, preferred_name: '<b>Lulu</b>',
      pronouns: 'they/them', date_of_birth: '1990-04-18', record_number: p.record_number, phone: '555-0101',
      email: p.email, address: '2 Dock Street', voicemail_ok: '1', preferred_language: 'Portuguese', asl: '1' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/persons/${p.id}`);
    const got = await (await north.fetch(`/api/v1/persons/${p.id}`)).json();
    assert.equal(got.preferred_name, '<b>Lulu</b>');
    assert.equal(got.date_of_birth, '1990-04-18');
    assert.equal(got.texts_ok, false, 'an unticked box is a correction too');
    assert.equal(got.interpreter_needed, false);
    assert.equal(got.asl, true);
    assert.equal(got.recovery_stage, 'stabilization', 'the stage is not the form\'s');
    const fields = (await (await north.fetch(`/api/v1/persons/${p.id}/history`)).json()).changes.map((c) => c.field).sort();
    assert.deepEqual(fields, ['address', 'asl', 'date_of_birth', 'interpreter_needed', 'preferred_language',
      'preferred_name', 'pronouns', 'texts_ok']);
    const page = await (await north.fetch(`/persons/${p.id}`)).text();
    assert.match(page, /&lt;b&gt;Lulu&lt;\/b&gt;/);
    assert.doesNotMatch(page, /<b>Lulu/);
    const history = await (await north.fetch(`/persons/${p.id}/history`)).text();
    assert.match(history, /Corrections to their details/);
    assert.match(history, /<td data-label="Field">Preferred name<\/td><td data-label="Before">Lu<\/td><td data-label="After">&lt;b&gt;Lulu&lt;\/b&gt;<\/td>/);
    assert.match(history, /<td data-label="Field">Texts are OK<\/td><td data-label="Before">Yes<\/td><td data-label="After">No<\/td>/);
    assert.match(history, /<td data-label="Field">Uses American Sign Language<\/td><td data-label="Before">No<\/td><td data-label="After">Yes<\/td>/);
    assert.match(history, /<td data-label="Field">Pronouns<\/td><td data-label="Before">she\/her<\/td>/);
    assert.match(history, new RegExp(`<td data-label="By">${north.user.name}</td>`));
  });

  test('the FHIR Patient follows a correction', async () => {
    const p = await add();
    assert.equal((await north.json('PATCH', `/api/v1/persons/${p.id}`, { legal_name: 'Corrected Legal',
      preferred_name: 'Cora', phone: '555-0777', email: 'cora@example.org', date_of_birth: '1985-12-01',
      record_number: `FHIR-${p.id}`, address: '9 Quay Lane', preferred_language: 'French', pronouns: 'she/they',
      interpreter_needed: true })).status, 200);
    const r = await north.fetch(`/api/v1/fhir/Patient/${p.id}`);
    assert.equal(r.status, 200);
    const fhir = await r.json();
    assert.deepEqual(fhir.name, [{ use: 'official', text: 'Corrected Legal' }, { use: 'usual', text: 'Cora' }]);
    assert.deepEqual(fhir.telecom, [{ system: 'phone', value: '555-0777' }, { system: 'email', value: 'cora@example.org' }]);
    assert.equal(fhir.birthDate, '1985-12-01');
    assert.equal(fhir.identifier[0].value, `FHIR-${p.id}`);
    assert.equal(fhir.address[0].text, '9 Quay Lane');
    assert.equal(fhir.communication[0].language.text, 'French');
    assert.equal(fhir.extension[0].valueBoolean, true);
    assert.equal(fhir.extension[1].valueCodeableConcept.text, 'she/they');
  });

  test("another team cannot correct, see the form or read the history (404); emergency access cannot correct (403)", async () => {
    const p = await add();
    assert.equal((await south.json('PATCH', `/api/v1/persons/${p.id}`, { legal_name: 'Hijack' })).status, 404);
    assert.equal((await south.fetch(`/persons/${p.id}/details`)).status, 404);
    assert.equal((await south.form(`/persons/${p.id}/details`, { legal_name: 'Hijack' })).status, 404);
    assert.equal((await south.fetch(`/persons/${p.id}/history`)).status, 404);
    assert.equal((await south.fetch(`/api/v1/persons/${p.id}/history`)).status, 404);
    assert.equal((await south.json('PATCH', '/api/v1/persons/999999', { legal_name: 'Nobody' })).status, 404);
    const glass = await staff(s);
    assert.equal((await glass.json('POST', `/api/v1/persons/${p.id}/emergency`,
      { reason: 'Crisis call at the Peer Desk, need the crisis plan' })).status, 204);
    assert.equal((await glass.fetch(`/api/v1/persons/${p.id}`)).status, 200, 'emergency access reads');
    const r = await glass.json('PATCH', `/api/v1/persons/${p.id}`, { legal_name: 'Hijack' });
    assert.equal(r.status, 403);
    assert.match((await r.json()).error.message, /Emergency access/);
    assert.equal((await glass.fetch(`/persons/${p.id}/details`)).status, 403);
    assert.equal((await glass.form(`/persons/${p.id}/details`, { legal_name: 'Hijack' })).status, 403);
    assert.equal((await glass.json('POST', `/api/v1/persons/${p.id}/transfer`,
      { to_team_id: southTeam, transferred_on: today(), reason: 'moved' })).status, 403);
    assert.equal((await glass.fetch(`/persons/${p.id}/transfer`)).status, 403);
    assert.equal((await glass.fetch(`/persons/${p.id}/history`)).status, 200, 'emergency access reads the history');
    assert.doesNotMatch(await (await glass.fetch(`/persons/${p.id}`)).text(), /Correct details/);
    assert.equal((await north.fetch(`/api/v1/persons/${p.id}`).then((x) => x.json())).legal_name, p.legal_name);
    assert.equal(changesOf(p.id), 0);
    assert.equal(transfersOf(p.id), 0);
    // API tokens reach no person's record
    const page = await (await admin.form('/api-tokens', { name: 'edit test', access: 'read_write' })).text();
    const token = /id="new-token">([^<]+)</.exec(page)[1];
    const t = await fetch(`${s.url}/api/v1/persons/${p.id}`, { method: 'PATCH', body: '{"legal_name":"T"}',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
    assert.equal(t.status, 403);
  });

  test('a transfer moves the person: access follows the team, the history shows both teams, it is audited', async () => {
    const p = await add();
    assert.equal((await south.fetch(`/api/v1/persons/${p.id}`)).status, 404, 'not South\'s yet');
    const r = await both.json('POST', `/api/v1/persons/${p.id}/transfer`,
      { to_team_id: southTeam, transferred_on: today(), reason: 'Moved across town' });
    assert.equal(r.status, 201, await r.clone().text());
    const t = await r.json();
    assert.equal(t.from_team_id, northTeam);
    assert.equal(t.to_team_id, southTeam);
    assert.equal(t.from_team_name, 'North');
    assert.equal(t.to_team_name, 'South');
    assert.equal(t.transferred_by, both.user.id);
    assert.equal(t.reason, 'Moved across town');
    // the old team is now like any other team: 404, and the attempt audited
    assert.equal((await north.fetch(`/api/v1/persons/${p.id}`)).status, 404);
    assert.equal((await north.fetch(`/persons/${p.id}`)).status, 404);
    assert.equal((await north.json('PATCH', `/api/v1/persons/${p.id}`, { phone: '1' })).status, 404);
    assert.deepEqual((await (await north.fetch('/api/v1/persons?q=rivera')).json()).items.filter((x) => x.id === p.id), []);
    // the new team has it
    const got = await (await south.fetch(`/api/v1/persons/${p.id}`)).json();
    assert.equal(got.team_id, southTeam);
    assert.equal(got.team_name, 'South');
    assert.ok((await (await south.fetch(`/api/v1/persons?q=${encodeURIComponent(p.legal_name)}`)).json()).items
      .some((x) => x.id === p.id), 'found by search in the new team');
    const h = await (await south.fetch(`/api/v1/persons/${p.id}/history`)).json();
    assert.equal(h.transfers.length, 1);
    assert.equal(h.transfers[0].transferred_on, today());
    const page = await (await south.fetch(`/persons/${p.id}/history`)).text();
    assert.match(page, /Moves between teams/);
    assert.match(page, /<td data-label="From">North \(Harbor\)<\/td><td data-label="To">South \(Harbor\)<\/td><td data-label="Reason">Moved across town<\/td>/);
    const audit = await (await admin.fetch(`/api/v1/audit?person=${p.id}`)).json();
    const e = audit.items.find((x) => x.entity_type === 'transfer');
    assert.ok(e);
    assert.equal(e.action, 'create');
    assert.equal(e.entity_id, String(t.id));
    assert.equal(e.detail, `team ${northTeam} to team ${southTeam}`);
    assert.ok(audit.items.some((x) => x.user_id === north.user.id && x.outcome === 'denied'), 'the old team\'s try is audited');
  });

  test("the receiving team's supervisor sees the transfer on the review page; others do not", async () => {
    const p = await add({ legal_name: 'Moved Person', preferred_name: '' });
    assert.equal((await both.json('POST', `/api/v1/persons/${p.id}/transfer`,
      { to_team_id: southTeam, transferred_on: '2026-01-05', reason: 'Closer to family' })).status, 201);
    const mine = await (await supSouth.fetch('/supervision')).text();
    assert.match(mine, /Transferred to your teams/);
    assert.match(mine, new RegExp(`<a class="usa-link" href="/persons/${p.id}">Moved Person</a>: from North \\(Harbor\\) to South \\(Harbor\\) on 2026-01-05`));
    const theirs = await (await supNowhere.fetch('/supervision')).text();
    assert.match(theirs, /Transferred to your teams/);
    assert.doesNotMatch(theirs, /Moved Person/);
    assert.doesNotMatch(await (await supNorth.fetch('/supervision')).text(), /Moved Person/, 'the team it left is not told');
    // older than 30 days: no longer listed
    sqlDirect(s, `UPDATE transfers SET created_at = '2020-01-01T00:00:00Z' WHERE person_id = ${p.id}`);
    assert.doesNotMatch(await (await supSouth.fetch('/supervision')).text(), /Moved Person/);
  });

  test('bad transfers name their field and write nothing', async () => {
    const p = await add();
    const ok = { to_team_id: southTeam, transferred_on: today(), reason: 'A good reason' };
    const cases = [
      [north, { ...ok, to_team_id: northTeam }, 'to_team_id', /already/],
      [north, ok, 'to_team_id', /only to a team you are on/],
      [both, { ...ok, to_team_id: 999999 }, 'to_team_id', /no such team/],
      [both, { ...ok, to_team_id: undefined }, 'to_team_id', /Choose the team/],
      [both, { ...ok, to_team_id: 'south' }, 'to_team_id', /./],
      [both, { ...ok, reason: undefined }, 'reason', /required/],
      [both, { ...ok, reason: '   ' }, 'reason', /required/],
      [both, { ...ok, reason: 'r'.repeat(501) }, 'reason', /500/],
      [both, { ...ok, transferred_on: tomorrow() }, 'transferred_on', /future/],
      [both, { ...ok, transferred_on: undefined }, 'transferred_on', /required/],
      [both, { ...ok, transferred_on: '2026-13-01' }, 'transferred_on', /date/],
      [both, { ...ok, team: 3 }, 'team', /not a field/],
    ];
    for (const [who, body, field, message] of cases) {
      const r = await who.json('POST', `/api/v1/persons/${p.id}/transfer`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      const err = (await r.json()).error;
      assert.equal(err.field, field, JSON.stringify(body));
      assert.match(err.message, message, JSON.stringify(body));
    }
    assert.equal(transfersOf(p.id), 0);
    assert.equal((await north.fetch(`/api/v1/persons/${p.id}`).then((x) => x.json())).team_id, northTeam);
    // the page says it by the field's label and keeps what was typed
    const page = await both.form(`/persons/${p.id}/transfer`, { to_team_id: String(southTeam),
      transferred_on: tomorrow(), reason: 'Typed <reason>' });
    assert.equal(page.status, 400);
    const html = await page.text();
    assert.match(html, /href="#transferred_on"/);
    assert.match(html, /Date of the move must not be in the future/);
    assert.match(html, /Typed &lt;reason&gt;/);
    assert.match(html, new RegExp(`<option value="${southTeam}" selected>`));
    assert.equal(transfersOf(p.id), 0);
    // another team's person cannot be moved by them
    assert.equal((await south.json('POST', `/api/v1/persons/${p.id}/transfer`, ok)).status, 404);
    assert.equal((await south.form(`/persons/${p.id}/transfer`, { ...ok, to_team_id: String(southTeam) })).status, 404);
    assert.equal((await south.fetch(`/persons/${p.id}/transfer`)).status, 404);
    assert.equal((await south.json('POST', '/api/v1/persons/999999/transfer', ok)).status, 404);
    assert.equal(transfersOf(p.id), 0);
  });

  test('a supervisor moves a person to a team in another program from the page, and loses access', async () => {
    const p = await add();
    const form = await (await supNorth.fetch(`/persons/${p.id}/transfer`)).text();
    assert.match(form, new RegExp(`<option value="${eastTeam}">East \\(Bay &lt;House&gt;\\)</option>`));
    assert.doesNotMatch(form, new RegExp(`<option value="${northTeam}"`), 'not the team they are on');
    assert.match(form, new RegExp(`name="transferred_on" type="date" value="${today()}"`));
    // a peer is offered only their own teams
    const peerForm = await (await both.fetch(`/persons/${p.id}/transfer`)).text();
    assert.match(peerForm, new RegExp(`<option value="${southTeam}">`));
    assert.doesNotMatch(peerForm, new RegExp(`<option value="${eastTeam}">`));
    const r = await supNorth.form(`/persons/${p.id}/transfer`, { to_team_id: String(eastTeam),
      transferred_on: '2026-01-10', reason: 'Admitted to the inpatient unit' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/persons', 'back to their list: the record is East\'s now');
    assert.equal((await supNorth.fetch(`/persons/${p.id}`)).status, 404);
    assert.equal(count(`SELECT team_id FROM persons WHERE id = ${p.id}`), eastTeam);
    const history = await (await admin.fetch(`/api/v1/audit?person=${p.id}`)).json();
    assert.ok(history.items.some((x) => x.entity_type === 'transfer' && x.user_id === supNorth.user.id));
    // a peer who moves someone to another of their teams comes back to the record
    const q = await add();
    const back = await both.form(`/persons/${q.id}/transfer`, { to_team_id: String(southTeam),
      transferred_on: today(), reason: 'Team change' });
    assert.equal(back.status, 303);
    assert.equal(back.headers.get('location'), `/persons/${q.id}`);
  });
});
