#!/bin/sh
# bench/today.sh — the Today page target (issue 25): p99 <= 10 ms at 32
# connections for a peer on a team of 5,000 persons, with 1,000,000 persons
# and 10,000,000 contacts, on SQLite (PostgreSQL reported), and plans that
# stay bounded by team however many years of history pile up.
#
# Builds (bench/generate.sh's persons, then here, all in SQL):
#  - BENCH_PERSONS persons (default 1,000,000) on 200 teams; the bench peer
#    (user 1) is on team 1 (BENCH_PERSONS / 200 persons), with 200
#    generated staff (one a team), a trainee and a supervisor on team 1;
#  - one enrollment each, admitted over the last 8 years; 30 % discharged
#    at dates spread over the years;
#  - BENCH_CONTACTS signed contacts (default 10,000,000) over every person,
#    each person's within their stay, over about 8 years, team_id the
#    person's, staff the team's peer (team 1: the bench peer half of them);
#  - 3 follow-ups a discharge (7, 30, 90 days): closed with an attempt
#    when due over two weeks ago, open otherwise (overdue and coming);
#  - a plan version a person; a few drafts, pending co-signatures and notes
#    returned to the trainee;
#  - persons.last_contact_on and persons.enrolled computed from the rows.
# The contacts' indexes are dropped while they are filled and made again
# from the schema's own definitions (sqlite_master / pg_indexes).
# Prints the generator's time (with ANALYZE) and the database's size; the
# plan of every SELECT the server runs for GET /api/v1/today (SQLite: each
# statement as run, values bound, logged by bench/sql_log.c preloaded into
# the server; PostgreSQL: auto_explain, every statement of the request) and
# its time in the sqlite3 shell; then wrk at 32 connections on GET / and
# GET /api/v1/today: r/s, p50, p90, p99.  Until the Today page exists the
# same is done for GET /followups and GET /api/v1/followups (the follow-up
# worklist) instead.
#
#   sh bench/today.sh                        # full size, SQLite (minutes)
#   BENCH_PERSONS=100000 BENCH_CONTACTS=1000000 sh bench/today.sh
#   BENCH_DB=postgres sh bench/today.sh
# Also BENCH_DURATION (wrk, default 10s), BENCH_RUNS, BENCH_KEEP=1 with
# BENCH_WORK=dir (keep the database; BENCH_REUSE=1 measures it again, on
# SQLite, without generating), and bench/generate.sh's others.
# Needs a C compiler for bench/sql_log.c (bench/bundle.sh packs it built).
set -eu
cd "$(dirname "$0")/.."
. bench/generate.sh
C=${BENCH_CONTACTS:-10000000}
RUNS=${BENCH_RUNS:-1}
K=$(( (C + N - 1) / N )) # contacts a person, about
bench_setup today

# A person p's stay, in days before today: admitted ADM days ago (30 to
# 2,919), and for 30 % (not by team: by p / 200) discharged DIS days ago,
# any day of the stay; JIT, 0 to 44, is how long before its end (today, or
# the discharge) the stay's last contact was.  Shared by both databases.
ADM="(30 + ((p / 200) * 7919 + p * 13) % 2890)"
DISCHARGED="((p / 200) % 10 < 3)"
DIS="(((p / 200) * 104729 + p * 7) % $ADM)"
JIT="((p * 31) % 45)"
NARRATIVE="Walked to the food bank together and practised asking for help; talked about the week ahead."

# The rows, after the persons; SQL that both databases read alike, apart
# from the numbers' source ($1: "n" rows i from 0 to $2 - 1), the days'
# table and how the contacts' indexes are put back.
generate_today_rows() { # numbers-of(count)
	cat <<SQL
INSERT INTO users (email, name, role, created_at, updated_at)
  SELECT 'staff' || i || '@example.org', 'Staff ' || i, 'peer_specialist', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
  FROM $(numbers 201) WHERE i >= 1;
-- ids: staff of team t is 1 + t; then the trainee (202) and the supervisor (203)
INSERT INTO users (email, name, role, created_at, updated_at) VALUES
  ('trainee@example.org', 'Bench Trainee', 'peer_trainee', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
  ('supervisor@example.org', 'Bench Supervisor', 'supervisor', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
INSERT INTO team_members SELECT i, 1 + i FROM $(numbers 201) WHERE i >= 1;
INSERT INTO team_members VALUES (1, 202), (1, 203);
-- each person's stay (days before today)
CREATE TEMP TABLE stay (p INTEGER PRIMARY KEY, adm INTEGER NOT NULL, dis INTEGER, jit INTEGER NOT NULL);
INSERT INTO stay SELECT p, $ADM, CASE WHEN $DISCHARGED THEN $DIS END, $JIT
  FROM (SELECT i + 1 AS p FROM $(numbers "$N")) x;
INSERT INTO enrollments (person_id, program_id, admitted_on, admission_reason, discharged_on,
  discharge_reason, created_at, created_by)
  SELECT s.p, 1, a.day, 'Referred by the clinic', d.day,
    CASE WHEN s.dis IS NULL THEN NULL ELSE (CASE s.p % 5 WHEN 0 THEN 'goals_met' WHEN 1 THEN 'chose_to_leave'
      WHEN 2 THEN 'moved' WHEN 3 THEN 'lost_contact' ELSE 'transferred' END) END,
    a.day || 'T09:00:00Z', 1
  FROM stay s JOIN days a ON a.ago = s.adm LEFT JOIN days d ON d.ago = s.dis ORDER BY s.p;
-- contact k (0 to K - 1) of person p: spread over the stay, the last JIT
-- days before its end; i runs over the persons K times, so ids grow with
-- the dates, about
INSERT INTO contacts (person_id, team_id, kind, contact_on, starts_at, ends_at, location, goals,
  did_together, staff_id, state, signed_at, content_hash, created_at, updated_at)
  SELECT s.p, 1 + s.p % 200,
    CASE x.i % 6 WHEN 0 THEN 'individual' WHEN 1 THEN 'phone' WHEN 2 THEN 'community_outing'
      WHEN 3 THEN 'accompaniment' WHEN 4 THEN 'outreach' ELSE 'message' END,
    d.day, '10:00', '10:45', 'community', '[]', '$NARRATIVE',
    CASE WHEN s.p % 200 = 0 AND (x.i / $N) % 2 = 0 THEN 1 ELSE 2 + s.p % 200 END,
    'signed', d.day || 'T18:00:00Z', '', d.day || 'T18:00:00Z', d.day || 'T18:00:00Z'
  FROM (SELECT i FROM $(numbers "$C")) x
  JOIN stay s ON s.p = 1 + x.i % $N
  JOIN days d ON d.ago = COALESCE(s.dis, 0) + (CASE WHEN s.jit < s.adm - COALESCE(s.dis, 0) THEN s.jit ELSE s.adm - COALESCE(s.dis, 0) END)
    + ($K - 1 - x.i / $N) * (s.adm - COALESCE(s.dis, 0) - (CASE WHEN s.jit < s.adm - COALESCE(s.dis, 0) THEN s.jit ELSE s.adm - COALESCE(s.dis, 0) END)) / $K;
-- 3 follow-ups a discharge, due 7, 30 and 90 days after it: closed (with
-- an attempt) when due more than two weeks ago, open otherwise
INSERT INTO followups (person_id, team_id, enrollment_id, days_after, due_on, state, outcome,
  closed_at, closed_by, created_at)
  SELECT e.person_id, 1 + e.person_id % 200, e.id, f.days, d.day,
    CASE WHEN s.dis - f.days > 14 THEN 'closed' ELSE 'open' END,
    CASE WHEN s.dis - f.days <= 14 THEN '' WHEN e.id % 3 = 0 THEN 'not_reached' ELSE 'reached' END,
    CASE WHEN s.dis - f.days > 14 THEN d.day || 'T17:00:00Z' END,
    CASE WHEN s.dis - f.days > 14 THEN 2 + e.person_id % 200 END,
    e.discharged_on || 'T12:00:00Z'
  FROM enrollments e JOIN stay s ON s.p = e.person_id
  JOIN (SELECT 7 AS days UNION ALL SELECT 30 UNION ALL SELECT 90) f ON 1 = 1
  JOIN days d ON d.ago = s.dis - f.days
  WHERE e.discharged_on IS NOT NULL ORDER BY e.id, f.days;
INSERT INTO followup_attempts (followup_id, attempted_on, method, result, staff_id, created_at)
  SELECT id, due_on, 'phone', CASE outcome WHEN 'reached' THEN 'reached' ELSE 'no_answer' END,
    closed_by, closed_at FROM followups WHERE state = 'closed';
INSERT INTO plan_versions (person_id, version, document, leadership, author_kind, author_id, summary,
  created_at, cosign_state)
  SELECT p, 1, '{"goals":[],"strengths":[],"barriers":[]}', 'shared', 'staff', 2 + p % 200, 'First plan',
    '2026-01-01T00:00:00Z', 'none' FROM stay;
SQL
}

# After the contacts' indexes are back: the persons' columns the Today page
# reads (every contact so far is signed), then the few recent rows.
generate_today_after() {
	cat <<SQL
UPDATE persons SET enrolled = x.enrolled, last_contact_on = x.last_on
  FROM (SELECT e.person_id AS id, CASE WHEN e.discharged_on IS NULL THEN 1 ELSE 0 END AS enrolled, l.last_on
    FROM enrollments e JOIN (SELECT person_id, MAX(contact_on) AS last_on FROM contacts GROUP BY person_id) l
    ON l.person_id = e.person_id) x
  WHERE persons.id = x.id;
-- drafts: 5 the bench peer's, 5 the trainee's, one each other staff's
INSERT INTO contacts (person_id, team_id, kind, contact_on, location, did_together, staff_id, state, created_at, updated_at)
  SELECT 200 * (1 + i % 5), 1, 'individual', t.day, 'community', '$NARRATIVE', CASE WHEN i < 5 THEN 1 ELSE 202 END,
    'draft', t.day || 'T12:00:00Z', t.day || 'T12:00:00Z' FROM $(numbers 10), days t WHERE t.ago = 0;
INSERT INTO contacts (person_id, team_id, kind, contact_on, location, did_together, staff_id, state, created_at, updated_at)
  SELECT 1 + i, 1 + (1 + i) % 200, 'individual', t.day, 'community', '$NARRATIVE', 2 + (1 + i) % 200,
    'draft', t.day || 'T12:00:00Z', t.day || 'T12:00:00Z' FROM $(numbers 199), days t WHERE t.ago = 0;
-- the trainee's: 40 signed and waiting for a co-signature, 3 returned
INSERT INTO contacts (person_id, team_id, kind, contact_on, location, did_together, staff_id, state,
  signed_at, content_hash, cosign_state, created_at, updated_at)
  SELECT 200 * (10 + i), 1, 'individual', t.day, 'community', '$NARRATIVE', 202, 'signed',
    t.day || 'T18:00:00Z', '', 'pending', t.day || 'T18:00:00Z', t.day || 'T18:00:00Z'
  FROM $(numbers 40) JOIN days t ON t.ago = i % 10;
INSERT INTO contacts (person_id, team_id, kind, contact_on, location, did_together, staff_id, state,
  cosign_state, cosigned_by, cosigned_at, cosign_comment, created_at, updated_at)
  SELECT 200 * (60 + i), 1, 'individual', t.day, 'community', '$NARRATIVE', 202, 'draft',
    'returned', 203, t.day || 'T19:00:00Z', 'Say what the person chose to do next.', t.day || 'T18:00:00Z', t.day || 'T18:00:00Z'
  FROM $(numbers 3) JOIN days t ON t.ago = 1 + i;
UPDATE persons SET last_contact_on = (SELECT MAX(contact_on) FROM contacts c
  WHERE c.person_id = persons.id AND c.state = 'signed') WHERE id IN (SELECT person_id FROM contacts WHERE cosign_state = 'pending');
SQL
}

generate_today_sqlite() {
	numbers() { echo "(WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $1 - 1) SELECT i FROM n) AS nums"; }
	sqlite3 "$db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts' AND sql IS NOT NULL" >"$work/contacts-indexes.sql"
	run_sql <<SQL
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1048576;
CREATE TEMP TABLE days (ago INTEGER PRIMARY KEY, day TEXT NOT NULL);
INSERT INTO days SELECT i - 100, date('now', (100 - i) || ' days') FROM $(numbers 3100);
$(sed -n 's/^CREATE \(UNIQUE \)\{0,1\}INDEX \([a-z_]*\) .*/DROP INDEX \2;/p' "$work/contacts-indexes.sql")
$(generate_today_rows)
$(cat "$work/contacts-indexes.sql")
$(generate_today_after)
-- not the audit log (bench/people.sh says why)
ANALYZE persons; ANALYZE person_grams; ANALYZE teams; ANALYZE team_members; ANALYZE users;
ANALYZE contacts; ANALYZE enrollments; ANALYZE followups; ANALYZE followup_attempts; ANALYZE plan_versions;
SQL
}

generate_today_postgres() {
	numbers() { echo "(SELECT i FROM generate_series(0::bigint, $1 - 1) i) AS nums"; }
	psql -qAt "$db" -c "SELECT indexdef || ';' FROM pg_indexes WHERE tablename = 'contacts' AND indexname NOT LIKE '%pkey'" >"$work/contacts-indexes.sql"
	run_sql <<SQL
SET synchronous_commit = off;
SET maintenance_work_mem = '1GB';
SET work_mem = '256MB';
CREATE TEMP TABLE days (ago INTEGER PRIMARY KEY, day TEXT NOT NULL);
INSERT INTO days SELECT i - 100, to_char((now() AT TIME ZONE 'UTC')::date - (i - 100)::int, 'YYYY-MM-DD') FROM $(numbers 3100);
$(sed -n 's/^CREATE \(UNIQUE \)\{0,1\}INDEX \([a-z_]*\) .*/DROP INDEX \2;/p' "$work/contacts-indexes.sql")
$(generate_today_rows)
$(cat "$work/contacts-indexes.sql")
$(generate_today_after)
VACUUM ANALYZE;
SQL
}

t0=$(date +%s%N) t1=$t0 t2=$t0
if [ -z "${reused:-}" ]; then
	generate_persons
	t1=$(date +%s%N)
	generate_today_$KIND
	t2=$(date +%s%N)
fi
size=$(db_size_mb)
counts=$(query_sql <<SQL
SELECT (SELECT COUNT(*) FROM contacts) || ' contacts, ' || (SELECT COUNT(*) FROM enrollments WHERE discharged_on IS NOT NULL)
  || ' discharged, ' || (SELECT COUNT(*) FROM followups) || ' follow-ups ('
  || (SELECT COUNT(*) FROM followups WHERE state = 'open') || ' open); team 1: '
  || (SELECT COUNT(*) FROM persons WHERE team_id = 1 AND enrolled = 1) || ' enrolled, '
  || (SELECT COUNT(*) FROM persons WHERE team_id = 1 AND enrolled = 1 AND last_contact_on < $( [ "$KIND" = postgres ] && echo "to_char(now() - interval '30 days', 'YYYY-MM-DD')" || echo "date('now', '-30 days')")) || ' of them without a contact in 30 days, '
  || (SELECT COUNT(*) FROM followups WHERE team_id = 1 AND state = 'open') || ' open follow-ups';
SQL
)

# The pages: the Today page once it is there, else the follow-up worklist.
if [ "$KIND" = sqlite ]; then
	# built here, or bench/bundle.sh's (its env.sh sets BENCH_SQL_LOG_SO)
	BENCH_SQL_LOG=$work/statements.sql
	cc -O2 -shared -fPIC -o "$work/sql_log.so" bench/sql_log.c -ldl 2>/dev/null ||
		cp "${BENCH_SQL_LOG_SO:-build/bundle/lib/sql_log.so}" "$work/sql_log.so" 2>/dev/null ||
		{ echo "bench/today.sh: no C compiler and no sql_log.so: no plans" >&2; BENCH_SQL_LOG=""; }
else
	run_sql <<SQL
ALTER DATABASE today SET session_preload_libraries = 'auto_explain';
ALTER DATABASE today SET auto_explain.log_min_duration = 0;
SQL
fi
bench_serve
# only the pages' statements, not the sign-in's
if [ "$KIND" = sqlite ]; then : >"$work/statements.sql"; else log0=$(wc -c <"$work/log"); fi
page=/ api=/api/v1/today
if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url$api")" = 404 ]; then
	echo "bench/today.sh: no $api yet: measuring the follow-up worklist (/followups, /api/v1/followups)" >&2
	page=/followups api=/api/v1/followups
fi
single=$(for u in "$api" "$page" "$api" "$page"; do
	curl -s -o /dev/null -w "single GET $u: %{http_code} %{time_total}s\n" -H "Cookie: $cookie" "$url$u"
done | tail -n 2)
bench_stop
# The plans: of each SELECT the two requests ran (the second time round,
# with warm statements; the session's and the audit log's own left out).
if [ "$KIND" = sqlite ]; then
	BENCH_SQL_LOG=""
	grep -iE '^ *(SELECT|WITH)' "$work/statements.sql" | grep -vE 'FROM (sessions|audit_head|audit_log|schema_migrations)\b' |
		awk '!seen[$0]++' >"$work/selects.sql" || true
	: >"$work/plans.txt"
	while IFS= read -r q; do
		{
			echo "-- $q"
			echo "$explain $q" | sqlite3 "$db" | sed 's/^/   /'
			printf '.timer on\n%s\n' "$q" | sqlite3 "$db" 2>&1 | grep '^Run Time' | sed 's/^/   sqlite3 shell: /'
		} >>"$work/plans.txt"
	done <"$work/selects.sql"
else
	tail -c +"$((log0 + 1))" "$work/log" | grep -vE 'FROM (sessions|audit_head|audit_log)|INSERT INTO audit|UPDATE sessions' >"$work/plans.txt" || true
	run_sql <<SQL
ALTER DATABASE today RESET session_preload_libraries;
ALTER DATABASE today RESET auto_explain.log_min_duration;
SQL
fi
bench_serve
cat >"$work/page.lua" <<LUA
request = function() return wrk.format("GET", "$page") end
LUA
cat >"$work/api.lua" <<LUA
request = function() return wrk.format("GET", "$api") end
LUA
# Warm up, as a server that has been up a while
wrk -t2 -c16 -d3s -s "$work/page.lua" -H "Cookie: $cookie" "$url" >/dev/null 2>&1
wrk -t2 -c16 -d3s -s "$work/api.lua" -H "Cookie: $cookie" "$url" >/dev/null 2>&1
{
	echo "today bench — $(date -u +%Y-%m-%dT%H:%M:%SZ), $N persons, 200 teams, $C contacts, $KIND, $(nproc) cores"
	echo "generator: persons $(( (t1 - t0) / 1000000 )) ms, the rest $(( (t2 - t1) / 1000000 )) ms (with ANALYZE); database: $size MB"
	echo "rows: $counts"
	echo "$single"
	for run in $(seq 1 "$RUNS"); do
		[ "$RUNS" -gt 1 ] && echo "run $run of $RUNS"
		measure "GET $page (team of $((N / 200)), 32 connections)" "$work/page.lua" 32
		measure "GET $api (team of $((N / 200)), 32 connections)" "$work/api.lua" 32
	done
	echo "plans of GET $api and GET $page:"
	cat "$work/plans.txt"
} | tee -a bench/out/report.txt
