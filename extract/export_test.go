package extract

// SetRunRows makes runs hold n rows, so that tests exercise the temporary
// files and their merging; the returned function restores the sizes.
func SetRunRows(n, fanIn int) (restore func()) {
	oldRows, oldFan := runRows, maxFanIn
	runRows, maxFanIn = n, fanIn
	return func() { runRows, maxFanIn = oldRows, oldFan }
}

// SetMaxCounts bounds the combinations counted at once, so that tests
// exercise counting a level up; the returned function restores it.
func SetMaxCounts(n int) (restore func()) {
	old := maxCounts
	maxCounts = n
	return func() { maxCounts = old }
}
