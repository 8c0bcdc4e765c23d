package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// tabIconsFrom is the width of a case page from which its tabs show their
// icons: narrower (a 1024×640 screen gives the page about 840 pixels), the
// icons give way so that every tab, NCMD the last of them, stays on the
// tab strip rather than in its overflow menu.
const tabIconsFrom = 1000

// iconsWhenWide lays out one AppTabs filling its space, with its tabs'
// icons shown only when the space is at least from wide.
type iconsWhenWide struct {
	tabs   *container.AppTabs
	icons  []fyne.Resource
	from   float32
	narrow bool
}

// newIconsWhenWide wraps tabs so that their icons show only from a width.
func newIconsWhenWide(tabs *container.AppTabs, from float32) *fyne.Container {
	l := &iconsWhenWide{tabs: tabs, from: from}
	for _, it := range tabs.Items {
		l.icons = append(l.icons, it.Icon)
	}
	return container.New(l, tabs)
}

// Layout fills size with the tabs, dropping or restoring their icons when
// the width crosses the threshold.
func (l *iconsWhenWide) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if narrow := size.Width < l.from; narrow != l.narrow {
		l.narrow = narrow
		for i, it := range l.tabs.Items {
			if narrow {
				it.Icon = nil
			} else if i < len(l.icons) {
				it.Icon = l.icons[i]
			}
		}
		l.tabs.Refresh()
	}
	fillAll(objs, size)
}

// MinSize is the tabs' own.
func (l *iconsWhenWide) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return largestMin(objs)
}
