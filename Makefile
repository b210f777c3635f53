# make check runs exactly what CI runs: formatting, vet, staticcheck and every test. Tests use
# PostgreSQL when CIVHUB_TEST_POSTGRES names one and Chromium when CIVHUB_TEST_CHROMIUM names it;
# .ci/run sets both (and with CI set, a missing one fails instead of skipping).

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: check fmt vet staticcheck test bench run

check: fmt vet staticcheck test

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
