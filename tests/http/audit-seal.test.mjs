// The audit log no one can quietly rewrite (issue 22, point 1).  The chain
// is keyed by a file outside the database and its head is signed into
// checkpoints kept outside it, so the attacks that passed `audit verify`
// on the unkeyed chain — an entry deleted and everything after renumbered
// and re-hashed, the last entries cut off with the head rolled back, a
// chain forged whole — now fail it.  A missing or unreadable key file
// stops the server; rotation keeps every entry verifiable.
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sodium from 'libsodium-wrappers';
import {
  BACKEND, PG, UNDO_AUDIT_SEAL, UNDO_REPORTS, UNDO_RESOURCES, UNDO_SUMMARIES, UNDO_WORKFORCE, auditCheckpoints, freshDatabase, runWaypoint, sqlDirect, staff, startServer,
} from './helpers.mjs';

const verify = (db, ...args) => runWaypoint(['audit', 'verify', '--db', db, ...args]);
const guardOff = PG ? 'ALTER TABLE audit_log DISABLE TRIGGER USER;'
  : 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;';
const guardOn = PG ? 'ALTER TABLE audit_log ENABLE TRIGGER USER;'
  : `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;
     CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;`;
const one = (s, sql) => sqlDirect(s, sql).out.trim();

/** The log's rows in order, each as the fields its hash covers. */
function entries(s) {
  const cols = `id, at, COALESCE(CAST(user_id AS TEXT), ''), role, action, entity_type, entity_id,
    COALESCE(CAST(person_id AS TEXT), ''), client, outcome, detail`;
  const sql = PG ? `SELECT json_agg(json_build_array(${cols}) ORDER BY id) FROM audit_log`
    : `SELECT json_group_array(json_array(${cols})) FROM (SELECT * FROM audit_log ORDER BY id)`;
  return JSON.parse(one(s, sql));
}

/** What an attacker without the key can do: renumber rows from 1 and hash
 * them the way the unkeyed chain did (BLAKE2b-256, no key), then write them
 * and the head back.  Returns the SQL. */
function rehashed(rows) {
  let prev = '';
  const values = rows.map((r, i) => {
    const fields = [prev, String(i + 1), ...r.slice(1).map(String)];
    const hash = sodium.to_hex(sodium.crypto_generichash(32, fields.map((f) => `${f}\x1f`).join('')));
    const q = (t) => `'${String(t).replaceAll("'", "''")}'`;
    const row = `(${i + 1}, ${q(r[1])}, ${r[2] === '' ? 'NULL' : r[2]}, ${q(r[3])}, ${q(r[4])}, ${q(r[5])}, ${q(r[6])},
      ${r[7] === '' ? 'NULL' : r[7]}, ${q(r[8])}, ${q(r[9])}, ${q(r[10])}, ${q(prev)}, ${q(hash)})`;
    prev = hash;
    return row;
  });
  return `${guardOff} DELETE FROM audit_log;
    INSERT INTO audit_log (id, at, user_id, role, action, entity_type, entity_id, person_id, client, outcome, detail,
      prev_hash, hash) VALUES ${values.join(',')};
    UPDATE audit_head SET seq = ${rows.length}, hash = '${prev}'; ${guardOn}`;
}

/** A database with some history, its server stopped (which checkpoints). */
async function withHistory(opts = {}) {
  const s = await startServer(opts);
  const admin = await staff(s, 'admin');
  for (const name of ['North', 'South', 'East']) {
    await admin.json('POST', '/api/v1/programs', { name, kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' });
  }
  await s.stop();
  return s;
}

describe(`the audit log sealed with a key (${BACKEND})`, () => {
  let dir;
  before(async () => {
    await sodium.ready;
    dir = mkdtempSync(path.join(tmpdir(), 'waypoint-seal-'));
  });
  after(() => {});

  test('init makes the key file, readable by its owner only, and seals the log with it', { skip: PG && 'SQLite file defaults' }, () => {
    const db = path.join(dir, 'first.db');
    const env = { WAYPOINT_AUDIT_KEY: '' }; // the default: beside the database
    const init = runWaypoint(['init', '--db', db], { env });
    assert.equal(init.status, 0, init.stderr);
    const key = path.join(dir, 'first-audit.key');
    assert.match(init.stderr, /created the audit key file .*first-audit\.key/);
    assert.match(init.stderr, /sealed with key 1/);
    assert.equal(statSync(key).mode & 0o777, 0o600);
    assert.match(readFileSync(key, 'utf8'), /^1 \d{4}-\d\d-\d\dT\S+Z [0-9a-f]{64}$/m);
    assert.match(readFileSync(path.join(dir, 'first-audit.checkpoints'), 'utf8'), /^waypoint-audit-checkpoint 1 seq=1 /);
    const s = { db };
    assert.equal(one(s, "SELECT action || ' ' || entity_type || ' ' || entity_id FROM audit_log WHERE id = 1"), 'key audit_key 1');
    const again = runWaypoint(['init', '--db', db], { env });
    assert.doesNotMatch(again.stderr, /created|sealed/, 'idempotent: no new key, no new seal');
    const v = verify(db, '--audit-key', key);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /chain intact, and holds the newest checkpoint/);
  });

  test('no key file, or one others can read: the server and verify refuse, naming it', async () => {
    const s = await withHistory();
    const missing = path.join(dir, 'missing.key');
    const serve = runWaypoint(['serve', '--db', s.db, '--listen', '127.0.0.1:1'], { env: { WAYPOINT_AUDIT_KEY: missing } });
    assert.equal(serve.status, 1);
    assert.match(serve.stderr, /audit key file .*missing\.key: No such file/);
    assert.match(verify(s.db, '--audit-key', missing).stderr, /missing\.key/);
    const open = path.join(dir, 'open.key');
    copyFileSync(process.env.WAYPOINT_AUDIT_KEY, open);
    chmodSync(open, 0o644);
    const r = runWaypoint(['serve', '--db', s.db, '--listen', '127.0.0.1:1'], { env: { WAYPOINT_AUDIT_KEY: open } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /can be read by others: chmod 600/);
    if (PG) assert.match(runWaypoint(['init', '--db', s.db], { env: { WAYPOINT_AUDIT_KEY: '' } }).stderr, /PostgreSQL needs --audit-key/);
  });

  test('another key file is refused at start-up: it does not match the newest entry', async () => {
    const s = await withHistory();
    const other = path.join(dir, 'other.key');
    assert.equal(runWaypoint(['init', '--db', freshDatabase(), '--audit-key', other]).status, 0);
    const r = runWaypoint(['serve', '--db', s.db, '--listen', '127.0.0.1:1', '--audit-key', other]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /does not match its newest entry: the wrong key file/);
    assert.equal(verify(s.db, '--audit-key', other).status, 1, 'nor does verify accept it');
  });

  test('an entry deleted, the rest renumbered and re-hashed, the head updated: verify fails', async () => {
    const s = await withHistory();
    const rows = entries(s);
    assert.ok(rows.length >= 6, `${rows.length} entries`);
    assert.equal(sqlDirect(s, rehashed(rows.filter((r) => r[0] !== 4))).status, 0);
    const v = verify(s.db, '--audit-checkpoints', '/dev/null'); // without the checkpoints too
    assert.equal(v.status, 1, v.stdout);
    assert.match(v.stderr, /entry 1 was altered: its contents do not match its seal/);
  });

  test('a whole chain forged without the key: verify fails', async () => {
    const s = await withHistory();
    // the unkeyed entries alone, as if the log had never been sealed
    const rows = entries(s).filter((r) => r[4] !== 'key');
    assert.equal(sqlDirect(s, rehashed(rows)).status, 0);
    const v = verify(s.db, '--audit-checkpoints', '/dev/null');
    assert.equal(v.status, 1);
    assert.match(v.stderr, /no entry is sealed with a key/);
  });

  test('the last entries cut off and the head rolled back: the newest checkpoint finds it', async () => {
    const s = await withHistory();
    const checkpoints = readFileSync(auditCheckpoints(s.db), 'utf8');
    const newest = Math.max(...[...checkpoints.matchAll(/seq=(\d+)/g)].map((m) => Number(m[1])));
    const last = Number(one(s, 'SELECT MAX(id) FROM audit_log'));
    assert.equal(newest, last, 'the server checkpointed its last entry when it stopped');
    assert.equal(sqlDirect(s, `${guardOff} DELETE FROM audit_log WHERE id > ${last - 2};
      UPDATE audit_head SET seq = ${last - 2}, hash = (SELECT hash FROM audit_log WHERE id = ${last - 2}); ${guardOn}`).status, 0);
    const v = verify(s.db);
    assert.equal(v.status, 1);
    assert.match(v.stderr, new RegExp(`the log ends at entry ${last - 2}, but the checkpoint of \\S+ signed entry ${last}: entries were cut off`));
    // a checkpoint kept elsewhere by an administrator finds it the same way
    const kept = path.join(dir, `kept-${path.basename(s.db)}.txt`);
    writeFileSync(kept, checkpoints.split('\n').filter((l) => l.includes(`seq=${last} `)).join('\n'));
    assert.equal(verify(s.db, '--audit-checkpoints', kept).status, 1);
    // without any checkpoint the cut cannot be seen, and verify says so
    const bare = verify(s.db, '--audit-checkpoints', '/dev/null');
    assert.equal(bare.status, 0);
    assert.match(bare.stdout, /no checkpoint to check against/);
  });

  test('a checkpoint altered, or signed by another key, is refused', async () => {
    const s = await withHistory();
    const line = runWaypoint(['audit', 'checkpoint', '--db', s.db]);
    assert.equal(line.status, 0, line.stderr);
    assert.match(line.stdout, /^waypoint-audit-checkpoint 1 seq=\d+ hash=[0-9a-f]{64} key=1 at=\S+ sig=[0-9a-f]{128}\n$/);
    const bad = path.join(dir, `bad-${path.basename(s.db)}.txt`);
    writeFileSync(bad, line.stdout.replace(/seq=(\d+)/, (m, n) => `seq=${Number(n) + 5}`));
    const v = verify(s.db, '--audit-checkpoints', bad);
    assert.equal(v.status, 1);
    assert.match(v.stderr, /line 1: checkpoint of \S+: the signature does not match/);
    const other = path.join(dir, `other-${path.basename(s.db)}.key`);
    const forged = runWaypoint(['audit', 'checkpoint', '--db', s.db, '--audit-key', other]);
    assert.equal(forged.status, 1, 'no key file: no checkpoint');
    assert.equal(existsSync(other), false);
  });

  test('a checkpoint line cut short by a crash is skipped by verify and cut off by the next one', async () => {
    const s = await withHistory();
    const file = auditCheckpoints(s.db);
    const whole = readFileSync(file, 'utf8');
    const torn = `${whole}${whole.split('\n')[0].slice(0, 100)}`; // an append whose fsync never returned
    writeFileSync(file, torn);
    const v = verify(s.db);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /holds the newest checkpoint/);
    // a torn line in the middle is damage, not a crash: refused
    writeFileSync(file, `${torn}\n${whole}`);
    assert.match(verify(s.db).stderr, /line \d+: not a Waypoint audit checkpoint/);
    writeFileSync(file, torn);
    const kept = runWaypoint(['audit', 'checkpoint', '--db', s.db]);
    assert.equal(kept.status, 0, kept.stderr);
    assert.equal(readFileSync(file, 'utf8'), `${whole}${kept.stdout}`);
    assert.equal(verify(s.db).status, 0);
  });

  test('the server checkpoints while the log grows, and a rotated key seals what follows', async () => {
    const key = path.join(dir, `rotate-${Date.now()}.key`);
    const shared = process.env.WAYPOINT_AUDIT_KEY;
    process.env.WAYPOINT_AUDIT_KEY = key; // this database's own, for every command the test runs
    try { await rotation(key); } finally { process.env.WAYPOINT_AUDIT_KEY = shared; }
  });

  async function rotation(key) {
    const db = freshDatabase();
    assert.equal(runWaypoint(['init', '--db', db, '--audit-key', key]).status, 0);
    const file = auditCheckpoints(db);
    const s = await startServer({ db, init: false, args: ['--checkpoint-every', '1'] });
    try {
      const admin = await staff(s, 'admin');
      const before = readFileSync(file, 'utf8').trim().split('\n').length;
      await new Promise((r) => setTimeout(r, 1600));
      assert.ok(readFileSync(file, 'utf8').trim().split('\n').length > before, 'a checkpoint after the log grew');
      const rotate = runWaypoint(['audit', 'rotate-key', '--db', db, '--audit-key', key]);
      assert.equal(rotate.status, 0, rotate.stderr);
      assert.match(rotate.stdout, /sealed with key 2 from now on/);
      assert.equal(readFileSync(key, 'utf8').split('\n').filter((l) => /^\d /.test(l)).length, 2);
      // the running server follows: its next entries are sealed with key 2
      assert.equal((await admin.json('POST', '/api/v1/programs', { name: 'After', kind: 'community', time_zone: 'UTC',
        unit_rounding: 'any_part' })).status, 201);
    } finally { await s.stop(); }
    const v = verify(db, '--audit-key', key);
    assert.equal(v.status, 0, v.stderr);
    assert.match(readFileSync(file, 'utf8').trim().split('\n').pop(), / key=2 /, 'the shutdown checkpoint is signed with key 2');
    assert.equal(one({ db }, "SELECT detail FROM audit_log WHERE action = 'key' ORDER BY id DESC LIMIT 1"), 'key 2 (was key 1)');
    // the old key kept beside the new: dropping it breaks the older entries
    const lines = readFileSync(key, 'utf8').split('\n');
    writeFileSync(key, lines.filter((l) => !l.startsWith('2 ')).join('\n'), { mode: 0o600 });
    const gone = verify(db, '--audit-key', key, '--audit-checkpoints', '/dev/null');
    assert.equal(gone.status, 1);
    assert.match(gone.stderr, /sealed with key 2, which the key file does not hold/);
  }

  test('an unkeyed log from before is sealed once on upgrade, recorded and checkpointed, and stays protected', async () => {
    const s = await withHistory();
    // back to before the seal: the old chain's entries, unkeyed
    const rows = entries(s).filter((r) => r[4] !== 'key');
    assert.equal(sqlDirect(s, `${rehashed(rows)} ${UNDO_SUMMARIES} ${UNDO_RESOURCES} ${UNDO_REPORTS} ${UNDO_WORKFORCE} ${PG ? 'ALTER TABLE audit_head DROP COLUMN key_id;' : UNDO_AUDIT_SEAL}
      DELETE FROM schema_migrations WHERE version = 23;`).status, 0);
    const init = runWaypoint(['init', '--db', s.db]);
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stderr, new RegExp(`sealed with key 1 \\(was unkeyed, ${rows.length} entries\\)`));
    const v = verify(s.db);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /holds the newest checkpoint/);
    assert.doesNotMatch(runWaypoint(['init', '--db', s.db]).stderr, /sealed/, 'once');
    // the unkeyed entries are covered by the first keyed one: one altered
    // and the unkeyed part re-hashed, the sealing entry no longer follows
    const prefix = rows.map((r, i) => (i === 1 ? [...r.slice(0, 10), 'nothing happened'] : r));
    const rewrite = rehashed(prefix).replace('DELETE FROM audit_log;', `DELETE FROM audit_log WHERE id <= ${rows.length};`)
      .replace(/UPDATE audit_head SET[^;]*;/, '');
    assert.equal(sqlDirect(s, rewrite).status, 0);
    const after = verify(s.db, '--audit-checkpoints', '/dev/null');
    assert.equal(after.status, 1);
    assert.match(after.stderr, new RegExp(`entry ${rows.length + 1} does not follow entry ${rows.length}`));
  });
});

describe(`the application's database role (${BACKEND})`, () => {
  test('PostgreSQL: init --app-role lets the server read and append to the log, never change or delete it', { skip: !PG && 'PostgreSQL only' }, async () => {
    const db = freshDatabase();
    const role = `app_${process.pid}`;
    assert.equal(sqlDirect({ db }, `CREATE ROLE ${role} LOGIN`).status, 0);
    const init = runWaypoint(['init', '--db', db, '--app-role', role]);
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stderr, new RegExp(`role ${role} may read and write the tables, and only read and append to the audit log`));
    const app = { db: db.replace(/\/\/[^@]+@/, `//${role}@`) };
    const s = await startServer({ db: app.db, init: false });
    try {
      const admin = await staff(s, 'admin');
      assert.equal((await admin.json('POST', '/api/v1/programs', { name: 'Harbor', kind: 'community', time_zone: 'UTC',
        unit_rounding: 'any_part' })).status, 201);
      for (const sql of ["UPDATE audit_log SET detail = 'x'", 'DELETE FROM audit_log', 'TRUNCATE audit_log',
        'DELETE FROM audit_person', 'ALTER TABLE audit_log DISABLE TRIGGER USER', 'DROP TRIGGER audit_log_append_only ON audit_log']) {
        const r = sqlDirect(app, sql);
        assert.notEqual(r.status, 0, sql);
        assert.match(r.err, /permission denied|must be owner/, sql);
      }
    } finally { await s.stop(); }
    assert.equal(verify(app.db).status, 0);
  });

  test('--app-role is refused for SQLite, and for the owner itself', async () => {
    const db = freshDatabase();
    const r = runWaypoint(['init', '--db', db, '--app-role', 'someone']);
    assert.equal(r.status, 1);
    if (!PG) assert.match(r.stderr, /--app-role is for PostgreSQL/);
    else {
      assert.match(r.stderr, /--app-role someone: .*role "someone" does not exist/);
      const owner = /\/\/([^@]+)@/.exec(db)[1];
      assert.match(runWaypoint(['init', '--db', db, '--app-role', owner]).stderr, /must not be the owner/);
    }
  });
});
