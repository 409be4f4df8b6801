package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/postgres"
	"github.com/truce-monitor/truce/sqlite"
)

type migrateFlags struct {
	db       *string
	from, to string
}

var migrateOpts migrateFlags

func init() {
	register(&command{
		Name:    "migrate",
		Summary: "apply the schema migrations to a record (SQLite or PostgreSQL)",
		Usage:   "[--db PATH|postgres://…]",
		Help: `Applies the embedded schema migrations to the record: a SQLite file
(created when missing) or a PostgreSQL database named by a postgres:// URL.
Opening a record migrates it too; this command does it alone, for
deployments that migrate before starting servers.`,
		Flags: func(fs *flag.FlagSet) {
			migrateOpts = migrateFlags{}
			migrateOpts.db = addDBFlag(fs)
		},
		Run: runMigrate,
	})
	register(&command{
		Name:    "migrate-store",
		Summary: "move a whole record from SQLite to PostgreSQL",
		Usage:   "--from sqlite://PATH --to postgres://…",
		Help: `Copies a whole record from a SQLite file into an empty PostgreSQL database:
sources, actors, territories, events with their evidence, control entries,
agreements with obligations and amendments, and the audit log, keeping
every id and time. The copy is one transaction: it is stored whole or not
at all. The count and a SHA-256 checksum of each table are printed for
both sides, read back through each store; the command fails when any
differ.`,
		Flags: func(fs *flag.FlagSet) {
			migrateOpts = migrateFlags{}
			fs.StringVar(&migrateOpts.from, "from", "", "the SQLite record: sqlite://PATH or a file path")
			fs.StringVar(&migrateOpts.to, "to", "", "the PostgreSQL database: postgres://…")
		},
		Run: runMigrateStore,
	})
}

func runMigrate(ctx context.Context, env *Env, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	target := env.dbPath(*migrateOpts.db)
	if postgres.IsURL(target) {
		v, err := postgres.Migrate(ctx, target)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "migrated %s to schema version %d\n", postgres.Redact(target), v)
		return nil
	}
	path := env.abs(strings.TrimPrefix(target, "sqlite://"))
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", path, err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("migrate %s: %w", path, err)
	}
	fmt.Fprintf(env.Stdout, "migrated %s\n", path)
	return nil
}

func runMigrateStore(ctx context.Context, env *Env, args []string) error {
	o := migrateOpts
	if err := noArgs(args); err != nil {
		return err
	}
	if o.from == "" || o.to == "" {
		return usagef("both --from and --to are needed")
	}
	if !postgres.IsURL(o.to) {
		return usagef("--to %q: want a postgres:// URL", o.to)
	}
	if postgres.IsURL(o.from) {
		return usagef("--from %q: want a SQLite record (sqlite://PATH)", o.from)
	}
	path := env.abs(strings.TrimPrefix(o.from, "sqlite://"))
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return truce.Errorf(truce.ENOTFOUND, "no record at %s", path)
	}
	src, err := sqlite.Open(ctx, path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, o.to)
	if err != nil {
		return err
	}
	defer dst.Close()
	rec, err := postgres.ReadRecord(ctx, src)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	from, err := rec.Sums()
	if err != nil {
		return err
	}
	if err := dst.Copy(ctx, rec); err != nil {
		return err
	}
	back, err := postgres.ReadRecord(ctx, dst)
	if err != nil {
		return fmt.Errorf("read back %s: %w", postgres.Redact(o.to), err)
	}
	to, err := back.Sums()
	if err != nil {
		return err
	}
	bad := printSums(env, from, to)
	if bad > 0 {
		return fmt.Errorf("%d tables differ after the copy: the PostgreSQL record is not a faithful copy", bad)
	}
	fmt.Fprintf(env.Stdout, "copied %s to %s: every table matches\n", path, postgres.Redact(o.to))
	return nil
}

// printSums prints the counts and checksums of both sides and returns how
// many tables differ.
func printSums(env *Env, from, to []postgres.TableSum) int {
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "TABLE\tSQLITE\tPOSTGRES\tSQLITE SHA-256\tPOSTGRES SHA-256\t")
	bad := 0
	for i, f := range from {
		var t postgres.TableSum
		if i < len(to) {
			t = to[i]
		}
		mark := ""
		if f != t {
			mark = "DIFFERS"
			bad++
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%.16s\t%.16s\t%s\n", f.Table, f.Count, t.Count, f.Checksum, t.Checksum, mark)
	}
	w.Flush()
	return bad
}
