package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"

	"github.com/truce-monitor/truce"
)

// Backup writes a consistent copy of the record to path with VACUUM INTO,
// while the database stays open for reads and writes: the copy is the
// state of one read transaction, compacted. path must not exist. The copy
// is checked (CheckFile) before Backup returns; a failed backup leaves no
// file behind.
func (db *DB) Backup(ctx context.Context, path string) error {
	if path == "" {
		return truce.Errorf(truce.EINVALID, "backup: empty file name")
	}
	if _, err := os.Lstat(path); err == nil {
		return truce.Errorf(truce.EINVALID, "backup: %s exists; choose a new file", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("sqlite: backup %s: %w", path, err)
	}
	// VACUUM INTO reads in one transaction of its own, so a connection of
	// its own gives a consistent copy without holding up the writer (the
	// read pool is query-only, which VACUUM INTO refuses).
	c, err := sql.Open("sqlite", "file:"+(&url.URL{Path: db.path}).EscapedPath()+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("sqlite: backup %s: %w", path, err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("sqlite: backup %s: %w", path, err)
	}
	if err := syncFile(path); err != nil {
		os.Remove(path)
		return fmt.Errorf("sqlite: backup %s: %w", path, err)
	}
	if err := CheckFile(ctx, path); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// CheckFile checks, without changing it, that the file at path is a
// sound truce record: a SQLite database that passes PRAGMA integrity_check
// and foreign_key_check and holds truce's tables. The error says what is
// wrong.
func CheckFile(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sqlite: check %s: %w", path, err)
	}
	head := make([]byte, len(sqliteMagic))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteMagic) {
		return truce.Errorf(truce.EINVALID, "%s is not a SQLite database", path)
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&_pragma=query_only(1)"
	c, err := sql.Open("sqlite", dsn)
	if err != nil {
		return fmt.Errorf("sqlite: check %s: %w", path, err)
	}
	defer c.Close()
	var res string
	if err := c.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return truce.Errorf(truce.EINVALID, "%s: integrity check failed: %v", path, err)
	}
	if res != "ok" {
		return truce.Errorf(truce.EINVALID, "%s: integrity check: %s", path, res)
	}
	var bad int
	if err := c.QueryRowContext(ctx, "SELECT count(*) FROM pragma_foreign_key_check").Scan(&bad); err != nil {
		return truce.Errorf(truce.EINVALID, "%s: foreign key check failed: %v", path, err)
	}
	if bad > 0 {
		return truce.Errorf(truce.EINVALID, "%s: %d rows refer to missing rows", path, bad)
	}
	var tables int
	if err := c.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('sources', 'events', 'audit', 'territories')`).Scan(&tables); err != nil {
		return truce.Errorf(truce.EINVALID, "%s: %v", path, err)
	}
	if tables != 4 {
		return truce.Errorf(truce.EINVALID, "%s is a SQLite database but not a truce record", path)
	}
	return nil
}
