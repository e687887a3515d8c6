// Issue 22, point 2: clients that send their headers slowly cannot take
// the server.  The attack run on the demo server, at a smaller scale: more
// trickling connections than the table holds, from five addresses each
// under the per-address limit (the whole of 127/8 reaches a server on
// 127.0.0.1), while a normal client keeps asking for /healthz.
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { BACKEND, rawRequest, startServer, statusOf } from './helpers.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A connection that sends a request line and then one header line every
 * `every` ms, never finishing; resolves how long it stayed open. */
function trickle(port, from, every) {
  return new Promise((resolve) => {
    const opened = Date.now();
    const sock = net.connect({ port, host: '127.0.0.1', localAddress: from });
    let timer;
    sock.on('connect', () => {
      sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      timer = setInterval(() => sock.write(`X-Slow-${Date.now()}: 1\r\n`), every);
    });
    sock.on('error', () => {});
    sock.on('close', () => { clearInterval(timer); resolve({ ms: Date.now() - opened, sock }); });
    trickle.open.add(sock);
  });
}
trickle.open = new Set();

describe(`slow headers (${BACKEND})`, () => {
  test('a slow connection is closed at --header-timeout, though it keeps sending', async () => {
    const s = await startServer({ args: ['--header-timeout', '2', '--idle-timeout', '30'] });
    try {
      const lives = await Promise.all([1, 2, 3].map(() => trickle(s.port, '127.0.0.1', 300)));
      for (const { ms } of lives) {
        assert.ok(ms >= 1900 && ms < 3500, `closed after ${ms} ms`);
      }
      assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
    } finally { await s.stop(); }
  });

  test('a kept-alive connection idles up to --idle-timeout, then has --header-timeout for its head', async () => {
    const s = await startServer({ args: ['--header-timeout', '2', '--idle-timeout', '5'] });
    try {
      const open = async () => {
        const sock = net.connect(s.port, '127.0.0.1');
        const c = { sock, data: '', closedAt: 0 };
        sock.on('data', (d) => { c.data += d; });
        c.closed = new Promise((r) => sock.on('close', () => { c.closedAt = Date.now(); r(); }));
        await new Promise((r) => sock.on('connect', r));
        sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
        while (!c.data) await sleep(5);
        c.answered = Date.now();
        assert.equal(statusOf(c.data), 200);
        return c;
      };
      // Idle past --header-timeout: kept, as before; closed at --idle-timeout.
      const idle = await open();
      // The next request line after a second, then headers one by one.
      const slow = await open();
      await sleep(1000);
      slow.sock.write('GET /healthz HTTP/1.1\r\n');
      const lineAt = Date.now();
      const timer = setInterval(() => slow.sock.write('X-Slow: 1\r\n'), 300);
      await slow.closed;
      clearInterval(timer);
      const ms = slow.closedAt - lineAt;
      assert.ok(ms >= 1900 && ms < 3500, `closed ${ms} ms after its request line`);
      assert.equal(idle.closedAt, 0, 'the idle one is still open');
      idle.sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await idle.closed;
      assert.equal((idle.data.match(/HTTP\/1\.1 200/g) || []).length, 2, 'answered again after more than --header-timeout idle');
      const quiet = await open();
      await quiet.closed;
      const idleMs = quiet.closedAt - quiet.answered;
      assert.ok(idleMs >= 4900 && idleMs < 6500, `idle one closed ${idleMs} ms after its answer`);
    } finally { await s.stop(); }
  });

  test('under a slow-headers attack that outnumbers the table, normal requests are answered', async () => {
    const s = await startServer({
      args: ['--max-connections', '40', '--max-per-ip', '10', '--header-timeout', '2', '--idle-timeout', '30'],
    });
    let attacking = true;
    const lives = [];
    // Each attacker reopens its connection soon after it is closed, as the
    // attack did: 5 addresses x 10 connections, 50 for a table of 40.
    const attacker = async (from) => {
      while (attacking) {
        const { ms } = await trickle(s.port, from, 500);
        lives.push(ms);
        await sleep(100);
      }
    };
    const attackers = [];
    for (let a = 2; a <= 6; a++) {
      for (let i = 0; i < 10; i++) attackers.push(attacker(`127.0.0.${a}`));
    }
    try {
      await sleep(1000); // the table fills
      const statuses = [];
      const until = Date.now() + 5000;
      while (Date.now() < until) {
        const raw = await rawRequest(s.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
          { timeout: 3000 }).catch(() => '');
        statuses.push(statusOf(raw));
        await sleep(200);
      }
      assert.ok(statuses.length >= 12, `${statuses.length} requests made`);
      assert.deepEqual(statuses.filter((x) => x !== 200), [], `every /healthz answered 200 (${statuses.length})`);
      assert.ok(lives.length >= 50, `attack connections were closed (${lives.length})`);
      assert.ok(Math.max(...lives) < 3500, `none outlived the deadline much (longest ${Math.max(...lives)} ms)`);
      assert.match(s.log(), /waypoint: closed \d+ connections that sent no complete request headers within 2 s/);
    } finally {
      attacking = false;
      for (const sock of trickle.open) sock.destroy();
      await Promise.all(attackers);
      await s.stop();
    }
  });
});
