// Contacts and progress notes: drafts, signing (then 409 on edit), addenda,
// the content hash checked on read, a trainee's note not billable until a
// supervisor co-signs, units under each program's rounding rule, the
// billing CSV, bad input named by field, other teams 404.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

describe(`contacts and notes (${BACKEND})`, () => {
  let s, admin, manager, peer, trainee, supervisor, outsider, pid, prog, team;
  const note = (extra = {}) => ({ kind: 'individual', contact_on: '2026-11-20', starts_at: '10:00', ends_at: '10:40',
    location: 'community', goals: [1], did_together: 'Walked to the food bank and practised asking for help.',
    response: 'Smiled, said it felt easier than last time.', next_steps: 'Go again on Friday alone.',
    team_notice: '', ...extra });
  const create = (who, body, person = pid) => who.json('POST', `/api/v1/persons/${person}/contacts`, body);
  const get = async (who, id) => (await who.fetch(`/api/v1/persons/${pid}/contacts/${id}`)).json();

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'P', kind: 'community', time_zone: 'UTC', unit_rounding: 'eight_minute' })).json()).id;
    team = (await (await admin.json('POST', '/api/v1/teams', { name: 'A', program_id: prog })).json()).id;
    const other = (await (await admin.json('POST', '/api/v1/teams', { name: 'B', program_id: prog })).json()).id;
    peer = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    supervisor = await staff(s, 'supervisor');
    outsider = await staff(s);
    for (const u of [peer, trainee, supervisor]) await admin.json('POST', `/api/v1/teams/${team}/members`, { email: u.user.email });
    await admin.json('POST', `/api/v1/teams/${other}/members`, { email: outsider.user.email });
    pid = (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Ana Ruiz', date_of_birth: '1988-02-02',
      record_number: 'N-1', recovery_stage: 'stabilization', team_id: team })).json()).id;
    const r = await peer.json('PUT', `/api/v1/persons/${pid}/plan`, { leadership: 'shared', author_kind: 'person',
      summary: 'First plan', document: { goals: [{ words: 'Eat well on my own budget', domain: 'health_wellness', why: '', target_date: '',
        status: 'active', steps: [], progress: [] }], strengths: [], barriers: [] } });
    assert.equal(r.status, 201, await r.text());
  });
  after(async () => { await s.stop(); });

  test('a draft is saved, changed, then signed; a signed note answers 409 to an edit and takes an addendum', async () => {
    let r = await create(peer, note({ did_together: '' }));
    assert.equal(r.status, 201);
    const id = (await r.json()).id;
    let c = await get(peer, id);
    assert.equal(c.state, 'draft');
    assert.deepEqual(c.goals, ['Eat well on my own budget'], 'the goal is kept in the person\'s words');
    assert.equal(c.billable, false, 'a draft is not billable');
    r = await peer.json('POST', `/api/v1/persons/${pid}/contacts/${id}/sign`);
    assert.equal(r.status, 400, 'nothing to sign yet');
    assert.equal((await r.json()).error.field, 'did_together');
    r = await peer.json('PUT', `/api/v1/persons/${pid}/contacts/${id}`, note());
    assert.equal(r.status, 204);
    assert.equal((await get(outsider, id)).error.code, 'not_found', 'another team gets nothing');
    r = await peer.json('POST', `/api/v1/persons/${pid}/contacts/${id}/sign`);
    assert.equal(r.status, 204);
    c = await get(peer, id);
    assert.equal(c.state, 'signed');
    assert.match(c.content_hash, /^[0-9a-f]{64}$/);
    assert.equal(c.integrity, 'ok');
    assert.equal(c.billable, true);
    assert.equal(c.service_code, 'H0038');
    assert.equal(c.units, 3, '40 minutes under the 8-minute rule');
    r = await peer.json('PUT', `/api/v1/persons/${pid}/contacts/${id}`, note({ did_together: 'Rewritten' }));
    assert.equal(r.status, 409);
    assert.equal((await r.json()).error.code, 'signed');
    r = await peer.json('POST', `/api/v1/persons/${pid}/contacts/${id}/sign`);
    assert.equal(r.status, 409, 'signed once');
    r = await peer.json('POST', `/api/v1/persons/${pid}/contacts/${id}/addenda`, { reason: '', text: 'x' });
    assert.equal((await r.json()).error.field, 'reason');
    r = await peer.json('POST', `/api/v1/persons/${pid}/contacts/${id}/addenda`,
      { reason: 'Wrong day named', text: 'We plan to go on Saturday, not Friday.' });
    assert.equal(r.status, 201);
    c = await get(peer, id);
    assert.equal(c.did_together, note().did_together, 'the original stays');
    assert.equal(c.addenda.length, 1);
    assert.equal(c.addenda[0].reason, 'Wrong day named');
    assert.equal(c.addenda[0].author, peer.user.name);
    assert.equal(c.integrity, 'ok', 'an addendum does not change the signed note');
  });

  test('a note changed behind the application is shown as altered', async () => {
    const id = (await (await create(peer, note({ sign: true }))).json()).id;
    assert.equal((await get(peer, id)).integrity, 'ok');
    sqlDirect(s, `UPDATE contacts SET did_together = 'Something else' WHERE id = ${id}`);
    const c = await get(peer, id);
    assert.equal(c.integrity, 'altered');
    assert.equal(c.did_together, 'Something else');
  });

  test("a trainee's note is pending and not billable until a supervisor co-signs it", async () => {
    const id = (await (await create(trainee, note({ sign: true }))).json()).id;
    let c = await get(trainee, id);
    assert.equal(c.cosign_state, 'pending');
    assert.equal(c.billable, false);
    assert.equal(c.units, 0);
    let r = await peer.json('POST', `/api/v1/persons/${pid}/contacts/${id}/cosign`, { decision: 'cosign' });
    assert.equal(r.status, 403, 'a peer cannot co-sign');
    r = await supervisor.json('POST', `/api/v1/persons/${pid}/contacts/${id}/cosign`, { decision: 'return' });
    assert.equal((await r.json()).error.field, 'comment', 'a return says why');
    r = await supervisor.json('POST', `/api/v1/persons/${pid}/contacts/${id}/cosign`,
      { decision: 'return', comment: 'Name the goal in the narrative.' });
    assert.equal(r.status, 204);
    c = await get(trainee, id);
    assert.equal(c.cosign_state, 'returned');
    assert.equal(c.state, 'draft', 'a returned note was never final: it is a draft again');
    assert.equal(c.billable, false);
    r = await trainee.json('POST', `/api/v1/persons/${pid}/contacts/${id}/addenda`,
      { reason: 'Supervisor asked', text: 'This served the goal.' });
    assert.ok([404, 409].includes(r.status), 'a draft takes no addendum: it is corrected');
    r = await peer.json('PUT', `/api/v1/persons/${pid}/contacts/${id}`,
      note({ did_together: 'Not mine to change.' }));
    assert.ok(r.status >= 400 && r.status < 500, 'only its author corrects it');
    r = await trainee.json('PUT', `/api/v1/persons/${pid}/contacts/${id}`,
      note({ did_together: 'Walked to the food bank; this served the goal of eating well on a budget.' }));
    assert.ok(r.status < 300, `corrected (${r.status})`);
    r = await trainee.json('POST', `/api/v1/persons/${pid}/contacts/${id}/sign`, {});
    assert.ok(r.status < 300, `signed again (${r.status})`);
    c = await get(trainee, id);
    assert.equal(c.state, 'signed');
    assert.equal(c.cosign_state, 'pending', 'signed again, it goes back for review');
    assert.match(c.did_together, /eating well on a budget/);
    r = await supervisor.json('POST', `/api/v1/persons/${pid}/contacts/${id}/cosign`, { decision: 'cosign' });
    assert.equal(r.status, 204);
    c = await get(trainee, id);
    assert.equal(c.cosign_state, 'cosigned');
    assert.equal(c.billable, true);
    r = await supervisor.json('POST', `/api/v1/persons/${pid}/contacts/${id}/cosign`, { decision: 'cosign' });
    assert.equal(r.status, 409, 'co-signed once');
  });

  test('billable only with start and end, location, a plan goal and a narrative; none for non-billable kinds', async () => {
    for (const [extra, why] of [[{ starts_at: '', ends_at: '' }, 'no times'], [{ location: '' }, 'no location'],
      [{ goals: [] }, 'no goal'], [{ kind: 'volunteer' }, 'not a billable kind'], [{ starts_at: '10:00', ends_at: '10:05' }, 'under 8 minutes']]) {
      const r = await create(peer, note({ ...extra, sign: true }));
      assert.equal(r.status, 201, why);
      const c = await get(peer, (await r.json()).id);
      assert.equal(c.units, 0, why);
    }
    const c = await get(peer, (await (await create(peer, note({ kind: 'transportation', miles: 12.5, sign: true }))).json()).id);
    assert.equal(c.miles, 12.5);
    assert.equal(c.service_code, '', 'transportation bills no service code');
  });

  test('units follow the program rounding rule', async () => {
    const cases = { eight_minute: [[7, 0], [8, 1], [22, 1], [23, 2], [60, 4]],
      whole_units: [[14, 0], [15, 1], [29, 1], [30, 2]], any_part: [[1, 1], [15, 1], [16, 2], [46, 4]] };
    for (const [rule, list] of Object.entries(cases)) {
      const p = (await (await admin.json('POST', '/api/v1/programs',
        { name: `Rule ${rule}`, kind: 'community', time_zone: 'UTC', unit_rounding: rule })).json()).id;
      const t = (await (await admin.json('POST', '/api/v1/teams', { name: 'T', program_id: p })).json()).id;
      await admin.json('POST', `/api/v1/teams/${t}/members`, { email: peer.user.email });
      const person = (await (await peer.json('POST', '/api/v1/persons', { legal_name: `Rule ${rule}`, date_of_birth: '1970-01-01',
        record_number: `R-${rule}`, recovery_stage: 'stabilization', team_id: t })).json()).id;
      await peer.json('PUT', `/api/v1/persons/${person}/plan`, { leadership: 'shared', author_kind: 'staff', summary: 'x',
        document: { goals: [{ words: 'Goal', domain: 'health_wellness', why: '', target_date: '', status: 'active', steps: [], progress: [] }],
          strengths: [], barriers: [] } });
      for (const [minutes, units] of list) {
        const end = `${String(10 + Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        const r = await create(peer, note({ ends_at: end, sign: true }), person);
        assert.equal(r.status, 201, await r.clone().text());
        const id = (await r.json()).id;
        const c = await (await peer.fetch(`/api/v1/persons/${person}/contacts/${id}`)).json();
        assert.equal(c.units, units, `${rule}: ${minutes} minutes`);
      }
    }
  });

  test('bad input is refused naming the field, and nothing is saved', async () => {
    const before = (await (await peer.fetch(`/api/v1/persons/${pid}/contacts?limit=200`)).json()).items.length;
    for (const [body, field] of [
      [note({ kind: 'lunch' }), 'kind'], [note({ contact_on: '2026-13-01' }), 'contact_on'],
      [note({ contact_on: '2999-01-01' }), 'contact_on'], [note({ starts_at: '25:00' }), 'starts_at'],
      [note({ ends_at: '09:00' }), 'ends_at'], [note({ location: 'moon' }), 'location'],
      [note({ goals: [7] }), 'goals'], [note({ goals: ['one'] }), 'goals'], [note({ miles: 3 }), 'miles'],
      [note({ did_together: 'x'.repeat(10001) }), 'did_together'], [note({ sign: 'yes' }), 'sign'],
      [note({ colour: 'red' }), 'colour'], [note({ kind: 42 }), 'kind'],
      [note({ kind: undefined }), 'kind'], [note({ contact_on: undefined }), 'contact_on'],
      [note({ contact_on: '2026-02-30' }), 'contact_on'], [note({ location: 3 }), 'location'],
      [note({ visitor_name: 'two\nlines' }), 'visitor_name'], [note({ response: 'x'.repeat(10001) }), 'response'],
      [note({ team_notice: 'a\u0007b' }), 'team_notice'], [note({ miles: 'far' }), 'miles'],
      [note({ goals: 'one' }), 'goals'], [note({ state: 'signed' }), 'state'], [note({ id: 5 }), 'id']]) {
      const r = await create(peer, body);
      assert.equal(r.status, 400, field);
      assert.equal((await r.json()).error.field, field);
    }
    const r = await create(peer, note({ kind: 'peer_desk' }), 999999);
    assert.equal(r.status, 404);
    const now = (await (await peer.fetch(`/api/v1/persons/${pid}/contacts?limit=200`)).json()).items.length;
    assert.equal(now, before);
  });

  test('a bad addendum or co-signature decision is refused naming the field, and nothing is saved', async () => {
    const id = (await (await create(trainee, note({ sign: true }))).json()).id;
    const url = `/api/v1/persons/${pid}/contacts/${id}`;
    for (const [body, field] of [[{ text: 'x' }, 'reason'], [{ reason: 'Why' }, 'text'], [{ reason: 'x'.repeat(1001), text: 'x' }, 'reason'],
      [{ reason: 'Why', text: 'x'.repeat(10001) }, 'text'], [{ reason: 'two\nlines', text: 'x' }, 'reason'],
      [{ reason: 7, text: 'x' }, 'reason'], [{ reason: 'Why', text: 'x', author: 'me' }, 'author']]) {
      const r = await trainee.json('POST', `${url}/addenda`, body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 60));
      assert.equal((await r.json()).error.field, field);
    }
    assert.deepEqual((await get(trainee, id)).addenda, [], 'no addendum saved');
    for (const [body, field] of [[{}, 'decision'], [{ decision: 'maybe' }, 'decision'], [{ decision: true }, 'decision'],
      [{ decision: 'return', comment: '   ' }, 'comment'], [{ decision: 'return', comment: 5 }, 'comment'],
      [{ decision: 'cosign', signature: 'x' }, 'signature']]) {
      const r = await supervisor.json('POST', `${url}/cosign`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field);
    }
    assert.equal((await get(trainee, id)).cosign_state, 'pending', 'nothing decided');
    // the pages: the same rules, the form shown again naming the field
    let r = await supervisor.form(`/persons/${pid}/contacts/${id}/cosign`, { decision: 'return', comment: '' });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /href="#comment"/);
    r = await trainee.form(`/persons/${pid}/contacts/${id}/addenda`, { reason: '', text: 'x' });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /href="#reason"/);
    assert.equal((await get(trainee, id)).cosign_state, 'pending');
    assert.deepEqual((await get(trainee, id)).addenda, []);
  });

  test("another team's person: 404 for reading, writing, signing", async () => {
    assert.equal((await outsider.fetch(`/api/v1/persons/${pid}/contacts`)).status, 404);
    assert.equal((await create(outsider, note())).status, 404);
    const id = (await (await create(peer, note())).json()).id;
    assert.equal((await outsider.json('POST', `/api/v1/persons/${pid}/contacts/${id}/sign`)).status, 404);
    assert.equal((await outsider.json('PUT', `/api/v1/persons/${pid}/contacts/${id}`, note())).status, 404);
    // a colleague's draft is theirs until signed
    assert.equal((await supervisor.fetch(`/api/v1/persons/${pid}/contacts/${id}`)).status, 404);
    assert.equal((await supervisor.json('POST', `/api/v1/persons/${pid}/contacts/${id}/sign`)).status, 409);
    assert.equal((await supervisor.json('PUT', `/api/v1/persons/${pid}/contacts/${id}`, note())).status, 409);
  });

  test('the billing CSV lists billable units per program and period, for managers only', async () => {
    const pending = (await (await create(trainee, note({ contact_on: '2026-11-18', sign: true }))).json()).id;
    const billed = (await (await create(peer, note({ contact_on: '2026-11-18', starts_at: '09:00', ends_at: '09:50', sign: true })))
      .json()).id;
    await create(peer, note({ contact_on: '2026-11-18', kind: 'volunteer', sign: true }));
    await create(peer, note({ contact_on: '2026-11-18' })); // a draft
    let r = await manager.fetch(`/billing.csv?program=${prog}&from=2026-11-18&to=2026-11-18`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    let rows = (await r.text()).trim().split('\r\n');
    assert.equal(rows[0], 'date,record_number,person,staff,kind,service_code,start,end,minutes,units,contact_id,credential_problem');
    assert.deepEqual(rows.slice(1).map((l) => l.split(',').slice(-4, -1)), [['50', '3', String(billed)]],
      "only the peer's signed billable note; not the trainee's pending one, the volunteer activity or the draft");
    assert.match(rows[1], /^"2026-11-18","N-1","Ana Ruiz",/);
    await supervisor.json('POST', `/api/v1/persons/${pid}/contacts/${pending}/cosign`, { decision: 'cosign' });
    rows = (await (await manager.fetch(`/billing.csv?program=${prog}&from=2026-11-18&to=2026-11-18`)).text()).trim().split('\r\n');
    assert.equal(rows.length, 3, 'co-signed, it is billable');
    assert.equal((await manager.json('PUT', '/api/v1/billing/codes/individual', { code: 'H0038-HQ' })).status, 204);
    rows = (await (await manager.fetch(`/billing.csv?program=${prog}&from=2026-11-18&to=2026-11-18`)).text()).trim().split('\r\n');
    assert.match(rows[1], /"individual","H0038-HQ"/, 'the configured code');
    assert.equal((await manager.json('PUT', '/api/v1/billing/codes/volunteer', { code: 'X1' })).status, 404);
    for (const body of [{ code: '=cmd()' }, {}, { code: 'H'.repeat(13) }, { code: 38 }, { code: 'h0038' }])
      assert.equal((await (await manager.json('PUT', '/api/v1/billing/codes/individual', body)).json()).error.field, 'code',
        JSON.stringify(body));
    assert.equal((await (await manager.json('PUT', '/api/v1/billing/codes/individual', { code: 'H1', kind: 'phone' })).json())
      .error.field, 'kind', 'the kind is in the path, not the body');
    assert.equal((await manager.json('PUT', '/api/v1/billing/codes/individual', { code: 'H0038' })).status, 204);
    for (const [q, field] of [['from=2026-11-01&to=2026-11-30', 'program'], [`program=${prog}&to=2026-11-30`, 'from'],
      [`program=${prog}&from=2026-11-30&to=2026-11-01`, 'to'], [`program=x&from=2026-11-01&to=2026-11-30`, 'program'],
      [`program=${prog}&from=2026-02-30&to=2026-11-30`, 'from'], [`program=${prog}&from=2026-11-01`, 'to']]) {
      r = await manager.fetch(`/api/v1/../../billing.csv?${q}`.replace('/api/v1/../..', ''));
      assert.equal(r.status, 400, q);
      assert.match(await r.text(), new RegExp(field === 'program' ? 'Choose a program' : field === 'from' ? 'From must' : 'To must'));
    }
    assert.equal((await peer.fetch(`/billing.csv?program=${prog}&from=2026-11-01&to=2026-11-30`)).status, 403);
    assert.equal((await supervisor.fetch('/billing')).status, 403);
  });

  // A person (and their plan) in the team, with names typed by someone who
  // knows spreadsheets; returns the person's id.
  const personWithPlan = async (who, fields, words) => {
    const r = await who.json('POST', '/api/v1/persons', { date_of_birth: '1990-03-03', recovery_stage: 'stabilization',
      team_id: team, ...fields });
    const body = await r.text();
    assert.equal(r.status, 201, body);
    const id = JSON.parse(body).id;
    const plan = await who.json('PUT', `/api/v1/persons/${id}/plan`, { leadership: 'shared', author_kind: 'person',
      summary: 'Plan', document: { goals: [{ words, domain: 'health_wellness', why: '', target_date: '', status: 'active',
        steps: [], progress: [] }], strengths: [], barriers: [] } });
    assert.equal(plan.status, 201, await plan.text());
    return id;
  };

  test('the billing CSV neutralises cells a spreadsheet would run as formulas', async () => {
    const writer = await staff(s);
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: writer.user.email });
    const person = await personWithPlan(writer, { legal_name: '=HYPERLINK("http://evil.example","Ana")',
      record_number: '@SUM(A1:A9)' }, 'Cook at home');
    // the forms refuse a tab, but a name can come from elsewhere (an import)
    assert.equal(sqlDirect(s, `UPDATE users SET name = '\t-1+2' WHERE id = ${writer.user.id}`).status, 0);
    const r = await create(writer, note({ contact_on: '2026-10-05', sign: true }), person);
    assert.equal(r.status, 201);
    const text = await (await manager.fetch(`/billing.csv?program=${prog}&from=2026-10-05&to=2026-10-05`)).text();
    const rows = text.trim().split('\r\n');
    assert.equal(rows.length, 2, text);
    assert.ok(rows[1].startsWith('"2026-10-05","\'@SUM(A1:A9)","\'=HYPERLINK(""http://evil.example"",""Ana"")",' +
      '"\'\t-1+2","individual",'), rows[1]);
    for (const cell of rows[1].match(/"(?:[^"]|"")*"|[^,]+/g))
      assert.doesNotMatch(cell.replace(/^"/, ''), /^[=+\-@\t\r]/, `a cell a spreadsheet would run: ${cell}`);
  });

  test("a note's plan goals come back as JSON whatever their words, even when changed behind the application", async () => {
    const words = 'Say "no" and mean it \\ twice';
    const person = await personWithPlan(peer, { legal_name: 'Bo Quote', record_number: 'N-Q' }, words);
    const id = (await (await create(peer, note({ sign: true }), person)).json()).id;
    const read = async () => {
      const r = await peer.fetch(`/api/v1/persons/${person}/contacts/${id}`);
      assert.equal(r.status, 200);
      return JSON.parse(await r.text()); // throws on text pasted in unescaped
    };
    let c = await read();
    assert.deepEqual(c.goals, [words]);
    assert.equal(c.integrity, 'ok');
    const list = JSON.parse(await (await peer.fetch(`/api/v1/persons/${person}/contacts`)).text());
    assert.deepEqual(list.items[0].goals, [words]);
    // the stored list replaced by plain text: shown as one goal, escaped
    assert.equal(sqlDirect(s, `UPDATE contacts SET goals = 'Walk "daily", \\ alone' WHERE id = ${id}`).status, 0);
    c = await read();
    assert.deepEqual(c.goals, ['Walk "daily", \\ alone']);
    assert.equal(c.integrity, 'altered');
  });

  test('a manager sets service codes on the billing page: all or none saved, each change audited', async () => {
    const codes = async () => Object.fromEntries((await (await manager.fetch('/api/v1/billing/codes')).json()).items
      .map((x) => [x.kind, x.code]));
    const before = await codes();
    assert.equal(before.individual, 'H0038');
    assert.deepEqual(Object.keys(before).sort(), ['accompaniment', 'community_outing', 'individual', 'phone'],
      'billable kinds only');
    const fields = (over) => ({ 'code-individual': 'H0038', 'code-accompaniment': 'H0038', 'code-community_outing': 'H0038',
      'code-phone': 'H0038', ...over });
    let r = await manager.form('/billing/codes', fields({ 'code-individual': 'H0038-U1', 'code-phone': 'bad code' }));
    assert.equal(r.status, 400);
    const html = await r.text();
    assert.match(html, /href="#code-phone"/, 'the summary names the field');
    assert.match(html, /value="H0038-U1"/, 'what was typed stays');
    assert.deepEqual(await codes(), before, 'nothing saved when one is wrong');
    r = await manager.form('/billing/codes', fields({ 'code-phone': 'H0038-GT' }));
    assert.equal(r.status, 303);
    assert.equal((await codes()).phone, 'H0038-GT');
    assert.match(await (await manager.fetch('/billing?saved=1')).text(), /Service codes saved/);
    const audited = sqlDirect(s, "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'service_code' AND entity_id = 'phone'");
    assert.ok(Number(audited.out.trim()) >= 1);
    assert.equal((await peer.form('/billing/codes', fields({ 'code-phone': 'X' }))).status, 403);
    assert.equal((await supervisor.fetch('/api/v1/billing/codes')).status, 403);
    assert.equal((await codes()).phone, 'H0038-GT', 'refused roles changed nothing');
    r = await manager.form('/billing/codes', fields({}));
    assert.equal(r.status, 303);
  });

  test('the timeline lists contacts, plan changes, assessments and stage changes, newest first, with filters', async () => {
    await peer.json('POST', `/api/v1/persons/${pid}/barc10`, { taken_on: '2026-11-19', filled_by: 'person',
      answers: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3] });
    await peer.form(`/persons/${pid}/stage`, { recovery_stage: 'sustained_recovery_maintenance' });
    const all = (await (await peer.fetch(`/api/v1/persons/${pid}/timeline?limit=200`)).json()).items;
    const kinds = new Set(all.map((e) => e.kind));
    assert.deepEqual([...kinds].sort(), ['assessment', 'contact', 'plan', 'stage']);
    const dates = all.map((e) => e.date);
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    assert.ok(all.some((e) => e.text === 'BARC-10 total 30'));
    const only = (await (await peer.fetch(`/api/v1/persons/${pid}/timeline?kind=plan&kind=stage`)).json()).items;
    assert.ok(only.length > 0 && only.every((e) => ['plan', 'stage'].includes(e.kind)));
    const first = await (await peer.fetch(`/api/v1/persons/${pid}/timeline?limit=2`)).json();
    const second = await (await peer.fetch(`/api/v1/persons/${pid}/timeline?limit=2&cursor=${first.next_cursor}`)).json();
    assert.deepEqual([...first.items, ...second.items].map((e) => e.link), all.slice(0, 4).map((e) => e.link), 'pages follow on');
    const html = await (await peer.fetch(`/persons/${pid}/timeline?kind=assessment`)).text();
    assert.match(html, /BARC-10 total 30/);
    assert.doesNotMatch(html, /Individual peer support/);
    assert.equal((await outsider.fetch(`/persons/${pid}/timeline`)).status, 404);
    assert.equal((await outsider.fetch(`/api/v1/persons/${pid}/timeline`)).status, 404);
    const theirs = (await (await supervisor.fetch(`/api/v1/persons/${pid}/timeline?kind=contact&limit=200`)).json()).items;
    assert.ok(theirs.every((e) => !/\(draft\)/.test(e.text)), "a colleague's drafts are not shown");
  });
});
