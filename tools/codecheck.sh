#!/bin/sh
# codecheck.sh — rejects the ways user data could reach HTML or SQL unescaped
# or unbound (after Fossil's tools/codecheck1.c).  Run by `make check`.
#
#  1. html_raw() and db_prepare()/db_exec() only compile with string literals
#     (macros in html.h and db.h); tests/codecheck/ proves that by compiling
#     offending snippets and expecting the compiler to refuse them.
#  2. No %s in an html_printf format: text goes through html_text/html_attr.
#  3. The non-literal entry points (db_prepare_literal, db_exec_literal,
#     db_exec_schema, html_raw_literal) are called only inside their modules.
set -eu
cd "$(dirname "$0")/.."
fail=0
say() { echo "codecheck: $*" >&2; fail=1; }

# 2. html_printf with %s (formats are literals: -Wformat=2 enforces that)
if grep -rn 'html_printf([^;]*%[-0-9.]*s' src; then
	say "html_printf must not format %s: use html_text or html_attr"
fi

# 3. non-literal entry points outside their modules
for fn in db_prepare_literal db_exec_literal db_exec_schema; do
	hits=$(grep -rln "$fn(" src | grep -v '^src/store/' || true)
	[ -z "$hits" ] || say "$fn called outside src/store/: $hits"
done
hits=$(grep -rln 'html_raw_literal(' src | grep -v '^src/web/html\.[ch]$' || true)
[ -z "$hits" ] || say "html_raw_literal called outside src/web/html.c: $hits"

# 1. the compiler must refuse each offending snippet
cflags="-std=c17 -Wall -Wformat=2 -Werror -D_GNU_SOURCE -Isrc $(pkg-config --cflags jansson)"
for bad in tests/codecheck/bad_*.c; do
	if cc $cflags -fsyntax-only "$bad" 2>/dev/null; then
		say "$bad compiled, but must be refused"
	fi
done
cc $cflags -fsyntax-only tests/codecheck/good.c ||
	say "tests/codecheck/good.c should compile"

if [ $fail = 0 ]; then
	echo "codecheck: 1 passed, 0 failed"
else
	echo "codecheck: 0 passed, 1 failed"
fi
exit $fail
