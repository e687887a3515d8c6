// Connection limits, idle timeout, the default body limit, and TLS.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { BACKEND, rawRequest, staff, startServer, statusOf } from './helpers.mjs';

const openSocket = (port) => new Promise((resolve, reject) => {
  const s = net.connect(port, '127.0.0.1', () => resolve(s));
  s.on('error', reject);
});
const closed = (sock, ms) => new Promise((resolve) => {
  const t = setTimeout(() => resolve(false), ms);
  sock.on('close', () => { clearTimeout(t); resolve(true); });
});

describe(`limits (${BACKEND})`, () => {
  test('the default body limit is 1 MiB', async () => {
    const s = await startServer();
    try {
      // The server answers 413 on the declared length alone, before reading
      // the body, and closes: a raw request makes that deterministic.
      const raw = await rawRequest(s.port, 'POST /api/v1/programs HTTP/1.1\r\nHost: x\r\n' +
        'Content-Type: application/json\r\nContent-Length: 1100000\r\nConnection: close\r\n\r\n{"name":"');
      assert.equal(statusOf(raw), 413);
      assert.match(raw, /1048576 bytes/);
      const a = await staff(s, 'admin');
      const ok = await a.json('POST', '/api/v1/programs', { name: 'x'.repeat(900000) });
      assert.equal(ok.status, 400, 'under the limit the body is read (and the name refused as too long)');
      assert.equal((await ok.json()).error.field, 'name');
    } finally { await s.stop(); }
  });

  test('connections beyond --max-per-ip are closed at once', async () => {
    const s = await startServer({ args: ['--max-per-ip', '2'] });
    const socks = [];
    try {
      socks.push(await openSocket(s.port), await openSocket(s.port));
      const third = await openSocket(s.port);
      socks.push(third);
      assert.equal(await closed(third, 2000), true, 'third connection closed');
      assert.equal(await closed(socks[0], 300), false, 'first still open');
    } finally {
      socks.forEach((x) => x.destroy());
      await s.stop();
    }
  });

  test('an idle connection is closed after --idle-timeout', async () => {
    const s = await startServer({ args: ['--idle-timeout', '1'] });
    try {
      const sock = await openSocket(s.port);
      sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); // and then nothing
      assert.equal(await closed(sock, 4000), true);
    } finally { await s.stop(); }
  });
});

describe(`TLS (${BACKEND})`, () => {
  test('--tls-cert/--tls-key serve HTTPS with HSTS', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'waypoint-tls-'));
    const cert = path.join(dir, 'cert.pem'), key = path.join(dir, 'key.pem');
    const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
      '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', key, '-out', cert], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    const s = await startServer({ args: ['--tls-cert', cert, '--tls-key', key], healthUrl: 'https' });
    try {
      const res = await new Promise((resolve, reject) => {
        https.get(`https://127.0.0.1:${s.port}/healthz`, { rejectUnauthorized: false }, (r) => {
          let body = '';
          r.on('data', (d) => { body += d; });
          r.on('end', () => resolve({ status: r.statusCode, headers: r.headers, body }));
        }).on('error', reject);
      });
      assert.equal(res.status, 200);
      assert.match(res.headers['strict-transport-security'], /max-age=31536000/);
      const health = JSON.parse(res.body);
      assert.equal(health.status, 'ok');
      assert.deepEqual(health.problems, []);
    } finally { await s.stop(); }
  });

  test('TLS with a missing key file refuses to start', async () => {
    const { runWaypoint, freshDatabase } = await import('./helpers.mjs');
    const db = freshDatabase();
    runWaypoint(['init', '--db', db]);
    const r = runWaypoint(['serve', '--db', db, '--listen', '127.0.0.1:0', '--tls-cert', '/nonexistent.pem']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--tls-cert and --tls-key/);
  });
});
