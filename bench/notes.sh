#!/bin/sh
# bench/notes.sh — the progress note targets (issue 6):
#  1. creating a signed note through the API (POST …/contacts with
#     "sign": true: one request, one transaction with its audit entry)
#     against raw one-row-per-transaction SQLite inserts with
#     synchronous=FULL on the same disk, measured in the same run;
#  2. a person's timeline with 5,000 entries (contacts, plan versions,
#     BARC-10s, stage changes), the page and the API, under wrk.
set -eu
cd "$(dirname "$0")/.."
. bench/wait_up.sh
BIN=${WAYPOINT_BIN:-./waypoint}
DURATION=${BENCH_DURATION:-10s}
RAW_ROWS=${BENCH_RAW_ROWS:-3000}
work=$(mktemp -d "${BENCH_DIR:-/tmp}/waypoint-notes.XXXXXX")
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM

narrative='Walked to the food bank together and practised asking for help; talked about the week ahead and the job interview on Friday.'

# 1a. raw SQLite: one row per transaction, WAL, synchronous=FULL
{
	echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	echo "CREATE TABLE notes (id INTEGER PRIMARY KEY, person_id INTEGER, body TEXT, created_at TEXT);"
	i=0
	while [ $i -lt "$RAW_ROWS" ]; do
		echo "INSERT INTO notes (person_id, body, created_at) VALUES (1, '$narrative $i', '2026-11-20T10:00:00Z');"
		i=$((i + 1))
	done
} >"$work/raw.sql"
start=$(date +%s.%N)
sqlite3 "$work/raw.db" <"$work/raw.sql" >/dev/null
end=$(date +%s.%N)
raw_rate=$(echo "$start $end $RAW_ROWS" | awk '{printf "%.0f", $3 / ($2 - $1)}')

# 1b. the server, a team, a person with a plan goal
db=$work/notes.db
"$BIN" init --db "$db" 2>/dev/null
echo 'quiet harbor sunny lantern' | "$BIN" user add --db "$db" --email bench@example.org \
	--name 'Bench Peer' --role peer_specialist --password-stdin 2>/dev/null
doc='{"goals":[{"words":"Keep my job","domain":"employment","why":"","target_date":"","status":"active","steps":[],"progress":[]}],"strengths":[],"barriers":[]}'
sqlite3 "$db" <<SQL
INSERT INTO programs (name, kind, time_zone, unit_rounding, created_at, updated_at)
  VALUES ('Bench program', 'community', 'UTC', 'eight_minute', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
INSERT INTO teams (program_id, name, created_at) VALUES (1, 'Team', '2026-01-01T00:00:00Z');
INSERT INTO team_members VALUES (1, 1);
INSERT INTO persons (record_number, legal_name, preferred_name, pronouns, date_of_birth, phone, email,
  preferred_language, team_id, recovery_stage, search_name, created_at, updated_at)
  VALUES ('R1', 'Note Person', '', '', '1980-01-01', '', '', '', 1, 'stabilization', 'note person ', '2026-01-01', '2026-01-01'),
         ('R2', 'Timeline Person', '', '', '1981-01-01', '', '', '', 1, 'stabilization', 'timeline person ', '2026-01-01', '2026-01-01');
INSERT INTO plan_versions (person_id, version, document, leadership, author_kind, author_id, summary, created_at, cosign_state)
  VALUES (1, 1, '$doc', 'shared', 'person', 1, 'First', '2026-11-01T00:00:00Z', 'none');
-- person 2: 5,000 timeline entries over about eight years
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
INSERT INTO contacts (person_id, team_id, kind, contact_on, starts_at, ends_at, location, goals, did_together,
  staff_id, state, signed_at, content_hash, created_at, updated_at)
  SELECT 2, 1, 'individual', date('2026-11-20', '-' || (i * 3 / 4) || ' days'), '10:00', '10:45', 'community', '[]',
  '$narrative', 1, 'signed', '2026-11-20T11:00:00Z', '', '2026-11-20T11:00:00Z', '2026-11-20T11:00:00Z' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO plan_versions (person_id, version, document, leadership, author_kind, author_id, summary, created_at, cosign_state)
  SELECT 2, i, '$doc', 'shared', 'person', 1, 'Change ' || i,
  strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20', '-' || (i * 5) || ' days'), 'none' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO barc10 (person_id, taken_on, filled_by, answers, total, created_at, created_by)
  SELECT 2, date('2026-11-20', '-' || (i * 9) || ' days'), 'person', '3,3,3,3,3,3,3,3,3,3', 30,
  '2026-11-20T00:00:00Z', 1 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO recovery_stages (person_id, stage, changed_at, changed_by)
  SELECT 2, 'stabilization', strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20', '-' || (i * 13) || ' days'), 1 FROM n;
SQL
entries=$(sqlite3 "$db" "SELECT (SELECT COUNT(*) FROM contacts WHERE person_id = 2) + (SELECT COUNT(*) FROM plan_versions
  WHERE person_id = 2) + (SELECT COUNT(*) FROM barc10 WHERE person_id = 2) + (SELECT COUNT(*) FROM recovery_stages WHERE person_id = 2)")
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$BIN" serve --db "$db" --listen "127.0.0.1:$port" 2>/dev/null &
pid=$!
url=http://127.0.0.1:$port
wait_up "$url/healthz" "$pid"
csrf=$(curl -sf -c "$work/cookies" -H 'Content-Type: application/json' \
	-d '{"email":"bench@example.org","password":"quiet harbor sunny lantern"}' "$url/api/v1/session" |
	node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).csrf_token))')
cookie=$(awk '$6 == "__Host-waypoint" {print $6 "=" $7}' "$work/cookies")
cat >"$work/note.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-CSRF-Token"] = "$csrf"
wrk.headers["Cookie"] = "$cookie"
wrk.body = '{"kind":"individual","contact_on":"2026-11-20","starts_at":"10:00","ends_at":"10:45","location":"community","goals":[1],"did_together":"$narrative","response":"Hopeful","next_steps":"Friday","sign":true}'
LUA
measure() { # name path connections [script]
	threads=2; [ "$3" -lt 2 ] && threads=1
	wrk -t$threads -c"$3" -d"$DURATION" --latency -H "Cookie: $cookie" ${4:+-s "$4"} "$url$2" >"$work/out.txt" 2>&1 || true
	rps=$(awk '/Requests\/sec/ {print $2}' "$work/out.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$work/out.txt")
	errs=$(grep -E 'Non-2xx|Socket errors' "$work/out.txt" || true)
	echo "$1: $rps r/s, p99 $p99 ${errs:+($errs)}"
}
{
	echo "notes bench — $(date -u +%Y-%m-%dT%H:%M:%SZ), SQLite"
	echo "raw SQLite inserts, one per transaction, WAL, synchronous=FULL: $raw_rate rows/s ($RAW_ROWS rows)"
	for c in 1 4 16; do
		measure "signed note through the API ($c connections)" /api/v1/persons/1/contacts "$c" "$work/note.lua"
	done
	echo "signed notes stored: $(sqlite3 "$db" "SELECT COUNT(*) FROM contacts WHERE person_id = 1 AND state = 'signed'")"
	echo "timeline of a person with $entries entries:"
	for c in 1 4; do
		measure "timeline page ($c connections)" /persons/2/timeline "$c"
		measure "timeline API, 50 entries ($c connections)" /api/v1/persons/2/timeline "$c"
	done
} | tee -a bench/out/report.txt
