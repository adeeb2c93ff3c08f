# CardDesk — build, run and test.  `make help` lists the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := build

# The tests expect the English texts. Override per call: make run LANG=nl_NL.UTF-8
export LANG := en_US.UTF-8

# Go installed from the official tarball but not yet on PATH.
ifeq ($(shell command -v go 2>/dev/null),)
ifneq ($(wildcard /usr/local/go/bin/go),)
export PATH := /usr/local/go/bin:$(PATH)
endif
endif

GO      ?= go
BIN     := bin/carddesk
PKG     := ./cmd/carddesk
# The app's ID and version live in FyneApp.toml; builds generate
# cmd/carddesk/metadata_gen.go from it and stamp only the commit.
ifndef COMMIT
COMMIT := $(shell git describe --always --dirty 2>/dev/null)
endif
LDFLAGS := -X main.commit=$(COMMIT)
# Fyne's colour emoji font (4 MB) stays out of the binary: Fyne parses it
# once for each text style a window uses (README: Performance), and
# CardDesk's own texts have no emoji; an emoji in a name is drawn with the
# system's fonts, as any other character the bundled font lacks.
TAGS    := no_emoji

# Extra arguments for the app, e.g. make run ARGS="--db /tmp/x.db"
ARGS ?=

.PHONY: help deps generate build release run demo test test-dist dist bench bench-glabels bench-desktop fmt vet clean

help:
	@echo "make deps    install missing Debian build packages (scripts/deps.sh build)"
	@echo "make build   build $(BIN) (default)"
	@echo "make release build $(BIN) for shipping: -trimpath, no symbol table"
	@echo "make run     build and open the app        (ARGS=... passes flags)"
	@echo "make demo    build and open the app on a fresh demo database"
	@echo "make test    install and start the test rigs, run vet, staticcheck and every test,"
	@echo "             then the packaging test (make test-dist)"
	@echo "make dist    build every package this machine can: Windows installer, .deb, .tar.xz (dist/)"
	@echo "make test-dist  make dist, then install, run and remove each package (Windows under Wine)"
	@echo "make bench   run the benchmarks"
	@echo "make bench-glabels  badges for 1,000 cardholders: CardDesk against glabels-3-batch"
	@echo "make bench-desktop  start, sign-in and memory in real GL windows under Xvfb, against a"
	@echo "             bare Fyne window (BENCH_ARGS=\"-n 3\" fewer launches; -pprof DIR, -maps)"
	@echo "make fmt     gofmt the code"
	@echo "make vet     go vet"
	@echo "make clean   remove build output"

deps:
	scripts/deps.sh build

# metadata_gen.go follows FyneApp.toml (a test fails when they differ).
generate:
	$(GO) generate $(PKG)

build: deps generate
	$(GO) build -tags "$(TAGS)" -ldflags "$(LDFLAGS)" -o $(BIN) $(PKG)

# Release builds leave the build machine's paths out of the binary.
release: deps generate
	$(GO) build -tags "$(TAGS)" -trimpath -ldflags "-s -w $(LDFLAGS)" -o $(BIN) $(PKG)

run: build
	$(BIN) $(ARGS)

demo: build
	$(BIN) --demo $(ARGS)

# Rig-dependent tests fail instead of skipping when run through make.
# scripts/test.sh ends with the packaging test (scripts/test-dist.sh).
test:
	CARDDESK_RIGS=required scripts/test.sh

# The packages, named with FyneApp.toml's version, into dist/ (scripts/dist.sh
# installs what it needs: scripts/deps.sh dist). macOS: .github/workflows/macos.yml.
dist:
	COMMIT=$(COMMIT) scripts/dist.sh

# make dist, then each package installed, run and removed (scripts/test-dist.sh).
test-dist:
	COMMIT=$(COMMIT) scripts/test-dist.sh

# The PostgreSQL benchmarks run on a private server (scripts/pg-rig.sh) when
# PostgreSQL is installed (scripts/deps.sh test); without it they skip.
bench: deps
	if scripts/pg-rig.sh check >/dev/null 2>&1; then \
		scripts/pg-rig.sh run $(GO) test -run '^$$' -bench . -benchmem ./...; \
	else \
		$(GO) test -run '^$$' -bench . -benchmem ./...; \
	fi

# Installs glabels when missing; prints both times and the ratio (goal 5x).
bench-glabels: deps
	scripts/bench-glabels.sh

# Needs Xvfb and xdotool (scripts/deps.sh test). The bare window is built
# with the same tags and flags as CardDesk; the 100,000-cardholder station
# is generated once into bin/bench-desktop/. Prints the table and the ratios.
BENCH_ARGS ?=
bench-desktop: build
	$(GO) build -tags "$(TAGS)" -ldflags "$(LDFLAGS)" -o bin/bench-desktop/bare ./scripts/bench-desktop/bare
	$(GO) run ./scripts/bench-desktop -app $(BIN) -bare bin/bench-desktop/bare $(BENCH_ARGS)

fmt:
	$(GO) fmt ./...

vet: deps
	$(GO) vet ./...

clean:
	rm -rf bin/ dist/ coverage.out coverage.html *.coverprofile *.prof
