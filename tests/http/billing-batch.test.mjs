// Billing batches (issue 26, point 3): a claims-ready CSV per program and
// period, each billable service sent at most once unless sent again with a
// reason; a trainee's note only once co-signed; units by the program's
// rule (recounted here in JS); place-of-service codes; the 42 CFR Part 2
// gate (left out and listed; those sent in the accounting of disclosures);
// audited creation and downloads; refusals naming the field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

/** RFC 4180 rows of a CSV text (quoted fields, doubled quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; i++;
    } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}
const records = (text) => {
  const [head, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
};
/** Units under each rule, counted another way than the server does. */
const unitsBy = {
  eight_minute: (m) => Math.floor(m / 15) + (m % 15 >= 8 ? 1 : 0),
  whole_units: (m) => Math.floor(m / 15),
  any_part: (m) => Math.ceil(m / 15),
};
const hhmm = (minutes) => `${String(10 + Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

describe(`billing batches (${BACKEND})`, () => {
  let s, admin, manager, supervisor, peer, trainee, prog, team, pidA, pidB, first;
  const plan = async (who, pid) => {
    const r = await who.json('PUT', `/api/v1/persons/${pid}/plan`, { leadership: 'shared', author_kind: 'person',
      summary: 'First plan', document: { goals: [{ words: 'Eat well', domain: 'health_wellness', why: '', target_date: '',
        status: 'active', steps: [], progress: [] }], strengths: [], barriers: [] } });
    assert.equal(r.status, 201, await r.text());
  };
  const person = async (who, t, name, record) => {
    const r = await who.json('POST', '/api/v1/persons', { legal_name: name, date_of_birth: '1988-02-02',
      record_number: record, recovery_stage: 'stabilization', team_id: t });
    const text = await r.text();
    assert.equal(r.status, 201, text);
    const id = JSON.parse(text).id;
    await plan(who, id);
    return id;
  };
  const note = async (who, pid, extra = {}) => {
    const r = await who.json('POST', `/api/v1/persons/${pid}/contacts`, { kind: 'individual', contact_on: '2025-11-03',
      starts_at: '10:00', ends_at: '10:40', location: 'office', goals: [1], did_together: 'Walked to the food bank.',
      response: 'Said it felt easier.', next_steps: 'Again Friday.', team_notice: '', sign: true, ...extra });
    const text = await r.text();
    assert.equal(r.status, 201, text);
    return JSON.parse(text).id;
  };
  const makeBatch = (body, who = manager) => who.json('POST', '/api/v1/billing/batches', body);
  const made = async (body) => {
    const r = await makeBatch(body);
    const text = await r.text();
    assert.equal(r.status, 201, text);
    return JSON.parse(text);
  };
  const csvOf = async (id, who = manager) => {
    const r = await who.fetch(`/billing/batches/${id}/csv`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    return r.text();
  };
  const sql = (text) => sqlDirect(s, text).out.trim();
  const newProgram = async (name, rule = 'eight_minute') => {
    const p = (await (await admin.json('POST', '/api/v1/programs',
      { name, kind: 'community', time_zone: 'UTC', unit_rounding: rule })).json()).id;
    const t = (await (await admin.json('POST', '/api/v1/teams', { name: `T ${name}`, program_id: p })).json()).id;
    for (const u of [peer, trainee, supervisor]) await admin.json('POST', `/api/v1/teams/${t}/members`, { email: u.user.email });
    return { p, t };
  };

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    supervisor = await staff(s, 'supervisor');
    peer = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    ({ p: prog, t: team } = await newProgram('Harbor'));
    pidA = await person(peer, team, 'Ana Ruiz', 'N-1');
    pidB = await person(peer, team, '=HYPERLINK("http://x")', 'N-2');
    assert.equal((await peer.json('PATCH', `/api/v1/persons/${pidA}`, { payer_member_id: 'MCD-123' })).status, 200);
    let r = await manager.json('POST', '/api/v1/credential-kinds',
      { name: 'CPS certification', billing_required: true, roles: ['peer_specialist'] });
    const cps = (await r.json()).id;
    r = await manager.json('POST', `/api/v1/staff/${peer.user.id}/credentials`,
      { kind_id: cps, number: 'CPS-77', issuer: 'Board', issued_on: '2025-01-01', expires_on: '' });
    assert.equal(r.status, 201, await r.text());
    r = await manager.json('PUT', `/api/v1/billing/programs/${prog}`,
      { payer_name: 'Medicaid', trainee_modifier: 'HM', unit_rate: '18.50' });
    assert.equal(r.status, 200, await r.text());
  });
  after(async () => { await s.stop(); });

  test("a program's billing settings: defaults, saved, refused naming the field", async () => {
    const { p } = await newProgram('Settings');
    let r = await manager.fetch(`/api/v1/billing/programs/${p}`);
    assert.deepEqual(await r.json(), { program_id: p, payer_name: 'the payer', trainee_modifier: '', unit_rate: '0.00' });
    for (const [body, field] of [[{ payer_name: '' }, 'payer_name'], [{ payer_name: 'X', trainee_modifier: 'hm' }, 'trainee_modifier'],
      [{ payer_name: 'X', unit_rate: '1.234' }, 'unit_rate'], [{ payer_name: 'X', unit_rate: 'ten' }, 'unit_rate'],
      [{ payer_name: 'X', colour: 1 }, 'colour']]) {
      r = await manager.json('PUT', `/api/v1/billing/programs/${p}`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field);
    }
    assert.equal((await manager.json('PUT', '/api/v1/billing/programs/999999', { payer_name: 'X' })).status, 404);
    r = await manager.fetch(`/api/v1/billing/programs/${prog}`);
    assert.deepEqual(await r.json(), { program_id: prog, payer_name: 'Medicaid', trainee_modifier: 'HM', unit_rate: '18.50' });
  });

  test("the settings' page: shown, saved with the small-cell threshold, or the form again as typed naming each field", async () => {
    const { p } = await newProgram('Settings page');
    let r = await manager.fetch(`/programs/${p}/billing`);
    assert.equal(r.status, 200);
    let page = await r.text();
    assert.match(page, /name="payer_name"[^>]*value="the payer"|value="the payer"[^>]*name="payer_name"/);
    assert.match(page, /value="11"/, 'the default threshold');
    assert.match(await (await manager.fetch(`/programs/${p}`)).text(), new RegExp(`href="/programs/${p}/billing"`));
    r = await manager.form(`/programs/${p}/billing`, { payer_name: 'State Medicaid', trainee_modifier: 'HM', unit_rate: '21.75', small_cell_threshold: '5' });
    assert.equal(r.status, 303);
    assert.deepEqual(await (await manager.fetch(`/api/v1/billing/programs/${p}`)).json(),
      { program_id: p, payer_name: 'State Medicaid', trainee_modifier: 'HM', unit_rate: '21.75' });
    assert.equal(sql(`SELECT small_cell_threshold FROM programs WHERE id = ${p}`).trim(), '5');
    assert.match(sql(`SELECT detail FROM audit_log WHERE entity_type = 'program' AND entity_id = '${p}' ORDER BY id DESC LIMIT 1`), /small_cell_threshold: 11 -> 5/);
    r = await manager.form(`/programs/${p}/billing`, { payer_name: '', trainee_modifier: 'hm', unit_rate: 'ten', small_cell_threshold: '0' });
    assert.equal(r.status, 400);
    page = await r.text();
    for (const field of ['payer_name', 'unit_rate', 'small_cell_threshold']) assert.match(page, new RegExp(`href="#${field}"`), field);
    assert.match(page, /value="ten"/, 'kept as typed');
    assert.deepEqual((await (await manager.fetch(`/api/v1/billing/programs/${p}`)).json()).payer_name, 'State Medicaid', 'nothing saved');
    assert.equal(sql(`SELECT small_cell_threshold FROM programs WHERE id = ${p}`).trim(), '5');
    r = await manager.form(`/programs/${p}/billing`, { payer_name: 'X', trainee_modifier: '', unit_rate: '', small_cell_threshold: '101' });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /href="#small_cell_threshold"/);
    for (const who of [supervisor, peer, trainee]) {
      assert.equal((await who.fetch(`/programs/${p}/billing`)).status, 403);
      assert.equal((await who.form(`/programs/${p}/billing`, { payer_name: 'Y', small_cell_threshold: '3' })).status, 403);
    }
    assert.equal((await manager.fetch('/programs/999999/billing')).status, 404);
    assert.equal(sql(`SELECT small_cell_threshold FROM programs WHERE id = ${p}`).trim(), '5');
  });

  test('a batch: one claims-ready line per billable service, place of service coded, kept as sent', async () => {
    const places = { office: '11', home: '12', community: '99', inpatient_unit: '21', hospital_campus: '22', phone: '02', video: '02' };
    const ids = {};
    for (const [i, loc] of Object.keys(places).entries()) {
      ids[loc] = await note(peer, pidA, { location: loc, contact_on: `2025-11-${String(3 + i).padStart(2, '0')}` });
    }
    const formula = await note(peer, pidB, { contact_on: '2025-11-20', ends_at: '10:23' });
    const pending = await note(trainee, pidA, { contact_on: '2025-11-21' }); // awaits a co-signature
    await note(peer, pidA, { contact_on: '2025-11-22', kind: 'volunteer' }); // not a billable kind
    await note(peer, pidA, { contact_on: '2025-12-01' }); // outside the period
    const auditBefore = Number(sql("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'billing_batch'"));
    first = await made({ program_id: prog, from: '2025-11-01', to: '2025-11-30' });
    assert.equal(first.line_count, 8);
    assert.equal(first.units, 7 * 3 + 2);
    assert.equal(first.total, ((7 * 3 + 2) * 18.5).toFixed(2));
    assert.equal(first.payer, 'Medicaid');
    assert.equal(first.reexport, false);
    assert.deepEqual(first.left_out, []);
    const text = await csvOf(first.id);
    const lines = records(text);
    assert.equal(lines.length, 8);
    const byContact = Object.fromEntries(lines.map((l) => [Number(l.contact_id), l]));
    assert.ok(!byContact[pending], "a trainee's note is not sent before it is co-signed");
    for (const [loc, id] of Object.entries(ids)) {
      const l = byContact[id];
      assert.ok(l, loc);
      assert.equal(l.place_of_service, places[loc], loc);
      assert.equal(l.location, loc);
      assert.equal(l.record_number, 'N-1');
      assert.equal(l.legal_name, 'Ana Ruiz');
      assert.equal(l.date_of_birth, '1988-02-02');
      assert.equal(l.payer_member_id, 'MCD-123');
      assert.equal(l.start, '10:00');
      assert.equal(l.end, '10:40');
      assert.equal(l.minutes, '40');
      assert.equal(l.units, '3');
      assert.equal(l.charge, '55.50');
      assert.equal(l.service_code, 'H0038');
      assert.equal(l.modifiers, '');
      assert.equal(l.rendering_staff_id, String(peer.user.id));
      assert.equal(l.credential_kind, 'CPS certification');
      assert.equal(l.credential_number, 'CPS-77');
      assert.equal(l.credential_problem, '');
      assert.equal(l.supervising_staff, '');
      assert.equal(l.goal, 'Eat well');
      assert.equal(l.payer, 'Medicaid');
    }
    // a name that would be a formula in a spreadsheet is text
    assert.equal(byContact[formula].legal_name, `'=HYPERLINK("http://x")`);
    assert.equal(byContact[formula].units, '2', '23 minutes under the 8-minute rule');
    assert.deepEqual(lines.map((l) => l.line), lines.map((_, i) => String(i + 1)));
    // the same file at every download, whatever changes afterwards
    sqlDirect(s, `UPDATE persons SET legal_name = 'Ana Ruiz-Lee' WHERE id = ${pidA}`);
    assert.equal(await csvOf(first.id), text);
    sqlDirect(s, `UPDATE persons SET legal_name = 'Ana Ruiz' WHERE id = ${pidA}`);
    // audited: made once, downloaded twice
    const audit = sql(`SELECT action FROM audit_log WHERE entity_type = 'billing_batch' AND entity_id = '${first.id}' ORDER BY id`);
    assert.deepEqual(audit.split('\n'), ['create', 'read', 'export', 'export'], 'made (its answer names who was left out: read), downloaded twice');
    assert.equal(Number(sql("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'billing_batch'")), auditBefore + 4);
    // listed, and its page
    const list = await (await manager.fetch(`/api/v1/billing/batches?program=${prog}`)).json();
    assert.ok(list.items.some((b) => b.id === first.id && b.line_count === 8));
    const page = await (await manager.fetch(`/billing/batches/${first.id}`)).text();
    assert.match(page, /data-lines="8"/);
    assert.match(page, /data-left-out="0"/);
    assert.match(await (await manager.fetch('/billing/batches')).text(), new RegExp(`Batch ${first.id}<`));
  });

  test('each service is sent once; a co-signed trainee note joins the next batch; sending again needs a reason', async () => {
    let r = await makeBatch({ program_id: prog, from: '2025-11-01', to: '2025-11-30' });
    assert.equal(r.status, 409);
    assert.equal((await r.json()).error.code, 'nothing_to_bill');
    const pending = Number(sql(`SELECT id FROM contacts WHERE staff_id = ${trainee.user.id} AND contact_on = '2025-11-21'`));
    r = await supervisor.json('POST', `/api/v1/persons/${pidA}/contacts/${pending}/cosign`, { decision: 'cosign' });
    assert.ok(r.status < 300, await r.text());
    const second = await made({ program_id: prog, from: '2025-11-01', to: '2025-11-30' });
    assert.equal(second.line_count, 1);
    const [line] = records(await csvOf(second.id));
    assert.equal(Number(line.contact_id), pending);
    assert.equal(line.modifiers, 'HM', "the program's modifier for a trainee's services");
    assert.equal(line.supervising_staff, supervisor.user.name, 'the co-signer');
    assert.equal(line.rendering_staff_id, String(trainee.user.id));
    // sending again: the flag and a reason
    for (const [body, field] of [[{ reexport: true }, 'reason'], [{ reexport: true, reason: '  ' }, 'reason'],
      [{ reexport: true, reason: 'x'.repeat(501) }, 'reason']]) {
      r = await makeBatch({ program_id: prog, from: '2025-11-01', to: '2025-11-30', ...body });
      assert.equal(r.status, 400);
      assert.equal((await r.json()).error.field, field);
    }
    const again = await made({ program_id: prog, from: '2025-11-01', to: '2025-11-30', reexport: true,
      reason: 'The payer asked to resubmit.' });
    assert.equal(again.reexport, true);
    assert.equal(again.line_count, 9);
    assert.deepEqual(again.reexport_of, [first.id, second.id]);
    assert.equal(again.reason, 'The payer asked to resubmit.');
    // sending again marks nothing as sent twice: a normal batch still has nothing new
    assert.equal((await makeBatch({ program_id: prog, from: '2025-11-01', to: '2025-11-30' })).status, 409);
    // a service never sent, sent in a re-export, counts as sent
    await note(peer, pidA, { contact_on: '2025-11-29' });
    const again2 = await made({ program_id: prog, from: '2025-11-29', to: '2025-11-29', reexport: true, reason: 'Resubmit' });
    assert.equal(again2.line_count, 1);
    assert.deepEqual(again2.reexport_of, []);
    assert.equal((await makeBatch({ program_id: prog, from: '2025-11-29', to: '2025-11-29' })).status, 409);
  });

  test('units at 7, 8, 22 and 23 minutes under each rounding rule, recounted independently', async () => {
    for (const rule of Object.keys(unitsBy)) {
      const { p, t } = await newProgram(`Rule ${rule}`, rule);
      const pid = await person(peer, t, `Rule ${rule}`, `R-${rule}`);
      const minutesOf = {};
      for (const [i, m] of [7, 8, 22, 23, 15, 30, 1].entries()) {
        const id = await note(peer, pid, { contact_on: `2025-10-${String(1 + i).padStart(2, '0')}`, ends_at: hhmm(m) });
        minutesOf[id] = m;
      }
      const b = await made({ program_id: p, from: '2025-10-01', to: '2025-10-31' });
      const got = Object.fromEntries(records(await csvOf(b.id)).map((l) => [l.contact_id, Number(l.units)]));
      let total = 0;
      for (const [id, m] of Object.entries(minutesOf)) {
        const want = unitsBy[rule](m);
        total += want;
        if (want) assert.equal(got[id], want, `${rule}: ${m} minutes`);
        else assert.equal(got[id], undefined, `${rule}: ${m} minutes make no unit, not sent`);
      }
      assert.equal(b.units, total, rule);
    }
  });

  test('42 CFR Part 2: a person without a release for payment is left out and listed; one with it is sent and accounted', async () => {
    const { p, t } = await newProgram('Part 2');
    sqlDirect(s, `UPDATE programs SET part2 = 1 WHERE id = ${p}`);
    await manager.json('PUT', `/api/v1/billing/programs/${p}`, { payer_name: 'Medicaid' });
    const withRelease = await person(peer, t, 'Bea Cole', 'P2-1');
    const without = await person(peer, t, 'Cal Dunn', 'P2-2');
    const release = { kind: 'release', discloser: 'Harbor', information: 'Services billed', recipient: 'Medicaid',
      purpose: 'payment', purposes: ['payment'], revocation: 'In writing, any time', signer_name: 'Bea Cole', signed_on: '2025-01-01',
      expires_on: '2099-01-01' };
    let r = await peer.json('POST', `/api/v1/persons/${withRelease}/consents`, release);
    assert.equal(r.status, 201);
    const consent = (await r.json()).id;
    const sent = await note(peer, withRelease, { contact_on: '2025-09-02' });
    await note(peer, without, { contact_on: '2025-09-03' });
    await note(peer, without, { contact_on: '2025-09-04' });
    const b = await made({ program_id: p, from: '2025-09-01', to: '2025-09-30' });
    assert.equal(b.line_count, 1);
    assert.equal(b.left_out_count, 1);
    assert.equal(b.left_out.length, 1);
    assert.equal(b.left_out[0].person_id, without);
    assert.equal(b.left_out[0].record_number, 'P2-2');
    assert.equal(b.left_out[0].services, 2);
    assert.match(b.left_out[0].reason, /payment/);
    assert.deepEqual(records(await csvOf(b.id)).map((l) => Number(l.contact_id)), [sent]);
    const page = await (await manager.fetch(`/billing/batches/${b.id}`)).text();
    assert.match(page, /data-left-out="1"/);
    assert.match(page, /P2-2/);
    const acc = sql(`SELECT person_id, recipient, purpose, consent_id, channel, ref FROM disclosures WHERE channel = 'billing_batch' AND ref = '${b.id}'`);
    assert.equal(acc, `${withRelease}|Medicaid|payment|${consent}|billing_batch|${b.id}`);
    // once the release is signed, a later batch sends the services left out
    r = await peer.json('POST', `/api/v1/persons/${without}/consents`, { ...release, signer_name: 'Cal Dunn' });
    assert.equal(r.status, 201, await r.text());
    const later = await made({ program_id: p, from: '2025-09-01', to: '2025-09-30' });
    assert.equal(later.line_count, 2);
    assert.deepEqual(later.left_out, []);
    assert.equal(sql(`SELECT COUNT(*) FROM disclosures WHERE ref = '${later.id}' AND person_id = ${without}`), '1');
    // a program not under Part 2 records no disclosure for its batches
    assert.equal(sql(`SELECT COUNT(*) FROM disclosures WHERE channel = 'billing_batch' AND ref = '${first.id}'`), '0');
  });

  test('the form on the billing page: made and shown, or the form again naming the field', async () => {
    await note(peer, pidA, { contact_on: '2025-08-05' });
    let page = await (await manager.fetch('/billing')).text();
    assert.match(page, /action="\/billing\/batches"/);
    const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'no id twice on the billing page');
    let r = await manager.form('/billing/batches', { batch_program: String(prog), batch_from: '2025-08-01', batch_to: '2025-08-31' });
    assert.equal(r.status, 303);
    assert.match(r.headers.get('location'), /^\/billing\/batches\/\d+$/);
    for (const [fields, status, field] of [
      [{ batch_program: String(prog), batch_from: '2025-08-31', batch_to: '2025-08-01' }, 400, 'to'],
      [{ batch_program: String(prog), batch_from: '2023-01-01', batch_to: '2025-08-01' }, 400, 'to'],
      [{ batch_program: String(prog), batch_from: 'soon', batch_to: '2025-08-01' }, 400, 'from'],
      [{ batch_program: '', batch_from: '2025-08-01', batch_to: '2025-08-31' }, 400, 'program'],
      [{ batch_program: '999999', batch_from: '2025-08-01', batch_to: '2025-08-31' }, 404, 'program'],
      [{ batch_program: String(prog), batch_from: '2025-08-01', batch_to: '2025-08-31', batch_reexport: '1' }, 400, 'reason'],
      [{ batch_program: String(prog), batch_from: '2025-08-01', batch_to: '2025-08-31' }, 409, 'from'],
    ]) {
      r = await manager.form('/billing/batches', fields);
      assert.equal(r.status, status, JSON.stringify(fields));
      page = await r.text();
      assert.match(page, /usa-alert--error|error-summary/i, JSON.stringify(fields));
      assert.match(page, new RegExp(`href="#batch_${field}"`), JSON.stringify(fields));
      if (fields.batch_from) assert.match(page, new RegExp(`id="batch_from"[^>]*value="${fields.batch_from}"|value="${fields.batch_from}"[^>]*id="batch_from"`), 'kept as typed');
    }
  });

  test('refused: wrong roles, unknown program or batch, bad periods, malformed bodies; nothing is made', async () => {
    const count = () => Number(sql('SELECT COUNT(*) FROM billing_batches'));
    const before = count();
    const good = { program_id: prog, from: '2024-01-01', to: '2024-01-31' };
    for (const who of [supervisor, peer, trainee]) {
      assert.equal((await makeBatch(good, who)).status, 403);
      assert.equal((await who.fetch('/api/v1/billing/batches')).status, 403);
      assert.equal((await who.fetch(`/api/v1/billing/batches/${first.id}`)).status, 403);
      assert.equal((await who.fetch(`/billing/batches/${first.id}/csv`)).status, 403);
      assert.equal((await who.fetch(`/billing/batches/${first.id}`)).status, 403);
      assert.equal((await who.form('/billing/batches', { batch_program: String(prog), batch_from: '2024-01-01', batch_to: '2024-01-31' })).status, 403);
      assert.equal((await who.json('PUT', `/api/v1/billing/programs/${prog}`, { payer_name: 'X' })).status, 403);
    }
    let r = await makeBatch({ ...good, program_id: 999999 });
    assert.equal(r.status, 404);
    assert.equal((await r.json()).error.field, 'program_id');
    for (const [body, field] of [
      [{ ...good, from: '2024-02-01', to: '2024-01-01' }, 'to'],
      [{ ...good, from: '2014-01-01', to: '2024-01-31' }, 'to'],
      [{ ...good, from: '2024-01-01', to: '2025-01-02' }, 'to'],
      [{ ...good, from: '2024-13-01' }, 'from'],
      [{ ...good, from: null }, 'from'],
      [{ ...good, to: 20240131 }, 'to'],
      [{ ...good, program_id: 'one' }, 'program_id'],
      [{ ...good, program_id: undefined }, 'program_id'],
      [{ ...good, reexport: 'yes' }, 'reexport'],
      [{ ...good, colour: 'red' }, 'colour'],
    ]) {
      r = await makeBatch(body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body));
    }
    r = await manager.fetch('/api/v1/billing/batches', { method: 'POST', body: '{"program_id": 1,',
      headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 400);
    r = await manager.fetch('/api/v1/billing/batches', { method: 'POST', body: '[1]', headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 400);
    for (const path of ['/api/v1/billing/batches/999999', '/billing/batches/999999', '/billing/batches/999999/csv']) {
      assert.equal((await manager.fetch(path)).status, 404, path);
    }
    assert.equal((await manager.fetch('/api/v1/billing/batches?program=999999')).status, 404);
    assert.equal((await manager.fetch('/api/v1/billing/batches?program=x')).status, 400);
    assert.equal(count(), before, 'nothing was made');
  });

  test('the old billing CSV still answers: every billable service of the period, sent or not', async () => {
    const r = await manager.fetch(`/billing.csv?program=${prog}&from=2025-11-01&to=2025-11-30`);
    assert.equal(r.status, 200);
    assert.equal(records(await r.text()).length, 10);
  });
});
