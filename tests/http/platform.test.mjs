// The platform over real HTTP: health, security headers, errors as pages and
// JSON, limits, malformed requests, static assets, command line, shutdown.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BACKEND, freshDatabase, postJson, rawRequest, runWaypoint, signIn, sqlDirect, staff, startServer, statusOf,
} from './helpers.mjs';

describe(`platform (${BACKEND})`, () => {
  let s, a;
  before(async () => {
    s = await startServer({ args: ['--max-body', '65536', '--disk-min-free', '0'] });
    a = await staff(s, 'admin');
  });
  after(async () => { await s.stop(); });

  test('GET /healthz answers ok without a session', async () => {
    const r = await fetch(`${s.url}/healthz`);
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.deepEqual({ ...body, disk_free_mib: 0 }, { status: 'ok', database: 'ok', problems: [], disk_free_mib: 0 });
  });

  test('every response carries the security headers', async () => {
    for (const path of ['/', '/programs', '/api/v1/programs', '/nope', '/assets/waypoint.css']) {
      const r = await fetch(s.url + path);
      const csp = r.headers.get('content-security-policy');
      assert.match(csp, /default-src 'self'/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.doesNotMatch(csp, /unsafe-inline/, path);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(r.headers.get('referrer-policy'), 'same-origin', path);
      assert.equal(r.headers.get('strict-transport-security'), null, 'no HSTS without TLS');
    }
  });

  test('pages and API answers are never cached', async () => {
    for (const path of ['/programs', '/api/v1/programs']) {
      const r = await fetch(s.url + path);
      assert.equal(r.headers.get('cache-control'), 'no-store');
    }
  });

  test('404 is a page in the layout, and JSON under /api/v1', async () => {
    const page = await fetch(`${s.url}/no/such/page`);
    assert.equal(page.status, 404);
    assert.match(page.headers.get('content-type'), /text\/html/);
    const html = await page.text();
    assert.match(html, /<main id="main-content"/);
    assert.match(html, /There is nothing at this address/);
    const api = await fetch(`${s.url}/api/v1/nothing`);
    assert.equal(api.status, 404);
    const j = await api.json();
    assert.equal(j.error.code, 'not_found');
    assert.ok(j.error.message);
  });

  test('405 names the methods allowed', async () => {
    const r = await fetch(`${s.url}/api/v1/programs`, { method: 'DELETE' });
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'GET, HEAD, POST');
    assert.equal((await r.json()).error.code, 'method_not_allowed');
    const page = await fetch(`${s.url}/programs`, { method: 'PUT' });
    assert.equal(page.status, 405);
    assert.match(await page.text(), /This address takes GET, HEAD, POST/);
  });

  test('a body over the limit is 413 by Content-Length; a chunked body is 411', async () => {
    const declared = await rawRequest(s.port, 'POST /api/v1/programs HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/json\r\nContent-Length: 70000\r\nConnection: close\r\n\r\n{"name":"');
    assert.equal(statusOf(declared), 413);
    assert.match(declared, /65536 bytes/);
    const chunk = 'a'.repeat(40000);
    const raw = await rawRequest(s.port,
      'POST /api/v1/programs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n' +
      `${(40000).toString(16)}\r\n${chunk}\r\n${(40000).toString(16)}\r\n${chunk}\r\n0\r\n\r\n`);
    // Refused on its headers, before any chunk is read (issue 22): only a
    // body whose length is declared is read.
    assert.equal(statusOf(raw), 411);
  });

  test('oversized headers are refused, and the server keeps serving', async () => {
    const raw = await rawRequest(s.port,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40000)}\r\nConnection: close\r\n\r\n`);
    const status = statusOf(raw);
    assert.ok(status === 431 || status === 413 || status === 400, `got ${status}`);
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
  });

  test('malformed request lines and targets get 4xx, never a crash', async () => {
    // A line with no request target at all is not HTTP: libmicrohttpd
    // closes the connection without an answer (0 here). Everything shaped
    // like a request gets a 4xx/5xx that names the problem.
    const cases = [
      ['GARBAGE\r\n\r\n', [0, 400]],
      ['GET\r\n\r\n', [0, 400]],
      ['GET / HTTP/1.1\r\nConnection: close\r\n\r\n', [400]],
      ['GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\nConnection: close\r\n\r\n', [400]],
      ['POST /api/v1/programs HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', [400]],
      ['BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', [405]],
      ['GET / HTTP/9.9\r\nHost: x\r\n\r\n', [400, 505]],
      ['GET /programs/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', [400]],
      ['GET /programs/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', [400]],
      ['GET /programs/%C0%AF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', [400]],
      ['GET /api/v1/programs?limit=%G1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', [400]],
      ['GET /api/v1/programs?%FF=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', [400]],
      ['GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', [400, 404]],
      ['GET http://evil/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', [400]],
    ];
    for (const [bytes, want] of cases) {
      const status = statusOf(await rawRequest(s.port, bytes, { timeout: 3000 }));
      assert.ok(want.includes(status), `${JSON.stringify(bytes.slice(0, 40))}: got ${status}`);
    }
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
  });

  test('a malformed record id in the path is 404 before any handler runs', async () => {
    for (const path of ['/programs/abc', '/programs/0', '/programs/01', '/programs/-1',
      '/programs/99999999999999999999', '/api/v1/programs/1x', '/persons/abc',
      '/persons/1/contacts/x', '/api/v1/persons/abc/contacts']) {
      const r = await fetch(s.url + path, { headers: { cookie: a.cookie } });
      assert.equal(r.status, 404, path);
    }
    const api = await fetch(`${s.url}/api/v1/programs/1x`, { headers: { cookie: a.cookie } });
    assert.equal((await api.json()).error.code, 'not_found');
    const ok = await fetch(`${s.url}/programs/new`, { headers: { cookie: a.cookie } });
    assert.equal(ok.status, 200, 'a literal segment beside {id:id} still matches');
  });

  test('a bad query value names the field', async () => {
    let r = await a.fetch('/api/v1/programs?limit=0');
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'limit');
    r = await a.fetch('/api/v1/programs?limit=abc');
    assert.equal((await r.json()).error.field, 'limit');
    r = await a.fetch('/api/v1/programs?cursor=-5');
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'cursor');
  });

  test('malformed JSON is 400 with where it broke; wrong type is 415', async () => {
    const post = (body, type = 'application/json', path = '/api/v1/programs') =>
      a.fetch(path, { method: 'POST', body, headers: { 'Content-Type': type } });
    let r = await post('{"name": "x",');
    assert.equal(r.status, 400);
    const e = (await r.json()).error;
    assert.equal(e.code, 'bad_json');
    assert.match(e.message, /line 1, column/);
    r = await post('[1,2]');
    assert.equal(r.status, 400);
    r = await post('{"a":1,"a":2}');
    assert.equal(r.status, 400, 'duplicate keys refused');
    r = await post('{"name":"\\u0000"}');
    assert.equal(r.status, 400, 'NUL in a string refused');
    r = await post('name=x', 'application/x-www-form-urlencoded');
    assert.equal(r.status, 415);
    r = await post('{}', 'application/json', '/programs');
    assert.equal(r.status, 415);
  });

  test('static assets: gzip, ETag, 304, long cache for versioned links', async () => {
    const page = await (await fetch(`${s.url}/`)).text();
    const href = /href="(\/assets\/uswds\/css\/uswds\.min\.css\?v=[0-9a-f]{16})"/.exec(page)[1];
    const r = await fetch(s.url + href, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-encoding'), 'gzip');
    assert.match(r.headers.get('content-type'), /text\/css/);
    assert.match(r.headers.get('cache-control'), /max-age=31536000, immutable/);
    const body = await r.text(); // fetch decompresses
    assert.match(body, /usa-header/);
    const etag = r.headers.get('etag');
    const again = await fetch(s.url + href, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    const plain = await fetch(`${s.url}/assets/uswds/css/uswds.min.css`,
      { headers: { 'Accept-Encoding': 'gzip;q=0' } });
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.match(plain.headers.get('cache-control'), /max-age=86400/);
    const font = await fetch(`${s.url}/assets/uswds/fonts/source-sans-pro/sourcesanspro-regular-webfont.woff2`);
    assert.equal(font.status, 200);
    assert.equal((await fetch(`${s.url}/assets/../../etc/passwd`)).status, 404);
    assert.equal((await fetch(`${s.url}/assets/nope.css`)).status, 404);
  });

  test('HEAD answers like GET without a body', async () => {
    const r = await fetch(`${s.url}/signin`, { method: 'HEAD' });
    assert.equal(r.status, 200);
    assert.equal((await r.text()).length, 0);
  });

  test('the log has one line per request with the route, never the path or query', async () => {
    await fetch(`${s.url}/programs/12345?name=Jane%20Doe`);
    await new Promise((r) => setTimeout(r, 50));
    const lines = s.log().split('\n').filter((l) => / \/programs\/\{id\} /.test(l));
    assert.ok(lines.length >= 1);
    assert.match(lines.at(-1), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ GET \/programs\/\{id\} 303 [\d.]+ms user=-$/);
    assert.doesNotMatch(s.log(), /Jane|12345/);
  });
});

describe(`command line (${BACKEND})`, () => {
  test('--help lists every command and each flag with its environment twin', () => {
    const r = runWaypoint(['--help']);
    assert.equal(r.status, 0);
    for (const word of ['init', 'serve', 'demo', '--db', 'WAYPOINT_DB', '--listen',
      'WAYPOINT_LISTEN', '--max-body', '--tls-cert', '--idle-timeout', '--header-timeout',
      'WAYPOINT_HEADER_TIMEOUT']) {
      assert.ok(r.stdout.includes(word), word);
    }
  });

  test('--version prints the version', () => {
    const r = runWaypoint(['--version']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^waypoint \d+\.\d+\.\d+/);
  });

  test('usage errors exit 2 with one clear line', () => {
    for (const args of [[], ['frobnicate'], ['serve', '--threads', 'many'], ['serve', '--nope']]) {
      const r = runWaypoint(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.ok(r.stderr.length > 0);
    }
  });

  test('init is idempotent; serve refuses a database that was not initialised', async () => {
    const db = freshDatabase();
    assert.equal(runWaypoint(['init', '--db', db]).status, 0);
    const again = runWaypoint(['init', '--db', db]);
    assert.equal(again.status, 0);
    assert.match(again.stderr, /0 steps applied/);
    const other = freshDatabase();
    const r = runWaypoint(['serve', '--db', other, '--listen', '127.0.0.1:1']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /waypoint init/);
  });

  test('the environment twin sets the database', () => {
    const db = freshDatabase();
    const r = runWaypoint(['init'], { env: { ...process.env, WAYPOINT_DB: db } });
    assert.equal(r.status, 0);
    const d = runWaypoint(['demo'], { env: { ...process.env, WAYPOINT_DB: db } });
    assert.equal(d.status, 0);
    assert.match(d.stderr, /3 programs/);
    const twice = runWaypoint(['demo', '--db', db]);
    assert.match(twice.stderr, /already holds data/);
  });

  test('serve --demo fills an empty database and says so', async () => {
    const s = await startServer({ args: ['--demo'] });
    try {
      // the printed demo sign-ins work, and the demo peer sees the demo team's people
      const line = /peer_specialist\s+(\S+)\s+(\S+)/.exec(s.log());
      const peer = await signIn(s, { email: line[1], password: line[2], role: 'peer_specialist' });
      const people = await (await peer.fetch('/api/v1/persons')).json();
      assert.equal(people.items.length, 9, 'three with notes and plans, four discharged with follow-ups, two unseen for a month');
      assert.ok(people.items.every((p) => p.legal_name.endsWith('(demo)')));
      const j = await (await peer.fetch('/api/v1/programs')).json();
      assert.equal(j.items.length, 3);
      assert.ok(j.items.every((p) => p.name.endsWith('(demo)')));
      assert.match(s.log(), /demo data: 3 programs/);
      assert.match(s.log(), /serving on http:\/\/127\.0\.0\.1:\d+ with 2 database connections/);
    } finally { await s.stop(); }
  });

  test('serve --demo on a new database file creates the schema first', async () => {
    const s = await startServer({ init: false, args: ['--demo'] });
    try {
      assert.match(s.log(), /new database, created at schema version \d+\n/);
      assert.match(s.log(), /demo data: 3 programs/);
      assert.match(s.log(), /serving on http:\/\/127\.0\.0\.1:\d+ with 2 database connections\n/);
    } finally { await s.stop(); }
    const plain = runWaypoint(['serve', '--db', freshDatabase(), '--listen', '127.0.0.1:1']);
    assert.equal(plain.status, 1, 'without --demo a new database is not created behind the user\'s back');
    assert.match(plain.stderr, /waypoint init/);
  });

  test('a database newer than the binary is refused by init and serve, unchanged', () => {
    const db = freshDatabase();
    assert.equal(runWaypoint(['init', '--db', db]).status, 0);
    const s = { db };
    const latest = Number(sqlDirect(s, 'SELECT max(version) FROM schema_migrations').out.trim());
    sqlDirect(s, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${latest + 1}, 'from the future', '2030-01-01T00:00:00Z')`);
    for (const args of [['init', '--db', db], ['serve', '--db', db, '--listen', '127.0.0.1:1', '--demo']]) {
      const r = runWaypoint(args);
      assert.equal(r.status, 1, args[0]);
      assert.match(r.stderr, new RegExp(`schema version ${latest + 1}, newer than this waypoint \\(${latest}\\)`), args[0]);
    }
    assert.equal(sqlDirect(s, 'SELECT count(*) FROM programs').out.trim(), '0', 'no demo data written');
    assert.equal(sqlDirect(s, 'SELECT max(version) FROM schema_migrations').out.trim(), String(latest + 1), 'version kept');
  });

  test('a listen address in use fails with a clear message', async () => {
    const s = await startServer();
    try {
      const r = runWaypoint(['serve', '--db', s.db, '--listen', `127.0.0.1:${s.port}`]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /cannot serve/);
    } finally { await s.stop(); }
  });
});

describe(`shutdown (${BACKEND})`, () => {
  test('SIGTERM finishes the request in flight and exits 0', async () => {
    const s = await startServer();
    // A slow upload: the request is in flight when the signal arrives.
    const raw = rawRequest(s.port,
      'POST /api/v1/programs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Content-Length: 90\r\nConnection: close\r\n\r\n{"name":"Late', { timeout: 4000 });
    await new Promise((r) => setTimeout(r, 200));
    s.proc.kill('SIGTERM');
    const { code } = await s.exited;
    assert.equal(code, 0);
    await raw;
    assert.match(s.log(), /SIGTERM received/);
    assert.match(s.log(), /stopped/);
  });

  test('SIGINT exits 0 too', async () => {
    const s = await startServer();
    const { code } = await s.stop('SIGINT');
    assert.equal(code, 0);
  });
});
