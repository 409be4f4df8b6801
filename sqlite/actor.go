package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
	"github.com/truce-monitor/truce/internal/storeutil"
)

const actorCols = `a.id, a.name, a.country, a.kind, a.aliases`

func scanActor(sc interface{ Scan(...any) error }) (*truce.Actor, error) {
	var a truce.Actor
	var aliases string
	if err := sc.Scan(&a.ID, &a.Name, &a.Country, &a.Kind, &aliases); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(aliases), &a.Aliases); err != nil {
		return nil, fmt.Errorf("actor %d aliases: %w", a.ID, err)
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
	old, err := scanActor(t.queryRow(`SELECT `+actorCols+` FROM actors a WHERE name = ?`, a.Name))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlite: find actor %q: %w", a.Name, err)
	}
	aliases, _ := json.Marshal(storeutil.NonNil(a.Aliases))
	if old == nil {
		res, err := t.exec(`INSERT INTO actors(name, country, kind, aliases) VALUES (?,?,?,?)`,
			a.Name, a.Country, a.Kind, string(aliases))
		if err != nil {
			return fmt.Errorf("sqlite: insert actor %q: %w", a.Name, err)
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlite: insert actor %q: %w", a.Name, err)
		}
	} else {
		a.ID = old.ID
		if _, err := t.exec(`UPDATE actors SET country = ?, kind = ?, aliases = ? WHERE id = ?`,
			a.Country, a.Kind, string(aliases), a.ID); err != nil {
			return fmt.Errorf("sqlite: update actor %q: %w", a.Name, err)
		}
		if _, err := t.exec(`DELETE FROM actor_keys WHERE actor_id = ?`, a.ID); err != nil {
			return fmt.Errorf("sqlite: update actor %q: %w", a.Name, err)
		}
	}
	if err := t.putKeys("actor_keys", "actor_id", a.ID, [][]string{{a.Name}, a.Aliases}); err != nil {
		return err
	}
	if old == nil {
		return t.audit("create", "actor", itoa(a.ID), nil, a)
	}
	return t.audit("update", "actor", itoa(a.ID), old, a)
}

// putKeys stores the folded keys of names, ranked by their group's index.
func (t *tx) putKeys(table, col string, id int64, groups [][]string) error {
	for rank, names := range groups {
		for _, n := range names {
			k := fold.Key(n)
			if k == "" {
				continue
			}
			if _, err := t.exec(`INSERT INTO `+table+`(key, `+col+`, rank) VALUES (?,?,?) ON CONFLICT DO NOTHING`, k, id, rank); err != nil {
				return fmt.Errorf("sqlite: %s key %q: %w", table, k, err)
			}
		}
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
	a, err := scanActor(db.r.QueryRowContext(ctx, `SELECT `+actorCols+`
		FROM actor_keys k JOIN actors a ON a.id = k.actor_id
		WHERE k.key = ? ORDER BY a.name = ? DESC, k.rank, a.id LIMIT 1`, k, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "actor %q not found", name)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: find actor %q: %w", name, err)
	}
	return a, nil
}

// Actors returns every actor, by name.
func (db *DB) Actors(ctx context.Context) ([]*truce.Actor, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+actorCols+` FROM actors a ORDER BY a.name, a.id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: actors: %w", err)
	}
	defer rows.Close()
	out, err := storeutil.Collect(rows, func() (*truce.Actor, error) { return scanActor(rows) })
	if err != nil {
		return nil, fmt.Errorf("sqlite: actors: %w", err)
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
	err := t.queryRow(`SELECT id FROM actors WHERE name = ?`, a.Name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = t.queryRow(`SELECT actor_id FROM actor_keys WHERE key = ? ORDER BY rank, actor_id LIMIT 1`, fold.Key(a.Name)).Scan(&id)
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		n := truce.Actor{Name: a.Name, Country: a.Country, Kind: a.Kind}
		if err := t.putActor(&n); err != nil {
			return 0, err
		}
		id = n.ID
	case err != nil:
		return 0, fmt.Errorf("sqlite: resolve actor %q: %w", a.Name, err)
	}
	if t.actors == nil {
		t.actors = map[string]int64{}
	}
	t.actors[a.Name] = id
	return id, nil
}

// actorPtr resolves an optional actor; nil gives NULL.
func (t *tx) actorPtr(a *truce.Actor) (any, error) {
	if a == nil || a.Name == "" {
		return nil, nil
	}
	return t.actorID(*a)
}
