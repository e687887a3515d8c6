#!/bin/sh
# pg-cluster.sh COMMAND… — runs COMMAND beside a throwaway PostgreSQL
# cluster, started here on a free loopback port and removed afterwards,
# with WAYPOINT_TEST_PG naming it (postgres://waypoint@127.0.0.1:PORT) and
# PGTEST_BIN, PGTEST_DIR and PGTEST_PORT set for tests/http/pg.sh, which
# starts and stops it.  The HTTP tests (run.sh) and the unit tests that run
# on both databases (`make unit`) use it.  Exits with COMMAND's status.
set -eu
cd "$(dirname "$0")/.."
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
echo "== PostgreSQL on port $PGTEST_PORT: $*"
WAYPOINT_TEST_PG="postgres://waypoint@127.0.0.1:$PGTEST_PORT" "$@"
