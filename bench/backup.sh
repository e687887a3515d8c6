#!/bin/sh
# bench/backup.sh — the backup and restore targets (issue 28): a backup of
# bench/today.sh's database (1,000,000 persons, 10,000,000 contacts, and
# the audit log the load below adds to) taken while the server serves half
# of its usual load; that load's latency during the backup against without
# it, in the same run; then the time to verify and to restore the backup.
#
#   BENCH_KEEP=1 BENCH_WORK=/work/benchdb sh bench/today.sh     # generate once (minutes)
#   BENCH_REUSE=1 BENCH_KEEP=1 BENCH_WORK=/work/benchdb sh bench/backup.sh
#
# "Half the usual load": GET / (each peer's Today page) at 32 connections
# as fast as it is answered is measured first; then 16 connections, each
# waiting between requests (wrk's delay()) so that together they ask for
# half that rate.  wrk runs in 10 s windows while the backup runs, and as
# many windows again after it; each window's p99 is printed.  SQLite.
set -eu
cd "$(dirname "$0")/.."
. bench/generate.sh
[ "$KIND" = sqlite ] || { echo "bench/backup.sh: SQLite only" >&2; exit 1; }
bench_setup today
# without a kept database: BENCH_PERSONS persons only (no contacts), to
# try the script; the figures are from the header's full size
[ -n "$reused" ] || { generate_persons; sqlite3 "$db" 'ANALYZE'; }
echo "database: $(db_size_mb) MB, $(sqlite3 "$db" 'SELECT COUNT(*) FROM persons') persons," \
	"$(sqlite3 "$db" 'SELECT COUNT(*) FROM contacts') contacts"
bench_serve
printf 'wrk.path = "/"\n' >"$work/page.lua"
measure "GET / full load (32 connections)" "$work/page.lua" 32
full=$rps
delay=$(awk -v r="$full" 'BEGIN { printf "%d", 16 * 1000 / (r / 2) }')
printf 'wrk.path = "/"\nfunction delay() return %s end\n' "$delay" >"$work/half.lua"
echo "half load: 16 connections, each waiting $delay ms between requests"

windows_while() { # pid: 10 s windows until it ends; prints each, counts them
	n=0
	while kill -0 "$1" 2>/dev/null; do
		DURATION=10s measure "  during the backup" "$work/half.lua" 16
		n=$((n + 1))
	done
}

out=$work/bench.backup
rm -f "$out" "$out.tmp"
start=$(date +%s.%N)
"$BIN" backup --db "$db" --out "$out" >"$work/backup.out" 2>&1 &
bpid=$!
windows_while "$bpid"
wait "$bpid" || { cat "$work/backup.out"; exit 1; }
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "backup: ${took} s (to the end of its last load window), $(du -m "$out" | cut -f1) MB," \
	"$(awk -F'"audit_entries":' 'NF > 1 { split($2, a, ","); print a[1] }' "$work/backup.out") audit entries"
i=0
while [ "$i" -lt "$n" ]; do
	DURATION=10s measure "  without a backup" "$work/half.lua" 16
	i=$((i + 1))
done
bench_stop

start=$(date +%s.%N)
"$BIN" backup verify --db "$db" --in "$out" >/dev/null
echo "backup verify: $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
restored=$work/restored.db
rm -f "$restored" "$restored-wal" "$restored-shm" "$work/restored-audit.checkpoints"
start=$(date +%s.%N)
"$BIN" restore --db "$restored" --in "$out" --backup-key "$work/today-backup.key" \
	--audit-key "$work/today-audit.key" >/dev/null 2>"$work/restore.err" || { cat "$work/restore.err"; exit 1; }
echo "restore: $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s" \
	"(decrypt, integrity_check, audit verify, rename)"
rm -f "$restored" "$restored-wal" "$restored-shm" "$out"
