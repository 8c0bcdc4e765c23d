package interchange

import (
	"runtime/debug"
	"sync"
)

// An import allocates a great deal that lives for one row only (the row's
// cells, its sealed values, its audit row), against a small heap that
// lives throughout (the duplicate and reference indexes). With Go's
// default setting the collector would run every few rows, about 5% of an
// import's CPU; while imports run it lets the heap grow to four times what
// is live instead, within a soft limit of 112 MiB for Go's memory: a
// 100,000-case import peaks around 130 MB rather than 95 MB, and from
// about there memory stays flat however large the file (BENCHMARKS.md).
const (
	importGCPercent   = 300
	importMemoryLimit = 112 << 20
)

var importGC struct {
	sync.Mutex
	running int
	percent int
	limit   int64
}

// relaxGC sets the collector for an import and returns what puts it back
// once the last import running ends. A collector switched off (GOGC=off)
// or set more loosely already is left as it is.
func relaxGC() (restore func()) {
	importGC.Lock()
	defer importGC.Unlock()
	if importGC.running == 0 {
		importGC.percent = debug.SetGCPercent(importGCPercent)
		if importGC.percent < 0 || importGC.percent > importGCPercent {
			debug.SetGCPercent(importGC.percent)
		}
		importGC.limit = debug.SetMemoryLimit(-1)
		if importGC.limit > importMemoryLimit {
			debug.SetMemoryLimit(importMemoryLimit)
		}
	}
	importGC.running++
	return func() {
		importGC.Lock()
		defer importGC.Unlock()
		importGC.running--
		if importGC.running == 0 {
			debug.SetGCPercent(importGC.percent)
			debug.SetMemoryLimit(importGC.limit)
		}
	}
}
