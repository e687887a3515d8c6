#!/bin/sh
# install-deps.sh [--bench] — installs whatever this machine lacks to build,
# run and test Waypoint: Debian packages (apt) and the npm packages in
# package.json (USWDS for the pages, Playwright and axe for browser tests).
# Safe to run again: it installs only what is missing.  --bench adds wrk,
# nginx and valgrind (callgrind) for `make bench`.
set -eu
cd "$(dirname "$0")/.."

packages="build-essential pkg-config gzip tzdata ca-certificates
libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev libsodium-dev
libcmocka-dev postgresql chromium clang-format openssl curl
clang libclang-rt-14-dev
libpwquality-dev cracklib-runtime liboath-dev libqrencode-dev sqlite3
zlib1g-dev groff-base libfuse3-dev fuse3"
[ "${1:-}" = "--bench" ] && packages="$packages wrk nginx-light valgrind"
command -v node >/dev/null 2>&1 || packages="$packages nodejs"
command -v npm >/dev/null 2>&1 || packages="$packages npm"

missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "install-deps: installing Debian packages:$missing"
	sudo=""
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null 2>&1 || {
			echo "install-deps: need root (or sudo) to install:$missing" >&2
			exit 1
		}
		sudo=sudo
	fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi

# Playwright and USWDS want Node.js 20 or newer; Debian 12's own nodejs is
# 18, so say so plainly rather than fail later in a test.
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
	echo "install-deps: Node.js $major found; the browser tests need Node.js 20 or" >&2
	echo "install-deps: newer (an apt source such as NodeSource provides it)." >&2
fi

# npm packages: reinstall when package-lock.json changed since the last time.
if [ ! -f node_modules/.package-lock.json ] ||
	[ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "install-deps: installing npm packages"
	npm ci --no-audit --no-fund --loglevel=error
fi
