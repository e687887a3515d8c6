// The recovery plan: versions with authors, the person's signature, the
// agreed version, a trainee's change not agreed before co-signature, two
// versions compared, bad plans refused by field path, other teams 404.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, staff, startServer } from './helpers.mjs';

describe(`recovery plan (${BACKEND})`, () => {
  let s, admin, peer, trainee, supervisor, outsider, pid;
  const goal = (words, extra = {}) => ({ words, domain: 'housing', why: 'A door that locks', target_date: '2027-03-01',
    status: 'active', steps: [{ what: 'Call the housing office', who: 'person', by: '2026-12-01', done: false }],
    progress: [], ...extra });
  const put = (who, document, extra = {}) => who.json('PUT', `/api/v1/persons/${pid}/plan`,
    { leadership: 'shared', author_kind: 'person', summary: 'Changed', document, ...extra });
  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    const prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'P', kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' })).json()).id;
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'A', program_id: prog })).json()).id;
    const other = (await (await admin.json('POST', '/api/v1/teams', { name: 'B', program_id: prog })).json()).id;
    peer = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    supervisor = await staff(s, 'supervisor');
    outsider = await staff(s);
    for (const u of [peer, trainee, supervisor]) await admin.json('POST', `/api/v1/teams/${team}/members`, { email: u.user.email });
    await admin.json('POST', `/api/v1/teams/${other}/members`, { email: outsider.user.email });
    pid = (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Kim Ode', date_of_birth: '1990-04-04',
      record_number: 'P-1', recovery_stage: 'recovery_initiation', team_id: team })).json()).id;
  });
  after(async () => { await s.stop(); });

  test('a peer and the person write a goal with steps, and the person signs: that version is agreed', async () => {
    let r = await peer.fetch(`/api/v1/persons/${pid}/plan`);
    assert.deepEqual(await r.json(), { version: null, agreed_version: null, document: {} });
    r = await put(peer, { goals: [goal('Get my own apartment')],
      strengths: [{ kind: 'internal', text: 'I keep going', strategy: '' }],
      barriers: [{ kind: 'external', text: 'No rental history', strategy: 'A reference from my pastor' }] });
    assert.equal(r.status, 201);
    assert.deepEqual(await r.json(), { version: 1, cosign_state: 'none' });
    r = await peer.json('POST', `/api/v1/persons/${pid}/plan/versions/1/sign`, { signer_name: 'Kim Ode', signed_on: '2026-11-20' });
    assert.equal(r.status, 204);
    const plan = await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json();
    assert.equal(plan.version, 1);
    assert.equal(plan.agreed_version, 1);
    assert.equal(plan.author_kind, 'person');
    assert.equal(plan.author, peer.user.name);
    assert.equal(plan.signed.signer_name, 'Kim Ode');
    assert.equal(plan.document.goals[0].steps[0].what, 'Call the housing office');
    r = await peer.json('POST', `/api/v1/persons/${pid}/plan/versions/1/sign`, { signer_name: 'Kim Ode', signed_on: '2026-11-21' });
    assert.equal(r.status, 409, 'a version is signed once');
    const page = await (await peer.fetch(`/persons/${pid}/plan`)).text();
    assert.match(page, /Version 1 is the agreed plan/);
    assert.match(page, /Get my own apartment/);
    assert.match(page, /Signed by Kim Ode/);
  });

  test('versions keep every change with its author; two versions compare side by side', async () => {
    const v1 = (await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json()).document;
    const progressed = { ...v1, goals: [{ ...v1.goals[0], progress: [{ on: '2026-11-21', note: 'Viewed a flat <b>downtown</b>' }] },
      goal('Find part-time work', { domain: 'employment' })] };
    const r = await put(peer, progressed, { author_kind: 'staff', leadership: 'self_directed', summary: 'Progress and a new goal' });
    assert.equal(r.status, 201);
    const versions = (await (await peer.fetch(`/api/v1/persons/${pid}/plan/versions`)).json()).items;
    assert.deepEqual(versions.map((v) => [v.version, v.author_kind, v.leadership]),
      [[2, 'staff', 'self_directed'], [1, 'person', 'shared']], 'leadership history kept');
    const cmp = await peer.fetch(`/persons/${pid}/plan/compare?a=1&b=2`);
    assert.equal(cmp.status, 200);
    const html = await cmp.text();
    assert.match(html, /Versions 1 and 2 side by side/);
    assert.match(html, /Find part-time work<\/strong> <span class="usa-tag bg-accent-warm-dark">Differs/);
    assert.match(html, /Viewed a flat &lt;b&gt;downtown&lt;\/b&gt;/);
    assert.match(html, /I keep going \(internal\)<\/li>/, 'unchanged items are not marked');
    assert.equal((await peer.fetch(`/persons/${pid}/plan/compare?a=1&b=99`)).status, 404);
    assert.equal((await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json()).agreed_version, 1, 'v2 is not signed yet');
  });

  test("a trainee's change is not agreed until a supervisor co-signs it", async () => {
    const doc = (await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json()).document;
    let r = await put(trainee, { ...doc, goals: [...doc.goals, goal('Reconnect with my daughter', { domain: 'relationships' })] });
    assert.equal(r.status, 201);
    const { version, cosign_state } = await r.json();
    assert.equal(cosign_state, 'pending');
    r = await peer.json('POST', `/api/v1/persons/${pid}/plan/versions/${version}/sign`, { signer_name: 'Kim Ode', signed_on: '2026-11-22' });
    assert.equal(r.status, 204);
    let plan = await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json();
    assert.equal(plan.agreed_version, 1, 'signed, but not agreed before co-signature');
    r = await peer.json('POST', `/api/v1/persons/${pid}/plan/versions/${version}/cosign`, { decision: 'cosign' });
    assert.equal(r.status, 403, 'a peer cannot co-sign');
    r = await trainee.json('POST', `/api/v1/persons/${pid}/plan/versions/${version}/cosign`, { decision: 'cosign' });
    assert.equal(r.status, 403, 'nor can the trainee');
    r = await supervisor.json('POST', `/api/v1/persons/${pid}/plan/versions/${version}/cosign`, { decision: 'return' });
    assert.equal(r.status, 400, 'returning needs a comment');
    r = await supervisor.json('POST', `/api/v1/persons/${pid}/plan/versions/${version}/cosign`, { decision: 'cosign' });
    assert.equal(r.status, 204);
    plan = await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json();
    assert.equal(plan.agreed_version, version);
    assert.equal(plan.cosign_state, 'cosigned');
    r = await supervisor.json('POST', `/api/v1/persons/${pid}/plan/versions/${version}/cosign`, { decision: 'cosign' });
    assert.equal(r.status, 409, 'once');
  });

  test('bad plans are refused naming the field path; nothing is saved', async () => {
    const before = (await (await peer.fetch(`/api/v1/persons/${pid}/plan/versions`)).json()).items.length;
    const cases = [
      [{ goals: [goal('x', { domain: 'astrology' })] }, 'goals[0].domain'],
      [{ goals: [goal('')] }, 'goals[0].words'],
      [{ goals: [goal('x', { status: 'done' })] }, 'goals[0].status'],
      [{ goals: [goal('x', { target_date: 'soon' })] }, 'goals[0].target_date'],
      [{ goals: [goal('x', { steps: [{ what: 'a', who: 'robot' }] })] }, 'goals[0].steps[0].who'],
      [{ goals: [goal('x', { progress: [{ note: 'no date' }] })] }, 'goals[0].progress[0].on'],
      [{ goals: [goal('x', { colour: 'red' })] }, 'goals[0].colour'],
      [{ strengths: [{ kind: 'inner', text: 'x' }] }, 'strengths[0].kind'],
      [{ goals: Array(51).fill(goal('x')) }, 'goals'],
      [{ goals: [goal('x'.repeat(1001))] }, 'goals[0].words'],
      [{ goals: [goal(5)] }, 'goals[0].words'],
      [{ goals: [goal('x', { steps: [{ what: 'a', who: 'person', done: 'yes' }] })] }, 'goals[0].steps[0].done'],
      [{ goals: [goal('x', { steps: [{ what: 'a', who: 'person', by: '2026-02-30' }] })] }, 'goals[0].steps[0].by'],
      [{ goals: [goal('x', { progress: [{ on: '', note: 'a' }] })] }, 'goals[0].progress[0].on'],
      [{ goals: [goal('x', { steps: 'call' })] }, 'goals[0].steps'],
      [{ barriers: [{ kind: 'external', text: 'x', strategy: 's'.repeat(501) }] }, 'barriers[0].strategy'],
      [{ wishes: [] }, 'wishes'],
    ];
    for (const [doc, field] of cases) {
      const r = await put(peer, doc);
      assert.equal(r.status, 400, field);
      assert.equal((await r.json()).error.field, field);
    }
    for (const [extra, field] of [[{ leadership: 'boss' }, 'leadership'], [{ author_kind: 'robot' }, 'author_kind'], [{ summary: '' }, 'summary'],
      [{ leadership: undefined }, 'leadership'], [{ leadership: 5 }, 'leadership'], [{ summary: 's'.repeat(301) }, 'summary'],
      [{ author_kind: ['staff'] }, 'author_kind'], [{ colour: 'red' }, 'colour']]) {
      const r = await put(peer, { goals: [] }, extra);
      assert.equal(r.status, 400, JSON.stringify(extra));
      assert.equal((await r.json()).error.field, field);
    }
    const sign = await peer.json('POST', `/api/v1/persons/${pid}/plan/versions/2/sign`,
      { signer_name: 'Kim', signed_on: '2026-11-22', signature_method: 'drawn', signature_path: '<script>' });
    assert.equal((await sign.json()).error.field, 'signature_path');
    const signature = { signer_name: 'Kim', signed_on: '2026-11-22' };
    for (const [over, field] of [[{ signer_name: '' }, 'signer_name'], [{ signer_name: 'K'.repeat(201) }, 'signer_name'],
      [{ signer_name: 5 }, 'signer_name'], [{ signed_on: '22/11/2026' }, 'signed_on'], [{ signed_on: undefined }, 'signed_on'],
      [{ signature_method: 'stamp' }, 'signature_method'], [{ witness: 'Lee' }, 'witness']]) {
      const r = await peer.json('POST', `/api/v1/persons/${pid}/plan/versions/2/sign`, { ...signature, ...over });
      assert.equal(r.status, 400, JSON.stringify(over));
      assert.equal((await r.json()).error.field, field, JSON.stringify(over));
    }
    assert.equal((await (await peer.fetch(`/api/v1/persons/${pid}/plan/versions/2`)).json()).signed, null, 'not signed');
    assert.equal((await (await peer.fetch(`/api/v1/persons/${pid}/plan/versions`)).json()).items.length, before);
  });

  test('the page adds a goal as a new version; a trainee\'s waits for co-signature', async () => {
    let r = await peer.form(`/persons/${pid}/plan/goals`, { words: 'Walk every morning', domain: 'health_wellness',
      why: 'I feel better', target_date: '', leadership: 'shared', author_kind: 'person' });
    assert.equal(r.status, 303);
    r = await peer.form(`/persons/${pid}/plan/goals`, { words: 'x', domain: 'nope', leadership: 'shared', author_kind: 'person' });
    assert.equal(r.status, 400);
    const saved = (await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json()).version;
    const good = { words: 'Swim', domain: 'recreation', leadership: 'shared', author_kind: 'person' };
    for (const [over, field] of [[{ words: '' }, 'words'], [{ words: 'w'.repeat(1001) }, 'words'], [{ domain: 'nope' }, 'domain'],
      [{ target_date: 'soon' }, 'target_date'], [{ leadership: 'boss' }, 'leadership'], [{ author_kind: '' }, 'author_kind']]) {
      const x = await peer.form(`/persons/${pid}/plan/goals`, { ...good, ...over });
      assert.equal(x.status, 400, field);
      assert.match(await x.text(), new RegExp(`href="#${field}"`), field);
    }
    assert.equal((await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json()).version, saved, 'nothing saved');
    r = await trainee.form(`/persons/${pid}/plan/goals`, { words: 'Join a choir', domain: 'community',
      leadership: 'shared', author_kind: 'staff' });
    assert.equal(r.status, 303);
    const page = await (await peer.fetch(`/persons/${pid}/plan`)).text();
    assert.match(page, /Added a goal: Join a choir <span class="usa-tag">Waiting for a supervisor&#39;s co-signature|Added a goal: Join a choir <span class="usa-tag">Waiting for a supervisor's co-signature/);
    assert.match(page, /Compare with version/);
  });

  test('the page records progress, adds a step and marks it done, each a new version; signs by drawing', async () => {
    const before = (await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json());
    let r = await peer.form(`/persons/${pid}/plan/goals/1/progress`, { on: '2026-11-22', note: 'Saw two flats', author_kind: 'person' });
    assert.equal(r.status, 303);
    r = await peer.form(`/persons/${pid}/plan/goals/1/steps`, { what: 'Ask for a reference', who: 'supporter', by: '2026-12-20' });
    assert.equal(r.status, 303);
    let plan = await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json();
    assert.equal(plan.version, before.version + 2);
    const steps = plan.document.goals[0].steps;
    assert.deepEqual(steps.at(-1), { what: 'Ask for a reference', who: 'supporter', by: '2026-12-20', done: false });
    assert.deepEqual(plan.document.goals[0].progress.at(-1), { on: '2026-11-22', note: 'Saw two flats' });
    r = await peer.form(`/persons/${pid}/plan/goals/1/steps/${steps.length}/done`, {});
    assert.equal(r.status, 303);
    plan = await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json();
    assert.equal(plan.document.goals[0].steps.at(-1).done, true);
    assert.match(plan.summary, /^Done: Ask for a reference/);
    // refused, nothing saved
    for (const [path, fields, field] of [
      ['goals/1/progress', { on: 'yesterday', note: 'x' }, 'on'],
      ['goals/1/progress', { on: '2026-11-22', note: '' }, 'note'],
      ['goals/1/steps', { what: 'x', who: 'robot' }, 'who'],
    ]) {
      const x = await peer.form(`/persons/${pid}/plan/${path}`, fields);
      assert.equal(x.status, 400, path);
      assert.match(await x.text(), new RegExp(`href="#${field}"|${field}`));
    }
    assert.equal((await peer.form(`/persons/${pid}/plan/goals/99/progress`, { on: '2026-11-22', note: 'x' })).status, 404);
    assert.equal((await peer.form(`/persons/${pid}/plan/goals/1/steps/99/done`, {})).status, 404);
    assert.equal((await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json()).version, plan.version);
    // a goal's status, and a strength and a barrier, from the page
    r = await peer.form(`/persons/${pid}/plan/goals/1/status`, { 'status-1': 'achieved' });
    assert.equal(r.status, 303);
    r = await peer.form(`/persons/${pid}/plan/sides`, { list: 'barriers', kind: 'external', text: 'Bus fares', strategy: 'Ask about a pass' });
    assert.equal(r.status, 303);
    assert.equal((await peer.form(`/persons/${pid}/plan/goals/1/status`, { 'status-1': 'finished' })).status, 400);
    assert.equal((await peer.form(`/persons/${pid}/plan/sides`, { list: 'wishes', kind: 'internal', text: 'x' })).status, 400);
    assert.equal((await peer.form(`/persons/${pid}/plan/sides`, { list: 'strengths', kind: 'internal', text: '' })).status, 400);
    plan = await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json();
    assert.equal(plan.document.goals[0].status, 'achieved');
    assert.deepEqual(plan.document.barriers.at(-1), { kind: 'external', text: 'Bus fares', strategy: 'Ask about a pass' });
    // the page signs with a drawing
    const page = await (await peer.fetch(`/persons/${pid}/plan`)).text();
    assert.match(page, /id="signature-canvas"/);
    r = await peer.form(`/persons/${pid}/plan/versions/${plan.version}/sign`, { signer_name: 'Kim Ode', signed_on: '2026-11-22',
      signature_method: 'drawn', signature_path: '' });
    assert.equal(r.status, 400, 'drawn needs a drawing');
    r = await peer.form(`/persons/${pid}/plan/versions/${plan.version}/sign`, { signer_name: 'Kim Ode', signed_on: '2026-11-22',
      signature_method: 'drawn', signature_path: 'M10 10 L50 50 L90 20' });
    assert.equal(r.status, 303);
    plan = await (await peer.fetch(`/api/v1/persons/${pid}/plan`)).json();
    assert.equal(plan.signed.signature_method, 'drawn');
    assert.equal(plan.agreed_version, plan.version);
  });

  test("another team's plan is 404", async () => {
    assert.equal((await outsider.fetch(`/api/v1/persons/${pid}/plan`)).status, 404);
    assert.equal((await outsider.fetch(`/persons/${pid}/plan`)).status, 404);
    assert.equal((await outsider.fetch(`/persons/${pid}/plan/compare?a=1&b=2`)).status, 404);
    assert.equal((await put(outsider, { goals: [] })).status, 404);
    assert.equal((await outsider.form(`/persons/${pid}/plan/goals/1/progress`, { on: '2026-11-22', note: 'x' })).status, 404);
    assert.equal((await outsider.json('POST', `/api/v1/persons/${pid}/plan/versions/1/sign`,
      { signer_name: 'X', signed_on: '2026-11-22' })).status, 404);
  });
});
