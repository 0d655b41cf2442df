# luoshi — build, test, demo. `make` builds the binary and the console.
# See README.md: `make demo` and `make test` are the two entry points.

CC      ?= cc
CLANG   ?= clang
PKGS    := libmicrohttpd jansson sqlite3 libsodium xlsxwriter libzip expat libpq
WARN    := -Wall -Wextra -Wshadow -Wcast-qual -Wmissing-prototypes -Wstrict-prototypes \
           -Wwrite-strings -Wvla -Wformat=2 -Wno-unused-parameter -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc -Ibuild/gen \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -I/usr/include/postgresql
LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm

# Sanitizer build: `make SANITIZE=address,undefined` puts everything under build-san/.
ifneq ($(SANITIZE),)
  B := build-san
  ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
  LDSAN := -fsanitize=$(SANITIZE)
else
  B := build
endif

LIB_SRC  := $(sort $(wildcard src/core/*.c src/db/*.c src/domain/*.c src/http/*.c src/api/*.c src/cli/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(B)/obj/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
WEB_SRC  := $(shell find web/src web/public web/index.html web/vite.config.js web/package.json -type f 2>/dev/null)
VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

.PHONY: all deps test test-unit test-api test-api-san test-cli test-browser test-fuzz test-pg \
        demo bench bench-scale lint fuzz clean web
all: luoshi

# ---- dependencies ---------------------------------------------------------
deps: build/.deps
build/.deps: tools/deps.sh
	@sh tools/deps.sh
	@mkdir -p build && touch $@

web/node_modules/.stamp: web/package.json web/package-lock.json | build/.deps
	cd web && npm ci --no-audit --no-fund
	@touch $@

# ---- the console, embedded in the binary ----------------------------------
web/dist/index.html: $(WEB_SRC) web/node_modules/.stamp
	cd web && npm run build
web: web/dist/index.html

build/embed: tools/embed.c | build/.deps
	@mkdir -p build
	$(CC) -std=c17 -O2 -Wall -o $@ $<
build/gen/assets.c: web/dist/index.html build/embed $(wildcard data/*.csv data/*/*)
	@mkdir -p build/gen
	build/embed web=web/dist data=data > $@.tmp && mv $@.tmp $@
build/gen/version.h: FORCE
	@mkdir -p build/gen
	@echo '#define LUOSHI_VERSION "$(VERSION)"' > $@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@
FORCE:

# ---- C --------------------------------------------------------------------
# version.h is order-only: the .d files make the two users of it rebuild when it changes.
$(B)/obj/%.o: src/%.c | build/.deps build/gen/version.h
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
$(B)/obj/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -O1 -c -o $@ $<
$(B)/libluoshi.a: $(LIB_OBJ) $(B)/obj/assets.o
	rm -f $@ && ar rcs $@ $^
$(B)/luoshi: $(B)/obj/main.o $(B)/libluoshi.a
	$(CC) $(LDSAN) -o $@ $^ $(LIBS)
# Copied by rename, so a running ./luoshi (a test server) does not block the update.
luoshi: build/luoshi
	cp build/luoshi luoshi.tmp && mv luoshi.tmp luoshi
build-san/luoshi-san: FORCE
	$(MAKE) --no-print-directory SANITIZE=address,undefined CFLAGS="-O1 -g" build-san/luoshi

$(B)/tests/test_%: tests/unit/test_%.c $(B)/libluoshi.a
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< $(B)/libluoshi.a $(LIBS) -lcmocka $(LDSAN)

# Fuzzers link every layer but the command line (which needs main.c's table).
FUZZ_LIB := $(filter-out src/cli/%,$(LIB_SRC)) build/gen/assets.c
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB) build/gen/version.h
	@mkdir -p build/fuzz
	@echo "  FUZZ $<"
	@$(CLANG) -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -Ibuild/gen \
	  $(shell pkg-config --cflags $(PKGS)) -I/usr/include/postgresql -o $@ $< $(FUZZ_LIB) $(LIBS)

-include $(LIB_OBJ:.o=.d)

# ---- tests ----------------------------------------------------------------
test: all test-unit test-fuzz test-cli test-api test-api-san test-pg test-browser
	@echo "make test: all layers passed"

test-unit: $(UNIT_BIN)
	@sh tools/run-unit.sh $(UNIT_BIN)

test-fuzz: $(FUZZ_BIN)
	@sh tools/run-fuzz-corpus.sh $(FUZZ_BIN)

test-api: luoshi
	LUOSHI_BIN=$(CURDIR)/luoshi node --test --test-concurrency=1 tests/api/

test-api-san: build-san/luoshi-san
	LUOSHI_BIN=$(CURDIR)/build-san/luoshi LUOSHI_SANITIZED=1 \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  node --test --test-concurrency=1 tests/api/

# The API and CLI suites again on a throw-away PostgreSQL server, then the tests
# that need several servers on one database (multi-server, restart of the database).
test-pg: luoshi
	LUOSHI_BIN=$(CURDIR)/luoshi sh tools/with-pg.sh sh -c '\
	  node --test --test-concurrency=1 tests/api/ && \
	  node --test --test-concurrency=1 tests/cli/ && \
	  node --test --test-concurrency=1 tests/pg/'

test-cli: luoshi
	LUOSHI_BIN=$(CURDIR)/luoshi node --test --test-concurrency=1 tests/cli/

test-browser: luoshi
	cd web && LUOSHI_BIN=$(CURDIR)/luoshi node --test --test-concurrency=1 e2e/

fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do n=$${f##*/fuzz_}; mkdir -p build/fuzz-work/$$n; \
	  $$f -max_total_time=$${FUZZ_SECONDS:-60} build/fuzz-work/$$n tests/fuzz/corpus/$$n || exit 1; done

# ---- demo, bench, lint ----------------------------------------------------
demo: all
	rm -f demo.db demo.db-wal demo.db-shm
	./luoshi --db sqlite:demo.db init --demo
	./luoshi --db sqlite:demo.db serve --listen 127.0.0.1:8080

bench: all
	sh tools/bench.sh

# The statistics at national scale (12 million rows; ~3 GB in /tmp, ~15 minutes): not part of bench.
bench-scale: all
	sh tools/bench-scale.sh

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --suppress=missingIncludeSystem --suppress=unknownMacro -Isrc -Ibuild/gen src
	clang-format --dry-run $(LIB_SRC) src/main.c 2>&1 | grep -c warning: | sed 's/$$/ clang-format differences (advisory)/' 

clean:
	rm -rf build build-san luoshi web/dist
