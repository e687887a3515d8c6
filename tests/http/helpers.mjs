// Helpers for the HTTP tests: a real waypoint process on a free loopback
// port, against a fresh database — a SQLite file, or a new database in the
// throwaway PostgreSQL cluster that run.sh started (WAYPOINT_TEST_PG).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const BIN = process.env.WAYPOINT_BIN || './waypoint';
export const PG = process.env.WAYPOINT_TEST_PG || ''; // postgres://user@host:port
export const BACKEND = PG ? 'postgres' : 'sqlite';

let counter = 0;

/** A new, empty database URL for this backend. */
export function freshDatabase() {
  if (!PG) {
    const dir = mkdtempSync(path.join(tmpdir(), 'waypoint-http-'));
    return path.join(dir, 'test.db');
  }
  const name = `t_${process.pid}_${++counter}`;
  const r = spawnSync('psql', [`${PG}/postgres`, '-qAtc', `CREATE DATABASE ${name}`]);
  if (r.status !== 0) throw new Error(`createdb failed: ${r.stderr}`);
  return `${PG}/${name}`;
}

export function runWaypoint(args, opts = {}) {
  return spawnSync(BIN, args, { encoding: 'utf8', ...opts });
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * Starts `waypoint serve` on an initialised database and waits for /healthz.
 * Returns { url, port, db, proc, log(), stop() }.
 */
export async function startServer({ db = freshDatabase(), init = true, args = [], env = {}, healthUrl = 'http' } = {}) {
  if (init) {
    const r = runWaypoint(['init', '--db', db]);
    if (r.status !== 0) throw new Error(`init failed: ${r.stderr}`);
  }
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '2', ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (healthUrl === 'https') { // the TLS test: wait for the port to take connections
      if (await new Promise((res) => { const c = net.connect(port, '127.0.0.1', () => { c.destroy(); res(true); }); c.on('error', () => res(false)); })) break;
    } else try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) break;
    } catch { /* not up yet */ }
    if (proc.exitCode !== null || i > 200) throw new Error(`server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url, port, db, proc, exited,
    log: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Sends raw bytes and resolves with the raw response text. */
export function rawRequest(port, bytes, { timeout = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => { sock.destroy(); resolve(data); }, timeout);
    sock.on('connect', () => sock.write(bytes));
    sock.on('data', (d) => { data += d.toString('latin1'); });
    sock.on('end', () => { clearTimeout(timer); resolve(data); });
    sock.on('error', (e) => { clearTimeout(timer); data ? resolve(data) : reject(e); });
  });
}

export function statusOf(raw) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  return m ? Number(m[1]) : 0;
}

export async function postJson(url, body, headers = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function postForm(url, fields) {
  return fetch(url, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

export async function countPrograms(url) {
  let n = 0, cursor = '';
  for (;;) {
    const r = await fetch(`${url}/api/v1/programs?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    const j = await r.json();
    n += j.items.length;
    if (!j.next_cursor) return n;
    cursor = j.next_cursor;
  }
}
