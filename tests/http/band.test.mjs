// Whose record is this?  Every page of a person's record — every GET page
// route the table marks as a person's, found from `waypoint routes` so a
// new one cannot be missed — names the person in the same band: the name
// they use, the legal name, the record number; the print views add the
// date.  Nobody else sees the band (or the name) on the 404 they get.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, runWaypoint, staff, startServer } from './helpers.mjs';

const personPages = JSON.parse(runWaypoint(['routes']).stdout).routes
  .filter((r) => r.person && r.method === 'GET' && !r.pattern.startsWith('/api/'));
const band = (html) => /<section class="waypoint-person-band"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1];

describe(`the person band (${BACKEND})`, () => {
  let s, peer, stranger, pid, cid, fid, rid;
  before(async () => {
    s = await startServer();
    const admin = await staff(s, 'admin');
    const prog = await (await admin.json('POST', '/api/v1/programs', { name: 'Harbor', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'any_part' })).json();
    const team = async (name) => (await (await admin.json('POST', '/api/v1/teams', { name, program_id: prog.id })).json()).id;
    const north = await team('North'), south = await team('South');
    // supervisors: every person page is open to their role (merging too)
    peer = await staff(s, 'supervisor'); stranger = await staff(s, 'supervisor');
    await admin.json('POST', `/api/v1/teams/${north}/members`, { email: peer.user.email });
    await admin.json('POST', `/api/v1/teams/${south}/members`, { email: stranger.user.email });
    pid = (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Ana <b>Ortega</b>', preferred_name: 'Annie',
      pronouns: 'she/her', date_of_birth: '1990-03-04', record_number: 'BAND-77', phone: '', email: '',
      preferred_language: 'English', recovery_stage: 'recovery_initiation', team_id: north })).json()).id;
    cid = (await (await peer.json('POST', `/api/v1/persons/${pid}/contacts`, { kind: 'individual', contact_on: '2026-11-20',
      starts_at: '10:00', ends_at: '10:30', location: 'community', goals: [], did_together: 'Talked.', response: 'Fine.',
      next_steps: 'Call.', team_notice: '' })).json()).id;
    const goal = { words: 'A place of my own', domain: 'housing', why: 'Quiet', target_date: '2027-03-01',
      status: 'active', steps: [], progress: [] };
    // an admission and discharge: the follow-up pages
    const eid = (await (await peer.json('POST', `/api/v1/persons/${pid}/enrollments`, { program_id: prog.id,
      admitted_on: '2026-01-05', admission_reason: 'Referred' })).json()).id;
    assert.equal((await peer.json('POST', `/api/v1/persons/${pid}/enrollments/${eid}/discharge`,
      { discharged_on: '2026-11-01', discharge_reason: 'moved' })).status, 204);
    fid = (await (await peer.fetch(`/api/v1/persons/${pid}/followups`)).json()).items[0].id;
    // a referral typed by hand: its page
    const ref = await peer.json('POST', `/api/v1/persons/${pid}/referrals`, { to_name: 'Harbor Food Pantry',
      need: 'Food', follow_up_on: '2099-01-01' });
    assert.equal(ref.status, 201, await ref.clone().text());
    rid = (await ref.json()).id;
    for (const goals of [[goal], [goal, { ...goal, words: 'Work' }]]) {
      const r = await peer.json('PUT', `/api/v1/persons/${pid}/plan`, { leadership: 'shared', author_kind: 'person',
        summary: 'Plan', document: { goals } });
      assert.ok(r.status < 300, `plan ${r.status}`);
    }
  });
  after(async () => { await s.stop(); });

  test('the table has person pages to check', () => {
    assert.ok(personPages.length >= 12, personPages.map((r) => r.pattern).join(' '));
  });

  for (const route of personPages) {
    test(`${route.pattern} names the person`, async () => {
      const path = route.pattern.replace('{id}', pid).replace('{cid}', cid).replace('{fid}', fid).replace('{rid}', rid)
        + (route.pattern.endsWith('/compare') ? '?a=1&b=2' : '');
      const r = await peer.fetch(path);
      assert.equal(r.status, 200, path);
      const b = band(await r.text());
      assert.ok(b, `${path} has the band`);
      assert.match(b, /<strong[^>]*>Annie<\/strong>/);
      assert.match(b, /\(Ana &lt;b&gt;Ortega&lt;\/b&gt;\)/, 'the legal name, escaped');
      assert.match(b, /BAND-77/);
      assert.match(b, /Born 1990-03-04/);
      if (path.endsWith('print') || path.endsWith('summary')) assert.match(b, /Printed \d{4}-\d\d-\d\d/);
      else assert.doesNotMatch(b, /Printed/);
    });
  }

  test('another team\'s staff get a 404 without the band or the name', async () => {
    for (const route of personPages) {
      const path = route.pattern.replace('{id}', pid).replace('{cid}', cid).replace('{fid}', fid).replace('{rid}', rid) + '?a=1&b=2';
      const r = await stranger.fetch(path);
      assert.equal(r.status, 404, path);
      const html = await r.text();
      assert.equal(band(html), undefined, path);
      assert.doesNotMatch(html, /Annie|BAND-77/, path);
    }
  });

  test('pages not about one person have no band', async () => {
    for (const path of ['/', '/persons', '/incidents', '/notices']) {
      assert.equal(band(await (await peer.fetch(path)).text()), undefined, path);
    }
  });
});
