package sqlite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	msqlite "modernc.org/sqlite"
)

// ErrDiskFull is in the chain of a write that failed because the record's
// file could not grow: its file system is full, or the process may not
// write files that large (ulimit -f). SQLite rolled the write back; what
// was committed before is intact.
var ErrDiskFull = errors.New("disk full")

// SQLite result codes (sqlite3.h) that a write out of room gives.
const (
	codeIOErr = 10 // SQLITE_IOERR, and its extended codes in the low byte
	codeFull  = 13 // SQLITE_FULL
)

// lowSpace is the free space below which an I/O error while writing is
// taken for a full disk.
const lowSpace = 1 << 20

// space returns err with ErrDiskFull and its cause in front when err is
// SQLite failing to write for lack of room: SQLITE_FULL (the file system
// said ENOSPC), or an I/O error while the record's file system has less
// than lowSpace free or its files have reached the process's file-size
// limit (a write past it fails with EFBIG, which SQLite reports as a
// plain disk I/O error). Other errors are returned as they are.
func (db *DB) space(err error) error {
	var se *msqlite.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	code := se.Code() & 0xff
	if code != codeFull && code != codeIOErr {
		return err
	}
	why := ""
	if free, ok := freeSpace(filepath.Dir(db.path)); ok && free < lowSpace {
		why = fmt.Sprintf("%d KiB free on its file system", free>>10)
	} else if limit, ok := fileSizeLimit(); ok && db.largestFile() >= limit-64<<10 {
		why = fmt.Sprintf("this process may write no file over %d bytes, see ulimit -f", limit)
	} else if code == codeFull {
		why = "the file system has no room"
	}
	if why == "" {
		return err
	}
	return fmt.Errorf("sqlite: %w: cannot write %s: %s; the change was not stored, what was stored before is intact: %w", ErrDiskFull, db.path, why, err)
}

// largestFile is the size of the larger of the record's file and its
// write-ahead log.
func (db *DB) largestFile() uint64 {
	var n uint64
	for _, p := range []string{db.path, db.path + "-wal"} {
		if st, err := os.Stat(p); err == nil {
			n = max(n, uint64(st.Size()))
		}
	}
	return n
}
