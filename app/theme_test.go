package app_test

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
)

// luminance is a colour's relative luminance (WCAG 2.1), over the
// background when the colour is translucent.
func luminance(c, over color.Color) float64 {
	r, g, b, a := c.RGBA()
	br, bg, bb, _ := over.RGBA()
	mix := func(v, back uint32) float64 {
		f := (float64(v) + float64(back)*(1-float64(a)/0xffff)) / 0xffff // premultiplied
		if f <= 0.03928 {
			return f / 12.92
		}
		return math.Pow((f+0.055)/1.055, 2.4)
	}
	return 0.2126*mix(r, br) + 0.7152*mix(g, bg) + 0.0722*mix(b, bb)
}

// contrast is the WCAG contrast ratio of text colour fg on bg.
func contrast(fg, bg color.Color) float64 {
	a, b := luminance(fg, bg), luminance(bg, bg)
	if a < b {
		a, b = b, a
	}
	return (a + 0.05) / (b + 0.05)
}

func TestStatusAndReadOnlyTextMeetAAContrastInBothThemes(t *testing.T) {
	th := app.Theme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		bg := th.Color(theme.ColorNameBackground, v)
		for _, name := range []fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNameSuccess,
			theme.ColorNameWarning, theme.ColorNameError, theme.ColorNameDisabled, theme.ColorNamePrimary} {
			if got := contrast(th.Color(name, v), bg); got < 4.5 {
				t.Errorf("variant %d: %s text is %.2f:1 on the background; want at least 4.5:1", v, name, got)
			}
		}
	}
}

func TestTheFocusRingIsStrongerThanFynesDefault(t *testing.T) {
	th := app.Theme()
	if got, def := th.Size(theme.SizeNameInputBorder), theme.DefaultTheme().Size(theme.SizeNameInputBorder); got <= def {
		t.Errorf("a focused box's border is %.1f; want thicker than Fyne's %.1f", got, def)
	}
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		bg := th.Color(theme.ColorNameBackground, v)
		got := contrast(th.Color(theme.ColorNameFocus, v), bg)
		def := contrast(theme.DefaultTheme().Color(theme.ColorNameFocus, v), bg)
		if got < 1.5*def {
			t.Errorf("variant %d: the focus highlight stands out %.2f:1; want well above Fyne's %.2f:1", v, got, def)
		}
	}
}

func TestTextOnPrimaryButtonsStaysReadable(t *testing.T) {
	th := app.Theme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		if got := contrast(th.Color(theme.ColorNameForegroundOnPrimary, v), th.Color(theme.ColorNamePrimary, v)); got < 4.5 {
			t.Errorf("variant %d: a primary button's text is %.2f:1 on it; want at least 4.5:1", v, got)
		}
	}
}

func TestAClosedCaseShowsItsValuesAsReadableText(t *testing.T) {
	h := newHarness(t)
	c := h.closedCase()
	h.openFromRegister(c.Ref)
	for label, want := range map[string]string{"Last name": "Okafor", "Sex": "Male", "Date of death": "2026-09-18"} {
		editor := h.field(label)
		if editor.Visible() {
			t.Errorf("%s: a closed case shows its value in a (disabled) box", label)
		}
		if !containsText(textsIn(h.window.Content()), want) {
			t.Errorf("%s: the value %q is not shown as text on the closed case", label, want)
		}
	}
	// Shown as text, the value is drawn in the theme's foreground colour,
	// not the faint disabled one.
	var shown *widget.Label
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok && l.Text == "Okafor" {
			shown = l
			return false
		}
		return true
	})
	if shown == nil || shown.Importance != widget.MediumImportance {
		t.Errorf("the closed case's last name is not plain text: %+v", shown)
	}
}
