// Editing a program (issue 20, part 4): the form and PUT /api/v1/programs/{id}
// change name, kind, time zone, crisis lines, two-step sign-in, the wellness
// plan's name and the program's own service codes, audited; bad input is
// named by field and changes nothing.  A change of rounding rule counts from
// a date: signed notes keep the units they were signed with (API, note page,
// billing CSV), notes signed from that date use the new rule, and a date a
// signed note has reached is refused.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { BACKEND, PG, UNDO_AUDIT_SEAL, UNDO_FOLLOWUPS, UNDO_REPORTS, UNDO_RESOURCES, UNDO_SUMMARIES, UNDO_WORKFORCE, UNDO_PROGRAM_EDITS, UNDO_TOKEN_SCOPES, UNDO_TOTP_STEP, freshDatabase, runWaypoint, sqlDirect, staff, startServer, stepsApplied } from './helpers.mjs';

const ZONE = 'America/Chicago';
const dayIn = (zone, date = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(date);
const daysFrom = (date, n) => new Date(Date.parse(`${date}T12:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
const valid = {
  name: 'Riverside Peer Center', kind: 'community', time_zone: ZONE, unit_rounding: 'any_part',
  crisis_lines: [{ label: '988 Suicide & Crisis Lifeline', number: '988' }],
};
const one = (s, sql) => sqlDirect(s, sql).out.trim();

describe(`editing a program (${BACKEND})`, () => {
  let s, admin, manager, peer, supervisor;
  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    peer = await staff(s);
    supervisor = await staff(s, 'supervisor');
  });
  after(async () => { await s.stop(); });

  const create = async (body) => {
    const r = await admin.json('POST', '/api/v1/programs', body);
    assert.equal(r.status, 201, await r.clone().text());
    return r.json();
  };
  const get = async (id) => (await admin.fetch(`/api/v1/programs/${id}`)).json();
  const audits = (id) => Number(one(s, `SELECT COUNT(*) FROM audit_log WHERE entity_type = 'program' AND entity_id = '${id}'`));

  test('PUT changes every setting, the answer and GET agree, and the change is audited', async () => {
    const p = await create({ ...valid, name: 'Edit me' });
    assert.equal(p.wellness_plan_label, '');
    assert.deepEqual(p.service_codes, {});
    assert.equal(p.unit_rounding_history.length, 1, 'the rule it was created with');
    assert.equal(p.unit_rounding_history[0].from, '');
    const body = {
      ...valid, name: 'Edited Center', kind: 'inpatient', time_zone: 'America/Los_Angeles',
      require_two_step: true, wellness_plan_label: 'WRAP',
      crisis_lines: [{ label: 'County line', number: '555-0100' }, { label: '988', number: '988' }],
      service_codes: { individual: 'H0038-HQ', phone: 'H0038-GT', accompaniment: '' },
    };
    const r = await manager.json('PUT', `/api/v1/programs/${p.id}`, body);
    assert.equal(r.status, 200, await r.clone().text());
    const got = await r.json();
    assert.deepEqual(got, await get(p.id));
    for (const k of ['name', 'kind', 'time_zone', 'require_two_step', 'wellness_plan_label', 'crisis_lines']) {
      assert.deepEqual(got[k], body[k], k);
    }
    assert.deepEqual(got.service_codes, { individual: 'H0038-HQ', phone: 'H0038-GT' }, 'an empty code is none');
    assert.equal(got.created_at, p.created_at);
    const entry = one(s, `SELECT action || ' ' || user_id || ' ' || detail FROM audit_log WHERE entity_type = 'program'
      AND entity_id = '${p.id}' ORDER BY id DESC LIMIT 1`);
    assert.equal(entry, `update ${manager.user.id} name, kind, time_zone, wellness_plan_label, require_two_step on, crisis_lines, service_codes`);
    // GET's answer goes back as it is: its read-only members are ignored
    const before = audits(p.id);
    const again = await manager.json('PUT', `/api/v1/programs/${p.id}`, got);
    assert.equal(again.status, 200, await again.clone().text());
    assert.deepEqual({ ...(await again.json()), updated_at: '' }, { ...got, updated_at: '' });
    assert.equal(audits(p.id), before + 1);
    assert.match(one(s, `SELECT detail FROM audit_log WHERE entity_type = 'program' ORDER BY id DESC LIMIT 1`), /^no change$/);
  });

  test('the program\'s own code is billed; a kind without one bills the installation\'s', async () => {
    const p = await create({ ...valid, name: 'Codes' });
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'Codes team', program_id: p.id })).json()).id;
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
    const pid = await person(peer, team, 'C-1');
    const id = await signedNote(peer, pid, { kind: 'phone' });
    const code = async () => (await (await peer.fetch(`/api/v1/persons/${pid}/contacts/${id}`)).json()).service_code;
    assert.equal(await code(), 'H0038');
    assert.equal((await manager.json('PUT', '/api/v1/programs/' + p.id, { ...valid, name: 'Codes', service_codes: { phone: 'H0039' } })).status, 200);
    assert.equal(await code(), 'H0039');
    const csv = await (await manager.fetch(`/billing.csv?program=${p.id}&from=2026-11-20&to=2026-11-20`)).text();
    assert.match(csv, /"phone","H0039"/);
    assert.equal((await manager.json('PUT', '/api/v1/programs/' + p.id, { ...valid, name: 'Codes' })).status, 200);
    assert.equal(await code(), 'H0038', 'back to the installation\'s');
  });

  test('each bad field is refused by name, and nothing changes', async () => {
    const p = await create({ ...valid, name: 'Stays put' });
    await create({ ...valid, name: 'Taken name' });
    const was = await get(p.id);
    const n = audits(p.id);
    const cases = [
      [{ ...valid, name: '' }, 400, 'name'],
      [{ ...valid, name: 'x'.repeat(121) }, 400, 'name'],
      [{ ...valid, name: ['a'] }, 400, 'name'],
      [{ ...valid, name: 'Taken name', crisis_lines: [] }, 409, 'name'],
      [{ ...valid, kind: 'clinic' }, 400, 'kind'],
      [{ ...valid, time_zone: 'Mars/Olympus_Mons' }, 400, 'time_zone'],
      [{ ...valid, time_zone: '../../etc/passwd' }, 400, 'time_zone'],
      [{ ...valid, unit_rounding: 'nearest' }, 400, 'unit_rounding'],
      [{ ...valid, unit_rounding: 'whole_units' }, 400, 'unit_rounding_from'],
      [{ ...valid, unit_rounding: 'whole_units', unit_rounding_from: '2026-02-30' }, 400, 'unit_rounding_from'],
      [{ ...valid, unit_rounding: 'whole_units', unit_rounding_from: 20261201 }, 400, 'unit_rounding_from'],
      [{ ...valid, crisis_lines: [{ label: 'x', number: 'call me' }] }, 400, 'crisis_lines'],
      [{ ...valid, crisis_lines: [{ label: '', number: '988' }] }, 400, 'crisis_lines'],
      [{ ...valid, crisis_lines: 'call 988' }, 400, 'crisis_lines'],
      [{ ...valid, service_codes: ['H0038'] }, 400, 'service_codes'],
      [{ ...valid, service_codes: { volunteer: 'H0038' } }, 400, 'service_codes'],
      [{ ...valid, service_codes: { nonsense: 'H0038' } }, 400, 'service_codes'],
      [{ ...valid, service_codes: { individual: 'h0038 <b>' } }, 400, 'service_codes'],
      [{ ...valid, service_codes: { individual: 38 } }, 400, 'service_codes'],
      [{ ...valid, wellness_plan_label: 'x'.repeat(61) }, 400, 'wellness_plan_label'],
      [{ ...valid, wellness_plan_label: 'two\nlines' }, 400, 'wellness_plan_label'],
      [{ ...valid, timezone: 'UTC' }, 400, 'timezone'],
      [{ ...valid, id: p.id + 1 }, 400, 'id'],
    ];
    for (const [body, status, field] of cases) {
      const r = await manager.json('PUT', `/api/v1/programs/${p.id}`, body);
      const text = JSON.stringify(body).slice(0, 90);
      assert.equal(r.status, status, text);
      const e = (await r.json()).error;
      assert.equal(e.field, field, text);
      assert.ok(e.message.length > 10, text);
    }
    assert.deepEqual(await get(p.id), was, 'nothing half-written');
    assert.equal(audits(p.id), n, 'nothing audited as changed');
    const r = await manager.fetch(`/api/v1/programs/${p.id}`, { method: 'PUT', body: '{"name":', headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 400);
  });

  test('only those who manage programs may edit; an unknown program is 404', async () => {
    const p = await create({ ...valid, name: 'Guarded' });
    for (const who of [peer, supervisor]) {
      assert.equal((await who.json('PUT', `/api/v1/programs/${p.id}`, { ...valid, name: 'Mine now' })).status, 403);
      assert.equal((await who.fetch(`/programs/${p.id}/edit`)).status, 403);
      assert.equal((await who.form(`/programs/${p.id}`, { ...flat(valid), name: 'Mine now' })).status, 403);
      assert.doesNotMatch(await (await who.fetch(`/programs/${p.id}`)).text(), /Edit the program/);
    }
    assert.equal((await fetch(`${s.url}/api/v1/programs/${p.id}`, { method: 'PUT', body: '{}', headers: { 'Content-Type': 'application/json' } })).status, 401);
    assert.equal((await get(p.id)).name, 'Guarded');
    assert.equal((await admin.json('PUT', '/api/v1/programs/999999', valid)).status, 404);
    assert.equal((await admin.fetch('/programs/999999/edit')).status, 404);
    assert.equal((await admin.form('/programs/999999', flat(valid))).status, 404);
  });

  test('the edit form comes filled in, saves, and shows an error by its field with what was typed', async () => {
    const p = await create({ ...valid, name: 'Form Center', crisis_lines: [{ label: 'Warm: line', number: '555-0101' }] });
    await create({ ...valid, name: 'Other Center' });
    let html = await (await manager.fetch(`/programs/${p.id}`)).text();
    assert.match(html, new RegExp(`href="/programs/${p.id}/edit"`));
    html = await (await manager.fetch(`/programs/${p.id}/edit`)).text();
    assert.match(html, /<h1>Edit the program<\/h1>/);
    assert.match(html, /value="Form Center"/);
    assert.match(html, /Warm: line: 555-0101/);
    assert.match(html, new RegExp(`name="unit_rounding_from"[^>]*value="${dayIn(ZONE)}"`), 'no signed note: today');
    assert.match(html, /name="code-individual"/);
    assert.doesNotMatch(html, /name="code-volunteer"/, 'only billable kinds have a code');
    const fields = { ...flat(valid), name: 'Form <i>Center</i>', wellness_plan_label: 'WRAP', 'code-phone': 'H0038-GT',
      crisis_lines: '988 Suicide & Crisis Lifeline: 988\nWarm line: 555-0199', require_two_step: '1',
      unit_rounding_from: dayIn(ZONE) };
    let r = await manager.form(`/programs/${p.id}`, fields);
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/programs/${p.id}`);
    const got = await get(p.id);
    assert.equal(got.name, 'Form <i>Center</i>');
    assert.equal(got.require_two_step, true);
    assert.deepEqual(got.service_codes, { phone: 'H0038-GT' });
    html = await (await manager.fetch(`/programs/${p.id}`)).text();
    assert.match(html, /Form &lt;i&gt;Center&lt;\/i&gt;/);
    assert.match(html, /WRAP/);
    assert.match(html, /phone: H0038-GT/);
    for (const [extra, field, label] of [
      [{ name: 'Other Center' }, 'name', 'Name'],
      [{ time_zone: 'Nowhere/Land' }, 'time_zone', 'Time zone'],
      [{ crisis_lines: 'no colon here' }, 'crisis_lines', 'Crisis lines'],
      [{ 'code-individual': 'bad code' }, 'code-individual', 'Individual peer support'],
      [{ unit_rounding: 'whole_units', unit_rounding_from: '' }, 'unit_rounding_from', 'New billing units from'],
    ]) {
      r = await manager.form(`/programs/${p.id}`, { ...fields, ...extra });
      assert.equal(r.status, field === 'name' ? 409 : 400, field);
      html = await r.text();
      assert.match(html, new RegExp(`href="#${field}"[^>]*>${label}`), `the summary names ${label}`);
      assert.match(html, new RegExp(`id="${field}-error"`), field);
      assert.match(html, /value="Form &lt;i&gt;Center&lt;\/i&gt;"|value="Other Center"/, 'what was typed stays');
      assert.match(html, /Warm line: 555-0199|no colon here/);
    }
    assert.deepEqual(await get(p.id), got, 'no refused form changed anything');
  });

  test('the wellness plan is called what the program says, on the overview and the plan\'s pages', async () => {
    const p = await create({ ...valid, name: 'Wellness names' });
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'W team', program_id: p.id })).json()).id;
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
    const pid = await person(peer, team, 'W-1');
    const pages = async () => Promise.all([`/persons/${pid}`, `/persons/${pid}/wellness-plan`, `/persons/${pid}/wellness-plan/print`]
      .map(async (u) => (await peer.fetch(u)).text()));
    for (const html of await pages()) assert.match(html, /Wellness plan/);
    assert.equal((await manager.json('PUT', `/api/v1/programs/${p.id}`, { ...valid, name: 'Wellness names', wellness_plan_label: 'WRAP & <me>' })).status, 200);
    const [overview, page, print] = await pages();
    assert.match(overview, new RegExp(`href="/persons/${pid}/wellness-plan">WRAP &amp; &lt;me&gt;</a>`));
    assert.match(page, /<h1>WRAP &amp; &lt;me&gt;<\/h1>/);
    assert.match(print, /<h1>WRAP &amp; &lt;me&gt;<\/h1>/);
  });

  describe('a new rounding rule and the notes signed before and after it', () => {
    let prog, team, pid, early, late;
    const units = async (id) => (await (await peer.fetch(`/api/v1/persons/${pid}/contacts/${id}`)).json());
    const csvUnits = async () => {
      const [head, ...rows] = (await (await manager.fetch(`/billing.csv?program=${prog}&from=2026-11-20&to=2026-11-20`))
        .text()).trim().split('\r\n').map((l) => l.split(','));
      const id = head.indexOf('contact_id'), units = head.indexOf('units');
      return Object.fromEntries(rows.map((f) => [f[id], Number(f[units])]));
    };
    const change = (rule, from, extra = {}) => manager.json('PUT', `/api/v1/programs/${prog}`,
      { ...valid, name: 'Rounding', unit_rounding: rule, unit_rounding_from: from, ...extra });

    before(async () => {
      prog = (await create({ ...valid, name: 'Rounding' })).id; // any part counts
      team = (await (await admin.json('POST', '/api/v1/teams', { name: 'R team', program_id: prog })).json()).id;
      await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
      pid = await person(peer, team, 'R-1');
      early = await signedNote(peer, pid);
      backdate(s, early, 3); // signed three days ago, under "any part counts"
      const c = await units(early);
      assert.equal(c.integrity, 'ok', 'the test re-signed it as the server would');
      assert.equal(c.units, 2, '20 minutes, any part counts: 2 units');
    });

    test('from today: the older note keeps its units, a note signed now uses the new rule', async () => {
      const today = dayIn(ZONE);
      const r = await change('whole_units', today);
      assert.equal(r.status, 200, await r.clone().text());
      const p = await r.json();
      assert.equal(p.unit_rounding, 'whole_units');
      assert.deepEqual(p.unit_rounding_history.map((h) => [h.unit_rounding, h.from, h.changed_by]),
        [['whole_units', today, manager.user.name], ['any_part', '', admin.user.name]]);
      late = await signedNote(peer, pid);
      assert.equal((await units(early)).units, 2, 'signed before: its units stay');
      assert.equal((await units(late)).units, 1, 'signed after: whole units only');
      assert.deepEqual(await csvUnits(), { [early]: 2, [late]: 1 });
      assert.match(await (await peer.fetch(`/persons/${pid}/contacts/${early}`)).text(), /Billable: 2 units \(H0038\)/);
      assert.match(await (await peer.fetch(`/persons/${pid}/contacts/${late}`)).text(), /Billable: 1 unit \(H0038\)</);
      const html = await (await manager.fetch(`/programs/${prog}`)).text();
      assert.match(html, new RegExp(`<td data-label="From">${today}</td><td data-label="Billing units">Whole units`));
      assert.match(html, /<td data-label="From">The start<\/td>/);
      const audit = one(s, `SELECT detail FROM audit_log WHERE entity_type = 'program' AND entity_id = '${prog}' ORDER BY id DESC LIMIT 1`);
      assert.equal(audit, `unit_rounding whole_units from ${today}`);
    });

    test('a date a signed note has reached is refused by name, and nothing changes', async () => {
      const today = dayIn(ZONE);
      const was = await get(prog);
      const n = audits(prog);
      for (const from of [daysFrom(today, -5), daysFrom(today, -1), today]) {
        const r = await change('eight_minute', from, { name: 'Renamed too' });
        assert.equal(r.status, 409, from);
        const e = (await r.json()).error;
        assert.equal(e.code, 'signed_notes');
        assert.equal(e.field, 'unit_rounding_from');
        assert.match(e.message, new RegExp(`${daysFrom(today, 1)} or later.*signed on ${today}`));
      }
      assert.deepEqual(await get(prog), was, 'the name did not change either');
      assert.equal(audits(prog), n);
      assert.equal((await units(late)).units, 1);
      assert.equal((await units(early)).units, 2);
      // the form says so beside the field, and offers the first date that works
      let html = await (await manager.fetch(`/programs/${prog}/edit`)).text();
      assert.match(html, new RegExp(`name="unit_rounding_from"[^>]*value="${daysFrom(today, 1)}"`));
      const r = await manager.form(`/programs/${prog}`, { ...flat(valid), name: 'Rounding', unit_rounding: 'eight_minute', unit_rounding_from: today });
      assert.equal(r.status, 409);
      html = await r.text();
      assert.match(html, /href="#unit_rounding_from"[^>]*>New billing units from/);
      assert.match(html, new RegExp(`value="${today}"`), 'the date typed stays');
    });

    test('a later date is taken; a past date is taken where no note was signed since', async () => {
      const tomorrow = daysFrom(dayIn(ZONE), 1);
      const r = await change('eight_minute', tomorrow);
      assert.equal(r.status, 200);
      assert.equal((await units(late)).units, 1, 'not yet');
      assert.equal((await units(early)).units, 2);
      const quiet = await create({ ...valid, name: 'No notes yet' });
      const back = await manager.json('PUT', `/api/v1/programs/${quiet.id}`,
        { ...valid, name: 'No notes yet', unit_rounding: 'whole_units', unit_rounding_from: '2026-01-01' });
      assert.equal(back.status, 200);
      assert.equal((await back.json()).unit_rounding_history[0].from, '2026-01-01');
    });
  });

  test('an upgrade gives each program its rule from the start, no codes and no label of its own', { skip: PG ? 'SQLite only' : false }, async () => {
    const copy = { db: freshDatabase() };
    assert.equal(sqlDirect(s, `.backup '${copy.db}'`).status, 0);
    assert.equal(sqlDirect(copy, `${UNDO_SUMMARIES} ${UNDO_RESOURCES} ${UNDO_REPORTS} ${UNDO_WORKFORCE} ${UNDO_AUDIT_SEAL} ${UNDO_TOTP_STEP} ${UNDO_FOLLOWUPS} ${UNDO_TOKEN_SCOPES} ${UNDO_PROGRAM_EDITS} DELETE FROM schema_migrations WHERE version >= 19;`).status, 0);
    const init = runWaypoint(['init', '--db', copy.db]);
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stderr, /\b9 steps applied/, 'migrations 19 to 27');
    assert.equal(one(copy, `SELECT COUNT(*) FROM programs p JOIN program_rounding_rules r ON r.program_id = p.id
      AND r.rule = p.unit_rounding AND r.effective_on = '' AND r.effective_from = '' AND r.changed_by IS NULL`),
    one(copy, 'SELECT COUNT(*) FROM programs'));
    assert.equal(one(copy, 'SELECT COUNT(*) FROM program_rounding_rules'), one(copy, 'SELECT COUNT(*) FROM programs'));
    assert.equal(one(copy, "SELECT COUNT(*) FROM programs WHERE wellness_plan_label <> ''"), '0');
    assert.equal(one(copy, 'SELECT COUNT(*) FROM program_service_codes'), '0');
  });
});

// ---- helpers ----------------------------------------------------------------

/** The API body as form fields. */
function flat(body) {
  return { name: body.name, kind: body.kind, time_zone: body.time_zone, unit_rounding: body.unit_rounding,
    crisis_lines: (body.crisis_lines || []).map((c) => `${c.label}: ${c.number}`).join('\n') };
}

/** A person on team with a one-goal plan; their id. */
async function person(who, team, record) {
  const r = await who.json('POST', '/api/v1/persons', { legal_name: `Ana Ruiz ${record}`, date_of_birth: '1988-02-02',
    record_number: record, recovery_stage: 'stabilization', team_id: team });
  assert.equal(r.status, 201, await r.clone().text());
  const pid = (await r.json()).id;
  const plan = await who.json('PUT', `/api/v1/persons/${pid}/plan`, { leadership: 'shared', author_kind: 'person',
    summary: 'First plan', document: { goals: [{ words: 'Eat well on my own budget', domain: 'health_wellness', why: '',
      target_date: '', status: 'active', steps: [], progress: [] }], strengths: [], barriers: [] } });
  assert.equal(plan.status, 201, await plan.clone().text());
  return pid;
}

/** A signed 20-minute note (2 units when any part counts, 1 in whole units). */
async function signedNote(who, pid, extra = {}) {
  const r = await who.json('POST', `/api/v1/persons/${pid}/contacts`, { kind: 'individual', contact_on: '2026-11-20',
    starts_at: '10:00', ends_at: '10:20', location: 'community', goals: [1],
    did_together: 'Walked to the food bank.', response: 'Said it felt easier.', next_steps: 'Go again Friday.',
    team_notice: '', sign: true, ...extra });
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json()).id;
}

/** Moves a signed note's signature days back, with the hash the server would
 * have stored then (contact_hash in src/features/notes/contact.c). */
function backdate(s, id, days) {
  const at = new Date(Date.now() - days * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
  const cols = ['kind', 'contact_on', 'starts_at', 'ends_at', 'location', 'visitor_name', 'goals', 'did_together',
    'response', 'next_steps', 'team_notice'];
  const row = one(s, `SELECT id, person_id, staff_id, miles_tenths, ${cols.join(', ')} FROM contacts WHERE id = ${id}`).split('|');
  const [cid, person, staffId, miles] = row;
  let text = `contact ${cid} person ${person} staff ${staffId} miles ${miles}\n`;
  for (const t of [...row.slice(4), at]) text += `${Buffer.byteLength(t)}:${t}\n`;
  const hash = crypto.createHash('sha256').update(text).digest('hex');
  const r = sqlDirect(s, `UPDATE contacts SET signed_at = '${at}', content_hash = '${hash}' WHERE id = ${id}`);
  assert.equal(r.status, 0, r.err);
}
