#!/bin/sh
# bench/hsds_import.sh — issue 23's import target: a state 211's directory
# (bench/hsds_gen.mjs: 50,000 services at 80,000 locations, ~760,000 HSDS
# records as a CSV data package) imported into an empty directory with
# `waypoint import hsds`, then imported again (every record updated, every
# list replaced).  Target: the first import ≤ 30 s.  Prints wall and CPU
# seconds of each.  BENCH_DB=postgres for a throwaway PostgreSQL cluster;
# HSDS_SERVICES / HSDS_LOCATIONS for another size; BENCH_HSDS_DIR to reuse
# a generated package.
set -eu
cd "$(dirname "$0")/.."
. bench/generate.sh
bench_setup hsds
pkg=${BENCH_HSDS_DIR:-$work/package}
[ -s "$pkg/services.csv" ] || node bench/hsds_gen.mjs "$pkg" \
	--services "${HSDS_SERVICES:-50000}" --locations "${HSDS_LOCATIONS:-80000}"
for run in first again; do
	/usr/bin/time -f "$KIND import ($run): %e s wall, %U s user, %S s system, %M KB" \
		"$BIN" import hsds --db "$db" "$pkg" 2>&1 | grep -v '^warning' | tail -n 2
done
echo "services: $(echo 'SELECT COUNT(*) FROM hsds_services;' | query_sql)," \
	"locations: $(echo 'SELECT COUNT(*) FROM hsds_locations;' | query_sql)," \
	"database: $(db_size_mb) MB"
