# The two commands a fresh machine needs: `make run` and `make test`.
GO ?= go
DB ?=
# Every widget update goes through fyne.Do, so Fyne may drop its own locking
# (the same tag `fyne build` adds when FyneApp.toml says fyneDo = true).
TAGS ?= migrated_fynedo

.PHONY: run test build vet bench fuzz

run:
	$(GO) run -tags $(TAGS) ./cmd/cdop $(if $(DB),--db "$(DB)")

test: vet
	$(GO) test -race ./...

vet:
	@files=$$(gofmt -l .); test -z "$$files" || { echo "gofmt would change: $$files"; exit 1; }
	$(GO) vet ./...

build:
	$(GO) build -tags $(TAGS) -o bin/cdop ./cmd/cdop

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./...

# Each fuzz target for FUZZTIME (8s) on its own; CI runs this after test.
fuzz:
	./.ci/fuzz
