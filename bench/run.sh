#!/bin/sh
# bench/run.sh — `make bench`: wrk (2 threads, 64 connections, 10 s) against
# waypoint's /healthz, a static asset and /api/v1/programs (10 programs), and
# against nginx serving the same bytes as static files.  Prints requests/s,
# p99 and the ratio to nginx; then idle memory and start-up time.  Figures go
# to bench/out/ too.  Nothing here is a pass/fail test.  /api/v1/programs
# is read as a signed-in peer specialist, so it includes the session check.
set -eu
cd "$(dirname "$0")/.."
BIN=${WAYPOINT_BIN:-./waypoint}
THREADS=${BENCH_SERVER_THREADS:-0} # 0: one per core, the default
DURATION=${BENCH_DURATION:-10s}
out=bench/out
mkdir -p "$out"
work=$(mktemp -d /tmp/waypoint-bench.XXXXXX)
wp_pid=""; ng_pid=""
cleanup() {
	[ -n "$wp_pid" ] && kill "$wp_pid" 2>/dev/null || true
	[ -n "$ng_pid" ] && kill "$ng_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() {
	node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
wait_up() { # url
	i=0
	until curl -sf -o /dev/null "$1"; do
		i=$((i + 1)); [ $i -lt 500 ] || { echo "bench: $1 never answered" >&2; exit 1; }
		sleep 0.01
	done
}

db=$work/bench.db
"$BIN" init --db "$db" 2>/dev/null
wp_port=$(free_port)
"$BIN" serve --db "$db" --listen "127.0.0.1:$wp_port" --threads "$THREADS" 2>"$work/waypoint.log" &
wp_pid=$!
wp="http://127.0.0.1:$wp_port"
wait_up "$wp/healthz"
sleep 0.5
rss_idle=$(awk '/VmRSS/ {print $2}' "/proc/$wp_pid/status")
# Ten programs (seeded straight into SQLite: writing them needs an admin's
# two-step sign-in), and a signed-in peer specialist to read them.
for i in 1 2 3 4 5 6 7 8 9 10; do
	sqlite3 "$db" "INSERT INTO programs (name, kind, time_zone, unit_rounding, created_at, updated_at)
		VALUES ('Bench program $i', 'community', 'America/Chicago', 'eight_minute', '2026-11-22T00:00:00Z', '2026-11-22T00:00:00Z');
		INSERT INTO program_crisis_lines VALUES (last_insert_rowid(), 1, '988 Suicide & Crisis Lifeline', '988'),
		(last_insert_rowid(), 2, 'County mobile crisis', '555-0100');"
done
echo 'quiet harbor sunny lantern' | "$BIN" user add --db "$db" --email bench@example.org \
	--name 'Bench Peer' --role peer_specialist --password-stdin 2>/dev/null
curl -sf -o /dev/null -c "$work/cookies" -H 'Content-Type: application/json' \
	-d '{"email":"bench@example.org","password":"quiet harbor sunny lantern"}' "$wp/api/v1/session"
cookie=$(awk '$6 == "__Host-waypoint" {print $6 "=" $7}' "$work/cookies")

# nginx serves the very bytes waypoint answers with.
mkdir -p "$work/www/api/v1" "$work/www/assets"
curl -sf "$wp/healthz" >"$work/www/healthz"
curl -sf -H "Cookie: $cookie" "$wp/api/v1/programs" >"$work/www/api/v1/programs"
curl -sf "$wp/assets/waypoint.css" >"$work/www/assets/waypoint.css"
ng_port=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log off;
	default_type application/json;
	client_body_temp_path $work/tmp; proxy_temp_path $work/tmp;
	fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
	server { listen 127.0.0.1:$ng_port; root $work/www; }
}
CONF
mkdir -p "$work/tmp"
# nginx workers run unprivileged when started as root: let them read.
chmod 755 "$work"; chmod -R a+rX "$work/www"
nginx -c "$work/nginx.conf" &
ng_pid=$!
ng="http://127.0.0.1:$ng_port"
wait_up "$ng/healthz"

run_wrk() { # url [header] → "rps p99ms"
	wrk -t2 -c64 -d"$DURATION" --latency ${2:+-H "$2"} "$1" >"$work/wrk.txt" 2>&1
	rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
	p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$work/wrk.txt")
	errors=$(awk '/Non-2xx|Socket errors/ {print}' "$work/wrk.txt")
	[ -z "$errors" ] || echo "bench: $1: $errors" >&2
	echo "$rps $p99"
}

report=$out/report.txt
{
	echo "waypoint bench — $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, wrk -t2 -c64 -d$DURATION, server threads $THREADS"
	printf '%-22s %12s %9s %12s %9s %7s\n' path "waypoint r/s" "p99 ms" "nginx r/s" "p99 ms" ratio
} | tee "$report"
for path in /healthz /assets/waypoint.css /api/v1/programs; do
	header=""
	[ "$path" = /api/v1/programs ] && header="Cookie: $cookie"
	set -- $(run_wrk "$wp$path" "$header")
	w_rps=$1 w_p99=$2
	set -- $(run_wrk "$ng$path")
	n_rps=$1 n_p99=$2
	ratio=$(awk -v a="$w_rps" -v b="$n_rps" 'BEGIN {printf "%.0f%%", 100 * a / b}')
	printf '%-22s %12s %9s %12s %9s %7s\n' "$path" "$w_rps" "$w_p99" "$n_rps" "$n_p99" "$ratio" | tee -a "$report"
done
# Accounts: the CPU one sign-in costs (the server's own CPU time over 20
# sequential sign-ins), and what checking a session adds to a request: the
# same cheap route (a 404 for a malformed invitation, no query of its own)
# with and without a session cookie, in this run.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$wp_pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(cpu_ticks)
for i in $(seq 20); do
	curl -sf -o /dev/null -c "$work/cookies" -H 'Content-Type: application/json' \
		-d '{"email":"bench@example.org","password":"quiet harbor sunny lantern"}' \
		"$wp/api/v1/session"
done
t1=$(cpu_ticks)
signin_ms=$(awk -v d=$((t1 - t0)) -v hz="$hz" 'BEGIN {printf "%.0f", d * 1000 / hz / 20}')
cookie=$(awk '$6 == "__Host-waypoint" {print $6 "=" $7}' "$work/cookies")
wrk -t2 -c64 -d"$DURATION" "$wp/invite/x" >"$work/anon.txt" 2>&1
wrk -t2 -c64 -d"$DURATION" -H "Cookie: $cookie" "$wp/invite/x" >"$work/auth.txt" 2>&1
anon_rps=$(awk '/Requests\/sec/ {print $2}' "$work/anon.txt")
auth_rps=$(awk '/Requests\/sec/ {print $2}' "$work/auth.txt")
cores=$(nproc)
# both runs keep every core busy, so CPU per request is cores / rate
session_us=$(awk -v a="$anon_rps" -v b="$auth_rps" -v c="$cores" 'BEGIN {printf "%.0f", (c / b - c / a) * 1e6}')
rss_after=$(awk '/VmRSS/ {print $2}' "/proc/$wp_pid/status")
kill "$wp_pid"; wait "$wp_pid" 2>/dev/null || true; wp_pid=""

# Start-up on an existing database: exec to the first answered request.
best=""
for i in 1 2 3 4 5; do
	port=$(free_port)
	t0=$(date +%s%N)
	"$BIN" serve --db "$db" --listen "127.0.0.1:$port" --threads "$THREADS" 2>/dev/null &
	wp_pid=$!
	until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do :; done
	t1=$(date +%s%N)
	kill "$wp_pid"; wait "$wp_pid" 2>/dev/null || true; wp_pid=""
	ms=$(( (t1 - t0) / 1000000 ))
	[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
done
{
	echo "server RSS idle: $((rss_idle / 1024)) MB ($rss_idle kB); after the load: $((rss_after / 1024)) MB"
	echo "start-up to first answered /healthz (best of 5, includes curl's own start): $best ms"
	echo "sign-in: $signin_ms ms of server CPU each (Argon2id, 64 MiB, 3 passes; 20 in a row)"
	echo "session check: anonymous $anon_rps r/s, signed in $auth_rps r/s on the same route: about $session_us us of CPU per request"
} | tee -a "$report"
