package interchange

import (
	"runtime"
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

	// Switched off, the collector stays off, its limit as set.
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(1 << 40)
	restore := relaxGC()
	if got := gcPercent(); got != -1 {
		t.Errorf("with GOGC=off an import set it to %d", got)
	}
	if got := memoryLimit(); got != 1<<40 {
		t.Errorf("with GOGC=off an import set the memory limit to %d", got)
	}
	restore()
}

// A process that already holds more than the limit (the desktop's case
// index) gets a limit of twice what it holds, not one it is over.
func TestRelaxGC_LimitAboveWhatIsLive(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 40))
	held := make([][]byte, 160)
	for i := range held {
		held[i] = make([]byte, 1<<20)
	}
	runtime.GC()
	restore := relaxGC()
	defer restore()
	if got := memoryLimit(); got < 2*160<<20 {
		t.Errorf("with 160 MiB live the limit during an import = %d MiB, want at least twice that", got>>20)
	}
	runtime.KeepAlive(held)
}

// gcPercent returns GOGC as set, leaving it so.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// memoryLimit returns the memory limit as set (a negative input only reads it).
func memoryLimit() int64 { return debug.SetMemoryLimit(-1) }
