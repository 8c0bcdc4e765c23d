// Command cdop is the CDOP case manager: with no command it opens the
// desktop app; with a command it runs headless (see shared/spec/cli.md and
// the README).
package main

import "os"

func main() {
	stop := cleanUpOnSignal()
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
