// Package icons holds the application's bundled images.
package icons

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// AppIcon is the application icon shown in the title bar, task bar and dock.
var AppIcon = fyne.NewStaticResource("icon.png", iconPNG)
