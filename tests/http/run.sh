#!/bin/sh
# run.sh — the HTTP tests, against the sanitized server: once on SQLite, once
# on a throwaway PostgreSQL cluster (tests/pg-cluster.sh starts it on a free
# port and removes it afterwards).  Arguments, if any, name the test files.
set -eu
cd "$(dirname "$0")/../.."
files=${*:-tests/http/*.test.mjs}
export WAYPOINT_BIN=${WAYPOINT_BIN:-build/waypoint-san}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export TZDIR=/usr/share/zoneinfo

echo "== HTTP tests on SQLite"
node --test --test-concurrency=1 $files

echo "== HTTP tests on PostgreSQL"
tests/pg-cluster.sh node --test --test-concurrency=1 $files
