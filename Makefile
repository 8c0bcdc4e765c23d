# The two commands a fresh machine needs: `make run` and `make test`.
GO ?= go
DB ?=
# Every widget update goes through fyne.Do, so Fyne may drop its own locking
# (the same tag `fyne build` adds when FyneApp.toml says fyneDo = true).
# accessibility turns on Fyne's screen-reader bridge on Windows and macOS
# (it changes nothing on Linux, where Fyne 2.8 has none); the release
# scripts build with both.
TAGS ?= migrated_fynedo,accessibility

# The version is set in one place, cmd/cdop/FyneApp.toml; builds stamp it in.
FYNEAPP := cmd/cdop/FyneApp.toml
VERSION := $(shell sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' $(FYNEAPP))
LDFLAGS := -X casemanager/release.stamped=$(VERSION)

.PHONY: run test test-postgres postgres build vet bench version notices package-windows smoke-windows package-darwin fuzz

run:
	$(GO) run -tags $(TAGS) -ldflags "$(LDFLAGS)" ./cmd/cdop $(if $(DB),--db "$(DB)")

# Each package's tests get 30 minutes rather than go test's 10: the app's
# UI tests under the race detector take 4–9 minutes on 2 busy cores.
test: vet
	$(GO) test -race -timeout 30m ./...

# The storage tests on PostgreSQL, on the server CDOP_TEST_POSTGRES names,
# or on a private cluster started for the run and stopped after it.
test-postgres:
	@if [ -n "$$CDOP_TEST_POSTGRES" ]; then \
		CDOP_TEST_ENGINE=postgres $(GO) test -race -timeout 30m ./storage/; \
	else \
		eval "$$(tools/pgcluster start)" && trap 'tools/pgcluster stop "$$PGCLUSTER_DIR"' EXIT && \
		CDOP_TEST_ENGINE=postgres $(GO) test -race -timeout 30m ./storage/; \
	fi

# A private PostgreSQL cluster for development: prints its address and how
# to stop it (needs Debian's postgresql package, or initdb and pg_ctl).
postgres:
	@eval "$$(tools/pgcluster start)" && \
		echo "PostgreSQL is running: export CDOP_TEST_POSTGRES=\"$$CDOP_TEST_POSTGRES\"" && \
		echo "use it: make test-postgres, or go run ./cmd/cdop --db \"$$CDOP_TEST_POSTGRES\" init" && \
		echo "stop it: tools/pgcluster stop $$PGCLUSTER_DIR"

vet:
	@files=$$(gofmt -l .); test -z "$$files" || { echo "gofmt would change: $$files"; exit 1; }
	$(GO) vet ./...
	$(GO) vet -tags $(TAGS) ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

build:
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o bin/cdop ./cmd/cdop

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./...

version:
	@echo $(VERSION)

# THIRD_PARTY_NOTICES: the licences of every module built into the program
# (for Linux, Windows and macOS) and of the bundled fonts.
notices:
	$(GO) run ./tools/notices -o THIRD_PARTY_NOTICES

# Windows release from Linux (mingw-w64, msitools, osslsigncode): dist/cdop.exe,
# dist/CDOP Case Manager.exe, a zip and an MSI. See packaging/windows/package.sh.
package-windows:
	VERSION=$(VERSION) GO=$(GO) packaging/windows/package.sh

# The Windows release run under Wine in Xvfb: commands, exit codes, a window.
smoke-windows: package-windows
	VERSION=$(VERSION) packaging/windows/smoke.sh

# macOS release (on a Mac only): .app in a .dmg, signed and notarised when
# the environment names a certificate. See packaging/darwin/package.sh.
package-darwin:
	VERSION=$(VERSION) GO=$(GO) packaging/darwin/package.sh

# Each fuzz target for FUZZTIME (8s) on its own; CI runs this after test.
fuzz:
	./.ci/fuzz
