// The service report's summaries (migration 27, service_sums): after each
// kind of change that moves a contact's figures (a draft saved and edited,
// signed, a trainee's note co-signed or returned, a drop-in, a merge and
// its undoing) every cell equals a sum recomputed here from service_facts;
// the report, over periods that start and end inside months and weeks and
// on their edges, equals the old statements over service_facts (COUNT
// DISTINCT); and a rebuild through migration 27's backfill gives the same
// cells and the same reports.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, UNDO_SUMMARIES, runWaypoint, sqlDirect, staff, startServer } from './helpers.mjs';

const pad = (n) => String(n).padStart(2, '0');
const monday = (d) => { const x = new Date(`${d}T12:00:00Z`); x.setUTCDate(x.getUTCDate() - ((x.getUTCDay() + 6) % 7));
  return x.toISOString().slice(0, 10); };
const rows = (s, q) => { const r = sqlDirect(s, q); assert.equal(r.status, 0, r.err);
  return r.out.split('\n').filter((x) => x !== '').map((x) => x.split('|')); };

describe(`service report summaries (${BACKEND})`, () => {
  let s, admin, manager, supervisor, peer, peer2, trainee, program, team, team2;
  const persons = [];

  // every cell, from the table and from the facts, as comparable text
  function cellsStored() {
    return rows(s, 'SELECT team_id, span, contact_on, staff_id, kind, place, counted, contacts, minutes, units, persons'
      + ' FROM service_sums').map((r) => {
      const list = r[10] ? r[10].split(',').map((e) => e.split(':').map(Number)).sort((a, b) => a[0] - b[0]) : [];
      assert.ok(list.every(([, n]) => n > 0), 'no person listed with no contact');
      return `${r.slice(0, 10).join('|')}|${list.map((e) => e.join(':')).join(',')}`;
    }).sort();
  }
  function cellsFromFacts() {
    const cells = new Map();
    for (const [teamId, on, staffId, person, kind, place, minutes, units, counted] of rows(s,
      "SELECT team_id, contact_on, staff_id, COALESCE(person_id, 0), kind, place, minutes, units, counted FROM service_facts")) {
      for (const [span, start] of [['day', on], ['week', monday(on)], ['month', `${on.slice(0, 7)}-01`]]) {
        const k = [teamId, span, start, staffId, kind, place, counted].join('|');
        if (!cells.has(k)) cells.set(k, { contacts: 0, minutes: 0, units: 0, persons: new Map() });
        const c = cells.get(k);
        c.contacts++; c.minutes += Number(minutes); c.units += Number(units);
        if (person !== '0') c.persons.set(Number(person), (c.persons.get(Number(person)) || 0) + 1);
      }
    }
    return [...cells].map(([k, c]) => `${k}|${c.contacts}|${c.minutes}|${c.units}|`
      + [...c.persons].sort((a, b) => a[0] - b[0]).map((e) => e.join(':')).join(',')).sort();
  }
  const agree = (why) => {
    const stored = cellsStored();
    assert.ok(stored.length > 0, why);
    assert.deepEqual(stored, cellsFromFacts(), why);
  };

  // the report as the service_facts statements counted it before the summaries
  const KEYS = { program: 't.program_id', team: 'c.team_id', staff: 'c.staff_id', kind: 'c.kind', place: 'c.place',
    month: 'substr(c.contact_on, 1, 7)', week: 'c.week_on' };
  function oldReport(from, to, by, unsigned) {
    const where = `FROM service_facts c JOIN teams t ON t.id = c.team_id WHERE (c.counted = 1 OR ${unsigned ? 1 : 0} = 1)
      AND c.contact_on >= '${from}' AND c.contact_on <= '${to}'`;
    const fig = `SUM(CASE WHEN c.kind <> 'peer_desk' THEN 1 ELSE 0 END), COUNT(DISTINCT c.person_id), SUM(c.minutes),
      SUM(c.units), SUM(CASE WHEN c.kind = 'peer_desk' THEN 1 ELSE 0 END)`;
    const num = (r) => ({ contacts: Number(r[1]), persons_served: Number(r[2]), minutes: Number(r[3]),
      billable_units: Number(r[4]), drop_ins: Number(r[5]) });
    const grouped = rows(s, `SELECT ${KEYS[by]} AS k, ${fig} ${where} GROUP BY k ORDER BY k`).map((r) => ({ key: r[0], ...num(r) }));
    const total = rows(s, `SELECT '', ${fig} ${where}`).map((r) => (r[1] === '' ? null : num(r)))[0];
    return { rows: grouped, total: total || { contacts: 0, persons_served: 0, minutes: 0, billable_units: 0, drop_ins: 0 } };
  }
  async function report(q) {
    const r = await manager.fetch(`/api/v1/reports/services?${new URLSearchParams(q)}`);
    assert.equal(r.status, 200, await r.clone().text());
    const j = await r.json();
    return { rows: j.rows.map(({ label, suppressed, ...x }) => x), total: (({ suppressed, ...x }) => x)(j.total) };
  }
  // periods: whole months, whole weeks, both ends inside, one day, a span inside one month
  const PERIODS = [['2026-09-01', '2026-11-30'], ['2026-08-31', '2026-10-04'], ['2026-08-15', '2026-11-17'],
    ['2026-10-05', '2026-10-05'], ['2026-10-02', '2026-10-27'], ['2026-01-01', '2026-12-31']];
  async function reportsAgree(why) {
    for (const [from, to] of PERIODS)
      for (const by of Object.keys(KEYS))
        for (const unsigned of [false, true]) {
          const q = { from, to, by, ...(unsigned ? { unsigned: '1' } : {}) };
          assert.deepEqual(await report(q), oldReport(from, to, by, unsigned), `${why}: ${JSON.stringify(q)}`);
        }
  }

  const note = (over = {}) => ({ kind: 'individual', contact_on: '2026-10-05', starts_at: '09:00', ends_at: '09:22',
    location: 'community', goals: [1], did_together: 'Walked to the food bank together.', ...over });
  async function contact(who, p, over = {}, sign = true) {
    const r = await who.json('POST', `/api/v1/persons/${p}/contacts`, { ...note(over), sign });
    assert.equal(r.status, 201, await r.clone().text());
    return (await r.json()).id;
  }

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    supervisor = await staff(s, 'supervisor');
    peer = await staff(s); peer2 = await staff(s); trainee = await staff(s, 'peer_trainee');
    program = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'Summaries', kind: 'community', time_zone: 'UTC', unit_rounding: 'eight_minute' })).json()).id;
    team = (await (await admin.json('POST', '/api/v1/teams', { name: 'North', program_id: program })).json()).id;
    team2 = (await (await admin.json('POST', '/api/v1/teams', { name: 'South', program_id: program })).json()).id;
    for (const t of [team, team2])
      for (const u of [peer, peer2, trainee, supervisor]) await admin.json('POST', `/api/v1/teams/${t}/members`, { email: u.user.email });
    for (let n = 0; n < 4; n++) {
      const r = await peer.json('POST', '/api/v1/persons', { legal_name: `Summed ${n}`, date_of_birth: '1980-01-01',
        record_number: `SUM-${n}`, recovery_stage: 'stabilization', team_id: n < 3 ? team : team2 });
      const pid = (await r.json()).id;
      await peer.json('PUT', `/api/v1/persons/${pid}/plan`, { leadership: 'shared', author_kind: 'person', summary: 'Plan',
        document: { goals: [{ words: 'Keep my flat', domain: 'housing', why: '', target_date: '', status: 'active', steps: [],
          progress: [] }], strengths: [], barriers: [] } });
      persons.push(pid);
    }
  });
  after(async () => { await s.stop(); });

  test('every change keeps each cell equal to the sum of its facts', async () => {
    const days = ['2026-08-31', '2026-09-01', '2026-09-30', '2026-10-04', '2026-10-05', '2026-10-31', '2026-11-01', '2026-11-17'];
    for (const [i, p] of persons.entries())
      for (const [j, d] of days.entries()) {
        if ((i + j) % 3 === 0) continue;
        await contact(j % 2 ? peer2 : peer, p, { contact_on: d, kind: ['individual', 'phone', 'outreach'][j % 3],
          location: j % 3 === 1 ? 'phone' : 'community', ends_at: `09:${pad(10 + j * 5)}` });
        if (j % 4 === 0) await contact(peer, p, { contact_on: d }); // the same person twice in a cell
      }
    agree('signed contacts');
    // a draft saved, then edited to another day, kind and length, then signed
    const draft = await contact(peer, persons[0], { contact_on: '2026-10-06' }, false);
    agree('a draft');
    let r = await peer.json('PUT', `/api/v1/persons/${persons[0]}/contacts/${draft}`,
      note({ contact_on: '2026-11-02', kind: 'accompaniment', location: 'hospital_campus', ends_at: '09:50' }));
    assert.equal(r.status, 204, await r.clone().text());
    agree('a draft edited');
    r = await peer.json('POST', `/api/v1/persons/${persons[0]}/contacts/${draft}/sign`);
    assert.equal(r.status, 204, await r.clone().text());
    agree('a draft signed');
    // a trainee's notes: pending, co-signed, returned
    const pending = await contact(trainee, persons[1], { contact_on: '2026-10-20' });
    const returned = await contact(trainee, persons[1], { contact_on: '2026-10-21' });
    agree('awaiting co-signature');
    r = await supervisor.json('POST', `/api/v1/persons/${persons[1]}/contacts/${pending}/cosign`, { decision: 'cosign' });
    assert.equal(r.status, 204);
    agree('co-signed');
    r = await supervisor.json('POST', `/api/v1/persons/${persons[1]}/contacts/${returned}/cosign`, { decision: 'return', comment: 'Name the goal.' });
    assert.equal(r.status, 204);
    agree('returned');
    // a drop-in: no person
    r = await peer.json('POST', '/api/v1/drop-ins', { team_id: team, contact_on: '2026-10-05', starts_at: '13:00',
      ends_at: '13:20', location: 'office', did_together: 'Coffee and a talk.' });
    assert.equal(r.status, 201, await r.clone().text());
    agree('a drop-in');
    await reportsAgree('before a merge');
    // a merge moves persons[2]'s contacts to persons[1], its undoing moves them back
    r = await supervisor.json('POST', `/api/v1/persons/${persons[1]}/merge`, { other: persons[2], confirm: true });
    assert.ok(r.status < 300, await r.clone().text());
    const merge = (await r.json()).id;
    assert.equal(rows(s, `SELECT COUNT(*) FROM service_facts WHERE person_id = ${persons[2]}`)[0][0], '0');
    agree('merged');
    await reportsAgree('merged');
    r = await supervisor.json('POST', `/api/v1/persons/${persons[1]}/merge/undo`, { merge });
    assert.equal(r.status, 200, await r.clone().text());
    assert.notEqual(rows(s, `SELECT COUNT(*) FROM service_facts WHERE person_id = ${persons[2]}`)[0][0], '0');
    agree('merge undone');
    await reportsAgree('merge undone');
  });

  test("rebuilt through migration 27's backfill: the same cells and the same reports", async () => {
    const cells = cellsStored();
    const reports = [];
    for (const [from, to] of PERIODS) for (const by of Object.keys(KEYS)) reports.push(await report({ from, to, by, unsigned: '1' }));
    await s.stop();
    const undo = sqlDirect(s, UNDO_SUMMARIES);
    assert.equal(undo.status, 0, undo.err);
    const init = runWaypoint(['init', '--db', s.db]);
    assert.equal(init.status, 0, init.stderr);
    Object.assign(s, await startServer({ db: s.db, init: false }));
    assert.deepEqual(cellsStored(), cells);
    agree('rebuilt');
    let i = 0;
    for (const [from, to] of PERIODS) for (const by of Object.keys(KEYS))
      assert.deepEqual(await report({ from, to, by, unsigned: '1' }), reports[i++], `${from} ${to} ${by}`);
    await reportsAgree('rebuilt');
    // and it goes on being kept
    await contact(peer, persons[3], { contact_on: '2026-09-15' });
    agree('a contact after the rebuild');
  });
});
