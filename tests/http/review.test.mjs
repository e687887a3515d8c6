// Supervision and incidents: the review queue (trainees' notes and plan
// versions on the supervisor's teams, oldest first, with their age),
// supervision sessions, and incident reports readable only by the author,
// supervisors and program managers, with a notice to supervisors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

describe(`supervision and incidents (${BACKEND})`, () => {
  let s, admin, manager, peer, trainee, supervisor, otherSupervisor, outsider, pid;
  const note = { kind: 'phone', contact_on: '2026-11-19', starts_at: '09:00', ends_at: '09:20', location: 'phone',
    did_together: 'Checked in by phone about the new job.', sign: true };
  const incident = { occurred_at: '2026-11-20T14:30', location: 'Drop-in centre', people_involved: 'J.R., staff A.B.',
    what_happened: 'A visitor fell on the wet floor.', actions_taken: 'First aid; floor signed.', notified: 'Supervisor on call' };
  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    const prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'P', kind: 'community', time_zone: 'UTC', unit_rounding: 'eight_minute' })).json()).id;
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'A', program_id: prog })).json()).id;
    const other = (await (await admin.json('POST', '/api/v1/teams', { name: 'B', program_id: prog })).json()).id;
    peer = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    supervisor = await staff(s, 'supervisor');
    otherSupervisor = await staff(s, 'supervisor');
    outsider = await staff(s);
    for (const u of [peer, trainee, supervisor]) await admin.json('POST', `/api/v1/teams/${team}/members`, { email: u.user.email });
    for (const u of [outsider, otherSupervisor]) await admin.json('POST', `/api/v1/teams/${other}/members`, { email: u.user.email });
    pid = (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Lee Park', date_of_birth: '1985-05-05',
      record_number: 'S-1', recovery_stage: 'stabilization', team_id: team })).json()).id;
  });
  after(async () => { await s.stop(); });

  test("the queue lists trainees' notes and plan versions, oldest first with their age; co-signing empties it", async () => {
    const noteId = (await (await trainee.json('POST', `/api/v1/persons/${pid}/contacts`, note)).json()).id;
    const r = await trainee.json('PUT', `/api/v1/persons/${pid}/plan`, { leadership: 'shared', author_kind: 'staff', summary: 'First goal',
      document: { goals: [{ words: 'Keep the job', domain: 'employment', why: '', target_date: '', status: 'active', steps: [], progress: [] }],
        strengths: [], barriers: [] } });
    assert.equal(r.status, 201);
    await peer.json('POST', `/api/v1/persons/${pid}/contacts`, note); // a peer's note needs no co-signature
    sqlDirect(s, `UPDATE contacts SET signed_at = '2026-11-19T09:30:00Z' WHERE id = ${noteId}`);
    let q = await supervisor.fetch('/api/v1/supervision/queue');
    assert.equal(q.status, 200);
    let items = (await q.json()).items;
    assert.deepEqual(items.map((i) => [i.kind, i.id]), [['note', noteId], ['plan', 1]], 'oldest first');
    assert.equal(items[0].author, trainee.user.name);
    assert.match(items[0].age, /^\d+ days$/);
    assert.equal(items[0].person, 'Lee Park');
    assert.deepEqual((await (await otherSupervisor.fetch('/api/v1/supervision/queue')).json()).items, [],
      "another team's supervisor sees none of it");
    assert.equal((await peer.fetch('/api/v1/supervision/queue')).status, 403);
    assert.equal((await trainee.fetch('/supervision')).status, 403);
    const page = await (await supervisor.fetch('/supervision')).text();
    assert.match(page, /Phone call<\/strong> of 2026-11-19 for Lee Park by /, 'date, person and author on each row');
    assert.match(page, /Recovery plan change<\/strong> of \d{4}-\d\d-\d\d for Lee Park by /);
    assert.equal(items[0].on, '2026-11-19');
    assert.equal((await supervisor.json('POST', `/api/v1/persons/${pid}/contacts/${noteId}/cosign`, { decision: 'cosign' })).status, 204);
    assert.equal((await supervisor.form(`/persons/${pid}/plan/versions/1/cosign`, { decision: 'cosign' })).status, 303);
    items = (await (await supervisor.fetch('/api/v1/supervision/queue')).json()).items;
    assert.deepEqual(items, []);
    assert.equal((await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json()).cosign_state, 'cosigned');
  });

  test('supervisors log supervision sessions with their own supervisees only', async () => {
    let r = await supervisor.json('POST', '/api/v1/supervision/sessions',
      { supervisee_id: trainee.user.id, held_on: '2026-11-18', minutes: 60, topics: 'Boundaries; documentation' });
    assert.equal(r.status, 201);
    const list = (await (await supervisor.fetch('/api/v1/supervision/sessions')).json()).items;
    assert.equal(list.length, 1);
    assert.equal(list[0].supervisee, trainee.user.name);
    assert.equal(list[0].minutes, 60);
    for (const [body, field] of [[{ supervisee_id: outsider.user.id }, 'supervisee_id'], [{ supervisee_id: supervisor.user.id }, 'supervisee_id'],
      [{ minutes: 0 }, 'minutes'], [{ minutes: '60' }, 'minutes'], [{ held_on: '2999-01-01' }, 'held_on'], [{ topics: '' }, 'topics'],
      [{ supervisee_id: undefined }, 'supervisee_id'], [{ supervisee_id: String(trainee.user.id) }, 'supervisee_id'],
      [{ minutes: 601 }, 'minutes'], [{ minutes: 12.5 }, 'minutes'], [{ held_on: '2026-02-30' }, 'held_on'],
      [{ held_on: undefined }, 'held_on'], [{ topics: 'x'.repeat(4001) }, 'topics'], [{ topics: ['a'] }, 'topics'],
      [{ supervisee: 'Sam' }, 'supervisee'], [{ mood: 'good' }, 'mood']]) {
      r = await supervisor.json('POST', '/api/v1/supervision/sessions',
        { supervisee_id: trainee.user.id, held_on: '2026-11-18', minutes: 30, topics: 'x', ...body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field);
    }
    assert.equal((await peer.json('POST', '/api/v1/supervision/sessions',
      { supervisee_id: trainee.user.id, held_on: '2026-11-18', minutes: 30, topics: 'x' })).status, 403);
    r = await supervisor.form('/supervision/sessions', { supervisee_id: String(trainee.user.id), held_on: '2026-11-18',
      minutes: '700', topics: 'x' });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /href="#minutes"/, 'the page names the field');
    assert.equal((await (await supervisor.fetch('/api/v1/supervision/sessions')).json()).items.length, 1, 'nothing saved');
  });

  test('returned work comes back to its author: a notice with the comment, and first on their start page', async () => {
    const id = (await (await trainee.json('POST', `/api/v1/persons/${pid}/contacts`, note)).json()).id;
    assert.equal((await supervisor.json('POST', `/api/v1/persons/${pid}/contacts/${id}/cosign`,
      { decision: 'return', comment: 'Say which <goal> this served.' })).status, 204);
    const notices = (await (await trainee.fetch('/api/v1/notices')).json()).items;
    assert.match(notices[0].message, /returned for correction: Say which <goal> this served\./);
    assert.equal(notices[0].link, `/persons/${pid}/contacts/new?draft=${id}`);
    assert.deepEqual((await (await peer.fetch('/api/v1/notices')).json()).items.filter((n) => /returned/.test(n.message)), [],
      'only the author is told');
    let home = await (await trainee.fetch('/')).text();
    assert.match(home, /<h2[^>]*>Returned to you<\/h2>/);
    assert.match(home, /Say which &lt;goal&gt; this served\./, 'the comment, escaped');
    assert.match(home, new RegExp(`href="/persons/${pid}/contacts/new\\?draft=${id}"`));
    assert.doesNotMatch(await (await peer.fetch('/')).text(), /Returned to you/, 'nobody else sees it');
    const form = await (await trainee.fetch(`/persons/${pid}/contacts/new?draft=${id}`)).text();
    assert.match(form, /returned this note for correction: “Say which &lt;goal&gt; this served\.”/);
    assert.match(form, /Checked in by phone about the new job\./, 'the note comes back filled in');
    assert.equal((await trainee.json('PUT', `/api/v1/persons/${pid}/contacts/${id}`,
      { ...note, sign: undefined, did_together: 'Checked in by phone; this served the goal Keep the job.' })).status < 300, true);
    assert.ok((await trainee.json('POST', `/api/v1/persons/${pid}/contacts/${id}/sign`, {})).status < 300);
    home = await (await trainee.fetch('/')).text();
    assert.doesNotMatch(home, /Returned to you/, 'resubmitted, it leaves the list');
    const queue = (await (await supervisor.fetch('/api/v1/supervision/queue')).json()).items;
    assert.ok(queue.some((i) => i.kind === 'note' && i.id === id), 'and is back in the queue');
    assert.equal((await supervisor.json('POST', `/api/v1/persons/${pid}/contacts/${id}/cosign`, { decision: 'cosign' })).status, 204);
  });

  test('a plan version is returned from the queue only with a comment', async () => {
    const r = await trainee.json('PUT', `/api/v1/persons/${pid}/plan`, { leadership: 'shared', author_kind: 'staff', summary: 'Second',
      document: { goals: [{ words: 'Keep the job', domain: 'employment', why: '', target_date: '', status: 'active', steps: [], progress: [] }],
        strengths: [], barriers: [] } });
    assert.equal(r.status, 201);
    const version = (await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json()).version;
    const url = `/persons/${pid}/plan/versions/${version}/cosign`;
    for (const [fields, why] of [[{ decision: 'return' }, /Say why it is returned/], [{ decision: 'maybe' }, /Decision must be/],
      [{}, /Decision is required/]]) {
      const refused = await supervisor.form(url, fields);
      assert.equal(refused.status, 400, JSON.stringify(fields));
      assert.match(await refused.text(), why);
    }
    assert.equal((await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json()).cosign_state, 'pending', 'nothing decided');
    assert.equal((await supervisor.form(url, { decision: 'return', comment: 'Say which steps come first.' })).status, 303);
    assert.equal((await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json()).cosign_state, 'returned');
    const told = (await (await trainee.fetch('/api/v1/notices')).json()).items[0];
    assert.match(told.message, /recovery plan \(version \d+\) was returned: Say which steps come first\./);
    assert.match(await (await trainee.fetch('/')).text(), /Recovery plan change<\/strong> of [\d-]+ for Lee Park, returned by /);
  });

  test('an incident goes draft → submitted → under review → closed; supervisors get a notice', async () => {
    let r = await peer.json('POST', '/api/v1/incidents', { ...incident, notified: '' });
    assert.equal(r.status, 201, 'a draft may be incomplete');
    const id = (await r.json()).id;
    r = await peer.json('PUT', `/api/v1/incidents/${id}`, { ...incident, notified: '', submit: true });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'notified');
    assert.equal((await supervisor.fetch(`/api/v1/incidents/${id}`)).status, 404, 'a draft is the author\'s alone');
    r = await peer.json('PUT', `/api/v1/incidents/${id}`, { ...incident, submit: true });
    assert.equal(r.status, 204);
    r = await peer.json('PUT', `/api/v1/incidents/${id}`, incident);
    assert.equal(r.status, 409, 'a submitted report no longer changes');
    const notices = (await (await otherSupervisor.fetch('/api/v1/notices')).json()).items;
    assert.equal(notices.length, 1);
    assert.equal(notices[0].link, `/incidents/${id}`);
    assert.equal(notices[0].unread, true);
    assert.equal((await (await otherSupervisor.fetch('/api/v1/notices')).json()).items[0].unread, true, 'opening them changes nothing');
    assert.equal((await otherSupervisor.json('POST', '/api/v1/notices/read', { through: notices[0].id })).status, 204);
    assert.equal((await (await otherSupervisor.fetch('/api/v1/notices')).json()).items[0].unread, false, 'read once marked');
    assert.deepEqual((await (await peer.fetch('/api/v1/notices')).json()).items, [], 'peers get no notice');
    r = await peer.json('POST', `/api/v1/incidents/${id}/state`, { state: 'closed' });
    assert.equal(r.status, 409, 'the author does not review');
    r = await supervisor.json('POST', `/api/v1/incidents/${id}/state`, { state: 'closed' });
    assert.equal(r.status, 409, 'under review comes first');
    r = await supervisor.json('POST', `/api/v1/incidents/${id}/state`, { state: 'under_review' });
    assert.equal(r.status, 204);
    r = await manager.json('POST', `/api/v1/incidents/${id}/state`, { state: 'closed', note: 'Mats bought.' });
    assert.equal(r.status, 204);
    const x = await (await manager.fetch(`/api/v1/incidents/${id}`)).json();
    assert.equal(x.state, 'closed');
    assert.equal(x.review_note, 'Mats bought.');
    assert.equal(x.what_happened, incident.what_happened);
    const audit = (await (await admin.fetch('/api/v1/audit?action=read&limit=200')).json()).items;
    assert.ok(audit.some((a) => a.entity_type === 'incident' && a.entity_id === String(id)), 'reads are audited');
  });

  test('an incident is unreadable to other peers, page and API', async () => {
    const id = (await (await peer.json('POST', '/api/v1/incidents', { ...incident, submit: true })).json()).id;
    for (const who of [outsider, trainee, admin]) {
      assert.equal((await who.fetch(`/api/v1/incidents/${id}`)).status, 404);
      assert.equal((await who.fetch(`/incidents/${id}`)).status, 404);
      const list = (await (await who.fetch('/api/v1/incidents')).json()).items;
      assert.ok(!list.some((i) => i.id === id));
      assert.equal((await who.json('PUT', `/api/v1/incidents/${id}`, incident)).status, 404);
      assert.equal((await who.json('POST', `/api/v1/incidents/${id}/state`, { state: 'under_review' })).status, 404);
    }
    const page = await (await supervisor.fetch(`/incidents/${id}`)).text();
    assert.match(page, /A visitor fell on the wet floor/);
    assert.match(page, /Start the review/);
    const bad = await peer.json('POST', '/api/v1/incidents', { ...incident, occurred_at: '2026-11-20 14:30', submit: true });
    assert.equal((await bad.json()).error.field, 'occurred_at');
    const big = await peer.json('POST', '/api/v1/incidents', { ...incident, what_happened: 'x'.repeat(10001) });
    assert.equal((await big.json()).error.field, 'what_happened');
  });

  test('a bad incident report or review step is refused naming the field, and nothing is saved', async () => {
    const count = async () => (await (await peer.fetch('/api/v1/incidents')).json()).items.length;
    const before = await count();
    for (const [body, field] of [[{ occurred_at: '2999-01-01T10:00' }, 'occurred_at'], [{ occurred_at: '2026-02-30T10:00' }, 'occurred_at'],
      [{ location: 5 }, 'location'], [{ location: 'two\nlines' }, 'location'], [{ notified: 'x'.repeat(10001) }, 'notified'],
      [{ actions_taken: 'a\u0001b' }, 'actions_taken'], [{ submit: 'yes' }, 'submit'], [{ state: 'closed' }, 'state'],
      [{ author: 'someone' }, 'author'], [{ severity: 'high' }, 'severity'], [{ location: '', submit: true }, 'location'],
      [{ people_involved: '', submit: true }, 'people_involved']]) {
      const r = await peer.json('POST', '/api/v1/incidents', { ...incident, ...body });
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 60));
      assert.equal((await r.json()).error.field, field);
    }
    assert.equal(await count(), before, 'nothing saved');
    const id = (await (await peer.json('POST', '/api/v1/incidents', { ...incident, submit: true })).json()).id;
    for (const [body, field] of [[{}, 'state'], [{ state: 'reopened' }, 'state'], [{ state: 3 }, 'state'],
      [{ state: 'under_review', note: 'x'.repeat(4001) }, 'note'], [{ state: 'under_review', reviewer: 'me' }, 'reviewer']]) {
      const r = await supervisor.json('POST', `/api/v1/incidents/${id}/state`, body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 60));
      assert.equal((await r.json()).error.field, field);
    }
    assert.equal((await (await supervisor.fetch(`/api/v1/incidents/${id}`)).json()).state, 'submitted', 'no step taken');
    const page = await peer.form('/incidents', { ...incident, what_happened: '', action: 'submit' });
    assert.equal(page.status, 400);
    assert.match(await page.text(), /href="#what_happened"/, 'the form names the field');
    assert.equal(await count(), before + 1, 'the refused form saved nothing');
  });
});
