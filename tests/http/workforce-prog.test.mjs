// The workforce (issue 27, points 3 and 4): a trainee's progression (start
// date, supervised hours, required competencies, the date they become
// eligible), promotion by a supervisor that ends co-signature for new work
// only, and the supervision log (individual and group sessions, notes and
// follow-up actions, hours per period, the supervisee's acknowledgement).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, addUser, signIn, sqlDirect, staff, startServer } from './helpers.mjs';

const iso = (d) => d.toISOString().slice(0, 10);
const today = () => iso(new Date());
const daysFrom = (n) => iso(new Date(Date.now() + n * 86400000));
/** The date months before today, as the server counts months. */
function monthsAgo(months, extraDays = 0) {
  const d = new Date();
  const day = d.getUTCDate();
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(day, last));
  return iso(new Date(t.getTime() - extraDays * 86400000));
}
const sql = (s, text) => sqlDirect(s, text).out.trim();

describe(`workforce: trainee progression and the supervision log (${BACKEND})`, () => {
  let s, admin, manager, supervisor, otherSupervisor, peer, trainee, trainee2, outsider, pid, team;
  const note = (extra = {}) => ({ kind: 'phone', contact_on: today(), starts_at: '09:00', ends_at: '09:20', location: 'phone',
    did_together: 'Checked in by phone about the new job.', sign: true, ...extra });
  const progress = async (who, id) => (await who.fetch(`/api/v1/staff/${id}/progress`)).json();

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    const prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'P', kind: 'community', time_zone: 'UTC', unit_rounding: 'eight_minute' })).json()).id;
    team = (await (await admin.json('POST', '/api/v1/teams', { name: 'A', program_id: prog })).json()).id;
    const other = (await (await admin.json('POST', '/api/v1/teams', { name: 'B', program_id: prog })).json()).id;
    supervisor = await staff(s, 'supervisor');
    otherSupervisor = await staff(s, 'supervisor');
    peer = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    trainee2 = await staff(s, 'peer_trainee');
    outsider = await staff(s);
    for (const u of [supervisor, peer, trainee, trainee2]) await admin.json('POST', `/api/v1/teams/${team}/members`, { email: u.user.email });
    for (const u of [outsider, otherSupervisor]) await admin.json('POST', `/api/v1/teams/${other}/members`, { email: u.user.email });
    pid = (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Lee Park', date_of_birth: '1985-05-05',
      record_number: 'W-1', recovery_stage: 'stabilization', team_id: team })).json()).id;
  });
  after(async () => { await s.stop(); });

  test('a new trainee: started the day the account was made, six months to go, what is missing said plainly', async () => {
    const p = await progress(trainee, trainee.user.id);
    assert.equal(p.trainee, true);
    assert.equal(p.started_on, today());
    assert.equal(p.start_set, false);
    assert.equal(p.eligible, false);
    assert.equal(p.supervised_hours, 0);
    assert.equal(p.eligible_on, p.period_ends_on);
    assert.match(p.missing.join(' '), /trainee period runs until \d{4}-\d\d-\d\d/);
    for (const who of [supervisor, otherSupervisor, manager, admin]) {
      assert.equal((await who.fetch(`/api/v1/staff/${trainee.user.id}/progress`)).status, 200);
    }
    for (const who of [peer, trainee2]) {
      assert.equal((await who.fetch(`/api/v1/staff/${trainee.user.id}/progress`)).status, 404, "another's record");
      assert.equal((await who.fetch(`/staff/${trainee.user.id}/progress`)).status, 404);
    }
    assert.equal((await supervisor.fetch('/api/v1/staff/999999/progress')).status, 404);
    const peerProgress = await progress(peer, peer.user.id);
    assert.equal(peerProgress.trainee, false);
    assert.deepEqual(peerProgress.missing, []);
    assert.ok(Number(sql(s, `SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity_type = 'trainee_progress'
      AND entity_id = '${trainee.user.id}'`)) >= 5, 'each read audited');
  });

  test('managers keep the required competencies; nobody else; bad names refused', async () => {
    let r = await manager.json('POST', '/api/v1/competencies', { name: 'Ethics and boundaries' });
    assert.equal(r.status, 201);
    r = await admin.json('POST', '/api/v1/competencies', { name: 'Documentation' });
    assert.equal(r.status, 201);
    r = await manager.form('/workforce/competencies', { name: 'Crisis response' });
    assert.equal(r.status, 303);
    const temp = (await (await manager.json('POST', '/api/v1/competencies', { name: 'Retired one' })).json()).id;
    assert.equal((await manager.json('POST', `/api/v1/competencies/${temp}/retire`)).status, 204);
    assert.equal((await manager.json('POST', `/api/v1/competencies/${temp}/retire`)).status, 404, 'retired already');
    assert.equal((await manager.json('POST', '/api/v1/competencies/999999/retire')).status, 404);
    for (const [body, field, status] of [[{ name: 'Documentation' }, 'name', 409], [{ name: '' }, 'name', 400],
      [{ name: 'x'.repeat(201) }, 'name', 400], [{ name: 'two\nlines' }, 'name', 400], [{ name: 7 }, 'name', 400],
      [{ name: 'ok', colour: 'red' }, 'colour', 400]]) {
      r = await manager.json('POST', '/api/v1/competencies', body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field);
    }
    r = await manager.form('/workforce/competencies', { name: '' });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /href="#name"/);
    for (const who of [supervisor, peer, trainee]) {
      assert.equal((await who.json('POST', '/api/v1/competencies', { name: 'Mine' })).status, 403);
      assert.equal((await who.fetch('/workforce/competencies')).status, 403);
    }
    const list = (await (await trainee.fetch('/api/v1/competencies')).json()).items;
    assert.deepEqual(list.filter((c) => !c.retired_at).map((c) => c.name).sort(), ['Crisis response', 'Documentation', 'Ethics and boundaries']);
    assert.equal(list.at(-1).name, 'Retired one', 'retired ones last');
    const page = await (await manager.fetch('/workforce/competencies')).text();
    assert.match(page, /Retired one <span[^>]*>\(retired /);
    assert.equal(Number(sql(s, "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'competency'")), 5, 'four made, one retired');
  });

  test('supervisors and managers set the start date; the trainee and others cannot; bad dates named', async () => {
    const id = trainee.user.id;
    let r = await manager.json('PUT', `/api/v1/staff/${id}/progress`, { started_on: monthsAgo(7) });
    assert.equal(r.status, 200);
    assert.equal((await r.json()).started_on, monthsAgo(7));
    r = await supervisor.form(`/staff/${id}/progress`, { started_on: monthsAgo(6, 10) });
    assert.equal(r.status, 303);
    assert.equal((await progress(trainee, id)).started_on, monthsAgo(6, 10));
    assert.equal((await progress(trainee, id)).start_set, true);
    for (const who of [trainee, peer]) {
      assert.equal((await who.json('PUT', `/api/v1/staff/${id}/progress`, { started_on: '2020-01-01' })).status, 404);
      assert.equal((await who.form(`/staff/${id}/progress`, { started_on: '2020-01-01' })).status, 404);
    }
    for (const [body, field] of [[{ started_on: '2026-02-30' }, 'started_on'], [{ started_on: 'yesterday' }, 'started_on'],
      [{ started_on: daysFrom(3) }, 'started_on'], [{}, 'started_on'], [{ started_on: 20260101 }, 'started_on'],
      [{ started_on: '2026-01-01', by: 'me' }, 'by']]) {
      r = await supervisor.json('PUT', `/api/v1/staff/${id}/progress`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field);
    }
    r = await supervisor.form(`/staff/${id}/progress`, { started_on: '2026-13-01' });
    assert.equal(r.status, 400);
    const page = await r.text();
    assert.match(page, /href="#started_on"/, 'the error summary names the field');
    assert.match(page, /value="2026-13-01"/, 'as typed');
    r = await supervisor.json('PUT', `/api/v1/staff/${peer.user.id}/progress`, { started_on: '2026-01-01' });
    assert.equal(r.status, 409);
    assert.equal((await r.json()).error.field, 'role');
    assert.equal((await progress(trainee, id)).started_on, monthsAgo(6, 10), 'nothing changed by the refusals');
  });

  test('supervisors sign competencies off (once); eligibility follows; what is missing is named', async () => {
    const id = trainee.user.id;
    const comps = (await (await supervisor.fetch('/api/v1/competencies')).json()).items.filter((c) => !c.retired_at);
    const [first, second, third] = comps;
    let r = await supervisor.json('POST', `/api/v1/staff/${id}/competencies`, { competency_id: first.id, completed_on: daysFrom(-20) });
    assert.equal(r.status, 201);
    r = await supervisor.form(`/staff/${id}/competencies`, { competency_id: String(second.id), completed_on: daysFrom(-5) });
    assert.equal(r.status, 303);
    let p = await progress(trainee, id);
    assert.equal(p.competencies_done, 2);
    assert.equal(p.eligible, false);
    assert.equal(p.missing.length, 1);
    assert.match(p.missing[0], new RegExp(`1 of the 3 required competencies not completed: ${third.name}`));
    assert.equal(p.competencies.find((c) => c.id === first.id).signed_by, supervisor.user.name);
    for (const [body, field, status] of [[{ competency_id: first.id, completed_on: today() }, 'competency_id', 409],
      [{ competency_id: 999999, completed_on: today() }, 'competency_id', 400],
      [{ competency_id: third.id, completed_on: daysFrom(2) }, 'completed_on', 400],
      [{ competency_id: third.id, completed_on: '2026-02-29' }, 'completed_on', 400],
      [{ competency_id: third.id }, 'completed_on', 400], [{ completed_on: today() }, 'competency_id', 400],
      [{ competency_id: String(third.id), completed_on: today() }, 'competency_id', 400]]) {
      r = await supervisor.json('POST', `/api/v1/staff/${id}/competencies`, body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field);
    }
    for (const who of [manager, peer, trainee]) {
      assert.equal((await who.json('POST', `/api/v1/staff/${id}/competencies`, { competency_id: third.id, completed_on: today() })).status, 403);
    }
    r = await supervisor.json('POST', `/api/v1/staff/${peer.user.id}/competencies`, { competency_id: third.id, completed_on: today() });
    assert.equal(r.status, 409);
    assert.equal((await r.json()).error.field, 'role');
    // withdrawn and signed again
    assert.equal((await supervisor.fetch(`/api/v1/staff/${id}/competencies/${second.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await supervisor.fetch(`/api/v1/staff/${id}/competencies/${second.id}`, { method: 'DELETE' })).status, 404);
    assert.equal((await progress(trainee, id)).competencies_done, 1);
    r = await supervisor.json('POST', `/api/v1/staff/${id}/competencies`, { competency_id: second.id, completed_on: daysFrom(-5) });
    assert.equal(r.status, 201);
    r = await supervisor.json('POST', `/api/v1/staff/${id}/competencies`, { competency_id: third.id, completed_on: daysFrom(-1) });
    p = await r.json();
    assert.equal(p.competencies_done, 3);
    assert.equal(p.eligible, true, 'six months past, every competency done, no hours required');
    assert.equal(p.eligible_on, daysFrom(-1), 'the later of the period end and the last competency');
    assert.deepEqual(p.missing, []);
    // hours required (the settings): not eligible until logged
    sqlDirect(s, 'UPDATE workforce_settings SET trainee_hours = 2');
    p = await progress(supervisor, id);
    assert.equal(p.eligible, false);
    assert.match(p.missing[0], /^0\.0 of the 2 supervised hours required/);
    r = await supervisor.json('POST', '/api/v1/supervision/sessions',
      { supervisee_id: id, held_on: daysFrom(-2), minutes: 90, topics: 'Boundaries' });
    assert.equal(r.status, 201);
    p = await progress(supervisor, id);
    assert.equal(p.supervised_hours, 1.5);
    assert.equal(p.eligible, false);
    await supervisor.json('POST', '/api/v1/supervision/sessions',
      { supervisee_id: id, held_on: daysFrom(-1), minutes: 30, topics: 'Documentation' });
    p = await progress(supervisor, id);
    assert.equal(p.supervised_hours, 2);
    assert.equal(p.eligible, true);
    assert.ok(Number(sql(s, "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'trainee_competency'")) >= 5);
  });

  test('the Today page lists trainees near promotion for their supervisors', async () => {
    const today1 = await (await supervisor.fetch('/api/v1/today')).json();
    const near = today1.sections.find((x) => x.name === 'trainees_near_promotion');
    assert.ok(near, 'a supervisor has the section');
    assert.deepEqual(near.items.map((i) => [i.id, i.eligible_now]), [[trainee.user.id, true]], 'the new trainee is six months away');
    assert.equal(near.items[0].url, `/staff/${trainee.user.id}/progress`);
    // a trainee three weeks away is listed, not eligible yet
    await manager.json('PUT', `/api/v1/staff/${trainee2.user.id}/progress`, { started_on: monthsAgo(6, -21) });
    const again = (await (await supervisor.fetch('/api/v1/today')).json()).sections.find((x) => x.name === 'trainees_near_promotion');
    const t2 = again.items.find((i) => i.id === trainee2.user.id);
    assert.equal(t2.eligible_now, false);
    assert.ok(t2.eligible_on > today() && t2.eligible_on <= daysFrom(30), t2.eligible_on);
    assert.match(t2.detail, /^Eligible on \d{4}-\d\d-\d\d; still missing: 3 of the 3 required competencies/);
    const page = await (await supervisor.fetch('/')).text();
    assert.match(page, /<h2[^>]*>Trainees near promotion<\/h2>/);
    assert.match(page, /Eligible now<\/span>/);
    const other = (await (await otherSupervisor.fetch('/api/v1/today')).json()).sections.find((x) => x.name === 'trainees_near_promotion');
    assert.deepEqual(other.items, [], "another team's supervisor is not told");
    for (const who of [peer, trainee, manager]) {
      const names = (await (await who.fetch('/api/v1/today')).json()).sections.map((x) => x.name);
      assert.ok(!names.includes('trainees_near_promotion'), who.user.role);
    }
  });

  test('promotion: a supervisor only, of a trainee only, when eligible unless overridden with a reason', async () => {
    const id = trainee2.user.id; // not eligible: competencies missing, period not over
    for (const who of [peer, trainee, manager, admin]) {
      assert.equal((await who.json('POST', `/api/v1/staff/${id}/promote`, {})).status, 403, who.user.role);
      assert.equal((await who.form(`/staff/${id}/promote`, {})).status, 403);
    }
    let r = await supervisor.json('POST', `/api/v1/staff/${peer.user.id}/promote`, {});
    assert.equal(r.status, 409);
    assert.equal((await r.json()).error.field, 'role');
    r = await supervisor.json('POST', `/api/v1/staff/${id}/promote`, {});
    assert.equal(r.status, 409);
    let err = (await r.json()).error;
    assert.equal(err.field, 'override');
    assert.match(err.message, /Not eligible yet: 3 of the 3 required competencies not completed.*the trainee period runs until/);
    for (const [body, field] of [[{ override: true }, 'reason'], [{ override: true, reason: '   ' }, 'reason'],
      [{ override: true, reason: 'x'.repeat(1001) }, 'reason'], [{ override: 'yes', reason: 'r' }, 'override'],
      [{ reason: 7 }, 'reason'], [{ promote: true }, 'promote']]) {
      r = await supervisor.json('POST', `/api/v1/staff/${id}/promote`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field);
    }
    r = await supervisor.form(`/staff/${id}/promote`, { reason: 'no tick' });
    assert.equal(r.status, 409);
    const page = await r.text();
    assert.match(page, /href="#override"/);
    assert.match(page, /no tick/, 'the reason as typed');
    assert.equal(sql(s, `SELECT role FROM users WHERE id = ${id}`), 'peer_trainee', 'nothing written');
    assert.equal(sql(s, `SELECT COALESCE(promoted_on, 'none') FROM trainee_progress WHERE user_id = ${id}`), 'none');
    // overridden, with the reason kept
    r = await supervisor.json('POST', `/api/v1/staff/${id}/promote`, { override: true, reason: 'Certified in another state.' });
    assert.equal(r.status, 200);
    const p = await r.json();
    assert.equal(p.role, 'peer_specialist');
    assert.equal(p.promoted_on, today());
    assert.equal(p.promoted_by, supervisor.user.name);
    assert.equal(p.override_reason, 'Certified in another state.');
    r = await supervisor.json('POST', `/api/v1/staff/${id}/promote`, { override: true, reason: 'again' });
    assert.equal(r.status, 409, 'a trainee no more');
    err = (await r.json()).error;
    assert.equal(err.field, 'role');
    const audit = sql(s, `SELECT action || ' ' || entity_type || ' ' || detail FROM audit_log WHERE entity_id = '${id}'
      AND entity_type IN ('user', 'trainee_progress') AND action = 'update' ORDER BY id`);
    assert.match(audit, /update user role=peer_specialist\nupdate trainee_progress promoted to peer_specialist before eligibility \(override\)/);
  });

  test('promotion stops co-signature for new notes only', async () => {
    const id = trainee.user.id; // eligible (above)
    const contact = async (who, cid) => (await who.fetch(`/api/v1/persons/${pid}/contacts/${cid}`)).json();
    const earlier = (await (await trainee.json('POST', `/api/v1/persons/${pid}/contacts`, note())).json()).id;
    assert.equal((await supervisor.json('POST', `/api/v1/persons/${pid}/contacts/${earlier}/cosign`, { decision: 'cosign' })).status, 204);
    const a = (await (await trainee.json('POST', `/api/v1/persons/${pid}/contacts`, note({ starts_at: '10:00', ends_at: '10:30' }))).json()).id;
    assert.equal((await contact(trainee, a)).cosign_state, 'pending');
    const r = await supervisor.form(`/staff/${id}/promote`, {});
    assert.equal(r.status, 303, 'eligible: no override needed');
    assert.equal(sql(s, `SELECT role FROM users WHERE id = ${id}`), 'peer_specialist');
    assert.equal(sql(s, `SELECT COALESCE(override_reason, 'none') FROM trainee_progress WHERE user_id = ${id}`), 'none');
    // the same session, signing again: no co-signature any more
    const b = (await (await trainee.json('POST', `/api/v1/persons/${pid}/contacts`, note({ starts_at: '11:00', ends_at: '11:30' }))).json()).id;
    const noteB = await contact(trainee, b);
    assert.notEqual(noteB.cosign_state, 'pending', 'B needs no co-signature');
    assert.equal(noteB.signed_at.length > 0, true);
    const queue = (await (await supervisor.fetch('/api/v1/supervision/queue')).json()).items;
    assert.ok(queue.some((i) => i.kind === 'note' && i.id === a), 'A still waits for its co-signature');
    assert.ok(!queue.some((i) => i.kind === 'note' && i.id === b));
    assert.equal((await contact(supervisor, earlier)).cosign_state, 'cosigned', 'the earlier note keeps its co-signature');
    assert.equal((await supervisor.json('POST', `/api/v1/persons/${pid}/contacts/${a}/cosign`, { decision: 'cosign' })).status, 204);
    assert.equal((await contact(trainee, a)).cosign_state, 'cosigned', 'A co-signable after the promotion');
    const record = await (await trainee.fetch(`/staff/${id}`)).text();
    assert.match(record, /Promoted to peer specialist on \d{4}-\d\d-\d\d by /);
  });

  test('the supervision log: individual (the old shape) and group sessions, notes and actions', async () => {
    let r = await supervisor.json('POST', '/api/v1/supervision/sessions',
      { supervisee_id: peer.user.id, held_on: daysFrom(-3), minutes: 45, topics: 'Caseload', notes: 'Going well.', actions: 'Read the policy.' });
    assert.equal(r.status, 201);
    const single = (await r.json()).id;
    r = await supervisor.json('POST', '/api/v1/supervision/sessions',
      { kind: 'group', supervisee_ids: [peer.user.id, trainee2.user.id], held_on: daysFrom(-2), minutes: 60, topics: 'Ethics' });
    assert.equal(r.status, 201);
    const g = await r.json();
    assert.equal(g.group_id, g.id);
    assert.equal(g.ids.length, 2);
    assert.equal(g.ids[0], g.id);
    const list = (await (await supervisor.fetch('/api/v1/supervision/sessions')).json()).items;
    const one = list.find((x) => x.id === single);
    assert.equal(one.kind, 'individual');
    assert.equal(one.notes, 'Going well.');
    assert.equal(one.actions, 'Read the policy.');
    assert.equal(one.acknowledged_at, null);
    const group = list.filter((x) => x.group_id === g.id);
    assert.deepEqual(group.map((x) => x.supervisee_id).sort(), [peer.user.id, trainee2.user.id].sort());
    assert.ok(group.every((x) => x.kind === 'group' && x.minutes === 60));
    // supervisee_ids alone means a group; the form logs one too
    r = await supervisor.json('POST', '/api/v1/supervision/sessions',
      { supervisee_ids: [trainee2.user.id, peer.user.id], held_on: daysFrom(-1), minutes: 30, topics: 'Self-care' });
    assert.equal(r.status, 201);
    r = await supervisor.fetch('/supervision/sessions', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `csrf_token=${encodeURIComponent(supervisor.csrf)}&kind=group&supervisee_ids=${peer.user.id}&supervisee_ids=${trainee2.user.id}`
        + `&held_on=${daysFrom(-1)}&minutes=20&topics=Debrief&notes=&actions=` });
    assert.equal(r.status, 303);
    assert.equal(Number(sql(s, "SELECT COUNT(*) FROM supervision_sessions WHERE kind = 'group'")), 6);
    assert.ok(Number(sql(s, "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'supervision_session' AND action = 'create'")) >= 4);
  });

  test('the supervision log refuses bad sessions, naming the field, and writes nothing', async () => {
    const before = sql(s, 'SELECT COUNT(*) FROM supervision_sessions');
    const disabled = addUser(s, { role: 'peer_specialist' });
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: disabled.email });
    sqlDirect(s, `UPDATE users SET disabled = 1 WHERE id = ${disabled.id}`);
    const base = { supervisee_id: peer.user.id, held_on: daysFrom(-1), minutes: 30, topics: 'x' };
    for (const [body, field] of [[{ minutes: -5 }, 'minutes'], [{ minutes: 0 }, 'minutes'], [{ minutes: 601 }, 'minutes'],
      [{ supervisee_id: supervisor.user.id }, 'supervisee_id'], [{ supervisee_id: disabled.id }, 'supervisee_id'],
      [{ supervisee_id: outsider.user.id }, 'supervisee_id'], [{ supervisee_id: manager.user.id }, 'supervisee_id'],
      [{ kind: 'group', supervisee_id: undefined, supervisee_ids: [peer.user.id] }, 'supervisee_ids'],
      [{ kind: 'group', supervisee_id: undefined, supervisee_ids: [peer.user.id, supervisor.user.id] }, 'supervisee_ids'],
      [{ kind: 'group', supervisee_id: undefined, supervisee_ids: [peer.user.id, peer.user.id] }, 'supervisee_ids'],
      [{ kind: 'group', supervisee_id: undefined, supervisee_ids: [peer.user.id, outsider.user.id] }, 'supervisee_ids'],
      [{ kind: 'group', supervisee_id: undefined, supervisee_ids: [peer.user.id, disabled.id] }, 'supervisee_ids'],
      [{ kind: 'group', supervisee_ids: [trainee2.user.id, outsider.user.id] }, 'supervisee_id'],
      [{ kind: 'group', supervisee_id: undefined, supervisee_ids: 'all' }, 'supervisee_ids'],
      [{ kind: 'group', supervisee_id: undefined, supervisee_ids: [String(peer.user.id), trainee2.user.id] }, 'supervisee_ids'],
      [{ kind: 'group', supervisee_id: undefined, supervisee_ids: Array.from({ length: 31 }, (_, i) => i + 1) }, 'supervisee_ids'],
      [{ kind: 'individual', supervisee_ids: [peer.user.id, trainee2.user.id] }, 'supervisee_ids'],
      [{ kind: 'pair' }, 'kind'], [{ notes: 'x'.repeat(4001) }, 'notes'], [{ actions: 'x'.repeat(4001) }, 'actions'],
      [{ notes: 5 }, 'notes'], [{ acknowledged_at: '2026-01-01' }, 'acknowledged_at'], [{ group_id: 3 }, 'group_id']]) {
      const r = await supervisor.json('POST', '/api/v1/supervision/sessions', { ...base, ...body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body));
    }
    let r = await supervisor.form('/supervision/sessions', { kind: 'individual', supervisee_id: String(peer.user.id),
      held_on: daysFrom(-1), minutes: '-5', topics: 'Negative' });
    assert.equal(r.status, 400);
    let page = await r.text();
    assert.match(page, /href="#minutes"/);
    assert.match(page, /Negative/, 'as typed');
    r = await supervisor.form('/supervision/sessions', { kind: 'group', supervisee_ids: String(peer.user.id),
      held_on: daysFrom(-1), minutes: '30', topics: 'Alone' });
    assert.equal(r.status, 400);
    page = await r.text();
    assert.match(page, /href="#supervisee_ids"/);
    assert.match(page, new RegExp(`id="supervisee_ids-${peer.user.id}" name="supervisee_ids" value="${peer.user.id}" checked`));
    assert.equal(sql(s, 'SELECT COUNT(*) FROM supervision_sessions'), before, 'nothing half-written');
    assert.equal((await peer.json('POST', '/api/v1/supervision/sessions', base)).status, 403);
  });

  test('hours per period, and the supervisee reads and acknowledges their own entries', async () => {
    const id = trainee2.user.id;
    const j = await (await trainee2.fetch(`/api/v1/staff/${id}/supervision`)).json();
    assert.ok(j.items.length >= 3);
    assert.equal(j.totals.last_12_months.minutes, 60 + 30 + 20);
    assert.equal(j.totals.last_12_months.hours, 1.8);
    assert.equal(j.totals.period.from, j.totals.last_12_months.from, 'the period defaults to the last 12 months');
    assert.equal(j.totals.this_month.from, `${today().slice(0, 8)}01`);
    const ranged = await (await supervisor.fetch(`/api/v1/staff/${id}/supervision?from=${daysFrom(-1)}&to=${daysFrom(-1)}`)).json();
    assert.equal(ranged.totals.period.minutes, 50);
    assert.ok(ranged.items.every((x) => x.held_on === daysFrom(-1)));
    for (const [q, field] of [['from=2026-02-30', 'from'], ['to=soon', 'to'], [`from=${today()}&to=${daysFrom(-3)}`, 'to']]) {
      const r = await trainee2.fetch(`/api/v1/staff/${id}/supervision?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal((await r.json()).error.field, field);
    }
    for (const who of [manager, admin, supervisor, otherSupervisor]) {
      assert.equal((await who.fetch(`/api/v1/staff/${id}/supervision`)).status, 200);
    }
    for (const who of [peer, trainee]) assert.equal((await who.fetch(`/api/v1/staff/${id}/supervision`)).status, 404);
    // acknowledging: the supervisee only, once
    const sid = j.items[0].id;
    const peerSession = (await (await peer.fetch(`/api/v1/staff/${peer.user.id}/supervision`)).json()).items[0].id;
    for (const who of [supervisor, manager, admin, peer]) {
      assert.equal((await who.json('POST', `/api/v1/staff/${id}/supervision/${sid}/acknowledge`)).status, 404, who.user.role);
    }
    assert.equal((await trainee2.json('POST', `/api/v1/staff/${id}/supervision/${peerSession}/acknowledge`)).status, 404,
      "another's session under one's own id");
    assert.equal((await trainee2.json('POST', `/api/v1/staff/${id}/supervision/999999/acknowledge`)).status, 404);
    assert.equal((await trainee2.json('POST', `/api/v1/staff/${id}/supervision/${sid}/acknowledge`)).status, 204);
    assert.equal((await trainee2.json('POST', `/api/v1/staff/${id}/supervision/${sid}/acknowledge`)).status, 409);
    let page = await (await trainee2.fetch(`/staff/${id}/supervision`)).text();
    assert.match(page, /Acknowledged \d{4}-/);
    const other = j.items[1].id;
    assert.match(page, new RegExp(`action="/staff/${id}/supervision/${other}/acknowledge"`));
    assert.equal((await trainee2.form(`/staff/${id}/supervision/${other}/acknowledge`, {})).status, 303);
    const after = (await (await supervisor.fetch(`/api/v1/staff/${id}/supervision`)).json()).items;
    assert.ok(after.find((x) => x.id === sid).acknowledged_at);
    assert.ok(after.find((x) => x.id === other).acknowledged_at);
    page = await (await supervisor.fetch(`/staff/${id}/supervision`)).text();
    assert.doesNotMatch(page, /acknowledge"/, 'only the supervisee has the button');
    assert.equal(Number(sql(s, `SELECT COUNT(*) FROM audit_log WHERE entity_type = 'supervision_session' AND detail = 'acknowledged'`)), 2);
    assert.ok(Number(sql(s, `SELECT COUNT(*) FROM audit_log WHERE entity_type = 'supervision_log' AND action = 'read'`)) > 5);
    const refused = await trainee2.fetch(`/staff/${id}/supervision?from=2026-99-01`);
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /href="#from"/);
  });

  test('the staff record and the supervisor page show progression and hours', async () => {
    const record = await (await supervisor.fetch(`/staff/${trainee2.user.id}`)).text();
    assert.match(record, /<h2 id="sr-\d+">Trainee progression<\/h2>/);
    assert.match(record, /<h2 id="sr-\d+">Supervision<\/h2>/);
    assert.match(record, /Supervised: 1\.8 hours this month|Supervised: \d+\.\d hours this month/);
    const sup = await (await supervisor.fetch('/supervision')).text();
    assert.match(sup, /Supervised hours, for certification/);
    assert.match(sup, new RegExp(`href="/staff/${trainee2.user.id}/supervision">${trainee2.user.name}</a>`));
    const ranged = await (await supervisor.fetch(`/supervision?from=${daysFrom(-1)}&to=${today()}`)).text();
    assert.match(ranged, new RegExp(`<th scope="col">${daysFrom(-1)} to ${today()}</th>`));
    const bad = await (await supervisor.fetch('/supervision?from=never')).text();
    assert.match(bad, /href="#from"/);
    const progressPage = await (await trainee.fetch(`/staff/${trainee.user.id}/progress`)).text();
    assert.match(progressPage, /Promoted to peer specialist on/);
    const own = await (await trainee2.fetch(`/staff/${trainee2.user.id}`)).text();
    assert.match(own, /Promoted to peer specialist on .* before eligibility: Certified in another state\./);
  });

  test('a disabled or missing staff record is refused alike; signed-out callers are sent to sign in', async () => {
    const fresh = await staff(s, 'peer_trainee');
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: fresh.user.email });
    const page = await (await supervisor.fetch(`/staff/${fresh.user.id}/progress`)).text();
    assert.match(page, /Sign it off/, 'the supervisor signs competencies off');
    assert.match(page, /Promote before eligibility/);
    assert.match(page, /Save the start date/);
    const managerPage = await (await manager.fetch(`/staff/${fresh.user.id}/progress`)).text();
    assert.doesNotMatch(managerPage, /Sign it off|Promote to peer/, 'a manager sets the start date only');
    assert.match(managerPage, /Save the start date/);
    const own = await (await fresh.fetch(`/staff/${fresh.user.id}/progress`)).text();
    assert.doesNotMatch(own, /action="\/staff\//, 'the trainee reads only');
    const anon = await fetch(`${s.url}/api/v1/staff/${fresh.user.id}/progress`);
    assert.equal(anon.status, 401);
    const again = await signIn(s, fresh.user);
    assert.equal((await again.fetch(`/api/v1/staff/${fresh.user.id}/supervision`)).status, 200);
  });
});
