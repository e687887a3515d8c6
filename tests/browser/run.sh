#!/bin/sh
# run.sh — browser tests: Playwright (playwright-core) driving Debian's
# Chromium against a real waypoint on loopback, with axe for accessibility.
set -eu
cd "$(dirname "$0")/../.."
export WAYPOINT_BIN=${WAYPOINT_BIN:-./waypoint}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
echo "== browser tests (Chromium, axe WCAG 2.2 AA)"
node --test --test-concurrency=1 tests/browser/*.test.mjs
