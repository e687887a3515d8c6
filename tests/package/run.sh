#!/bin/sh
# tests/package/run.sh — the Debian package `make deb` built: its files,
# control fields and conffile; the man page covers every command and option
# `waypoint --help` prints (a new option without an entry fails here) and
# renders without warnings; the systemd units verify; the packaged binary
# runs `init` and `serve` configured only by the environment file, and the
# backup unit's command makes, checks and prunes backups.
set -eu
cd "$(dirname "$0")/../.."
version=$(./waypoint --version | cut -d' ' -f2)
deb=build/waypoint_${version}_$(dpkg --print-architecture).deb
tmp=$(mktemp -d)
server=""
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

# 1. the files, with their modes
dpkg-deb -c "$deb" | awk '{print $1, $6}' >"$tmp/list"
for want in '-rwxr-xr-x ./usr/bin/waypoint' \
	'-rw-r--r-- ./usr/share/man/man1/waypoint.1.gz' \
	'-rw-r--r-- ./lib/systemd/system/waypoint.service' \
	'-rw-r--r-- ./lib/systemd/system/waypoint-backup.service' \
	'-rw-r--r-- ./lib/systemd/system/waypoint-backup.timer' \
	'-rw-r--r-- ./etc/waypoint/waypoint.env' \
	'-rw-r--r-- ./usr/share/doc/waypoint/copyright' \
	'-rw-r--r-- ./usr/share/doc/waypoint/README.md' \
	'-rw-r--r-- ./usr/share/doc/waypoint/administration.md'; do
	if grep -qxF -- "$want" "$tmp/list"; then ok "contains ${want#* }"; else fail "missing $want"; fi
done
if dpkg-deb -c "$deb" | awk '$2 != "root/root"' | grep -q .; then
	fail "files not owned by root"; else ok "files owned by root"; fi

# 2. control fields and conffile
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = waypoint ] && ok "Package" || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] && ok "Version $version" || fail "Version: $(field Version)"
for lib in libc6 libmicrohttpd12 libsqlite3-0 libpq5 libjansson4 libsodium23 \
	libpwquality1 liboath0 libqrencode4 zlib1g adduser; do
	field Depends | tr ',' '\n' | grep -qE "^ *$lib( |$)" && ok "Depends $lib" ||
		fail "Depends lacks $lib: $(field Depends)"
done
dpkg-deb -I "$deb" conffiles | grep -qxF /etc/waypoint/waypoint.env &&
	ok "waypoint.env is a conffile" || fail "waypoint.env not a conffile"
for s in postinst prerm postrm; do
	dpkg-deb -I "$deb" "$s" >"$tmp/$s" && sh -n "$tmp/$s" && ok "$s parses" || fail "$s"
done
grep -q 'adduser --system --group --home /var/lib/waypoint' "$tmp/postinst" &&
	ok "postinst adds the waypoint user" || fail "postinst adds no user"
if grep -qE 'rm -r[f]* +/var/(lib|backups)/waypoint' "$tmp/postrm"; then
	fail "postrm deletes the data"; else ok "postrm keeps the data"; fi

# 3. the man page: every command and option of --help, rendered cleanly
./waypoint --help >"$tmp/help"
# man_covers MANFILE: 0 when every command and option (with its
# environment twin) of --help has its entry.
man_covers() {
	groff -man -Tascii -P-cbou "$1" 2>/dev/null >"$tmp/man.txt"
	missing=0
	sed -n '/^Commands:/,/^$/p' "$tmp/help" | sed '1d;/^$/d' |
		sed -E 's/^  //; s/( --|  ).*//' >"$tmp/commands"
	while read -r c; do
		grep -qE "^ {7}$c( |\$)" "$tmp/man.txt" || { echo "  man page lacks command: $c"; missing=1; }
	done <"$tmp/commands"
	grep -E '^  --' "$tmp/help" | awk '{ print $1, ($2 == "VALUE" ? $3 : $2) }' >"$tmp/options"
	while read -r opt env; do
		grep -qE "^ {7}$opt( [A-Z:]+)?, $env\$" "$tmp/man.txt" ||
			{ echo "  man page lacks option: $opt ($env)"; missing=1; }
	done <"$tmp/options"
	return $missing
}
if man_covers docs/waypoint.1; then
	ok "man page covers $(wc -l <"$tmp/commands") commands, $(wc -l <"$tmp/options") options"
else fail "man page incomplete"; fi
# The check itself must bite: the page without --max-per-ip's entry fails.
awk '/^\\fB\\-\\-max\\-per\\-ip\\fR/ { skip = 1; next } skip && /^\.TP/ { skip = 0 } !skip' \
	docs/waypoint.1 >"$tmp/broken.1"
if man_covers "$tmp/broken.1" >/dev/null; then
	fail "the man check passes a page without --max-per-ip"
else ok "the man check fails a page without --max-per-ip"; fi
if LC_ALL=C.UTF-8 groff -k -man -Tutf8 -ww -z docs/waypoint.1 2>"$tmp/groff" && ! [ -s "$tmp/groff" ]; then
	ok "man page renders without warnings"
else fail "groff warns:"; cat "$tmp/groff"; fi

# 4. the packaged files, extracted
dpkg-deb -x "$deb" "$tmp/root"
bin=$tmp/root/usr/bin/waypoint
"$bin" --help >/dev/null && ok "packaged binary runs" || fail "packaged binary does not run"
zcat "$tmp/root/usr/share/man/man1/waypoint.1.gz" | cmp -s - docs/waypoint.1 &&
	ok "packaged man page is docs/waypoint.1" || fail "packaged man page differs"

# 5. the units: systemd-analyze verify (ExecStart pointed at the extracted
# binary, which it checks exists); any warning fails.
if command -v systemd-analyze >/dev/null; then
	mkdir "$tmp/units"
	for u in "$tmp"/root/lib/systemd/system/*; do
		sed "s|/usr/bin/waypoint|$bin|g" "$u" >"$tmp/units/${u##*/}"
	done
	if systemd-analyze verify --man=no "$tmp"/units/* >"$tmp/verify" 2>&1 && ! [ -s "$tmp/verify" ]; then
		ok "systemd-analyze verify: 3 units"
	else fail "systemd-analyze verify:"; cat "$tmp/verify"; fi
else
	echo "skip systemd-analyze verify (systemd-analyze not installed)"
fi
for key in 'EnvironmentFile=/etc/waypoint/waypoint.env' 'ExecStartPre=/usr/bin/waypoint init' \
	'ExecStart=/usr/bin/waypoint serve' 'ProtectSystem=strict' 'CapabilityBoundingSet=' \
	'NoNewPrivileges=yes' 'UMask=0077' 'StateDirectory=waypoint' 'Restart=on-failure'; do
	grep -qxF "$key" "$tmp/root/lib/systemd/system/waypoint.service" && ok "unit: $key" ||
		fail "unit lacks $key"
done

# 6. as the unit runs it: only the environment file, from the state dir.
# init twice (idempotent), then serve answers /healthz.
state=$tmp/var/lib/waypoint
mkdir -p "$state"
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
sed -e "s|/var/lib/waypoint|$state|g" -e "s|^WAYPOINT_LISTEN=.*|WAYPOINT_LISTEN=127.0.0.1:$port|" \
	"$tmp/root/etc/waypoint/waypoint.env" >"$tmp/env"
# the unit's reading of the file: NAME=value lines, comments skipped
with_env() { (cd "$state" && umask 077 && set -a && . "$tmp/env" && set +a && exec "$@"); }
if with_env "$bin" init 2>"$tmp/init.log" && with_env "$bin" init 2>>"$tmp/init.log"; then
	ok "init, twice, from the environment file"
else fail "init:"; cat "$tmp/init.log"; fi
[ -f "$state/waypoint.db" ] && [ "$(stat -c %a "$state/waypoint-audit.key")" = 600 ] &&
	ok "database and audit key (0600) in the state dir" || fail "no database or key in $state"
# not through with_env: $! must be the server itself, for the kill below
(cd "$state" && set -a && . "$tmp/env" && set +a && exec "$bin" serve) >"$tmp/serve.log" 2>&1 &
server=$!
up=""
for _ in $(seq 50); do
	curl -fsS "http://127.0.0.1:$port/healthz" >"$tmp/health" 2>/dev/null && { up=1; break; }
	sleep 0.1
done
[ -n "$up" ] && grep -q '"ok"' "$tmp/health" && ok "serve answers /healthz on the configured port" ||
	{ fail "serve:"; cat "$tmp/serve.log"; }
kill "$server" && wait "$server" && ok "serve exits 0 on SIGTERM" || fail "serve exit status"
server=""

# 7. the backup unit's command, as systemd hands it to sh ($$ -> $, %% -> %),
# with a 40-day-old backup that the retention removes.
awk '/^ExecStart=\/bin\/sh -ec/ { on = 1; sub(/^ExecStart=\/bin\/sh -ec /, "") }
	on { sub(/\\$/, ""); printf "%s", $0; if (n++ && /'"'"'$/) exit }' \
	"$tmp/root/lib/systemd/system/waypoint-backup.service" |
	sed -e 's/^ *'"'"'//; s/'"'"'$//; s/\$\$/$/g; s/%%/%/g' -e "s|/usr/bin/waypoint|$bin|g" >"$tmp/backup.sh"
mkdir -m 700 "$tmp/backups"
touch -d '40 days ago' "$tmp/backups/waypoint-20000101T000000Z.wbk"
if with_env env BACKUP_DIR="$tmp/backups" KEEP_DAYS=35 \
	sh -ec "$(cat "$tmp/backup.sh")" >"$tmp/backup.log" 2>&1; then
	ok "backup unit's command runs"
else fail "backup unit's command:"; cat "$tmp/backup.sh" "$tmp/backup.log"; fi
n=$(find "$tmp/backups" -name 'waypoint-*.wbk' | wc -l)
[ "$n" = 1 ] && ! [ -e "$tmp/backups/waypoint-20000101T000000Z.wbk" ] &&
	ok "a new backup made, the 40-day-old one removed" || fail "backups left: $(ls "$tmp/backups")"
"$bin" backup verify --in "$tmp"/backups/waypoint-*.wbk --backup-key "$state/waypoint-backup.key" >/dev/null &&
	ok "the new backup verifies" || fail "the new backup does not verify"

echo "package: $passed passed, $failed failed"
[ "$failed" = 0 ]
