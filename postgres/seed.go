package postgres

import (
	"context"
	"fmt"

	"github.com/truce-monitor/truce"
)

// seedLock is the key of the advisory lock SeedTerritories holds, so that
// programs opening one new record at the same time seed it once.
const seedLock = 0x74727563650001 // "truce" 1

// SeedTerritories puts the territories load returns into the record when
// the record is new — it holds no territory, source or event — in one
// transaction, and returns how many it put (0 when the record is not new
// or load returns none). It is what a new SQLite file gets when created:
// on PostgreSQL the schema may have been created by `truce migrate` or by
// an earlier run whose seeding failed, so "new" means "empty". Concurrent
// callers serialize on an advisory lock; only the first seeds. load is
// called only when the record is new.
func (db *DB) SeedTerritories(ctx context.Context, load func() ([]*truce.Territory, error)) (int, error) {
	n := 0
	err := db.write(ctx, func(t *tx) error {
		if _, err := t.exec(`SELECT pg_advisory_xact_lock($1)`, int64(seedLock)); err != nil {
			return fmt.Errorf("postgres: seed: lock: %w", err)
		}
		used, err := t.exists(`SELECT 1 FROM territories UNION ALL SELECT 1 FROM sources UNION ALL SELECT 1 FROM events LIMIT 1`)
		if err != nil || used {
			return err
		}
		ts, err := load()
		if err != nil {
			return err
		}
		for i, x := range ts {
			rank, geom, err := prepareTerritory(x)
			if err != nil {
				return truce.Errorf(truce.EINVALID, "territory %d (%q): %s", i, x.Name, truce.ErrorMessage(err))
			}
			if err := t.putTerritory(x, rank, geom); err != nil {
				return err
			}
		}
		n = len(ts)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
