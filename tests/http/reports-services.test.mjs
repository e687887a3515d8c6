// Service reports (issue 26, points 1, 5 and 7): the figures by every
// grouping are checked against an independent recount in JavaScript over
// the contacts this test made (rounding edge cases 7, 8, 22 and 23 minutes
// under each rule, a trainee's note counted only once co-signed, drop-ins
// apart, persons unduplicated), after each kind of change that moves a
// figure (sign, co-sign, return, merge), and after the summary table is
// rebuilt from the contacts by migration 25's backfill.  Then the refusals:
// wrong role, another team, malformed and over-long input, a formula cell.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, UNDO_REPORTS, UNDO_RESOURCES, UNDO_SUMMARIES, runWaypoint, sqlDirect, staff, startServer } from './helpers.mjs';

const RULES = { eight_minute: (m) => Math.floor((m + 7) / 15), whole_units: (m) => Math.floor(m / 15),
  any_part: (m) => Math.floor((m + 14) / 15) };
const BILLABLE = new Set(['individual', 'accompaniment', 'community_outing', 'phone']);
const pad = (n) => String(n).padStart(2, '0');
const end = (start, minutes) => { const t = Number(start.slice(0, 2)) * 60 + Number(start.slice(3)) + minutes;
  return `${pad(Math.floor(t / 60))}:${pad(t % 60)}`; };
const monday = (d) => { const x = new Date(`${d}T12:00:00Z`); x.setUTCDate(x.getUTCDate() - ((x.getUTCDay() + 6) % 7));
  return x.toISOString().slice(0, 10); };

describe(`service reports (${BACKEND})`, () => {
  let s, admin, manager, supervisor, otherSup, peer, peer2, trainee, outsider;
  const progs = {}; const teams = {}; const persons = []; const made = [];
  // made: what the test created, for the recount: {id, person, team, prog, rule, staff, kind, on, place, minutes, goal, state}

  const note = (over = {}) => ({ kind: 'individual', contact_on: '2026-10-05', starts_at: '09:00', ends_at: '09:22',
    location: 'community', goals: [1], did_together: 'Walked to the food bank together.', ...over });

  async function contact(who, p, over = {}, { sign = true } = {}) {
    const body = note(over);
    const r = await who.json('POST', `/api/v1/persons/${p.id}/contacts`, { ...body, sign });
    assert.equal(r.status, 201, await r.clone().text());
    const id = (await r.json()).id;
    const [sh, sm] = body.starts_at ? body.starts_at.split(':').map(Number) : [0, 0];
    const [eh, em] = body.ends_at ? body.ends_at.split(':').map(Number) : [0, 0];
    const minutes = body.starts_at && body.ends_at ? Math.max(0, eh * 60 + em - sh * 60 - sm) : 0;
    made.push({ id, person: p.id, team: p.team, prog: p.prog, rule: progs[p.progName].rule, staff: who.user.id,
      kind: body.kind, on: body.contact_on, place: body.location || '', minutes, goal: body.goals.length > 0,
      narrative: !!body.did_together, state: sign ? (who === trainee ? 'pending' : 'signed') : 'draft' });
    return id;
  }
  const setState = (id, state) => { made.find((c) => c.id === id).state = state; };

  // The recount: the same figures, from the rows above, another way.
  function recount({ from, to, by, program, team, withUnsigned = false }) {
    const keyOf = {
      program: (c) => String(c.prog), team: (c) => String(c.team), staff: (c) => String(c.staff),
      service_code: (c) => (BILLABLE.has(c.kind) ? 'H0038' : ''), kind: (c) => c.kind, place: (c) => c.place,
      month: (c) => c.on.slice(0, 7), week: (c) => monday(c.on),
    }[by];
    const rows = new Map();
    const total = { contacts: 0, persons: new Set(), minutes: 0, units: 0, drop_ins: 0 };
    for (const c of made) {
      if (c.on < from || c.on > to || (program && c.prog !== program) || (team && c.team !== team)) continue;
      if (!withUnsigned && c.state !== 'signed') continue;
      const billable = BILLABLE.has(c.kind) && c.minutes > 0 && c.place && c.goal && c.narrative;
      const units = billable ? RULES[c.rule](c.minutes) : 0;
      const k = keyOf(c);
      if (!rows.has(k)) rows.set(k, { contacts: 0, persons: new Set(), minutes: 0, units: 0, drop_ins: 0 });
      for (const x of [rows.get(k), total]) {
        if (c.kind === 'peer_desk') x.drop_ins++; else x.contacts++;
        if (c.person) x.persons.add(c.person);
        x.minutes += c.minutes; x.units += units;
      }
    }
    const flat = (x) => ({ contacts: x.contacts, persons_served: x.persons.size, minutes: x.minutes,
      billable_units: x.units, drop_ins: x.drop_ins });
    return { rows: [...rows.keys()].sort().map((k) => ({ key: k, ...flat(rows.get(k)) })), total: flat(total) };
  }
  async function report(who, q) {
    const r = await who.fetch(`/api/v1/reports/services?${new URLSearchParams(q)}`);
    assert.equal(r.status, 200, await r.clone().text());
    return r.json();
  }
  const strip = (rep) => ({ rows: rep.rows.map(({ label, suppressed, ...x }) => x),
    total: (({ suppressed, ...x }) => x)(rep.total) });
  const PERIOD = { from: '2026-09-01', to: '2026-11-30' };
  async function agrees(who, extra = {}) {
    for (const by of ['month', 'week', 'program', 'team', 'staff', 'service_code', 'kind', 'place']) {
      const q = { ...PERIOD, by, ...extra };
      const got = strip(await report(who, q));
      const want = recount({ ...q, program: Number(extra.program) || 0, team: Number(extra.team) || 0,
        withUnsigned: extra.unsigned === '1' });
      assert.deepEqual(got, want, `by ${by} ${JSON.stringify(extra)}`);
    }
  }

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    supervisor = await staff(s, 'supervisor');
    otherSup = await staff(s, 'supervisor');
    peer = await staff(s); peer2 = await staff(s); trainee = await staff(s, 'peer_trainee'); outsider = await staff(s);
    for (const rule of Object.keys(RULES)) {
      const id = (await (await admin.json('POST', '/api/v1/programs',
        { name: `Program ${rule}`, kind: 'community', time_zone: 'UTC', unit_rounding: rule })).json()).id;
      progs[rule] = { id, rule };
      teams[rule] = (await (await admin.json('POST', '/api/v1/teams', { name: `Team ${rule}`, program_id: id })).json()).id;
      for (const u of [peer, peer2, trainee, supervisor]) await admin.json('POST', `/api/v1/teams/${teams[rule]}/members`, { email: u.user.email });
    }
    // a team whose name is a formula, in the first program, seen by otherSup and outsider only
    teams.formula = (await (await admin.json('POST', '/api/v1/teams', { name: '=HYPERLINK("x")', program_id: progs.eight_minute.id })).json()).id;
    for (const u of [otherSup, outsider]) await admin.json('POST', `/api/v1/teams/${teams.formula}/members`, { email: u.user.email });
    let n = 0;
    for (const [rule, t] of [...Object.keys(RULES).map((r) => [r, teams[r]]), ['eight_minute', teams.formula]]) {
      for (let i = 0; i < 3; i++) {
        const who = t === teams.formula ? outsider : peer;
        const pid = (await (await who.json('POST', '/api/v1/persons', { legal_name: `Person ${++n}`, date_of_birth: '1980-01-01',
          record_number: `S-${n}`, recovery_stage: 'stabilization', team_id: t })).json()).id;
        const r = await who.json('PUT', `/api/v1/persons/${pid}/plan`, { leadership: 'shared', author_kind: 'person', summary: 'Plan',
          document: { goals: [{ words: 'Keep my flat', domain: 'housing', why: '', target_date: '', status: 'active', steps: [], progress: [] }],
            strengths: [], barriers: [] } });
        assert.equal(r.status, 201, await r.clone().text());
        persons.push({ id: pid, team: t, prog: progs[rule].id, progName: rule });
      }
    }
  });
  after(async () => { await s.stop(); });

  test('figures match an independent recount by every grouping, rounding edge cases under each rule', async () => {
    const days = ['2026-09-03', '2026-10-05', '2026-10-06', '2026-11-30', '2026-08-31'];
    for (const p of persons.filter((x) => x.team !== teams.formula)) {
      for (const [i, m] of [7, 8, 22, 23].entries())
        await contact(i % 2 ? peer2 : peer, p, { starts_at: '10:00', ends_at: end('10:00', m), contact_on: days[i] });
      await contact(peer, p, { kind: 'phone', location: 'phone', contact_on: days[4] }); // outside the period
      await contact(peer, p, { kind: 'outreach', location: 'home', starts_at: '', ends_at: '' }); // not billable, no minutes
      await contact(peer, p, { kind: 'community_outing', goals: [] }); // minutes but no goal: no units
    }
    const f = persons.find((x) => x.team === teams.formula);
    await contact(outsider, f, { kind: 'accompaniment', location: 'hospital_campus' });
    await agrees(manager);
    await agrees(manager, { program: String(progs.any_part.id) });
    await agrees(manager, { team: String(teams.whole_units) });
    // the rounding itself, spelled out: 7, 8, 22, 23 minutes = 0,1,1,2 / 0,0,1,1 / 1,1,2,2 units a person
    for (const [rule, units] of [['eight_minute', 4], ['whole_units', 2], ['any_part', 6]]) {
      const r = await report(manager, { ...PERIOD, by: 'program', program: String(progs[rule].id) });
      const edge = made.filter((c) => c.prog === progs[rule].id && c.kind === 'individual' && c.on >= PERIOD.from);
      assert.equal(edge.length, 12);
      const extra = rule === 'eight_minute' ? 1 : 0; // the formula team's accompaniment (22 min)
      assert.equal(r.total.billable_units, units * 3 + extra * RULES[rule](22), rule);
    }
    const all = await report(manager, { ...PERIOD, by: 'month' });
    const sum = all.rows.reduce((a, x) => a + x.persons_served, 0);
    assert.ok(all.total.persons_served < sum, 'the total counts each person once: not the rows\' sum');
  });

  test("a trainee's note counts once co-signed; a return takes it out; ?unsigned=1 shows drafts and pending work", async () => {
    const p = persons[0];
    const pending = await contact(trainee, p, { contact_on: '2026-10-20' });
    const returned = await contact(trainee, p, { contact_on: '2026-10-21' });
    await contact(peer, p, { contact_on: '2026-10-22' }, { sign: false });
    await agrees(manager);
    await agrees(manager, { unsigned: '1' });
    let r = await supervisor.json('POST', `/api/v1/persons/${p.id}/contacts/${pending}/cosign`, { decision: 'cosign' });
    assert.equal(r.status, 204);
    setState(pending, 'signed');
    r = await supervisor.json('POST', `/api/v1/persons/${p.id}/contacts/${returned}/cosign`, { decision: 'return', comment: 'Name the goal.' });
    assert.equal(r.status, 204);
    setState(returned, 'draft');
    await agrees(manager);
    await agrees(manager, { unsigned: '1' });
    const page = await (await manager.fetch(`/reports/services?from=${PERIOD.from}&to=${PERIOD.to}&unsigned=1`)).text();
    assert.match(page, /Includes unsigned work: drafts and notes awaiting a supervisor/);
  });

  test('Peer Desk drop-ins are counted apart; a merge moves a contact\'s person and the persons served follow', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const d = await peer.json('POST', '/api/v1/drop-ins', { team_id: teams.any_part, contact_on: today, starts_at: '13:00',
      ends_at: '13:20', location: 'office', did_together: 'Coffee and a talk.' });
    assert.equal(d.status, 201, await d.clone().text());
    made.push({ id: (await d.json()).id, person: null, team: teams.any_part, prog: progs.any_part.id, rule: 'any_part',
      staff: peer.user.id, kind: 'peer_desk', on: today, place: 'office', minutes: 20, goal: false, narrative: true, state: 'signed' });
    const q = { from: '2026-09-01', to: today, by: 'kind' };
    let rep = await report(manager, q);
    assert.deepEqual(strip(rep), recount(q));
    assert.equal(rep.rows.find((x) => x.key === 'peer_desk').drop_ins, 1);
    assert.equal(rep.rows.find((x) => x.key === 'peer_desk').contacts, 0);
    // merge persons[1] into persons[0] (same team): their contacts are persons[0]'s now
    const [a, b] = persons;
    const r = await supervisor.json('POST', `/api/v1/persons/${a.id}/merge`, { other: b.id, confirm: true });
    assert.ok(r.status < 300, await r.clone().text());
    for (const c of made) if (c.person === b.id) c.person = a.id;
    await agrees(manager);
    rep = await report(manager, { ...PERIOD, by: 'team', team: String(a.team) });
    assert.equal(rep.total.persons_served, 2, 'three persons, two once merged');
  });

  test('rebuilt from the contacts by migration 25, the summary gives the same figures', async () => {
    const before = await report(manager, { ...PERIOD, by: 'week', unsigned: '1' });
    const before2 = await report(manager, { ...PERIOD, by: 'staff' });
    await s.stop();
    const undo = sqlDirect(s, `${UNDO_SUMMARIES} ${UNDO_RESOURCES} ${UNDO_REPORTS}`);
    assert.equal(undo.status, 0, undo.err);
    assert.equal(runWaypoint(['init', '--db', s.db]).status, 0);
    Object.assign(s, await startServer({ db: s.db, init: false }));
    assert.deepEqual(await report(manager, { ...PERIOD, by: 'week', unsigned: '1' }), before);
    assert.deepEqual(await report(manager, { ...PERIOD, by: 'staff' }), before2);
    await agrees(manager);
  });

  test('for sharing outside the program every cell below the threshold is suppressed: "<11" on the page, null and suppressed in CSV and JSON', async () => {
    const q = { ...PERIOD, by: 'place', share: '1' };
    const plain = await report(manager, { ...PERIOD, by: 'place' });
    const shared = await report(manager, q);
    assert.equal(shared.small_cell_threshold, 11);
    for (const [i, row] of shared.rows.entries())
      for (const f of ['contacts', 'persons_served', 'minutes', 'billable_units', 'drop_ins']) {
        const v = plain.rows[i][f];
        if (v > 0 && v < 11) { assert.equal(row[f], null); assert.equal(row.suppressed, true); } else assert.equal(row[f], v);
      }
    const page = await (await manager.fetch(`/reports/services?${new URLSearchParams(q)}`)).text();
    assert.match(page, /&lt;11/);
    const csv = await (await manager.fetch(`/reports/services.csv?${new URLSearchParams(q)}`)).text();
    assert.match(csv, /^place,label,contacts,persons_served,minutes,billable_units,drop_ins,suppressed\r\n/);
    assert.match(csv, /,"",.*"true"\r\n/);
    // a program's own threshold; a multi-program report takes the highest
    let r = await manager.json('PUT', `/api/v1/programs/${progs.any_part.id}/small-cell-threshold`, { small_cell_threshold: 3 });
    assert.equal(r.status, 204, await r.clone().text());
    assert.equal((await report(manager, { ...q, program: String(progs.any_part.id) })).small_cell_threshold, 3);
    r = await manager.json('PUT', `/api/v1/programs/${progs.whole_units.id}/small-cell-threshold`, { small_cell_threshold: 20 });
    assert.equal((await report(manager, q)).small_cell_threshold, 20);
    for (const bad of [0, 101, '5', 2.5, null])
      assert.equal((await (await manager.json('PUT', `/api/v1/programs/${progs.any_part.id}/small-cell-threshold`,
        { small_cell_threshold: bad })).json()).error.field, 'small_cell_threshold', String(bad));
    assert.equal((await peer.json('PUT', `/api/v1/programs/${progs.any_part.id}/small-cell-threshold`,
      { small_cell_threshold: 5 })).status, 403);
  });

  test('every view and export is audited as a report, naming no person', async () => {
    await manager.fetch(`/reports/services.csv?from=${PERIOD.from}&to=${PERIOD.to}`);
    const rows = sqlDirect(s, "SELECT action || '|' || detail FROM audit_log WHERE entity_type = 'report' ORDER BY id").out.trim().split('\n');
    assert.ok(rows.some((x) => x.startsWith('export|services by month')), rows.join('\n'));
    assert.ok(rows.some((x) => x.startsWith('query|services by')));
    assert.ok(!rows.some((x) => /Person \d/.test(x)));
  });

  test('refusals: wrong role, another team, bad grouping, backwards or over-long period, unknown filters', async () => {
    assert.equal((await peer.fetch('/api/v1/reports/services')).status, 403);
    assert.equal((await trainee.fetch('/reports')).status, 403);
    const bad = [
      ['by=person', 400, 'by'], ['from=2026-11-30&to=2026-11-01', 400, 'to'], ['from=2010-01-01&to=2026-11-01', 400, 'from'],
      ['from=2026-13-01&to=2026-12-01', 400, 'from'], ['program=999999', 404, 'program'], ['program=abc', 400, 'program'],
      ['staff=999999', 404, 'staff'], ['share=yes', 400, 'share'], [`team=${teams.formula}`, 404, 'team'],
    ];
    for (const [q, status, field] of bad) {
      const r = await supervisor.fetch(`/api/v1/reports/services?${q}`);
      assert.equal(r.status, status, q);
      assert.equal((await r.json()).error.field, field, q);
      const page = await supervisor.fetch(`/reports/services?${q}`);
      assert.equal(page.status, status, q);
      assert.match(await page.text(), /usa-error-summary|error/i);
      assert.equal((await supervisor.fetch(`/reports/services.csv?${q}`)).status, status, q);
    }
    // a supervisor sees their own teams only: the formula team's contact is not in their total
    const mine = await report(supervisor, { ...PERIOD, by: 'team' });
    assert.ok(!mine.rows.some((x) => x.key === String(teams.formula)));
    const theirs = await report(otherSup, { ...PERIOD, by: 'team' });
    assert.deepEqual(theirs.rows.map((x) => x.key), [String(teams.formula)]);
    // the formula-named team is neutralised in the CSV
    const csv = await (await otherSup.fetch(`/reports/services.csv?from=${PERIOD.from}&to=${PERIOD.to}&by=team`)).text();
    assert.match(csv, /"'=HYPERLINK\(""x""\)"/);
    assert.doesNotMatch(csv, /(^|,)"?=HYPERLINK/m);
  });

  test('the index lists the reports; the page has the chart beside its table', async () => {
    const index = await (await manager.fetch('/reports')).text();
    assert.match(index, /href="\/reports\/services"/);
    assert.match(await (await manager.fetch('/')).text(), /<a class="usa-link" href="\/reports">Reports: services and outcomes<\/a>/);
    assert.doesNotMatch(await (await peer.fetch('/')).text(), /href="\/reports"/);
    const page = await (await manager.fetch(`/reports/services?from=${PERIOD.from}&to=${PERIOD.to}&by=kind`)).text();
    assert.match(page, /<figure[^>]*id="services-per-month"/);
    assert.match(page, /<svg class="waypoint-bars" aria-hidden="true"/);
    assert.match(page, /<caption>Services per month<\/caption>/);
    assert.match(page, /September 2026/);
  });
});
