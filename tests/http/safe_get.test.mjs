// A GET never changes anything (docs/security.md): opening notices leaves
// them unread until "Mark as read" (a POST) says so, and opening the
// two-step set-up page stores no secret until a code confirms it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, addUser, signIn, sqlDirect, staff, startServer, freshTotp, totp } from './helpers.mjs';

const snapshot = (s, table) => sqlDirect(s, `SELECT * FROM ${table} ORDER BY 1`).out;

describe(`GET changes nothing (${BACKEND})`, () => {
  let s, supervisor, other;
  before(async () => {
    s = await startServer();
    supervisor = await staff(s, 'supervisor');
    other = await staff(s, 'supervisor');
  });
  after(async () => { await s.stop(); });

  const leave = (who, message) => sqlDirect(s, `INSERT INTO notices (user_id, message, link, created_at)
    VALUES (${who.user.id}, '${message}', '/incidents/1', '2026-12-01T10:00:00Z')`);
  const unread = async (who) => (await (await who.fetch('/api/v1/notices')).json()).items.filter((n) => n.unread).map((n) => n.message);

  test('opening notices (page or API) marks nothing read', async () => {
    leave(supervisor, 'First');
    const before = snapshot(s, 'notices');
    assert.equal((await supervisor.fetch('/notices')).status, 200);
    assert.equal((await supervisor.fetch('/api/v1/notices')).status, 200);
    assert.equal(snapshot(s, 'notices'), before, 'the table is untouched by GETs');
    assert.deepEqual(await unread(supervisor), ['First']);
    assert.match(await (await supervisor.fetch('/notices')).text(), /Mark as read/);
  });

  test('"Mark as read" marks what the page showed, not what came after', async () => {
    const page = await (await supervisor.fetch('/notices')).text();
    const through = /name="through" value="(\d+)"/.exec(page)[1];
    leave(supervisor, 'Arrived later');
    const r = await supervisor.form('/notices/read', { through });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/notices');
    assert.deepEqual(await unread(supervisor), ['Arrived later']);
    assert.doesNotMatch(await (await other.fetch('/notices')).text(), /Arrived later/, 'notices are one\'s own');
  });

  test('the API marks read up to an id; others\' notices are untouched', async () => {
    leave(other, 'For the other one');
    const items = (await (await supervisor.fetch('/api/v1/notices')).json()).items;
    const r = await supervisor.json('POST', '/api/v1/notices/read', { through: items[0].id + 1000 });
    assert.equal(r.status, 204);
    assert.deepEqual(await unread(supervisor), []);
    assert.deepEqual(await unread(other), ['For the other one'], 'one user cannot mark another\'s');
    assert.doesNotMatch(await (await supervisor.fetch('/notices')).text(), /Mark as read/, 'nothing left to mark');
  });

  test('marking read: a missing or malformed id is refused, naming the field', async () => {
    for (const body of [{}, { through: 'all' }, { through: -1 }, { through: 1, extra: true }]) {
      const r = await other.json('POST', '/api/v1/notices/read', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match((await r.json()).error.field, /through|extra/);
    }
    const r = await other.form('/notices/read', { through: 'x' });
    assert.equal(r.status, 400);
    assert.deepEqual(await unread(other), ['For the other one'], 'nothing marked');
    const anonymous = await fetch(`${s.url}/api/v1/notices/read`, { method: 'POST', body: '{"through":1}',
      headers: { 'Content-Type': 'application/json' } });
    assert.equal(anonymous.status, 401);
  });
});

describe(`two-step set-up stores nothing until confirmed (${BACKEND})`, () => {
  let s;
  before(async () => { s = await startServer(); });
  after(async () => { await s.stop(); });

  const secretOf = (u) => sqlDirect(s, `SELECT coalesce(totp_secret, '-') || ' ' || totp_enabled FROM users WHERE id = ${u.id}`).out.trim();
  const keyOn = (page) => /Or type this key: <code>([A-Z2-7]+)<\/code>/.exec(page)[1];

  test('opening the page twice stores no secret; the code for the key shown turns it on', async () => {
    const u = addUser(s, { role: 'peer_specialist' });
    const peer = await signIn(s, u);
    const first = await (await peer.fetch('/account/two-step')).text();
    const second = await (await peer.fetch('/account/two-step')).text();
    assert.notEqual(keyOn(first), keyOn(second), 'a new key each time');
    assert.equal(secretOf(u), '- 0', 'nothing stored by opening the page');
    const wrong = await peer.form('/account/two-step', { secret: keyOn(first), code: totp(keyOn(second)) === totp(keyOn(first)) ? '000000' : totp(keyOn(second)), next: '/' });
    assert.equal(wrong.status, 400, 'a code from another key does not match');
    assert.match(await wrong.text(), new RegExp(keyOn(first)), 'the same key comes back with the error');
    assert.equal(secretOf(u), '- 0');
    const done = await peer.form('/account/two-step', { secret: keyOn(first), code: totp(keyOn(first)), next: '/' });
    assert.equal(done.status, 200);
    assert.equal(secretOf(u), `${keyOn(first)} 1`);
  });

  test('with two-step on, opening the page keeps the old secret working', async () => {
    const a = await staff(s, 'admin'); // set up through the pages
    const old = a.user.totpSecret;
    const page = await (await a.fetch('/account/two-step')).text();
    assert.notEqual(keyOn(page), old);
    assert.equal(secretOf(a.user), `${old} 1`);
    const r = await fetch(`${s.url}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: a.user.email, password: a.user.password, totp: await freshTotp(a.user) }) });
    assert.equal(r.status, 200, 'the old authenticator still signs in');
  });

  test('a missing or malformed key is refused and changes nothing', async () => {
    const u = addUser(s, { role: 'peer_specialist' });
    const peer = await signIn(s, u);
    for (const secret of [undefined, 'short', 'a'.repeat(32), 'A'.repeat(31) + '1', 'A'.repeat(33)]) {
      const fields = { code: '123456', next: '/' };
      if (secret !== undefined) fields.secret = secret;
      const r = await peer.form('/account/two-step', fields);
      assert.equal(r.status, 400, String(secret));
      assert.match(await r.text(), /set-up key is missing or malformed/);
    }
    assert.equal(secretOf(u), '- 0');
  });
});
