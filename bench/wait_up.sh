# bench/wait_up.sh — sourced: wait_up URL PID waits until the server of
# process PID answers URL, and stops the bench with a message if it exits
# first (it does when it cannot open its database) or takes over a minute.
wait_up() {
	i=0
	until curl -sf -o /dev/null "$1"; do
		kill -0 "$2" 2>/dev/null || { echo "bench: the server exited before answering $1" >&2; exit 1; }
		i=$((i + 1)); [ $i -lt 1200 ] || { echo "bench: $1 never answered" >&2; exit 1; }
		sleep 0.05
	done
}
