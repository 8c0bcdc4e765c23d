//go:build !linux

package storage

// lockHolder names the process holding the database's write lock where
// the system tells; elsewhere it cannot tell.
func lockHolder(string) string { return "" }
