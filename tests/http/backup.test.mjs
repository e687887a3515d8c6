// Backup and restore (issue 28, points 1 and 2).  A backup is taken while
// a server keeps writing, is encrypted and authenticated chunk by chunk
// under a key file of its own (never the audit key), and is checked whole
// before anything is restored from it.  A restore goes only into an empty
// database, upgrades it and verifies its audit log under the audit key.
// Each refusal leaves the target as it was.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BACKEND, BIN, PG, UNDO_AUDIT_SEAL, UNDO_REPORTS, UNDO_RESOURCES, UNDO_SUMMARIES, UNDO_WORKFORCE, freshDatabase, runWaypoint, sqlDirect, staff, startServer } from './helpers.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'waypoint-backup-'));
const keyFile = path.join(dir, 'backup.key');
const withKey = (args) => [...args, '--backup-key', keyFile];
const count = (db, table) => Number(sqlDirect({ db }, `SELECT COUNT(*) FROM ${table}`).out.trim());

/** Runs waypoint without blocking the event loop (the server's writes go on). */
function runAsync(args) {
  return new Promise((resolve) => {
    const p = spawn(BIN, args, { env: process.env });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A database with no tables, or (SQLite) no file. */
function isEmpty(db) {
  if (!PG) return !existsSync(db);
  return sqlDirect({ db }, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").out.trim() === '0';
}

describe(`backup and restore (${BACKEND})`, () => {
  let s, admin, backup, written = 0;

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    const program = (name) => admin.json('POST', '/api/v1/programs',
      { name, kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' });
    for (let i = 0; i < 5; i++) assert.equal((await program(`Before ${i}`)).status, 201);
    // the backup runs while programs keep being added
    let stop = false;
    const writer = (async () => {
      while (!stop) if ((await program(`During ${written}`)).status === 201) written++;
    })();
    backup = path.join(dir, 'live.wbk');
    const r = await runAsync(withKey(['backup', '--db', s.db, '--out', backup]));
    const more = written;
    while (written < more + 3) await new Promise((res) => setTimeout(res, 20));
    stop = true;
    await writer;
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^backup written to /);
  });
  after(async () => { await s?.stop(); });

  test('the first backup makes its key file, readable by its owner only', () => {
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.match(readFileSync(keyFile, 'utf8'), /^[0-9a-f]{64}$/m);
    for (const left of ['tmp', 'snapshot', 'snapshot.gz']) assert.ok(!existsSync(`${backup}.${left}`), `no .${left} left`);
    assert.equal(statSync(backup).mode & 0o777, 0o600);
  });

  test('backup verify checks it whole and prints the manifest', () => {
    const r = runWaypoint(withKey(['backup', 'verify', '--in', backup]));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /backup intact/);
    const m = JSON.parse(r.stdout.slice(0, r.stdout.lastIndexOf('}') + 1));
    assert.equal(m.database, BACKEND);
    assert.ok(m.schema_version > 0 && m.audit_entries > 0 && m.audit_head.length === 64 && m.size > 0);
    assert.equal(m.compression, 'gzip');
    assert.ok(m.stored_size < m.size / 2, `compressed: ${m.stored_size} of ${m.size} bytes`);
  });

  test('the file holds nothing readable: no table name, no program name', () => {
    const raw = readFileSync(backup);
    assert.equal(raw.subarray(0, 18).toString(), 'WAYPOINT-BACKUP 1\n');
    assert.ok(!raw.includes('audit_log') && !raw.includes('Before 0'));
  });

  test('restore into a fresh database: the rows are there and the audit log verifies', () => {
    const target = freshDatabase();
    const r = runWaypoint(withKey(['restore', '--db', target, '--in', backup]));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /audit log intact/);
    const programs = count(target, 'programs');
    assert.ok(programs >= 5 && programs <= 5 + written, `${programs} programs`);
    assert.ok(count(target, 'users') >= 1);
    const v = runWaypoint(['audit', 'verify', '--db', target]);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /audit log intact/);
    // the restored database serves
    return startServer({ db: target, init: false }).then((t) => t.stop());
  });

  test('a wrong backup key is named as such', () => {
    const other = path.join(dir, 'other.key');
    writeFileSync(other, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const r = runWaypoint(['backup', 'verify', '--in', backup, '--backup-key', other]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /wrong backup key/);
  });

  test('a file cut short is found, wherever it was cut', () => {
    const whole = readFileSync(backup);
    for (const at of [10, 70, Math.floor(whole.length / 2), whole.length - 1]) {
      const cut = path.join(dir, `cut-${at}.wbk`);
      writeFileSync(cut, whole.subarray(0, at));
      const r = runWaypoint(withKey(['backup', 'verify', '--in', cut]));
      assert.equal(r.status, 1, `cut at ${at}`);
      assert.match(r.stderr, /truncated|not a Waypoint backup/, `cut at ${at}`);
    }
  });

  test('one flipped byte is found, in the manifest or the data', () => {
    const whole = readFileSync(backup);
    for (const at of [70, whole.length - 10]) {
      const bad = Buffer.from(whole);
      bad[at] ^= 1;
      const file = path.join(dir, `flip-${at}.wbk`);
      writeFileSync(file, bad);
      const r = runWaypoint(withKey(['backup', 'verify', '--in', file]));
      assert.equal(r.status, 1, `flipped at ${at}`);
      assert.match(r.stderr, /damaged/, `flipped at ${at}`);
    }
  });

  test('a damaged backup restores nothing', () => {
    const bad = Buffer.from(readFileSync(backup));
    bad[bad.length - 10] ^= 1;
    const file = path.join(dir, 'bad.wbk');
    writeFileSync(file, bad);
    const target = freshDatabase();
    const r = runWaypoint(withKey(['restore', '--db', target, '--in', file]));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /damaged/);
    assert.ok(isEmpty(target), 'the target is still empty');
  });

  test('restore into a database that holds data is refused, and it stays as it was', () => {
    const before = count(s.db, 'programs');
    const r = runWaypoint(withKey(['restore', '--db', s.db, '--in', backup]));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /already holds \d+ tables.*--force/);
    assert.equal(count(s.db, 'programs'), before);
  });

  test('--force replaces a database that holds data, and its audit log verifies', () => {
    const target = freshDatabase();
    assert.equal(runWaypoint(['init', '--db', target]).status, 0);
    assert.equal(runWaypoint(['user', 'add', '--db', target, '--email', 'gone@example.org', '--name', 'Gone Soon',
      '--role', 'peer_specialist', '--password-stdin'], { input: 'sunny meadow lantern 42\n' }).status, 0);
    const r = runWaypoint(withKey(['restore', '--db', target, '--in', backup, '--force']));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sqlDirect({ db: target }, "SELECT COUNT(*) FROM users WHERE email = 'gone@example.org'").out.trim(), '0');
    assert.ok(count(target, 'programs') >= 5);
    const v = runWaypoint(['audit', 'verify', '--db', target]);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /holds the newest checkpoint/);
  });

  test('--force does not replace a database a server is using: it keeps serving, unchanged', () => {
    const before = count(s.db, 'programs');
    const r = runWaypoint(withKey(['restore', '--db', s.db, '--in', backup, '--force']));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is in use \((open in another process|other connections to it)\): stop its server first; nothing changed/);
    assert.equal(count(s.db, 'programs'), before);
    return admin.fetch('/api/v1/programs').then((res) => assert.equal(res.status, 200));
  });

  test('a backup of a newer schema is refused before anything is written', () => {
    const newer = freshDatabase();
    assert.equal(runWaypoint(['init', '--db', newer]).status, 0);
    assert.equal(sqlDirect({ db: newer }, "INSERT INTO schema_migrations VALUES (999, 'from the future', '2030-01-01T00:00:00Z')").status, 0);
    const file = path.join(dir, 'newer.wbk');
    assert.equal(runWaypoint(withKey(['backup', '--db', newer, '--out', file])).status, 0);
    const target = freshDatabase();
    const r = runWaypoint(withKey(['restore', '--db', target, '--in', file]));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /schema version 999, newer than this waypoint \(\d+\).*nothing changed/);
    assert.ok(isEmpty(target), 'the target is still empty');
  });

  test('a disk that fills during a backup: a clear error, no file left, the server serving on', async () => {
    const out = path.join(dir, 'full.wbk');
    // a file-size limit makes every write past it fail as a full disk does (EFBIG)
    const r = spawnSync('sh', ['-c', 'trap "" XFSZ; ulimit -f 16; exec "$@"', 'sh', BIN,
      ...withKey(['backup', '--db', s.db, '--out', out])], { encoding: 'utf8', env: process.env });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /backup failed: .*(full|too large|No space|dump)/i);
    for (const leftover of [out, `${out}.tmp`, `${out}.snapshot`, `${out}.snapshot.gz`])
      assert.ok(!existsSync(leftover), `${leftover} is left`);
    assert.equal((await admin.fetch('/api/v1/programs')).status, 200);
  });

  test('a backup of an older schema is upgraded as it is restored', () => {
    const old = freshDatabase();
    assert.equal(runWaypoint(['init', '--db', old]).status, 0);
    const undo = PG ? 'ALTER TABLE audit_head DROP COLUMN key_id;' : UNDO_AUDIT_SEAL;
    assert.equal(sqlDirect({ db: old }, `${UNDO_SUMMARIES} ${UNDO_RESOURCES} ${UNDO_REPORTS} ${UNDO_WORKFORCE} ${undo} DELETE FROM schema_migrations WHERE version = 23;`).status, 0);
    const file = path.join(dir, 'old.wbk');
    const b = runWaypoint(withKey(['backup', '--db', old, '--out', file]));
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /"schema_version":22/);
    const target = freshDatabase();
    const r = runWaypoint(withKey(['restore', '--db', target, '--in', file]));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /restored at schema version 27 \(5 steps applied\)/);
    assert.equal(sqlDirect({ db: target }, 'SELECT MAX(version) FROM schema_migrations').out.trim(), '27');
    assert.equal(runWaypoint(['audit', 'verify', '--db', target]).status, 0);
  });

  test('restore needs the audit key the database was sealed with', () => {
    const otherDb = freshDatabase();
    const otherKey = path.join(dir, 'other-audit.key');
    assert.equal(runWaypoint(['init', '--db', otherDb, '--audit-key', otherKey]).status, 0);
    const target = freshDatabase();
    const r = runWaypoint(withKey(['restore', '--db', target, '--in', backup, '--audit-key', otherKey]));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /must be the key file the database was sealed with/);
    if (!PG) assert.ok(isEmpty(target), 'SQLite: nothing restored');
  });

  test('the backup key may not be the audit key', () => {
    const r = runWaypoint(['backup', '--db', s.db, '--out', path.join(dir, 'x.wbk'),
      '--backup-key', process.env.WAYPOINT_AUDIT_KEY]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is the audit key file/);
    assert.ok(!existsSync(path.join(dir, 'x.wbk')));
  });

  test('missing --out or --in is a usage error naming the option', () => {
    for (const [args, name] of [[['backup', '--db', s.db], '--out'], [['backup', 'verify'], '--in'],
      [['restore', '--db', freshDatabase()], '--in']]) {
      const r = runWaypoint(withKey(args));
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, new RegExp(`needs ${name} FILE`));
    }
  });

  test('--out may not name the database, and two backups may not write one file', () => {
    const db = path.join(dir, 'self.db');
    const r = runWaypoint(withKey(['backup', '--db', PG ? s.db : db, '--out', PG ? keyFile : db]));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is the database or a key file/);
    const out = path.join(dir, 'busy.wbk');
    writeFileSync(`${out}.tmp`, '');
    const busy = runWaypoint(withKey(['backup', '--db', s.db, '--out', out]));
    assert.equal(busy.status, 1);
    assert.match(busy.stderr, /busy\.wbk\.tmp: it exists: another backup/);
    assert.ok(!existsSync(out));
    assert.ok(existsSync(`${out}.tmp`), "the other backup's file is left alone");
  });

  test('a failed backup leaves no file behind', () => {
    const out = path.join(dir, 'no-such-folder', 'x.wbk');
    const r = runWaypoint(withKey(['backup', '--db', s.db, '--out', out]));
    assert.equal(r.status, 1);
    assert.ok(!existsSync(out) && !existsSync(`${out}.tmp`));
  });

  test('a backup of one kind does not restore into the other', { skip: !PG && 'needs PostgreSQL' }, () => {
    const sqliteTarget = path.join(dir, 'kind.db');
    const r = runWaypoint(withKey(['restore', '--db', sqliteTarget, '--in', backup]));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /PostgreSQL backup/);
    assert.ok(!existsSync(sqliteTarget));
  });

  test('SQLite: the key file defaults to beside the database', { skip: !!PG && 'SQLite only' }, () => {
    const db = path.join(dir, 'beside.db');
    copyFileSync(s.db, db); // a copy: the running server's file is left alone
    const r = runWaypoint(['backup', '--db', db, '--out', path.join(dir, 'beside.wbk')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /created the backup key file .*beside-backup\.key/);
    assert.equal(statSync(path.join(dir, 'beside-backup.key')).mode & 0o777, 0o600);
  });

  test('PostgreSQL: the backup key must be named', { skip: !PG && 'PostgreSQL only' }, () => {
    const r = runWaypoint(['backup', '--db', s.db, '--out', path.join(dir, 'pg.wbk')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /PostgreSQL needs --backup-key FILE/);
  });
});
