// Every route × every role, generated from the route table itself
// (`waypoint routes`), so that a new route cannot ship unprotected: a role
// without the route's permission gets 403, nobody signed in gets 401 (or is
// sent to sign in, for pages), and a role with it gets past the check.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, addUser, runWaypoint, signIn, staff, startServer } from './helpers.mjs';

const table = JSON.parse(runWaypoint(['routes']).stdout);
const STAFF = ['peer_trainee', 'peer_specialist', 'supervisor', 'program_manager', 'admin'];
/** The API tokens, each kind as the admin page makes it: [who, its role in
 * the table, the form]; a persons scope names one team or one program. */
const TOKENS = [
  ['api_token_read', 'api_token_read', { access: 'read' }],
  ['api_token_read_write', 'api_token_read_write', { access: 'read_write' }],
  ['api_token_team_read', 'api_token_persons_read', { access: 'read', scope: 'team' }],
  ['api_token_program_read', 'api_token_persons_read', { access: 'read', scope: 'program' }],
  ['api_token_team_contacts', 'api_token_persons_contacts', { access: 'read_write', scope: 'team' }],
  ['api_token_program_contacts', 'api_token_persons_contacts', { access: 'read_write', scope: 'program' }],
];
const roleOf = Object.fromEntries(TOKENS.map(([who, role]) => [who, role]));

/** Ends the caller's session: re-sign-in afterwards. */
const endsSession = (r) => r.pattern === '/signout' || (r.pattern === '/api/v1/session' && r.method === 'DELETE');

describe(`route × role matrix (${BACKEND})`, () => {
  let s, target;
  const who = {};
  before(async () => {
    // /metrics is public only to the addresses named (operations.test.mjs)
    s = await startServer({ args: ['--metrics-from', '127.0.0.1'] });
    target = addUser(s, { role: 'peer_trainee' }); // {id} routes act on this account
    for (const role of STAFF) who[role] = await staff(s, role);
    // API tokens, made through the admin page as an administrator would
    const program = (await (await who.admin.json('POST', '/api/v1/programs',
      { name: 'Matrix', kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' })).json()).id;
    const team = (await (await who.admin.json('POST', '/api/v1/teams', { name: 'Matrix', program_id: program })).json()).id;
    for (const [name, , fields] of TOKENS) {
      const scope = fields.scope === 'team' ? { team_id: team } : fields.scope === 'program' ? { program_id: program } : {};
      const page = await (await who.admin.form('/api-tokens', { name: `matrix ${name}`, ...fields, ...scope })).text();
      const token = /id="new-token">([^<]+)</.exec(page)[1];
      who[name] = {
        user: null,
        fetch: (path, opts = {}) => fetch(s.url + path, { redirect: 'manual', ...opts,
          headers: { Authorization: `Bearer ${token}`, ...(opts.headers || {}) } }),
      };
    }
    who.anonymous = { fetch: (path, opts = {}) => fetch(s.url + path, { redirect: 'manual', ...opts }) };
  });
  after(async () => { await s.stop(); });

  test('the table is complete: every route names a permission', () => {
    assert.ok(table.routes.length > 20);
    for (const r of table.routes) assert.notEqual(r.permission, 'none', `${r.method} ${r.pattern}`);
    assert.deepEqual(table.roles.anonymous, ['public']);
  });

  test('every role of the table is in the matrix', () => {
    const covered = new Set(['anonymous', ...STAFF, ...Object.values(roleOf)]);
    for (const role of Object.keys(table.roles)) assert.ok(covered.has(role), role);
  });

  for (const roleName of ['anonymous', ...STAFF, ...TOKENS.map(([name]) => name)]) {
    test(`${roleName}: every route answers as the permission table says`, async () => {
      const grants = new Set(table.roles[roleOf[roleName] || roleName]);
      for (const r of table.routes) {
        // Public routes are the same for everyone (the unit tests check the
        // table); calling sign-in as every role would only feed the throttle.
        if (r.permission === 'public' && roleName !== 'anonymous') continue;
        const path = r.pattern.replace('/api-tokens/{id}', '/api-tokens/999999')
          .replace('{id}', String(target.id)).replace('{token}', 'x')
          .replace('{*}', 'waypoint.css')
          .replace('{uuid}', '00000000-0000-4000-8000-000000000000') // {uuid:uuid}: an HSDS id
          .replace(/\{[a-z]+\}/g, '1'); // record ids: a malformed one is a 404 before any check
        const api = path.startsWith('/api/');
        const body = ['POST', 'PATCH', 'PUT'].includes(r.method) ? (api ? '{}' : 'x=1') : undefined;
        const session = who[roleName];
        const csrf = session.csrf ? { 'X-CSRF-Token': session.csrf } : {};
        const res = await session.fetch(path, { method: r.method, body,
          headers: { ...csrf, ...(body ? { 'Content-Type': api ? 'application/json' : 'application/x-www-form-urlencoded' } : {}) } });
        const what = `${roleName} ${r.method} ${r.pattern} → ${res.status}`;
        if (r.permission === 'public') {
          assert.ok(res.status !== 403 && res.status < 500, what);
        } else if (grants.has(r.permission)) {
          assert.ok(![401, 403].includes(res.status), what);
          assert.ok(!(res.status === 303 && /^\/signin/.test(res.headers.get('location') || '')), what);
          assert.ok(res.status < 500, what);
        } else if (roleName === 'anonymous') {
          if (!api && r.method === 'GET') {
            assert.equal(res.status, 303, what);
            assert.match(res.headers.get('location'), /^\/signin\?next=/, what);
          } else {
            assert.equal(res.status, 401, what);
          }
        } else {
          assert.equal(res.status, 403, what);
        }
        if (session.user && endsSession(r)) who[roleName] = await signIn(s, session.user);
      }
    });
  }
});
