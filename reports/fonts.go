package reports

import (
	_ "embed" // the fonts below
)

// DejaVu Sans, regular and bold, embedded so that every PDF prints names in
// any European script (and Greek, Cyrillic and Vietnamese) on a machine with
// no fonts installed. The licence is fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVuSans []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	dejaVuSansBold []byte
)
