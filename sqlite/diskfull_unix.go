//go:build unix

package sqlite

import "syscall"

// freeSpace returns the bytes an unprivileged process may still write on
// the file system of dir.
func freeSpace(dir string) (uint64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return uint64(st.Bavail) * uint64(st.Bsize), true
}

// fileSizeLimit returns the process's limit on the size of the files it
// writes (RLIMIT_FSIZE), when there is one.
func fileSizeLimit() (uint64, bool) {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &rl); err != nil || rl.Cur >= 1<<62 {
		return 0, false
	}
	return uint64(rl.Cur), true
}
