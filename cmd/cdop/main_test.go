package main

import (
	"os"
	"testing"

	"casemanager/internal/peakmem"
)

// cliChildEnv, when set to a file name, makes the test binary run the
// command line with the arguments that follow "--", record its peak
// memory in that file (peakmem.Record) and exit with the command's status:
// the benchmarks measure a command in a process of its own, as a user runs
// it.
const cliChildEnv = "CDOP_CLI_CHILD"

func TestMain(m *testing.M) {
	if peakFile := os.Getenv(cliChildEnv); peakFile != "" {
		for i, a := range os.Args {
			if a == "--" {
				code := run(os.Args[i+1:], os.Stdout, os.Stderr)
				if err := peakmem.Record(peakFile); err != nil {
					os.Exit(exitUsage)
				}
				os.Exit(code)
			}
		}
		os.Exit(exitUsage)
	}
	os.Exit(m.Run())
}
