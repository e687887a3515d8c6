# Waypoint — `make run` serves it, `make check` tests it.  Both install what
# is missing first (scripts/install-deps.sh).

PREFIX ?= /usr/local
DESTDIR ?=
VERSION := 0.1.0
PKGS := libmicrohttpd sqlite3 libpq jansson libsodium pwquality liboath libqrencode zlib

CC ?= cc
WARN := -std=c17 -Wall -Wextra -Wshadow -Wmissing-prototypes -Wformat=2 \
	-Wformat-nonliteral -Wstrict-prototypes -Wvla -Werror
DEFS := -D_GNU_SOURCE -DWAYPOINT_VERSION='"$(VERSION)"'
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lpthread -lm
OPT := -O2 -g
SAN := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC := $(shell find src -name '*.c' | sort)
LIB_SRC := $(filter-out src/main.c,$(SRC))
HDR := $(shell find src -name '*.h')
UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

DEPS_STAMP := build/.deps
ASSETS_C := build/assets.c
ASSET_FILES := $(shell find assets -type f)

.PHONY: all run check unit http browser codecheck layers format format-check \
	bench install clean deps sanitize fuzz fuzz-short deb package power
.DELETE_ON_ERROR:

all: waypoint

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps.sh package.json package-lock.json
	scripts/install-deps.sh
	@mkdir -p build && touch $@

$(ASSETS_C): tools/embed-assets.sh $(ASSET_FILES) $(DEPS_STAMP)
	tools/embed-assets.sh $@ build/assets

# Two builds of the same sources: release, and sanitized for tests.
build/rel/%.o: %.c $(HDR) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(WARN) $(DEFS) $(OPT) $(PKG_CFLAGS) -Isrc -c $< -o $@
build/san/%.o: %.c $(HDR) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(WARN) $(DEFS) $(SAN) $(PKG_CFLAGS) -Isrc -c $< -o $@

REL_OBJ := $(patsubst %.c,build/rel/%.o,$(LIB_SRC) $(ASSETS_C))
SAN_OBJ := $(patsubst %.c,build/san/%.o,$(LIB_SRC) $(ASSETS_C))
build/rel/build/assets.o build/san/build/assets.o: $(ASSETS_C)

waypoint: $(REL_OBJ) build/rel/src/main.o
	$(CC) $(OPT) -o $@ $^ $(PKG_LIBS)

build/waypoint-san: $(SAN_OBJ) build/san/src/main.o
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS)

build/unit/%: tests/unit/%.c tests/unit/db_files.h $(SAN_OBJ) $(HDR)
	@mkdir -p build/unit
	@echo "  CC test $<"
	@$(CC) $(WARN) $(DEFS) $(SAN) $(PKG_CFLAGS) -Isrc -o $@ $< $(SAN_OBJ) \
		$(PKG_LIBS) $(shell pkg-config --libs cmocka)

# Fuzzing (docs/architecture.md): libFuzzer targets, built with clang on
# library objects of their own (-fsanitize=fuzzer-no-link lets libFuzzer see
# their coverage).  A new target is tests/fuzz/NAME.c, its seeds in
# tests/fuzz/corpus/NAME/, and NAME in FUZZ_TARGETS; tests/fuzz/NAME.dict,
# when there is one, lists tokens of a parser libFuzzer cannot see into.  `make fuzz` runs each
# for FUZZ_SECONDS, `make check` each for FUZZ_SHORT_SECONDS; what they learn
# is kept in build/fuzz/corpus/NAME/, a failing input in build/fuzz/NAME-*.
FUZZ_TARGETS := target form multipart json html router csv
FUZZ_CC := clang
# clang warns where gcc does not: of adjacent literals in an array
# (barc10.c's long questions are meant to be joined) and of a va_list format
# passed on (server.c's libmicrohttpd logger); the gcc builds keep the rest.
FUZZ_WARN := $(WARN) -Wno-string-concatenation -Wno-format-nonliteral
FUZZ_SECONDS ?= 600
FUZZ_SHORT_SECONDS ?= 15
FUZZ_LIB_OBJ := $(patsubst %.c,build/fuzz/obj/%.o,$(LIB_SRC) $(ASSETS_C))
FUZZ_BIN := $(addprefix build/fuzz/bin/,$(FUZZ_TARGETS))

build/fuzz/obj/%.o: %.c $(HDR) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	@$(FUZZ_CC) $(FUZZ_WARN) $(DEFS) $(SAN) -fsanitize=fuzzer-no-link \
		$(PKG_CFLAGS) -Isrc -c $< -o $@
build/fuzz/obj/build/assets.o: $(ASSETS_C)
build/fuzz/obj/tests/fuzz/fuzz.o: tests/fuzz/fuzz.h

# An archive, so each target links only the modules it reaches.
build/fuzz/libwaypoint.a: $(FUZZ_LIB_OBJ) build/fuzz/obj/tests/fuzz/fuzz.o
	@rm -f $@
	@ar rcs $@ $^

build/fuzz/bin/%: tests/fuzz/%.c tests/fuzz/fuzz.h build/fuzz/libwaypoint.a
	@mkdir -p build/fuzz/bin
	@echo "  LD fuzz $@"
	@$(FUZZ_CC) $(FUZZ_WARN) $(DEFS) $(SAN) -fsanitize=fuzzer $(PKG_CFLAGS) \
		-Isrc -Itests/fuzz -o $@ $< build/fuzz/libwaypoint.a $(PKG_LIBS)

# fuzz_run NAME SECONDS: one target, its log in build/fuzz/NAME.log.
fuzz_run = mkdir -p build/fuzz/corpus/$(1) && \
	echo "== fuzz $(1) ($(2) s)" && \
	if ASAN_OPTIONS=detect_leaks=1 build/fuzz/bin/$(1) \
		-max_total_time=$(2) -timeout=10 -rss_limit_mb=2048 \
		$(if $(wildcard tests/fuzz/$(1).dict),-dict=tests/fuzz/$(1).dict) \
		-artifact_prefix=build/fuzz/$(1)- build/fuzz/corpus/$(1) \
		tests/fuzz/corpus/$(1) >build/fuzz/$(1).log 2>&1; \
	then grep '^Done' build/fuzz/$(1).log; \
	else tail -n 60 build/fuzz/$(1).log; exit 1; fi

fuzz: $(FUZZ_BIN)
	@set -e; $(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t),$(FUZZ_SECONDS));)

fuzz-short: $(FUZZ_BIN)
	@set -e; $(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t),$(FUZZ_SHORT_SECONDS));)

run: waypoint
	./waypoint init --db ./waypoint.db
	./waypoint serve --db ./waypoint.db --listen 127.0.0.1:8080 --demo

# Everything CI runs: escaping/SQL check, formatting, unit tests (sanitized),
# HTTP tests against the sanitized server on SQLite and PostgreSQL, the
# durability test, the power-cut test, browser tests with axe, a short run of
# each fuzz target, the Debian package (contents, man page, units) and
# PostgreSQL PITR.
check: codecheck layers format-check unit fuzz-short http power browser package
	@echo "make check: all suites passed"

codecheck: $(DEPS_STAMP) build/codecheck
	tools/codecheck.sh

build/codecheck: tools/codecheck.c
	@mkdir -p build
	$(CC) $(WARN) $(DEFS) $(OPT) -o $@ $<

# Includes point down the layers; no cycles between feature folders.
layers: $(DEPS_STAMP)
	node tools/layers.mjs

# The unit tests that reach a database run on SQLite with the others, then
# on PostgreSQL beside a throwaway cluster (WAYPOINT_TEST_PG set).
UNIT_PG_TESTS := test_upgrade
unit: $(addprefix build/unit/,$(UNIT_TESTS))
	@set -e; for t in $^; do echo "== $$t"; ASAN_OPTIONS=detect_leaks=1 $$t; done
	@tests/pg-cluster.sh sh -ec 'for t in $(UNIT_PG_TESTS); do \
		ASAN_OPTIONS=detect_leaks=1 build/unit/$$t; done'

http: build/waypoint-san waypoint
	tests/http/run.sh

# Power cuts (docs/architecture.md): the sanitized server on SQLite, its
# files on lossyfs, a FUSE file system that loses what was not fsynced.
build/lossyfs: tests/power/lossyfs.c $(DEPS_STAMP)
	@mkdir -p build
	$(CC) $(WARN) $(DEFS) $(SAN) $(shell pkg-config --cflags fuse3) -o $@ $< \
		$(shell pkg-config --libs fuse3)

power: build/waypoint-san build/lossyfs
	tests/power/run.sh

browser: waypoint
	tests/browser/run.sh

format:
	clang-format -i $(SRC) $(HDR) tests/unit/*.[ch] tests/codecheck/*.c \
		tests/fuzz/*.[ch] tests/power/*.c tools/codecheck.c

format-check: $(DEPS_STAMP)
	@clang-format --dry-run -Werror $(SRC) $(HDR) tests/unit/*.[ch] \
		tests/fuzz/*.[ch] tests/power/*.c tools/codecheck.c && \
		echo "format-check: 1 passed, 0 failed"

bench: waypoint
	scripts/install-deps.sh --bench
	bench/run.sh
	bench/people.sh
	bench/today.sh
	bench/instructions.sh
	bench/plan.sh
	bench/notes.sh

install: waypoint
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 waypoint $(DESTDIR)$(PREFIX)/bin/waypoint
	install -m 644 docs/waypoint.1 $(DESTDIR)$(PREFIX)/share/man/man1/waypoint.1

# A Debian package from this tree with dpkg-deb alone (packaging/deb/build.sh):
# the binary, man page, systemd units and /etc/waypoint/waypoint.env.
DEB_STAGE := build/deb/root
deb: waypoint
	rm -rf $(DEB_STAGE)
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/$(DEB_STAGE) PREFIX=/usr
	packaging/deb/build.sh $(VERSION) $(DEB_STAGE) build

# The package's checks; builds it first (tests/package/run.sh).
package: deb
	tests/package/run.sh
	tests/package/pitr.sh

clean:
	rm -rf build waypoint
