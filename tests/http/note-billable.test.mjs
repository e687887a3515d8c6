// No silent traps on the note form (issue 21, point 5): before signing, the
// form says whether the note will be billable and why not, and the units
// its times make — the preview (POST /api/v1/persons/{id}/contacts/preview)
// answers with the same decision billing makes, under the program's
// rounding rule, and the form says it without JavaScript too; signing
// through the form asks once (it is final); a signed note that bills
// nothing says so, and why, on its page and in the timeline.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

describe(`billable or not, before signing (${BACKEND})`, () => {
  let s, admin, peer, trainee, outsider, pid, team;
  const draft = (extra = {}) => ({ kind: 'individual', contact_on: '2026-11-20', starts_at: '10:00', ends_at: '10:40',
    location: 'community', goals: [1], ...extra });
  const preview = (who, body, person = pid) => who.json('POST', `/api/v1/persons/${person}/contacts/preview`, body);
  const answer = async (who, body, person = pid) => {
    const r = await preview(who, body, person);
    const text = await r.text();
    assert.equal(r.status, 200, text);
    return JSON.parse(text);
  };
  const contacts = () => Number(sqlDirect(s, 'SELECT COUNT(*) FROM contacts').out.trim());
  const withPlan = async (who, person) => {
    const r = await who.json('PUT', `/api/v1/persons/${person}/plan`, { leadership: 'shared', author_kind: 'person',
      summary: 'First plan', document: { goals: [{ words: 'Eat well on my own budget', domain: 'health_wellness', why: '',
        target_date: '', status: 'active', steps: [], progress: [] }], strengths: [], barriers: [] } });
    assert.equal(r.status, 201, await r.text());
  };
  /** A program with rule, a team in it with who on it, a person with a plan. */
  const personUnder = async (rule, who, name = rule) => {
    const p = (await (await admin.json('POST', '/api/v1/programs',
      { name: `Rule ${name}`, kind: 'community', time_zone: 'UTC', unit_rounding: rule })).json()).id;
    const t = (await (await admin.json('POST', '/api/v1/teams', { name: `T ${name}`, program_id: p })).json()).id;
    await admin.json('POST', `/api/v1/teams/${t}/members`, { email: who.user.email });
    const person = (await (await who.json('POST', '/api/v1/persons', { legal_name: `Rule ${name}`,
      date_of_birth: '1970-01-01', record_number: `NB-${name}`, recovery_stage: 'stabilization', team_id: t })).json()).id;
    await withPlan(who, person);
    return { program: p, team: t, person };
  };

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    const prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'P', kind: 'community', time_zone: 'UTC', unit_rounding: 'eight_minute' })).json()).id;
    team = (await (await admin.json('POST', '/api/v1/teams', { name: 'A', program_id: prog })).json()).id;
    const other = (await (await admin.json('POST', '/api/v1/teams', { name: 'B', program_id: prog })).json()).id;
    peer = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    outsider = await staff(s);
    for (const u of [peer, trainee]) await admin.json('POST', `/api/v1/teams/${team}/members`, { email: u.user.email });
    await admin.json('POST', `/api/v1/teams/${other}/members`, { email: outsider.user.email });
    pid = (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Ana Ruiz', date_of_birth: '1988-02-02',
      record_number: 'NB-1', recovery_stage: 'stabilization', team_id: team })).json()).id;
    await withPlan(peer, pid);
  });
  after(async () => { await s.stop(); });

  test('a billable draft: units and the service code, nothing saved', async () => {
    const before = contacts();
    const a = await answer(peer, draft());
    assert.equal(a.billable, true);
    assert.equal(a.units, 3, '40 minutes under the 8-minute rule');
    assert.equal(a.minutes, 40);
    assert.equal(a.service_code, 'H0038');
    assert.deepEqual(a.reasons, []);
    assert.equal(a.summary, 'Billable: 3 units (H0038)');
    assert.equal(a.cosign_needed, false);
    // the narrative is not asked for: signing needs one anyway
    assert.equal((await answer(peer, draft({ did_together: '' }))).billable, true);
    assert.equal(contacts(), before, 'a preview saves nothing');
  });

  test('each reason a note would not be billable, in plain words', async () => {
    for (const [extra, code, summary] of [
      [{ goals: [] }, 'no_goal', 'Not billable: no plan goal addressed'],
      [{ ends_at: '' }, 'no_end', 'Not billable: no end time'],
      [{ starts_at: '' }, 'no_start', 'Not billable: no start time'],
      [{ location: '' }, 'no_location', 'Not billable: no place chosen under Where'],
      [{ kind: 'volunteer' }, 'kind', 'Not billable: Volunteer activity is not a billable service'],
      [{ kind: 'message', goals: [] }, 'kind', 'Not billable: E-mail or text is not a billable service'],
      [{ ends_at: '10:05' }, 'too_short', "Not billable: 5 minutes make no unit under this program's rule"],
    ]) {
      const a = await answer(peer, draft(extra));
      assert.equal(a.billable, false, code);
      assert.equal(a.units, 0, code);
      assert.deepEqual(a.reasons.map((x) => x.code), [code], JSON.stringify(extra));
      assert.equal(a.summary, summary);
      assert.equal(a.reasons[0].message, summary.replace('Not billable: ', ''));
    }
    const a = await answer(peer, draft({ starts_at: '', ends_at: '', goals: [] }));
    assert.deepEqual(a.reasons.map((x) => x.code), ['no_start', 'no_end', 'no_goal']);
    assert.equal(a.summary, 'Not billable: no start time; no end time; no plan goal addressed');
    assert.equal((await answer(peer, draft({ kind: 'volunteer' }))).service_code, '', 'a kind with no service code');
  });

  test("units follow the person's program's rounding rule", async () => {
    const cases = { eight_minute: [[7, 0], [8, 1], [22, 1], [23, 2], [40, 3]],
      whole_units: [[14, 0], [15, 1], [29, 1], [30, 2], [40, 2]], any_part: [[1, 1], [15, 1], [16, 2], [40, 3]] };
    for (const [rule, list] of Object.entries(cases)) {
      const { person } = await personUnder(rule, peer);
      for (const [minutes, units] of list) {
        const end = `10:${String(minutes).padStart(2, '0')}`;
        const a = await answer(peer, draft({ ends_at: end }), person);
        assert.equal(a.units, units, `${rule}: ${minutes} minutes`);
        assert.equal(a.billable, units > 0, `${rule}: ${minutes} minutes`);
        if (units) assert.equal(a.summary, `Billable: ${units} unit${units === 1 ? '' : 's'} (H0038)`);
      }
    }
    // a new rule from tomorrow: a note signed now is billed under today's
    const { program, person } = await personUnder('eight_minute', peer, 'later');
    const got = await (await admin.fetch(`/api/v1/programs/${program}`)).json();
    const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
    const r = await admin.json('PUT', `/api/v1/programs/${program}`, { ...got, unit_rounding: 'any_part',
      unit_rounding_from: tomorrow });
    assert.equal(r.status, 200, await r.text());
    assert.equal((await answer(peer, draft({ ends_at: '10:20' }), person)).units, 1,
      '20 minutes: 1 unit by the 8-minute rule in force now, not 2 by tomorrow\'s');
  });

  test("a program's own service code, and a trainee's note billed once co-signed", async () => {
    const manager = await staff(s, 'program_manager');
    const { program, person } = await personUnder('whole_units', manager, 'codes');
    const got = await (await manager.fetch(`/api/v1/programs/${program}`)).json();
    const r = await manager.json('PUT', `/api/v1/programs/${program}`, { ...got, service_codes: { individual: 'H0038-HE' } });
    assert.equal(r.status, 200, await r.text());
    assert.equal((await answer(manager, draft(), person)).summary, 'Billable: 2 units (H0038-HE)');
    const a = await answer(trainee, draft());
    assert.equal(a.cosign_needed, true);
    assert.equal(a.billable, true);
    assert.equal(a.summary, 'Billable: 3 units (H0038), once a supervisor co-signs it');
  });

  test('malformed or impossible fields are refused naming the field; nothing is saved', async () => {
    const before = contacts();
    for (const [extra, field] of [[{ starts_at: '25:00' }, 'starts_at'], [{ ends_at: '9:00' }, 'ends_at'],
      [{ ends_at: '09:00' }, 'ends_at'], [{ starts_at: 1000 }, 'starts_at'], [{ kind: 'lunch' }, 'kind'],
      [{ goals: [7] }, 'goals'], [{ goals: 'one' }, 'goals'], [{ contact_on: '2999-01-01' }, 'contact_on'],
      [{ location: 'moon' }, 'location'], [{ colour: 'red' }, 'colour']]) {
      const r = await preview(peer, draft(extra));
      assert.equal(r.status, 400, JSON.stringify(extra));
      assert.equal((await r.json()).error.field, field, JSON.stringify(extra));
    }
    assert.equal(contacts(), before);
  });

  test("who may ask: the person's team only, signed in, with the CSRF token; not an API token", async () => {
    assert.equal((await preview(outsider, draft())).status, 404, "another team's person is no such person");
    assert.equal((await preview(peer, draft(), 999999)).status, 404);
    let r = await fetch(`${s.url}/api/v1/persons/${pid}/contacts/preview`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(draft()) });
    assert.equal(r.status, 401, 'not signed in');
    r = await fetch(`${s.url}/api/v1/persons/${pid}/contacts/preview`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: peer.cookie }, body: JSON.stringify(draft()) });
    assert.equal(r.status, 403, 'no CSRF token');
    assert.equal((await r.json()).error.code, 'csrf');
    const page = await (await admin.form('/api-tokens', { name: 'contacts token', access: 'read_write', scope: 'team',
      team_id: team })).text();
    const token = /id="new-token">([^<]+)</.exec(page)[1];
    r = await fetch(`${s.url}/api/v1/persons/${pid}/contacts/preview`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(draft()) });
    assert.equal(r.status, 403, "a token's role may add a draft, not ask the form's question");
    assert.equal((await peer.fetch(`/api/v1/persons/${pid}/contacts/preview`)).status, 405, 'a POST only');
  });

  test("a preview reads the person's record: audited as a read, not a change", async () => {
    const count = (action) => Number(sqlDirect(s, `SELECT COUNT(*) FROM audit_log WHERE person_id = ${pid}
      AND action = '${action}' AND outcome = 'success'`).out.trim());
    const reads = count('read'), updates = count('update');
    await answer(peer, draft());
    assert.equal(count('read'), reads + 1);
    assert.equal(count('update'), updates);
  });

  test('the form says it without JavaScript: on the new form, and again when it comes back with an error', async () => {
    let html = await (await peer.fetch(`/persons/${pid}/contacts/new`)).text();
    assert.match(html, /id="billing-preview" aria-live="polite">Not billable: no start time; no end time; no plan goal addressed</);
    const form = (extra) => ({ kind: 'individual', contact_on: '2026-11-20', starts_at: '10:00', ends_at: '10:40',
      location: 'community', goal: '1', did_together: 'Walked to the market.', response: '', next_steps: '',
      team_notice: '', miles: '', draft_id: '', ...extra });
    let r = await peer.form(`/persons/${pid}/contacts`, form({ miles: '3' }));
    assert.equal(r.status, 400);
    html = await r.text();
    assert.match(html, /href="#miles"/);
    assert.match(html, /id="billing-preview"[^>]*>Billable: 3 units \(H0038\)</, 'filled as submitted');
    r = await peer.form(`/persons/${pid}/contacts`, form({ ends_at: '09:00' }));
    assert.equal(r.status, 400);
    assert.match(await r.text(), /id="billing-preview"[^>]*>Correct End time above to see whether this note is billable\.</);
    const noGoal = form({ did_together: '', action: 'draft' });
    delete noGoal.goal;
    r = await peer.form(`/persons/${pid}/contacts`, noGoal);
    assert.equal(r.status, 303);
    html = await (await peer.fetch(r.headers.get('location'))).text();
    assert.match(html, /id="billing-preview"[^>]*>Not billable: no plan goal addressed</, 'the saved draft');
    assert.match(html, /<dialog id="sign-dialog"[^>]*>.*Sign this note\?.*value="sign_confirmed"/s);
  });

  test('signing through the form asks once: Sign, then Yes, sign the note', async () => {
    const fields = { kind: 'individual', contact_on: '2026-11-21', starts_at: '09:00', ends_at: '09:50',
      location: 'office', goal: '1', did_together: 'Planned a budget for the week.', response: '', next_steps: '',
      team_notice: '', miles: '', draft_id: '' };
    let r = await peer.form(`/persons/${pid}/contacts`, { ...fields, did_together: '', action: 'sign' });
    assert.equal(r.status, 400, 'a note that cannot be signed is not asked about');
    assert.match(await r.text(), /href="#did_together"/);
    r = await peer.form(`/persons/${pid}/contacts`, { ...fields, action: 'sign' });
    assert.equal(r.status, 303);
    const where = r.headers.get('location');
    const m = /^\/persons\/\d+\/contacts\/new\?draft=(\d+)&confirm=1#sign-confirm$/.exec(where);
    assert.ok(m, where);
    const id = m[1];
    let c = await (await peer.fetch(`/api/v1/persons/${pid}/contacts/${id}`)).json();
    assert.equal(c.state, 'draft', 'asked, not signed');
    const html = await (await peer.fetch(where.replace(/#.*/, ''))).text();
    assert.match(html, /id="sign-confirm"/);
    assert.match(html, /Signing is final/);
    assert.match(html, /Billable: 3 units \(H0038\)/, '50 minutes');
    assert.match(html, /value="Planned a budget for the week\."|>Planned a budget for the week\.</, 'the note as saved');
    assert.doesNotMatch(html, /id="sign-button"/, 'the question replaces the sign button');
    r = await peer.form(`/persons/${pid}/contacts`, { ...fields, draft_id: id, action: 'sign_confirmed' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/persons/${pid}/contacts/${id}`);
    c = await (await peer.fetch(`/api/v1/persons/${pid}/contacts/${id}`)).json();
    assert.equal(c.state, 'signed');
    assert.equal(c.units, 3);
  });

  test('a note signed without a plan goal is allowed, and visibly not billable, with the reason', async () => {
    const make = async (extra) => {
      const r = await peer.json('POST', `/api/v1/persons/${pid}/contacts`, { ...draft(extra), sign: true,
        did_together: 'Walked to the food bank.', response: '', next_steps: '', team_notice: '' });
      assert.equal(r.status, 201);
      return (await r.json()).id;
    };
    const unbilled = await make({ goals: [], contact_on: '2026-11-19' });
    const billed = await make({ contact_on: '2026-11-18' });
    let html = await (await peer.fetch(`/persons/${pid}/contacts/${unbilled}`)).text();
    assert.match(html, /id="not-billable"[^]*?Not billable: no plan goal addressed/);
    assert.match(html, /<dt>Billing<\/dt><dd>Not billable: no plan goal addressed<\/dd>/);
    html = await (await peer.fetch(`/persons/${pid}/contacts/${billed}`)).text();
    assert.doesNotMatch(html, /id="not-billable"/);
    assert.match(html, /<dt>Billing<\/dt><dd>Billable: 3 units \(H0038\)<\/dd>/);
    const c = await (await peer.fetch(`/api/v1/persons/${pid}/contacts/${unbilled}`)).json();
    assert.equal(c.billable, false);
    assert.deepEqual(c.reasons, [{ code: 'no_goal', message: 'no plan goal addressed' }]);
    // the timeline marks it, and only it
    const items = (await (await peer.fetch(`/api/v1/persons/${pid}/timeline?kind=contact&limit=200`)).json()).items;
    const text = (id) => items.find((e) => e.ref === id).text;
    assert.equal(text(unbilled), 'Individual peer support (not billable)');
    assert.equal(text(billed), 'Individual peer support');
    html = await (await peer.fetch(`/persons/${pid}/timeline`)).text();
    assert.match(html, new RegExp(`contacts/${unbilled}">Individual peer support \\(not billable\\)<`));
    // a trainee's note waiting for its co-signature is not marked for that
    const pending = (await (await trainee.json('POST', `/api/v1/persons/${pid}/contacts`, { ...draft(), sign: true,
      did_together: 'Cooked together.', response: '', next_steps: '', team_notice: '' })).json()).id;
    const again = (await (await peer.fetch(`/api/v1/persons/${pid}/timeline?kind=contact&limit=200`)).json()).items;
    assert.equal(again.find((e) => e.ref === pending).text, 'Individual peer support');
    html = await (await trainee.fetch(`/persons/${pid}/contacts/${pending}`)).text();
    assert.doesNotMatch(html, /id="not-billable"/);
    assert.match(html, /<dt>Billing<\/dt><dd>Not billable: not co-signed by a supervisor<\/dd>/);
  });
});
