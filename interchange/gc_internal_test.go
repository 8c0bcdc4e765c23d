package interchange

import (
	"runtime/debug"
	"sync"
	"testing"
)

// Imports running at once relax the collector once, and the last to end
// puts back what was set before, whatever order they end in.
func TestRelaxGC_PutsBackWhatWasSetOnceTheLastImportEnds(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(150))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 40))
	first := relaxGC()
	if got := gcPercent(); got != importGCPercent {
		t.Errorf("during an import GOGC = %d, want %d", got, importGCPercent)
	}
	if got := memoryLimit(); got != importMemoryLimit {
		t.Errorf("during an import the memory limit = %d, want %d", got, importMemoryLimit)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); relaxGC()() }()
	}
	wg.Wait()
	if got := gcPercent(); got != importGCPercent {
		t.Errorf("after the others ended, with one import still running, GOGC = %d", got)
	}
	first()
	if got := gcPercent(); got != 150 {
		t.Errorf("after every import GOGC = %d, want 150 as set before", got)
	}
	if got := memoryLimit(); got != 1<<40 {
		t.Errorf("after every import the memory limit = %d, want as set before", got)
	}

	// Switched off, the collector stays off.
	debug.SetGCPercent(-1)
	restore := relaxGC()
	if got := gcPercent(); got != -1 {
		t.Errorf("with GOGC=off an import set it to %d", got)
	}
	restore()
}

// gcPercent returns GOGC as set, leaving it so.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// memoryLimit returns the memory limit as set (a negative input only reads it).
func memoryLimit() int64 { return debug.SetMemoryLimit(-1) }
