package reports_test

import (
	"bytes"
	"testing"
	"time"
)

func TestSummariesProducedOnTheSameDayAreTheSameBytes(t *testing.T) {
	f, recs := fixture(t)
	morning, evening := opts(true), opts(true)
	morning.Produced = time.Date(2026, 6, 15, 8, 1, 2, 0, time.UTC)
	evening.Produced = time.Date(2026, 6, 15, 17, 45, 59, 0, time.UTC)
	if !bytes.Equal(mustSummary(t, f, recs, morning), mustSummary(t, f, recs, evening)) {
		t.Error("the same case summarised twice on one day gave different bytes")
	}
}
