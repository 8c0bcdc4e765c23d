package extract

// SetRunRows makes runs hold n rows, so that tests exercise the temporary
// files and their merging; the returned function restores the sizes.
func SetRunRows(n, fanIn int) (restore func()) {
	oldRows, oldFan := runRows, maxFanIn
	runRows, maxFanIn = n, fanIn
	return func() { runRows, maxFanIn = oldRows, oldFan }
}
