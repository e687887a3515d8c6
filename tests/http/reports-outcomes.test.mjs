// Outcome reports (issue 26, point 2): goals set and achieved by life
// domain, BARC-10 change (first → latest complete, never imputing a
// missing item), recovery stage transitions and follow-ups completed on
// time, as a page, a CSV and JSON.  Every figure is recounted here in
// JavaScript from the rows this test wrote, a different way than the
// server counts them (dates in the program's zone through Intl, goals by
// comparing each goal's history), on both databases; the refusals name
// their field; shared reports suppress small cells.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

const ZONE = 'America/Chicago';
const FROM = '2025-01-01';
const TO = '2025-06-30';
const DOMAINS = ['employment', 'education', 'housing', 'health_wellness', 'community', 'relationships',
  'spirituality', 'recreation', 'finances', 'legal', 'other'];
const STAGES = ['pre_recovery_engagement', 'recovery_initiation', 'stabilization', 'sustained_recovery_maintenance'];
const q = (v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
// a stamp's local date in the program's zone, by Intl (the server uses glibc)
const localDate = (stamp) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit',
  day: '2-digit' }).format(new Date(stamp));
const inPeriod = (date, from = FROM, to = TO) => date >= from && date <= to;

describe(`outcome reports (${BACKEND})`, () => {
  let s, admin, manager, sup, supB, peer, peerB, trainee, prog, teamA, teamB;
  let n = 0;
  // what this test wrote, for the recount
  const persons = []; // { id, team, record }
  const versions = []; // { person, version, created_at, state, goals }
  const barcs = []; // { person, taken_on, answers: [10] }
  const stageRows = []; // { person, stage, changed_at } in insertion (id) order
  const fus = []; // { person, due_on, state, outcome, closed_at }
  const served = new Set(); // persons with a signed contact by peer in the period

  const sql = (text) => {
    const r = sqlDirect(s, text);
    assert.equal(r.status, 0, r.err);
    return r.out;
  };

  async function person(by, team) {
    const record = `O-${++n}`;
    const r = await by.json('POST', '/api/v1/persons', { legal_name: `Outcome Person ${n}`,
      date_of_birth: '1980-01-01', record_number: record, recovery_stage: 'stabilization', team_id: team });
    assert.equal(r.status, 201, await r.clone().text());
    const p = { id: (await r.json()).id, team, record };
    persons.push(p);
    return p;
  }
  function version(p, created_at, goals, state = 'none') {
    const v = versions.filter((x) => x.person === p.id).length + 1;
    versions.push({ person: p.id, version: v, created_at, state, goals });
    sql(`INSERT INTO plan_versions (person_id, version, document, leadership, author_kind, author_id, summary,
      created_at, cosign_state) VALUES (${p.id}, ${v}, ${q(JSON.stringify({ goals }))}, 'shared', 'staff',
      ${peer.user.id}, 'test', ${q(created_at)}, ${q(state)})`);
  }
  const goal = (domain, status, words = `A ${domain} goal`) => ({ words, domain, status });
  function barc(p, taken_on, answers) {
    barcs.push({ person: p.id, taken_on, answers });
    const total = Math.max(10, answers.reduce((a, b) => a + b, 0));
    sql(`INSERT INTO barc10 (person_id, taken_on, filled_by, answers, total, created_at, created_by)
      VALUES (${p.id}, ${q(taken_on)}, 'person', ${q(answers.join(','))}, ${total}, ${q(`${taken_on}T12:00:00Z`)},
      ${peer.user.id})`);
  }
  const all = (v) => Array(10).fill(v);
  function stage(p, st, changed_at) {
    stageRows.push({ person: p.id, stage: st, changed_at });
    sql(`INSERT INTO recovery_stages (person_id, stage, changed_at, changed_by) VALUES (${p.id}, ${q(st)},
      ${q(changed_at)}, ${peer.user.id})`);
  }
  let enrollment = 0;
  function followup(p, due_on, state, outcome = '', closed_at = null) {
    fus.push({ person: p.id, team: p.team, due_on, state, outcome, closed_at });
    if (!enrollment) {
      enrollment = Number(sql(`INSERT INTO enrollments (person_id, program_id, admitted_on, admission_reason,
        discharged_on, discharge_reason, created_at, created_by) VALUES (${p.id}, ${prog}, '2024-01-01', 'Referred',
        '2024-12-31', 'moved', '2024-12-31T12:00:00Z', ${peer.user.id}) RETURNING id`).trim().split('\n')[0]);
    }
    sql(`INSERT INTO followups (person_id, team_id, enrollment_id, days_after, due_on, state, outcome, closed_at,
      closed_by, created_at) VALUES (${p.id}, ${p.team}, ${enrollment}, 7, ${q(due_on)}, ${q(state)}, ${q(outcome)},
      ${q(closed_at)}, ${closed_at ? peer.user.id : 'NULL'}, '2024-12-31T12:00:00Z')`);
  }
  function contact(p, on, by = peer.user.id, state = 'signed') {
    if (state === 'signed' && by === peer.user.id && inPeriod(on)) served.add(p.id);
    sql(`INSERT INTO contacts (person_id, team_id, kind, contact_on, staff_id, state, created_at, updated_at)
      VALUES (${p.id}, ${p.team}, 'in_person', ${q(on)}, ${by}, ${q(state)}, ${q(`${on}T12:00:00Z`)},
      ${q(`${on}T12:00:00Z`)})`);
  }

  // ---- the independent recount
  function recount({ teams = [teamA, teamB], staffOnly = false, from = FROM, to = TO, withUnsigned = false } = {}) {
    const inScope = new Set(persons.filter((p) => teams.includes(p.team) && (!staffOnly || served.has(p.id)))
      .map((p) => p.id));
    const within = (d) => inPeriod(d, from, to);
    // goals: for each person and goal place, its history across counted versions
    const set = Object.fromEntries(DOMAINS.map((d) => [d, 0]));
    const achieved = { ...set };
    const achievedRows = [];
    for (const id of inScope) {
      const vs = versions.filter((v) => v.person === id && (v.state === 'none' || v.state === 'cosigned'
        || (withUnsigned && v.state === 'pending'))).sort((a, b) => a.version - b.version);
      const places = Math.max(0, ...vs.map((v) => v.goals.length));
      for (let g = 0; g < places; g++) {
        const history = vs.map((v) => ({ on: localDate(v.created_at), goal: v.goals[g] }));
        const born = history.findIndex((h) => h.goal);
        if (born >= 0 && within(history[born].on)) set[history[born].goal.domain]++;
        const turned = history.find((h, i) => h.goal && within(h.on) && h.goal.status === 'achieved'
          && !(i > 0 && history[i - 1].goal?.status === 'achieved'));
        if (turned) {
          achieved[turned.goal.domain]++;
          achievedRows.push({ words: turned.goal.words, on: turned.on });
        }
      }
    }
    // BARC-10: complete assessments only, first (up to the end) → latest in the period
    const changes = [];
    let missing = 0, incomplete = 0;
    for (const id of inScope) {
      const mine = barcs.filter((b) => b.person === id && b.taken_on <= to).sort((a, b) => (a.taken_on < b.taken_on ? -1 : 1));
      if (!mine.some((b) => within(b.taken_on))) continue;
      incomplete += mine.filter((b) => within(b.taken_on) && b.answers.some((x) => x < 1 || x > 6)).length;
      if (mine.length < 2) continue;
      const complete = mine.filter((b) => b.answers.every((x) => x >= 1 && x <= 6));
      const latest = complete.filter((b) => within(b.taken_on)).at(-1);
      if (complete.length < 2 || !latest || latest === complete[0]) { missing++; continue; }
      const sum = (b) => b.answers.reduce((a, c) => a + c, 0);
      changes.push(sum(latest) - sum(complete[0]));
    }
    const buckets = [[-Infinity, -10], [-9, -5], [-4, -1], [0, 0], [1, 4], [5, 9], [10, Infinity]]
      .map(([lo, hi]) => changes.filter((c) => c >= lo && c <= hi).length);
    // stages: consecutive rows of a person, the later one in the period and different
    const transitions = {};
    for (const id of inScope) {
      const rows = stageRows.filter((r) => r.person === id);
      rows.forEach((r, i) => {
        if (i && within(localDate(r.changed_at)) && r.stage !== rows[i - 1].stage) {
          const k = `${rows[i - 1].stage}>${r.stage}`;
          transitions[k] = (transitions[k] || 0) + 1;
        }
      });
    }
    // follow-ups due in the period
    const due = fus.filter((f) => inScope.has(f.person) && within(f.due_on));
    const closedBy = (f) => f.state === 'closed' && f.outcome !== 'ended';
    const followups = {
      due: due.length,
      on_time: due.filter((f) => closedBy(f) && localDate(f.closed_at) <= f.due_on).length,
      late: due.filter((f) => closedBy(f) && localDate(f.closed_at) > f.due_on).length,
      open: due.filter((f) => f.state === 'open').length,
      ended: due.filter((f) => f.outcome === 'ended').length,
    };
    return { set, achieved, achievedRows, changes, buckets, missing, incomplete, transitions, followups };
  }

  const counts = (j) => ({
    set: Object.fromEntries(j.goals.by_domain.map((d) => [d.domain, d.set.count])),
    achieved: Object.fromEntries(j.goals.by_domain.map((d) => [d.domain, d.achieved.count])),
    buckets: j.barc10.distribution.map((b) => b.persons.count),
    transitions: Object.fromEntries(j.stage_transitions.map((t) => [`${t.from}>${t.to}`, t.changes.count])),
    followups: Object.fromEntries(Object.entries(j.followups).map(([k, v]) => [k, v.count])),
  });
  function assertMatches(j, want) {
    const got = counts(j);
    assert.deepEqual(got.set, want.set, 'goals set by domain');
    assert.deepEqual(got.achieved, want.achieved, 'goals achieved by domain');
    assert.equal(j.goals.set.count, Object.values(want.set).reduce((a, b) => a + b, 0));
    assert.equal(j.goals.achieved.count, Object.values(want.achieved).reduce((a, b) => a + b, 0));
    assert.equal(j.barc10.persons_compared.count, want.changes.length, 'persons compared');
    const mean = want.changes.length ? want.changes.reduce((a, b) => a + b, 0) / want.changes.length : null;
    if (mean === null) assert.equal(j.barc10.mean_change, null);
    else assert.ok(Math.abs(j.barc10.mean_change - mean) < 1e-3, `mean ${j.barc10.mean_change} vs ${mean}`);
    assert.deepEqual(got.buckets, want.buckets, 'distribution of change');
    assert.equal(j.barc10.persons_left_out_missing_item.count, want.missing);
    assert.equal(j.barc10.assessments_missing_item.count, want.incomplete);
    assert.deepEqual(got.transitions, want.transitions, 'stage transitions');
    assert.deepEqual(got.followups, want.followups, 'follow-ups');
  }
  const api = (who, query) => who.fetch(`/api/v1/reports/outcomes?${query}`);
  const period = `from=${FROM}&to=${TO}`;

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'Outcomes program', kind: 'community', time_zone: ZONE, unit_rounding: 'any_part' })).json()).id;
    teamA = (await (await admin.json('POST', '/api/v1/teams', { name: 'A', program_id: prog })).json()).id;
    teamB = (await (await admin.json('POST', '/api/v1/teams', { name: 'B', program_id: prog })).json()).id;
    sup = await staff(s, 'supervisor');
    supB = await staff(s, 'supervisor');
    peer = await staff(s);
    peerB = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    for (const [t, who] of [[teamA, sup], [teamB, supB], [teamA, peer], [teamB, peerB], [teamA, trainee]])
      assert.equal((await admin.json('POST', `/api/v1/teams/${t}/members`, { email: who.user.email })).status, 204);

    // goals
    const g1 = await person(peer, teamA);
    version(g1, '2024-12-10T15:00:00Z', [goal('housing', 'active')]);
    version(g1, '2025-02-01T15:00:00Z', [goal('housing', 'achieved'), goal('employment', 'active')]);
    version(g1, '2025-03-01T15:00:00Z', [goal('housing', 'achieved'), goal('employment', 'achieved'),
      goal('education', 'active', '=HYPERLINK("http://x.example","click")')]);
    // 03:00 UTC on 1 July is still 30 June in Chicago: in the period
    version(g1, '2025-07-01T03:00:00Z', [goal('housing', 'achieved'), goal('employment', 'achieved'),
      goal('education', 'achieved', '=HYPERLINK("http://x.example","click")')]);
    version(g1, '2025-07-02T15:00:00Z', [goal('housing', 'achieved'), goal('employment', 'achieved'),
      goal('education', 'achieved'), goal('legal', 'achieved')]);
    const g2 = await person(peer, teamA);
    version(g2, '2025-01-15T15:00:00Z', [goal('finances', 'achieved', '=1+2')]);
    version(g2, '2025-02-15T15:00:00Z', [goal('finances', 'achieved', '=1+2'), goal('legal', 'active')], 'pending');
    version(g2, '2025-04-01T15:00:00Z', [goal('finances', 'active', '=1+2'), goal('housing', 'active')]);
    version(g2, '2025-05-01T15:00:00Z', [goal('finances', 'achieved', '=1+2'), goal('housing', 'active')]);
    // 05:30 UTC on 1 January is still 31 December in Chicago: before it
    const g3 = await person(peerB, teamB);
    version(g3, '2025-01-01T05:30:00Z', [goal('community', 'active')]);
    version(g3, '2025-02-01T15:00:00Z', [goal('community', 'achieved'), goal('recreation', 'active')]);
    version(g3, '2025-03-01T15:00:00Z', [goal('community', 'achieved'), goal('recreation', 'active')], 'returned');

    // BARC-10
    const b1 = await person(peer, teamA);
    barc(b1, '2024-11-01', all(3)); // 30, before the period: the baseline
    barc(b1, '2025-03-01', [4, 4, 4, 4, 4, 4, 4, 4, 3, 3]); // 38
    barc(b1, '2025-05-01', [5, 4, 4, 4, 4, 4, 4, 4, 4, 4]); // 41: +11
    const b2 = await person(peer, teamA);
    barc(b2, '2025-01-10', all(4));
    barc(b2, '2025-02-10', [4, 4, 4, 0, 4, 4, 4, 4, 4, 4]); // item 4 missing: never compared
    const b3 = await person(peer, teamA);
    barc(b3, '2025-01-05', [4, 4, 4, 4, 4, 3, 3, 3, 3, 3]); // 35
    barc(b3, '2025-04-05', [0, 4, 4, 4, 4, 4, 4, 4, 4, 4]); // missing
    barc(b3, '2025-06-01', [4, 4, 4, 3, 3, 3, 3, 3, 3, 3]); // 33: −2
    const b4 = await person(peerB, teamB);
    barc(b4, '2025-02-01', all(2));
    barc(b4, '2025-03-01', all(2)); // no change
    const b5 = await person(peer, teamA);
    barc(b5, '2025-03-03', all(5)); // once: not compared
    const b6 = await person(peer, teamA);
    barc(b6, '2025-01-01', all(5));
    barc(b6, '2025-07-15', all(1)); // after the period
    barc(b6, '2025-03-01', [6, 6, 6, 6, 6, 6, 6, 6, 6, 6]); // +10 (written later, dated earlier)

    // recovery stages (the row each person was added with is dated now, after the period)
    const s1 = await person(peer, teamA);
    stage(s1, 'pre_recovery_engagement', '2024-12-01T12:00:00Z');
    stage(s1, 'recovery_initiation', '2025-02-01T12:00:00Z');
    stage(s1, 'stabilization', '2025-03-01T12:00:00Z');
    stage(s1, 'stabilization', '2025-03-05T12:00:00Z'); // no change
    stage(s1, 'sustained_recovery_maintenance', '2025-07-01T04:00:00Z'); // 30 June in Chicago
    const s2 = await person(peer, teamA);
    stage(s2, 'recovery_initiation', '2025-01-10T12:00:00Z'); // the first row: no transition
    stage(s2, 'stabilization', '2025-04-01T12:00:00Z');
    const s3 = await person(peerB, teamB);
    stage(s3, 'stabilization', '2024-01-01T12:00:00Z');
    stage(s3, 'recovery_initiation', '2025-05-05T12:00:00Z');

    // follow-ups
    const f1 = await person(peer, teamA);
    followup(f1, '2025-02-10', 'closed', 'reached', '2025-02-09T15:00:00Z');
    followup(f1, '2025-02-10', 'closed', 'not_reached', '2025-02-11T03:00:00Z'); // 10 Feb in Chicago: on time
    followup(f1, '2025-03-10', 'closed', 'reached', '2025-03-12T15:00:00Z'); // late
    followup(f1, '2025-04-10', 'open');
    followup(f1, '2025-05-10', 'closed', 'ended', '2025-05-01T15:00:00Z');
    followup(f1, '2025-08-10', 'closed', 'reached', '2025-08-01T15:00:00Z'); // after the period
    const f2 = await person(peerB, teamB);
    followup(f2, '2025-03-01', 'closed', 'declined', '2025-02-27T15:00:00Z');

    // contacts: the staff filter keeps the persons peer served in the period
    contact(g1, '2025-02-01');
    contact(b1, '2025-05-01');
    contact(s1, '2025-03-01');
    contact(f1, '2024-12-01'); // before the period: not served in it
    contact(b3, '2025-04-01', peer.user.id, 'draft'); // a draft: not served
    contact(f1, '2025-03-01', peerB.user.id);
  });
  after(async () => { await s.stop(); });

  test('a manager\'s figures are the recount\'s, every team', async () => {
    const r = await api(manager, period);
    assert.equal(r.status, 200);
    const j = await r.json();
    assert.equal(j.from, FROM);
    assert.equal(j.to, TO);
    assert.equal(j.share, false);
    assert.equal(j.threshold, 11);
    const want = recount();
    assertMatches(j, want);
    // the hand count, for the reader: these are what the data above says
    assert.equal(j.goals.set.count, 5);
    assert.equal(j.goals.achieved.count, 5);
    assert.deepEqual(want.changes.sort((a, b) => a - b), [-2, 0, 10, 11]);
    assert.equal(j.barc10.mean_change, 4.75);
    assert.deepEqual(counts(j).transitions, { 'pre_recovery_engagement>recovery_initiation': 1,
      'recovery_initiation>stabilization': 2, 'stabilization>sustained_recovery_maintenance': 1,
      'stabilization>recovery_initiation': 1 });
    assert.deepEqual(counts(j).followups, { due: 6, on_time: 3, late: 1, open: 1, ended: 1 });
  });

  test('filters narrow it: program, team, a staff member\'s persons, shorter periods, unsigned work', async () => {
    let j = await (await api(manager, `${period}&program=${prog}`)).json();
    assertMatches(j, recount());
    j = await (await api(admin, `${period}&team=${teamB}`)).json();
    assertMatches(j, recount({ teams: [teamB] }));
    j = await (await api(manager, `${period}&staff=${peer.user.id}`)).json();
    assertMatches(j, recount({ staffOnly: true }));
    assert.equal(j.followups.due.count, 0, 'f1 was not served by peer in the period');
    for (const [from, to] of [['2025-02-01', '2025-02-28'], ['2025-06-30', '2025-06-30'], ['2025-01-01', '2025-01-01'],
      ['2024-01-01', '2025-12-31']]) {
      j = await (await api(manager, `from=${from}&to=${to}`)).json();
      assertMatches(j, recount({ from, to }));
    }
    j = await (await api(manager, `${period}&unsigned=1`)).json();
    assertMatches(j, recount({ withUnsigned: true }));
  });

  test('a supervisor sees their own teams\' figures; another team is a 404 naming team', async () => {
    let r = await api(sup, period);
    assert.equal(r.status, 200);
    assertMatches(await r.json(), recount({ teams: [teamA] }));
    r = await api(supB, `${period}&team=${teamB}`);
    assertMatches(await r.json(), recount({ teams: [teamB] }));
    for (const path of ['/api/v1/reports/outcomes', '/reports/outcomes', '/reports/outcomes.csv']) {
      r = await sup.fetch(`${path}?${period}&team=${teamB}`);
      assert.equal(r.status, 404, path);
      const body = await r.text();
      if (path.startsWith('/api/')) assert.equal(JSON.parse(body).error.field, 'team');
      else assert.match(body, /Team: there is no such team of yours/);
    }
  });

  test('peers and trainees may not see outcome reports', async () => {
    for (const who of [peer, trainee])
      for (const path of ['/api/v1/reports/outcomes', '/reports/outcomes', '/reports/outcomes.csv'])
        assert.equal((await who.fetch(`${path}?${period}`)).status, 403, `${who.user.role} ${path}`);
  });

  test('a bad period or filter is refused naming the field, on the API and the page', async () => {
    const bad = [
      ['from=2025-02-01&to=2025-01-01', 400, 'to'],
      ['from=2014-01-01&to=2025-01-01', 400, 'from'],
      ['from=2025-13-01&to=2025-12-31', 400, 'from'],
      ['from=2025-01-01', 400, 'to'],
      [`${period}&program=abc`, 400, 'program'],
      [`${period}&program=1e3`, 400, 'program'],
      [`${period}&program=999999`, 404, 'program'],
      [`${period}&team=-1`, 400, 'team'],
      [`${period}&team=999999`, 404, 'team'],
      [`${period}&staff=0x10`, 400, 'staff'],
      [`${period}&staff=999999`, 404, 'staff'],
    ];
    for (const [query, status, field] of bad) {
      const r = await api(manager, query);
      assert.equal(r.status, status, query);
      assert.equal((await r.json()).error.field, field, query);
    }
    // the page: the form again, as typed, with the error summary
    const r = await manager.fetch('/reports/outcomes?from=2025-02-01&to=2025-01-01&share=1');
    assert.equal(r.status, 400);
    const html = await r.text();
    assert.match(html, /usa-alert--error|error-summary/);
    assert.match(html, /To: the period ends before it begins/);
    assert.match(html, /name="from" type="date" value="2025-02-01"/);
    assert.match(html, /name="to" type="date" value="2025-01-01"/);
    assert.match(html, /name="share" checked|id="share" name="share" checked/);
    const csv = await manager.fetch('/reports/outcomes.csv?from=2025-02-01&to=2030-01-01');
    assert.equal(csv.status, 200, 'five years is fine');
  });

  test('shared: cells under the program\'s threshold are suppressed, in JSON, the page and the CSV', async () => {
    let j = await (await api(manager, `${period}&share=1`)).json();
    assert.equal(j.share, true);
    assert.equal(j.threshold, 11);
    const housing = j.goals.by_domain.find((d) => d.domain === 'housing');
    assert.deepEqual(housing.achieved, { count: null, suppressed: true });
    assert.deepEqual(j.goals.by_domain.find((d) => d.domain === 'spirituality').set, { count: 0, suppressed: false });
    assert.equal(j.barc10.mean_change, null);
    assert.equal(j.barc10.mean_change_suppressed, true);
    assert.deepEqual(j.followups.due, { count: null, suppressed: true });
    const page = await (await manager.fetch(`/reports/outcomes?${period}&share=1`)).text();
    assert.match(page, /&lt;11/);
    assert.doesNotMatch(page, /data-mean>\+/);
    const csv = await (await manager.fetch(`/reports/outcomes.csv?${period}&share=1`)).text();
    assert.match(csv, /"goals","achieved","housing","<11"/);
    assert.doesNotMatch(csv, /goal_achieved/, 'no detail rows when shared');
    // a threshold of 2: ones hidden, the rest shown
    sql(`UPDATE programs SET small_cell_threshold = 2 WHERE id = ${prog}`);
    try {
      j = await (await api(manager, `${period}&share=1&program=${prog}`)).json();
      const want = recount();
      for (const d of j.goals.by_domain) {
        const w = want.achieved[d.domain];
        assert.deepEqual(d.achieved, w === 1 ? { count: null, suppressed: true } : { count: w, suppressed: false },
          d.domain);
      }
      assert.deepEqual(j.followups.on_time, { count: want.followups.on_time, suppressed: false });
      assert.deepEqual(j.followups.late, { count: null, suppressed: true });
      assert.equal(j.barc10.mean_change, 4.75);
    } finally {
      sql(`UPDATE programs SET small_cell_threshold = 11 WHERE id = ${prog}`);
    }
  });

  test('the CSV: the same figures, each goal achieved, formulas neutralised', async () => {
    const r = await manager.fetch(`/reports/outcomes.csv?${period}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    assert.match(r.headers.get('content-disposition'), /outcomes\.csv/);
    const text = await r.text();
    const lines = text.split('\r\n');
    assert.equal(lines[0], 'section,measure,category,figure,record_number,date,words');
    const want = recount();
    for (const d of DOMAINS) {
      assert.ok(lines.includes(`"goals","set","${d}",${want.set[d]},"","",""`), `set ${d}`);
      assert.ok(lines.includes(`"goals","achieved","${d}",${want.achieved[d]},"","",""`), `achieved ${d}`);
    }
    assert.ok(lines.includes('"barc10","mean_change","",4.75,"","",""'));
    assert.ok(lines.includes('"followups","on_time","",3,"","",""'));
    assert.ok(lines.includes('"stage_transition","recovery_initiation","stabilization",2,"","",""'));
    const goals = lines.filter((l) => l.startsWith('"goal_achieved"'));
    assert.equal(goals.length, want.achievedRows.length);
    assert.ok(goals.some((l) => l.endsWith(`,"2025-06-30","'=HYPERLINK(""http://x.example"",""click"")"`)), goals.join('\n'));
    assert.ok(goals.some((l) => l.endsWith(`"2025-01-15","'=1+2"`)));
    assert.ok(!/(^|,)"?=/m.test(text), 'no cell starts with =');
  });

  test('the page: both charts with their tables, a link to every report, the CSV link', async () => {
    const r = await manager.fetch(`/reports/outcomes?${period}&team=${teamA}`);
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.match(html, /<figure[^>]*id="goals-achieved"[\s\S]*?<svg[^>]*aria-hidden="true"[\s\S]*?<caption>Goals achieved by domain<\/caption>/);
    assert.match(html, /<figure[^>]*id="barc10-change"[\s\S]*?<svg[\s\S]*?<caption>BARC-10 change<\/caption>/);
    assert.match(html, /href="\/reports"/);
    assert.match(html, new RegExp(`href="/reports/outcomes.csv\\?from=${FROM}&amp;to=${TO}&amp;team=${teamA}"`));
    assert.match(html, /id="stage-table"/);
    assert.match(html, /id="followup-table"/);
    assert.match(html, /data-mean>\+6\.3</, 'team A: +11, +10 and −2');
  });

  test('every view and export is audited as a report', async () => {
    const before = Number(sql("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'report'").trim());
    await (await manager.fetch(`/reports/outcomes?${period}`)).text();
    await (await manager.fetch(`/reports/outcomes.csv?${period}&share=1`)).text();
    await (await api(manager, `${period}&team=${teamA}`)).text();
    let rows = [];
    for (let i = 0; i < 50; i++) {
      rows = sql(`SELECT action || '|' || entity_id || '|' || detail FROM audit_log WHERE entity_type = 'report'
        ORDER BY id`).trim().split('\n').slice(before);
      if (rows.length >= 3) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.deepEqual(rows, [`read|outcomes|from=${FROM}&to=${TO}`, `export|outcomes|from=${FROM}&to=${TO}&share=1`,
      `read|outcomes|from=${FROM}&to=${TO}&team=${teamA}`]);
  });
});
