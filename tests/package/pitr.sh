#!/bin/sh
# tests/package/pitr.sh — PostgreSQL point-in-time recovery, as
# docs/administration.md tells it: WAL archived with archive_command, a base
# backup with pg_basebackup, staff added before and after a time T, the
# cluster lost, restored from the base and the archive to T.  Then: the
# staff of before T are there and those of after are not; `audit verify`
# against all checkpoints says entries were cut off (the checkpoint after T
# signs entries the recovery left out, as expected), and against the
# checkpoints up to T it passes, and goes on passing as the log grows.
set -eu
cd "$(dirname "$0")/../.."
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
tmp=$(mktemp -d /tmp/waypoint-pitr.XXXXXX)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
as=""
# PostgreSQL refuses root: as root the cluster runs as "postgres" (pg.sh too).
if [ "$(id -u)" = 0 ]; then as="runuser -u postgres --"; chown postgres "$tmp"; fi
pg() { $as "$bin/$@"; }
data=$tmp/data arch=$tmp/wal
cleanup() {
	for d in "$tmp/data" "$tmp/restored"; do
		[ -f "$d/postmaster.pid" ] && pg pg_ctl -D "$d" -m immediate -w stop >/dev/null 2>&1 || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
start() { pg pg_ctl -D "$1" -l "$tmp/log" -w -o "-p $port -k $tmp -c listen_addresses=127.0.0.1" start >/dev/null; }
sql() { pg psql -h 127.0.0.1 -p "$port" -U waypoint -d waypoint -XAtqc "$1"; }

export WAYPOINT_DB="postgres://waypoint@127.0.0.1:$port/waypoint"
export WAYPOINT_AUDIT_KEY=$tmp/audit.key WAYPOINT_AUDIT_CHECKPOINTS=$tmp/audit.checkpoints
add() { echo 'a long passphrase for pitr' | ./waypoint user add --email "$1@example.org" \
	--name "$1" --role peer_specialist --password-stdin 2>/dev/null; }

# 1. archiving on: WAL segments copied, never overwritten, to $arch
pg initdb -D "$data" -A trust -U waypoint -E UTF8 --locale=C.UTF-8 >/dev/null
$as mkdir -m 700 "$arch"
cat >>"$data/postgresql.conf" <<CONF
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $arch/%f && cp %p $arch/%f'
CONF
start "$data"
pg createdb -h 127.0.0.1 -p "$port" -U waypoint waypoint
./waypoint init 2>/dev/null && add before1 && ok "init, first staff" || fail "init"

# 2. the base backup, self-contained (-X stream)
pg pg_basebackup -h 127.0.0.1 -p "$port" -U waypoint -D "$tmp/base" -Ft -z -X stream -c fast &&
	ok "pg_basebackup -Ft -z -X stream" || fail "pg_basebackup"

# 3. work after the base; T; more work and a checkpoint after T
add before2
./waypoint audit checkpoint >/dev/null
sleep 1.2
target=$(date -u '+%Y-%m-%d %H:%M:%S+00')
sleep 1.2
add after1
./waypoint audit checkpoint >/dev/null
seg=$(sql "SELECT pg_walfile_name(pg_switch_wal())")
for _ in $(seq 100); do [ -f "$arch/$seg" ] && break; sleep 0.1; done
[ -f "$arch/$seg" ] && ok "WAL archived up to $seg" || fail "WAL segment $seg not archived"
pg pg_ctl -D "$data" -m fast -w stop >/dev/null
$as mv "$data" "$tmp/lost"

# 4. restore: the base, its WAL, then the archive up to T
restored=$tmp/restored
$as mkdir -m 700 "$restored"
$as tar -xzf "$tmp/base/base.tar.gz" -C "$restored"
$as tar -xzf "$tmp/base/pg_wal.tar.gz" -C "$restored/pg_wal"
cat >>"$restored/postgresql.conf" <<CONF
restore_command = 'cp $arch/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
CONF
$as touch "$restored/recovery.signal"
start "$restored"
for _ in $(seq 100); do [ "$(sql 'SELECT pg_is_in_recovery()')" = f ] && break; sleep 0.1; done
[ "$(sql 'SELECT pg_is_in_recovery()')" = f ] && ok "recovered to $target and promoted" ||
	{ fail "still in recovery"; tail -5 "$tmp/log"; }
staff=$(sql "SELECT string_agg(name, ',' ORDER BY name) FROM users")
[ "$staff" = "before1,before2" ] && ok "staff of before T only: $staff" || fail "staff after recovery: $staff"

# 5. the audit log against the checkpoints
if ./waypoint audit verify >"$tmp/verify" 2>&1; then
	fail "audit verify passed against a checkpoint after T"
elif grep -q 'entries were cut off' "$tmp/verify"; then
	ok "against all checkpoints: $(sed 's/^waypoint: //' "$tmp/verify")"
else fail "audit verify: $(cat "$tmp/verify")"; fi
# The server's file replaced by its lines up to T (the rest kept aside, as
# the record of what was lost), as the docs say; at= is UTC ISO 8601, so
# strings compare.
cps=$WAYPOINT_AUDIT_CHECKPOINTS
t=$(echo "$target" | sed 's/ /T/; s/+00$/Z/')
mv "$cps" "$cps.before-pitr"
awk -v t="$t" '{ for (i = 1; i <= NF; i++) if ($i ~ /^at=/ && substr($i, 4) <= t) print }' \
	"$cps.before-pitr" >"$cps"
if ./waypoint audit verify >"$tmp/verify" 2>&1; then
	ok "against the checkpoints up to T: $(cat "$tmp/verify")"
else fail "audit verify up to T: $(cat "$tmp/verify")"; fi
# the server's first checkpoint after recovery, and work going on
./waypoint audit checkpoint >/dev/null && add after-recovery
./waypoint audit checkpoint >/dev/null
./waypoint audit verify >"$tmp/verify" 2>&1 &&
	ok "new checkpoints after recovery: $(cat "$tmp/verify")" ||
	fail "audit verify after new checkpoints: $(cat "$tmp/verify")"

echo "pitr: $passed passed, $failed failed"
[ "$failed" = 0 ]
