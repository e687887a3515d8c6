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

// The audit log's key file (docs/security.md): one for every database this
// test file makes, so that a copy of a database still verifies under it.
// Checkpoints are a database's own: beside an SQLite file, and named after
// a PostgreSQL database here.
const keyDir = mkdtempSync(path.join(tmpdir(), 'waypoint-key-'));
process.env.WAYPOINT_AUDIT_KEY ??= path.join(keyDir, 'audit.key');
/** Where the checkpoints of database db go. */
export function auditCheckpoints(db) {
  return db.startsWith('postgres') ? path.join(keyDir, `${db.split('/').pop()}.checkpoints`)
    : db.replace(/\.db$/, '-audit.checkpoints');
}
function auditEnv(args) {
  const db = args[args.indexOf('--db') + 1] || '';
  return db.startsWith('postgres') ? { WAYPOINT_AUDIT_CHECKPOINTS: auditCheckpoints(db) } : {};
}

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

/** Runs SQL straight against the database, behind Waypoint's back. */
export function sqlDirect(s, text) {
  const r = PG
    ? spawnSync('psql', [s.db, '-qAtc', text], { encoding: 'utf8' })
    // the server may hold the write lock for a moment: wait for it, as it does
    : spawnSync('sqlite3', ['-cmd', '.timeout 5000', s.db, text], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** How many migrations follow 15, which the upgrade tests below apply again
 * after theirs: "N steps applied" counts them too. */
export const LATER_STEPS = 12;
/** The upgrade's report when it applies n steps of its own and the later ones. */
export const stepsApplied = (n) => new RegExp(`\\b${n + LATER_STEPS} steps? applied`);

/** SQLite: take a copy of the database back to before migration 16, the
 * later ones undone newest first: service report summaries (27), community resources and referrals (26), reports, billing batches and disclosures (25), the workforce (24), the audit seal (23), a two-step code used once (22), follow-ups (21),
 * token scopes (20), program edits (19), merging duplicates (18), corrections and transfers (17),
 * form drafts (16). */
/** Both databases: migration 27 (issue 26: the service report's summaries)
 * undone. */
export const UNDO_SUMMARIES = 'DROP TABLE service_sums; DELETE FROM schema_migrations WHERE version = 27;';
/** Both databases: migration 26 (issue 23: the directory, its search, HSDS
 * import and export, referrals) undone; each part adds its own statements
 * on its line. */
export const UNDO_RESOURCES = `DROP TABLE contact_referrals; DROP TABLE referral_events; DROP TABLE referrals;
  DROP TABLE IF EXISTS resource_fts; DROP TABLE resource_hours; DROP TABLE resource_terms; DROP TABLE resource_langs; DROP TABLE resource_entries;
  ALTER TABLE programs DROP COLUMN referral_overdue_days;
  DROP TABLE hsds_import_keep;
  DROP TABLE directory_liaison; DROP TABLE directory_partners;
  DROP TABLE hsds_meta_table_descriptions; DROP TABLE hsds_metadata; DROP TABLE hsds_attributes; DROP TABLE hsds_organization_identifiers; DROP TABLE hsds_funding; DROP TABLE hsds_service_areas; DROP TABLE hsds_required_documents; DROP TABLE hsds_cost_options; DROP TABLE hsds_accessibility; DROP TABLE hsds_languages; DROP TABLE hsds_schedules; DROP TABLE hsds_phones; DROP TABLE hsds_contacts; DROP TABLE hsds_addresses; DROP TABLE hsds_service_at_location; DROP TABLE hsds_locations; DROP TABLE hsds_services; DROP TABLE hsds_taxonomy_terms; DROP TABLE hsds_taxonomies; DROP TABLE hsds_programs; DROP TABLE hsds_organizations;
  DELETE FROM schema_migrations WHERE version = 26;`;
/** Both databases: migration 25 (issue 26: reports, billing batches,
 * disclosures) undone; each part adds its own statements on its line. */
export const UNDO_REPORTS = `DROP TABLE disclosures;
  DROP TABLE service_facts;
  DROP INDEX plan_versions_created; DROP INDEX barc10_taken; DROP INDEX recovery_stages_changed; DROP INDEX followups_due_on;
  DROP TABLE billing_batch_left_out; DROP TABLE billing_batch_lines; DROP TABLE billing_batches; DROP TABLE program_billing; ALTER TABLE persons DROP COLUMN payer_member_id;
  ALTER TABLE consents DROP COLUMN recipient_class; ALTER TABLE consents DROP COLUMN purposes;
  ALTER TABLE programs DROP COLUMN part2; ALTER TABLE programs DROP COLUMN small_cell_threshold;
  DELETE FROM schema_migrations WHERE version = 25;`;
/** Both databases: migration 24 (issue 27's workforce tables) undone. */
export const UNDO_WORKFORCE = `DROP TABLE trainings; DROP TABLE policy_acks; DROP TABLE policy_versions;
  DROP TABLE policies; DROP INDEX supervision_sessions_supervisor;
  ALTER TABLE supervision_sessions DROP COLUMN acknowledged_at; ALTER TABLE supervision_sessions DROP COLUMN actions;
  ALTER TABLE supervision_sessions DROP COLUMN notes; ALTER TABLE supervision_sessions DROP COLUMN group_id;
  ALTER TABLE supervision_sessions DROP COLUMN kind; DROP TABLE trainee_competencies; DROP TABLE competencies;
  DROP TABLE trainee_progress; DROP TABLE staff_languages; DROP TABLE staff_credentials;
  DROP TABLE credential_kind_roles; DROP TABLE credential_kinds; DROP TABLE workforce_settings;
  DELETE FROM schema_migrations WHERE version = 24;`;
export const UNDO_AUDIT_SEAL = 'ALTER TABLE audit_head DROP COLUMN key_id;';
export const UNDO_TOTP_STEP = 'ALTER TABLE users DROP COLUMN totp_last_step;';
export const UNDO_FOLLOWUPS = `DROP INDEX plan_versions_pending; DROP INDEX plan_versions_returned; DROP INDEX persons_quiet; ALTER TABLE persons DROP COLUMN enrolled;
  ALTER TABLE persons DROP COLUMN last_contact_on; DROP TABLE contact_declines; DROP TABLE followup_attempts;
  DROP TABLE followups; ALTER TABLE programs DROP COLUMN no_contact_days; DROP TABLE followup_schedules;`;
export const UNDO_TOKEN_SCOPES = `CREATE TABLE api_tokens_old (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE, access TEXT NOT NULL CHECK (access IN ('read', 'read_write')),
  created_by BIGINT NOT NULL REFERENCES users(id), created_at TEXT NOT NULL, revoked_at TEXT);
  INSERT INTO api_tokens_old SELECT id, name, token_hash, access, created_by, created_at, revoked_at FROM api_tokens;
  DROP TABLE api_tokens; ALTER TABLE api_tokens_old RENAME TO api_tokens;`;
export const UNDO_PROGRAM_EDITS = `DROP TABLE program_rounding_rules; DROP TABLE program_service_codes;
  ALTER TABLE programs DROP COLUMN wellness_plan_label;`;
export const UNDO_PERSON_MERGE = `DROP TABLE merge_moves; DROP TABLE person_merges; DROP INDEX persons_merged;
  DROP INDEX persons_team; CREATE INDEX persons_team ON persons(team_id, search_name, id, record_number, date_of_birth);
  ALTER TABLE persons DROP COLUMN merged_into; ALTER TABLE persons DROP COLUMN merged_at;
  ALTER TABLE persons DROP COLUMN merged_by;`;
export const UNDO_PERSON_EDIT = 'DROP TABLE person_changes; DROP TABLE transfers;';
export const UNDO_FORM_DRAFTS = 'DROP TABLE form_drafts;';
export const UNDO_LATER = `${UNDO_SUMMARIES} ${UNDO_RESOURCES} ${UNDO_REPORTS} ${UNDO_WORKFORCE} ${UNDO_AUDIT_SEAL} ${UNDO_TOTP_STEP} ${UNDO_FOLLOWUPS} ${UNDO_TOKEN_SCOPES} ${UNDO_PROGRAM_EDITS} ${UNDO_PERSON_MERGE} ${UNDO_PERSON_EDIT} ${UNDO_FORM_DRAFTS}
  DELETE FROM schema_migrations WHERE version >= 16;`;

/** SQLite: takes a copy of the database back to before migration 15: the
 * audit log keyed by a BIGINT PRIMARY KEY, beside a rowid of its own. */
export const UNDO_AUDIT_KEY = `${UNDO_LATER} CREATE TABLE audit_log_old (id BIGINT PRIMARY KEY, at TEXT NOT NULL,
  user_id BIGINT, role TEXT NOT NULL, action TEXT NOT NULL, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL,
  person_id BIGINT, client TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL); INSERT INTO audit_log_old SELECT * FROM audit_log ORDER BY id; DROP TABLE audit_log;
  ALTER TABLE audit_log_old RENAME TO audit_log; CREATE INDEX audit_log_user ON audit_log(user_id, id);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;
  DELETE FROM schema_migrations WHERE version = 15;`;

/** SQLite: takes a copy of the database back to before migration 14 (a
 * person's lists in the order shown), and 15 after it, for the upgrade
 * tests. */
export const UNDO_LIST_ORDER = `${UNDO_AUDIT_KEY} DROP INDEX contacts_person_recent;
  DROP INDEX enrollments_person; CREATE INDEX enrollments_person ON enrollments(person_id);
  DROP INDEX supports_person; CREATE INDEX supports_person ON supports(person_id);
  DELETE FROM schema_migrations WHERE version = 14;`;

/** SQLite: takes a copy of the database back to before migration 13 (the
 * audit log's person index), and those after it, for the upgrade tests. */
export const UNDO_AUDIT_PERSON = `${UNDO_LIST_ORDER} DROP TRIGGER audit_person_no_update; DROP TRIGGER audit_person_no_delete;
  DROP TABLE audit_person; DROP TABLE audit_person_head; CREATE INDEX audit_log_person ON audit_log(person_id, id);
  CREATE INDEX audit_log_at ON audit_log(at); DELETE FROM schema_migrations WHERE version = 13;`;

export function runWaypoint(args, opts = {}) {
  return spawnSync(BIN, args, { encoding: 'utf8', ...opts, env: { ...process.env, ...auditEnv(args), ...opts.env } });
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
    { env: { ...process.env, ...auditEnv(['--db', db]), ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
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
    // up to 15 s: the sanitizer build filling the demo on a loaded machine is slow
    if (proc.exitCode !== null || i > 600) throw new Error(`server did not start: ${stderr}`);
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

export async function countPrograms(session) {
  let n = 0, cursor = '';
  for (;;) {
    const r = await session.fetch(`/api/v1/programs?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    const j = await r.json();
    n += j.items.length;
    if (!j.next_cursor) return n;
    cursor = j.next_cursor;
  }
}

// ---- signing in -----------------------------------------------------------
import crypto from 'node:crypto';

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) — what an authenticator app shows. */
export function totp(secret, seconds = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const key = [];
  for (const c of secret.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { key.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const h = crypto.createHmac('sha1', Buffer.from(key)).update(counter).digest();
  const o = h[19] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

/**
 * A code the server takes for user (one whose totpSecret is set): a code is
 * accepted once, for a step later than the last one used, so this takes
 * the step after user.totpStep — this step's, or the next one's (the server
 * allows a step of drift), waiting when that is spent too — and records it.
 */
export async function freshTotp(user) {
  for (;;) {
    const now = Math.floor(Date.now() / 30000);
    const step = Math.max(now, (user.totpStep ?? -1) + 1);
    if (step <= now + 1) {
      user.totpStep = step;
      return totp(user.totpSecret, step * 30);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Whether freshTotp(user) would answer without waiting. */
export const totpDue = (user) => (user.totpStep ?? -1) + 1 <= Math.floor(Date.now() / 30000) + 1;

let userCounter = 0;
export const GOOD_PASSWORD = 'sunny meadow lantern 42';

/** Creates a staff account through the command line (password on stdin). */
export function addUser(s, { role = 'peer_specialist', email, name, password = GOOD_PASSWORD } = {}) {
  userCounter++;
  email ??= `${role.replace('_', '.')}${userCounter}@example.org`;
  name ??= `Sam Tester${userCounter}`;
  const r = runWaypoint(['user', 'add', '--db', s.db, '--email', email, '--name', name,
    '--role', role, '--password-stdin'], { input: `${password}\n` });
  if (r.status !== 0) throw new Error(`user add: ${r.stderr}`);
  return { email, name, role, password, id: Number(/user (\d+) created/.exec(r.stderr)[1]) };
}

export function cookieFrom(res) {
  const set = res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie')];
  const c = set.find((x) => x && x.startsWith('__Host-waypoint='));
  return c ? c.split(';')[0] : null;
}

/** A fetch bound to a session: sends its cookie and CSRF token. */
function bind(s, state) {
  state.fetch = (path, opts = {}) => fetch(s.url + path, {
    redirect: 'manual', ...opts,
    headers: { Cookie: state.cookie, 'X-CSRF-Token': state.csrf, ...(opts.headers || {}) },
  });
  state.json = async (method, path, body) => state.fetch(path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });
  state.form = async (path, fields) => state.fetch(path, {
    method: 'POST', body: new URLSearchParams({ csrf_token: state.csrf, ...fields }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return state;
}

/**
 * Signs user in and returns { cookie, csrf, user, fetch, json, form }.
 * Admins and program managers must use two-step sign-in: the first time,
 * this sets it up through the real pages (as a person would) and keeps the
 * secret on the user for later sign-ins.
 */
export async function signIn(s, user) {
  if (user.totpSecret || !['admin', 'program_manager'].includes(user.role)) {
    const body = { email: user.email, password: user.password };
    // a code not due yet: a recovery code saves waiting for it
    if (user.totpSecret) body.totp = !totpDue(user) && user.recoveryCodes?.length ? user.recoveryCodes.shift() : await freshTotp(user);
    const r = await postJson(`${s.url}/api/v1/session`, body);
    if (r.status !== 200) throw new Error(`sign-in ${r.status}: ${await r.text()}`);
    const j = await r.json();
    return bind(s, { cookie: cookieFrom(r), csrf: j.csrf_token, user });
  }
  const first = await postForm(`${s.url}/signin`, { email: user.email, password: user.password });
  if (first.status !== 303) throw new Error(`sign-in page ${first.status}`);
  let cookie = cookieFrom(first);
  const page = await (await fetch(`${s.url}/account/two-step`, { headers: { Cookie: cookie } })).text();
  const secret = /Or type this key: <code>([A-Z2-7]+)<\/code>/.exec(page)[1];
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(page)[1];
  user.totpSecret = secret; // the code that turns it on is spent too
  const done = await fetch(`${s.url}/account/two-step`, {
    method: 'POST', redirect: 'manual', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: csrf, secret, code: await freshTotp(user), next: '/' }).toString(),
  });
  if (done.status !== 200) throw new Error(`two-step set-up ${done.status}`);
  user.recoveryCodes = [...(await done.text()).matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
  cookie = cookieFrom(done);
  const me = await (await fetch(`${s.url}/api/v1/session`, { headers: { Cookie: cookie } })).json();
  return bind(s, { cookie, csrf: me.csrf_token, user });
}

/** Creates a user of role and signs them in. */
export async function staff(s, role = 'peer_specialist') {
  return signIn(s, addUser(s, { role }));
}
