#!/bin/sh
# codecheck.sh — rejects the ways user data could reach HTML or SQL unescaped
# or unbound (after Fossil's tools/codecheck1.c).  Run by `make codecheck`,
# which builds build/codecheck from tools/codecheck.c first.
#
#  1. html_raw() and db_prepare()/db_exec() only compile with string literals
#     (macros in html.h and db.h); tests/codecheck/bad_*.c proves that by
#     compiling offending snippets and expecting the compiler to refuse them.
#  2. tools/codecheck.c reads every call in src/, however it is split over
#     lines: no %s (%c, %ls, %n) in an html_printf format, no non-literal
#     format, the non-literal entry points (db_prepare_literal, …,
#     html_raw_literal) only inside their modules, and no buf_puts/
#     buf_append/buf_printf on &r->out under src/features/.
#     tests/codecheck/reject_*.c must each be rejected, with the messages
#     their "expect:" comments name; good.c must pass (both are judged as
#     if they lived under src/features/).
set -eu
cd "$(dirname "$0")/.."
fail=0
say() { echo "codecheck: $*" >&2; fail=1; }
checker=build/codecheck
[ -x $checker ] || make -s $checker

# 2. the checker on the sources
# shellcheck disable=SC2046
$checker $(find src -name '*.[ch]' | sort) || say "src/ has the problems above"

# ... and on the samples: each rejected with exactly the expected messages
sample_as=src/features/codecheck_sample.c
for bad in tests/codecheck/reject_*.c; do
	out=$($checker --as $sample_as "$bad" 2>&1) && {
		say "$bad passed the checker, but must be rejected"
		continue
	}
	want=$(grep -c '^/\* expect: ' "$bad" || true)
	got=$(printf '%s\n' "$out" | grep -c . || true)
	[ "$want" = "$got" ] ||
		say "$bad: $got problems found, $want expected: $out"
	grep '^/\* expect: ' "$bad" | sed 's#^/\* expect: \(.*\) \*/$#\1#' |
		while IFS= read -r msg; do
			printf '%s\n' "$out" | grep -qF -- "$msg" ||
				echo "$bad: not reported: $msg"
		done | grep . >&2 && fail=1
done
$checker --as $sample_as tests/codecheck/good.c ||
	say "tests/codecheck/good.c should pass the checker"

# 1. the compiler must refuse each offending snippet
cflags="-std=c17 -Wall -Wformat=2 -Werror -D_GNU_SOURCE -Isrc $(pkg-config --cflags jansson)"
for bad in tests/codecheck/bad_*.c; do
	if cc $cflags -fsyntax-only "$bad" 2>/dev/null; then
		say "$bad compiled, but must be refused"
	fi
done
for ok in tests/codecheck/good.c tests/codecheck/reject_*.c; do
	cc $cflags -fsyntax-only "$ok" || say "$ok should compile"
done

if [ $fail = 0 ]; then
	echo "codecheck: 1 passed, 0 failed"
else
	echo "codecheck: 0 passed, 1 failed"
fi
exit $fail
