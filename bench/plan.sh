#!/bin/sh
# bench/plan.sh — the recovery plan targets (issue 5): a person whose plan
# has 20 goals (each with steps and progress) and 100 versions; the plan
# page and the comparison of two versions under wrk, as a peer of the team.
set -eu
cd "$(dirname "$0")/.."
. bench/wait_up.sh
BIN=${WAYPOINT_BIN:-./waypoint}
DURATION=${BENCH_DURATION:-10s}
work=$(mktemp -d /tmp/waypoint-plan.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
db=$work/plan.db
"$BIN" init --db "$db" 2>/dev/null
echo 'quiet harbor sunny lantern' | "$BIN" user add --db "$db" --email bench@example.org \
	--name 'Bench Peer' --role peer_specialist --password-stdin 2>/dev/null
goal='{"words":"Goal GOALNO in my own words, about a place to live and people around me","domain":"housing",'
goal=$goal'"why":"Because it matters to me and my family","target_date":"2027-03-01","status":"active",'
goal=$goal'"steps":[{"what":"Call the office","who":"person","by":"2026-12-01","done":false},'
goal=$goal'{"what":"Fill in the form","who":"peer","by":"2026-12-15","done":true}],'
goal=$goal'"progress":[{"on":"2026-11-01","note":"Talked it through"},{"on":"2026-11-15","note":"Made the first call"}]}'
doc='{"goals":['
for i in $(seq 1 20); do doc=$doc$(echo "$goal" | sed "s/GOALNO/$i/")${i#20}; [ "$i" -lt 20 ] && doc=$doc,; done
doc=$doc'],"strengths":[{"kind":"internal","text":"I keep going","strategy":""}],"barriers":[]}'
sqlite3 "$db" <<SQL
INSERT INTO programs (name, kind, time_zone, unit_rounding, created_at, updated_at)
  VALUES ('Bench program', 'community', 'UTC', 'eight_minute', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
INSERT INTO teams (program_id, name, created_at) VALUES (1, 'Team', '2026-01-01T00:00:00Z');
INSERT INTO team_members VALUES (1, 1);
INSERT INTO persons (record_number, legal_name, preferred_name, pronouns, date_of_birth, phone, email,
  preferred_language, team_id, recovery_stage, search_name, created_at, updated_at)
  VALUES ('R1', 'Plan Person', '', '', '1980-01-01', '', '', '', 1, 'stabilization', 'plan person ', '2026-01-01', '2026-01-01');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
INSERT INTO plan_versions (person_id, version, document, leadership, author_kind, author_id, summary,
  created_at, cosign_state) SELECT 1, i, replace('$doc', 'Goal 1 ', 'Goal 1 (v' || i || ') '), 'shared', 'person', 1,
  'Change ' || i, '2026-11-01T00:00:00Z', 'none' FROM n;
SQL
size=$(sqlite3 "$db" "SELECT length(document) FROM plan_versions WHERE version = 100")
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$BIN" serve --db "$db" --listen "127.0.0.1:$port" 2>/dev/null &
pid=$!
url=http://127.0.0.1:$port
wait_up "$url/healthz" "$pid"
curl -sf -o /dev/null -c "$work/cookies" -H 'Content-Type: application/json' \
	-d '{"email":"bench@example.org","password":"quiet harbor sunny lantern"}' "$url/api/v1/session"
cookie=$(awk '$6 == "__Host-waypoint" {print $6 "=" $7}' "$work/cookies")
measure() { # name path connections
	threads=2; [ "$3" -lt 2 ] && threads=1
	wrk -t$threads -c"$3" -d"$DURATION" --latency -H "Cookie: $cookie" "$url$2" >"$work/out.txt" 2>&1 || true
	rps=$(awk '/Requests\/sec/ {print $2}' "$work/out.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$work/out.txt")
	errs=$(grep -E 'Non-2xx|Socket errors' "$work/out.txt" || true)
	echo "$1: $rps r/s, p99 $p99 ${errs:+($errs)}"
}
{
	echo "plan bench — $(date -u +%Y-%m-%dT%H:%M:%SZ), 20 goals, 100 versions, document $size bytes, SQLite"
	for c in 1 4; do
		measure "plan page ($c connections)" /persons/1/plan "$c"
		measure "compare versions 1 and 100 ($c connections)" "/persons/1/plan/compare?a=1&b=100" "$c"
	done
} | tee -a bench/out/report.txt
