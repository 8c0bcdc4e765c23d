package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// columnsLayout places a row's cells side by side: a cell with a width of 0
// shares the room the fixed-width cells leave.
type columnsLayout struct {
	widths []float32
}

const flexMinWidth = 160

func (c *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	fixed, flex := float32(0), 0
	for _, w := range c.widths {
		if w > 0 {
			fixed += w
		} else {
			flex++
		}
	}
	free := size.Width - fixed - pad*float32(len(c.widths)-1)
	x := float32(0)
	for i, o := range objs {
		if i >= len(c.widths) {
			o.Hide()
			continue
		}
		w := c.widths[i]
		if w == 0 {
			w = max(free/float32(flex), flexMinWidth)
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

func (c *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var w, h float32
	for i, o := range objs {
		if i >= len(c.widths) {
			break
		}
		if c.widths[i] > 0 {
			w += c.widths[i]
		} else {
			w += flexMinWidth
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w+pad*float32(len(c.widths)-1), h)
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
		l.Truncation = fyne.TextTruncateEllipsis
		cells[i] = l
	}
	return gridRow(widths, cells...)
}

// cell is a one-line label that shortens what does not fit with an ellipsis.
func cell(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// importantCell is a cell coloured by the theme for its importance.
func importantCell(text string, imp widget.Importance) *widget.Label {
	l := cell(text)
	l.Importance = imp
	l.TextStyle.Bold = imp == widget.DangerImportance || imp == widget.WarningImportance
	return l
}

// twoLines shows a bold first line and a second line in the subdued colour.
func twoLines(first, second string) fyne.CanvasObject {
	a := widget.NewLabelWithStyle(first, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	a.Truncation = fyne.TextTruncateEllipsis
	if second == "" {
		return a
	}
	b := cell(second)
	b.Importance = widget.LowImportance
	b.SizeName = theme.SizeNameCaptionText
	return container.New(&tightVBox{}, a, b)
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
		l := widget.NewLabel(empty)
		l.Importance = widget.LowImportance
		box.Add(l)
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
func dateEntry(initial string) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder("YYYY-MM-DD or DD/MM/YYYY")
	e.SetText(initial)
	return e
}

// readDate reads a typed date; what names the date in the error.
func readDate(what, typed string, required bool) (cdop.Date, error) {
	s := normaliseTypedDate(typed)
	if s == "" {
		if required {
			return cdop.Date{}, fmt.Errorf("%s: enter a date", what)
		}
		return cdop.Date{}, nil
	}
	d, err := cdop.ParseDate(s)
	if err != nil {
		return cdop.Date{}, fmt.Errorf("%s: %q is not a date; type it as YYYY-MM-DD or DD/MM/YYYY", what, strings.TrimSpace(typed))
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
			return fmt.Errorf("%s is required", what)
		}
		return nil
	}
}

// dayCount says how far a date is from today: "3 days left", "due today", "12 days over".
func dayCount(today, target cdop.Date) string {
	n := today.DaysUntil(target)
	switch {
	case n == 0:
		return "due today"
	case n == 1:
		return "1 day left"
	case n > 1:
		return fmt.Sprintf("%d days left", n)
	case n == -1:
		return "1 day over"
	}
	return fmt.Sprintf("%d days over", -n)
}

// errorText is what the coordinator reads of an error: the domain message,
// with each field's problem on its own line.
func errorText(err error) string {
	if v, ok := cdop.AsValidationErrors(err); ok {
		lines := make([]string, len(v))
		for i, e := range v {
			lines[i] = strings.ReplaceAll(e.Field, "_", " ") + ": " + e.Message
		}
		return strings.Join(lines, "\n")
	}
	return err.Error()
}
