#!/bin/sh
# run.sh — the HTTP tests, against the sanitized server: once on SQLite, once
# on a throwaway PostgreSQL cluster started here on a free port and removed
# afterwards.  Arguments, if any, name the test files to run.
set -eu
cd "$(dirname "$0")/../.."
files=${*:-tests/http/*.test.mjs}
export WAYPOINT_BIN=${WAYPOINT_BIN:-build/waypoint-san}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export TZDIR=/usr/share/zoneinfo

echo "== HTTP tests on SQLite"
node --test --test-concurrency=1 $files

PGTEST_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGTEST_DIR=$(mktemp -d /tmp/waypoint-pg.XXXXXX)
PGTEST_PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
export PGTEST_BIN PGTEST_DIR PGTEST_PORT
[ "$(id -u)" = 0 ] && chown postgres "$PGTEST_DIR"
cleanup() {
	tests/http/pg.sh stop 2>/dev/null || true
	rm -rf "$PGTEST_DIR"
}
trap cleanup EXIT INT TERM
tests/http/pg.sh init
tests/http/pg.sh start

echo "== HTTP tests on PostgreSQL (port $PGTEST_PORT)"
WAYPOINT_TEST_PG="postgres://waypoint@127.0.0.1:$PGTEST_PORT" \
	node --test --test-concurrency=1 $files
