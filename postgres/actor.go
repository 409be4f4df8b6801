package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
	"github.com/truce-monitor/truce/internal/storeutil"
)

const actorCols = `a.id, a.name, a.country, a.kind, a.aliases`

func scanActor(sc pgx.Row) (*truce.Actor, error) {
	var a truce.Actor
	if err := sc.Scan(&a.ID, &a.Name, &a.Country, &a.Kind, &a.Aliases); err != nil {
		return nil, err
	}
	if len(a.Aliases) == 0 {
		a.Aliases = nil
	}
	return &a, nil
}

// PutActor creates a, or updates the actor with the same name, and sets
// a.ID.
func (db *DB) PutActor(ctx context.Context, a *truce.Actor) error {
	if a == nil {
		return truce.Errorf(truce.EINVALID, "nil actor")
	}
	if err := storeutil.CheckActor(a); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error { return t.putActor(a) })
}

func (t *tx) putActor(a *truce.Actor) error {
	// Insert or lock the row of that name, so that concurrent writers of
	// the same actor queue instead of failing on the unique name.
	var id int64
	err := t.queryRow(`INSERT INTO actors(name, country, kind, aliases) VALUES ($1,$2,$3,$4)
		ON CONFLICT (name) DO NOTHING RETURNING id`, a.Name, a.Country, string(a.Kind), storeutil.NonNil(a.Aliases)).Scan(&id)
	if err == nil {
		a.ID = id
		if err := t.putKeys("actor_keys", "actor_id", a.ID, [][]string{{a.Name}, a.Aliases}); err != nil {
			return err
		}
		return t.audit("create", "actor", itoa(a.ID), nil, a)
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: insert actor %q: %w", a.Name, err)
	}
	old, err := scanActor(t.queryRow(`SELECT `+actorCols+` FROM actors a WHERE name = $1 FOR UPDATE`, a.Name))
	if err != nil {
		return fmt.Errorf("postgres: find actor %q: %w", a.Name, err)
	}
	a.ID = old.ID
	if _, err := t.exec(`UPDATE actors SET country = $1, kind = $2, aliases = $3 WHERE id = $4`,
		a.Country, string(a.Kind), storeutil.NonNil(a.Aliases), a.ID); err != nil {
		return fmt.Errorf("postgres: update actor %q: %w", a.Name, err)
	}
	if _, err := t.exec(`DELETE FROM actor_keys WHERE actor_id = $1`, a.ID); err != nil {
		return fmt.Errorf("postgres: update actor %q: %w", a.Name, err)
	}
	if err := t.putKeys("actor_keys", "actor_id", a.ID, [][]string{{a.Name}, a.Aliases}); err != nil {
		return err
	}
	return t.audit("update", "actor", itoa(a.ID), old, a)
}

// putKeys stores the folded keys of names, ranked by their group's index.
func (t *tx) putKeys(table, col string, id int64, groups [][]string) error {
	var keys []string
	var ranks []int32
	for rank, names := range groups {
		for _, n := range names {
			if k := fold.Key(n); k != "" {
				keys = append(keys, k)
				ranks = append(ranks, int32(rank))
			}
		}
	}
	if len(keys) == 0 {
		return nil
	}
	// The lowest rank wins when a name and an alias fold alike.
	if _, err := t.exec(`INSERT INTO `+table+`(key, `+col+`, rank)
		SELECT k, $1, MIN(r) FROM unnest($2::text[], $3::int[]) AS u(k, r) GROUP BY k
		ON CONFLICT DO NOTHING`, id, keys, ranks); err != nil {
		return fmt.Errorf("postgres: %s of %d: %w", table, id, err)
	}
	return nil
}

// FindActor returns the actor whose name or alias folds to name's key; a
// name match beats an alias match.
func (db *DB) FindActor(ctx context.Context, name string) (*truce.Actor, error) {
	k := fold.Key(name)
	if k == "" {
		return nil, truce.Errorf(truce.ENOTFOUND, "actor %q not found", name)
	}
	a, err := scanActor(db.pool.QueryRow(ctx, `SELECT `+actorCols+`
		FROM actor_keys k JOIN actors a ON a.id = k.actor_id
		WHERE k.key = $1 ORDER BY a.name = $2 DESC, k.rank, a.id LIMIT 1`, k, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "actor %q not found", name)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: find actor %q: %w", name, err)
	}
	return a, nil
}

// Actors returns every actor, by name.
func (db *DB) Actors(ctx context.Context) ([]*truce.Actor, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+actorCols+` FROM actors a ORDER BY a.name COLLATE "C", a.id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: actors: %w", err)
	}
	defer rows.Close()
	out, err := storeutil.Collect(rows, func() (*truce.Actor, error) { return scanActor(rows) })
	if err != nil {
		return nil, fmt.Errorf("postgres: actors: %w", err)
	}
	return out, nil
}

// actorID returns the id of the actor named a.Name: the actor with exactly
// that name, else the one whose name or alias folds to the same key, else a
// new actor made from a (audited as created). Answers are cached for the
// life of the transaction.
func (t *tx) actorID(a truce.Actor) (int64, error) {
	if id, ok := t.actors[a.Name]; ok {
		return id, nil
	}
	if err := storeutil.CheckActor(&a); err != nil {
		return 0, err
	}
	var id int64
	err := t.queryRow(`SELECT id FROM actors WHERE name = $1`, a.Name).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		err = t.queryRow(`SELECT actor_id FROM actor_keys WHERE key = $1 ORDER BY rank, actor_id LIMIT 1`, fold.Key(a.Name)).Scan(&id)
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		n := truce.Actor{Name: a.Name, Country: a.Country, Kind: a.Kind}
		if err := t.putActor(&n); err != nil {
			return 0, err
		}
		id = n.ID
	case err != nil:
		return 0, fmt.Errorf("postgres: resolve actor %q: %w", a.Name, err)
	}
	if t.actors == nil {
		t.actors = map[string]int64{}
	}
	t.actors[a.Name] = id
	return id, nil
}

// actorPtr resolves an optional actor; nil gives NULL.
func (t *tx) actorPtr(a *truce.Actor) (*int64, error) {
	if a == nil || a.Name == "" {
		return nil, nil
	}
	id, err := t.actorID(*a)
	if err != nil {
		return nil, err
	}
	return &id, nil
}
