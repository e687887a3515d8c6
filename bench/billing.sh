#!/bin/sh
# bench/billing.sh — the billing batch CSV streams (issue 26): resident
# memory while a month of a 50-staff program (30,000 lines) and ten times
# that (300,000) are made into a batch and downloaded, beside the old
# whole-in-memory /billing.csv.  SQLite, then PostgreSQL (BENCH_DB=postgres
# only that; BENCH_DB=sqlite only SQLite).  BENCH_SIZES: services per
# staff member a day, comma-separated (20,200).
set -eu
cd "$(dirname "$0")/.."
export WAYPOINT_BIN=${WAYPOINT_BIN:-./waypoint}
export TZDIR=/usr/share/zoneinfo
KIND=${BENCH_DB:-both}
[ "$KIND" = postgres ] || node bench/billing.mjs
[ "$KIND" = sqlite ] || tests/pg-cluster.sh node bench/billing.mjs
