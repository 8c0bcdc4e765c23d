package storage_test

import (
	"path/filepath"
	"testing"

	"casemanager/cdop"
	"casemanager/cdop/cdoptest"
)

// TestConformance runs the services' conformance suite against SQLite on a
// temp file: storage shows the behaviours memstore shows, refusing what the
// cdop rules refuse.
func TestConformance(t *testing.T) {
	cdoptest.Run(t, func(t *testing.T, clock cdop.Clock) cdoptest.Store {
		return MustOpenDBAt(t, filepath.Join(t.TempDir(), "cases.db"), clock)
	})
}

// TestConformancePostgres runs the same suite against PostgreSQL, each test
// in a throwaway database on the test server.
func TestConformancePostgres(t *testing.T) {
	serverURL(t)
	cdoptest.Run(t, func(t *testing.T, clock cdop.Clock) cdoptest.Store {
		return MustOpenDBAt(t, newServerDB(t), clock)
	})
}
