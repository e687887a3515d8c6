// Local time: every "today", date default, "not in the future" check,
// consent expiry and Peer Desk period is the program's, and times are shown
// in its zone with the zone's letters.  The server's clock is stopped with
// WAYPOINT_TEST_NOW (for tests only), around midnight and on the nights the
// clocks change in 2026 (March 8 forward, November 1 back).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, freshDatabase, signIn, sqlDirect, staff, startServer } from './helpers.mjs';

const note = (extra = {}) => ({ kind: 'individual', contact_on: '2026-11-20', starts_at: '10:00', ends_at: '10:40',
  location: 'community', goals: [], did_together: 'Walked to the food bank together.', response: 'Good.',
  next_steps: 'Again on Friday.', team_notice: '', ...extra });
const release = (extra = {}) => ({ kind: 'release', discloser: 'Harbor', information: 'Attendance',
  recipient: 'County Housing Office', purpose: 'Housing application', revocation: 'In writing, any time',
  signer_name: 'Ana Ruiz', signed_on: '2026-11-20', ...extra });

/** A program in zone tz with a team, a peer on it and a person in it. */
async function place(s, admin, tz) {
  const prog = (await (await admin.json('POST', '/api/v1/programs',
    { name: `In ${tz}`, kind: 'community', time_zone: tz, unit_rounding: 'eight_minute' })).json()).id;
  const team = (await (await admin.json('POST', '/api/v1/teams', { name: `Team ${tz}`, program_id: prog })).json()).id;
  const peer = await staff(s);
  await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
  const r = await peer.json('POST', '/api/v1/persons', { legal_name: `Person in ${tz}`, date_of_birth: '1980-01-01',
    record_number: `LT-${tz}-${Math.random().toString(36).slice(2, 8)}`, recovery_stage: 'stabilization', team_id: team });
  assert.equal(r.status, 201, await r.clone().text());
  return { prog, team, peer, pid: (await r.json()).id };
}

const contacts = (s, pid) => Number(sqlDirect(s, `SELECT COUNT(*) FROM contacts WHERE person_id = ${pid}`).out.trim());
const inputValue = (html, name) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1];

describe(`local time at 2026-12-05T03:30Z, 22:30 on Dec 4 in New York (${BACKEND})`, () => {
  let s, admin, ny, chi, la, tokyo;
  before(async () => {
    s = await startServer({ env: { WAYPOINT_TEST_NOW: '2026-12-05T03:30:00Z' } });
    admin = await staff(s, 'admin');
    ny = await place(s, admin, 'America/New_York');
    chi = await place(s, admin, 'America/Chicago');
    la = await place(s, admin, 'America/Los_Angeles');
    tokyo = await place(s, admin, 'Asia/Tokyo'); // already 12:30 on Dec 5
  });
  after(async () => { await s.stop(); });

  test('a contact dated Dec 4 is accepted and Dec 5 refused as future where it is still Dec 4', async () => {
    for (const p of [ny, chi, la]) {
      const before = contacts(s, p.pid);
      let r = await p.peer.json('POST', `/api/v1/persons/${p.pid}/contacts`, note({ contact_on: '2026-12-05' }));
      assert.equal(r.status, 400);
      const e = (await r.json()).error;
      assert.equal(e.field, 'contact_on');
      assert.match(e.message, /must not be in the future/);
      assert.equal(contacts(s, p.pid), before, 'nothing saved');
      r = await p.peer.json('POST', `/api/v1/persons/${p.pid}/contacts`, note({ contact_on: '2026-12-04', sign: true }));
      assert.equal(r.status, 201, await r.clone().text());
    }
    // where it is Dec 5 already, Dec 5 is today and Dec 6 the future
    let r = await tokyo.peer.json('POST', `/api/v1/persons/${tokyo.pid}/contacts`, note({ contact_on: '2026-12-05' }));
    assert.equal(r.status, 201);
    r = await tokyo.peer.json('POST', `/api/v1/persons/${tokyo.pid}/contacts`, note({ contact_on: '2026-12-06' }));
    assert.equal(r.status, 400);
    // the form says the same, naming the field
    const page = await ny.peer.form(`/persons/${ny.pid}/contacts`, { ...note({ contact_on: '2026-12-05' }), goals: '' });
    assert.equal(page.status, 400);
    assert.match(await page.text(), /href="#contact_on"[^>]*>Date/);
  });

  test('other dates that may not be in the future: birth, assessment, admission', async () => {
    let r = await ny.peer.json('POST', '/api/v1/persons', { legal_name: 'Born tomorrow', date_of_birth: '2026-12-05',
      record_number: 'LT-born', recovery_stage: 'stabilization', team_id: ny.team });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'date_of_birth');
    r = await tokyo.peer.json('POST', '/api/v1/persons', { legal_name: 'Born today in Tokyo', date_of_birth: '2026-12-05',
      record_number: 'LT-born-jp', recovery_stage: 'stabilization', team_id: tokyo.team });
    assert.equal(r.status, 201);
    const answers = Array(10).fill(4);
    r = await la.peer.json('POST', `/api/v1/persons/${la.pid}/barc10`, { taken_on: '2026-12-05', filled_by: 'person', answers });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'taken_on');
    r = await la.peer.json('POST', `/api/v1/persons/${la.pid}/barc10`, { taken_on: '2026-12-04', filled_by: 'person', answers });
    assert.equal(r.status, 201, await r.clone().text());
    r = await chi.peer.json('POST', `/api/v1/persons/${chi.pid}/enrollments`,
      { program_id: chi.prog, admitted_on: '2026-12-05', admission_reason: 'Referred by a friend' });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'admitted_on');
  });

  test("the forms start at the local date: note, assessment, plan signature, Peer Desk", async () => {
    let html = await (await ny.peer.fetch(`/persons/${ny.pid}/contacts/new`)).text();
    assert.equal(inputValue(html, 'contact_on'), '2026-12-04');
    html = await (await tokyo.peer.fetch(`/persons/${tokyo.pid}/contacts/new`)).text();
    assert.equal(inputValue(html, 'contact_on'), '2026-12-05');
    html = await (await la.peer.fetch(`/persons/${la.pid}/barc10`)).text();
    assert.equal(inputValue(html, 'taken_on'), '2026-12-04');
    const r = await chi.peer.json('PUT', `/api/v1/persons/${chi.pid}/plan`, { leadership: 'shared', author_kind: 'person',
      summary: 'First plan', document: { goals: [{ words: 'Keep my flat', domain: 'health_wellness', why: '', target_date: '',
        status: 'active', steps: [], progress: [] }], strengths: [], barriers: [] } });
    assert.equal(r.status, 201, await r.clone().text());
    html = await (await chi.peer.fetch(`/persons/${chi.pid}/plan`)).text();
    assert.equal(inputValue(html, 'signed_on'), '2026-12-04');
    assert.match(html, /<time datetime="2026-12-05T03:30:00Z">2026-12-04 21:30 CST<\/time>/, 'the version, in Chicago time');
    html = await (await ny.peer.fetch('/drop-ins')).text();
    assert.equal(inputValue(html, 'contact_on'), '2026-12-04');
  });

  test('Peer Desk periods default to the local month so far', async () => {
    let l = await (await ny.peer.fetch('/api/v1/drop-ins')).json();
    assert.equal(l.from, '2026-12-01');
    assert.equal(l.to, '2026-12-04');
    l = await (await tokyo.peer.fetch('/api/v1/drop-ins')).json();
    assert.equal(l.to, '2026-12-05');
    // a drop-in dated the local today counts; the UTC date is tomorrow there
    let r = await ny.peer.json('POST', '/api/v1/drop-ins', { contact_on: '2026-12-04', starts_at: '21:00', ends_at: '21:20',
      location: 'office', did_together: 'Coffee.' });
    assert.equal(r.status, 201, await r.clone().text());
    r = await ny.peer.json('POST', '/api/v1/drop-ins', { contact_on: '2026-12-05', did_together: 'Coffee.' });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'contact_on');
    l = await (await ny.peer.fetch('/api/v1/drop-ins')).json();
    assert.equal(l.total, 1);
  });

  test('a consent that expires today (local) is still in force; yesterday\'s is not', async () => {
    let r = await ny.peer.json('POST', `/api/v1/persons/${ny.pid}/consents`, release({ expires_on: '2026-12-04' }));
    assert.equal(r.status, 201, await r.clone().text());
    r = await ny.peer.json('POST', `/api/v1/persons/${ny.pid}/consents`, release({ expires_on: '2026-12-03', recipient: 'Clinic' }));
    assert.equal(r.status, 201);
    const items = (await (await ny.peer.fetch(`/api/v1/persons/${ny.pid}/consents`)).json()).items;
    assert.deepEqual(items.map((c) => [c.expires_on, c.in_force]), [['2026-12-03', false], ['2026-12-04', true]]);
    const overview = await (await ny.peer.fetch(`/persons/${ny.pid}`)).text();
    assert.match(overview, /County Housing Office/, 'in force on the overview');
    assert.doesNotMatch(overview, /Clinic/);
    // in Tokyo Dec 4 is over
    await tokyo.peer.json('POST', `/api/v1/persons/${tokyo.pid}/consents`, release({ expires_on: '2026-12-04' }));
    const jp = (await (await tokyo.peer.fetch(`/api/v1/persons/${tokyo.pid}/consents`)).json()).items;
    assert.equal(jp[0].in_force, false);
  });

  test('the timeline and the overview date a stage change by the local day', async () => {
    const r = await ny.peer.form(`/persons/${ny.pid}/stage`, { recovery_stage: 'sustained_recovery_maintenance' });
    assert.equal(r.status, 303);
    const items = (await (await ny.peer.fetch(`/api/v1/persons/${ny.pid}/timeline?kind=stage`)).json()).items;
    assert.deepEqual(items.map((x) => [x.date, x.at]).slice(0, 1), [['2026-12-04', '2026-12-05T03:30:00Z']]);
    const html = await (await ny.peer.fetch(`/persons/${ny.pid}/timeline`)).text();
    assert.match(html, /<strong>2026-12-04<\/strong> <a [^>]*>Stage: Sustained/);
    assert.doesNotMatch(html, /<strong>2026-12-05<\/strong>/);
    const overview = await (await ny.peer.fetch(`/persons/${ny.pid}`)).text();
    assert.match(overview, /Sustained recovery maintenance — <time datetime="2026-12-05T03:30:00Z">2026-12-04 22:30 EST<\/time>/);
  });

  test('a signed note shows when it was signed in local time with the zone; the API keeps UTC', async () => {
    const list = (await (await la.peer.fetch(`/api/v1/persons/${la.pid}/contacts`)).json()).items;
    const id = list[0].id;
    const c = await (await la.peer.fetch(`/api/v1/persons/${la.pid}/contacts/${id}`)).json();
    assert.equal(c.signed_at, '2026-12-05T03:30:00Z');
    const html = await (await la.peer.fetch(`/persons/${la.pid}/contacts/${id}`)).text();
    assert.match(html, /Signed by [^<]* at <time datetime="2026-12-05T03:30:00Z">2026-12-04 19:30 PST<\/time>/);
    assert.doesNotMatch(html, /03:30 UTC/);
  });
});

describe(`the nights the clocks change, New York (${BACKEND})`, () => {
  let db, ny, admin, utc;
  /** The server on the same database with its clock at now; the peers
   * signed in again there. */
  const at = async (now) => {
    const s = await startServer({ db, init: false, env: { WAYPOINT_TEST_NOW: now } });
    ny.peer = await signIn(s, ny.peer.user);
    utc.peer = await signIn(s, utc.peer.user);
    return s;
  };
  before(async () => {
    db = freshDatabase();
    const s = await startServer({ db, env: { WAYPOINT_TEST_NOW: '2026-11-01T05:30:00Z' } });
    admin = await staff(s, 'admin');
    ny = await place(s, admin, 'America/New_York');
    utc = await place(s, admin, 'UTC');
    await s.stop();
  });

  test('01:30 on Nov 1 happens twice: each note says which', async () => {
    const signed = [];
    for (const now of ['2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z']) {
      const s = await at(now);
      try {
        const r = await ny.peer.json('POST', `/api/v1/persons/${ny.pid}/contacts`,
          note({ contact_on: '2026-11-01', starts_at: '01:00', ends_at: '01:25', sign: true }));
        assert.equal(r.status, 201, await r.clone().text());
        signed.push((await r.json()).id);
      } finally { await s.stop(); }
    }
    const s = await at('2026-11-01T12:00:00Z');
    try {
      const first = await (await ny.peer.fetch(`/persons/${ny.pid}/contacts/${signed[0]}`)).text();
      const second = await (await ny.peer.fetch(`/persons/${ny.pid}/contacts/${signed[1]}`)).text();
      assert.match(first, /<time datetime="2026-11-01T05:30:00Z">2026-11-01 01:30 EDT<\/time>/);
      assert.match(second, /<time datetime="2026-11-01T06:30:00Z">2026-11-01 01:30 EST<\/time>/);
    } finally { await s.stop(); }
  });

  test('a note at 23:30 local on a DST night is dated that day', async () => {
    // 23:30 on March 8 (EDT) is 03:30 on March 9 in UTC; 23:30 on Nov 1 (EST) is 04:30 on Nov 2
    for (const [now, day, next] of [['2026-03-09T03:30:00Z', '2026-03-08', '2026-03-09'],
      ['2026-11-02T04:30:00Z', '2026-11-01', '2026-11-02']]) {
      const s = await at(now);
      try {
        const html = await (await ny.peer.fetch(`/persons/${ny.pid}/contacts/new`)).text();
        assert.equal(inputValue(html, 'contact_on'), day);
        let r = await ny.peer.json('POST', `/api/v1/persons/${ny.pid}/contacts`,
          note({ contact_on: day, starts_at: '23:00', ends_at: '23:30', sign: true }));
        assert.equal(r.status, 201, await r.clone().text());
        const id = (await r.json()).id;
        const page = await (await ny.peer.fetch(`/persons/${ny.pid}/contacts/${id}`)).text();
        assert.match(page, new RegExp(`${day} 23:30 E[DS]T</time>`));
        r = await ny.peer.json('POST', `/api/v1/persons/${ny.pid}/contacts`, note({ contact_on: next }));
        assert.equal(r.status, 400, `${next} is tomorrow in New York`);
        r = await utc.peer.json('POST', `/api/v1/persons/${utc.pid}/contacts`, note({ contact_on: next }));
        assert.equal(r.status, 201, `${next} is today in UTC`);
      } finally { await s.stop(); }
    }
  });

  test('02:30 on March 8 never happened in New York: the note and the incident are refused, naming the field', async () => {
    const s = await at('2026-03-10T12:00:00Z');
    try {
      const before = contacts(s, ny.pid);
      let r = await ny.peer.json('POST', `/api/v1/persons/${ny.pid}/contacts`,
        note({ contact_on: '2026-03-08', starts_at: '02:30', ends_at: '03:30' }));
      assert.equal(r.status, 400);
      let e = (await r.json()).error;
      assert.equal(e.field, 'starts_at');
      assert.match(e.message, /clocks went forward/);
      r = await ny.peer.json('POST', `/api/v1/persons/${ny.pid}/contacts`,
        note({ contact_on: '2026-03-08', starts_at: '01:30', ends_at: '02:15' }));
      assert.equal(r.status, 400);
      assert.equal((await r.json()).error.field, 'ends_at');
      assert.equal(contacts(s, ny.pid), before, 'nothing saved');
      r = await ny.peer.json('POST', `/api/v1/persons/${ny.pid}/contacts`,
        note({ contact_on: '2026-03-08', starts_at: '01:30', ends_at: '03:15' }));
      assert.equal(r.status, 201, 'either side of the gap is fine');
      r = await utc.peer.json('POST', `/api/v1/persons/${utc.pid}/contacts`,
        note({ contact_on: '2026-03-08', starts_at: '02:30', ends_at: '03:30' }));
      assert.equal(r.status, 201, 'in UTC 02:30 happened');
      const incident = { occurred_at: '2026-03-08T02:30', location: 'Drop-in centre', people_involved: 'J.R.',
        what_happened: 'A fall.', actions_taken: 'First aid.', notified: 'Supervisor' };
      r = await ny.peer.json('POST', '/api/v1/incidents', incident);
      assert.equal(r.status, 400);
      e = (await r.json()).error;
      assert.equal(e.field, 'occurred_at');
      assert.match(e.message, /clocks went forward/);
      r = await ny.peer.json('POST', '/api/v1/incidents', { ...incident, occurred_at: '2026-03-10T08:01' });
      assert.equal(r.status, 400, 'later today in New York is the future');
      r = await ny.peer.json('POST', '/api/v1/incidents', { ...incident, occurred_at: '2026-03-10T07:59' });
      assert.equal(r.status, 201, await r.clone().text());
    } finally { await s.stop(); }
  });
});

describe(`WAYPOINT_TEST_NOW (${BACKEND})`, () => {
  test('a malformed value stops the server as it starts', async () => {
    for (const bad of ['tomorrow', '2026-12-05 03:30:00Z', '2026-02-30T00:00:00Z']) {
      await assert.rejects(startServer({ env: { WAYPOINT_TEST_NOW: bad } }), /WAYPOINT_TEST_NOW must be a UTC time/);
    }
  });
});
