package interchange

import (
	"runtime/debug"
	"runtime/metrics"
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
// once the last import running ends. A collector switched off (GOGC=off),
// or set more loosely already, is left as it is, limit and all. The soft
// limit is never below twice the heap live when the first import starts
// (the desktop's case index lives there), so that the collector does not
// run without pause in a process that already holds more.
func relaxGC() (restore func()) {
	importGC.Lock()
	defer importGC.Unlock()
	if importGC.running == 0 {
		importGC.percent = debug.SetGCPercent(importGCPercent)
		importGC.limit = debug.SetMemoryLimit(-1)
		switch {
		case importGC.percent < 0 || importGC.percent > importGCPercent:
			debug.SetGCPercent(importGC.percent)
		default:
			limit := max(int64(importMemoryLimit), 2*liveHeap())
			if limit < importGC.limit {
				debug.SetMemoryLimit(limit)
			}
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

// liveHeap returns the bytes of heap the last collection found live.
func liveHeap() int64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(sample[0].Value.Uint64())
}
