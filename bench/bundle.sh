#!/bin/sh
# bench/bundle.sh — the programs the benchmarks run (waypoint, wrk, the
# sqlite3 shell) with the shared libraries they load, in build/bundle, for
# a bigger Linux machine that has none of the packages: the scaling runs of
# bench/people.sh on 16 cores.  There:
#   export LD_LIBRARY_PATH=$PWD/build/bundle/lib PATH=$PWD/build/bundle/bin:$PATH
#   mkdir -p /var/cache/cracklib && cp build/bundle/cracklib/* /var/cache/cracklib/
#   WAYPOINT_BIN=build/bundle/bin/waypoint BENCH_PORT=8088 BENCH_WRK_THREADS=8 \
#     BENCH_RUNS=3 sh bench/people.sh
# The C library stays the machine's own (a newer glibc runs these).
set -eu
cd "$(dirname "$0")/.."
out=build/bundle
rm -rf "$out"
mkdir -p "$out/bin" "$out/lib" "$out/cracklib"
# libpwquality checks passwords against cracklib's dictionary
cp /var/cache/cracklib/cracklib_dict.* "$out/cracklib/"
cp waypoint "$(command -v wrk)" "$(command -v sqlite3)" "$out/bin/"
for b in "$out"/bin/*; do ldd "$b"; done | awk '$3 ~ /^\// {print $3}' | sort -u |
	grep -vE '/(libc|libm|libpthread|libdl|librt)\.so|ld-linux' |
	while read -r lib; do cp -L "$lib" "$out/lib/"; done
du -sh "$out"
