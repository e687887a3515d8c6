// Follow-up after discharge (issue 25): a discharge makes the follow-ups
// its program's schedule calls for, for the person's team; attempts and
// outcomes are recorded on open ones only; "declined further contact" ends
// them all and stops the next discharge making any; re-engagement enrolls
// again in one step.  Another team never sees or touches them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

const today = () => new Date().toISOString().slice(0, 10);
const daysFrom = (date, n) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

describe(`follow-up after discharge (${BACKEND})`, () => {
  let s, admin, manager, peer, outsider, prog, team, other;
  let n = 0;

  // A person on team t, enrolled in prog, discharged `ago` days ago for
  // reason; returns { pid, eid, followups }.
  async function discharged(by, t, reason = 'moved', ago = 3) {
    const pid = (await (await by.json('POST', '/api/v1/persons', { legal_name: `Person ${++n}`,
      date_of_birth: '1980-01-01', record_number: `F-${n}`, recovery_stage: 'stabilization', team_id: t })).json()).id;
    const on = daysFrom(today(), -ago);
    const eid = (await (await by.json('POST', `/api/v1/persons/${pid}/enrollments`, { program_id: prog,
      admitted_on: daysFrom(on, -100), admission_reason: 'Referred' })).json()).id;
    const r = await by.json('POST', `/api/v1/persons/${pid}/enrollments/${eid}/discharge`,
      { discharged_on: on, discharge_reason: reason });
    assert.equal(r.status, 204);
    const followups = (await (await by.fetch(`/api/v1/persons/${pid}/followups`)).json()).items;
    return { pid, eid, on, followups };
  }

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'Follow-up program', kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' })).json()).id;
    team = (await (await admin.json('POST', '/api/v1/teams', { name: 'A', program_id: prog })).json()).id;
    other = (await (await admin.json('POST', '/api/v1/teams', { name: 'B', program_id: prog })).json()).id;
    peer = await staff(s);
    outsider = await staff(s);
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
    await admin.json('POST', `/api/v1/teams/${other}/members`, { email: outsider.user.email });
  });
  after(async () => { await s.stop(); });

  test('a discharge makes follow-ups at 7, 30 and 90 days, for the team, and none after a death', async () => {
    const { followups, on } = await discharged(peer, team);
    assert.deepEqual(followups.map((f) => [f.days_after, f.due_on, f.state, f.team_id]),
      [[7, daysFrom(on, 7), 'open', team], [30, daysFrom(on, 30), 'open', team], [90, daysFrom(on, 90), 'open', team]]);
    assert.equal(followups[0].program_name, 'Follow-up program');
    assert.equal(followups[0].discharged_on, on);
    const died = await discharged(peer, team, 'deceased');
    assert.deepEqual(died.followups, [], 'no follow-up after a death');
  });

  test('the schedule is the program\'s: edited, per reason, and bad days are refused naming the field', async () => {
    let r = await manager.fetch(`/api/v1/programs/${prog}/followup-schedule`);
    assert.deepEqual(await r.json(), { no_contact_days: 30, default_days: [7, 30, 90], by_reason: { deceased: [] } });
    const bad = [
      [{ no_contact_days: 30, default_days: [7, -3] }, 'days_default'],
      [{ no_contact_days: 30, default_days: [7, 7] }, 'days_default'],
      [{ no_contact_days: 30, default_days: [0] }, 'days_default'],
      [{ no_contact_days: 30, default_days: [1.5] }, 'default_days'],
      [{ no_contact_days: 30, default_days: '7,30' }, 'default_days'],
      [{ no_contact_days: 0, default_days: [7] }, 'no_contact_days'],
      [{ no_contact_days: '30', default_days: [7] }, 'no_contact_days'],
      [{ no_contact_days: 30, default_days: [7], by_reason: { bored: [3] } }, 'by_reason'],
      [{ no_contact_days: 30, default_days: [7], by_reason: { moved: [3, 3] } }, 'days_moved'],
      [{ no_contact_days: 30, default_days: [7], typo: 1 }, 'typo'],
    ];
    for (const [body, field] of bad) {
      r = await manager.json('PUT', `/api/v1/programs/${prog}/followup-schedule`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body));
    }
    r = await peer.json('PUT', `/api/v1/programs/${prog}/followup-schedule`, { no_contact_days: 10, default_days: [1] });
    assert.equal(r.status, 403, 'a peer may not change the schedule');
    r = await manager.fetch(`/api/v1/programs/${prog}/followup-schedule`);
    assert.deepEqual((await r.json()).default_days, [7, 30, 90], 'nothing refused was saved');

    r = await manager.json('PUT', `/api/v1/programs/${prog}/followup-schedule`,
      { no_contact_days: 14, default_days: [30, 2], by_reason: { moved: [5], deceased: [] } });
    assert.equal(r.status, 204);
    assert.deepEqual(await (await manager.fetch(`/api/v1/programs/${prog}/followup-schedule`)).json(),
      { no_contact_days: 14, default_days: [2, 30], by_reason: { moved: [5], deceased: [] } });
    assert.deepEqual((await discharged(peer, team, 'moved')).followups.map((f) => f.days_after), [5]);
    assert.deepEqual((await discharged(peer, team, 'goals_met')).followups.map((f) => f.days_after), [2, 30]);

    // the page: every fault listed at once, as typed
    const page = await manager.form(`/programs/${prog}/followups`, { no_contact_days: 'x', days_default: '7, -1',
      days_moved: '3, 3', days_deceased: 'none' });
    assert.equal(page.status, 400);
    const html = await page.text();
    assert.match(html, /href="#no_contact_days"/);
    assert.match(html, /href="#days_default"/);
    assert.match(html, /href="#days_moved"/);
    assert.match(html, /value="7, -1"/, 'kept as typed');
    r = await manager.form(`/programs/${prog}/followups`, { no_contact_days: '30', days_default: '7 30 90',
      days_deceased: 'none' });
    assert.equal(r.status, 303);
    assert.deepEqual((await (await manager.fetch(`/api/v1/programs/${prog}/followup-schedule`)).json()).default_days,
      [7, 30, 90]);
  });

  test('attempts and an outcome are recorded on an open follow-up; a closed one refuses more', async () => {
    const { pid, followups } = await discharged(peer, team);
    const f = followups[0];
    const url = `/api/v1/persons/${pid}/followups/${f.id}`;
    const bad = [
      [{ method: 'phone', result: 'no_answer' }, 'attempted_on'],
      [{ attempted_on: daysFrom(today(), 2), method: 'phone', result: 'no_answer' }, 'attempted_on'],
      [{ attempted_on: today(), method: 'pigeon', result: 'no_answer' }, 'method'],
      [{ attempted_on: today(), method: 'phone' }, 'result'],
      [{ attempted_on: today(), method: 'phone', result: 'no_answer', note: 'x'.repeat(1001) }, 'note'],
      [{ attempted_on: today(), method: 'phone', result: 'no_answer', staff_id: 1 }, 'staff_id'],
    ];
    for (const [body, field] of bad) {
      const r = await peer.json('POST', `${url}/attempts`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body));
    }
    let r = await peer.json('POST', `${url}/attempts`, { attempted_on: today(), method: 'phone', result: 'left_message',
      note: 'Voicemail <ok>' });
    assert.equal(r.status, 201);
    r = await peer.json('POST', `${url}/outcome`, { outcome: 'ended' });
    assert.equal(r.status, 400, '"ended" is not a peer\'s to choose');
    assert.equal((await r.json()).error.field, 'outcome');
    r = await peer.json('POST', `${url}/outcome`, { outcome: 'reached', outcome_note: 'Doing well at her sister\'s' });
    assert.equal(r.status, 204);
    const got = await (await peer.fetch(url)).json();
    assert.equal(got.state, 'closed');
    assert.equal(got.outcome, 'reached');
    assert.deepEqual(got.attempts.map((a) => [a.method, a.result, a.note]), [['phone', 'left_message', 'Voicemail <ok>']]);
    r = await peer.json('POST', `${url}/outcome`, { outcome: 'not_reached' });
    assert.equal(r.status, 409, 'an outcome on a closed follow-up');
    assert.equal((await r.json()).error.field, 'outcome');
    r = await peer.json('POST', `${url}/attempts`, { attempted_on: today(), method: 'text', result: 'reached' });
    assert.equal(r.status, 409);
    assert.equal((await r.json()).error.field, 'result');
    assert.equal((await (await peer.fetch(url)).json()).attempts.length, 1, 'nothing half-written');
    // the others stay open
    const rest = (await (await peer.fetch(`/api/v1/persons/${pid}/followups`)).json()).items;
    assert.deepEqual(rest.map((x) => x.state), ['closed', 'open', 'open']);
    const page = await (await peer.fetch(`/persons/${pid}/followups/${f.id}`)).text();
    assert.match(page, /Voicemail &lt;ok&gt;/);
    assert.doesNotMatch(page, /Record the attempt/, 'a closed follow-up offers no forms');
  });

  test('"declined further contact" ends every follow-up and the next discharge makes none, until they come back', async () => {
    const { pid, followups } = await discharged(peer, team);
    let r = await peer.json('POST', `/api/v1/persons/${pid}/followups/${followups[0].id}/attempts`,
      { attempted_on: today(), method: 'phone', result: 'declined', note: 'Asked us not to call' });
    assert.equal(r.status, 201);
    const after = (await (await peer.fetch(`/api/v1/persons/${pid}/followups`)).json()).items;
    assert.deepEqual(after.map((x) => [x.state, x.outcome]), [['closed', 'declined'], ['closed', 'ended'], ['closed', 'ended']]);
    const due = (await (await peer.fetch(`/api/v1/followups?through=${daysFrom(today(), 400)}`)).json()).items;
    assert.ok(!due.some((x) => x.person_id === pid), 'gone from the worklist');
    assert.match(await (await peer.fetch(`/persons/${pid}/followups`)).text(), /Declined further contact on/);
    // enrolled again and discharged again: still declined? No: enrolling again lifts it.
    // Discharged again without re-enrolling is impossible, so check the rule straight: a second
    // stay's discharge while declined makes none.
    const e2 = (await (await peer.json('POST', `/api/v1/persons/${pid}/enrollments`, { program_id: prog,
      admitted_on: today(), admission_reason: 'Back' })).json()).id;
    sqlDirect(s, `INSERT INTO contact_declines (person_id, declined_on, recorded_by, recorded_at)
      VALUES (${pid}, '${today()}', ${peer.user.id ?? 1}, '${today()}T00:00:00Z')`);
    r = await peer.json('POST', `/api/v1/persons/${pid}/enrollments/${e2}/discharge`,
      { discharged_on: today(), discharge_reason: 'moved' });
    assert.equal(r.status, 204);
    const open = (await (await peer.fetch(`/api/v1/persons/${pid}/followups`)).json()).items.filter((x) => x.state === 'open');
    assert.deepEqual(open, [], 'a decline is honoured at the next discharge');
  });

  test('re-engagement enrolls again in one step, keeping the history; twice is refused', async () => {
    const { pid, eid, followups } = await discharged(peer, team);
    const url = `/api/v1/persons/${pid}/followups/${followups[1].id}/reengage`;
    let r = await peer.json('POST', url, { admitted_on: daysFrom(today(), 3), admission_reason: 'Back' });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'admitted_on');
    r = await peer.json('POST', url, { admitted_on: today(), admission_reason: '' });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'admission_reason');
    r = await peer.json('POST', url, { admitted_on: today(), admission_reason: 'Called back, wants to return' });
    assert.equal(r.status, 201);
    const enrollments = (await (await peer.fetch(`/api/v1/persons/${pid}/enrollments`)).json()).items;
    assert.equal(enrollments.length, 2, 'the old stay is kept');
    assert.ok(enrollments.some((x) => x.id === eid && !x.enrolled));
    assert.ok(enrollments.some((x) => x.enrolled && x.admission_reason === 'Called back, wants to return'));
    const fs = (await (await peer.fetch(`/api/v1/persons/${pid}/followups`)).json()).items;
    assert.deepEqual(fs.map((x) => x.outcome), ['ended', 're_engaged', 'ended']);
    r = await peer.json('POST', `/api/v1/persons/${pid}/followups/${followups[0].id}/reengage`,
      { admitted_on: today(), admission_reason: 'Again' });
    assert.equal(r.status, 409, 'a closed follow-up cannot re-enroll');
    // enrolled already, through an open follow-up of another discharge
    const other = await discharged(peer, team);
    await peer.json('POST', `/api/v1/persons/${other.pid}/enrollments`, { program_id: prog,
      admitted_on: today(), admission_reason: 'Walked in' });
    sqlDirect(s, `UPDATE followups SET state = 'open', outcome = '', closed_at = NULL WHERE id = ${other.followups[0].id}`);
    r = await peer.json('POST', `/api/v1/persons/${other.pid}/followups/${other.followups[0].id}/reengage`,
      { admitted_on: today(), admission_reason: 'Again' });
    assert.equal(r.status, 409);
    assert.equal((await r.json()).error.field, 'program_id');
    assert.equal((await (await peer.fetch(`/api/v1/persons/${other.pid}/enrollments`)).json()).items.length, 2,
      'nothing half-written');
    assert.equal((await (await peer.fetch(`/api/v1/persons/${other.pid}/followups/${other.followups[0].id}`)).json()).state,
      'open', 'the refused re-engagement left the follow-up open');
  });

  test('the worklist: due and overdue for the user\'s teams only, not tomorrow\'s, oldest first', async () => {
    const mine = await discharged(peer, team, 'moved', 40); // 7 and 30 days overdue, 90 ahead
    const theirs = await discharged(outsider, other, 'moved', 40);
    const tomorrow = await discharged(peer, team, 'moved', 6); // its 7-day one is due tomorrow
    const due = (await (await peer.fetch('/api/v1/followups')).json()).items;
    assert.ok(due.some((x) => x.id === mine.followups[0].id));
    assert.ok(due.some((x) => x.id === mine.followups[1].id));
    assert.ok(!due.some((x) => x.id === mine.followups[2].id), 'not yet due');
    assert.ok(!due.some((x) => x.id === tomorrow.followups[0].id), 'due tomorrow is not listed today');
    assert.ok(!due.some((x) => x.person_id === theirs.pid), 'another team\'s never');
    const dates = due.map((x) => x.due_on);
    assert.deepEqual(dates, [...dates].sort(), 'oldest first');
    const page = await (await peer.fetch('/followups')).text();
    assert.match(page, new RegExp(`/persons/${mine.pid}/followups/${mine.followups[0].id}`));
    assert.match(page, /Overdue/);
    assert.doesNotMatch(page, new RegExp(`/persons/${theirs.pid}/`));
    let r = await peer.fetch('/api/v1/followups?through=2026-02-30');
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'through');
    // listing is one audit entry, not a read of each person
    const audit = sqlDirect(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'list' AND entity_type = 'followups_due'");
    assert.ok(Number(audit.out.trim()) >= 2, audit.err);
  });

  test('another team\'s follow-up cannot be read or changed; a peer on none sees no list', async () => {
    const theirs = await discharged(outsider, other);
    const f = theirs.followups[0];
    for (const [method, path, body] of [
      ['GET', `/api/v1/persons/${theirs.pid}/followups`],
      ['GET', `/api/v1/persons/${theirs.pid}/followups/${f.id}`],
      ['POST', `/api/v1/persons/${theirs.pid}/followups/${f.id}/attempts`, { attempted_on: today(), method: 'phone', result: 'reached' }],
      ['POST', `/api/v1/persons/${theirs.pid}/followups/${f.id}/outcome`, { outcome: 'reached' }],
      ['POST', `/api/v1/persons/${theirs.pid}/followups/${f.id}/reengage`, { admitted_on: today(), admission_reason: 'x' }],
    ]) {
      const r = method === 'GET' ? await peer.fetch(path) : await peer.json(method, path, body);
      assert.equal(r.status, 404, `${method} ${path}`);
    }
    // a follow-up id of another person, under a person of mine
    const mine = await discharged(peer, team);
    const r = await peer.fetch(`/api/v1/persons/${mine.pid}/followups/${f.id}`);
    assert.equal(r.status, 404);
    const still = (await (await outsider.fetch(`/api/v1/persons/${theirs.pid}/followups/${f.id}`)).json());
    assert.deepEqual(still.attempts, []);
    assert.equal(still.state, 'open');
  });

  test('the pages: record an attempt and an outcome on the phone form; a refused form keeps what was typed', async () => {
    const { pid, followups } = await discharged(peer, team);
    const path = `/persons/${pid}/followups/${followups[0].id}`;
    let r = await peer.form(`${path}/attempts`, { attempted_on: today(), method: 'phone', result: '', note: 'Tried twice' });
    assert.equal(r.status, 400);
    let html = await r.text();
    assert.match(html, /href="#result"/);
    assert.match(html, /Tried twice/);
    r = await peer.form(`${path}/attempts`, { attempted_on: today(), method: 'phone', result: 'no_answer', note: '' });
    assert.equal(r.status, 303);
    r = await peer.form(`${path}/outcome`, { outcome: 'not_reached', outcome_note: 'Three tries' });
    assert.equal(r.status, 303);
    html = await (await peer.fetch(path)).text();
    assert.match(html, /Could not reach them/);
    assert.match(html, /No answer/);
    html = await (await peer.fetch(`/persons/${pid}/followups`)).text();
    assert.match(html, /90 days/);
  });

  test('a transfer takes the open follow-ups to the new team', async () => {
    const { pid, followups } = await discharged(peer, team);
    await admin.json('POST', `/api/v1/teams/${other}/members`, { email: peer.user.email });
    const r = await peer.json('POST', `/api/v1/persons/${pid}/transfer`, { to_team_id: other, transferred_on: today(),
      reason: 'Moved across town' });
    assert.ok(r.status === 201 || r.status === 204 || r.status === 200, `transfer: ${r.status}`);
    const fs = (await (await peer.fetch(`/api/v1/persons/${pid}/followups`)).json()).items;
    assert.deepEqual(fs.map((x) => x.team_id), followups.map(() => other));
  });
});
