package memstore_test

import (
	"testing"

	"casemanager/cdop"
	"casemanager/cdop/cdoptest"
	"casemanager/memstore"
)

func TestConformance(t *testing.T) {
	cdoptest.Run(t, func(t *testing.T, clock cdop.Clock) cdoptest.Store { return memstore.New(clock) })
}
