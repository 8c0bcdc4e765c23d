//go:build race

package main

// raceEnabled: the tests run under the race detector, so the binary they
// build for the kill harness is built with it too (its packages are then
// already compiled).
const raceEnabled = true
