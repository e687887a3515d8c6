#!/bin/sh
# bench/bundle.sh — the programs the benchmarks run (waypoint, wrk, the
# sqlite3 shell, and PostgreSQL's server, initdb, pg_ctl and psql) with the
# shared libraries they load, packed in build/bundle.tar.xz, for a bigger
# Linux machine that has none of the packages: the scaling runs of
# bench/people.sh and bench/today.sh on 16 cores.  Packed because
# PostgreSQL's ICU data alone is 30 MB (7 MB packed).  There, as root:
#   tar -xJf build/bundle.tar.xz -C /opt && . /opt/bundle/env.sh
#   BENCH_PORT=8088 BENCH_WRK_THREADS=8 BENCH_RUNS=3 [BENCH_DB=postgres] \
#     sh bench/people.sh        (or bench/today.sh, the same way)
# The C library stays the machine's own (a newer glibc runs these).
set -eu
cd "$(dirname "$0")/.."
out=build/bundle
rm -rf "$out" build/bundle.tar.xz
mkdir -p "$out/bin" "$out/lib" "$out/cracklib" "$out/zoneinfo"
# libpwquality checks passwords against cracklib's dictionary
cp /var/cache/cracklib/cracklib_dict.* "$out/cracklib/"
cp waypoint "$(command -v wrk)" "$(command -v sqlite3)" "$out/bin/"

# PostgreSQL finds its share and lib folders relative to its bin folder
# when they keep Debian's layout (/usr/lib/postgresql/N/bin beside
# /usr/share/postgresql/N), so the tree under $out/pg is /usr's.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgver=$(basename "$(dirname "$pgbin")")
mkdir -p "$out/pg/lib/postgresql/$pgver/bin" "$out/pg/lib/postgresql/$pgver/lib" "$out/pg/share/postgresql"
cp "$pgbin/postgres" "$pgbin/initdb" "$pgbin/pg_ctl" "$pgbin/psql" "$out/pg/lib/postgresql/$pgver/bin/"
# initdb loads the text search dictionaries; every database has PL/pgSQL;
# bench/today.sh shows PostgreSQL's plans by auto_explain
cp "$pgbin/../lib/plpgsql.so" "$pgbin/../lib/dict_snowball.so" "$pgbin/../lib/auto_explain.so" \
	"$out/pg/lib/postgresql/$pgver/lib/"
cp -r "/usr/share/postgresql/$pgver" "$out/pg/share/postgresql/"
# bench/today.sh preloads it into the server for the plans of what it runs
cc -O2 -shared -fPIC -o "$out/lib/sql_log.so" bench/sql_log.c -ldl
# Debian's PostgreSQL reads the system's zone files: UTC is all it needs.
cp -L /usr/share/zoneinfo/UTC /usr/share/zoneinfo/GMT "$out/zoneinfo/"

{ ls "$out"/bin/* "$out"/pg/lib/postgresql/*/bin/* "$out"/pg/lib/postgresql/*/lib/*.so; } |
	while read -r b; do ldd "$b"; done | awk '$3 ~ /^\// {print $3}' | sort -u |
	grep -vE '/(libc|libm|libpthread|libdl|librt)\.so|ld-linux' |
	while read -r lib; do cp -L "$lib" "$out/lib/"; done

# Sourced there: the paths, cracklib's dictionary, the zone files if the
# machine has none, and the unprivileged user PostgreSQL runs as, who must
# be able to read the bundle: hence its fixed place.
cat >"$out/env.sh" <<EOF
b=/opt/bundle
export LD_LIBRARY_PATH=\$b/lib PATH=\$b/bin:\$b/pg/lib/postgresql/$pgver/bin:\$PATH
export PGTEST_BIN=\$b/pg/lib/postgresql/$pgver/bin WAYPOINT_BIN=\$b/bin/waypoint BENCH_SQL_LOG_SO=\$b/lib/sql_log.so
mkdir -p /var/cache/cracklib && cp \$b/cracklib/* /var/cache/cracklib/
[ -e /usr/share/zoneinfo/UTC ] || { mkdir -p /usr/share/zoneinfo && cp \$b/zoneinfo/* /usr/share/zoneinfo/; }
id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
EOF
du -sh "$out"
tar -cf - -C build bundle | xz -T0 -6 >build/bundle.tar.xz
du -sh build/bundle.tar.xz
