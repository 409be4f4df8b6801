package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/gazetteer"
	"github.com/truce-monitor/truce/postgres"
	"github.com/truce-monitor/truce/sqlite"
)

// addDBFlag declares --db on fs.
func addDBFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", dbFlagUsage())
}

// dbFlagUsage is the help text of --db.
func dbFlagUsage() string {
	return "the record: a SQLite file path or a postgres:// URL (default $TRUCE_DB, else $XDG_DATA_HOME/truce/truce.db)"
}

// dbPath returns the database named by the --db flag, else $TRUCE_DB, else
// the default path.
func (env *Env) dbPath(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := env.Getenv("TRUCE_DB"); v != "" {
		return v
	}
	return sqlite.DefaultPath()
}

// openStore opens the record named by dbFlag (see dbPath), creating it
// when missing. A new record is seeded with every country and admin-1 area
// of the boundaries file ($TRUCE_BOUNDARIES, else the one `make build`
// writes beside the binary), by every name and alias; when there is no
// boundaries file it says on stderr how to build one and opens the record
// empty. The caller closes the store.
func openStore(ctx context.Context, env *Env, dbFlag string) (truce.Store, error) {
	path := env.dbPath(dbFlag)
	if postgres.IsURL(path) {
		return openPostgres(ctx, env, path)
	}
	file := env.abs(path)
	_, statErr := os.Stat(file)
	isNew := errors.Is(statErr, fs.ErrNotExist)
	db, err := sqlite.Open(ctx, file)
	if err != nil {
		return nil, fmt.Errorf("open record %s: %w", path, err)
	}
	if isNew {
		if err := seedBoundaries(ctx, env, db); err != nil {
			db.Close()
			// Leave no half-seeded record behind: the next open seeds again.
			removeDB(file)
			return nil, fmt.Errorf("seed record %s: %w", path, err)
		}
	}
	return db, nil
}

// removeDB deletes a SQLite database and its WAL files.
func removeDB(path string) error {
	var errs []error
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// defaultBoundaries finds the boundaries file when $TRUCE_BOUNDARIES is
// not set; a variable so that tests do not pick up a file `make build`
// left in the checkout.
var defaultBoundaries = gazetteer.DefaultBoundaries

// territoryBulkPutter is a store that can put many territories in one
// transaction.
type territoryBulkPutter interface {
	PutTerritories(ctx context.Context, ts []*truce.Territory) error
}

// openPostgres opens the PostgreSQL record at dsn and, when it is new
// (empty: see postgres.DB.SeedTerritories), seeds it like a new SQLite
// record. Programs opening one new record at once seed it once.
func openPostgres(ctx context.Context, env *Env, dsn string) (truce.Store, error) {
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	var start time.Time
	n, err := db.SeedTerritories(ctx, func() ([]*truce.Territory, error) {
		start = time.Now()
		return loadBoundaries(env)
	})
	if err != nil {
		db.Close()
		// Seeding is one transaction: the record stays empty and the next
		// open seeds again.
		return nil, fmt.Errorf("seed record %s: %w", postgres.Redact(dsn), err)
	}
	if n > 0 {
		fmt.Fprintf(env.Stderr, "truce: seeded %d territories in %s\n", n, time.Since(start).Round(time.Millisecond))
	}
	return db, nil
}

// loadBoundaries reads the territories of the boundaries file
// ($TRUCE_BOUNDARIES, else the default one); with no boundaries file it
// says on stderr how to get one and returns none.
func loadBoundaries(env *Env) ([]*truce.Territory, error) {
	path := env.abs(env.Getenv("TRUCE_BOUNDARIES"))
	if path == "" {
		p, err := defaultBoundaries()
		if err != nil {
			fmt.Fprintf(env.Stderr, "truce: new record without countries and admin-1 areas: no boundaries file (%v).\n"+
				"       Run `make build` (or `truce gazetteer build`), or set TRUCE_BOUNDARIES, to seed new records.\n", err)
			return nil, nil
		}
		path = p
	}
	ts, err := gazetteer.BoundariesTerritories(path)
	if err != nil {
		return nil, fmt.Errorf("boundaries %s: %w", path, err)
	}
	fmt.Fprintf(env.Stderr, "truce: seeding new record with %d countries and areas from %s …\n", len(ts), path)
	ptrs := make([]*truce.Territory, len(ts))
	for i := range ts {
		ptrs[i] = &ts[i]
	}
	return ptrs, nil
}

// seedBoundaries puts every territory of the boundaries file into s.
func seedBoundaries(ctx context.Context, env *Env, s truce.Store) error {
	start := time.Now()
	ptrs, err := loadBoundaries(env)
	if err != nil || len(ptrs) == 0 {
		return err
	}
	if bp, ok := s.(territoryBulkPutter); ok {
		if err := bp.PutTerritories(ctx, ptrs); err != nil {
			return fmt.Errorf("boundaries: %w", err)
		}
	} else {
		for _, t := range ptrs {
			if err := s.PutTerritory(ctx, t); err != nil {
				return fmt.Errorf("boundaries: territory %q: %w", t.Name, err)
			}
		}
	}
	fmt.Fprintf(env.Stderr, "truce: seeded %d territories in %s\n", len(ptrs), time.Since(start).Round(time.Millisecond))
	return nil
}
