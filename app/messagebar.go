package app

import (
	"image/color"
	"log"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// messageBar is the line above every screen that says what the last action
// did: a success, a warning, an error or information, in the theme's colour
// for it with an icon, and buttons to act on it (e.g. open the tab where
// what is missing is entered) and to dismiss it. The navigator clears it
// when the screen changes; the runner reports failed loads in it.
type messageBar struct {
	widget.BaseWidget

	imp     widget.Importance // of the message on show
	bg      *canvas.Rectangle // tinted with the colour of imp
	icon    *widget.Icon
	text    *widget.Label
	links   *fyne.Container
	dismiss *widget.Button
	box     *fyne.Container

	// relayout lays the window out again when the bar shows, hides or
	// changes height.
	relayout func()
}

func newMessageBar() *messageBar {
	b := &messageBar{icon: widget.NewIcon(nil), links: container.NewHBox(), bg: canvas.NewRectangle(color.Transparent)}
	b.bg.CornerRadius = theme.InputRadiusSize()
	b.text = widget.NewLabel("")
	b.text.Wrapping = fyne.TextWrapWord
	b.dismiss = widget.NewButtonWithIcon("", theme.CancelIcon(), b.Clear)
	b.dismiss.Importance = widget.LowImportance
	// The icon sits level with the first line of the text.
	icon := container.New(layout.NewCustomPaddedLayout(theme.InnerPadding(), 0, theme.Padding(), 0), b.icon)
	b.box = container.NewBorder(nil, b.links, container.NewVBox(icon), container.NewVBox(labelled("Dismiss the message", b.dismiss)), b.text)
	b.ExtendBaseWidget(b)
	b.Hide()
	return b
}

// CreateRenderer implements fyne.Widget.
func (b *messageBar) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewPadded(container.NewStack(b.bg, b.box)))
}

// Refresh repaints the bar in the theme's colours.
func (b *messageBar) Refresh() {
	b.paint()
	b.BaseWidget.Refresh()
}

// paint tints the bar's background with the theme's colour of its message.
func (b *messageBar) paint() {
	name := theme.ColorNamePrimary
	switch b.imp {
	case widget.DangerImportance:
		name = theme.ColorNameError
	case widget.WarningImportance:
		name = theme.ColorNameWarning
	case widget.SuccessImportance:
		name = theme.ColorNameSuccess
	}
	c := color.NRGBAModel.Convert(theme.Color(name)).(color.NRGBA)
	c.A = 0x26
	b.bg.FillColor = c
	b.bg.Refresh()
}

// Report shows text in the colour and with the icon of imp: danger is an
// error, warning a warning, success a success, anything else information.
func (b *messageBar) Report(text string, imp widget.Importance, links ...*widget.Button) {
	switch imp {
	case widget.DangerImportance:
		b.Error(text, links...)
	case widget.WarningImportance:
		b.Warn(text, links...)
	case widget.SuccessImportance:
		b.Success(text, links...)
	default:
		b.Info(text, links...)
	}
}

// Success says an action was done.
func (b *messageBar) Success(text string, links ...*widget.Button) {
	b.set(text, widget.SuccessImportance, theme.NewSuccessThemedResource(theme.ConfirmIcon()), links)
}

// Info says something the user should know.
func (b *messageBar) Info(text string, links ...*widget.Button) {
	b.set(text, widget.MediumImportance, theme.NewPrimaryThemedResource(theme.InfoIcon()), links)
}

// Warn says why an action was not started, or what to watch for.
func (b *messageBar) Warn(text string, links ...*widget.Button) {
	b.set(text, widget.WarningImportance, theme.NewWarningThemedResource(theme.WarningIcon()), links)
}

// Error says an action failed, or was refused, and why.
func (b *messageBar) Error(text string, links ...*widget.Button) {
	b.set(text, widget.DangerImportance, theme.NewErrorThemedResource(theme.ErrorIcon()), links)
}

// Failed says an action failed: prefix (e.g. "Not saved: ") and the plain
// sentence of err.
func (b *messageBar) Failed(prefix string, err error, links ...*widget.Button) {
	b.Error(prefix+userMessage(err), links...)
}

// Outcome reports how an action ended: failed (e.g. "Not added: ") with
// err's sentence, or ok when err is nil.
func (b *messageBar) Outcome(err error, failed, ok string) {
	if err != nil {
		b.Failed(failed, err)
		return
	}
	b.Success(ok)
}

// Clear hides the bar.
func (b *messageBar) Clear() {
	if !b.Visible() {
		return
	}
	b.text.SetText("")
	b.links.RemoveAll()
	b.Hide()
	b.layout()
}

// Message returns the text on show ("" when the bar is hidden).
func (b *messageBar) Message() string {
	if !b.Visible() {
		return ""
	}
	return b.text.Text
}

func (b *messageBar) set(text string, imp widget.Importance, icon fyne.Resource, links []*widget.Button) {
	b.imp = imp
	b.paint()
	b.text.Importance = imp
	b.text.TextStyle.Bold = imp == widget.DangerImportance
	b.text.SetText(text)
	b.icon.SetResource(icon)
	b.links.RemoveAll()
	for _, l := range links {
		l.Importance = widget.LowImportance
		b.links.Add(l)
	}
	showIf(b.links, len(links) > 0)
	b.Show()
	b.layout()
}

func (b *messageBar) layout() {
	b.box.Refresh()
	if b.relayout != nil {
		b.relayout()
	}
}

// userMessage is the plain sentence a user reads for err: the domain's
// message, with each field's problem on a line of its own; for an internal
// error (a disk, the database), cdop.ErrorMessage's plain sentence, never
// the error's own text, which goes to the log as cdop.LogDetail has it,
// without data. It is the one place the app turns an error into words.
func userMessage(err error) string {
	if v, ok := cdop.AsValidationErrors(err); ok {
		lines := make([]string, len(v))
		for i, e := range v {
			lines[i] = strings.ReplaceAll(e.Field, "_", " ") + ": " + e.Message
		}
		return strings.Join(lines, "\n")
	}
	if !cdop.IsDomainError(err) {
		log.Printf("cdop: %s", cdop.LogDetail(err))
	}
	return cdop.ErrorMessage(err)
}
