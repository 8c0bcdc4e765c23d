package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme is the app's look: Fyne's default theme with text colours that
// meet WCAG AA contrast (4.5:1) on the background in both the light and the
// dark variant — the status colours (overdue, due soon, saved), and the
// colour of read-only and disabled text, which Fyne draws at about 1.4:1,
// and the primary colour the current stage is written in —
// and a focus ring strong enough to see where the cursor is. The desktop
// app sets it with fyne.App.Settings().SetTheme.
func Theme() fyne.Theme { return appTheme{} }

type appTheme struct{}

// aaColours are the colours replaced, per variant: each at least 4.5:1 on
// that variant's background (the test computes the ratios).
var aaColours = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantLight: {
		theme.ColorNameSuccess:  color.NRGBA{R: 0x1b, G: 0x6e, B: 0x20, A: 0xff},
		theme.ColorNameWarning:  color.NRGBA{R: 0x8a, G: 0x4b, B: 0x00, A: 0xff},
		theme.ColorNameError:    color.NRGBA{R: 0xb7, G: 0x1c, B: 0x1c, A: 0xff},
		theme.ColorNameDisabled: color.NRGBA{R: 0x5f, G: 0x5f, B: 0x5f, A: 0xff},
		theme.ColorNameFocus:    color.NRGBA{R: 0x00, G: 0x5f, B: 0xcc, A: 0x66},
		theme.ColorNamePrimary:  color.NRGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0xff},
	},
	theme.VariantDark: {
		theme.ColorNameSuccess:  color.NRGBA{R: 0x6f, G: 0xd8, B: 0x6f, A: 0xff},
		theme.ColorNameWarning:  color.NRGBA{R: 0xff, G: 0xb3, B: 0x47, A: 0xff},
		theme.ColorNameError:    color.NRGBA{R: 0xff, G: 0x7a, B: 0x7a, A: 0xff},
		theme.ColorNameDisabled: color.NRGBA{R: 0xa8, G: 0xa8, B: 0xa8, A: 0xff},
		theme.ColorNameFocus:    color.NRGBA{R: 0x5a, G: 0xa9, B: 0xff, A: 0x80},
		theme.ColorNamePrimary:  color.NRGBA{R: 0x4a, G: 0x9d, B: 0xff, A: 0xff},
		// Dark text on the light blue: white on it would be 2.8:1.
		theme.ColorNameForegroundOnPrimary: color.NRGBA{R: 0x0d, G: 0x11, B: 0x17, A: 0xff},
	},
}

func (appTheme) Color(name fyne.ThemeColorName, variant fyne.ThemeVariant) color.Color {
	if c, ok := aaColours[variant][name]; ok {
		return c
	}
	return theme.DefaultTheme().Color(name, variant)
}

func (appTheme) Font(style fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(style) }

func (appTheme) Icon(name fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(name) }

// Size draws a focused box's border twice as thick as Fyne's default.
func (appTheme) Size(name fyne.ThemeSizeName) float32 {
	if name == theme.SizeNameInputBorder {
		return 2 * theme.DefaultTheme().Size(name)
	}
	return theme.DefaultTheme().Size(name)
}
