# truce — the two commands the README gives:
#   make demo   set up from scratch, build, load the Karabakh 2020 case, serve the map
#   make test   set up from scratch and pass every test
#
# Everything the build needs comes from the Go module proxy and npm; the
# gazetteer index, boundaries and web assets are generated from npm packages
# at build time and never committed.

GO        ?= go
NPM       ?= npm
BIN       := bin/truce
DATA      := bin/truce-data
GOBIN     := $(shell $(GO) env GOPATH)/bin
STATICCHECK := $(GOBIN)/staticcheck
DEMO_DB   ?= $(CURDIR)/demo.db
ADDR      ?= 127.0.0.1:8080

.PHONY: all deps build gen web browser fuzz test test-short bench bench-scale lint fmt vet demo clean

all: build

## deps: install npm packages (gazetteer data, boundaries, front end)
deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

## web: build the front end into http/static/dist (embedded by go:embed)
web: deps
	@if [ -f web/build.mjs ]; then node web/build.mjs; fi

## build: bin/truce with its data beside it (bin/truce-data)
build: deps web
	$(GO) build -o $(BIN) ./cmd/truce
	$(BIN) gazetteer build --npm node_modules --out $(DATA)

## browser: Debian's Chromium for the browser tests (skipped, with a message, without it)
browser:
	@bash scripts/install-chromium.sh

## test: build, vet, then every test (browser tests included), then a short fuzz run
test: build browser
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(MAKE) fuzz

## fuzz: every fuzz target for FUZZTIME each (3s by default; FUZZTIME=10m for a long run)
FUZZTIME ?= 3s
fuzz:
	FUZZTIME=$(FUZZTIME) bash scripts/fuzz.sh

test-short: build
	$(GO) test -short -count=1 ./...

## bench: every Go benchmark, figures printed
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./... | tee bench.txt

## bench-scale: end-to-end reports/s of truce ingest --queue → 1, 2, 4 truce worker processes → PostgreSQL, three runs of 2,000 reports each (TRUCE_BENCH_REPORTS), then the review API with 20 concurrent analysts on SQLite and PostgreSQL (p50/p95/p99 per endpoint); needs NATS and PostgreSQL on this machine
bench-scale: build
	TRUCE_GAZETTEER=$(CURDIR)/bin/truce-data/gazetteer.idx $(GO) test -count=1 -run '^$$' -bench 'Scale$$' -benchtime 3x ./cmd/truce | tee bench-scale.txt
	sh scripts/bench-review.sh | tee -a bench-scale.txt

## lint: gofmt, go vet, staticcheck
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1)
	$(GO) vet ./...
	@test -x $(STATICCHECK) || $(GO) install honnef.co/go/tools/cmd/staticcheck@latest
	$(STATICCHECK) ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

## demo: build, load the Karabakh 2020 case into demo.db, serve the map
demo: build
	$(BIN) demo --db $(DEMO_DB) --force
	$(BIN) serve --db $(DEMO_DB) --addr $(ADDR)

clean:
	rm -rf bin node_modules demo.db demo.db-wal demo.db-shm http/static/dist gazetteer/generated
