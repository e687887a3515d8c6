#!/bin/sh
# pg.sh start|stop — the throwaway PostgreSQL cluster of the HTTP tests.
# run.sh sets PGTEST_DIR, PGTEST_PORT and PGTEST_BIN; as root the cluster
# runs as the unprivileged "postgres" user (PostgreSQL refuses root).
set -eu
as=""
[ "$(id -u)" = 0 ] && as="runuser -u postgres --"
case $1 in
start)
	$as "$PGTEST_BIN/pg_ctl" -D "$PGTEST_DIR/data" -l "$PGTEST_DIR/log" -w \
		-o "-p $PGTEST_PORT -k $PGTEST_DIR -c listen_addresses=127.0.0.1" start >/dev/null ;;
stop)
	$as "$PGTEST_BIN/pg_ctl" -D "$PGTEST_DIR/data" -m fast -w stop >/dev/null ;;
init)
	$as "$PGTEST_BIN/initdb" -D "$PGTEST_DIR/data" -A trust -U waypoint \
		-E UTF8 --locale=C.UTF-8 >/dev/null ;;
esac
