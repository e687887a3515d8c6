#!/bin/sh
# bench/people.sh — the people targets (issue 4): a generated database of
# BENCH_PERSONS persons (default 1,000,000) across 200 teams, then name
# search and the person overview under wrk, as a peer on one team (5,000
# persons).  Prints generator time, database size, r/s, p90 and p99.
# BENCH_DB=postgres runs the same against a throwaway PostgreSQL cluster.
# BENCH_PORT and BENCH_WRK_THREADS are for a machine without Node.js and
# with more cores (bench/bundle.sh); BENCH_RUNS=3 measures three times on
# one generated database (the generator takes most of a run).
set -eu
cd "$(dirname "$0")/.."
. bench/wait_up.sh
mkdir -p bench/out
BIN=${WAYPOINT_BIN:-./waypoint}
N=${BENCH_PERSONS:-1000000}
DURATION=${BENCH_DURATION:-10s}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
KIND=${BENCH_DB:-sqlite}
RUNS=${BENCH_RUNS:-1}
work=${BENCH_WORK:-$(mktemp -d /tmp/waypoint-people.XXXXXX)} # BENCH_WORK: a folder of the caller's
mkdir -p "$work"
pid=""
free_port() { # [offset]: with BENCH_PORT, the server's port + 0, the cluster's + 1
	[ -n "${BENCH_PORT:-}" ] && { echo $((BENCH_PORT + ${1:-0})); return; }
	node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	[ "$KIND" = postgres ] && tests/http/pg.sh stop 2>/dev/null
	[ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM
if [ "$KIND" = postgres ]; then
	PGTEST_BIN=${PGTEST_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)} # bench/bundle.sh sets it
	PGTEST_DIR=$work PGTEST_PORT=$(free_port 1)
	export PGTEST_BIN PGTEST_DIR PGTEST_PORT
	[ "$(id -u)" = 0 ] && chown postgres "$work"
	tests/http/pg.sh init
	tests/http/pg.sh start
	psql -q "postgres://waypoint@127.0.0.1:$PGTEST_PORT/postgres" -c 'CREATE DATABASE people'
	db=postgres://waypoint@127.0.0.1:$PGTEST_PORT/people
	run_sql() { psql -q -v ON_ERROR_STOP=1 "$db"; }
else
	db=$work/people.db
	run_sql() { sqlite3 "$db"; }
fi
"$BIN" init --db "$db" 2>/dev/null
echo 'quiet harbor sunny lantern' | "$BIN" user add --db "$db" --email bench@example.org \
	--name 'Bench Peer' --role peer_specialist --password-stdin 2>/dev/null

# Person i is on team 1 + i % 200, so team 1 has the ids that are multiples
# of 200.  The search name is made as text_fold does (accents off, then the
# lower-cased name after a \x1f).  First names go by i / 200, so that every
# team has all 50 (a first name matches 1 in 50 of a team), and surnames by
# i / 50.
generate_sqlite() {
run_sql <<SQL
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1048576; -- 1 GiB: person_grams (triggers) is written in no useful order
INSERT INTO programs (name, kind, time_zone, unit_rounding, created_at, updated_at)
  VALUES ('Bench program', 'community', 'UTC', 'eight_minute', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
INSERT INTO program_crisis_lines VALUES (1, 1, '988 Suicide & Crisis Lifeline', '988');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO teams (program_id, name, created_at) SELECT 1, 'Team ' || i, '2026-01-01T00:00:00Z' FROM n;
INSERT INTO team_members VALUES (1, 1);
CREATE TEMP TABLE firsts (k INTEGER PRIMARY KEY, v TEXT);
CREATE TEMP TABLE lasts (k INTEGER PRIMARY KEY, v TEXT);
-- json_each, not fixed-width slices of one string: names of six letters
-- ran into the next and made the rest of them fragments ("r Morg").
INSERT INTO firsts SELECT key, value FROM json_each('["Alex", "Jamie", "Jordan", "Sam",
  "Riley", "Casey", "Taylor", "Morgan", "Avery", "Quinn", "Maria", "José", "Ana", "Luis",
  "Rosa", "Omar", "Aisha", "Wei", "Mei", "Ravi", "Priya", "Noah", "Liam", "Emma", "Olivia",
  "Ava", "Mia", "Zoe", "Leo", "Max", "Ivan", "Olga", "Nina", "Tariq", "Sara", "Yusuf",
  "Amir", "Lena", "Hana", "Kenji", "Aiko", "Diego", "Lucia", "Pablo", "Elena", "Marco",
  "Sofia", "Paolo", "Chen", "Li"]');
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199)
INSERT INTO lasts SELECT i, 'Surname' || i || CASE i % 3 WHEN 0 THEN 'son' WHEN 1 THEN 'ez' ELSE 'ski' END FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO persons (record_number, legal_name, preferred_name, pronouns, date_of_birth,
  phone, email, preferred_language, team_id, recovery_stage, search_name, created_at, updated_at)
SELECT 'R' || i, f.v || ' ' || l.v, '', '', printf('%04d-%02d-%02d', 1940 + i % 60, 1 + i % 12, 1 + i % 28),
  '', '', 'English', 1 + i % 200, 'stabilization',
  replace(lower(f.v || ' ' || l.v || ' '), 'é', 'e') || char(31) || lower(f.v || ' ' || l.v || ' '),
  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n JOIN firsts f ON f.k = (i / 200) % 50 JOIN lasts l ON l.k = (i / 50) % 200;
-- The tables filled here.  Not the audit log: statistics taken while it is
-- nearly empty would tell the planner it stays so, and it would then read
-- the whole log to join a person's entries (audit_query.c).
ANALYZE persons; ANALYZE person_grams; ANALYZE teams; ANALYZE team_members;
SQL
}

generate_postgres() {
	run_sql <<SQL
SET synchronous_commit = off;
INSERT INTO programs (name, kind, time_zone, unit_rounding, created_at, updated_at)
  VALUES ('Bench program', 'community', 'UTC', 'eight_minute', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
INSERT INTO program_crisis_lines VALUES (1, 1, '988 Suicide & Crisis Lifeline', '988');
INSERT INTO teams (program_id, name, created_at)
  SELECT 1, 'Team ' || i, '2026-01-01T00:00:00Z' FROM generate_series(1, 200) i;
INSERT INTO team_members VALUES (1, 1);
INSERT INTO persons (record_number, legal_name, preferred_name, pronouns, date_of_birth,
  phone, email, preferred_language, team_id, recovery_stage, search_name, created_at, updated_at)
SELECT 'R' || i, f || ' ' || l, '', '', to_char(make_date(1940 + i % 60, 1 + i % 12, 1 + i % 28), 'YYYY-MM-DD'),
  '', '', 'English', 1 + i % 200, 'stabilization',
  replace(lower(f || ' ' || l || ' '), 'é', 'e') || chr(31) || lower(f || ' ' || l || ' '),
  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM generate_series(1, $N) i,
  LATERAL (SELECT (string_to_array('Alex Jamie Jordan Sam Riley Casey Taylor Morgan Avery Quinn '
    || 'Maria José Ana Luis Rosa Omar Aisha Wei Mei Ravi Priya Noah Liam Emma Olivia Ava Mia Zoe Leo Max '
    || 'Ivan Olga Nina Tariq Sara Yusuf Amir Lena Hana Kenji Aiko Diego Lucia Pablo Elena Marco Sofia '
    || 'Paolo Chen Li', ' '))[1 + (i / 200) % 50] AS f,
    'Surname' || (i / 50) % 200 || CASE ((i / 50) % 200) % 3 WHEN 0 THEN 'son' WHEN 1 THEN 'ez' ELSE 'ski' END AS l) n;
VACUUM ANALYZE; -- sets the visibility map, for index-only scans
SQL
}

t0=$(date +%s%N)
generate_$KIND
t1=$(date +%s%N)
if [ "$KIND" = postgres ]; then
	size=$(psql -qAt "$db" -c "SELECT pg_database_size('people') / 1048576")
else
	size=$(du -m "$db" | cut -f1)
fi
# How the server's search runs for a user on one team (strpos is
# PostgreSQL's; SQLite's CLI has instr).
if [ "$KIND" = postgres ]; then explain="EXPLAIN" pos=strpos; else explain="EXPLAIN QUERY PLAN" pos=instr; fi
run_sql >"$work/plan.txt" <<SQL
$explain SELECT p.id FROM persons p JOIN teams t ON t.id = p.team_id
  WHERE p.id IN (SELECT x.id FROM persons x WHERE x.team_id = 1
  AND ($pos(x.search_name, 'jose') > 0 OR x.record_number = 'jose' OR x.date_of_birth = 'jose')
  ORDER BY x.search_name, x.id LIMIT 21 OFFSET 0) ORDER BY p.search_name, p.id;
SQL
# A search that few persons match reads them through person_grams (SQLite,
# migration 12; person_find.c).
[ "$KIND" = sqlite ] && run_sql >"$work/plan-grams.txt" <<SQL
$explain SELECT p.id FROM persons p JOIN teams t ON t.id = p.team_id
  WHERE p.id IN (SELECT x.id FROM persons x WHERE x.team_id = 1
  AND x.id IN (SELECT g.person_id FROM person_grams g WHERE g.team_id = 1 AND g.gram = 'nun'
  UNION ALL SELECT y.id FROM persons y WHERE y.record_number = 'nunez'
  UNION ALL SELECT y.id FROM persons y WHERE y.date_of_birth = 'nunez')
  AND ($pos(x.search_name, 'nunez') > 0 OR x.record_number = 'nunez' OR x.date_of_birth = 'nunez')
  ORDER BY x.search_name, x.id LIMIT 21 OFFSET 0) ORDER BY p.search_name, p.id;
SQL

port=$(free_port)
"$BIN" serve --db "$db" --listen "127.0.0.1:$port" ${BENCH_THREADS:+--threads $BENCH_THREADS} 2>${BENCH_LOG:-/dev/null} &
pid=$!
url=http://127.0.0.1:$port
wait_up "$url/healthz" "$pid"
curl -sf -o /dev/null -c "$work/cookies" -H 'Content-Type: application/json' \
	-d '{"email":"bench@example.org","password":"quiet harbor sunny lantern"}' "$url/api/v1/session"
cookie=$(awk '$6 == "__Host-waypoint" {print $6 "=" $7}' "$work/cookies")
# Persons of team 1 have ids that are multiples of 200.
cat >"$work/search.lua" <<LUA
local names = {"jose", "surname17", "maria", "nunez", "ski", "lucia%20sur", "r40", "omar"}
request = function()
  return wrk.format("GET", "/api/v1/persons?limit=20&q=" .. names[math.random(#names)])
end
LUA
cat >"$work/overview.lua" <<LUA
request = function()
  return wrk.format("GET", "/persons/" .. (math.random(1, $((N / 200))) * 200))
end
LUA
# What the server wrote to disk (the log, checkpoints, their syncs): the
# audit log's cost per request, which the disk's speed does not change.
# SQLite only.
written() { awk '/^write_bytes/ {print $2}' "/proc/$pid/io" 2>/dev/null || echo 0; }
measure() { # name script connections
	threads=$WRK_THREADS; [ "$3" -lt "$threads" ] && threads=$3 # wrk needs one connection a thread
	w0=$(written)
	wrk -t"$threads" -c"$3" -d"$DURATION" --latency -s "$2" -H "Cookie: $cookie" "$url" >"$work/out.txt" 2>&1
	w1=$(written)
	rps=$(awk '/Requests\/sec/ {print $2}' "$work/out.txt")
	p90=$(awk '$1 == "90%" {print $2}' "$work/out.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$work/out.txt")
	total=$(awk '/requests in/ {print $1}' "$work/out.txt")
	errs=$(grep -E 'Non-2xx|Socket errors' "$work/out.txt" || true)
	writes=", disk writes $(( (w1 - w0) / (${total:-0} + 1) )) B/request"
	[ "$KIND" = postgres ] && writes="" # PostgreSQL's own processes write
	echo "$1: $rps r/s, p90 $p90, p99 $p99$writes ${errs:+($errs)}"
}
for q in jose surname17 r40 nobody; do
	curl -s -o /dev/null -w "single search q=$q: %{time_total}s\n" -H "Cookie: $cookie" "$url/api/v1/persons?limit=20&q=$q"
done >"$work/single.txt"
# Warm up: each worker's connection fills its page cache once, as on a
# server that has been up for a while.
wrk -t2 -c16 -d5s -s "$work/overview.lua" -H "Cookie: $cookie" "$url" >/dev/null 2>&1
wrk -t2 -c16 -d3s -s "$work/search.lua" -H "Cookie: $cookie" "$url" >/dev/null 2>&1
{
	cat "$work/single.txt"
	echo "people bench — $(date -u +%Y-%m-%dT%H:%M:%SZ), $N persons, 200 teams, $KIND, $(nproc) cores"
	echo "generator: $(( (t1 - t0) / 1000000 )) ms (with ANALYZE); database: $size MB"
	echo "search plan (scan): $(tr '\n' ' ' <"$work/plan.txt")"
	[ "$KIND" = sqlite ] && echo "search plan (trigram): $(tr '\n' ' ' <"$work/plan-grams.txt")"
	for run in $(seq 1 "$RUNS"); do
		[ "$RUNS" -gt 1 ] && echo "run $run of $RUNS"
		measure "name search (team of $((N / 200)), 4 connections)" "$work/search.lua" 4
		measure "name search (team of $((N / 200)), 32 connections)" "$work/search.lua" 32
		measure "person overview (32 connections)" "$work/overview.lua" 32
	done
	[ "$KIND" = sqlite ] && echo "write-ahead log after the runs: $(du -k "$db-wal" 2>/dev/null | cut -f1) KB"
} | tee -a bench/out/report.txt
