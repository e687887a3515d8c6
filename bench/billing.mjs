// bench/billing.mjs — the billing batch's streaming target (issue 26): the
// CSV of a month of a 50-staff program (50 staff × 20 services a day × 30
// days = 30,000 lines) and ten times that (300,000) must download without
// the server holding it: its resident memory stays flat.  For each size:
// making the batch (one transaction, read in chunks of 1,000), then the
// download streamed (GET /billing/batches/{id}/csv), then the old billing
// CSV of the same period (GET /billing.csv, built whole in memory) for
// comparison.  The peak resident memory (VmHWM) is reset before each step
// (/proc/PID/clear_refs) and read after it.  Run by bench/billing.sh; on
// PostgreSQL with WAYPOINT_TEST_PG set (tests/pg-cluster.sh does).
import { readFileSync, writeFileSync } from 'node:fs';
import { BACKEND, sqlDirect, staff, startServer } from '../tests/http/helpers.mjs';

const SIZES = (process.env.BENCH_SIZES || '20,200').split(',').map(Number); // services per staff member a day
const STAFF = 50, DAYS = 30, PERSONS = 1000;
const kb = (pid, key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const resetPeak = (pid) => writeFileSync(`/proc/${pid}/clear_refs`, '5');
const mib = (k) => (k / 1024).toFixed(1);

const s = await startServer();
const pid = s.proc.pid;
const sql = (text) => {
  const r = sqlDirect(s, text);
  if (r.status !== 0) throw new Error(r.err);
  return r.out.trim();
};
const manager = await staff(s, 'program_manager');
const now = '2026-11-01T00:00:00Z';
sql(`CREATE TABLE bench_n (i INTEGER PRIMARY KEY); CREATE TABLE bench_days (d TEXT PRIMARY KEY);
  INSERT INTO bench_n (i) VALUES ${Array.from({ length: Math.max(...SIZES, STAFF, PERSONS) }, (_, i) => `(${i + 1})`).join(',')};
  INSERT INTO bench_days (d) VALUES ${Array.from({ length: DAYS }, (_, i) => `('2026-10-${String(i + 1).padStart(2, '0')}')`).join(',')};`);
const rows = [];
for (const [k, perDay] of SIZES.entries()) {
  const name = `Bench ${k}`;
  sql(`INSERT INTO programs (name, kind, time_zone, unit_rounding, created_at, updated_at)
    VALUES ('${name}', 'community', 'UTC', 'eight_minute', '${now}', '${now}');
  INSERT INTO teams (program_id, name, created_at) SELECT id, 'Team', '${now}' FROM programs WHERE name = '${name}';
  INSERT INTO users (email, name, role, created_at, updated_at)
    SELECT 'bench${k}-' || i || '@example.org', 'Bench Peer ' || i, 'peer_specialist', '${now}', '${now}' FROM bench_n WHERE i <= ${STAFF};
  INSERT INTO persons (record_number, legal_name, preferred_name, pronouns, date_of_birth, phone, email, preferred_language,
    team_id, recovery_stage, search_name, created_at, updated_at)
    SELECT 'B${k}-' || i, 'Person ' || i, '', '', '1980-01-01', '', '', '', t.id, 'stabilization', 'person ' || i, '${now}', '${now}'
    FROM bench_n CROSS JOIN teams t JOIN programs g ON g.id = t.program_id WHERE g.name = '${name}' AND i <= ${PERSONS};`);
  const team = sql(`SELECT t.id FROM teams t JOIN programs g ON g.id = t.program_id WHERE g.name = '${name}'`);
  const program = sql(`SELECT id FROM programs WHERE name = '${name}'`);
  const first = sql(`SELECT MIN(id) FROM persons WHERE team_id = ${team}`);
  const t0 = Date.now();
  sql(`INSERT INTO contacts (person_id, team_id, kind, contact_on, starts_at, ends_at, location, goals, did_together,
    staff_id, state, signed_at, content_hash, created_at, updated_at)
    SELECT ${first} + ((u.id * 31 + n.i * 7) % ${PERSONS}), ${team}, 'individual', d.d, '10:00', '10:40', 'office',
    '["Keep my job"]', 'Walked to the food bank together.', u.id, 'signed', '${now}', '', '${now}', '${now}'
    FROM bench_days d CROSS JOIN users u CROSS JOIN bench_n n WHERE u.email LIKE 'bench${k}-%' AND n.i <= ${perDay}`);
  const contacts = Number(sql(`SELECT COUNT(*) FROM contacts WHERE team_id = ${team}`));
  console.error(`${name}: ${contacts} contacts generated in ${Date.now() - t0} ms`);

  const base = kb(pid, 'VmRSS');
  resetPeak(pid);
  let t = Date.now();
  const r = await manager.json('POST', '/api/v1/billing/batches', { program_id: Number(program), from: '2026-10-01', to: '2026-10-31' });
  const batch = await r.json();
  if (r.status !== 201) throw new Error(JSON.stringify(batch));
  const makeMs = Date.now() - t, makePeak = kb(pid, 'VmHWM');

  const download = async (path) => {
    const before = kb(pid, 'VmRSS');
    resetPeak(pid);
    const start = Date.now();
    const res = await manager.fetch(path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    let bytes = 0, lines = 0;
    for await (const chunk of res.body) { // counted, never kept
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
    return { ms: Date.now() - start, bytes, lines: lines - 1, before, peak: kb(pid, 'VmHWM'), after: kb(pid, 'VmRSS') };
  };
  const streamed = await download(`/billing/batches/${batch.id}/csv`);
  const again = await download(`/billing/batches/${batch.id}/csv`);
  const whole = await download(`/billing.csv?program=${program}&from=2026-10-01&to=2026-10-31`);
  rows.push({ contacts, lines: batch.line_count, base, makeMs, makePeak, streamed, again, whole });
}
await s.stop();

console.log(`billing batches on ${BACKEND} (${STAFF} staff, ${DAYS} days; resident memory in MiB)`);
console.log('lines     | make: ms  peak | batch CSV: MB    ms  RSS before → peak | again: peak | whole CSV (/billing.csv): ms  peak');
for (const x of rows) {
  console.log(`${String(x.lines).padEnd(9)} | ${String(x.makeMs).padStart(8)} ${mib(x.makePeak).padStart(5)} | `
    + `${(x.streamed.bytes / 1e6).toFixed(1).padStart(12)} ${String(x.streamed.ms).padStart(5)} ${mib(x.streamed.before).padStart(10)} → ${mib(x.streamed.peak).padStart(5)} | `
    + `${mib(x.again.peak).padStart(11)} | ${String(x.whole.ms).padStart(27)} ${mib(x.whole.peak).padStart(5)}`);
  if (x.streamed.lines !== x.lines) throw new Error(`streamed ${x.streamed.lines} lines, batch has ${x.lines}`);
}
