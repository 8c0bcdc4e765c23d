package app

import (
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// columnsLayout places a row's cells side by side: a cell with a width of 0
// shares the room the fixed-width cells leave. When the row is narrow the
// fixed cells give up to a quarter of their width before the shared ones
// drop below their minimum.
type columnsLayout struct {
	widths []float32
}

const (
	flexMinWidth   = 120 // what a shared cell gets before fixed cells shrink (its text wraps)
	flexFloorWidth = 100 // the least a shared cell gets
	fixedSqueeze   = 0.75
)

func (c *columnsLayout) split() (fixed float32, flex int) {
	for _, w := range c.widths {
		if w > 0 {
			fixed += w
		} else {
			flex++
		}
	}
	return fixed, flex
}

func (c *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	fixed, flex := c.split()
	avail := size.Width - pad*float32(len(c.widths)-1)
	scale := float32(1)
	var flexW float32
	if flex > 0 {
		flexW = (avail - fixed) / float32(flex)
		if flexW < flexMinWidth && fixed > 0 {
			scale = max(fixedSqueeze, min(1, (avail-float32(flex)*flexMinWidth)/fixed))
			flexW = max(flexFloorWidth, (avail-fixed*scale)/float32(flex))
		}
	} else if fixed > avail && fixed > 0 {
		scale = max(fixedSqueeze, avail/fixed)
	}
	x := float32(0)
	for i, o := range objs {
		if i >= len(c.widths) {
			o.Hide()
			continue
		}
		w := c.widths[i] * scale
		if c.widths[i] == 0 {
			w = flexW
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

func (c *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	fixed, flex := c.split()
	var h float32
	for i, o := range objs {
		if i < len(c.widths) {
			h = max(h, o.MinSize().Height)
		}
	}
	w := fixed*fixedSqueeze + float32(flex)*flexFloorWidth + pad*float32(len(c.widths)-1)
	return fyne.NewSize(w, h)
}

// gridRow lays cells out in columns of the given widths (0 = flexible).
func gridRow(widths []float32, cells ...fyne.CanvasObject) *fyne.Container {
	return container.New(&columnsLayout{widths: widths}, cells...)
}

// headerRow is a row of bold column titles.
func headerRow(widths []float32, titles ...string) *fyne.Container {
	cells := make([]fyne.CanvasObject, len(titles))
	for i, t := range titles {
		l := widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		cells[i] = l
	}
	return gridRow(widths, cells...)
}

// cell is a cell of a row: wrapped over as many lines as a narrow column
// needs ("20 Sep" above "2026"), never cut short with an ellipsis, so it can
// always be read.
func cell(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// textCell is a cell of free text (a reason, a note, a name), wrapped as
// every cell is.
func textCell(text string) *widget.Label { return cell(text) }

// importantCell is a cell coloured by the theme for its importance.
func importantCell(text string, imp widget.Importance) *widget.Label {
	l := cell(text)
	l.Importance = imp
	l.TextStyle.Bold = imp == widget.DangerImportance || imp == widget.WarningImportance
	return l
}

// statusCell shows a status in its colour with an optional note below.
func statusCell(status string, imp widget.Importance, note string) fyne.CanvasObject {
	first := importantCell(status, imp)
	if note == "" {
		return first
	}
	b := textCell(note)
	b.SizeName = theme.SizeNameCaptionText
	return container.New(&tightVBox{}, first, b)
}

// twoLines shows a bold first line and a second line in the subdued colour.
func twoLines(first, second string) fyne.CanvasObject {
	a := widget.NewLabelWithStyle(first, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	a.Wrapping = fyne.TextWrapWord
	if second == "" {
		return a
	}
	b := textCell(second)
	b.SizeName = theme.SizeNameCaptionText
	return container.New(&tightVBox{}, a, b)
}

// middle centres a cell's content vertically in its row, keeping it at the left.
func middle(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&tightVBox{}, o)
}

// tightVBox stacks objects with no padding between them.
type tightVBox struct{}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	total := tightVBox{}.MinSize(objs).Height
	y := max(0, (size.Height-total)/2) // centred, as a table row expects
	first := true
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		if !first {
			y -= theme.Padding() * 1.5 // labels carry their own padding
		}
		first = false
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	first := true
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w = max(w, m.Width)
		h += m.Height
		if !first {
			h -= theme.Padding() * 1.5
		}
		first = false
	}
	return fyne.NewSize(w, h)
}

// rowsBox stacks a header and rows with separators between them.
func rowsBox(header fyne.CanvasObject, rows []fyne.CanvasObject, empty string) *fyne.Container {
	box := container.NewVBox(header, widget.NewSeparator())
	if len(rows) == 0 {
		box.Add(hintLabel(empty))
	}
	for i, r := range rows {
		if i > 0 {
			box.Add(widget.NewSeparator())
		}
		box.Add(r)
	}
	return box
}

// dateEntry is an entry for a date typed as YYYY-MM-DD or DD/MM/YYYY.
func dateEntry(initial string) *entry {
	e := newEntry()
	e.SetPlaceHolder("YYYY-MM-DD or DD/MM/YYYY")
	e.SetText(initial)
	return e
}

// readDate reads a typed date; what names the date in the error.
func readDate(what, typed string, required bool) (cdop.Date, error) {
	s := normaliseTypedDate(typed)
	if s == "" {
		if required {
			return cdop.Date{}, userErrorf("%s: enter a date", what)
		}
		return cdop.Date{}, nil
	}
	d, err := cdop.ParseDate(s)
	if err != nil {
		return cdop.Date{}, userErrorf("%s: %q is not a date; type it as YYYY-MM-DD or DD/MM/YYYY", what, strings.TrimSpace(typed))
	}
	return d, nil
}

// dateValidator accepts a typed date (or nothing, when optional).
func dateValidator(what string, required bool) fyne.StringValidator {
	return func(s string) error {
		_, err := readDate(what, s, required)
		return err
	}
}

// requiredText rejects blank text.
func requiredText(what string) fyne.StringValidator {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return userErrorf("%s is required", what)
		}
		return nil
	}
}

// userErrorf returns an error written for the coordinator (a date typed
// wrong, a choice not made), which userMessage shows as it is.
func userErrorf(format string, args ...any) error {
	return cdop.Errorf(cdop.EINVALID, format, args...)
}

// minWidth gives o at least the given width (e.g. a drop-down whose
// choices would otherwise be cut short).
func minWidth(w float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&minWidthLayout{w: w}, o)
}

type minWidthLayout struct{ w float32 }

func (l *minWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	fillAll(objs, size)
}

func (l *minWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return fyne.NewSize(max(s.Width, l.w), s.Height)
}

// stretchColumns wraps a table so that the width its columns (at widths)
// leave is shared among them by the weights grow (nil: all to the last
// column), as the window is resized, no column narrower than its width;
// name is what a screen reader calls the table; resized, when set, hears
// the columns' new widths.
func stretchColumns(name string, t *widget.Table, widths, grow []float32, resized func([]float32)) fyne.CanvasObject {
	if grow == nil {
		grow = make([]float32, len(widths))
		grow[len(grow)-1] = 1
	}
	return container.New(&stretchLayout{table: t, widths: widths, grow: grow, resized: resized}, labelled(name, t))
}

type stretchLayout struct {
	table   *widget.Table
	widths  []float32
	grow    []float32
	shown   []float32 // the widths set
	resized func([]float32)
}

func (l *stretchLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if n := len(l.widths); n > 0 {
		used := float32(n)*theme.SeparatorThicknessSize() + theme.ScrollBarSize() + theme.Padding()
		var weights float32
		for i, w := range l.widths {
			used += w
			weights += l.grow[i]
		}
		room := max(0, size.Width-used)
		if weights == 0 {
			room, weights = 0, 1
		}
		shown := make([]float32, n)
		changed := len(l.shown) != n
		for i, w := range l.widths {
			shown[i] = w + float32(math.Floor(float64(room*l.grow[i]/weights)))
			if !changed && shown[i] != l.shown[i] {
				changed = true
			}
		}
		if changed {
			l.shown = shown
			for i, w := range shown {
				l.table.SetColumnWidth(i, w)
			}
			if l.resized != nil {
				l.resized(shown)
			}
		}
	}
	fillAll(objs, size)
}

func (l *stretchLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return largestMin(objs)
}

// boldHeader returns a table's header callbacks: a bold label per column,
// showing title(col) for each of the count() columns.
func boldHeader(count func() int, title func(col int) string) (func() fyne.CanvasObject, func(widget.TableCellID, fyne.CanvasObject)) {
	create := func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	update := func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < count() {
			o.(*widget.Label).SetText(title(id.Col))
		}
	}
	return create, update
}
