// The recovery plan on a phone (issue 21, point 8): a goal's wording
// corrected as a new version, the old one kept, from the page and the API,
// allowed as other plan edits are (a trainee's waits for co-signature) and
// audited as they are; refusals naming the field, the form back open as it
// was sent; the page's order (goals first, every form folded behind a
// control); summaries cut at a word boundary with an ellipsis.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, staff, startServer } from './helpers.mjs';

/** Each <form> in <main> and whether it sits inside a <details>; the
 * offset of the first one. */
function formsInMain(html) {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  const forms = [];
  let depth = 0;
  for (const m of main.matchAll(/<(\/?)(details|form)\b[^>]*>/g)) {
    if (m[2] === 'details') depth += m[1] ? -1 : 1;
    else if (!m[1]) forms.push({ at: m.index, folded: depth > 0, tag: m[0] });
  }
  return { main, forms };
}

/** The <details> holding goal g's forms: its opening tag. */
const goalDetails = (html, g) => new RegExp(`<details class="waypoint-fold" id="goal-${g}"( open)?>`).exec(html);

describe(`the plan on a phone (${BACKEND})`, () => {
  let s, admin, peer, trainee, supervisor, outsider, pid, team, readToken;
  const goal = (words, extra = {}) => ({ words, domain: 'housing', why: 'A door that locks', target_date: '2027-03-01',
    status: 'active', steps: [{ what: 'Call the housing office', who: 'person', by: '2026-12-01', done: false }],
    progress: [{ on: '2026-11-20', note: 'Saw a flat' }], ...extra });
  const plan = async (who = peer) => (await who.fetch(`/api/v1/persons/${pid}/plan`)).json();
  const reword = (who, g, body) => who.json('POST', `/api/v1/persons/${pid}/plan/goals/${g}/wording`, body);
  /** The audit entries about the person after entry id `since` (the
   * person index is written within a second or so). */
  const auditAfter = async (since, want) => {
    for (let i = 0; ; i++) {
      const items = (await (await admin.fetch(`/api/v1/audit?person=${pid}&limit=200`)).json()).items
        .filter((x) => x.id > since);
      if (want(items) || i > 40) return items;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const lastAudit = async () => Math.max(0, ...(await (await admin.fetch(`/api/v1/audit?limit=200`)).json()).items.map((x) => x.id));

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    const prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'P', kind: 'community', time_zone: 'America/Chicago', unit_rounding: 'any_part' })).json()).id;
    team = (await (await admin.json('POST', '/api/v1/teams', { name: 'A', program_id: prog })).json()).id;
    const other = (await (await admin.json('POST', '/api/v1/teams', { name: 'B', program_id: prog })).json()).id;
    peer = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    supervisor = await staff(s, 'supervisor');
    outsider = await staff(s);
    for (const u of [peer, trainee, supervisor]) await admin.json('POST', `/api/v1/teams/${team}/members`, { email: u.user.email });
    await admin.json('POST', `/api/v1/teams/${other}/members`, { email: outsider.user.email });
    pid = (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Kim Ode', date_of_birth: '1990-04-04',
      record_number: 'P-1', recovery_stage: 'recovery_initiation', team_id: team })).json()).id;
    const r = await peer.json('PUT', `/api/v1/persons/${pid}/plan`, { leadership: 'self_directed', author_kind: 'person',
      summary: 'First plan', document: { goals: [goal('Get my own apartment'), goal('Find part-time work', { domain: 'employment' })],
        strengths: [{ kind: 'internal', text: 'I keep going', strategy: '' }], barriers: [] } });
    assert.equal(r.status, 201);
    assert.equal((await peer.json('POST', `/api/v1/persons/${pid}/plan/versions/1/sign`,
      { signer_name: 'Kim Ode', signed_on: '2026-11-20' })).status, 204);
    // a token that reads the team's records
    const page = await (await admin.form('/api-tokens', { name: 'Reader', access: 'read', scope: 'team', team_id: team })).text();
    const token = /id="new-token">([^<]+)</.exec(page)[1];
    readToken = { fetch: (path, opts = {}) => fetch(s.url + path, { redirect: 'manual', ...opts,
      headers: { Authorization: `Bearer ${token}`, ...(opts.headers || {}) } }) };
  });
  after(async () => { await s.stop(); });

  test("the API corrects a goal's wording: a new version with the new words, the old version kept and audited", async () => {
    const before = await plan();
    const since = await lastAudit();
    const r = await reword(peer, 1, { words: 'Have my own place by spring', author_kind: 'person' });
    assert.equal(r.status, 201, await r.clone().text());
    assert.deepEqual(await r.json(), { version: before.version + 1, cosign_state: 'none' });
    const now = await plan();
    assert.equal(now.version, before.version + 1);
    assert.equal(now.document.goals[0].words, 'Have my own place by spring');
    assert.deepEqual({ ...now.document.goals[0], words: 'x' }, { ...before.document.goals[0], words: 'x' },
      'the rest of the goal as it was: domain, why, date, status, steps, progress');
    assert.deepEqual(now.document.goals[1], before.document.goals[1], 'the other goals untouched');
    assert.deepEqual(now.document.strengths, before.document.strengths);
    assert.equal(now.leadership, 'self_directed', 'under the leadership it had');
    assert.equal(now.author_kind, 'person');
    assert.equal(now.author, peer.user.name);
    assert.equal(now.summary, 'Goal reworded: “Get my own apartment” is now “Have my own place by spring”');
    assert.equal(now.signed, null, 'the new version waits for the person to sign it');
    assert.equal(now.agreed_version, 1, 'the signed version stays the agreed one');
    // the old version is kept as it was, signature and all
    const old = await (await peer.fetch(`/api/v1/persons/${pid}/plan/versions/${before.version}`)).json();
    assert.equal(old.document.goals[0].words, 'Get my own apartment');
    assert.equal(old.signed.signer_name, 'Kim Ode');
    const versions = (await (await peer.fetch(`/api/v1/persons/${pid}/plan/versions`)).json()).items;
    assert.deepEqual(versions.map((v) => v.version), [now.version, before.version]);
    // audited as a change to the person's record, as every plan edit is
    const items = await auditAfter(since, (x) => x.some((e) => e.outcome === 'success'));
    const e = items.find((x) => x.action === 'update' && x.outcome === 'success');
    assert.ok(e, JSON.stringify(items));
    assert.equal(e.user_id, peer.user.id);
    assert.equal(e.entity_type, 'person');
    assert.equal(e.person_id, pid);
    assert.doesNotMatch(JSON.stringify(items), /place by spring/, 'no words in the audit log');
  });

  test('the page corrects a wording: the old version is viewable beside the new one', async () => {
    const before = await plan();
    let html = await (await peer.fetch(`/persons/${pid}/plan`)).text();
    assert.match(html, /<form class="usa-form" method="post" action="\/persons\/\d+\/plan\/goals\/2\/wording">/);
    assert.match(html, /<textarea class="usa-textarea" rows="3" name="words" id="words-2">Find part-time work<\/textarea>/,
      'the form starts from the words as they are');
    const r = await peer.form(`/persons/${pid}/plan/goals/2/wording`, { words: 'Find work I enjoy, part-time at first',
      author_kind: 'staff' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/persons/${pid}/plan`);
    const now = await plan();
    assert.equal(now.version, before.version + 1);
    assert.equal(now.document.goals[1].words, 'Find work I enjoy, part-time at first');
    assert.equal(now.author_kind, 'staff');
    html = await (await peer.fetch(`/persons/${pid}/plan`)).text();
    assert.match(html, /<strong>Find work I enjoy, part-time at first<\/strong>/);
    assert.match(html, /Goal reworded: “Find part-time work” is now “Find work I enjoy, part-time at first”/);
    assert.match(html, new RegExp(`href="/persons/${pid}/plan/compare\\?a=${before.version}&amp;b=${now.version}"`));
    const cmp = await (await peer.fetch(`/persons/${pid}/plan/compare?a=${before.version}&b=${now.version}`)).text();
    assert.match(cmp, /<strong>Find part-time work<\/strong> <span class="usa-tag bg-accent-warm-dark">Differs/, 'the old wording, kept');
    assert.match(cmp, /<strong>Find work I enjoy, part-time at first<\/strong> <span class="usa-tag bg-accent-warm-dark">Differs/);
  });

  test("a trainee's correction waits for a supervisor's co-signature, from the page and the API", async () => {
    const before = await plan();
    let r = await reword(trainee, 1, { words: 'Have my own place by summer', author_kind: 'person' });
    assert.equal(r.status, 201);
    assert.deepEqual(await r.json(), { version: before.version + 1, cosign_state: 'pending' });
    r = await trainee.form(`/persons/${pid}/plan/goals/1/wording`, { words: 'Have my own place by June', author_kind: 'person' });
    assert.equal(r.status, 303);
    const now = await plan();
    assert.equal(now.cosign_state, 'pending');
    assert.equal(now.document.goals[0].words, 'Have my own place by June');
    const html = await (await peer.fetch(`/persons/${pid}/plan`)).text();
    assert.match(html, /is now “Have my own place by June” <span class="usa-tag">Waiting for a supervisor(&#39;|')s co-signature/);
    const queue = await (await supervisor.fetch('/supervision')).text();
    assert.match(queue, /Goal reworded/, "in the supervisor's review queue");
    assert.equal((await supervisor.json('POST', `/api/v1/persons/${pid}/plan/versions/${now.version}/cosign`,
      { decision: 'cosign' })).status, 204);
    assert.equal((await plan()).cosign_state, 'cosigned');
  });

  test('an empty, too long, unchanged or badly typed wording is refused naming the field; nothing is saved', async () => {
    const before = await plan();
    const words = before.document.goals[0].words;
    for (const [body, field] of [
      [{ words: '', author_kind: 'person' }, 'words'],
      [{ words: '   ', author_kind: 'person' }, 'words'],
      [{ author_kind: 'person' }, 'words'],
      [{ words: 'w'.repeat(1001), author_kind: 'person' }, 'words'],
      [{ words, author_kind: 'person' }, 'words'],
      [{ words: 5, author_kind: 'person' }, 'words'],
      [{ words: 'New words' }, 'author_kind'],
      [{ words: 'New words', author_kind: 'robot' }, 'author_kind'],
      [{ words: 'New words', author_kind: 'person', status: 'achieved' }, 'status'],
    ]) {
      const r = await reword(peer, 1, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      const { error } = await r.json();
      assert.equal(error.field, field, JSON.stringify(body));
      if (field === 'words' && typeof body.words === 'string')
        assert.match(error.message, /new wording/i, error.message);
    }
    assert.equal((await reword(peer, 3, { words: 'x', author_kind: 'person' })).status, 404, 'no goal 3');
    assert.equal((await reword(peer, 99, { words: 'x', author_kind: 'person' })).status, 404);
    // the page: the same page back, the goal's form open, as typed, the fault beside it and at the top
    for (const [fields, field, typed] of [
      [{ words: '', author_kind: 'person' }, 'words', ''],
      [{ words: `${'long '.repeat(200)}end`, author_kind: 'staff' }, 'words', `${'long '.repeat(200)}end`],
      [{ words, author_kind: 'person' }, 'words', words],
      [{ words: 'New <b>words</b>', author_kind: 'robot' }, 'author_kind', 'New &lt;b&gt;words&lt;/b&gt;'],
    ]) {
      const r = await peer.form(`/persons/${pid}/plan/goals/1/wording`, fields);
      assert.equal(r.status, 400, field);
      const html = await r.text();
      assert.equal(goalDetails(html, 1)?.[1], ' open', 'goal 1 is open');
      assert.equal(goalDetails(html, 2)?.[1], undefined, 'goal 2 stays folded');
      assert.match(html, new RegExp(`<a class="usa-link" href="#${field}-1">`), 'the summary links to the field');
      assert.ok(html.includes(`name="words" id="words-1"${field === 'words' ? ' aria-describedby="words-1-error" aria-invalid="true"' : ''}>${typed}</textarea>`),
        `what was typed comes back (${field})`);
      if (field === 'words') assert.match(html, /id="words-1-error" role="alert">The new wording/);
      if (fields.author_kind === 'staff') assert.match(html, /id="author_kind-1-staff" value="staff" checked>/);
    }
    assert.equal((await peer.form(`/persons/${pid}/plan/goals/9/wording`, { words: 'x', author_kind: 'person' })).status, 404);
    assert.equal((await plan()).version, before.version, 'nothing saved');
  });

  test("another team's person, a read-only token and nobody signed in cannot correct a wording; each try is audited", async () => {
    const before = await plan();
    const since = await lastAudit();
    const body = { words: 'Taken over', author_kind: 'staff' };
    assert.equal((await reword(outsider, 1, body)).status, 404);
    assert.equal((await outsider.form(`/persons/${pid}/plan/goals/1/wording`, body)).status, 404);
    assert.equal((await readToken.fetch(`/api/v1/persons/${pid}/plan`)).status, 200, 'the token reads the plan');
    assert.equal((await readToken.fetch(`/api/v1/persons/${pid}/plan/goals/1/wording`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).status, 403, 'but may not change it');
    assert.equal((await fetch(`${s.url}/api/v1/persons/${pid}/plan/goals/1/wording`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).status, 401);
    assert.equal((await plan()).version, before.version, 'nothing saved');
    const items = await auditAfter(since, (x) => x.filter((e) => e.outcome === 'denied').length >= 2);
    assert.equal(items.filter((e) => e.user_id === outsider.user.id && e.outcome === 'denied').length, 2,
      'both of the outsider\'s tries');
  });

  test('the page reads as a plan: the goals with their status first, every form folded behind a control', async () => {
    const html = await (await peer.fetch(`/persons/${pid}/plan`)).text();
    const { main, forms } = formsInMain(html);
    const goals = main.indexOf('<h2 id="goals">Goals</h2>');
    const lastGoal = main.indexOf('<strong>Find work I enjoy, part-time at first</strong>');
    assert.ok(goals > 0 && lastGoal > goals, 'the goals');
    assert.match(main.slice(goals), /^<h2 id="goals">Goals<\/h2><ul class="usa-list usa-list--unstyled"><li[^>]*><strong>Have my own place by June<\/strong><br>Housing · Active/,
      'the first goal, its domain and status, straight under the heading');
    assert.ok(forms.length >= 10, `${forms.length} forms`);
    assert.ok(forms.every((f) => f.at > goals), 'no form above the goals');
    assert.deepEqual(forms.filter((f) => !f.folded).map((f) => f.tag), [], 'every form is folded');
    // one control per goal folds its status, progress, steps and wording
    for (const g of [1, 2]) {
      const open = goalDetails(main, g);
      assert.ok(open, `goal ${g}'s control`);
      assert.equal(open[1], undefined, 'folded');
      const inside = main.slice(open.index, main.indexOf('</details>', open.index));
      assert.match(inside, /^<details[^>]*><summary>Update this goal<span class="usa-sr-only">: [^<]+<\/span><\/summary>/);
      for (const action of ['status', 'progress', 'steps', 'wording'])
        assert.match(inside, new RegExp(`action="/persons/${pid}/plan/goals/${g}/${action}"`), `${g} ${action}`);
    }
    // the add-goal form behind a button-like control, after the goals
    const add = /<details class="waypoint-add-goal[^"]*"><summary class="usa-button">Add a goal<\/summary><form[^>]*action="\/persons\/\d+\/plan\/goals">/.exec(main);
    assert.ok(add, 'the add-goal control');
    assert.ok(add.index > lastGoal);
    assert.match(main, /<details class="waypoint-fold"><summary>The person signs version \d+<\/summary><form/);
    assert.match(main, /<details class="waypoint-fold"><summary>Every version \(\d+\), with what changed<\/summary>/);
    // a refused progress note links back with its goal open
    const r = await peer.form(`/persons/${pid}/plan/goals/2/progress`, { on: '2026-11-22', note: '' });
    assert.equal(r.status, 400);
    const href = new RegExp(`href="/persons/${pid}/plan\\?goal=2#note-2"`);
    assert.match(await r.text(), href);
    const opened = await (await peer.fetch(`/persons/${pid}/plan?goal=2`)).text();
    assert.equal(goalDetails(opened, 2)?.[1], ' open');
    assert.equal(goalDetails(opened, 1)?.[1], undefined);
  });

  test('a refused new goal comes back as the plan page with the form open and filled in as typed', async () => {
    const before = await plan();
    const typed = { words: 'Learn to swim <well>', domain: 'recreation', why: 'Summer with the kids', target_date: 'next June',
      leadership: 'professionally_directed', author_kind: 'staff' };
    const r = await peer.form(`/persons/${pid}/plan/goals`, typed);
    assert.equal(r.status, 400);
    const html = await r.text();
    assert.match(html, /<details class="waypoint-add-goal[^"]*" open><summary class="usa-button">Add a goal<\/summary>/);
    assert.match(html, /<a class="usa-link" href="#target_date">Target date<\/a>: /, 'the summary names the field by its label');
    assert.match(html, /<textarea class="usa-textarea" rows="3" id="words" name="words"[^>]*>Learn to swim &lt;well&gt;<\/textarea>/);
    assert.match(html, /<textarea class="usa-textarea" rows="3" id="why" name="why"[^>]*>Summer with the kids<\/textarea>/);
    assert.match(html, /id="target_date" name="target_date" type="text" value="next June"/);
    for (const [name, value] of [['domain', 'recreation'], ['leadership', 'professionally_directed'], ['author_kind', 'staff']])
      assert.match(html, new RegExp(`id="${name}-${value}" name="${name}" value="${value}" checked>`), name);
    assert.match(html, /id="target_date-error" role="alert">/);
    assert.match(html, /<strong>Have my own place by June<\/strong>/, 'the plan is still there above it');
    assert.equal((await plan()).version, before.version, 'nothing saved');
  });

  test("summaries quote a goal's words cut at a word boundary with an ellipsis", async () => {
    const long = 'Move into a flat of my own near the bus line, with room for my daughter to stay at weekends';
    let r = await peer.form(`/persons/${pid}/plan/goals`, { words: long, domain: 'housing', leadership: 'shared', author_kind: 'person' });
    assert.equal(r.status, 303);
    let now = await plan();
    assert.equal(now.summary, 'Added a goal: Move into a flat of my own near the bus line, with room for…');
    r = await peer.form(`/persons/${pid}/plan/goals/3/status`, { 'status-3': 'on_hold' });
    assert.equal(r.status, 303);
    now = await plan();
    assert.equal(now.summary, 'Status on_hold: Move into a flat of my own near the bus line, with room for…');
    // never inside a character: the old cut was by bytes
    const accents = 'Aprender a nadar en la piscina municipal con mi hija María José los sábados';
    r = await reword(peer, 3, { words: accents, author_kind: 'person' });
    assert.equal(r.status, 201);
    now = await plan();
    assert.equal(now.summary, 'Goal reworded: “Move into a flat of my own near the bus line, with room for…” is now ' +
      '“Aprender a nadar en la piscina municipal con mi hija María…”');
    const timeline = await (await peer.fetch(`/persons/${pid}/timeline?kind=plan`)).text();
    assert.match(timeline, /con mi hija María…/);
  });
});
