//go:build !unix

package sqlite

// freeSpace is not known on this system.
func freeSpace(string) (uint64, bool) { return 0, false }

// fileSizeLimit is not known on this system.
func fileSizeLimit() (uint64, bool) { return 0, false }
