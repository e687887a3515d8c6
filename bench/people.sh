#!/bin/sh
# bench/people.sh — the people targets (issue 4): a generated database of
# BENCH_PERSONS persons (default 1,000,000) across 200 teams, then name
# search and the person overview under wrk, as a peer on one team (5,000
# persons).  Prints generator time, database size, r/s, p50, p90, p99.
# BENCH_DB=postgres runs the same against a throwaway PostgreSQL cluster.
# BENCH_PORT and BENCH_WRK_THREADS are for a machine without Node.js and
# with more cores (bench/bundle.sh); BENCH_RUNS=3 measures three times on
# one generated database (the generator takes most of a run).
set -eu
cd "$(dirname "$0")/.."
. bench/generate.sh
RUNS=${BENCH_RUNS:-1}
bench_setup people
t0=$(date +%s%N)
generate_persons
if [ "$KIND" = postgres ]; then
	run_sql <<SQL
VACUUM ANALYZE; -- sets the visibility map, for index-only scans
SQL
else
	# The tables filled here.  Not the audit log: statistics taken while it is
	# nearly empty would tell the planner it stays so, and it would then read
	# the whole log to join a person's entries (audit_query.c).
	run_sql <<SQL
ANALYZE persons; ANALYZE person_grams; ANALYZE teams; ANALYZE team_members;
SQL
fi
t1=$(date +%s%N)
size=$(db_size_mb)
# How the server's search runs for a user on one team (strpos is
# PostgreSQL's; SQLite's CLI has instr).
if [ "$KIND" = postgres ]; then pos=strpos; else pos=instr; fi
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

bench_serve
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
