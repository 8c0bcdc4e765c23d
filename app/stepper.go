package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// stageStepper draws the six stages of the review flowchart in a row: the
// stages done with a tick, the current one filled, the next one outlined.
// Its colours come from the theme, so it follows light and dark variants.
type stageStepper struct {
	widget.BaseWidget
	current int // index of the case's stage in cdop.Stages
}

func newStageStepper(stage cdop.Stage) *stageStepper {
	s := &stageStepper{current: cdop.StageIndex(stage)}
	s.ExtendBaseWidget(s)
	return s
}

// SetStage shows the case at another stage.
func (s *stageStepper) SetStage(stage cdop.Stage) {
	s.current = cdop.StageIndex(stage)
	s.Refresh()
}

// stepState is how a stage appears.
type stepState int

const (
	stepDone stepState = iota
	stepCurrent
	stepNext
	stepLater
)

func (s *stageStepper) state(i int) stepState {
	switch {
	case i < s.current:
		return stepDone
	case i == s.current:
		return stepCurrent
	case i == s.current+1:
		return stepNext
	}
	return stepLater
}

// stateWord says in words what the colours show, for the caption under a stage.
func (st stepState) word() string {
	return [...]string{"Done", "Current stage", "Next", ""}[st]
}

func (s *stageStepper) CreateRenderer() fyne.WidgetRenderer {
	r := &stepperRenderer{s: s}
	for i, c := range cdop.Stages {
		st := &stepObjects{
			circle:  canvas.NewCircle(color.Transparent),
			number:  canvas.NewText(fmt.Sprint(i+1), color.Black),
			tick:    canvas.NewImageFromResource(theme.ConfirmIcon()),
			caption: canvas.NewText("", color.Black),
		}
		st.number.TextStyle.Bold = true
		st.number.Alignment = fyne.TextAlignCenter
		st.tick.FillMode = canvas.ImageFillContain
		st.label = c.Label
		for range 2 {
			t := canvas.NewText("", color.Black)
			t.Alignment = fyne.TextAlignCenter
			st.lines = append(st.lines, t)
		}
		st.caption.Alignment = fyne.TextAlignCenter
		st.caption.TextSize = theme.CaptionTextSize()
		if i > 0 {
			r.connectors = append(r.connectors, canvas.NewRectangle(color.Black))
		}
		r.steps = append(r.steps, st)
	}
	r.Refresh()
	return r
}

// splitLabel puts a stage name on two lines at its middle word break.
func splitLabel(label string) []string {
	words := strings.Fields(label)
	if len(words) < 2 {
		return []string{label}
	}
	best, bestDiff := 1, len(label)
	for i := 1; i < len(words); i++ {
		a, b := strings.Join(words[:i], " "), strings.Join(words[i:], " ")
		if d := abs(len(a) - len(b)); d < bestDiff {
			best, bestDiff = i, d
		}
	}
	return []string{strings.Join(words[:best], " "), strings.Join(words[best:], " ")}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

type stepObjects struct {
	label   string
	circle  *canvas.Circle
	number  *canvas.Text
	tick    *canvas.Image
	lines   []*canvas.Text
	caption *canvas.Text
}

type stepperRenderer struct {
	s          *stageStepper
	steps      []*stepObjects
	connectors []*canvas.Rectangle
}

const stepDiameter = 30

func (r *stepperRenderer) Objects() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, c := range r.connectors {
		out = append(out, c)
	}
	for _, st := range r.steps {
		out = append(out, st.circle, st.number, st.tick)
		for _, l := range st.lines {
			out = append(out, l)
		}
		out = append(out, st.caption)
	}
	return out
}

func (r *stepperRenderer) lineHeight() float32 {
	return fyne.MeasureText("Ag", theme.TextSize(), fyne.TextStyle{Bold: true}).Height
}

func (r *stepperRenderer) textWidth(s string) float32 {
	return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{Bold: true}).Width
}

func (r *stepperRenderer) MinSize() fyne.Size {
	widest := float32(0)
	for _, st := range r.steps {
		for _, line := range splitLabel(st.label) {
			widest = max(widest, r.textWidth(line))
		}
	}
	pad := theme.Padding()
	h := stepDiameter + pad + 2*r.lineHeight() + fyne.MeasureText("Ag", theme.CaptionTextSize(), fyne.TextStyle{}).Height
	return fyne.NewSize(float32(len(r.steps))*(widest+2*pad), h)
}

func (r *stepperRenderer) Layout(size fyne.Size) {
	n := float32(len(r.steps))
	col := size.Width / n
	pad := theme.Padding()
	lh := r.lineHeight()
	for i, st := range r.steps {
		cx := col*float32(i) + col/2
		st.circle.Move(fyne.NewPos(cx-stepDiameter/2, 0))
		st.circle.Resize(fyne.NewSquareSize(stepDiameter))
		nh := st.number.MinSize().Height
		st.number.Move(fyne.NewPos(cx-stepDiameter/2, (stepDiameter-nh)/2))
		st.number.Resize(fyne.NewSize(stepDiameter, nh))
		icon := float32(stepDiameter) * 0.6
		st.tick.Move(fyne.NewPos(cx-icon/2, (stepDiameter-icon)/2))
		st.tick.Resize(fyne.NewSquareSize(icon))
		// The name on one line where it fits, else on two.
		lines := []string{st.label}
		if r.textWidth(st.label) > col-2*pad {
			lines = splitLabel(st.label)
		}
		y := float32(stepDiameter) + pad
		for j, l := range st.lines {
			text := ""
			if j < len(lines) {
				text = lines[j]
			}
			if l.Text != text {
				l.Text = text
				l.Refresh()
			}
			l.Move(fyne.NewPos(col*float32(i), y))
			l.Resize(fyne.NewSize(col, lh))
			y += lh
		}
		st.caption.Move(fyne.NewPos(col*float32(i), y))
		st.caption.Resize(fyne.NewSize(col, st.caption.MinSize().Height))
	}
	thick := float32(3)
	for i, c := range r.connectors {
		left := col*float32(i) + col/2 + stepDiameter/2 + pad
		right := col*float32(i+1) + col/2 - stepDiameter/2 - pad
		c.Move(fyne.NewPos(left, stepDiameter/2-thick/2))
		c.Resize(fyne.NewSize(max(0, right-left), thick))
	}
}

func (r *stepperRenderer) Refresh() {
	th := r.s.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
	for i, st := range r.steps {
		state := r.s.state(i)
		st.circle.StrokeWidth = 2
		st.tick.Hide()
		st.number.Show()
		bold := false
		text := col(theme.ColorNameForeground)
		switch state {
		case stepDone:
			st.circle.FillColor = col(theme.ColorNameSuccess)
			st.circle.StrokeColor = col(theme.ColorNameSuccess)
			st.tick.Resource = theme.NewColoredResource(theme.ConfirmIcon(), theme.ColorNameForegroundOnSuccess)
			st.tick.Show()
			st.number.Hide()
		case stepCurrent:
			st.circle.FillColor = col(theme.ColorNamePrimary)
			st.circle.StrokeColor = col(theme.ColorNamePrimary)
			st.number.Color = col(theme.ColorNameForegroundOnPrimary)
			text, bold = col(theme.ColorNamePrimary), true
			if i == len(r.steps)-1 { // a closed case: the flowchart is complete
				st.tick.Resource = theme.NewColoredResource(theme.ConfirmIcon(), theme.ColorNameForegroundOnPrimary)
				st.tick.Show()
				st.number.Hide()
			}
		case stepNext:
			st.circle.FillColor = color.Transparent
			st.circle.StrokeColor = col(theme.ColorNamePrimary)
			st.number.Color = col(theme.ColorNamePrimary)
		default:
			st.circle.FillColor = color.Transparent
			st.circle.StrokeColor = col(theme.ColorNameDisabled)
			st.number.Color = col(theme.ColorNameDisabled)
			text = col(theme.ColorNameDisabled)
		}
		for _, l := range st.lines {
			l.Color = text
			l.TextStyle.Bold = bold
			l.Refresh()
		}
		st.caption.Text = state.word()
		st.caption.Color = col(theme.ColorNamePlaceHolder)
		if state == stepCurrent {
			st.caption.Color = col(theme.ColorNamePrimary)
		}
		st.caption.Refresh()
		st.circle.Refresh()
		st.number.Refresh()
		st.tick.Refresh()
	}
	for i, c := range r.connectors {
		if i < r.s.current {
			c.FillColor = col(theme.ColorNameSuccess)
		} else {
			c.FillColor = col(theme.ColorNameDisabled)
		}
		c.Refresh()
	}
}

func (r *stepperRenderer) Destroy() {}
