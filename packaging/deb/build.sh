#!/bin/sh
# build.sh VERSION STAGE OUTDIR — turn STAGE (`make install DESTDIR=STAGE
# PREFIX=/usr` already run) into OUTDIR/waypoint_VERSION_ARCH.deb with
# dpkg-deb alone: no debhelper, so the tree builds one on any Debian box.
set -eu
version=$1 stage=$2 out=$3
here=$(dirname "$0")
pkg=$here/..
arch=$(dpkg --print-architecture)

# Debian wants stripped binaries and gzipped man pages.
strip --strip-unneeded --remove-section=.comment --remove-section=.note \
	"$stage/usr/bin/waypoint"
gzip -9nf "$stage/usr/share/man/man1/waypoint.1"

install -d "$stage/lib/systemd/system" "$stage/etc/waypoint" \
	"$stage/usr/share/doc/waypoint" "$stage/DEBIAN"
install -m 644 "$pkg/waypoint.service" "$pkg/waypoint-backup.service" \
	"$pkg/waypoint-backup.timer" "$stage/lib/systemd/system/"
install -m 644 "$pkg/waypoint.env" "$stage/etc/waypoint/waypoint.env"
install -m 644 "$here/copyright" README.md docs/administration.md \
	"$stage/usr/share/doc/waypoint/"
# A native package's changelog.gz must be in Debian's format: one entry,
# pointing at the project's own CHANGELOG.md, shipped beside it.
gzip -9nc CHANGELOG.md >"$stage/usr/share/doc/waypoint/CHANGELOG.md.gz"
date=$(date -R -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")
printf '%s\n\n%s\n\n%s\n' "waypoint ($version) unstable; urgency=medium" \
	"  * Built from the source tree; see CHANGELOG.md.gz for the changes." \
	" -- Waypoint maintainers <maintainers@users.noreply.h-seed-c67c213c.example>  $date" |
	gzip -9n >"$stage/usr/share/doc/waypoint/changelog.gz"
chmod 644 "$stage/usr/share/doc/waypoint/changelog.gz" \
	"$stage/usr/share/doc/waypoint/CHANGELOG.md.gz"
install -m 755 "$here/postinst" "$here/prerm" "$here/postrm" "$stage/DEBIAN/"
echo /etc/waypoint/waypoint.env >"$stage/DEBIAN/conffiles"

# Depends: what the binary links, from the shlibs database when
# dpkg-shlibdeps is here (it wants a debian/control beside it), else the
# Debian 12 packages by name.  adduser for postinst.
if command -v dpkg-shlibdeps >/dev/null; then
	work=$(mktemp -d)
	mkdir "$work/debian"
	echo "Source: waypoint" >"$work/debian/control"
	bin=$(realpath "$stage/usr/bin/waypoint")
	libs=$(cd "$work" && dpkg-shlibdeps -O "$bin" 2>/dev/null |
		sed -n 's/^shlibs:Depends=//p')
	rm -rf "$work"
else
	libs="libc6, libmicrohttpd12, libsqlite3-0, libpq5, libjansson4,"
	libs="$libs libsodium23, libpwquality1, liboath0, libqrencode4, zlib1g"
fi
[ -n "$libs" ] || { echo "build.sh: no library dependencies found" >&2; exit 1; }

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<CONTROL
Package: waypoint
Version: $version
Architecture: $arch
Maintainer: Waypoint maintainers <maintainers@users.noreply.h-seed-c67c213c.example>
Installed-Size: $size
Depends: $libs, adduser
Recommends: postgresql-client
Suggests: nginx
Section: web
Priority: optional
Description: record system for peer recovery support programs
 Waypoint is one program: a web server with server-rendered pages and a
 JSON API, and the commands that set up, back up, restore and check its
 database (SQLite by default, or PostgreSQL).  It runs under systemd as the
 waypoint user, its settings in /etc/waypoint/waypoint.env.
 .
 postgresql-client is needed for backups of a PostgreSQL database.
CONTROL

# conffiles (all of etc/) are left out, as dh_md5sums does: dpkg keeps theirs.
(cd "$stage" && find . \( -path ./DEBIAN -o -path ./etc \) -prune -o -type f -printf '%P\0' |
	LC_ALL=C sort -z | xargs -0 md5sum) >"$stage/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/waypoint_${version}_$arch.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
