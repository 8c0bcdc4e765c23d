# The two commands a fresh machine needs: `make run` and `make test`.
GO ?= go
DB ?=

.PHONY: run test build vet bench

run:
	$(GO) run ./cmd/cdop $(if $(DB),--db $(DB))

test: vet
	$(GO) test ./...

vet:
	@files=$$(gofmt -l .); test -z "$$files" || { echo "gofmt would change: $$files"; exit 1; }
	$(GO) vet ./...

build:
	$(GO) build -o bin/cdop ./cmd/cdop

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./...
