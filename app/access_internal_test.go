package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

func TestControlsAreNamedWithTheirKindAndRole(t *testing.T) {
	test.NewTempApp(t)
	password := widget.NewPasswordEntry()
	check := widget.NewCheck("Modifiable", nil)
	for _, c := range []struct {
		name    string
		control fyne.CanvasObject
		want    string
		role    fyne.AccessibleRole
	}{
		{"Last name", widget.NewEntry(), "Last name, text box", fyne.AccessibleRoleText},
		{"Circumstances", widget.NewMultiLineEntry(), "Circumstances, text box of several lines", fyne.AccessibleRoleText},
		{"Password", password, "Password, password box", fyne.AccessibleRoleText},
		{"Sex", widget.NewSelect([]string{"Female", "Male"}, nil), "Sex, drop-down list", fyne.AccessibleRoleButton},
		{"Agency", newDialogSelect([]string{"Police"}, "", dialogKeys{}), "Agency, drop-down list", fyne.AccessibleRoleButton},
		{"Reason", newDialogEntry(true, "", nil, dialogKeys{}), "Reason, text box of several lines", fyne.AccessibleRoleText},
		{"Factor", widget.NewSelectEntry(nil), "Factor, text box with a list to choose from", fyne.AccessibleRoleText},
		{"Modifiable", check, "Modifiable, tick box", fyne.AccessibleRoleButton},
		{"Roles", widget.NewCheckGroup([]string{"Coordinator", "Panel member"}, nil), "Roles, tick boxes: Coordinator; Panel member", fyne.AccessibleRoleText},
		{"LCSPR criteria met", widget.NewRadioGroup([]string{"Yes", "No"}, nil), "LCSPR criteria met, choose one of: Yes; No", fyne.AccessibleRoleText},
		{"Cases", &widget.Table{}, "Cases, table", fyne.AccessibleRoleText},
		{"Remove the factor", widget.NewButton("", nil), "Remove the factor", fyne.AccessibleRoleButton},
	} {
		a := labelled(c.name, c.control).(fyne.Accessible)
		if got := a.AccessibilityLabel(); got != c.want {
			t.Errorf("%T named %q is announced as %q, want %q", c.control, c.name, got, c.want)
		}
		if got := a.AccessibilityRole(); got != c.role {
			t.Errorf("%T named %q has the role %q, want %q", c.control, c.name, got, c.role)
		}
	}
}

func TestANamedControlIsLaidOutHiddenAndUsedAsWithoutItsName(t *testing.T) {
	test.NewTempApp(t)
	entry := widget.NewEntry()
	named := labelled("Last name", entry)
	other := widget.NewLabel("below")
	box := container.NewVBox(named, other)
	w := test.NewWindow(box)
	defer w.Close()
	w.Resize(fyne.NewSize(300, 200))

	if got, want := named.MinSize(), entry.MinSize(); got != want {
		t.Errorf("the named entry asks for %v, the entry alone %v", got, want)
	}
	test.Type(entry, "Okafor")
	w.Canvas().Focus(entry)
	if w.Canvas().Focused() != entry || entry.Text != "Okafor" {
		t.Errorf("the entry inside its name does not take the cursor or typing: focused %v, text %q", w.Canvas().Focused(), entry.Text)
	}
	before := other.Position().Y
	entry.Hide()
	box.Refresh()
	if named.Visible() {
		t.Error("hiding the entry leaves its name on screen")
	}
	if other.Position().Y >= before {
		t.Errorf("hiding the entry left its room: the label below stayed at %v", other.Position().Y)
	}
	entry.Show()
	if !named.Visible() {
		t.Error("showing the entry again leaves its name hidden")
	}
}

func TestTheStepperSaysTheStageInWords(t *testing.T) {
	for _, c := range []struct {
		stage cdop.Stage
		want  string
	}{
		{cdop.StageNotified, "Stage 1 of 6: Notified; next: Immediate decisions"},
		{cdop.StageInformationGathering, "Stage 3 of 6: Information gathering; done: Notified, Immediate decisions; next: Child death review meeting"},
		{cdop.StageClosed, "Stage 6 of 6: Closed; done: Notified, Immediate decisions, Information gathering, Child death review meeting, CDOP review"},
	} {
		if got := newStageStepper(c.stage).AccessibilityLabel(); got != c.want {
			t.Errorf("at %s the stepper says %q, want %q", c.stage, got, c.want)
		}
	}
}

func TestTheMessageBarSaysWhatItsColourShows(t *testing.T) {
	test.NewTempApp(t)
	b := newMessageBar()
	if got := b.AccessibilityLabel(); got != "" {
		t.Errorf("the hidden bar says %q", got)
	}
	for _, c := range []struct {
		show func(string, ...*widget.Button)
		want string
	}{
		{b.Error, "Error: Not saved."}, {b.Warn, "Warning: Not saved."}, {b.Success, "Done: Not saved."}, {b.Info, "Note: Not saved."},
	} {
		c.show("Not saved.")
		if got := b.AccessibilityLabel(); got != c.want {
			t.Errorf("the bar says %q, want %q", got, c.want)
		}
	}
	b.Clear()
	if got := b.AccessibilityLabel(); got != "" {
		t.Errorf("the cleared bar says %q", got)
	}
}
