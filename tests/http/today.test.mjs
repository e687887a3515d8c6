// The Today page (GET /) and GET /api/v1/today: each role's worklist by
// team — follow-ups due today and overdue (not tomorrow's), unsigned
// drafts, returned notes, persons with no contact lately; a supervisor's
// queue and workload; a manager's accounts and settings — and one audit
// entry per view that lists names, not a read of each person.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

const TODAY = '2026-12-05'; // a Saturday; the week began on 2026-11-30

describe(`Today (${BACKEND})`, () => {
  let s, admin, manager, peer, trainee, supervisor, outsider, prog, teamA, teamB;
  const note = (contact_on, sign = true) => ({ kind: 'phone', contact_on, starts_at: '09:00', ends_at: '09:20',
    location: 'phone', did_together: 'Checked in by phone.', ...(sign ? { sign: true } : {}) });
  const person = async (who, team, legal_name, n) => {
    const r = await who.json('POST', '/api/v1/persons', { legal_name, date_of_birth: '1980-01-01',
      record_number: `T-${n}`, recovery_stage: 'stabilization', team_id: team });
    assert.equal(r.status, 201, await r.clone().text());
    return (await r.json()).id;
  };
  const enroll = async (who, pid, admitted_on = '2026-01-10') => {
    const r = await who.json('POST', `/api/v1/persons/${pid}/enrollments`,
      { program_id: prog, admitted_on, admission_reason: 'Referred by the clinic' });
    assert.equal(r.status, 201, await r.clone().text());
    return (await r.json()).id;
  };
  const discharge = async (who, pid, eid, discharged_on) => {
    const r = await who.json('POST', `/api/v1/persons/${pid}/enrollments/${eid}/discharge`,
      { discharged_on, discharge_reason: 'goals_met' });
    assert.ok(r.status < 300, await r.clone().text());
  };
  const followupsOf = async (who, pid) => (await (await who.fetch(`/api/v1/persons/${pid}/followups`)).json()).items;
  const today = async (who) => {
    const r = await who.fetch('/api/v1/today');
    assert.equal(r.status, 200);
    return r.json();
  };
  const section = (t, name) => t.sections.find((x) => x.name === name);
  const audits = (who) => sqlDirect(s, `SELECT action || '|' || entity_type || '|' || detail FROM audit_log`
    + ` WHERE user_id = ${who.user.id} ORDER BY id`).out.trim().split('\n').filter(Boolean);

  let dueToday, overdue, tomorrow, declined, otherTeam, quietOld, quietYesterday, quietDischarged;
  before(async () => {
    s = await startServer({ env: { WAYPOINT_TEST_NOW: `${TODAY}T12:00:00Z` } });
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'Today test', kind: 'community', time_zone: 'UTC', unit_rounding: 'eight_minute' })).json()).id;
    teamA = (await (await admin.json('POST', '/api/v1/teams', { name: 'A', program_id: prog })).json()).id;
    teamB = (await (await admin.json('POST', '/api/v1/teams', { name: 'B', program_id: prog })).json()).id;
    peer = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    supervisor = await staff(s, 'supervisor');
    outsider = await staff(s);
    for (const u of [peer, trainee, supervisor]) {
      assert.equal((await admin.json('POST', `/api/v1/teams/${teamA}/members`, { email: u.user.email })).status, 204);
    }
    await admin.json('POST', `/api/v1/teams/${teamB}/members`, { email: outsider.user.email });

    // discharged on 11-28: +7 is today; on 11-20: +7 was 11-27 (overdue);
    // on 11-29: +7 is tomorrow
    const mk = async (who, team, name, n, dischargedOn) => {
      const pid = await person(who, team, name, n);
      await discharge(who, pid, await enroll(who, pid), dischargedOn);
      return { pid, f: (await followupsOf(who, pid))[0] };
    };
    dueToday = await mk(peer, teamA, 'Dana Today', 1, '2026-11-28');
    overdue = await mk(peer, teamA, 'Olu Overdue', 2, '2026-11-20');
    tomorrow = await mk(peer, teamA, 'Tomas Tomorrow', 3, '2026-11-29');
    declined = await mk(peer, teamA, 'Dee Declined', 4, '2026-11-10');
    otherTeam = await mk(outsider, teamB, 'Bea Otherteam', 5, '2026-11-20');

    quietOld = await person(peer, teamA, 'Quinn Quiet', 6);
    await enroll(peer, quietOld);
    quietYesterday = await person(peer, teamA, 'Yara Yesterday', 7);
    await enroll(peer, quietYesterday);
    assert.equal((await peer.json('POST', `/api/v1/persons/${quietYesterday}/contacts`, note('2026-12-04'))).status, 201);
    quietDischarged = await person(peer, teamA, 'Dario Discharged', 8);
    await discharge(peer, quietDischarged, await enroll(peer, quietDischarged), '2026-10-01');
    sqlDirect(s, `UPDATE persons SET last_contact_on = '2026-09-01' WHERE id IN (${quietOld}, ${quietDischarged})`);
  });
  after(async () => { await s.stop(); });

  test('follow-ups due today and overdue are listed, tomorrow\'s and another team\'s are not', async () => {
    assert.equal(dueToday.f.due_on, TODAY);
    assert.equal(tomorrow.f.due_on, '2026-12-06');
    const f = section(await today(peer), 'followups_due');
    const ids = f.items.map((x) => x.id);
    assert.ok(ids.includes(dueToday.f.id), 'due today');
    assert.ok(ids.includes(overdue.f.id), 'overdue');
    assert.ok(!ids.includes(tomorrow.f.id), 'due tomorrow is not today\'s');
    assert.ok(!ids.includes(otherTeam.f.id), 'another team\'s never');
    assert.equal(f.count, f.items.length);
    const o = f.items.find((x) => x.id === overdue.f.id);
    assert.equal(o.overdue, true);
    assert.equal(o.url, `/persons/${overdue.pid}/followups/${overdue.f.id}`);
    assert.equal(f.items.find((x) => x.id === dueToday.f.id).overdue, false);
    const page = await (await peer.fetch('/')).text();
    assert.match(page, new RegExp(`href="/persons/${overdue.pid}/followups/${overdue.f.id}">Olu Overdue</a> <span class="usa-tag[^"]*">Overdue</span>`));
    assert.match(page, new RegExp(`href="/persons/${dueToday.pid}/followups/${dueToday.f.id}">Dana Today</a><br>`));
    assert.doesNotMatch(page, /Tomas Tomorrow|Bea Otherteam/);
    const theirs = section(await today(outsider), 'followups_due').items.map((x) => x.id);
    assert.ok(theirs.includes(otherTeam.f.id) && !theirs.includes(overdue.f.id), 'each team its own');
  });

  test('a decline of further contact takes every follow-up of the person off the list', async () => {
    const before = section(await today(peer), 'followups_due').items.map((x) => x.person_id);
    assert.ok(before.includes(declined.pid));
    const r = await peer.json('POST', `/api/v1/persons/${declined.pid}/followups/${declined.f.id}/attempts`,
      { attempted_on: TODAY, method: 'phone', result: 'declined' });
    assert.ok(r.status < 300, await r.text());
    sqlDirect(s, `UPDATE followups SET due_on = '2026-11-01' WHERE person_id = ${declined.pid}`); // all of them would be due
    const after = section(await today(peer), 'followups_due').items.map((x) => x.person_id);
    assert.ok(!after.includes(declined.pid));
    assert.doesNotMatch(await (await peer.fetch('/')).text(), /Dee Declined/);
  });

  test('no contact lately: an enrolled person with an old contact, not one contacted yesterday nor one discharged', async () => {
    const q = section(await today(peer), 'no_contact');
    const ids = q.items.map((x) => x.person_id);
    assert.ok(ids.includes(quietOld));
    assert.ok(!ids.includes(quietYesterday), 'contacted yesterday');
    assert.ok(!ids.includes(quietDischarged), 'discharged');
    const old = q.items.find((x) => x.person_id === quietOld);
    assert.equal(old.last_contact_on, '2026-09-01');
    assert.equal(old.never_contacted, false);
    assert.equal(old.url, `/persons/${quietOld}`);
    assert.deepEqual(q.items.map((x) => x.last_contact_on ?? ''), [...q.items.map((x) => x.last_contact_on ?? '')].sort(),
      'oldest first (never contacted before all)');
    assert.ok(!section(await today(outsider), 'no_contact').items.some((x) => x.person_id === quietOld), 'team B does not see team A');
    // the program's setting moves the line: 120 days back from today is before 09-01
    sqlDirect(s, `UPDATE programs SET no_contact_days = 120 WHERE id = ${prog}`);
    assert.ok(!section(await today(peer), 'no_contact').items.some((x) => x.person_id === quietOld));
    sqlDirect(s, `UPDATE programs SET no_contact_days = 30 WHERE id = ${prog}`);
    assert.match(await (await peer.fetch('/')).text(), new RegExp(`href="/persons/${quietOld}">Quinn Quiet</a><br><span class="text-base-dark">Last contact 2026-09-01`));
  });

  test('drafts and returned notes appear for their author only; the supervisor sees the queue and workload', async () => {
    const draft = (await (await peer.json('POST', `/api/v1/persons/${quietYesterday}/contacts`, note('2026-12-03', false))).json()).id;
    let d = section(await today(peer), 'drafts');
    assert.deepEqual(d.items.map((x) => x.id), [draft]);
    assert.equal(d.items[0].url, `/persons/${quietYesterday}/contacts/new?draft=${draft}`);
    assert.equal(section(await today(trainee), 'drafts').count, 0, 'only the author\'s');
    assert.match(await (await trainee.fetch('/')).text(), /You have no unsigned notes\./);

    const pending = (await (await trainee.json('POST', `/api/v1/persons/${quietYesterday}/contacts`, note('2026-12-02'))).json()).id;
    const q = section(await today(supervisor), 'review_queue');
    assert.equal(q.count, 1);
    assert.equal(q.items[0].id, pending);
    assert.equal(q.items[0].url, `/persons/${quietYesterday}/contacts/${pending}`);
    assert.ok(q.oldest_since);
    const w = section(await today(supervisor), 'workload');
    assert.equal(w.items.find((x) => x.id === peer.user.id).count, 1, 'the peer signed one note this week');
    assert.equal(w.items.find((x) => x.id === trainee.user.id).count, 1);
    const sp = await (await supervisor.fetch('/')).text();
    assert.match(sp, /<h2 id="today-review_queue-heading">Waiting for your co-signature<\/h2>/);
    assert.match(sp, /1<\/strong> in all|<p>1 in all/);

    assert.equal((await supervisor.json('POST', `/api/v1/persons/${quietYesterday}/contacts/${pending}/cosign`,
      { decision: 'return', comment: 'Name the <goal>.' })).status, 204);
    const r = section(await today(trainee), 'returned');
    assert.deepEqual(r.items.map((x) => [x.id, x.comment]), [[pending, 'Name the <goal>.']]);
    assert.ok(!section(await today(trainee), 'drafts').items.some((x) => x.id === pending), 'returned, not twice');
    const tp = await (await trainee.fetch('/')).text();
    assert.match(tp, /<h2 id="today-returned-heading">Returned to you<\/h2>/);
    assert.match(tp, /Name the &lt;goal&gt;\./);
    assert.equal(section(await today(supervisor), 'review_queue').count, 0);
    assert.match(await (await supervisor.fetch('/')).text(), /Nothing waits for your co-signature\./);
  });

  test('a manager sees invitations not accepted, empty teams and unsaved schedules; each links where it is fixed', async () => {
    const r = await admin.json('POST', '/api/v1/users', { email: 'newcomer@example.org', name: 'Nia Newcomer', role: 'peer_specialist' });
    assert.equal(r.status, 201);
    const uid = (await r.json()).user?.id ?? Number(sqlDirect(s, "SELECT id FROM users WHERE email = 'newcomer@example.org'").out);
    const empty = (await (await admin.json('POST', '/api/v1/teams', { name: 'Nobody', program_id: prog })).json()).id;
    for (const who of [manager, admin]) {
      const t = await today(who);
      const inv = section(t, 'invitations');
      assert.ok(inv.count >= 1);
      const item = inv.items.find((x) => x.id === uid);
      assert.equal(item.name, 'Nia Newcomer');
      assert.equal(item.expired, false);
      assert.equal(item.url, who === admin ? `/users/${uid}` : null, 'only an administrator sends it again');
      assert.ok(section(t, 'teams_without_members').items.some((x) => x.id === empty && x.url === '/teams'));
      assert.ok(section(t, 'schedules_not_saved').items.some((x) => x.id === prog && x.url === `/programs/${prog}/followups`));
      assert.ok(section(t, 'followups_overdue_all').count >= 2, 'both teams\' overdue ones');
      assert.ok(section(t, 'no_contact_all').count >= 1);
      assert.equal(section(t, 'followups_due'), undefined, 'no peer lists');
    }
    sqlDirect(s, `UPDATE invites SET expires_at = 0 WHERE user_id = ${uid}`);
    assert.equal(section(await today(manager), 'invitations').items.find((x) => x.id === uid).expired, true);
    assert.match(await (await manager.fetch('/')).text(), /Nia Newcomer<\/strong> <span class="usa-tag[^"]*">Expired<\/span>/);
  });

  test('each role sees its own sections only', async () => {
    const names = async (who) => (await today(who)).sections.map((x) => x.name);
    const p = await names(peer);
    assert.deepEqual(p.filter((n) => n !== 'returned'), ['followups_due', 'referrals_overdue', 'drafts', 'no_contact', 'credentials_expiring', 'policies_to_acknowledge']);
    assert.deepEqual(await names(supervisor), ['review_queue', 'trainees_near_promotion', 'incidents_review', 'workload', 'credentials_expiring', 'policies_to_acknowledge']);
    for (const who of [manager, admin]) {
      assert.deepEqual(await names(who), ['review_queue_all', 'incidents_review', 'followups_overdue_all', 'no_contact_all',
        'invitations', 'teams_without_members', 'schedules_not_saved', 'credentials_expiring', 'credentials_expiring_all',
        'credentials_missing_all', 'policies_to_acknowledge', 'policy_acks_outstanding']);
    }
    const page = await (await peer.fetch('/')).text();
    assert.doesNotMatch(page, /Invitations not accepted|Waiting for your co-signature|Notes signed this week/);
    assert.equal((await fetch(`${s.url}/api/v1/today`)).status, 401);
  });

  test('the page and the API give the same items; each view is one audit entry, not a read per person', async () => {
    const t = await today(peer);
    const page = await (await peer.fetch('/')).text();
    for (const sec of t.sections) for (const item of sec.items) assert.ok(page.includes(`href="${item.url.replace(/&/g, '&amp;')}"`), item.url);
    assert.equal(t.date, TODAY);
    const before = audits(peer).length;
    await peer.fetch('/');
    let entries = audits(peer);
    for (let i = 0; i < 20 && entries.length === before; i++) {
      await new Promise((r) => setTimeout(r, 25));
      entries = audits(peer);
    }
    const added = entries.slice(before);
    assert.equal(added.length, 1, JSON.stringify(added));
    const f = section(t, 'followups_due').items.length, q = section(t, 'no_contact').items.length;
    assert.match(added[0], new RegExp(`^list\\|today\\|followups_due ${f}, drafts 1, no_contact ${q}$`));
    await peer.fetch('/api/v1/today');
    entries = audits(peer);
    for (let i = 0; i < 20 && entries.length === before + 1; i++) {
      await new Promise((r) => setTimeout(r, 25));
      entries = audits(peer);
    }
    assert.deepEqual(entries.slice(before + 1).map((e) => e.split('|').slice(0, 2).join('|')), ['list|today']);
    const reads = sqlDirect(s, `SELECT COUNT(*) FROM audit_log WHERE user_id = ${peer.user.id} AND action = 'read' AND entity_type = 'person'`
      + ` AND person_id IN (${quietOld}, ${dueToday.pid}, ${overdue.pid})`).out.trim();
    const beforeReads = reads;
    await peer.fetch('/');
    assert.equal(sqlDirect(s, `SELECT COUNT(*) FROM audit_log WHERE user_id = ${peer.user.id} AND action = 'read' AND entity_type = 'person'`
      + ` AND person_id IN (${quietOld}, ${dueToday.pid}, ${overdue.pid})`).out.trim(), beforeReads, 'listing is no read of the record');
  });
});
