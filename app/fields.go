package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// fieldKind says which widget edits a case field.
type fieldKind int

const (
	textField fieldKind = iota
	dateField
	choiceField
	multiLineField // free text over several lines
	listField      // one item a line, stored " | " separated
	checksField    // a checklist of an enum's choices, stored " | " separated
)

// fieldSpec is how the form edits one field of the registry: the widget
// kind and the choices it shows follow from the field's definition.
type fieldSpec struct {
	column string
	label  string
	kind   fieldKind
	enum   cdop.Enum // choiceField and checksField
	hint   string
	// notKnown: "not known" is an answer (the registry's field allows it),
	// offered as a button beside the editor.
	notKnown bool
}

// notRecorded is the choice that clears an enumerated field.
const notRecorded = "Not recorded"

func numberEnum(from, to int) cdop.Enum {
	var out cdop.Enum
	for i := from; i <= to; i++ {
		out = append(out, cdop.Choice{Code: fmt.Sprint(i), Label: fmt.Sprint(i)})
	}
	return out
}

// specFor returns how the form edits the field called column; every field
// the forms show is defined in cdop's registry.
func specFor(column string) fieldSpec {
	f, ok := cdop.FieldNamed(column)
	if !ok {
		panic("app: no field " + column)
	}
	spec := fieldSpec{column: f.Name, label: f.Label, hint: f.Help, enum: f.Choices, notKnown: f.AllowsNotKnown()}
	switch f.Kind {
	case cdop.KindDate:
		spec.kind = dateField
	case cdop.KindChoice:
		spec.kind = choiceField
	case cdop.KindChecks:
		spec.kind = checksField
	case cdop.KindInteger:
		spec.kind = choiceField
		if len(spec.enum) == 0 {
			spec.enum = numberEnum(f.Min, f.Max)
		}
	case cdop.KindLongText:
		spec.kind = multiLineField
	case cdop.KindList:
		spec.kind = listField
	default:
		spec.kind = textField
	}
	return spec
}

// fieldLabel returns the label of the field called column, or the column
// with spaces for a name that is not a case field.
func fieldLabel(column string) string {
	if f, ok := cdop.FieldNamed(column); ok {
		return f.Label
	}
	return strings.ReplaceAll(column, "_", " ")
}

// isAnalysisField reports whether a column is part of the analysis form.
func isAnalysisField(column string) bool { return cdop.TabOf(column) == cdop.TabAnalysis }

// choiceList names an enum's choices as a drop-down shows them, or, for a
// long list, points to the list.
func choiceList(e cdop.Enum) string {
	if len(e) > 6 {
		return "one from the list"
	}
	labels := e.Labels()
	if len(labels) == 1 {
		return labels[0]
	}
	return strings.Join(labels[:len(labels)-1], ", ") + " or " + labels[len(labels)-1]
}

// problemSentence words a problem with a field as the forms show it: the
// field named by its label, and codes by the labels of their choices. The
// wording is chosen from the problem's rule and facts, never by reading its
// English; a problem of no known rule is shown as the domain words it.
func problemSentence(e cdop.FieldError) string {
	f, ok := cdop.FieldNamed(e.Field)
	if !ok {
		return capitalise(e.Message)
	}
	spec := specFor(e.Field)
	label := f.Label
	choose := ""
	if spec.kind == choiceField || spec.kind == checksField {
		choose = ": choose " + choiceList(spec.enum)
	}
	valueLabel := func(field, code string) string {
		if s, ok := cdop.FieldNamed(field); ok && len(s.Choices) > 0 {
			return s.Choices.Label(code)
		}
		return code
	}
	arg := func(i int) string {
		if i < len(e.Args) {
			return e.Args[i]
		}
		return ""
	}
	switch e.Rule {
	case cdop.RuleRequired:
		return label + " is required" + choose
	case cdop.RuleRequiredWhen:
		return label + " is required when there is no " + fieldLabel(arg(0)) + choose
	case cdop.RuleRequiredAt:
		return label + " is required before the case is " + strings.ToLower(cdop.Stage(arg(0)).Label())
	case cdop.RuleNotAllowed:
		return "“" + e.Value + "” is not allowed for " + label + choose
	case cdop.RuleNeeds:
		return label + " needs “" + fieldLabel(arg(0)) + "” set to “" + valueLabel(arg(0), arg(1)) + "”"
	case cdop.RuleNotAmong:
		return "“" + valueLabel(e.Field, e.Value) + "” is not among the " + fieldLabel(arg(0))
	case cdop.RuleMustBeBlank:
		return label + " must be blank when an " + fieldLabel(arg(0)) + " is recorded"
	case cdop.RuleTooLong, cdop.RuleControl:
		return label + " " + e.Message
	}
	return label + ": " + e.Message
}

// notificationSections are the cards of the form a new death is logged on.
func notificationSections() []cdop.FormSection { return cdop.NewNotificationSections() }

// fieldWidget is the editing widget of one field, with its error line.
type fieldWidget struct {
	spec      fieldSpec
	entry     *widget.Entry      // text, date, multi-line and list fields
	choice    *widget.Select     // choice fields
	search    *selectEntry       // choice fields with a long list: typed to filter it
	checks    *widget.CheckGroup // checklists
	editor    fyne.CanvasObject  // whichever of the above edits the field
	text      *widget.Label      // the value as text, in place of the editor, while read-only
	focus     fyne.Focusable     // the text box the cursor goes to (entry, or the box built on it)
	errors    *widget.Label
	errorLine *errorLine     // errors, holding its room while empty
	notKnown  *widget.Button // answers "not known" in one click, where the field allows it; or nil
	box       fyne.CanvasObject
}

func newFieldWidget(spec fieldSpec, changed func()) *fieldWidget {
	f := &fieldWidget{spec: spec}
	var editor fyne.CanvasObject
	switch {
	case spec.kind == choiceField && len(spec.enum) > searchableChoices:
		f.search = newSelectEntry(spec.enum.Labels())
		f.search.SetPlaceHolder("Type to search the list, or choose from it")
		f.search.OnChanged = func(text string) {
			f.search.SetOptions(matchingLabels(spec.enum, text))
			changed()
		}
		editor = f.search
	case spec.kind == choiceField:
		options := append([]string{notRecorded}, spec.enum.Labels()...)
		f.choice = widget.NewSelect(options, func(string) { changed() })
		f.choice.PlaceHolder = notRecorded
		editor = f.choice
	case spec.kind == checksField:
		f.checks = widget.NewCheckGroup(spec.enum.Labels(), func([]string) { changed() })
		editor = f.checks
	default:
		var box fyne.Focusable
		if spec.kind == multiLineField || spec.kind == listField {
			multi := newTabbingEntry()
			multi.SetMinRowsVisible(2)
			f.entry, box = &multi.Entry, multi
		} else {
			one := newEntry()
			f.entry, box = &one.Entry, one
		}
		f.focus = box
		switch {
		case spec.hint != "":
			f.entry.SetPlaceHolder(spec.hint)
		case spec.kind == dateField:
			f.entry.SetPlaceHolder("YYYY-MM-DD or DD/MM/YYYY")
		}
		f.entry.OnChanged = func(string) { changed() }
		editor = box.(fyne.CanvasObject)
	}
	// The error line keeps its room while empty, so that an error coming
	// or going never moves the fields under the pointer.
	line := newErrorLine()
	f.errors, f.errorLine = &line.Label, line
	label := widget.NewLabelWithStyle(spec.label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	label.Wrapping = fyne.TextWrapWord
	// A read-only value (a closed case) shows as text, in place of the
	// editor: a disabled box is drawn too faint to read.
	f.text = widget.NewLabel("")
	f.text.Wrapping = fyne.TextWrapWord
	f.text.Selectable = true // to copy
	f.text.Hide()
	f.editor = editor
	objects := []fyne.CanvasObject{label, labelled(spec.label, editor), f.errorLine, f.text}
	if spec.notKnown {
		// After the editor in the box's order, so Tab reaches it next.
		f.notKnown = widget.NewButton(notKnownText, func() { f.setValue(cdop.NotKnown) })
		objects = append(objects, f.notKnown)
	}
	f.box = container.New(&fieldBoxLayout{}, objects...)
	return f
}

// notKnownText is the button that answers a field "not known".
const notKnownText = "Not known"

// fieldBoxLayout stacks a field's label, editor, error line and read-only
// text as a VBox does, with its "Not known" button, when it has one
// (objs[4]), at the end of the label's row where the label fits beside it
// on one line, otherwise on a row of its own under the editor: it never
// makes the field wider, and coming after the editor among the box's
// objects, Tab reaches it straight after the editor.
type fieldBoxLayout struct {
	width float32 // the width last laid out in, which decides where the button goes
}

// button returns the box's visible "Not known" button, or nil.
func (*fieldBoxLayout) button(objs []fyne.CanvasObject) fyne.CanvasObject {
	if len(objs) > 4 && objs[4].Visible() {
		return objs[4]
	}
	return nil
}

// besideLabel reports whether the button goes at the end of the label's
// row at width: the label's text fits beside it on one line.
func (*fieldBoxLayout) besideLabel(objs []fyne.CanvasObject, button fyne.CanvasObject, width float32) bool {
	label, ok := objs[0].(*widget.Label)
	if !ok || width <= 0 {
		return true
	}
	text := fyne.MeasureText(label.Text, theme.TextSize(), label.TextStyle).Width + 2*theme.InnerPadding()
	return text+theme.Padding()+button.MinSize().Width <= width
}

// rows are the box's rows at width, top to bottom: the objects each shows
// (the button beside the label, or alone), and their heights.
func (l *fieldBoxLayout) rows(objs []fyne.CanvasObject, width float32) (rows [][]fyne.CanvasObject, heights []float32) {
	button := l.button(objs)
	beside := button != nil && l.besideLabel(objs, button, width)
	for i, o := range objs[:min(4, len(objs))] {
		if !o.Visible() || i == 2 && !objs[1].Visible() {
			continue // a read-only field (its editor hidden) has no problem to show: its value follows its label
		}
		row := []fyne.CanvasObject{o}
		if i == 0 && beside {
			row = append(row, button)
		}
		rows = append(rows, row)
		if i == 1 && button != nil && !beside {
			rows = append(rows, []fyne.CanvasObject{nil, button})
		}
	}
	for _, row := range rows {
		h := float32(0)
		for _, o := range row {
			if o != nil {
				h = max(h, o.MinSize().Height)
			}
		}
		heights = append(heights, h)
	}
	return rows, heights
}

// Layout places the rows one under another, the button at its row's end.
func (l *fieldBoxLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	pad := theme.Padding()
	rows, heights := l.rows(objs, size.Width)
	y := float32(0)
	if len(objs) > 2 && !objs[1].Visible() {
		objs[2].Resize(fyne.NewSize(0, 0)) // the error line of a read-only field takes no room
	}
	for r, row := range rows {
		w := size.Width
		if len(row) == 2 {
			bw := row[1].MinSize().Width
			w = max(0, size.Width-bw-pad)
			row[1].Move(fyne.NewPos(size.Width-bw, y))
			row[1].Resize(fyne.NewSize(bw, heights[r]))
		}
		if row[0] != nil {
			row[0].Move(fyne.NewPos(0, y))
			row[0].Resize(fyne.NewSize(w, heights[r]))
		}
		y += heights[r] + pad
	}
}

// MinSize is the rows' heights with padding between, as wide as the
// widest object.
func (l *fieldBoxLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var size fyne.Size
	rows, heights := l.rows(objs, l.width)
	for r, row := range rows {
		for _, o := range row {
			if o != nil {
				size.Width = max(size.Width, o.MinSize().Width)
			}
		}
		size.Height += heights[r]
	}
	if len(rows) > 1 {
		size.Height += theme.Padding() * float32(len(rows)-1)
	}
	return size
}

// shownText is the field's value as a person reads it: a choice by its
// label, a checklist's ticks in a list, "Not recorded" for nothing.
func (f *fieldWidget) shownText() string {
	var text string
	switch {
	case f.choice != nil:
		text = f.choice.Selected
		if text == notRecorded {
			text = ""
		}
	case f.search != nil:
		text = f.search.Text
	case f.checks != nil:
		text = strings.Join(f.checks.Selected, ", ")
	default:
		text = f.entry.Text
	}
	if strings.TrimSpace(text) == "" {
		return notRecorded
	}
	return text
}

// searchableChoices is the longest list of choices a drop-down shows as it
// is; a longer one (the local authorities) is searched by typing.
const searchableChoices = 30

// matchingLabels returns the labels of an enum that hold what was typed
// (ignoring case and accents), all of them when nothing is typed or when
// what is typed is a label already.
func matchingLabels(e cdop.Enum, typed string) []string {
	key := cdop.FoldName(strings.TrimSpace(typed))
	var out []string
	for _, label := range e.Labels() {
		if label == typed {
			return e.Labels()
		}
		if strings.Contains(cdop.FoldName(label), key) {
			out = append(out, label)
		}
	}
	return out
}

// value returns what the widget holds in interchange form.
func (f *fieldWidget) value() string {
	switch f.spec.kind {
	case choiceField:
		if f.search != nil {
			// A label chosen or typed gives its code; anything else goes
			// to the case as typed, for its own check to refuse or map.
			if code := f.spec.enum.CodeForLabel(f.search.Text); code != "" {
				return code
			}
			return strings.TrimSpace(f.search.Text)
		}
		return f.spec.enum.CodeForLabel(f.choice.Selected)
	case checksField:
		var codes []string
		for _, c := range f.spec.enum {
			if slices.Contains(f.checks.Selected, c.Label) {
				codes = append(codes, c.Code)
			}
		}
		return strings.Join(codes, cdop.ListSeparator)
	case dateField:
		return normaliseTypedDate(f.entry.Text)
	case listField:
		return strings.Join(cdop.SplitList(strings.ReplaceAll(f.entry.Text, "\n", "|")), cdop.ListSeparator)
	}
	return f.entry.Text
}

// setValue shows an interchange value in the widget.
func (f *fieldWidget) setValue(v string) {
	switch f.spec.kind {
	case choiceField:
		if f.search != nil {
			f.search.SetText(f.spec.enum.Label(v)) // text kept from before the list shows as it is
			return
		}
		if label := f.spec.enum.Label(v); v != "" {
			f.choice.SetSelected(label)
		} else {
			f.choice.ClearSelected()
		}
	case checksField:
		var labels []string
		for _, code := range cdop.SplitList(v) {
			labels = append(labels, f.spec.enum.Label(code))
		}
		f.checks.SetSelected(labels)
	case listField:
		f.entry.SetText(strings.Join(cdop.SplitList(v), "\n"))
	default:
		f.entry.SetText(v)
	}
}

// setEnabled makes the field editable or read-only.
func (f *fieldWidget) setEnabled(on bool) {
	var w fyne.Disableable
	switch {
	case f.entry != nil:
		w = f.entry
	case f.choice != nil:
		w = f.choice
	case f.search != nil:
		w = f.search
	default:
		w = f.checks
	}
	if f.notKnown != nil {
		showIf(f.notKnown, on)
	}
	if on {
		w.Enable()
		f.text.Hide()
		f.editor.Show()
	} else {
		w.Disable()
		f.text.SetText(f.shownText())
		f.editor.Hide()
		f.text.Show()
	}
}

// showError shows msg under the field, or hides the error line when msg is
// "", and reports whether the field's height may have changed.
func (f *fieldWidget) showError(msg string) bool {
	if msg == f.errors.Text {
		return false
	}
	f.errors.SetText(msg)
	return true
}

// normaliseTypedDate accepts the day-first form people in England type
// (23/11/2026 or 23-11-2026) and returns YYYY-MM-DD; anything else is
// returned trimmed, for the case's own parser to judge.
func normaliseTypedDate(s string) string {
	s = strings.TrimSpace(s)
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if len(parts) == 3 && len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2 {
		return fmt.Sprintf("%s-%02s-%02s", parts[2], parts[1], parts[0])
	}
	return s
}

// errorLine is the line under a field where its problem shows: small
// text, two lines high even while empty, so that a problem coming or going
// never moves the fields under the pointer.
type errorLine struct {
	widget.Label
	twoLines float32 // the height of two lines of its text
}

func newErrorLine() *errorLine {
	l := &errorLine{}
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	l.ExtendBaseWidget(l)
	probe := widget.NewLabel("x\nx")
	probe.SizeName = theme.SizeNameCaptionText
	l.twoLines = probe.MinSize().Height
	return l
}

// MinSize is at least two lines of the small text.
func (l *errorLine) MinSize() fyne.Size {
	min := l.Label.MinSize()
	return fyne.NewSize(min.Width, max(min.Height, l.twoLines))
}
