# Waypoint — `make run` serves it, `make check` tests it.  Both install what
# is missing first (scripts/install-deps.sh).

PREFIX ?= /usr/local
DESTDIR ?=
VERSION := 0.1.0
PKGS := libmicrohttpd sqlite3 libpq jansson libsodium pwquality liboath libqrencode

CC ?= cc
WARN := -std=c17 -Wall -Wextra -Wshadow -Wmissing-prototypes -Wformat=2 \
	-Wformat-nonliteral -Wstrict-prototypes -Wvla -Werror
DEFS := -D_GNU_SOURCE -DWAYPOINT_VERSION='"$(VERSION)"'
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lpthread
OPT := -O2 -g
SAN := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC := $(shell find src -name '*.c' | sort)
LIB_SRC := $(filter-out src/main.c,$(SRC))
HDR := $(shell find src -name '*.h')
UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

DEPS_STAMP := build/.deps
ASSETS_C := build/assets.c
ASSET_FILES := $(shell find assets -type f)

.PHONY: all run check unit http browser codecheck layers format format-check bench \
	install clean deps sanitize
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

run: waypoint
	./waypoint init --db ./waypoint.db
	./waypoint serve --db ./waypoint.db --listen 127.0.0.1:8080 --demo

# Everything CI runs: escaping/SQL check, formatting, unit tests (sanitized),
# HTTP tests against the sanitized server on SQLite and PostgreSQL, the
# durability test, browser tests with axe.
check: codecheck layers format-check unit http browser
	@echo "make check: all suites passed"

codecheck: $(DEPS_STAMP) build/codecheck
	tools/codecheck.sh

build/codecheck: tools/codecheck.c
	@mkdir -p build
	$(CC) $(WARN) $(DEFS) $(OPT) -o $@ $<

# Includes point down the layers; no cycles between feature folders.
layers: $(DEPS_STAMP)
	node tools/layers.mjs

unit: $(addprefix build/unit/,$(UNIT_TESTS))
	@set -e; for t in $^; do echo "== $$t"; ASAN_OPTIONS=detect_leaks=1 $$t; done

http: build/waypoint-san waypoint
	tests/http/run.sh

browser: waypoint
	tests/browser/run.sh

format:
	clang-format -i $(SRC) $(HDR) tests/unit/*.[ch] tests/codecheck/*.c \
		tools/codecheck.c

format-check: $(DEPS_STAMP)
	@clang-format --dry-run -Werror $(SRC) $(HDR) tests/unit/*.[ch] \
		tools/codecheck.c && \
		echo "format-check: 1 passed, 0 failed"

bench: waypoint
	scripts/install-deps.sh --bench
	bench/run.sh
	bench/people.sh
	bench/instructions.sh
	bench/plan.sh
	bench/notes.sh

install: waypoint
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 waypoint $(DESTDIR)$(PREFIX)/bin/waypoint

clean:
	rm -rf build waypoint
