#!/bin/sh
# bench/search.sh — the directory search's targets (issue 23): a state
# 211's directory (bench/search_gen.py: 50,000 services at 80,000
# locations) indexed with `waypoint resources reindex`, then wrk at 16
# connections for 10 s: words and one filter (target p99 ≤ 20 ms), and
# "open now, near here" (≤ 50 ms), through GET /api/v1/resources as a
# signed-in peer; and the size of a full results page.  Figures, not
# pass/fail.  BENCH_DB=file keeps (and reuses) the database.
set -eu
cd "$(dirname "$0")/.."
BIN=${WAYPOINT_BIN:-./waypoint}
DURATION=${BENCH_DURATION:-10s}
work=$(mktemp -d /tmp/waypoint-search.XXXXXX)
db=${BENCH_DB:-$work/search.db}
wp_pid=""
cleanup() { [ -n "$wp_pid" ] && kill "$wp_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
if [ ! -s "$db" ]; then
	"$BIN" init --db "$db" >/dev/null 2>&1
	t0=$(date +%s.%N)
	python3 bench/search_gen.py "$db"
	t1=$(date +%s.%N)
	"$BIN" resources reindex --db "$db"
	t2=$(date +%s.%N)
	echo "generate (SQL inserts) $(echo "$t1 - $t0" | bc) s; reindex $(echo "$t2 - $t1" | bc) s"
fi
if [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM users WHERE email = 'bench@example.org'")" = 0 ]; then
	sqlite3 "$db" "INSERT INTO programs (name, kind, time_zone, unit_rounding, created_at, updated_at)
		VALUES ('Bench program', 'community', 'America/Chicago', 'eight_minute', '2026-11-22T00:00:00Z', '2026-11-22T00:00:00Z');"
	echo 'quiet harbor sunny lantern' | "$BIN" user add --db "$db" --email bench@example.org \
		--name 'Bench Peer' --role peer_specialist --password-stdin >/dev/null 2>&1
fi
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$BIN" serve --db "$db" --listen "127.0.0.1:$port" 2>"$work/waypoint.log" &
wp_pid=$!
wp="http://127.0.0.1:$port"
. bench/wait_up.sh
wait_up "$wp/healthz" "$wp_pid"
curl -sf -o /dev/null -c "$work/cookies" -H 'Content-Type: application/json' \
	-d '{"email":"bench@example.org","password":"quiet harbor sunny lantern"}' "$wp/api/v1/session"
cookie=$(awk '$6 == "__Host-waypoint" {print $6 "=" $7}' "$work/cookies")
for kind in text near; do
	SEARCH_KIND=$kind SEARCH_COOKIE=$cookie wrk -t2 -c16 -d"$DURATION" --latency \
		-s bench/search.lua "$wp" >"$work/wrk.txt" 2>&1
	rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
	p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
	bad=$(awk '/Non-2xx|Socket errors/' "$work/wrk.txt")
	echo "search $kind: $rps req/s, p50 $p50, p99 $p99 $bad"
done
size=$(curl -s -H "Cookie: $cookie" "$wp/resources?q=food&free=1" | wc -c)
echo "results page (20 results): $size bytes"
