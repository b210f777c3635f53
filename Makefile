# make check runs exactly what CI runs: formatting, vet, staticcheck, govulncheck and every test
# under the race detector. Tests use PostgreSQL when CIVHUB_TEST_POSTGRES names one and Chromium
# when CIVHUB_TEST_CHROMIUM names it; .ci/run sets both (and with CI set, a missing one fails
# instead of skipping).

# Every go command here runs on the toolchain that go.mod's toolchain line names, even where
# GOTOOLCHAIN=local is set (in the environment, by `go env -w` or in the installation's go.env):
# govulncheck judges the standard library of the Go that runs it, so CI must build, test and check
# with the release civhub ships with. The go command fetches it through the module proxy the first
# time. Override it for one run with `make GOTOOLCHAIN=go1.N.M check`.
export GOTOOLCHAIN := $(shell sed -n 's/^toolchain //p' go.mod)

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOVULNCHECK := golang.org/x/vuln/cmd/govulncheck@v1.10.0

# VULNDB pins the snapshot of the Go vulnerability database that govulncheck reads. The online
# database is not reachable from every machine that runs CI, so the database is built from the
# golang.org/x/vulndb module (fetched through the module proxy like any module) and cached by
# version beside the module cache. Move it to a newer pseudo-version (`go list -m
# golang.org/x/vulndb@latest`) to learn of newer reports.
VULNDB := v0.0.0-20261105234957-e22db6528018

.PHONY: check toolchain fmt vet staticcheck vulncheck test bench loadtest run

check: fmt vet staticcheck vulncheck test

# toolchain prints the Go release that the other targets use, fetching it if needed.
toolchain:
	go version

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	go vet ./...

staticcheck:
	go run $(STATICCHECK) ./...

# vulncheck fails when code reachable from civhub calls a function with a known vulnerability, in
# a dependency or in the standard library of the toolchain. The database is built once per VULNDB
# into a fresh directory and renamed into place, so that an interrupted build or two builds at once
# never leave a partial database behind.
vulncheck:
	@set -e; \
	db="$$(go env GOMODCACHE)/cache/civhub-vulndb/$(VULNDB)"; \
	if [ ! -f "$$db/index/db.json" ]; then \
		echo "building the vulnerability database $(VULNDB) in $$db"; \
		src=$$(go mod download -json golang.org/x/vulndb@$(VULNDB) | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p'); \
		[ -d "$$src/data/osv" ] || { echo "no data/osv in golang.org/x/vulndb@$(VULNDB)"; exit 1; }; \
		mkdir -p "$$(dirname "$$db")"; \
		tmp=$$(mktemp -d "$$db.XXXXXX"); chmod 755 "$$tmp"; \
		go run golang.org/x/vulndb/cmd/indexdb@$(VULNDB) -vulns "$$src/data/osv" -out "$$tmp" \
			|| { rm -rf "$$tmp"; exit 1; }; \
		mv -T "$$tmp" "$$db" 2>/dev/null || rm -rf "$$tmp"; \
	fi; \
	go run $(GOVULNCHECK) -db "file://$$db" ./...

# test runs every test under the race detector, which needs cgo and a C compiler. The three slowest
# packages are named first so that they start first: go test runs two packages at once on two
# cores, and web starting last made the run 5 minutes longer. The race detector and checkptr leave
# out the SQLite engine and the C library under it (modernc.org/sqlite/lib, modernc.org/libc), C
# translated into Go and tested where it is made: instrumenting their every memory access made
# SQLite tests about a quarter slower and checked no line of civhub. civhub's own code, the
# standard library, the SQLite driver and every other dependency stay instrumented. The timeout
# only catches a hung test.
UNCHECKED := -race=false -d=checkptr=0
TESTFLAGS := -race -gcflags='modernc.org/sqlite/lib=$(UNCHECKED)' -gcflags='modernc.org/libc/...=$(UNCHECKED)' -count=1 -timeout 40m

test:
	go test $(TESTFLAGS) ./web ./cmd/civhub ./sqldb ./...

bench:
	go test -run '^$$' -bench . -benchmem ./...

# loadtest measures civhub under load with civhub bench (see cmd/civhub/bench.go) on each database
# named in LOADTEST_DB, which civhub gen filled, and prints Markdown tables for docs/performance.md.
# It is not part of check: with the defaults it takes the better part of an hour per database.
#
#	go run ./cmd/civhub gen --scale medium --db /tmp/medium.db
#	make loadtest LOADTEST_DB="/tmp/medium.db postgres://postgres@127.0.0.1:5432/medium?sslmode=disable"
#	make loadtest LOADTEST_DB=/tmp/medium.db LOADTEST_FLAGS="--mode closed --runs 1 --shapes api-newest,html-tasks"
LOADTEST_DB ?=
LOADTEST_FLAGS ?=

loadtest:
	@if [ -z "$(LOADTEST_DB)" ]; then echo "set LOADTEST_DB to databases that civhub gen filled"; exit 1; fi
	@for db in $(LOADTEST_DB); do go run ./cmd/civhub bench --db "$$db" $(LOADTEST_FLAGS) || exit 1; done

run:
	go run ./cmd/civhub demo
