// The workforce, points 5 and 6 of issue 27: the code of ethics and
// policies (versions, acknowledgement of the current one, who has not) and
// trainings attended, through the API and the pages, on both databases.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, addUser, signIn, sqlDirect, staff, startServer } from './helpers.mjs';

const count = (s, sql) => Number(sqlDirect(s, sql).out.trim());
const daysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
const today = () => new Date().toISOString().slice(0, 10);
const errorOf = async (r) => (await r.json()).error;

describe(`workforce: policies (${BACKEND})`, () => {
  let s, manager, admin, peer, trainee, supervisor;
  before(async () => {
    s = await startServer();
    manager = await staff(s, 'program_manager');
    admin = await staff(s, 'admin');
    peer = await staff(s, 'peer_specialist');
    trainee = await staff(s, 'peer_trainee');
    supervisor = await staff(s, 'supervisor');
  });
  after(async () => {
    await s.stop();
    assert.doesNotMatch(s.log(), /Sanitizer|runtime error/); // the sanitized server's own findings
  });

  const create = async (title, body = 'Be kind.\n\nBe honest.') => {
    const r = await manager.json('POST', '/api/v1/policies', { title, body });
    assert.equal(r.status, 201, title);
    return (await r.json()).id;
  };
  const current = async (who, id) => (await (await who.fetch(`/api/v1/policies/${id}`)).json());

  test('a manager publishes a policy; every staff member reads it, due to acknowledge', async () => {
    const id = await create('Code of ethics', 'Peers <listen>.\nThey keep confidences.\n\nThey do no harm.');
    const list = await (await peer.fetch('/api/v1/policies')).json();
    const p = list.items.find((x) => x.id === id);
    assert.equal(p.title, 'Code of ethics');
    assert.equal(p.version, 1);
    assert.equal(p.acknowledged_at, null);
    assert.equal(p.due, true);
    assert.equal(p.outstanding, undefined, 'only managers see the count');
    const m = (await (await manager.fetch('/api/v1/policies')).json()).items.find((x) => x.id === id);
    assert.ok(m.outstanding >= 5);
    const one = await current(peer, id);
    assert.equal(one.body, 'Peers <listen>.\nThey keep confidences.\n\nThey do no harm.');
    assert.deepEqual(one.versions.map((v) => v.version), [1]);
    assert.equal(one.version_id, one.versions[0].id);
    // the page: paragraphs kept, everything escaped
    const page = await (await peer.fetch(`/policies/${id}`)).text();
    assert.match(page, /<p>Peers &lt;listen&gt;\.<br>They keep confidences\.<\/p><p>They do no harm\.<\/p>/);
    assert.match(page, /I have read version 1 and acknowledge it/);
    assert.doesNotMatch(page, /Not acknowledged/, 'the pending list is for managers');
    assert.doesNotMatch(page, /Publish a new version/);
    assert.equal(count(s, `SELECT COUNT(*) FROM audit_log WHERE entity_type = 'policy' AND action = 'create'`), 1);
  });

  test('acknowledging: once recorded and audited, twice changes nothing (200)', async () => {
    const id = await create('Confidentiality');
    const { version_id } = await current(peer, id);
    const r = await peer.json('POST', `/api/v1/policies/${id}/acknowledge`, { version_id });
    assert.equal(r.status, 200);
    const first = await r.json();
    assert.equal(first.recorded, true);
    assert.equal(first.version_id, version_id);
    const again = await peer.json('POST', `/api/v1/policies/${id}/acknowledge`, { version_id });
    assert.equal(again.status, 200);
    const second = await again.json();
    assert.equal(second.recorded, false);
    assert.equal(second.acknowledged_at, first.acknowledged_at);
    assert.equal(count(s, `SELECT COUNT(*) FROM policy_acks WHERE version_id = ${version_id}`), 1);
    assert.equal(count(s, `SELECT COUNT(*) FROM audit_log WHERE entity_type = 'policy_ack' AND entity_id = '${version_id}'`), 1);
    const p = await current(peer, id);
    assert.equal(p.due, false);
    assert.equal(p.acknowledged_at, first.acknowledged_at);
    // the manager's list of who has not: the peer is not on it
    const pending = await (await manager.fetch(`/api/v1/policies/${id}/pending`)).json();
    assert.ok(!pending.items.some((x) => x.user_id === peer.user.id));
    assert.ok(pending.items.some((x) => x.user_id === trainee.user.id && x.acknowledged_version === null));
    // the staff record says where each stands, audited as a read of it
    const mine = await (await peer.fetch(`/staff/${peer.user.id}`)).text();
    assert.match(mine, new RegExp(`href="/policies/${id}">Confidentiality</a>, version 1: acknowledged <time`));
    const theirs = await (await manager.fetch(`/staff/${trainee.user.id}`)).text();
    assert.match(theirs, new RegExp(`href="/policies/${id}">Confidentiality</a>, version 1: <span[^>]*>Not acknowledged`));
    assert.ok(count(s, `SELECT COUNT(*) FROM audit_log WHERE entity_type = 'staff_policy_acks' AND entity_id = '${trainee.user.id}'`) >= 1);
  });

  test('a new version makes it due again; the old version is refused (409, version_id)', async () => {
    const id = await create('Boundaries');
    const v1 = (await current(peer, id)).version_id;
    assert.equal((await peer.json('POST', `/api/v1/policies/${id}/acknowledge`, { version_id: v1 })).status, 200);
    const pub = await admin.json('POST', `/api/v1/policies/${id}/versions`, { body: 'Boundaries, revised.' });
    assert.equal(pub.status, 201);
    const { id: v2, version } = await pub.json();
    assert.equal(version, 2);
    const p = await current(peer, id);
    assert.equal(p.version_id, v2);
    assert.equal(p.due, true);
    assert.equal(p.body, 'Boundaries, revised.');
    const old = await peer.json('POST', `/api/v1/policies/${id}/acknowledge`, { version_id: v1 });
    assert.equal(old.status, 409);
    const e = await errorOf(old);
    assert.equal(e.field, 'version_id');
    assert.match(e.message, /newer version \(2\) was published: read it first/);
    const pending = await (await manager.fetch(`/api/v1/policies/${id}/pending`)).json();
    const me = pending.items.find((x) => x.user_id === peer.user.id);
    assert.equal(me.acknowledged_version, 1);
    assert.equal((await peer.json('POST', `/api/v1/policies/${id}/acknowledge`, { version_id: v2 })).status, 200);
    assert.equal((await current(peer, id)).due, false);
    assert.equal(count(s, `SELECT COUNT(*) FROM policy_acks WHERE user_id = ${peer.user.id} AND version_id IN (${v1}, ${v2})`), 2);
    // the history, newest first; an older version's text on its page
    assert.deepEqual(p.versions.map((x) => x.version), [2, 1]);
    const page = await (await peer.fetch(`/policies/${id}?version=1`)).text();
    assert.match(page, /Be kind\./);
    assert.match(page, /not the\s+current one/);
    assert.equal((await peer.fetch(`/policies/${id}?version=9`)).status, 404);
    assert.equal((await peer.fetch(`/policies/${id}?version=x`)).status, 404);
  });

  test('an acknowledgement older than policy_ack_days is due again, and renewed in place', async () => {
    const id = await create('Mandated reporting');
    const { version_id } = await current(trainee, id);
    assert.equal((await trainee.json('POST', `/api/v1/policies/${id}/acknowledge`, { version_id })).status, 200);
    sqlDirect(s, `UPDATE policy_acks SET acknowledged_at = '${daysAgo(366)}' WHERE version_id = ${version_id} AND user_id = ${trainee.user.id}`);
    assert.equal((await current(trainee, id)).due, true);
    const pending = await (await manager.fetch(`/api/v1/policies/${id}/pending`)).json();
    assert.ok(pending.items.some((x) => x.user_id === trainee.user.id && x.acknowledged_version === 1));
    // the setting decides: a shorter year
    sqlDirect(s, `UPDATE policy_acks SET acknowledged_at = '${daysAgo(40)}' WHERE version_id = ${version_id} AND user_id = ${trainee.user.id}`);
    assert.equal((await current(trainee, id)).due, false);
    sqlDirect(s, 'UPDATE workforce_settings SET policy_ack_days = 30');
    assert.equal((await current(trainee, id)).due, true);
    const r = await (await trainee.json('POST', `/api/v1/policies/${id}/acknowledge`, { version_id })).json();
    assert.equal(r.recorded, true);
    sqlDirect(s, 'UPDATE workforce_settings SET policy_ack_days = 365');
    assert.equal(count(s, `SELECT COUNT(*) FROM policy_acks WHERE version_id = ${version_id}`), 1);
    assert.equal(count(s, `SELECT COUNT(*) FROM audit_log WHERE entity_type = 'policy_ack' AND entity_id = '${version_id}' AND action = 'update'`), 1);
    assert.equal((await current(trainee, id)).due, false);
  });

  test('acknowledging a version that is not one of the policy: 404 or 400, naming version_id', async () => {
    const id = await create('Dual relationships');
    const other = await create('Gifts');
    const otherVersion = (await current(peer, other)).version_id;
    const cases = [
      [{ version_id: 999999 }, 404],
      [{ version_id: otherVersion }, 404],
      [{}, 400],
      [{ version_id: 0 }, 400],
      [{ version_id: -3 }, 400],
      [{ version_id: '1' }, 400],
    ];
    for (const [body, status] of cases) {
      const r = await peer.json('POST', `/api/v1/policies/${id}/acknowledge`, body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.equal((await errorOf(r)).field, 'version_id', JSON.stringify(body));
    }
    const extra = await peer.json('POST', `/api/v1/policies/${id}/acknowledge`, { version_id: 1, user_id: trainee.user.id });
    assert.equal(extra.status, 400);
    assert.equal((await errorOf(extra)).field, 'user_id');
    assert.equal((await peer.json('POST', '/api/v1/policies/999999/acknowledge', { version_id: otherVersion })).status, 404);
    assert.equal(count(s, `SELECT COUNT(*) FROM policy_acks a JOIN policy_versions v ON v.id = a.version_id WHERE v.policy_id IN (${id}, ${other})`), 0);
  });

  test('bad policies are refused naming the field, and nothing is written', async () => {
    await create('Drug-free workplace');
    const before = count(s, 'SELECT COUNT(*) FROM policies') + count(s, 'SELECT COUNT(*) FROM policy_versions');
    const cases = [
      [{ body: 'x' }, 'title', 400],
      [{ title: '', body: 'x' }, 'title', 400],
      [{ title: 'x'.repeat(201), body: 'x' }, 'title', 400],
      [{ title: 'two\nlines', body: 'x' }, 'title', 400],
      [{ title: 'No text' }, 'body', 400],
      [{ title: 'Too long', body: 'y'.repeat(100001) }, 'body', 400],
      [{ title: 7, body: 'x' }, 'title', 400],
      [{ title: 'drug-free WORKPLACE', body: 'x' }, 'title', 409],
      [{ title: 'Typo', body: 'x', bodi: 'x' }, 'bodi', 400],
      [{ title: 'Sneaky', body: 'x', id: 4 }, 'id', 400],
    ];
    for (const [body, field, status] of cases) {
      const r = await manager.json('POST', '/api/v1/policies', body);
      assert.equal(r.status, status, JSON.stringify(body).slice(0, 80));
      assert.equal((await errorOf(r)).field, field, JSON.stringify(body).slice(0, 80));
    }
    // the longest text is taken
    assert.equal((await manager.json('POST', '/api/v1/policies', { title: 'Long', body: 'é'.repeat(100000) })).status, 201);
    const id = (await (await manager.fetch('/api/v1/policies')).json()).items.find((x) => x.title === 'Long').id;
    for (const [body, field] of [[{}, 'body'], [{ body: '   ' }, 'body'], [{ body: 'z'.repeat(100001) }, 'body'], [{ body: 'x', version: 3 }, 'version']]) {
      const r = await manager.json('POST', `/api/v1/policies/${id}/versions`, body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 60));
      assert.equal((await errorOf(r)).field, field);
    }
    assert.equal((await manager.json('POST', '/api/v1/policies/999999/versions', { body: 'x' })).status, 404);
    const after = count(s, 'SELECT COUNT(*) FROM policies') + count(s, 'SELECT COUNT(*) FROM policy_versions');
    assert.equal(after, before + 2);
  });

  test('only managers and admins write policies and see who has not acknowledged', async () => {
    const id = await create('Social media');
    for (const who of [peer, trainee, supervisor]) {
      assert.equal((await who.json('POST', '/api/v1/policies', { title: `By ${who.user.role}`, body: 'x' })).status, 403);
      assert.equal((await who.json('POST', `/api/v1/policies/${id}/versions`, { body: 'x' })).status, 403);
      assert.equal((await who.fetch(`/api/v1/policies/${id}/pending`)).status, 403);
      assert.equal((await who.form(`/policies/${id}/versions`, { body: 'x' })).status, 403);
      assert.equal((await who.form('/policies', { title: 'x', body: 'x' })).status, 403);
    }
    assert.equal((await (await current(peer, id)).versions).length, 1);
    assert.equal((await fetch(`${s.url}/api/v1/policies`)).status, 401);
    assert.equal((await admin.fetch(`/api/v1/policies/${id}/pending`)).status, 200);
    assert.equal((await manager.fetch('/api/v1/policies/999999/pending')).status, 404);
    assert.ok(count(s, `SELECT COUNT(*) FROM audit_log WHERE entity_type = 'policy_pending' AND entity_id = '${id}'`) >= 1);
  });

  test('the pages: a manager adds and publishes; a staff member acknowledges; an old version is refused', async () => {
    const bad = await manager.form('/policies', { title: 'Bad <b>', body: '' });
    assert.equal(bad.status, 400);
    const badPage = await bad.text();
    assert.match(badPage, /usa-alert--error|error-summary/);
    assert.match(badPage, /value="Bad &lt;b&gt;"/);
    const ok = await manager.form('/policies', { title: 'Cultural humility', body: 'First text.' });
    assert.equal(ok.status, 303);
    const url = ok.headers.get('location');
    const id = Number(/\/policies\/(\d+)$/.exec(url)[1]);
    const dup = await manager.form('/policies', { title: 'Cultural humility', body: 'again' });
    assert.equal(dup.status, 409);
    assert.match(await dup.text(), /exists already/);
    const managerPage = await (await manager.fetch(url)).text();
    assert.match(managerPage, /Not acknowledged \(version 1\)/);
    assert.match(managerPage, new RegExp(`href="/staff/${peer.user.id}"`));
    assert.match(managerPage, /Publish version 2/);
    const v1 = (await current(peer, id)).version_id;
    const empty = await manager.form(`/policies/${id}/versions`, { body: '' });
    assert.equal(empty.status, 400);
    assert.equal((await manager.form(`/policies/${id}/versions`, { body: 'Second text.' })).status, 303);
    // the peer's page was opened before version 2: its form is refused
    const stale = await peer.form(`/policies/${id}/acknowledge`, { version_id: String(v1) });
    assert.equal(stale.status, 409);
    assert.match(await stale.text(), /newer version \(2\) was published: read it first/);
    const v2 = (await current(peer, id)).version_id;
    const done = await peer.form(`/policies/${id}/acknowledge`, { version_id: String(v2) });
    assert.equal(done.status, 303);
    const after = await (await peer.fetch(url)).text();
    assert.match(after, /Acknowledged /);
    assert.doesNotMatch(after, /I have read version/);
    assert.equal((await peer.form(`/policies/${id}/acknowledge`, { version_id: '' })).status, 400);
    assert.equal((await peer.form(`/policies/${id}/acknowledge`, { version_id: '999999' })).status, 404);
    const list = await (await peer.fetch('/policies')).text();
    assert.match(list, /Cultural humility/);
    assert.doesNotMatch(list, /Add a policy/);
    assert.match(await (await manager.fetch('/policies')).text(), /Add a policy/);
    assert.equal((await peer.fetch('/policies/999999')).status, 404);
  });

  test('Today: the policies to acknowledge, and the managers\' count', async () => {
    const fresh = addUser(s, { role: 'peer_specialist' });
    const who = await signIn(s, fresh);
    const t = await (await who.fetch('/api/v1/today')).json();
    const sec = t.sections.find((x) => x.name === 'policies_to_acknowledge');
    assert.ok(sec.count >= 1);
    assert.equal(sec.url, '/policies');
    const item = sec.items[0];
    assert.match(item.url, /^\/policies\/\d+$/);
    assert.equal(item.due_again, false);
    // acknowledge them all: the section says so
    for (const p of (await (await who.fetch('/api/v1/policies')).json()).items)
      assert.equal((await who.json('POST', `/api/v1/policies/${p.id}/acknowledge`, { version_id: p.version_id })).status, 200);
    const t2 = await (await who.fetch('/api/v1/today')).json();
    assert.equal(t2.sections.find((x) => x.name === 'policies_to_acknowledge').count, 0);
    const page = await (await who.fetch('/')).text();
    assert.match(page, /Policies to read and acknowledge/);
    assert.match(page, /You have acknowledged every policy\./);
    // a new version: due again, flagged
    const p = (await (await who.fetch('/api/v1/policies')).json()).items[0];
    await manager.json('POST', `/api/v1/policies/${p.id}/versions`, { body: 'Newer.' });
    const t3 = await (await who.fetch('/api/v1/today')).json();
    const again = t3.sections.find((x) => x.name === 'policies_to_acknowledge').items.find((x) => x.id === p.id);
    assert.equal(again.due_again, true);
    assert.match(again.detail, /you acknowledged version/);
    const m = await (await manager.fetch('/api/v1/today')).json();
    const outstanding = m.sections.find((x) => x.name === 'policy_acks_outstanding');
    assert.ok(outstanding.count >= 1);
    assert.equal(outstanding.url, '/policies');
    assert.ok(!t3.sections.some((x) => x.name === 'policy_acks_outstanding'), 'a peer sees no count');
  });
});

describe(`workforce: trainings (${BACKEND})`, () => {
  let s, manager, peer, other, supervisor;
  before(async () => {
    s = await startServer();
    manager = await staff(s, 'program_manager');
    peer = await staff(s, 'peer_specialist');
    other = await staff(s, 'peer_trainee');
    supervisor = await staff(s, 'supervisor');
  });
  after(async () => {
    await s.stop();
    assert.doesNotMatch(s.log(), /Sanitizer|runtime error/); // the sanitized server's own findings
  });

  const good = (extra = {}) => ({ name: 'New Employee Orientation', kind: 'orientation', attended_on: today(), hours: '1.5', provider: 'The program', ...extra });
  const list = async (who, id) => (await who.fetch(`/api/v1/staff/${id}/trainings`)).json();

  test('a manager records for anyone, a staff member for themself; hours are kept as minutes', async () => {
    const r = await manager.json('POST', `/api/v1/staff/${peer.user.id}/trainings`, good());
    assert.equal(r.status, 201);
    const { id } = await r.json();
    const own = await peer.json('POST', `/api/v1/staff/${peer.user.id}/trainings`,
      { name: 'CPR refresher', kind: 'cpr_first_aid', attended_on: '2020-03-02', minutes: 45 });
    assert.equal(own.status, 201);
    assert.equal((await peer.json('POST', `/api/v1/staff/${peer.user.id}/trainings`,
      { name: 'WRAP seminar', kind: 'wrap_facilitator', attended_on: today(), hours: 2.25 })).status, 201);
    const l = await list(peer, peer.user.id);
    assert.equal(l.items.length, 3);
    const first = l.items.find((x) => x.id === id);
    assert.deepEqual(Object.keys(first), ['id', 'user_id', 'name', 'kind', 'attended_on', 'provider', 'minutes', 'hours', 'recorded_by', 'created_at']);
    assert.equal(first.minutes, 90);
    assert.equal(first.hours, 1.5);
    assert.equal(first.recorded_by, manager.user.name);
    assert.equal(l.minutes_total, 90 + 45 + 135);
    assert.equal(l.minutes_this_year, 90 + 135);
    assert.equal(count(s, `SELECT COUNT(*) FROM audit_log WHERE entity_type = 'training' AND action = 'create'`), 3);
    assert.ok(count(s, `SELECT COUNT(*) FROM audit_log WHERE entity_type = 'staff_trainings' AND entity_id = '${peer.user.id}'`) >= 1);
    // the staff record's section
    const record = await (await peer.fetch(`/staff/${peer.user.id}`)).text();
    assert.match(record, /<h2 id="sr-\d+">Trainings<\/h2>/);
    assert.match(record, /3\.75 hours this year \(since \d{4}-01-01\), 4\.5 hours in all\./);
    assert.match(record, /New Employee Orientation<\/strong> \(New Employee Orientation\)/);
    assert.match(record, /Record a training/);
  });

  test('nobody else records for a staff member; a supervisor reads, others are told there is none', async () => {
    const before = count(s, 'SELECT COUNT(*) FROM trainings');
    assert.equal((await peer.json('POST', `/api/v1/staff/${other.user.id}/trainings`, good())).status, 404);
    assert.equal((await supervisor.json('POST', `/api/v1/staff/${other.user.id}/trainings`, good())).status, 404);
    assert.equal((await peer.form(`/staff/${other.user.id}/trainings`, { ...good() })).status, 404);
    assert.equal((await peer.fetch(`/api/v1/staff/${other.user.id}/trainings`)).status, 404);
    assert.equal((await peer.fetch(`/staff/${other.user.id}/trainings`)).status, 404);
    assert.equal((await supervisor.fetch(`/api/v1/staff/${other.user.id}/trainings`)).status, 200);
    assert.equal((await manager.json('POST', '/api/v1/staff/999999/trainings', good())).status, 404);
    assert.equal(count(s, 'SELECT COUNT(*) FROM trainings'), before);
    const page = await (await supervisor.fetch(`/staff/${other.user.id}/trainings`)).text();
    assert.doesNotMatch(page, /Record the training/);
  });

  test('bad trainings are refused naming the field, and nothing is written', async () => {
    const before = count(s, 'SELECT COUNT(*) FROM trainings');
    const tomorrow = new Date(Date.now() + 2 * 86400000).toISOString().slice(0, 10);
    const cases = [
      [good({ attended_on: tomorrow }), 'attended_on'],
      [good({ attended_on: '2026-02-30' }), 'attended_on'],
      [good({ attended_on: '' }), 'attended_on'],
      [good({ hours: '0' }), 'hours'],
      [good({ hours: 0 }), 'hours'],
      [good({ hours: '-1' }), 'hours'],
      [good({ hours: -2 }), 'hours'],
      [good({ hours: '1.234' }), 'hours'],
      [good({ hours: '1,5' }), 'hours'],
      [good({ hours: '1001' }), 'hours'],
      [good({ hours: true }), 'hours'],
      [good({ hours: undefined }), 'hours'],
      [good({ minutes: 30 }), 'hours'],
      [good({ hours: undefined, minutes: -30 }), 'minutes'],
      [good({ hours: undefined, minutes: 0 }), 'minutes'],
      [good({ hours: undefined, minutes: 12.5 }), 'minutes'],
      [good({ kind: 'yoga' }), 'kind'],
      [good({ name: '' }), 'name'],
      [good({ name: 'x'.repeat(201) }), 'name'],
      [good({ provider: 'p'.repeat(201) }), 'provider'],
      [good({ user_id: other.user.id }), 'user_id'],
      [good({ note: 'x' }), 'note'],
    ];
    for (const [body, field] of cases) {
      const r = await manager.json('POST', `/api/v1/staff/${peer.user.id}/trainings`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await errorOf(r)).field, field, JSON.stringify(body));
    }
    const form = await peer.form(`/staff/${peer.user.id}/trainings`, { name: 'Typed <i>', kind: 'ethics', attended_on: today(), hours: '-3' });
    assert.equal(form.status, 400);
    const page = await form.text();
    assert.match(page, /value="Typed &lt;i&gt;"/);
    assert.match(page, /value="-3"/);
    assert.match(page, /href="#hours"/);
    assert.equal(count(s, 'SELECT COUNT(*) FROM trainings'), before);
  });

  test('the form records one; managers remove one (kept, marked removed)', async () => {
    const r = await other.form(`/staff/${other.user.id}/trainings`, { name: 'Ethics for peers', kind: 'ethics', attended_on: today(), minutes: '90', provider: 'State board' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/staff/${other.user.id}/trainings`);
    const page = await (await other.fetch(`/staff/${other.user.id}/trainings`)).text();
    assert.match(page, /Ethics for peers<\/strong> \(Ethics\)/);
    assert.match(page, /1\.5 hours, by State board/);
    assert.doesNotMatch(page, /\/remove/, 'only managers remove');
    const { items } = await list(other, other.user.id);
    const tid = items[0].id;
    assert.equal((await other.fetch(`/api/v1/staff/${other.user.id}/trainings/${tid}`, { method: 'DELETE' })).status, 403);
    assert.equal((await supervisor.fetch(`/api/v1/staff/${other.user.id}/trainings/${tid}`, { method: 'DELETE' })).status, 403);
    assert.equal((await other.form(`/staff/${other.user.id}/trainings/${tid}/remove`, {})).status, 403);
    // another staff member's id with this training: none there
    assert.equal((await manager.fetch(`/api/v1/staff/${peer.user.id}/trainings/${tid}`, { method: 'DELETE' })).status, 404);
    const managerPage = await (await manager.fetch(`/staff/${other.user.id}/trainings`)).text();
    assert.match(managerPage, new RegExp(`/staff/${other.user.id}/trainings/${tid}/remove`));
    assert.equal((await manager.fetch(`/api/v1/staff/${other.user.id}/trainings/${tid}`, { method: 'DELETE' })).status, 204);
    assert.equal((await manager.fetch(`/api/v1/staff/${other.user.id}/trainings/${tid}`, { method: 'DELETE' })).status, 404);
    const l = await list(other, other.user.id);
    assert.equal(l.items.length, 0);
    assert.equal(l.minutes_total, 0);
    assert.equal(count(s, `SELECT COUNT(*) FROM trainings WHERE id = ${tid} AND removed_at IS NOT NULL`), 1);
    assert.equal(count(s, `SELECT COUNT(*) FROM audit_log WHERE entity_type = 'training' AND action = 'delete' AND entity_id = '${tid}'`), 1);
    // the page's remove button
    const again = await other.form(`/staff/${other.user.id}/trainings`, { name: 'Again', kind: 'other', attended_on: today(), hours: '1' });
    assert.equal(again.status, 303);
    const tid2 = (await list(other, other.user.id)).items[0].id;
    assert.equal((await manager.form(`/staff/${other.user.id}/trainings/${tid2}/remove`, {})).status, 303);
    assert.equal((await list(other, other.user.id)).items.length, 0);
  });

  test('hours are rounded to the minute and written back with at most 2 decimals', async () => {
    const u = addUser(s, { role: 'peer_specialist' });
    for (const [hours, minutes, back] of [['0.01', 1, 0.02], ['2', 120, 2], ['1.1', 66, 1.1], ['0.33', 20, 0.33], [1000, 60000, 1000]]) {
      const r = await manager.json('POST', `/api/v1/staff/${u.id}/trainings`, good({ hours }));
      assert.equal(r.status, 201, String(hours));
      const { id } = await r.json();
      const x = (await list(manager, u.id)).items.find((t) => t.id === id);
      assert.equal(x.minutes, minutes, String(hours));
      assert.equal(x.hours, back, String(hours));
    }
  });
});
