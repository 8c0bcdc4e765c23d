package app

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// caseColumn is one column of the case register: its heading, width, the
// text shown for a case and the key it sorts by.
type caseColumn struct {
	title string
	width float32
	text  func(*cdop.CaseListing) string
	less  func(a, b *caseRow) bool
}

// caseRow is a case of the register (its listing) with its sort keys,
// worked out once when the cases are loaded (off the UI goroutine), not in
// every comparison.
type caseRow struct {
	c       cdop.CaseListing
	name    string // last and first names folded for sorting
	ageDays int
	stage   int
}

func newCaseRow(c cdop.CaseListing) *caseRow {
	return &caseRow{c: c, name: cdop.FoldName(c.LastName + " " + c.FirstName), ageDays: c.Age().Days, stage: stageIndex(c.Stage)}
}

var caseColumns = []caseColumn{
	{"Reference", 150, func(c *cdop.CaseListing) string { return c.Ref },
		func(a, b *caseRow) bool { return a.c.Ref < b.c.Ref }},
	{"Name", 220, func(c *cdop.CaseListing) string { return c.LastName + ", " + c.FirstName },
		func(a, b *caseRow) bool { return a.name < b.name }},
	{"Age at death", 120, func(c *cdop.CaseListing) string { return c.Age().String() },
		func(a, b *caseRow) bool { return a.ageDays < b.ageDays }},
	{"Date of death", 130, func(c *cdop.CaseListing) string { return c.DateOfDeath.Display() },
		func(a, b *caseRow) bool { return a.c.DateOfDeath.Before(b.c.DateOfDeath) }},
	{"Stage", 180, func(c *cdop.CaseListing) string { return c.Stage.Label() },
		func(a, b *caseRow) bool { return a.stage < b.stage }},
}

func stageIndex(s cdop.Stage) int {
	for i, code := range cdop.Stages.Codes() {
		if code == string(s) {
			return i
		}
	}
	return len(cdop.Stages)
}

const allStages = "All stages"

// CaseList is the case register: a search box, a stage filter and a
// sortable, virtualised table of cases.
type CaseList struct {
	ui      *UI
	content fyne.CanvasObject

	search *entry
	stage  *widget.Select
	table  *widget.Table
	status *widget.Label
	empty  *emptyNote // what an empty register or search means
	// importButton offers Import cases… where the user may import.
	importButton *widget.Button

	rows       []*caseRow
	sortColumn int
	descending bool
	loads      int // sequence number of the latest load, to drop stale results
	sorts      int // sequence number of the latest sort, likewise
	// viewRecorded is set once this opening of the register is audited.
	viewRecorded bool
}

func newCaseList(u *UI) *CaseList {
	l := &CaseList{ui: u, sortColumn: 0, descending: true} // newest reference first
	l.search = newEntry()
	l.search.SetPlaceHolder("Search by reference, name or NHS number")
	l.search.OnChanged = func(string) {
		l.ui.bar.Clear() // the outcome of the last action is shown until the next search
		l.reload()
	}
	l.stage = widget.NewSelect(append([]string{allStages}, cdop.Stages.Labels()...), nil)
	l.stage.SetSelected(allStages)
	l.stage.OnChanged = func(string) { l.reload() }
	l.status = widget.NewLabel("")

	l.table = &widget.Table{
		Length:        func() (int, int) { return len(l.rows), len(caseColumns) },
		CreateCell:    func() fyne.CanvasObject { return widget.NewLabel("") },
		UpdateCell:    l.updateCell,
		OnSelected:    l.onRowSelected,
		ShowHeaderRow: true,
		CreateHeader: func() fyne.CanvasObject {
			b := widget.NewButton("", nil)
			b.Alignment = widget.ButtonAlignLeading
			b.Importance = widget.LowImportance
			return b
		},
		UpdateHeader: l.updateHeader,
	}
	l.table.ExtendBaseWidget(l.table)
	for i, col := range caseColumns {
		l.table.SetColumnWidth(i, col.width)
	}

	newButton := widget.NewButtonWithIcon("New notification", theme.ContentAddIcon(), u.ShowNewNotification)
	newButton.Importance = widget.HighImportance
	// Import cases… reads a file of cases (an export, or a register kept
	// in a spreadsheet) for a coordinator who may import.
	l.importButton = widget.NewButtonWithIcon("Import cases…", theme.UploadIcon(), u.ShowImportCases)
	l.showImport()
	top := container.NewBorder(nil, nil, nil, container.NewHBox(l.importButton, newButton), heading("Case register"))
	filters := container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel("Stage"), labelled("Stage", l.stage)), labelled("Search cases", l.search))
	l.empty = newEmptyNote("", widget.NewButtonWithIcon("New notification", theme.ContentAddIcon(), u.ShowNewNotification))
	l.content = container.NewBorder(container.NewVBox(top, filters), l.status, nil, nil, overTable("Cases", l.table, l.empty))
	return l
}

// showImport shows Import cases… when the app can import and the user may.
func (l *CaseList) showImport() {
	showIf(l.importButton, l.ui.importer != nil && l.ui.allows(cdop.ActImport))
}

func (l *CaseList) updateCell(id widget.TableCellID, cell fyne.CanvasObject) {
	label := cell.(*widget.Label)
	if id.Row < 0 || id.Row >= len(l.rows) {
		label.SetText("")
		return
	}
	label.Truncation = fyne.TextTruncateEllipsis
	label.SetText(caseColumns[id.Col].text(&l.rows[id.Row].c))
}

func (l *CaseList) updateHeader(id widget.TableCellID, cell fyne.CanvasObject) {
	b := cell.(*widget.Button)
	if id.Col < 0 || id.Col >= len(caseColumns) {
		b.SetText("")
		b.OnTapped = nil
		return
	}
	col := id.Col
	text := caseColumns[col].title
	b.SetIcon(nil)
	if col == l.sortColumn {
		if l.descending {
			b.SetIcon(theme.MenuDropDownIcon())
		} else {
			b.SetIcon(theme.MenuDropUpIcon())
		}
	}
	b.SetText(text)
	b.OnTapped = func() { l.SortBy(col) }
}

// SortBy sorts the register by a column; sorting by the same column again
// reverses the order. The heading shows the new order at once; the rows,
// sorted off the UI goroutine (tens of milliseconds for 100,000 cases),
// follow.
func (l *CaseList) SortBy(col int) {
	if col == l.sortColumn {
		l.descending = !l.descending
	} else {
		l.sortColumn, l.descending = col, false
	}
	l.table.Refresh()
	l.resort()
}

// resort sorts a copy of the rows shown by the order chosen, in the
// background, and shows it unless the rows were sorted again or reloaded
// meanwhile.
func (l *CaseList) resort() {
	l.sorts++
	seq, loads := l.sorts, l.loads
	rows, col, descending := slices.Clone(l.rows), l.sortColumn, l.descending
	l.ui.run.Do(func(context.Context) func() {
		sortCaseRows(rows, col, descending)
		return func() {
			if seq != l.sorts || loads != l.loads {
				return // sorted another way, or a newer load, meanwhile
			}
			l.rows = rows
			l.table.Refresh()
		}
	})
}

// sortCaseRows sorts rows by a column; rows equal in that column are
// ordered by reference (ascending), so the order is always the same (and a
// stable sort, slower, is not needed: references are unique).
func sortCaseRows(rows []*caseRow, col int, descending bool) {
	less := caseColumns[col].less
	slices.SortFunc(rows, func(a, b *caseRow) int {
		x, y := a, b
		if descending {
			x, y = b, a
		}
		switch {
		case less(x, y):
			return -1
		case less(y, x):
			return 1
		}
		return strings.Compare(a.c.Ref, b.c.Ref)
	})
}

func (l *CaseList) onRowSelected(id widget.TableCellID) {
	l.table.UnselectAll()
	if id.Row >= 0 && id.Row < len(l.rows) {
		l.ui.OpenCase(l.rows[id.Row].c.ID)
	}
}

func (l *CaseList) filter() cdop.CaseFilter {
	f := cdop.CaseFilter{Search: strings.TrimSpace(l.search.Text)}
	if sel := l.stage.Selected; sel != "" && sel != allStages {
		f.Stage = cdop.Stage(cdop.Stages.CodeForLabel(sel))
	}
	return f
}

// reload fetches the cases matching the search and filter in the
// background, where it also works out their sort keys and sorts them.
func (l *CaseList) reload() {
	l.loads++
	seq, f := l.loads, l.filter()
	// One audit row each time the register is opened, not one a keystroke.
	record := l.ui.accounts != nil && !l.viewRecorded
	l.viewRecorded = true
	col, descending := l.sortColumn, l.descending
	l.status.SetText("Loading…") // not the count of the search before
	l.ui.run.Load("cases", func(ctx context.Context) (func(), error) {
		cases, err := l.ui.cases.ListCases(ctx, f)
		if err == nil && record {
			err = l.ui.accounts.RecordView(ctx, "case register", "", len(cases))
		}
		rows := make([]*caseRow, len(cases))
		for i, c := range cases {
			rows[i] = newCaseRow(c)
		}
		sortCaseRows(rows, col, descending)
		return func() {
			if seq != l.loads {
				return // a newer search has started
			}
			l.rows = rows
			l.table.Refresh()
			if col != l.sortColumn || descending != l.descending {
				l.resort() // sorted another way meanwhile
			}
			l.status.SetText(countText(len(rows), f))
			l.empty.showWith(emptyRegister(len(rows), f))
			if f == (cdop.CaseFilter{}) {
				l.ui.timing.moment(MomentRegisterFilled, len(rows))
			}
		}, err
	})
}

func countText(n int, f cdop.CaseFilter) string {
	if f.Search == "" && f.Stage == "" {
		return plural(n, "case")
	}
	return plural(n, "matching case")
}

// emptyRegister says what an empty register means and what to do: on a
// new database, how to begin; after a search, how to find more ("" when
// there are cases to show).
func emptyRegister(n int, f cdop.CaseFilter) string {
	switch {
	case n > 0:
		return ""
	case f.Search == "" && f.Stage == "":
		return "No cases yet. Log each death the panel is told of with “New notification” (Ctrl+N); " +
			"cases kept elsewhere can be brought in with the command line's import. Each case then appears here, newest first."
	}
	return "No case matches. Search by part of a name, the reference (e.g. CDOP-2026-0001) or the NHS number, " +
		"or choose “" + allStages + "”."
}
