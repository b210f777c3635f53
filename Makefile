# make check runs exactly what CI runs: formatting, vet, staticcheck and every test. Tests use
# PostgreSQL when CIVHUB_TEST_POSTGRES names one and Chromium when CIVHUB_TEST_CHROMIUM names it;
# .ci/run sets both (and with CI set, a missing one fails instead of skipping).

# Every go command here runs on the toolchain that go.mod's toolchain line names, even where
# GOTOOLCHAIN=local is set (in the environment, by `go env -w` or in the installation's go.env):
# CI must build, test and check with the release civhub ships with, the one without known
# vulnerabilities. The go command fetches it through the module proxy the first time. Override it
# for one run with `make GOTOOLCHAIN=go1.N.M check`.
export GOTOOLCHAIN := $(shell sed -n 's/^toolchain //p' go.mod)

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: check toolchain fmt vet staticcheck test bench run

check: fmt vet staticcheck test

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

test:
	go test -count=1 -timeout 15m ./...

bench:
	go test -run '^$$' -bench . -benchmem ./...

run:
	go run ./cmd/civhub demo
