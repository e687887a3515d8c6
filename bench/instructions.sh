#!/bin/sh
# bench/instructions.sh — what one person overview costs in instructions.
# Unlike timings on a 2-core machine, which move by 15 % from run to run,
# the count repeats, so two builds compare in one run each: a 20,000-person
# database from bench/people.sh's generator, then BENCH_VIEWS overviews
# (default 400) one after another against a server under callgrind, every
# thread counted (the audit writers and the indexer included).  Callgrind
# counts each byte a `rep stosb` zeroes as an instruction, so zeroing looks
# dearer than it is.  Needs valgrind.  WAYPOINT_BIN picks the build.
set -eu
cd "$(dirname "$0")/.."
BIN=${WAYPOINT_BIN:-./waypoint}
VIEWS=${BENCH_VIEWS:-400}
command -v valgrind >/dev/null || { echo "bench: needs valgrind" >&2; exit 1; }
work=$(mktemp -d /tmp/waypoint-instructions.XXXXXX)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
mkdir "$work/people"
BENCH_WORK=$work/people BENCH_KEEP=1 BENCH_PERSONS=20000 BENCH_DURATION=1s \
	WAYPOINT_BIN=$BIN sh bench/people.sh >/dev/null
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
url=http://127.0.0.1:$port
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/cg.out" \
	"$BIN" serve --db "$work/people/people.db" --listen "127.0.0.1:$port" 2>/dev/null &
pid=$!
i=0
until curl -sf -o /dev/null "$url/healthz"; do
	i=$((i + 1)); [ $i -lt 600 ] || { echo "bench: the server never answered" >&2; exit 1; }
	sleep 0.1
done
curl -sf -o /dev/null -c "$work/cookies" -H 'Content-Type: application/json' \
	-d '{"email":"bench@example.org","password":"quiet harbor sunny lantern"}' "$url/api/v1/session"
cookie=$(awk '$6 == "__Host-waypoint" {print $6 "=" $7}' "$work/cookies")
view() { # persons of team 1 have ids that are multiples of 200 (100 of them)
	curl -sf -o /dev/null -H "Cookie: $cookie" "$url/persons/$(( ($1 % 100 + 1) * 200 ))"
}
for i in $(seq 1 50); do view "$i"; done # each page and statement once first
callgrind_control -i on "$pid" >/dev/null 2>&1
for i in $(seq 1 "$VIEWS"); do view "$i"; done
sleep 1.5 # the indexer's next round, whose work the views made
callgrind_control -d "$pid" >/dev/null 2>&1
callgrind_control -i off "$pid" >/dev/null 2>&1
callgrind_annotate --inclusive=yes "$work"/cg.out.* 2>/dev/null | awk -v n="$VIEWS" -v bin="$BIN" '
	/PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 / n }
	/(persons|overview)_pages.c:person_page / { gsub(",", "", $1); page = $1 / n }
	END { printf "instructions per person overview (%s, %d views, callgrind): %d in all, %d in person_page\n", bin, n, total, page }' |
	tee -a bench/out/report.txt
