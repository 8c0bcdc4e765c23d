package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// AgencyDirectory is the list of organisations the panel asks for reports,
// with a form above it to add one or edit the one selected.
type AgencyDirectory struct {
	ui      *UI
	content fyne.CanvasObject

	formTitle *widget.Label
	name      *entry
	kind      *widget.Select
	contact   *entry
	save      *widget.Button
	table     *widget.Table
	count     *widget.Label

	agencies []cdop.Agency
	editing  *cdop.Agency // nil while adding
}

var agencyColumns = []struct {
	title string
	width float32
	text  func(a *cdop.Agency) string
}{
	{"Name", 380, func(a *cdop.Agency) string { return a.Name }},
	{"Type", 240, func(a *cdop.Agency) string { return cdop.AgencyTypes.Label(a.Type) }},
	{"Contact", 420, func(a *cdop.Agency) string { return a.Contact }},
}

func newAgencyDirectory(u *UI) *AgencyDirectory {
	a := &AgencyDirectory{ui: u}
	a.formTitle = widget.NewLabelWithStyle("Add an agency", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	a.name = newEntry()
	a.name.SetPlaceHolder("e.g. Leeds Teaching Hospitals NHS Trust")
	a.kind = widget.NewSelect(cdop.AgencyTypes.Labels(), nil)
	a.kind.PlaceHolder = "Choose a type"
	a.contact = newEntry()
	a.contact.SetPlaceHolder("Named contact, email or phone")
	a.save = widget.NewButtonWithIcon("Add agency", theme.ContentAddIcon(), a.onSave)
	a.save.Importance = widget.HighImportance
	clear := widget.NewButtonWithIcon("New agency", theme.ContentClearIcon(), a.startNew)
	a.count = lowLabel("")

	a.table = &widget.Table{
		Length: func() (int, int) { return len(a.agencies), len(agencyColumns) },
		CreateCell: func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		UpdateCell: func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row < 0 || id.Row >= len(a.agencies) {
				l.SetText("")
				return
			}
			l.SetText(agencyColumns[id.Col].text(&a.agencies[id.Row]))
		},
		OnSelected:    a.onSelected,
		ShowHeaderRow: true,
	}
	a.table.ExtendBaseWidget(a.table)
	a.table.CreateHeader, a.table.UpdateHeader = boldHeader(func() int { return len(agencyColumns) }, func(col int) string { return agencyColumns[col].title })
	for i, c := range agencyColumns {
		a.table.SetColumnWidth(i, c.width)
	}

	fields := gridRow([]float32{0, 260, 0},
		labelledBox("Agency name", a.name), labelledBox("Type", a.kind), labelledBox("Contact", a.contact))
	form := widget.NewCard("", "", container.NewVBox(a.formTitle, fields,
		container.NewBorder(nil, nil, nil, container.NewHBox(clear, a.save))))
	top := container.NewVBox(
		container.NewVBox(heading("Agency directory"),
			lowLabel("The organisations the panel asks for reporting and supplementary forms. Select one to edit it.")),
		form)
	a.content = container.NewBorder(top, a.count, nil, nil, labelled("Agencies", a.table))
	return a
}

// labelledBox puts a bold label above an editor, as on the case form.
func labelledBox(label string, editor fyne.CanvasObject) fyne.CanvasObject {
	if _, group := editor.(*fyne.Container); !group {
		editor = labelled(label, editor) // one control, announced by the label
	}
	return container.NewVBox(widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), editor)
}

func (a *AgencyDirectory) reload() {
	a.ui.run.Load("the agencies", func(ctx context.Context) (func(), error) {
		list, err := a.ui.flow.Agencies(ctx)
		return func() {
			a.agencies = list
			a.table.Refresh()
			a.count.SetText(plural(len(list), "agency"))
			if len(list) != 1 {
				a.count.SetText(plural(len(list), "agency"))
			}
		}, err
	})
}

// Dirty reports whether the form holds changes not yet saved: an agency
// typed in and not added, or changes to the one selected.
func (a *AgencyDirectory) Dirty() bool {
	var was cdop.Agency
	if a.editing != nil {
		was = *a.editing
	}
	return strings.TrimSpace(a.name.Text) != was.Name || cdop.AgencyTypes.CodeForLabel(a.kind.Selected) != was.Type ||
		strings.TrimSpace(a.contact.Text) != was.Contact
}

func (a *AgencyDirectory) onSelected(id widget.TableCellID) {
	if id.Row < 0 || id.Row >= len(a.agencies) {
		return
	}
	ag := a.agencies[id.Row]
	a.editing = &ag
	a.formTitle.SetText("Edit " + ag.Name)
	a.name.SetText(ag.Name)
	a.kind.SetSelected(cdop.AgencyTypes.Label(ag.Type))
	a.contact.SetText(ag.Contact)
	a.save.SetText("Save changes")
	a.save.SetIcon(theme.DocumentSaveIcon())
	a.ui.bar.Clear()
}

// startNew clears the form to add an agency.
func (a *AgencyDirectory) startNew() {
	a.editing = nil
	a.table.UnselectAll()
	a.formTitle.SetText("Add an agency")
	a.name.SetText("")
	a.kind.ClearSelected()
	a.contact.SetText("")
	a.save.SetText("Add agency")
	a.save.SetIcon(theme.ContentAddIcon())
	a.ui.window.Canvas().Focus(a.name)
}

func (a *AgencyDirectory) onSave() {
	ag := &cdop.Agency{}
	if a.editing != nil {
		*ag = *a.editing
	}
	ag.Name = strings.TrimSpace(a.name.Text)
	ag.Type = cdop.AgencyTypes.CodeForLabel(a.kind.Selected)
	ag.Contact = strings.TrimSpace(a.contact.Text)
	if err := ag.Validate(); err != nil {
		a.ui.bar.Failed("Not saved: ", err)
		return
	}
	adding := ag.ID == 0
	a.save.Disable()
	a.ui.run.Do(func(ctx context.Context) func() {
		err := a.ui.flow.SaveAgency(ctx, ag)
		return func() {
			a.save.Enable()
			if err != nil {
				a.ui.bar.Failed("Not saved: ", err)
				return
			}
			if adding {
				a.startNew()
				a.ui.bar.Success(fmt.Sprintf("Added %s.", ag.Name))
			} else {
				a.editing = ag
				a.formTitle.SetText("Edit " + ag.Name)
				a.ui.bar.Success(fmt.Sprintf("Saved %s.", ag.Name))
			}
			a.reload()
		}
	})
}
