#!/bin/sh
# run.sh — the power-cut test (power.test.mjs) against the sanitized server
# on SQLite, its files on lossyfs.  Where FUSE is not available (no
# /dev/fuse or fusermount3, or a container that may not mount), it says so
# and skips.  POWER_CYCLES and POWER_SEED pass through.
set -eu
cd "$(dirname "$0")/../.."
export WAYPOINT_BIN=${WAYPOINT_BIN:-build/waypoint-san}
export LOSSYFS=${LOSSYFS:-build/lossyfs}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export TZDIR=/usr/share/zoneinfo

skip() {
	echo "SKIP power: $*; the power-cut test did not run"
	exit 0
}
[ -c /dev/fuse ] || skip "no /dev/fuse"
command -v fusermount3 >/dev/null 2>&1 || skip "no fusermount3 (Debian: fuse3)"
probe=$(mktemp -d /tmp/waypoint-power-probe.XXXXXX)
mkdir "$probe/disk" "$probe/mnt"
"$LOSSYFS" "$probe/disk" "$probe/mnt" 2>"$probe/log" &
fs=$!
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	grep -q " $probe/mnt " /proc/self/mountinfo && break
	kill -0 "$fs" 2>/dev/null || break
	sleep 0.1
done
if grep -q " $probe/mnt " /proc/self/mountinfo; then
	fusermount3 -u "$probe/mnt"
	wait "$fs" || true
	rm -rf "$probe"
else
	kill "$fs" 2>/dev/null || true
	why=$(head -n 1 "$probe/log")
	rm -rf "$probe"
	skip "cannot mount a FUSE file system here ($why)"
fi

echo "== power-cut test on SQLite (lossyfs)"
node --test --test-concurrency=1 tests/power/power.test.mjs
