package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqlite"
)

var backupOpts struct {
	db    string
	force bool
}

func init() {
	register(&command{
		Name:    "backup",
		Summary: "write a consistent copy of the record to FILE, online",
		Usage:   "FILE [--db PATH]",
		Help: `Writes a consistent, compacted copy of the record to FILE (SQLite VACUUM
INTO) while other truce processes keep reading and writing it, then checks
the copy's integrity. FILE must not exist.`,
		Flags: func(fs *flag.FlagSet) {
			backupOpts.db = ""
			fs.StringVar(&backupOpts.db, "db", "", dbFlagUsage())
		},
		Run: runBackup,
	})
	register(&command{
		Name:    "restore",
		Summary: "replace the record with a backup, after checking it",
		Usage:   "FILE [--db PATH] [--force]",
		Help: `Checks that FILE is a sound truce record (SQLite integrity and foreign-key
checks, truce's tables), brings its schema up to date, and puts it in the
place of the record. An existing record is replaced only with --force, and
is kept beside it as PATH.replaced-TIME, never deleted. Stop "truce serve"
on the record first.`,
		Flags: func(fs *flag.FlagSet) {
			backupOpts.db, backupOpts.force = "", false
			fs.StringVar(&backupOpts.db, "db", "", dbFlagUsage())
			fs.BoolVar(&backupOpts.force, "force", false, "replace an existing record (it is kept as PATH.replaced-TIME)")
		},
		Run: runRestore,
	})
}

// backuper is a store that can copy itself online.
type backuper interface {
	Backup(ctx context.Context, path string) error
}

func runBackup(ctx context.Context, env *Env, args []string) error {
	if len(args) != 1 {
		return usagef("want one backup FILE")
	}
	file := env.abs(args[0])
	src := env.abs(env.dbPath(backupOpts.db))
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("no record at %s: %w", env.dbPath(backupOpts.db), err)
	}
	s, err := openStore(ctx, env, backupOpts.db)
	if err != nil {
		return err
	}
	defer s.Close()
	b, ok := s.(backuper)
	if !ok {
		return fmt.Errorf("this record cannot be backed up by truce")
	}
	start := time.Now()
	if err := b.Backup(ctx, file); err != nil {
		return err
	}
	st, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("backup %s: %w", args[0], err)
	}
	fmt.Fprintf(env.Stdout, "backup of %s written to %s (%d bytes, checked, %s)\n",
		env.dbPath(backupOpts.db), args[0], st.Size(), time.Since(start).Round(time.Millisecond))
	return nil
}

func runRestore(ctx context.Context, env *Env, args []string) error {
	if len(args) != 1 {
		return usagef("want one backup FILE")
	}
	file := env.abs(args[0])
	if err := sqlite.CheckFile(ctx, file); err != nil {
		return fmt.Errorf("restore %s: %w", args[0], err)
	}
	dbName := env.dbPath(backupOpts.db)
	target := env.abs(dbName)
	if same(file, target) {
		return usagef("the backup is the record itself")
	}
	_, err := os.Stat(target)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("restore: %w", err)
	}
	if exists && !backupOpts.force {
		return truce.Errorf(truce.EINVALID, "a record exists at %s: stop truce serve on it and give --force to replace it (it is kept as %s.replaced-TIME)", dbName, dbName)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// Copy beside the target, bring the copy's schema up to date and check
	// it, and only then swap it in: a failure at any point leaves the
	// record as it was.
	tmp := target + ".restoring"
	removeDB(tmp) // left by a restore that was killed
	if err := copyFile(file, tmp); err != nil {
		removeDB(tmp)
		return fmt.Errorf("restore: %w", err)
	}
	db, err := sqlite.Open(ctx, tmp)
	if err == nil {
		err = db.IntegrityCheck(ctx)
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		removeDB(tmp)
		return fmt.Errorf("restore %s: %w", args[0], err)
	}
	var kept, keptName string
	if exists {
		// Fold the old record's WAL into its main file, so that the one
		// file set aside holds all of it.
		old, err := sqlite.Open(ctx, target)
		if err != nil {
			removeDB(tmp)
			return fmt.Errorf("restore: open the record to replace: %w", err)
		}
		if err := old.Close(); err != nil {
			removeDB(tmp)
			return fmt.Errorf("restore: %w", err)
		}
		suffix := ".replaced-" + time.Now().UTC().Format("20060102T150405Z")
		kept, keptName = target+suffix, dbName+suffix
		if err := os.Rename(target, kept); err != nil {
			removeDB(tmp)
			return fmt.Errorf("restore: set the old record aside: %w", err)
		}
		os.Remove(target + "-wal")
		os.Remove(target + "-shm")
	}
	if err := os.Rename(tmp, target); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	os.Remove(tmp + "-wal")
	os.Remove(tmp + "-shm")
	fmt.Fprintf(env.Stdout, "restored %s from %s\n", dbName, args[0])
	if kept != "" {
		fmt.Fprintf(env.Stdout, "the replaced record is kept as %s\n", keptName)
	}
	return nil
}

// same reports whether a and b are the same file.
func same(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// copyFile copies src to a new file dst and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
