// Power loss: the server's files on lossyfs (tests/power/lossyfs.c), a disk
// that loses what was not fsynced when its power is cut.  Each cycle starts
// the server on what survived the last cut (so SQLite recovers its log),
// checks it, writes from four clients, and cuts the power at a random
// moment: kill -9 the server, then unmount lossyfs, which keeps a random
// part of the unsynced writes and loses the rest.  After every cut: the
// database passes PRAGMA integrity_check, every acknowledged write is
// there, and `waypoint audit verify` passes against the checkpoints that
// survived beside it.  POWER_CYCLES sets how many cycles (30), POWER_SEED
// the seed that picks the moments and what each cut keeps.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runWaypoint, sqlDirect, staff, startServer } from '../http/helpers.mjs';

const LOSSYFS = process.env.LOSSYFS || 'build/lossyfs';
const CYCLES = Number(process.env.POWER_CYCLES || 30);
const SEED = Number(process.env.POWER_SEED || Date.now() % 1000000);

let random = SEED; // a small LCG, so that a seed replays a run
const next = (n) => { random = (random * 1103515245 + 12345) % 2147483648; return random % n; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const mounted = (dir) => readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
  .some((l) => l.split(' ')[4] === dir);

/** Mounts lossyfs over backing at dir; resolves once it is mounted. */
async function mount(backing, dir, seed, syncMs = 0) {
  const proc = spawn(LOSSYFS, [`--seed=${seed}`, `--sync-ms=${syncMs}`, backing, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  for (let i = 0; !mounted(dir); i++) {
    if (proc.exitCode !== null || i > 200) throw new Error(`lossyfs did not mount: ${log}`);
    await sleep(10);
  }
  return { proc, exited, log: () => log };
}

/** The power cut: unmounting lossyfs loses the unsynced writes it does not keep. */
async function cutPower(fs, dir) {
  for (let i = 0; spawnSync('fusermount3', ['-u', dir]).status !== 0; i++) {
    if (i > 50) { spawnSync('fusermount3', ['-u', '-z', dir]); break; }
    await sleep(20); // the killed server's files still closing
  }
  const code = await fs.exited;
  assert.equal(code, 0, `lossyfs failed: ${fs.log()}`);
  const m = /power cut: (\d+) unsynced writes in \d+ files, (\d+) of them kept/.exec(fs.log());
  assert.ok(m, `lossyfs said: ${fs.log()}`);
  return { unsynced: Number(m[1]), kept: Number(m[2]) };
}

/** What a cut must leave: a sound database holding every acknowledged
 * program, and an audit chain that verifies against its checkpoints. */
function check(db, acked, where) {
  const ok = sqlDirect({ db }, 'PRAGMA integrity_check;');
  assert.equal(ok.out.trim(), 'ok', `${where}: integrity_check: ${ok.out}${ok.err}`);
  const have = new Set(sqlDirect({ db }, 'SELECT id FROM programs;').out.split('\n').filter(Boolean).map(Number));
  const lost = acked.filter((id) => !have.has(id));
  assert.deepEqual(lost, [], `${where}: ${lost.length} of ${acked.length} acknowledged programs lost`);
  const v = runWaypoint(['audit', 'verify', '--db', db]);
  assert.equal(v.status, 0, `${where}: audit verify: ${v.stdout}${v.stderr}`);
  assert.match(v.stdout, /audit log intact/);
}

test(`power cuts: ${CYCLES} cycles lose no acknowledged write (seed ${SEED})`, async () => {
  const backing = mkdtempSync(path.join(tmpdir(), 'waypoint-power-disk-'));
  const dir = mkdtempSync(path.join(tmpdir(), 'waypoint-power-mnt-'));
  const db = path.join(dir, 'waypoint.db');
  // the key file on the lossy disk too: init writes it synced, renamed in
  process.env.WAYPOINT_AUDIT_KEY = path.join(dir, 'audit.key');
  const acked = [];
  let unsynced = 0, kept = 0, a;
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const where = `cycle ${cycle} (POWER_SEED=${SEED})`;
    // one cycle in three on a slow disk, whose fsyncs take 20 ms: more
    // writes are on their way to it when the power goes
    const fs = await mount(backing, dir, next(1000000), next(3) ? 0 : 20);
    let s;
    try {
      s = await startServer({ db, init: cycle === 1, args: ['--checkpoint-every', '1'] });
      if (cycle > 1) check(db, acked, where);
      // signed in once: the session, acknowledged, outlives the cuts too
      a ??= await staff(s, 'admin');
      let stop = false, refused = null;
      const writer = async (w) => {
        for (let i = 0; !stop; i++) {
          let r;
          try {
            r = await fetch(`${s.url}/api/v1/programs`, {
              method: 'POST',
              headers: { Cookie: a.cookie, 'X-CSRF-Token': a.csrf, 'Content-Type': 'application/json' },
              body: JSON.stringify({
                name: `power ${cycle}-${w}-${i}`, kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part',
              }),
            });
            if (r.status === 201) { acked.push((await r.json()).id); continue; }
            refused ??= `${where}: POST ${r.status}: ${await r.text()}\n${s.log()}`;
          } catch { /* the connection cut by the power cut */ }
          return;
        }
      };
      const writers = [0, 1, 2, 3].map(writer);
      await sleep(200 + next(1300));
      s.proc.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      assert.equal(refused, null);
    } finally {
      if (s) { s.proc.kill('SIGKILL'); await s.exited; }
      const cut = await cutPower(fs, dir);
      unsynced += cut.unsynced;
      kept += cut.kept;
    }
  }
  const fs = await mount(backing, dir, 0);
  try { check(db, acked, `after cycle ${CYCLES} (POWER_SEED=${SEED})`); } finally { await cutPower(fs, dir); }
  assert.ok(acked.length > CYCLES * 5, `only ${acked.length} writes acknowledged`);
  console.log(`power: ${CYCLES} cycles, ${acked.length} writes acknowledged, ${unsynced} unsynced ` +
    `writes at the cuts (${kept} kept), failures=0 (POWER_SEED=${SEED})`);
});
