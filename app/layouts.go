package app

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Layouts that let a screen fit a laptop's window (1366×768 and 1024×640)
// by rearranging rather than by demanding a wider or taller window.

// besideOrBelow lays out a main part with a side panel: the side panel of
// width sideWidth on the right when the main part's least width fits
// beside it, otherwise under the main part, taking belowShare of the
// height. Its least width is the wider of the two, not their sum.
type besideOrBelow struct {
	sideWidth  float32
	belowShare float32
}

// Layout places objs[0] (the main part) and objs[1] (the side panel).
func (l *besideOrBelow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) < 2 {
		return
	}
	main, side := objs[0], objs[1]
	pad := theme.Padding()
	if l.beside(main, side, size.Width) {
		w := max(l.sideWidth, side.MinSize().Width)
		main.Move(fyne.NewPos(0, 0))
		main.Resize(fyne.NewSize(size.Width-w-pad, size.Height))
		side.Move(fyne.NewPos(size.Width-w, 0))
		side.Resize(fyne.NewSize(w, size.Height))
		return
	}
	sideH := max(side.MinSize().Height, size.Height*l.belowShare)
	mainH := max(main.MinSize().Height, size.Height-sideH-pad)
	main.Move(fyne.NewPos(0, 0))
	main.Resize(fyne.NewSize(size.Width, mainH))
	side.Move(fyne.NewPos(0, mainH+pad))
	side.Resize(fyne.NewSize(size.Width, size.Height-mainH-pad))
}

// beside reports whether the side panel goes beside the main part at width.
func (l *besideOrBelow) beside(main, side fyne.CanvasObject, width float32) bool {
	return width >= main.MinSize().Width+max(l.sideWidth, side.MinSize().Width)+theme.Padding()
}

// MinSize is the wider of the two parts and their heights together.
func (l *besideOrBelow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) < 2 {
		return fyne.Size{}
	}
	m, s := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(m.Width, s.Width), m.Height+s.Height+theme.Padding())
}

// collapseWhenShort lays out a page (objs[0]) over all its room, hiding
// the parts listed in tall (e.g. a case's stepper) while the page is less
// than minHeight high and showing those in short instead (a one-line
// summary of what was hidden), so the page's body keeps room on a short
// screen (1024×640).
type collapseWhenShort struct {
	minHeight   float32
	tall, short []fyne.CanvasObject
	collapsed   bool
}

// Layout shows the tall or the short parts for size, then fills size with the page.
func (l *collapseWhenShort) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	collapsed := size.Height < l.minHeight
	changed := collapsed != l.collapsed || !l.laidOut()
	if changed {
		l.collapsed = collapsed
		for _, o := range l.tall {
			showIf(o, !collapsed)
		}
		for _, o := range l.short {
			showIf(o, collapsed)
		}
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
		if c, ok := o.(*fyne.Container); ok && changed {
			c.Refresh() // the parts shown or hidden need laying out again
		}
	}
}

// laidOut reports whether the parts show as the last layout left them.
func (l *collapseWhenShort) laidOut() bool {
	for _, o := range l.tall {
		if o.Visible() == l.collapsed {
			return false
		}
	}
	return true
}

// MinSize is the page's.
func (l *collapseWhenShort) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// linesHigh is an invisible object as tall as a label of n lines: stacked
// with a table's cell template, it holds the table's rows that high.
func linesHigh(n int) fyne.CanvasObject {
	text := strings.Repeat("x\n", n-1) + "x"
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(0, widget.NewLabel(text).MinSize().Height))
	return r
}

// emptyNote is what a list shows while it has nothing: a sentence saying
// what the empty list means and what to do next, and the buttons that do
// it. Show and hide its box; set its text for each case.
type emptyNote struct {
	box    *fyne.Container
	text   *widget.Label
	holder *fyne.Container // laid out again when the note comes or goes
}

func newEmptyNote(text string, actions ...fyne.CanvasObject) *emptyNote {
	n := &emptyNote{text: widget.NewLabel(text)}
	n.text.Wrapping = fyne.TextWrapWord
	n.box = container.NewVBox(n.text)
	if len(actions) > 0 {
		n.box.Add(container.NewHBox(actions...))
	}
	n.box.Hide()
	return n
}

// showWith shows the note saying text, or hides it when text is "".
func (n *emptyNote) showWith(text string) {
	if text == "" {
		n.box.Hide()
	} else {
		n.text.SetText(text)
		n.box.Show()
	}
	if n.holder != nil {
		n.holder.Refresh() // a box shown again is placed where it belongs
	}
}

// overTableStretched is overTable for a table whose columns share the
// width they leave by the weights grow (stretchColumns; nil: all to the
// last), its rows fitted to their text at those widths by fit.
func overTableStretched(name string, t *widget.Table, widths, grow []float32, note *emptyNote, fit *rowFitter) fyne.CanvasObject {
	return underHeader(t, stretchColumns(name, t, widths, grow, fit.setWidths), note)
}

// overTable lays note over table (named name for screen readers), under
// the table's header row so that the two never overlap.
func overTable(name string, t *widget.Table, note *emptyNote) fyne.CanvasObject {
	return underHeader(t, labelled(name, t), note)
}

// underHeader stacks note over shown (the table t as laid out), below t's
// header row.
func underHeader(t *widget.Table, shown fyne.CanvasObject, note *emptyNote) fyne.CanvasObject {
	var header fyne.CanvasObject = widget.NewLabel("")
	if t.CreateHeader != nil {
		header = t.CreateHeader()
	}
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(fyne.NewSize(0, header.MinSize().Height+theme.Padding()))
	note.holder = container.NewVBox(spacer, note.box)
	return container.NewStack(shown, note.holder)
}

// dropWhenShort lays a column (objs[0], a VBox) over all its room, hiding
// the parts listed (the navigation's title, and who is signed in with Lock
// and Sign out, all also in the window's title and File menu) while the
// room is shorter than the column with them, and showing them again when
// it is not, so that a short screen (1024×640) keeps every navigation
// button in view. Unlike a scroll it keeps the column's buttons where a
// screen reader's walk of the window's containers reaches them. A part's
// owner may show it at any time (the next layout drops it again if the
// room is short); it must not hide it once shown.
type dropWhenShort struct {
	parts   []fyne.CanvasObject
	dropped map[fyne.CanvasObject]bool
}

// room is the height the parts shown, or dropped by the layout, take.
func (l *dropWhenShort) room(onlyShown bool) float32 {
	var h float32
	for _, p := range l.parts {
		if p.Visible() || !onlyShown && l.dropped[p] {
			h += p.MinSize().Height + theme.Padding()
		}
	}
	return h
}

// least is the column's least height with every part dropped.
func (l *dropWhenShort) least(column fyne.CanvasObject) float32 {
	return column.MinSize().Height - l.room(true)
}

// Layout drops the parts when the column with them does not fit size.
func (l *dropWhenShort) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	if l.dropped == nil {
		l.dropped = map[fyne.CanvasObject]bool{}
	}
	short := size.Height < l.least(objs[0])+l.room(false)
	changed := false
	for _, p := range l.parts {
		switch {
		case short && p.Visible():
			p.Hide()
			l.dropped[p], changed = true, true
		case !short && l.dropped[p]:
			p.Show()
			delete(l.dropped, p)
			changed = true
		}
	}
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	if c, ok := objs[0].(*fyne.Container); ok && changed {
		c.Refresh()
	}
}

// MinSize is the column's with the parts dropped.
func (l *dropWhenShort) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	return fyne.NewSize(objs[0].MinSize().Width, l.least(objs[0]))
}

// fillAll places every object over the whole of size, as a stack does;
// layouts that do something else first (a table's column, a tab strip's
// icons) end with it.
func fillAll(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// largestMin is the least size of objects stacked: the largest of theirs.
func largestMin(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}
