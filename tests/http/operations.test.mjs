// Running it for real (issue 28, points 1 and 4): the server's scheduled
// backups, /metrics, the JSON request log and /healthz's degraded states.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BACKEND, PG, freshDatabase, runWaypoint, sqlDirect, staff, startServer } from './helpers.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'waypoint-ops-'));
const keyFile = path.join(dir, 'backup.key');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const backupsIn = (d) => readdirSync(d).filter((n) => /^waypoint-\d{8}T\d{6}Z\.backup$/.test(n)).sort();
const health = async (s) => {
  const r = await fetch(`${s.url}/healthz`);
  return { status: r.status, body: await r.json() };
};
/** Waits until test() holds, for at most ms. */
async function until(what, test, ms = 15000) {
  for (const start = Date.now(); Date.now() - start < ms; await sleep(100))
    if (await test()) return;
  assert.fail(`waited ${ms} ms for ${what}`);
}
/** The value of one series in a /metrics text, 0 when it is absent. */
function series(text, name, labels = '') {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe(`scheduled backups (${BACKEND})`, () => {
  let s, backups;
  before(async () => {
    backups = path.join(dir, 'scheduled');
    s = await startServer({ args: ['--backup-dir', backups, '--backup-every', '1', '--backup-keep', '2',
      '--backup-key', keyFile, '--disk-min-free', '0'] });
  });
  after(async () => { await s?.stop(); });

  test('a backup is written every interval, each verifies, and only the newest --backup-keep stay', async () => {
    await until('three backups written', () => (s.log().match(/written and verified/g) || []).length >= 3);
    const names = backupsIn(backups);
    assert.equal(names.length, 2, names.join(' '));
    for (const n of names) {
      const r = runWaypoint(['backup', 'verify', '--in', path.join(backups, n), '--db', s.db, '--backup-key', keyFile]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /backup intact/);
    }
    assert.match(s.log(), /older removed/);
    const h = await health(s);
    assert.equal(h.body.status, 'ok', JSON.stringify(h.body));
    assert.ok(h.body.backup_age_seconds <= 3, JSON.stringify(h.body));
  });

  test('a failing backup is reported by /healthz as degraded, and the next good one clears it', async () => {
    const good = readdirSync(dir).includes('backup.key') ? keyFile : null;
    assert.ok(good, 'the backup key file was made');
    const saved = path.join(dir, 'backup.key.saved');
    copyFileSync(keyFile, saved);
    writeFileSync(keyFile, 'not a key\n');
    await until('a failed backup', async () => (await health(s)).body.problems.includes('the last backup failed'));
    const h = await health(s);
    assert.equal(h.status, 200);
    assert.equal(h.body.status, 'degraded');
    copyFileSync(saved, keyFile);
    await until('a good backup again', async () => (await health(s)).body.status === 'ok');
  });
});

describe(`scheduled backups: retention and refusals (${BACKEND})`, () => {
  test('backups older than --backup-max-age go, the newest always stays, other files are left alone', async () => {
    const backups = path.join(dir, 'aged');
    // one real backup, copied under old names, and a file that is not ours
    const db = freshDatabase();
    assert.equal(runWaypoint(['init', '--db', db]).status, 0);
    runWaypoint(['backup', '--db', db, '--out', path.join(dir, 'seed.backup'), '--backup-key', keyFile]);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(backups);
    for (const n of ['waypoint-20200101T000000Z.backup', 'waypoint-20200102T000000Z.backup'])
      copyFileSync(path.join(dir, 'seed.backup'), path.join(backups, n));
    writeFileSync(path.join(backups, 'notes.txt'), 'mine');
    const s = await startServer({ db, init: false, args: ['--backup-dir', backups, '--backup-every', '3600',
      '--backup-max-age', '30', '--backup-key', keyFile] });
    try {
      // the newest is from 2020: one is due at once, and the old ones go
      await until('the due backup', () => /written and verified/.test(s.log()));
      const names = backupsIn(backups);
      assert.equal(names.length, 1, names.join(' '));
      assert.ok(!names[0].startsWith('waypoint-2020'));
      assert.ok(readdirSync(backups).includes('notes.txt'));
    } finally { await s.stop(); }
    // restarted with a fresh backup there: the next is an interval after it, not at once
    const again = await startServer({ db, init: false, args: ['--backup-dir', backups, '--backup-every', '3600',
      '--backup-key', keyFile, '--disk-min-free', '0'] });
    try {
      await sleep(1500);
      assert.doesNotMatch(again.log(), /written and verified/);
      assert.equal((await health(again)).body.status, 'ok');
    } finally { await again.stop(); }
  });

  test('a backup folder that cannot be made, or PostgreSQL without a backup key, stops the start with the option named', async () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    await assert.rejects(startServer({ args: ['--backup-dir', path.join(file, 'below'), '--backup-key', keyFile] }),
      /--backup-dir .*a-file\/below/);
    if (PG) await assert.rejects(startServer({ args: ['--backup-dir', path.join(dir, 'pg')] }), /--backup-key/);
  });
});

describe(`/metrics and the request log (${BACKEND})`, () => {
  let s, tokenFile;
  before(async () => {
    tokenFile = path.join(dir, 'metrics.token');
    writeFileSync(tokenFile, 'a-scraper-token-0123456789\n', { mode: 0o600 });
    s = await startServer({ args: ['--metrics-from', '192.0.2.1, 127.0.0.1', '--log-format', 'json',
      '--disk-min-free', '0'] });
  });
  after(async () => { await s?.stop(); });

  test('counts requests by route pattern and status, with a latency histogram and the pool, queue and checkpoint', async () => {
    const peer = await staff(s);
    const before = await (await fetch(`${s.url}/metrics`)).text();
    const pattern = '{method="GET",route="/persons/{id}",status="404"}';
    for (let i = 0; i < 3; i++) assert.equal((await peer.fetch(`/persons/${900000 + i}`)).status, 404);
    const r = await fetch(`${s.url}/metrics`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    const text = await r.text();
    assert.equal(series(text, 'waypoint_requests_total', pattern) - series(before, 'waypoint_requests_total', pattern), 3);
    const hist = '{method="GET",route="/persons/{id}"}';
    const inf = '{method="GET",route="/persons/{id}",le="+Inf"}';
    assert.equal(series(text, 'waypoint_request_duration_seconds_bucket', inf),
      series(text, 'waypoint_request_duration_seconds_count', hist));
    assert.ok(series(text, 'waypoint_request_duration_seconds_count', hist) >= 3);
    assert.ok(series(text, 'waypoint_db_connections_max') >= 1);
    assert.match(text, /^waypoint_audit_queue_depth \d+$/m);
    assert.match(text, /^waypoint_audit_checkpoint_age_seconds \d+$/m);
    assert.match(text, /^waypoint_degraded 0$/m);
    // no person's number, name or query string is a label
    assert.doesNotMatch(text, /900000/);
  });

  test('the JSON log is one object a line, with the route pattern and the user number, never the address asked for', async () => {
    const peer = await staff(s);
    await peer.fetch('/persons/424242?q=Secret%20Name');
    await sleep(100);
    const lines = s.log().split('\n').filter((l) => l.startsWith('{'));
    assert.ok(lines.length > 3);
    const entries = lines.map((l) => JSON.parse(l));
    const mine = entries.find((e) => e.route === '/persons/{id}' && e.status === 404);
    assert.ok(mine, lines.join('\n'));
    assert.equal(mine.method, 'GET');
    assert.match(mine.user, /^\d+$/);
    assert.equal(typeof mine.ms, 'number');
    assert.doesNotMatch(s.log(), /424242|Secret/);
  });

  test('a bad --log-format or a short or missing token file stops the start', async () => {
    await assert.rejects(startServer({ args: ['--log-format', 'xml'] }), /--log-format xml: expected text or json/);
    const short = path.join(dir, 'short.token');
    writeFileSync(short, 'tiny\n');
    await assert.rejects(startServer({ args: ['--metrics-token', short] }), /at least 16 characters/);
    await assert.rejects(startServer({ args: ['--metrics-token', path.join(dir, 'none')] }), /cannot read it/);
  });

  test('an address not listed is refused; a listed one or the token lets a scraper in', async () => {
    const t = await startServer({ args: ['--metrics-from', '192.0.2.1', '--metrics-token', tokenFile] });
    try {
      const get = (headers = {}) => fetch(`${t.url}/metrics`, { headers });
      assert.equal((await get()).status, 403);
      assert.equal((await get({ authorization: 'Bearer wrong-token-0123456789ab' })).status, 403);
      assert.equal((await get({ authorization: 'Bearer a-scraper-token-012345678' })).status, 403);
      assert.equal((await get({ authorization: 'Basic a-scraper-token-0123456789' })).status, 403);
      const ok = await get({ authorization: 'Bearer a-scraper-token-0123456789' });
      assert.equal(ok.status, 200);
      assert.match(await ok.text(), /waypoint_requests_total/);
    } finally { await t.stop(); }
    // by default nobody may read it, loopback included
    const d = await startServer();
    try { assert.equal((await fetch(`${d.url}/metrics`)).status, 403); } finally { await d.stop(); }
  });
});

describe(`/healthz (${BACKEND})`, () => {
  test('ok, then degraded with the problem named when the disk has less free than --disk-min-free', async () => {
    const s = await startServer({ args: ['--disk-min-free', '0'] });
    try {
      const h = await health(s);
      assert.equal(h.status, 200);
      assert.equal(h.body.status, 'ok');
      assert.deepEqual(h.body.problems, []);
    } finally { await s.stop(); }
    const full = await startServer({ args: ['--disk-min-free', '1073741824'] });
    try {
      const h = await health(full);
      assert.equal(h.status, 200);
      if (PG) { assert.equal(h.body.status, 'ok'); return; } // the database's disk is PostgreSQL's
      assert.equal(h.body.status, 'degraded');
      assert.deepEqual(h.body.problems, ['the disk is nearly full']);
      assert.ok(h.body.disk_free_mib > 0);
      assert.doesNotMatch(JSON.stringify(h.body), /\//, 'no path in a public answer');
    } finally { await full.stop(); }
  });

  test('a database that refuses writes is reported as read-only', { skip: !PG && 'SQLite: the server runs as root here, so no file is read-only to it' }, async () => {
    const s = await startServer();
    const name = new URL(s.db).pathname.slice(1);
    try {
      assert.equal((await health(s)).body.database, 'ok');
      // as a full disk or an operator might: the server's next sessions refuse writes
      assert.equal(sqlDirect(s, `ALTER DATABASE "${name}" SET default_transaction_read_only = on`).status, 0);
      sqlDirect(s, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
      await until('read-only reported', async () => (await health(s)).body.database === 'read-only');
      const h = await health(s);
      assert.equal(h.status, 200);
      assert.equal(h.body.status, 'degraded');
      assert.ok(h.body.problems.includes('the database is read-only: changes are refused'));
    } finally {
      sqlDirect(s, `SET default_transaction_read_only = off; ALTER DATABASE "${name}" RESET default_transaction_read_only`);
      await s.stop();
    }
  });
});
