// Accounts, sign-in, sessions, CSRF, two-step sign-in, API tokens and the
// audit log — each with the ways it must refuse.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  BACKEND, GOOD_PASSWORD, PG, addUser, sqlDirect, cookieFrom, postForm, postJson, runWaypoint, signIn, staff,
  freshTotp, startServer, totp,
} from './helpers.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const one = (s, sql) => sqlDirect(s, sql).out.trim();

/** POST /api/v1/session from a chosen loopback address (throttling by address). */
function signInFrom(s, address, email, password) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ email, password });
    const req = http.request({ host: '127.0.0.1', port: s.port, path: '/api/v1/session', method: 'POST',
      localAddress: address, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
    (res) => { res.resume(); res.on('end', () => resolve({ status: res.statusCode, headers: res.headers })); });
    req.on('error', reject);
    req.end(body);
  });
}

describe(`sign-in and sessions (${BACKEND})`, () => {
  let s;
  before(async () => { s = await startServer(); });
  after(async () => { await s.stop(); });

  test('signing in sets a __Host- cookie that is HttpOnly, Secure, SameSite=Strict', async () => {
    const u = addUser(s);
    const r = await postJson(`${s.url}/api/v1/session`, { email: u.email.toUpperCase(), password: u.password });
    assert.equal(r.status, 200);
    const set = r.headers.get('set-cookie');
    assert.match(set, /^__Host-waypoint=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    const j = await r.json();
    assert.equal(j.user.email, u.email);
    assert.equal(j.user.role, 'peer_specialist');
    assert.ok(j.csrf_token.length >= 43);
    const me = await fetch(`${s.url}/api/v1/session`, { headers: { Cookie: cookieFrom(r) } });
    assert.equal((await me.json()).user.id, j.user.id);
  });

  test('a wrong password and an unknown user get the same answer, after the same work', async () => {
    const u = addUser(s);
    let t = Date.now();
    const wrong = await postJson(`${s.url}/api/v1/session`, { email: u.email, password: 'not the password at all' });
    const wrongMs = Date.now() - t;
    t = Date.now();
    const unknown = await postJson(`${s.url}/api/v1/session`, { email: 'nobody@example.org', password: 'whatever it is' });
    const unknownMs = Date.now() - t;
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(await wrong.json(), await unknown.json());
    // the unknown e-mail still pays for a password hash
    assert.ok(unknownMs > wrongMs / 4, `unknown ${unknownMs} ms vs wrong ${wrongMs} ms`);
  });

  test('missing or malformed sign-in fields are refused without a session', async () => {
    for (const body of [{}, { email: 'x' }, { email: 'a@b.org', password: 5 }, { email: 'a@b.org', password: 'x', extra: 1 }]) {
      const r = await postJson(`${s.url}/api/v1/session`, body);
      assert.ok([400, 401].includes(r.status), JSON.stringify(body));
      assert.equal(r.headers.get('set-cookie'), null);
    }
  });

  test('a sign-in body of the wrong shape is refused by field, with no session', async () => {
    const u = addUser(s);
    const cases = [[{ email: u.email, password: 5 }, 'password'], [{ email: [u.email], password: u.password }, 'email'],
      [{ email: u.email, password: u.password, totp: 123456 }, 'totp'], [{ email: u.email, password: u.password, remember: true }, 'remember']];
    for (const [body, field] of cases) {
      const r = await postJson(`${s.url}/api/v1/session`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body));
      assert.equal(r.headers.get('set-cookie'), null);
    }
    // and the account still signs in
    assert.equal((await postJson(`${s.url}/api/v1/session`, { email: u.email, password: u.password })).status, 200);
  });

  test('guessing is slowed per account and address, and the real user still gets in', async () => {
    const u = addUser(s);
    const attacker = '127.0.0.2';
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await signInFrom(s, attacker, u.email, `wrong guess ${i}`)).status);
    assert.deepEqual(statuses.slice(0, 6), [401, 401, 401, 401, 401, 401]);
    assert.equal(statuses[6], 429, `attacker throttled after 6 failures: ${statuses}`);
    const blocked = await signInFrom(s, attacker, u.email, u.password);
    assert.equal(blocked.status, 429, 'the attacking address waits even with the right password');
    assert.ok(Number(blocked.headers['retry-after']) >= 1);
    // the real user, from their own address, is not locked out
    const r = await signInFrom(s, '127.0.0.1', u.email, u.password);
    assert.equal(r.status, 200);
    // waiting out the block, the attacker's next wrong guess doubles it
    await sleep(Number(blocked.headers['retry-after']) * 1000 + 100);
    assert.equal((await signInFrom(s, attacker, u.email, 'wrong again')).status, 401);
    const longer = await signInFrom(s, attacker, u.email, 'and again');
    assert.equal(longer.status, 429);
    assert.ok(Number(longer.headers['retry-after']) >= 2);
  });

  test('signing out ends the session on the server; the old cookie is refused', async () => {
    const p = await staff(s);
    const out = await p.fetch('/api/v1/session', { method: 'DELETE' });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('clear-site-data'), /cookies/);
    assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
    assert.equal((await p.fetch('/api/v1/session')).status, 401);
    const page = await p.fetch('/programs');
    assert.equal(page.status, 303);
  });

  test('the sign-out button (page) works the same', async () => {
    const p = await staff(s);
    const r = await p.form('/signout', {});
    assert.equal(r.status, 303);
    assert.equal((await p.fetch('/api/v1/session')).status, 401);
  });

  test('state changes need the session CSRF token and the same origin', async () => {
    const a = await staff(s, 'admin');
    const body = JSON.stringify({ name: 'CSRF test', kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' });
    const post = (headers) => fetch(`${s.url}/api/v1/programs`, { method: 'POST', body,
      headers: { Cookie: a.cookie, 'Content-Type': 'application/json', ...headers } });
    let r = await post({});
    assert.equal(r.status, 403);
    assert.equal((await r.json()).error.code, 'csrf');
    r = await post({ 'X-CSRF-Token': 'forged'.padEnd(43, 'x') });
    assert.equal(r.status, 403);
    r = await post({ 'X-CSRF-Token': a.csrf, Origin: 'http://evil.example' });
    assert.equal(r.status, 403);
    assert.equal((await r.json()).error.code, 'cross_site');
    r = await post({ 'X-CSRF-Token': a.csrf, Origin: 'null' });
    assert.equal(r.status, 403, 'an opaque origin is not this site');
    r = await post({ 'X-CSRF-Token': a.csrf, 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(r.status, 403);
    r = await post({ 'X-CSRF-Token': a.csrf, Origin: s.url, 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(r.status, 201);
    const form = await fetch(`${s.url}/programs`, { method: 'POST', redirect: 'manual',
      headers: { Cookie: a.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=No+token&kind=community&time_zone=UTC&unit_rounding=any_part' });
    assert.equal(form.status, 403, 'a form without csrf_token is refused');
  });

  test('GET never changes anything: sign-out by GET is not a route', async () => {
    const p = await staff(s);
    assert.equal((await p.fetch('/signout')).status, 405);
    assert.equal((await p.fetch('/api/v1/session')).status, 200);
  });
});

// The server counts whole seconds, so a session of N seconds may end after
// N - 1 seconds and a bit of real time.  Each wait below is at least a
// second away from the limit, either side: with less, a request that came
// late in a second failed these tests now and then (CI, once).
describe(`session timeouts (${BACKEND})`, () => {
  test('an idle session ends; the page says why', async () => {
    const s = await startServer({ args: ['--session-idle', '3'] });
    try {
      const p = await staff(s);
      assert.equal((await p.fetch('/api/v1/session')).status, 200);
      await sleep(1000);
      assert.equal((await p.fetch('/api/v1/session')).status, 200, 'activity keeps it alive');
      await sleep(4100);
      const page = await p.fetch('/programs');
      assert.match(page.headers.get('location'), /^\/signin\?expired=1/);
      const r = await p.fetch('/api/v1/session');
      assert.equal(r.status, 401, 'and the session is gone');
      const q = await staff(s);
      await sleep(4100);
      const api = await q.fetch('/api/v1/session');
      assert.equal(api.status, 401);
      assert.match((await api.json()).error.message, /without activity/);
    } finally { await s.stop(); }
  });

  test('any session ends after the absolute limit, however busy', async () => {
    const s = await startServer({ args: ['--session-max', '4'] });
    try {
      const p = await staff(s);
      for (let i = 0; i < 3; i++) {
        assert.equal((await p.fetch('/api/v1/session')).status, 200);
        await sleep(900);
      }
      await sleep(2400);
      assert.equal((await p.fetch('/api/v1/session')).status, 401);
    } finally { await s.stop(); }
  });

  test('"stay signed in" keeps an idle session alive', async () => {
    // 2 s + 2 s without the button would be past 4 s
    const s = await startServer({ args: ['--session-idle', '4'] });
    try {
      const p = await staff(s);
      await sleep(2000);
      assert.equal((await p.fetch('/api/v1/session/extend', { method: 'POST' })).status, 204);
      await sleep(2000);
      assert.equal((await p.fetch('/api/v1/session')).status, 200);
    } finally { await s.stop(); }
  });
});

describe(`staff administration (${BACKEND})`, () => {
  let s, admin;
  before(async () => { s = await startServer(); admin = await staff(s, 'admin'); });
  after(async () => { await s.stop(); });

  test('an admin invites someone; the one-time link sets their password once', async () => {
    const r = await admin.json('POST', '/api/v1/users', { email: 'New.Peer@Example.org', name: 'Nia Newcomer', role: 'peer_specialist' });
    assert.equal(r.status, 201);
    const j = await r.json();
    assert.equal(j.user.email, 'new.peer@example.org');
    assert.equal(j.user.has_password, false);
    const link = j.invite_path;
    assert.match(link, /^\/invite\/[A-Za-z0-9_-]{43}$/);
    assert.equal((await fetch(s.url + link)).status, 200);
    const weak = await fetch(s.url + link, { method: 'POST', body: 'new_password=password',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(weak.status, 400);
    assert.match(await weak.text(), /too (easy|simple)|at least 8/);
    const named = await fetch(s.url + link, { method: 'POST', body: 'new_password=newcomer+forever+1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(named.status, 400, 'the person\'s own name is refused');
    const ok = await fetch(s.url + link, { method: 'POST', redirect: 'manual',
      body: `new_password=${encodeURIComponent(GOOD_PASSWORD)}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(ok.status, 303);
    assert.equal((await fetch(s.url + link)).status, 404, 'the link works once');
    const me = await signIn(s, { email: 'new.peer@example.org', password: GOOD_PASSWORD, role: 'peer_specialist' });
    assert.equal((await me.fetch('/api/v1/session')).status, 200);
  });

  test('bad invitations are refused by field; a taken e-mail is 409', async () => {
    const cases = [[{ email: 'not-an-email', name: 'X', role: 'peer_specialist' }, 'email'],
      [{ email: 'a@example.org', name: '', role: 'peer_specialist' }, 'name'],
      [{ email: 'a@example.org', name: 'A', role: 'superuser' }, 'role'],
      [{ email: 'a@example.org', name: 'A', role: 'peer_specialist', admin: true }, 'admin']];
    for (const [body, field] of cases) {
      const r = await admin.json('POST', '/api/v1/users', body);
      assert.equal(r.status, 400);
      assert.equal((await r.json()).error.field, field);
    }
    const u = addUser(s);
    const dup = await admin.json('POST', '/api/v1/users', { email: u.email, name: 'Dup', role: 'supervisor' });
    assert.equal(dup.status, 409);
  });

  test('disabling a user ends their sessions at once; enabling lets them back', async () => {
    const p = await staff(s);
    const id = p.user.id;
    let r = await admin.json('PATCH', `/api/v1/users/${id}`, { disabled: true });
    assert.equal(r.status, 200);
    assert.equal((await r.json()).user.disabled, true);
    assert.equal((await p.fetch('/api/v1/session')).status, 401);
    const again = await postJson(`${s.url}/api/v1/session`, { email: p.user.email, password: p.user.password });
    assert.equal(again.status, 401);
    r = await admin.json('PATCH', `/api/v1/users/${id}`, { disabled: false });
    assert.equal(r.status, 200);
    assert.equal((await signIn(s, p.user).then((x) => x.fetch('/api/v1/session'))).status, 200);
  });

  test('changing a role changes what they may do, at once', async () => {
    const p = await staff(s);
    assert.equal((await p.fetch('/api/v1/users')).status, 403);
    const r = await admin.json('PATCH', `/api/v1/users/${p.user.id}`, { role: 'supervisor' });
    assert.equal((await r.json()).user.role, 'supervisor');
    assert.equal((await (await p.fetch('/api/v1/session')).json()).user.role, 'supervisor');
    const bad = await admin.json('PATCH', `/api/v1/users/${p.user.id}`, { role: 'owner' });
    assert.equal(bad.status, 400);
  });

  async function countUsers() {
    let n = 0, cursor = '';
    for (;;) {
      const j = await (await admin.fetch(`/api/v1/users?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).json();
      n += j.items.length;
      if (!j.next_cursor) return n;
      cursor = j.next_cursor;
    }
  }

  test('an invitation that breaks a rule names the field and saves nothing', async () => {
    const before = await countUsers();
    const ok = { email: 'rules@example.org', name: 'Rule Tester', role: 'peer_specialist' };
    const cases = [
      [{ ...ok, email: undefined }, 'email', /^E-mail address is required/],
      [{ ...ok, name: undefined }, 'name', /^Full name is required/],
      [{ ...ok, role: null }, 'role', /^Role is required/],
      [{ ...ok, name: 'x'.repeat(121) }, 'name', /^Full name must be at most 120 characters/],
      [{ ...ok, name: 'two\nlines' }, 'name', /^Full name must be on one line/],
      [{ ...ok, email: 'rules@localhost' }, 'email', /^E-mail address must be an address/],
      [{ ...ok, email: `${'x'.repeat(250)}@example.org` }, 'email', /E-mail address/],
      [{ ...ok, name: 5 }, 'name', /must be a string/],
      [{ ...ok, role: ['admin'] }, 'role', /must be a string/],
      [{ ...ok, role: 'Admin' }, 'role', /^Role must be peer_trainee, peer_specialist, supervisor, program_manager or admin/],
      [{ ...ok, disabled: true }, 'disabled', /not a field/],
      [{ ...ok, id: 7 }, 'id', /not a field/],
    ];
    for (const [body, field, message] of cases) {
      const r = await admin.json('POST', '/api/v1/users', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      const { error } = await r.json();
      assert.equal(error.field, field, JSON.stringify(body));
      assert.match(error.message, message, JSON.stringify(body));
    }
    assert.equal(await countUsers(), before);
  });

  test('the invitation form refuses by field with the form\'s labels, saving nothing', async () => {
    const before = await countUsers();
    const ok = { email: 'form.rules@example.org', name: 'Form Rules', role: 'supervisor' };
    for (const [fields, message] of [[{ ...ok, name: '' }, /Full name is required/], [{ ...ok, email: 'nobody' }, /E-mail address must be an address/],
      [{ ...ok, role: 'owner' }, /Role must be/], [{ ...ok, name: 'n'.repeat(121) }, /Full name must be at most 120/]]) {
      const r = await admin.form('/users', fields);
      assert.equal(r.status, 400, JSON.stringify(fields));
      assert.match(await r.text(), message);
    }
    assert.equal(await countUsers(), before);
    const r = await admin.form('/users', ok);
    assert.equal(r.status, 201);
    assert.equal(await countUsers(), before + 1);
  });

  test('a change that breaks a rule names the field and changes nothing', async () => {
    const p = await staff(s);
    const path = `/api/v1/users/${p.user.id}`;
    for (const [body, field] of [[{ role: '' }, 'role'], [{ role: 'owner' }, 'role'], [{ role: 3 }, 'role'],
      [{ disabled: 'yes' }, 'disabled'], [{ disabled: 1 }, 'disabled'], [{ name: 'New Name' }, 'name'], [{ email: 'x@example.org' }, 'email']]) {
      const r = await admin.json('PATCH', path, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal((await r.json()).error.field, field, JSON.stringify(body));
    }
    for (const fields of [{ action: 'role', role: 'owner' }, { action: 'role' }, { action: 'promote' }, {}]) {
      assert.equal((await admin.form(`/users/${p.user.id}`, fields)).status, 400, JSON.stringify(fields));
    }
    const { user } = await (await admin.fetch(path)).json();
    assert.equal(user.role, 'peer_specialist');
    assert.equal(user.disabled, false);
    assert.equal(user.name, p.user.name);
    // null leaves a member as it is
    const same = await admin.json('PATCH', path, { role: null, disabled: null });
    assert.equal(same.status, 200);
    assert.deepEqual((await same.json()).user, user);
  });

  test('the account answer keeps its members and their order', async () => {
    const p = await staff(s);
    const { user } = await (await admin.fetch(`/api/v1/users/${p.user.id}`)).json();
    assert.deepEqual(Object.keys(user), ['id', 'email', 'name', 'role', 'disabled', 'has_password', 'two_step', 'created_at']);
    assert.equal(typeof user.id, 'number');
    assert.equal(user.has_password, true);
    assert.equal(user.two_step, false);
    const me = await (await p.fetch('/api/v1/session')).json();
    assert.deepEqual(Object.keys(me), ['user', 'csrf_token']);
    assert.deepEqual(Object.keys(me.user), ['id', 'email', 'name', 'role']);
  });

  test('a password form with a field left out names it and changes nothing', async () => {
    const p = await staff(s);
    let c = await p.form('/account/password', { new_password: 'violet canyon river 7' });
    assert.equal(c.status, 400);
    assert.match(await c.text(), /Current password is required/);
    c = await p.form('/account/password', { current_password: p.user.password });
    assert.equal(c.status, 400);
    assert.match(await c.text(), /New password is required/);
    assert.equal((await postJson(`${s.url}/api/v1/session`, { email: p.user.email, password: p.user.password })).status, 200);
    const link = (await (await admin.json('POST', `/api/v1/users/${p.user.id}/invite`, {})).json()).invite_path;
    const none = await fetch(s.url + link, { method: 'POST', body: 'new_password=',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(none.status, 400);
    assert.match(await none.text(), /New password is required/);
    assert.equal((await fetch(s.url + link)).status, 200, 'the link still works');
  });

  test('a password keeps its spaces, on the page and at sign-in', async () => {
    const p = await staff(s);
    const spaced = '  amber meadow lantern 4 ';
    const c = await p.form('/account/password', { current_password: p.user.password, new_password: spaced });
    assert.equal(c.status, 200);
    const page = await postForm(`${s.url}/signin`, { email: p.user.email, password: spaced });
    assert.equal(page.status, 303);
    assert.equal((await postForm(`${s.url}/signin`, { email: p.user.email, password: spaced.trim() })).status, 401);
  });

  test('the last administrator cannot be demoted or disabled', async () => {
    const lone = await startServer();
    try {
      const a = await staff(lone, 'admin');
      const r = await a.json('PATCH', `/api/v1/users/${a.user.id}`, { role: 'peer_specialist' });
      assert.equal(r.status, 409);
      const d = await a.json('PATCH', `/api/v1/users/${a.user.id}`, { disabled: true });
      assert.equal(d.status, 409);
    } finally { await lone.stop(); }
  });

  test('an admin can sign someone out everywhere', async () => {
    const p = await staff(s);
    assert.equal((await admin.fetch(`/api/v1/users/${p.user.id}/sessions`, { method: 'DELETE' })).status, 204);
    assert.equal((await p.fetch('/api/v1/session')).status, 401);
  });

  test('a reset link replaces the password; the user changes their own', async () => {
    const p = await staff(s);
    const r = await admin.json('POST', `/api/v1/users/${p.user.id}/invite`, {});
    const link = (await r.json()).invite_path;
    const set = await fetch(s.url + link, { method: 'POST', redirect: 'manual',
      body: 'new_password=orange+kettle+harbor+9', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(set.status, 303);
    const me = await signIn(s, { ...p.user, password: 'orange kettle harbor 9' });
    let c = await me.form('/account/password', { current_password: 'wrong', new_password: 'violet canyon river 7' });
    assert.equal(c.status, 400);
    assert.match(await c.text(), /not your current password/);
    c = await me.form('/account/password', { current_password: 'orange kettle harbor 9', new_password: 'short' });
    assert.equal(c.status, 400);
    c = await me.form('/account/password', { current_password: 'orange kettle harbor 9', new_password: 'violet canyon river 7' });
    assert.equal(c.status, 200);
    const old = await postJson(`${s.url}/api/v1/session`, { email: p.user.email, password: 'orange kettle harbor 9' });
    assert.equal(old.status, 401);
  });

  test('changing a password ends the other sessions; the one it was changed in stays', async () => {
    const here = await staff(s);
    const there = await signIn(s, here.user); // another browser
    const api = await postJson(`${s.url}/api/v1/session`, { email: here.user.email, password: here.user.password });
    const third = cookieFrom(api);
    const wrong = await here.form('/account/password', { current_password: 'not it', new_password: 'violet canyon river 7' });
    assert.equal(wrong.status, 400, 'a refused change ends nothing');
    assert.equal((await there.fetch('/api/v1/session')).status, 200);
    const c = await here.form('/account/password', { current_password: here.user.password, new_password: 'violet canyon river 7' });
    assert.equal(c.status, 200);
    assert.equal((await here.fetch('/api/v1/session')).status, 200, 'the session it was changed in stays');
    assert.equal((await here.fetch('/account/password')).status, 200);
    assert.equal((await there.fetch('/api/v1/session')).status, 401, 'another browser is signed out');
    assert.equal((await fetch(`${s.url}/api/v1/session`, { headers: { Cookie: third } })).status, 401);
    const again = await signIn(s, { ...here.user, password: 'violet canyon river 7' });
    assert.equal((await again.fetch('/api/v1/session')).status, 200, 'the new password signs in');
  });

  test('a reset link, once used, ends every session of the account', async () => {
    const p = await staff(s);
    const link = (await (await admin.json('POST', `/api/v1/users/${p.user.id}/invite`, {})).json()).invite_path;
    assert.equal((await p.fetch('/api/v1/session')).status, 200, 'issuing the link ends nothing');
    const set = await fetch(s.url + link, { method: 'POST', redirect: 'manual',
      body: 'new_password=orange+kettle+harbor+9', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(set.status, 303);
    assert.equal((await p.fetch('/api/v1/session')).status, 401);
  });
});

describe(`two-step sign-in (${BACKEND})`, () => {
  let s;
  before(async () => { s = await startServer(); });
  after(async () => { await s.stop(); });

  test('admins must set it up; until then the session can do nothing else', async () => {
    const u = addUser(s, { role: 'admin' });
    const api = await postJson(`${s.url}/api/v1/session`, { email: u.email, password: u.password });
    assert.equal(api.status, 403);
    assert.equal((await api.json()).error.code, 'two_step_enrol_required');
    const page = await fetch(`${s.url}/signin`, { method: 'POST', redirect: 'manual',
      body: new URLSearchParams({ email: u.email, password: u.password }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.match(page.headers.get('location'), /^\/account\/two-step/);
    const pending = cookieFrom(page);
    assert.equal((await fetch(`${s.url}/api/v1/users`, { headers: { Cookie: pending } })).status, 401);
    const set = await fetch(`${s.url}/account/two-step`, { headers: { Cookie: pending } });
    assert.match(await set.text(), /<svg[^>]+aria-label="QR code/);
  });

  test('a program can require it of everyone on its teams', async () => {
    const a = await staff(s, 'admin');
    const strict = await (await a.json('POST', '/api/v1/programs', { name: 'Strict program', kind: 'inpatient',
      time_zone: 'UTC', unit_rounding: 'any_part', require_two_step: true })).json();
    assert.equal(strict.require_two_step, true);
    const bad = await a.json('POST', '/api/v1/programs', { name: 'Bad flag', kind: 'inpatient',
      time_zone: 'UTC', unit_rounding: 'any_part', require_two_step: 'yes' });
    assert.equal((await bad.json()).error.field, 'require_two_step');
    const team = (await (await a.json('POST', '/api/v1/teams', { name: 'Ward 3', program_id: strict.id })).json()).id;
    const onTeam = addUser(s), elsewhere = addUser(s);
    await a.json('POST', `/api/v1/teams/${team}/members`, { email: onTeam.email });
    const r1 = await postJson(`${s.url}/api/v1/session`, { email: onTeam.email, password: onTeam.password });
    assert.equal(r1.status, 403);
    assert.equal((await r1.json()).error.code, 'two_step_enrol_required');
    const r2 = await postJson(`${s.url}/api/v1/session`, { email: elsewhere.email, password: elsewhere.password });
    assert.equal(r2.status, 200);
  });

  test('a code is needed after the password: wrong codes refused, recovery codes work once', async () => {
    const a = await staff(s, 'admin'); // sets it up
    const u = a.user;
    assert.equal(u.recoveryCodes.length, 10);
    let r = await postJson(`${s.url}/api/v1/session`, { email: u.email, password: u.password });
    assert.equal(r.status, 401);
    assert.equal((await r.json()).error.field, 'totp');
    r = await postJson(`${s.url}/api/v1/session`, { email: u.email, password: u.password, totp: '000000' === totp(u.totpSecret) ? '111111' : '000000' });
    assert.equal(r.status, 401);
    r = await postJson(`${s.url}/api/v1/session`, { email: u.email, password: u.password, totp: await freshTotp(u) });
    assert.equal(r.status, 200);
    r = await postJson(`${s.url}/api/v1/session`, { email: u.email, password: u.password, totp: u.recoveryCodes[0] });
    assert.equal(r.status, 200);
    r = await postJson(`${s.url}/api/v1/session`, { email: u.email, password: u.password, totp: u.recoveryCodes[0] });
    assert.equal(r.status, 401, 'a recovery code works once');
  });

  test('the page sign-in asks for the code, and a new token is issued after it', async () => {
    const a = await staff(s, 'admin');
    const u = a.user;
    const first = await fetch(`${s.url}/signin`, { method: 'POST', redirect: 'manual',
      body: new URLSearchParams({ email: u.email, password: u.password }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.match(first.headers.get('location'), /^\/signin\/code/);
    const pending = cookieFrom(first);
    const form = await (await fetch(`${s.url}/signin/code`, { headers: { Cookie: pending } })).text();
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(form)[1];
    const done = await fetch(`${s.url}/signin/code`, { method: 'POST', redirect: 'manual',
      headers: { Cookie: pending, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf_token: csrf, code: await freshTotp(u) }).toString() });
    assert.equal(done.status, 303);
    const active = cookieFrom(done);
    assert.notEqual(active, pending);
    assert.equal((await fetch(`${s.url}/api/v1/users`, { headers: { Cookie: active } })).status, 200);
    assert.equal((await fetch(`${s.url}/api/v1/session`, { headers: { Cookie: pending } })).status, 401);
  });
});

describe(`API tokens (${BACKEND})`, () => {
  test('read-only and read-write tokens; revoked tokens stop working', async () => {
    const s = await startServer();
    try {
      const a = await staff(s, 'admin');
      const make = async (access) => /id="new-token">([^<]+)</.exec(await (await a.form('/api-tokens', { name: `t ${access}`, access })).text())[1];
      const read = await make('read'), write = await make('read_write');
      const call = (token, method = 'GET', body) => fetch(`${s.url}/api/v1/programs`, { method, body,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
      const program = JSON.stringify({ name: 'Via token', kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' });
      assert.equal((await call(read)).status, 200);
      assert.equal((await call(read, 'POST', program)).status, 403);
      assert.equal((await call(write, 'POST', program)).status, 201);
      assert.equal((await fetch(`${s.url}/api/v1/users`, { headers: { Authorization: `Bearer ${write}` } })).status, 403);
      assert.equal((await call('not-a-real-token')).status, 401);
      const page = await (await a.fetch('/api-tokens')).text();
      const id = /action="\/api-tokens\/(\d+)\/revoke"/.exec(page)[1];
      assert.equal((await a.form(`/api-tokens/${id}/revoke`, {})).status, 303);
      assert.equal([401].includes((await call(write)).status) || (await call(read)).status, true);
      const stillRead = (await call(read)).status, nowWrite = (await call(write)).status;
      assert.ok([stillRead, nowWrite].includes(401), 'the revoked token is refused');
      assert.ok([stillRead, nowWrite].includes(200), 'the other token still works');
    } finally { await s.stop(); }
  });
});

describe(`API tokens refused (${BACKEND})`, () => {
  test('a token form that breaks a rule names the field and creates nothing', async () => {
    const s = await startServer();
    try {
      const a = await staff(s, 'admin');
      const rows = async () => ((await (await a.fetch('/api-tokens')).text()).match(/data-label="Name"/g) || []).length;
      const before = await rows();
      for (const [fields, message] of [[{ name: '', access: 'read' }, /Say what the token is for/],
        [{ name: '   ', access: 'read' }, /Say what the token is for/],
        [{ name: 't'.repeat(121), access: 'read' }, /Say what the token is for \(at most 120 characters\)/],
        [{ name: 'two\nlines', access: 'read' }, /Say what the token is for/],
        [{ name: 'Reports', access: 'admin' }, /Access must be read or read_write/],
        [{ name: 'Reports' }, /Access is required/]]) {
        const r = await a.form('/api-tokens', fields);
        assert.equal(r.status, 400, JSON.stringify(fields));
        const text = await r.text();
        assert.match(text, message, JSON.stringify(fields));
        assert.doesNotMatch(text, /id="new-token"/);
      }
      assert.equal(await rows(), before);
      const ok = await a.form('/api-tokens', { name: '  Reports  ', access: 'read' });
      assert.equal(ok.status, 200);
      assert.match(await (await a.fetch('/api-tokens')).text(), /data-label="Name">Reports</);
    } finally { await s.stop(); }
  });
});

describe(`audit log (${BACKEND})`, () => {
  test('sign-ins, failures and user changes are recorded; viewer, filters and CSV', async () => {
    const s = await startServer();
    try {
      const a = await staff(s, 'admin');
      const p = addUser(s);
      await postJson(`${s.url}/api/v1/session`, { email: p.email, password: 'wrong password here' });
      await a.json('PATCH', `/api/v1/users/${p.id}`, { role: 'supervisor' });
      const prog = await (await a.json('POST', '/api/v1/programs', { name: 'Audited program', kind: 'community',
        time_zone: 'UTC', unit_rounding: 'any_part' })).json();
      const j = await (await a.fetch('/api/v1/audit?limit=200')).json();
      const has = (pred, what) => assert.ok(j.items.some(pred), what);
      has((e) => e.action === 'signin' && e.outcome === 'success' && e.user_id === a.user.id, 'sign-in success');
      has((e) => e.action === 'signin' && e.outcome === 'failure' && e.user_id === p.id, 'sign-in failure');
      has((e) => e.action === 'update' && e.entity_type === 'user' && e.entity_id === String(p.id) && e.detail === 'role=supervisor', 'role change');
      has((e) => e.action === 'create' && e.entity_type === 'user', 'user created');
      has((e) => e.action === 'create' && e.entity_type === 'program' && e.entity_id === String(prog.id), 'a setting changed');
      assert.ok(j.items.every((e) => e.client && e.at.endsWith('Z')));
      assert.ok(!JSON.stringify(j).includes('wrong password here'), 'never the password');
      const only = await (await a.fetch('/api/v1/audit?action=signin')).json();
      assert.ok(only.items.length > 0 && only.items.every((e) => e.action === 'signin'));
      assert.equal((await a.fetch('/api/v1/audit?action=hack')).status, 400);
      assert.equal((await a.fetch('/api/v1/audit?from=yesterday')).status, 400);
      const page = await a.fetch('/audit?action=signin');
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<caption>Entries, newest first<\/caption>/);
      const csv = await a.fetch('/audit.csv?action=update');
      assert.match(csv.headers.get('content-type'), /text\/csv/);
      const text = await csv.text();
      assert.match(text.split('\r\n')[0], /^id,at,user_id,role,action/);
      assert.match(text, /"role=supervisor"/);
      const after = await (await a.fetch('/api/v1/audit?action=export')).json();
      assert.equal(after.items[0].entity_type, 'audit_log', 'the export itself is audited');
      const peer = await staff(s);
      assert.equal((await peer.fetch('/audit')).status, 403);
    } finally { await s.stop(); }
  });

  test('the database refuses to change the log; audit verify finds tampering', async () => {
    const s = await startServer();
    try {
      await staff(s, 'admin');
      addUser(s);
      await s.stop();
      let v = runWaypoint(['audit', 'verify', '--db', s.db]);
      assert.equal(v.status, 0, v.stderr);
      assert.match(v.stdout, /chain intact/);
      const upd = sqlDirect(s, "UPDATE audit_log SET detail = 'x' WHERE id = 2");
      assert.notEqual(upd.status, 0);
      assert.match(upd.err, /append-only/);
      assert.notEqual(sqlDirect(s, 'DELETE FROM audit_log WHERE id = 3').status, 0);
      // Someone with the database file itself switches the guard off:
      const off = PG ? 'ALTER TABLE audit_log DISABLE TRIGGER USER;' : 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;';
      assert.equal(sqlDirect(s, off).status, 0);
      assert.equal(sqlDirect(s, "UPDATE audit_log SET detail = 'nothing happened' WHERE id = 2").status, 0);
      v = runWaypoint(['audit', 'verify', '--db', s.db]);
      assert.equal(v.status, 1);
      assert.match(v.stderr, /entry 2 was altered/);
      assert.equal(sqlDirect(s, 'DELETE FROM audit_log WHERE id = 2').status, 0);
      v = runWaypoint(['audit', 'verify', '--db', s.db]);
      assert.equal(v.status, 1);
      assert.match(v.stderr, /entry 2 is missing/);
      const count = Number(sqlDirect(s, 'SELECT MAX(id) FROM audit_log').out.trim());
      assert.equal(sqlDirect(s, `DELETE FROM audit_log WHERE id = ${count}`).status, 0);
      assert.equal(sqlDirect(s, `INSERT INTO audit_log SELECT 2, at, user_id, role, action, entity_type, entity_id, person_id, client, outcome, detail, prev_hash, hash FROM audit_log WHERE id = 1`).status, 0);
      v = runWaypoint(['audit', 'verify', '--db', s.db]);
      assert.equal(v.status, 1);
      assert.match(v.stderr, /entry 2 (does not follow|was altered|seals the log with key 1, not newer than key 1)/);
    } finally { await s.stop(); }
  });
});

describe(`sign-in load (${BACKEND})`, () => {
  test('50 sign-ins at once all succeed without exhausting memory', async () => {
    const s = await startServer();
    try {
      const users = Array.from({ length: 5 }, () => addUser(s));
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
        postJson(`${s.url}/api/v1/session`, { email: users[i % 5].email, password: users[i % 5].password })));
      assert.deepEqual([...new Set(results.map((r) => r.status))], [200]);
      const rss = Number(/VmRSS:\s+(\d+)/.exec(spawnSync('cat', [`/proc/${s.proc.pid}/status`], { encoding: 'utf8' }).stdout)[1]);
      assert.ok(rss < 4 * 200 * 1024, `server RSS ${rss} kB stays bounded`);
    } finally { await s.stop(); }
  });
});

describe(`sign-in attempts at once (${BACKEND})`, () => {
  // The server's clock stands still (WAYPOINT_TEST_NOW), so a block set
  // during a burst lasts the whole burst however slow the machine is.
  const frozen = { WAYPOINT_TEST_NOW: '2026-12-05T12:00:00Z' };
  const args = ['--threads', '8']; // enough at once for a race to show
  const burst = (servers, email, n, password = 'a wrong guess') => Promise.all(Array.from({ length: n }, (_, i) =>
    postJson(`${servers[i % servers.length].url}/api/v1/session`, { email, password: `${password} ${i}` })
      .then(async (r) => ({ status: r.status, body: await r.json() }))));
  const tally = (answers) => answers.reduce((t, a) => ({ ...t, [a.status]: (t[a.status] || 0) + 1 }), {});

  test('fifty wrong passwords at once: six are checked, the rest refused unchecked', async () => {
    const s = await startServer({ env: frozen, args });
    try {
      const u = addUser(s);
      const answers = await burst([s], u.email, 50);
      assert.deepEqual(tally(answers), { 401: 6, 429: 44 }, 'as many checked as one at a time');
      const refused = answers.find((a) => a.status === 429);
      assert.equal(refused.body.error.code, 'throttled');
      const right = await postJson(`${s.url}/api/v1/session`, { email: u.email, password: u.password });
      assert.equal(right.status, 429, 'the right password waits out the block too');
      assert.equal(right.headers.get('set-cookie'), null);
      assert.ok(Number(right.headers.get('retry-after')) >= 1);
      // the refused attempts were not counted: the block is the first one (2 s)
      assert.equal(one(s, "SELECT failures FROM signin_throttle WHERE throttle_key LIKE 'pair:%'"), '6');
    } finally { await s.stop(); }
  });

  test('unknown accounts at once are counted the same', async () => {
    const s = await startServer({ env: frozen, args });
    try {
      assert.deepEqual(tally(await burst([s], 'nobody.here@example.org', 30)), { 401: 6, 429: 24 });
    } finally { await s.stop(); }
  });

  test('two servers on one database share the count', async () => {
    const a = await startServer({ env: frozen, args });
    const b = await startServer({ db: a.db, init: false, env: frozen, args });
    try {
      const u = addUser(a);
      const answers = await burst([a, b], u.email, 40);
      assert.deepEqual(tally(answers), { 401: 6, 429: 34 });
      assert.equal((await postJson(`${b.url}/api/v1/session`, { email: u.email, password: u.password })).status, 429);
      assert.equal((await postJson(`${a.url}/api/v1/session`, { email: u.email, password: u.password })).status, 429);
    } finally { await b.stop(); await a.stop(); }
  });

  test('a sign-in after failures still clears them, and right passwords at once get in', async () => {
    const s = await startServer({ env: frozen, args });
    try {
      const u = addUser(s);
      assert.deepEqual(tally(await burst([s], u.email, 4)), { 401: 4 });
      assert.equal((await postJson(`${s.url}/api/v1/session`, { email: u.email, password: u.password })).status, 200);
      assert.equal(one(s, "SELECT COUNT(*) FROM signin_throttle WHERE throttle_key NOT LIKE 'addr:%'"), '0');
      assert.equal(one(s, "SELECT failures FROM signin_throttle WHERE throttle_key LIKE 'addr:%'"), '4',
        'the address keeps its failures, not the success');
      // attempts in flight count until they succeed: as many as are free
      const rights = await Promise.all(Array.from({ length: 5 }, () =>
        postJson(`${s.url}/api/v1/session`, { email: u.email, password: u.password })));
      assert.deepEqual(rights.map((r) => r.status), Array(5).fill(200));
      assert.equal(one(s, "SELECT COUNT(*) FROM signin_throttle WHERE blocked_until > 0"), '0', 'no block left behind');
    } finally { await s.stop(); }
  });
});

describe(`a two-step code is used once (${BACKEND})`, () => {
  let s;
  before(async () => { s = await startServer(); });
  after(async () => { await s.stop(); });
  const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const step = () => Math.floor(Date.now() / 30000);
  /** A user with two-step sign-in on and no code used yet. */
  const withTwoStep = () => {
    const u = addUser(s);
    assert.equal(sqlDirect(s, `UPDATE users SET totp_secret = '${SECRET}', totp_enabled = 1 WHERE id = ${u.id}`).status, 0);
    return { ...u, totpSecret: SECRET };
  };
  const signInWith = (u, code) => postJson(`${s.url}/api/v1/session`, { email: u.email, password: u.password, totp: code });

  test('the same code twice: the second is refused, with the answer a wrong code gets', async () => {
    const u = withTwoStep();
    const code = await freshTotp(u);
    assert.equal((await signInWith(u, code)).status, 200);
    const again = await signInWith(u, code);
    assert.equal(again.status, 401, 'a code signs in once');
    const wrongBody = await (await signInWith(u, code === '000000' ? '111111' : '000000')).json();
    assert.deepEqual(await again.json(), wrongBody);
    assert.equal((await signInWith(u, await freshTotp(u))).status, 200, 'a later code still works');
    assert.match(one(s, `SELECT detail FROM audit_log WHERE action = 'signin' AND entity_id = '${u.id}' AND outcome = 'failure' ORDER BY id LIMIT 1`),
      /already used/);
  });

  test('after a later step\'s code, an earlier step\'s is refused', async () => {
    const u = withTwoStep();
    const now = step();
    assert.equal((await signInWith(u, totp(SECRET, (now + 1) * 30))).status, 200, 'the next code (clock drift)');
    assert.equal((await signInWith(u, totp(SECRET, now * 30))).status, 401, 'this step\'s, never used, is now too old');
    assert.equal((await signInWith(u, totp(SECRET, (now - 1) * 30))).status, 401);
    assert.equal(Number(one(s, `SELECT totp_last_step FROM users WHERE id = ${u.id}`)), now + 1);
  });

  test('the same code sent at once signs in once', async () => {
    const u = withTwoStep();
    const code = await freshTotp(u);
    const answers = await Promise.all(Array.from({ length: 5 }, () => signInWith(u, code)));
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 401, 401, 401, 401]);
  });

  test('the code page refuses a code used already', async () => {
    const u = withTwoStep();
    const used = await freshTotp(u);
    assert.equal((await signInWith(u, used)).status, 200);
    const first = await fetch(`${s.url}/signin`, { method: 'POST', redirect: 'manual',
      body: new URLSearchParams({ email: u.email, password: u.password }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    const pending = cookieFrom(first);
    const form = await (await fetch(`${s.url}/signin/code`, { headers: { Cookie: pending } })).text();
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(form)[1];
    const post = (code) => fetch(`${s.url}/signin/code`, { method: 'POST', redirect: 'manual',
      headers: { Cookie: pending, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf_token: csrf, code }).toString() });
    const replay = await post(used);
    assert.notEqual(replay.status, 303, 'not signed in');
    const done = await post(await freshTotp(u));
    assert.equal(done.status, 303);
  });

  test('the code that turns two-step sign-in on is spent too', async () => {
    const a = await staff(s, 'admin'); // sets it up through the pages
    const enrolled = totp(a.user.totpSecret, a.user.totpStep * 30);
    const r = await signInWith(a.user, enrolled);
    assert.equal(r.status, 401, 'the set-up code does not sign in again');
    // setting up again (a new app) with a code of a step already used
    const page = await (await a.fetch('/account/two-step')).text();
    const key = /Or type this key: <code>([A-Z2-7]+)<\/code>/.exec(page)[1];
    const stale = await a.form('/account/two-step', { secret: key, code: totp(key, a.user.totpStep * 30), next: '/' });
    assert.equal(stale.status, 400);
    assert.match(await stale.text(), /used already/);
    const fresh = { totpSecret: key, totpStep: a.user.totpStep };
    const ok = await a.form('/account/two-step', { secret: key, code: await freshTotp(fresh), next: '/' });
    assert.equal(ok.status, 200);
  });
});
