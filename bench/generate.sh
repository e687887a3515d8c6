# bench/generate.sh — sourced by bench/people.sh and bench/today.sh: the
# generated database they share and the way they measure it.
#   bench_setup NAME     a work folder, the database (SQLite, or with
#                        BENCH_DB=postgres a throwaway cluster), the schema
#                        (`waypoint init`) and the bench peer (user 1)
#   generate_persons     N persons (BENCH_PERSONS) across 200 teams; the
#                        bench peer is on team 1 (N / 200 persons)
#   bench_serve          the server on a free port, signed in: $url, $cookie
#   measure NAME LUA CONNECTIONS   wrk: r/s, p50, p90, p99
# Environment: WAYPOINT_BIN, BENCH_DB, BENCH_DURATION, BENCH_WRK_THREADS,
# BENCH_PORT (no Node.js: the server's port; the cluster's is the next),
# BENCH_WORK and BENCH_KEEP (keep the work folder), BENCH_REUSE (SQLite:
# measure the database a kept run left in BENCH_WORK, not a new one), BENCH_LOG (the
# server's log), BENCH_THREADS (the server's).
. bench/wait_up.sh
mkdir -p bench/out
BIN=${WAYPOINT_BIN:-./waypoint}
N=${BENCH_PERSONS:-1000000}
DURATION=${BENCH_DURATION:-10s}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
KIND=${BENCH_DB:-sqlite}
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

bench_setup() { # name: the database's name, and the work folder's
	work=${BENCH_WORK:-$(mktemp -d "/tmp/waypoint-$1.XXXXXX")} # BENCH_WORK: a folder of the caller's
	mkdir -p "$work"
	trap cleanup EXIT INT TERM
	if [ "$KIND" = postgres ]; then
		PGTEST_BIN=${PGTEST_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)} # bench/bundle.sh sets it
		PGTEST_DIR=$work PGTEST_PORT=$(free_port 1)
		export PGTEST_BIN PGTEST_DIR PGTEST_PORT
		[ "$(id -u)" = 0 ] && chown postgres "$work"
		tests/http/pg.sh init
		tests/http/pg.sh start
		psql -q "postgres://waypoint@127.0.0.1:$PGTEST_PORT/postgres" -c "CREATE DATABASE $1"
		db=postgres://waypoint@127.0.0.1:$PGTEST_PORT/$1
		export WAYPOINT_AUDIT_KEY=${WAYPOINT_AUDIT_KEY:-$work/audit.key} # PostgreSQL names its key file
		run_sql() { psql -q -v ON_ERROR_STOP=1 "$db"; }
		query_sql() { psql -qAt -v ON_ERROR_STOP=1 "$db"; }
		explain="EXPLAIN"
	else
		db=$work/$1.db
		run_sql() { sqlite3 -bail "$db"; }
		query_sql() { sqlite3 "$db"; }
		explain="EXPLAIN QUERY PLAN"
		# BENCH_REUSE=1 with BENCH_WORK and BENCH_KEEP: the database a
		# kept run generated there, as it is (SQLite)
		reused=""
		[ -n "${BENCH_REUSE:-}" ] && [ -s "$db" ] && { reused=1; return 0; }
	fi
	"$BIN" init --db "$db" 2>/dev/null
	echo 'quiet harbor sunny lantern' | "$BIN" user add --db "$db" --email bench@example.org \
		--name 'Bench Peer' --role peer_specialist --password-stdin 2>/dev/null
}

db_size_mb() {
	if [ "$KIND" = postgres ]; then
		psql -qAt "$db" -c "SELECT pg_database_size(current_database()) / 1048576"
	else
		du -m "$db" | cut -f1
	fi
}

# Person i is on team 1 + i % 200, so team 1 has the ids that are multiples
# of 200.  The search name is made as text_fold does (accents off, then the
# lower-cased name after a \x1f).  First names go by i / 200, so that every
# team has all 50 (a first name matches 1 in 50 of a team), and surnames by
# i / 50.  The statistics are the caller's to take (ANALYZE), once it has
# filled what it fills.
generate_persons() { generate_persons_$KIND; }

generate_persons_sqlite() {
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
SQL
}

generate_persons_postgres() {
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
SQL
}

# The server, signed in as the bench peer: $url and $cookie.  With
# BENCH_SQL_LOG (SQLite), bench/sql_log.so is preloaded and every
# statement the server runs is written there, with its values.
bench_serve() {
	port=$(free_port)
	${BENCH_SQL_LOG:+env LD_PRELOAD=$work/sql_log.so WAYPOINT_SQL_LOG=$BENCH_SQL_LOG} \
		"$BIN" serve --db "$db" --listen "127.0.0.1:$port" ${BENCH_THREADS:+--threads $BENCH_THREADS} 2>${BENCH_LOG:-/dev/null} &
	pid=$!
	url=http://127.0.0.1:$port
	wait_up "$url/healthz" "$pid"
	curl -sf -o /dev/null -c "$work/cookies" -H 'Content-Type: application/json' \
		-d '{"email":"bench@example.org","password":"quiet harbor sunny lantern"}' "$url/api/v1/session"
	cookie=$(awk '$6 == "__Host-waypoint" {print $6 "=" $7}' "$work/cookies")
}
bench_stop() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=""; }

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
	p50=$(awk '$1 == "50%" {print $2}' "$work/out.txt")
	p90=$(awk '$1 == "90%" {print $2}' "$work/out.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$work/out.txt")
	total=$(awk '/requests in/ {print $1}' "$work/out.txt")
	errs=$(grep -E 'Non-2xx|Socket errors' "$work/out.txt" || true)
	writes=", disk writes $(( (w1 - w0) / (${total:-0} + 1) )) B/request"
	[ "$KIND" = postgres ] && writes="" # PostgreSQL's own processes write
	echo "$1: $rps r/s, p50 $p50, p90 $p90, p99 $p99$writes ${errs:+($errs)}"
}
