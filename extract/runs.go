package extract

import (
	"bufio"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"casemanager/outfile"
)

// Rows leave the extract in pseudonym order, whatever order the database
// gives them in: an order by reference or by date would tell when each
// death happened, and one that stayed the same from extract to extract
// would link the rows of two unlinkable extracts. Sorting by pseudonym
// tells nothing the pseudonyms do not. Memory stays flat: rows are sorted
// in runs of at most runRows and, when there is more than one run, the
// runs go to temporary files (private to the user, removed afterwards)
// and are merged. A run holds rows already stripped of every identifier.

// runRows is how many rows a run holds in memory.
var runRows = 8192

// maxFanIn is how many run files are merged at once.
var maxFanIn = 64

// row is one case on its way to the extract: its pseudonym, its
// quasi-identifiers' level-0 key, its modifiable outcome (outcomeIndex) and
// its other columns, joined by sep.
type row struct {
	pseudo  string
	key     uint64
	outcome uint8
	tail    string
}

// sep joins the fields of a run file's lines; no value of an extract holds it.
const sep = "\x1f"

func compareRows(a, b row) int {
	if c := strings.Compare(a.pseudo, b.pseudo); c != 0 {
		return c
	}
	if c := strings.Compare(a.tail, b.tail); c != 0 {
		return c
	}
	switch {
	case a.key < b.key:
		return -1
	case a.key > b.key:
		return 1
	}
	return int(a.outcome) - int(b.outcome)
}

// sorter collects rows and gives them back in pseudonym order.
type sorter struct {
	dir   string
	reg   string // the register of temporary files (outfile)
	buf   []row
	files []string
}

func (s *sorter) add(r row) error {
	s.buf = append(s.buf, r)
	if len(s.buf) >= runRows {
		return s.spill()
	}
	return nil
}

// spill writes the rows in memory, sorted, to a new run file.
func (s *sorter) spill() error {
	slices.SortFunc(s.buf, compareRows)
	f, err := outfile.Temp(s.dir, s.reg)
	if err != nil {
		return fmt.Errorf("extract: temporary file: %w", err)
	}
	s.files = append(s.files, f.Name())
	w := bufio.NewWriterSize(f, 64<<10)
	var num [16]byte
	for _, r := range s.buf {
		writeRow(w, r, &num)
	}
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	clear(s.buf)
	s.buf = s.buf[:0]
	if err != nil {
		return fmt.Errorf("extract: temporary file: %w", err)
	}
	return nil
}

// each calls fn with every row added, in pseudonym order.
func (s *sorter) each(fn func(row) error) error {
	if len(s.files) == 0 {
		slices.SortFunc(s.buf, compareRows)
		for _, r := range s.buf {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	if len(s.buf) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	for len(s.files) > maxFanIn {
		if err := s.mergeFiles(); err != nil {
			return err
		}
	}
	return merge(s.files, fn)
}

// mergeFiles merges the first maxFanIn run files into one.
func (s *sorter) mergeFiles() error {
	f, err := outfile.Temp(s.dir, s.reg)
	if err != nil {
		return fmt.Errorf("extract: temporary file: %w", err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	var num [16]byte
	err = merge(s.files[:maxFanIn], func(r row) error {
		return writeRow(w, r, &num)
	})
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	for _, name := range s.files[:maxFanIn] {
		outfile.RemoveTemp(name)
	}
	s.files = append(s.files[maxFanIn:], f.Name())
	if err != nil {
		return fmt.Errorf("extract: temporary file: %w", err)
	}
	return nil
}

// writeRow writes a row as a line of a run file: pseudonym, key (hex),
// outcome and tail, separated by sep.
func writeRow(w *bufio.Writer, r row, num *[16]byte) error {
	w.WriteString(r.pseudo)
	w.WriteString(sep)
	w.Write(strconv.AppendUint(num[:0], r.key, 16))
	w.WriteString(sep)
	w.WriteByte('0' + r.outcome)
	w.WriteString(sep)
	w.WriteString(r.tail)
	return w.WriteByte('\n')
}

// close removes the run files.
func (s *sorter) close() {
	for _, name := range s.files {
		outfile.RemoveTemp(name)
	}
	s.files = nil
	s.buf = nil
}

// runReader reads one run file's rows.
type runReader struct {
	f   *os.File
	r   *bufio.Reader
	cur row
}

func (rr *runReader) next() (bool, error) {
	line, err := rr.r.ReadString('\n')
	if errors.Is(err, io.EOF) && line == "" {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("extract: reading a temporary file: %w", err)
	}
	pseudo, rest, ok1 := strings.Cut(line[:len(line)-1], sep)
	keyText, rest, ok2 := strings.Cut(rest, sep)
	outcome, tail, ok3 := strings.Cut(rest, sep)
	key, err := strconv.ParseUint(keyText, 16, 64)
	if !ok1 || !ok2 || !ok3 || err != nil || len(outcome) != 1 || outcome[0] < '0' || outcome[0] >= '0'+nOutcomes {
		return false, fmt.Errorf("extract: a temporary file is damaged")
	}
	rr.cur = row{pseudo, key, outcome[0] - '0', tail}
	return true, nil
}

type runHeap []*runReader

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return compareRows(h[i].cur, h[j].cur) < 0 }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*runReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// merge calls fn with the rows of sorted run files, in order.
func merge(names []string, fn func(row) error) error {
	var h runHeap
	var readers []*runReader
	defer func() {
		for _, rr := range readers {
			rr.f.Close()
		}
	}()
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("extract: temporary file: %w", err)
		}
		rr := &runReader{f: f, r: bufio.NewReaderSize(f, 8<<10)}
		readers = append(readers, rr)
		ok, err := rr.next()
		if err != nil {
			return err
		}
		if ok {
			h = append(h, rr)
		}
	}
	heap.Init(&h)
	for h.Len() > 0 {
		top := h[0]
		if err := fn(top.cur); err != nil {
			return err
		}
		ok, err := top.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return nil
}
