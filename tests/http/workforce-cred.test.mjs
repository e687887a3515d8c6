// The workforce's credentials and languages (issue 27, points 1 and 2):
// kinds kept by managers, each staff member's credentials with their
// status, the settings, alerts on Today, the billing flag, languages and
// who speaks one; wrong roles, another's record, bad input by field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, staff, startServer } from './helpers.mjs';

const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

describe(`workforce credentials and languages (${BACKEND})`, () => {
  let s, admin, manager, supervisor, peer, peer2, trainee, prog, team, pid, cps, cpr;
  const note = (extra = {}) => ({ kind: 'individual', contact_on: '2026-01-20', starts_at: '10:00', ends_at: '10:40',
    location: 'community', goals: [1], did_together: 'Walked to the food bank together.',
    response: 'Said it felt easier.', next_steps: 'Go again on Friday.', team_notice: '', sign: true, ...extra });
  const csv = async (from, to) => (await (await manager.fetch(`/billing.csv?program=${prog}&from=${from}&to=${to}`)).text())
    .trim().split('\r\n');

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    supervisor = await staff(s, 'supervisor');
    peer = await staff(s);
    peer2 = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'P', kind: 'community', time_zone: 'UTC', unit_rounding: 'eight_minute' })).json()).id;
    team = (await (await admin.json('POST', '/api/v1/teams', { name: 'A', program_id: prog })).json()).id;
    for (const u of [peer, peer2, supervisor]) await admin.json('POST', `/api/v1/teams/${team}/members`, { email: u.user.email });
    pid = (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Ana Ruiz', date_of_birth: '1988-02-02',
      record_number: 'N-1', recovery_stage: 'stabilization', team_id: team })).json()).id;
    const r = await peer.json('PUT', `/api/v1/persons/${pid}/plan`, { leadership: 'shared', author_kind: 'person',
      summary: 'First plan', document: { goals: [{ words: 'Eat well', domain: 'health_wellness', why: '', target_date: '',
        status: 'active', steps: [], progress: [] }], strengths: [], barriers: [] } });
    assert.equal(r.status, 201, await r.text());
  });
  after(async () => { await s.stop(); });

  test('a manager keeps the kinds of credential: list, add, edit, with the roles that must hold them', async () => {
    let r = await manager.json('POST', '/api/v1/credential-kinds',
      { name: ' CPS certification ', billing_required: true, roles: ['peer_specialist'] });
    assert.equal(r.status, 201);
    cps = (await r.json()).id;
    r = await manager.json('POST', '/api/v1/credential-kinds', { name: 'CPR', roles: [] });
    cpr = (await r.json()).id;
    r = await manager.json('PUT', `/api/v1/credential-kinds/${cpr}`,
      { name: 'CPR and first aid', billing_required: false, roles: ['peer_trainee', 'supervisor'] });
    assert.equal(r.status, 200);
    const list = (await (await manager.fetch('/api/v1/credential-kinds')).json()).items;
    assert.deepEqual(list, [ // by name
      { id: cpr, name: 'CPR and first aid', billing_required: false, roles: ['peer_trainee', 'supervisor'] },
      { id: cps, name: 'CPS certification', billing_required: true, roles: ['peer_specialist'] },
    ]);
    // the form
    r = await manager.form('/workforce/credential-kinds', { name: "Driver's licence", role_supervisor: '1' });
    assert.equal(r.status, 303);
    const page = await (await manager.fetch('/workforce/credential-kinds')).text();
    assert.match(page, /Driver&#39;s licence|Driver&#x27;s licence|Driver's licence/);
    r = await manager.form('/workforce/credential-kinds', { name: '' });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /href="#name"/);
  });

  test('kinds: bad input names its field, a taken name too, and nothing is saved', async () => {
    const before = (await (await manager.fetch('/api/v1/credential-kinds')).json()).items.length;
    for (const [body, field] of [
      [{}, 'name'], [{ name: '' }, 'name'], [{ name: 'x'.repeat(121) }, 'name'], [{ name: 'a\nb' }, 'name'],
      [{ name: 'cps certification' }, 'name'], [{ name: 'X', roles: ['nurse'] }, 'roles'],
      [{ name: 'X', roles: 'peer_specialist' }, 'roles'], [{ name: 'X', roles: ['admin', 'admin'] }, 'roles'],
      [{ name: 'X', billing_required: 'yes' }, 'billing_required'], [{ name: 'X', colour: 1 }, 'colour'],
    ]) {
      const r = await manager.json('POST', '/api/v1/credential-kinds', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body));
    }
    assert.equal((await manager.json('PUT', '/api/v1/credential-kinds/999999', { name: 'Y' })).status, 404);
    assert.equal((await manager.json('PUT', `/api/v1/credential-kinds/${cpr}`, { name: 'CPS certification' })).status, 400);
    assert.equal((await (await manager.fetch('/api/v1/credential-kinds')).json()).items.length, before);
  });

  test('peers, trainees and supervisors may not keep kinds or settings', async () => {
    for (const who of [peer, trainee, supervisor]) {
      assert.equal((await who.json('POST', '/api/v1/credential-kinds', { name: 'Mine' })).status, 403);
      assert.equal((await who.fetch('/api/v1/credential-kinds')).status, 403);
      assert.equal((await who.json('PUT', '/api/v1/workforce/settings', { trainee_months: 1 })).status, 403);
      assert.equal((await who.form('/workforce/settings', { credential_warn_days: '5' })).status, 403);
    }
  });

  test('settings: all four read and change; each bad one is named and nothing changes', async () => {
    let r = await manager.fetch('/api/v1/workforce/settings');
    assert.deepEqual(await r.json(), { credential_warn_days: '60,30', trainee_months: 6, trainee_hours: 0, policy_ack_days: 365 });
    r = await manager.json('PUT', '/api/v1/workforce/settings', { credential_warn_days: '30, 90' });
    assert.equal(r.status, 200);
    assert.equal((await r.json()).credential_warn_days, '90,30');
    for (const [body, field] of [
      [{ credential_warn_days: '60,60' }, 'credential_warn_days'], [{ credential_warn_days: '0' }, 'credential_warn_days'],
      [{ credential_warn_days: '1,2,3,4,5,6' }, 'credential_warn_days'], [{ credential_warn_days: '-5' }, 'credential_warn_days'],
      [{ credential_warn_days: '' }, 'credential_warn_days'], [{ credential_warn_days: '60,' }, 'credential_warn_days'],
      [{ credential_warn_days: 60 }, 'credential_warn_days'], [{ credential_warn_days: 'sixty' }, 'credential_warn_days'],
      [{ trainee_months: -1 }, 'trainee_months'], [{ trainee_months: 61 }, 'trainee_months'], [{ trainee_months: '6' }, 'trainee_months'],
      [{ trainee_hours: 10001 }, 'trainee_hours'], [{ policy_ack_days: 0 }, 'policy_ack_days'], [{ policy_ack_days: 1.5 }, 'policy_ack_days'],
      [{ warn: 1 }, 'warn'],
    ]) {
      r = await manager.json('PUT', '/api/v1/workforce/settings', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body));
    }
    r = await manager.form('/workforce/settings', { credential_warn_days: '60,60', trainee_months: 'x', trainee_hours: '0', policy_ack_days: '365' });
    assert.equal(r.status, 400);
    const page = await r.text();
    assert.match(page, /href="#credential_warn_days"/);
    assert.match(page, /href="#trainee_months"/);
    assert.match(page, /value="60,60"/, 'the form again, as typed');
    r = await manager.form('/workforce/settings', { credential_warn_days: '60,30', trainee_months: '6', trainee_hours: '0', policy_ack_days: '365' });
    assert.equal(r.status, 303);
    assert.deepEqual(await (await admin.fetch('/api/v1/workforce/settings')).json(),
      { credential_warn_days: '60,30', trainee_months: 6, trainee_hours: 0, policy_ack_days: 365 });
  });

  test("a manager records a staff member's credentials; statuses: current, expiring, expired, missing", async () => {
    const base = `/api/v1/staff/${peer.user.id}/credentials`;
    let r = await peer.fetch(base);
    let j = await r.json();
    assert.deepEqual(j.items, []);
    assert.deepEqual(j.missing, ['CPS certification'], 'required of peer specialists');
    r = await manager.json('POST', base, { kind_id: cps, number: 'CPS-1', issuer: 'Board', issued_on: '2025-01-01', expires_on: day(20) });
    assert.equal(r.status, 201);
    const soon = (await r.json()).id;
    r = await manager.json('POST', base, { kind_id: cpr, issued_on: '2024-01-01', expires_on: day(-3) });
    const old = (await r.json()).id;
    j = await (await peer.fetch(base)).json();
    assert.deepEqual(j.missing, []);
    const by = Object.fromEntries(j.items.map((c) => [c.id, c]));
    assert.equal(by[soon].status, 'expiring');
    assert.equal(by[soon].days_left, 20);
    assert.equal(by[soon].kind, 'CPS certification');
    assert.equal(by[soon].number, 'CPS-1');
    assert.equal(by[old].status, 'expired');
    // renewal: the later one replaces the expired one
    r = await manager.json('POST', base, { kind_id: cpr, issued_on: day(-1), expires_on: day(700) });
    const renewed = (await r.json()).id;
    j = await (await supervisor.fetch(base)).json();
    const by2 = Object.fromEntries(j.items.map((c) => [c.id, c]));
    assert.equal(by2[old].status, 'renewed');
    assert.equal(by2[renewed].status, 'current');
    // edit and remove
    r = await manager.json('PUT', `${base}/${renewed}`, { kind_id: cpr, number: 'N2', issued_on: day(-1), expires_on: '' });
    assert.equal(r.status, 200);
    assert.equal((await manager.json('DELETE', `${base}/${old}`)).status, 204);
    assert.equal((await manager.json('DELETE', `${base}/${old}`)).status, 404);
    j = await (await peer.fetch(base)).json();
    assert.equal(j.items.length, 2);
    assert.equal(j.items.find((c) => c.id === renewed).number, 'N2');
    // the record and the page
    const record = await (await peer.fetch(`/staff/${peer.user.id}`)).text();
    assert.match(record, /Credentials/);
    assert.match(record, /Expires in 20 days/);
    const pageR = await manager.form(`/staff/${peer.user.id}/credentials`, { kind_id: String(cps), issued_on: '2025-02-01', expires_on: '2025-01-01' });
    assert.equal(pageR.status, 400);
    const page = await pageR.text();
    assert.match(page, /href="#expires_on"/);
    assert.match(page, /value="2025-02-01"/);
    // the audit log has the reads and the changes
    const audit = await (await admin.fetch('/api/v1/audit?entity_type=staff_credential')).text();
    assert.match(audit, /staff_credential/);
  });

  test('credentials: bad input names its field and saves nothing', async () => {
    const base = `/api/v1/staff/${peer2.user.id}/credentials`;
    for (const [body, field] of [
      [{ issued_on: '2025-01-01' }, 'kind_id'], [{ kind_id: 999999, issued_on: '2025-01-01' }, 'kind_id'],
      [{ kind_id: String(cps), issued_on: '2025-01-01' }, 'kind_id'],
      [{ kind_id: cps }, 'issued_on'], [{ kind_id: cps, issued_on: '2025-13-01' }, 'issued_on'],
      [{ kind_id: cps, issued_on: day(3) }, 'issued_on'],
      [{ kind_id: cps, issued_on: '2025-05-01', expires_on: '2025-04-30' }, 'expires_on'],
      [{ kind_id: cps, issued_on: '2025-05-01', expires_on: 'soon' }, 'expires_on'],
      [{ kind_id: cps, issued_on: '2025-05-01', number: 'x'.repeat(61) }, 'number'],
      [{ kind_id: cps, issued_on: '2025-05-01', issuer: 'a\nb' }, 'issuer'],
      [{ kind_id: cps, issued_on: '2025-05-01', status: 'current' }, 'status'],
    ]) {
      const r = await manager.json('POST', base, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body));
    }
    assert.deepEqual((await (await manager.fetch(base)).json()).items, []);
  });

  test("credentials: only managers change them; a peer cannot read another's; unknown staff are 404", async () => {
    const base = `/api/v1/staff/${peer.user.id}/credentials`;
    const body = { kind_id: cps, issued_on: '2025-01-01' };
    for (const who of [peer, peer2, trainee, supervisor]) {
      assert.equal((await who.json('POST', base, body)).status, 403);
      assert.equal((await who.form(`/staff/${peer.user.id}/credentials`, { kind_id: String(cps) })).status, 403);
    }
    assert.equal((await peer2.fetch(base)).status, 404, "another peer's record");
    assert.equal((await trainee.fetch(`/staff/${peer.user.id}/credentials`)).status, 404);
    assert.equal((await manager.fetch('/api/v1/staff/999999/credentials')).status, 404);
    assert.equal((await manager.json('POST', '/api/v1/staff/999999/credentials', body)).status, 404);
    const id = (await (await peer2.fetch(`/api/v1/staff/${peer2.user.id}/credentials`)).json()).items.length;
    assert.equal(id, 0);
    // a credential of another staff member through this one's path
    const mine = (await (await peer.fetch(base)).json()).items[0].id;
    assert.equal((await manager.json('PUT', `/api/v1/staff/${peer2.user.id}/credentials/${mine}`, body)).status, 404);
    assert.equal((await manager.json('DELETE', `/api/v1/staff/${peer2.user.id}/credentials/${mine}`)).status, 404);
  });

  test('Today: the staff member sees their own expiring credentials; the manager everyone’s, and the missing ones', async () => {
    let t = await (await peer.fetch('/api/v1/today')).json();
    const own = t.sections.find((x) => x.name === 'credentials_expiring');
    assert.equal(own.count, 1);
    assert.equal(own.items[0].name, 'CPS certification');
    assert.equal(own.items[0].expires_on, day(20));
    assert.equal(own.items[0].expired, false);
    t = await (await manager.fetch('/api/v1/today')).json();
    const all = t.sections.find((x) => x.name === 'credentials_expiring_all');
    assert.ok(all.items.some((x) => x.name === peer.user.name && /CPS certification: expires in 20 days/.test(x.detail)));
    const missing = t.sections.find((x) => x.name === 'credentials_missing_all');
    assert.ok(missing.items.some((x) => x.name === peer2.user.name && /CPS certification: missing/.test(x.detail)));
    assert.ok(missing.items.some((x) => x.name === trainee.user.name && /CPR and first aid/.test(x.detail)));
    assert.ok(!t.sections.find((x) => x.name === 'credentials_missing_all').items.some((x) => x.name === peer.user.name));
    assert.equal((await (await peer2.fetch('/api/v1/today')).json()).sections.find((x) => x.name === 'credentials_missing_all'),
      undefined, 'not for peers');
    const page = await (await manager.fetch('/')).text();
    assert.match(page, /Staff credentials expiring/);
  });

  test('billing: an expired required credential flags the note; a current one does not; one that expired after the contact does not flag it', async () => {
    const base = `/api/v1/staff/${peer2.user.id}/credentials`;
    // peer2 holds a CPS valid through 2026-01-31 only
    assert.equal((await manager.json('POST', base, { kind_id: cps, issued_on: '2025-01-01', expires_on: '2026-01-31' })).status, 201);
    const create = (who, body) => who.json('POST', `/api/v1/persons/${pid}/contacts`, body);
    const before = (await (await create(peer2, note({ contact_on: '2026-01-20' }))).json()).id;
    const afterIt = (await (await create(peer2, note({ contact_on: '2026-02-10' }))).json()).id;
    const byPeer = (await (await create(peer, note({ contact_on: '2026-02-10' }))).json()).id;
    const rows = await csv('2026-01-01', '2026-02-28');
    assert.equal(rows[0].split(',').at(-1), 'credential_problem');
    const row = (id) => rows.find((l) => l.includes(`,${id},`));
    assert.match(row(afterIt), /,"CPS certification: expired 2026-01-31"$/, 'after expiry: flagged, not silently billed');
    assert.match(row(before), /,""$/, 'before it expired: billed as usual');
    assert.match(row(byPeer), /,""$/, "the peer's CPS was current on the day");
    assert.equal(rows.length, 4, 'flagged rows stay in the export');
    const page = await (await manager.fetch('/billing')).text();
    assert.match(page, /Credential problems/);
    // a missing credential flags too
    const other = await staff(s);
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: other.user.email });
    const missing = (await (await create(other, note({ contact_on: '2026-02-11' }))).json()).id;
    assert.match((await csv('2026-02-11', '2026-02-11')).find((l) => l.includes(`,${missing},`)), /"CPS certification: missing"$/);
    // a kind that billing does not need flags nothing
    await manager.json('PUT', `/api/v1/credential-kinds/${cps}`, { name: 'CPS certification', billing_required: false, roles: ['peer_specialist'] });
    assert.match((await csv('2026-02-10', '2026-02-10')).find((l) => l.includes(`,${afterIt},`)), /,""$/);
    await manager.json('PUT', `/api/v1/credential-kinds/${cps}`, { name: 'CPS certification', billing_required: true, roles: ['peer_specialist'] });
  });

  test('languages: the staff member and managers change them; anyone signed in finds who speaks one', async () => {
    let r = await peer.json('PUT', `/api/v1/staff/${peer.user.id}/languages`, { languages: [' Spanish ', 'English'] });
    assert.equal(r.status, 200);
    r = await manager.json('PUT', `/api/v1/staff/${trainee.user.id}/languages`, { languages: ['ASL'] });
    assert.equal(r.status, 200);
    assert.deepEqual(await (await peer.fetch(`/api/v1/staff/${peer.user.id}/languages`)).json(), { languages: ['English', 'Spanish'] });
    const asl = (await (await peer2.fetch('/api/v1/staff?language=asl')).json()).items;
    assert.deepEqual(asl, [{ id: trainee.user.id, name: trainee.user.name, role: 'peer_trainee' }]);
    const page = await (await peer2.fetch('/workforce/languages?language=Spanish')).text();
    assert.ok(page.includes(peer.user.name));
    // the form: checkboxes and others typed
    r = await peer2.form(`/staff/${peer2.user.id}/languages`, { 'lang-0': '1', other: 'Amharic, Nepali' });
    assert.equal(r.status, 303);
    assert.deepEqual((await (await peer2.fetch(`/api/v1/staff/${peer2.user.id}/languages`)).json()).languages, ['ASL', 'Amharic', 'Nepali']);
    const record = await (await peer2.fetch(`/staff/${peer2.user.id}`)).text();
    assert.match(record, /Amharic/);
  });

  test('languages: bad input names its field; another peer may not change them', async () => {
    const url = `/api/v1/staff/${peer.user.id}/languages`;
    for (const [body, field] of [
      [{}, 'languages'], [{ languages: 'ASL' }, 'languages'], [{ languages: [1] }, 'languages'],
      [{ languages: [''] }, 'languages'], [{ languages: ['x'.repeat(61)] }, 'languages'], [{ languages: ['a\nb'] }, 'languages'],
      [{ languages: ['ASL', 'asl'] }, 'languages'], [{ languages: Array.from({ length: 21 }, (_, i) => `L${i}`) }, 'languages'],
      [{ languages: [], extra: 1 }, 'extra'],
    ]) {
      const r = await peer.json('PUT', url, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body));
    }
    assert.equal((await peer2.json('PUT', url, { languages: ['French'] })).status, 404);
    assert.equal((await supervisor.json('PUT', url, { languages: ['French'] })).status, 404);
    assert.equal((await peer2.form(`/staff/${peer.user.id}/languages`, { other: 'French' })).status, 404);
    assert.equal((await peer2.fetch(url)).status, 404, "another peer does not read the record");
    assert.deepEqual((await (await peer.fetch(url)).json()).languages, ['English', 'Spanish'], 'unchanged');
    const r = await peer.form(`/staff/${peer.user.id}/languages`, { other: 'x'.repeat(61) });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /href="#other"/);
    assert.equal((await peer.fetch('/api/v1/staff')).status, 400);
    assert.equal((await (await peer.fetch('/api/v1/staff?language=')).json()).error.field, 'language');
    assert.equal((await peer.fetch(`/api/v1/staff?language=${'x'.repeat(61)}`)).status, 400);
  });

  test("a person's overview links a need for an interpreter, or ASL, to the staff who speak it; otherwise no link", async () => {
    const create = async (extra) => (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Lan Tran',
      date_of_birth: '1979-05-05', recovery_stage: 'stabilization', team_id: team, ...extra })).json()).id;
    const needs = await create({ record_number: 'N-2', preferred_language: 'Vietnamese & Cham', interpreter_needed: true, asl: true });
    let page = await (await peer.fetch(`/persons/${needs}`)).text();
    assert.match(page, /href="\/workforce\/languages\?language=Vietnamese%20%26%20Cham">Staff who speak Vietnamese &amp; Cham</);
    assert.match(page, /href="\/workforce\/languages\?language=ASL">Staff who speak ASL</);
    const none = await create({ record_number: 'N-3', preferred_language: 'Vietnamese', interpreter_needed: false });
    page = await (await peer.fetch(`/persons/${none}`)).text();
    assert.doesNotMatch(page, /Staff who speak/);
  });
});
