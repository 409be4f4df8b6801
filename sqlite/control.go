package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/truce-monitor/truce"
)

// controlSelect reads control entries with their territory's name; their
// actors are filled afterwards from one lookup (actorsByID), which is much
// cheaper than joining the actors' text columns into every row.
const controlSelect = `SELECT c.id, c.territory_id, t.name, c.at, c.controller_id, COALESCE(c.from_id, 0),
	c.status, COALESCE(c.event_id, 0), c.note, c.created_by, c.created_at
	FROM control_entries c
	JOIN territories t ON t.id = c.territory_id `

// controlEntries reads the entries selected by a WHERE clause over c,
// ordered by territory, day and id.
func (t *tx) controlEntries(whereSQL string, args ...any) ([]truce.ControlEntry, error) {
	rows, err := t.query(controlSelect+whereSQL+` ORDER BY c.territory_id, c.at, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: control entries: %w", err)
	}
	defer rows.Close()
	var out []truce.ControlEntry
	var actorIDs []int64
	for rows.Next() {
		var c truce.ControlEntry
		var at, ctl, from int64
		var created sql.NullInt64
		if err := rows.Scan(&c.ID, &c.TerritoryID, &c.Territory, &at, &ctl, &from,
			&c.Status, &c.EventID, &c.Note, &c.CreatedBy, &created); err != nil {
			return nil, fmt.Errorf("sqlite: control entries: %w", err)
		}
		c.At, c.CreatedAt = truce.Date(at), timeOf(created)
		c.Controller.ID = ctl // an actor id until filled below
		if from != 0 {
			c.From = &truce.Actor{ID: from}
		}
		actorIDs = append(actorIDs, ctl, from)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: control entries: %w", err)
	}
	rows.Close()
	actors, err := t.actorsByID(actorIDs)
	if err != nil {
		return nil, err
	}
	for i := range out {
		c := &out[i]
		c.Controller = actors[c.Controller.ID]
		if c.From != nil {
			f := actors[c.From.ID]
			c.From = &f
		}
	}
	return out, nil
}

// actorsByID returns the actors with the given ids (zeros and repeats
// allowed) as events and control entries carry them: name, country, kind.
func (t *tx) actorsByID(ids []int64) (map[int64]truce.Actor, error) {
	seen := map[int64]bool{}
	var uniq []int64
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	out := make(map[int64]truce.Actor, len(uniq))
	for start := 0; start < len(uniq); start += 500 {
		var w where
		w.in("id", uniq[start:min(start+500, len(uniq))])
		rows, err := t.query(`SELECT id, name, country, kind FROM actors`+w.sql(), w.args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: actors: %w", err)
		}
		for rows.Next() {
			var id int64
			var a truce.Actor
			if err := rows.Scan(&id, &a.Name, &a.Country, &a.Kind); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: actors: %w", err)
			}
			out[id] = a
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlite: actors: %w", err)
		}
	}
	return out, nil
}

// AddControlEntry stores a manual change of control and sets c.ID. The
// territory is c.TerritoryID, or found by c.Territory when the id is zero;
// an empty Status means assessed. c.EventID, when set, cites an event
// without tying the entry to its review.
func (db *DB) AddControlEntry(ctx context.Context, c *truce.ControlEntry) error {
	if c == nil {
		return truce.Errorf(truce.EINVALID, "nil control entry")
	}
	if c.At.IsZero() {
		return truce.Errorf(truce.EINVALID, "control entry has no date")
	}
	if c.Controller.Name == "" {
		return truce.Errorf(truce.EINVALID, "control entry names no controller")
	}
	if c.Status == "" {
		c.Status = truce.Assessed
	}
	if !c.Status.Valid() {
		return truce.Errorf(truce.EINVALID, "unknown control status %q: want assessed or claimed", c.Status)
	}
	if c.TerritoryID == 0 && c.Territory == "" {
		return truce.Errorf(truce.EINVALID, "control entry names no territory")
	}
	return db.write(ctx, func(t *tx) error {
		cc := truce.ControlChange{TerritoryID: c.TerritoryID, Territory: c.Territory}
		if err := t.resolveControl(&cc); err != nil {
			return err
		}
		if cc.TerritoryID == 0 {
			return truce.Errorf(truce.EINVALID, "control entry: territory %q is not in the record", c.Territory)
		}
		if c.EventID != 0 {
			if ok, err := t.exists(`SELECT 1 FROM events WHERE id = ?`, c.EventID); err != nil {
				return err
			} else if !ok {
				return truce.Errorf(truce.EINVALID, "control entry cites event %d, which does not exist", c.EventID)
			}
		}
		ctl, err := t.actorID(c.Controller)
		if err != nil {
			return err
		}
		from, err := t.actorPtr(c.From)
		if err != nil {
			return err
		}
		res, err := t.exec(`INSERT INTO control_entries(territory_id, at, controller_id, from_id, status, event_id, from_event, note, created_by, created_at)
			VALUES (?,?,?,?,?,?,0,?,?,?)`, cc.TerritoryID, int64(c.At), ctl, from, c.Status, idOrNil(c.EventID), c.Note, t.user, t.now.UnixNano())
		if err != nil {
			return fmt.Errorf("sqlite: insert control entry: %w", err)
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlite: insert control entry: %w", err)
		}
		c.TerritoryID, c.CreatedBy, c.CreatedAt = cc.TerritoryID, t.user, t.now
		if err := t.queryRow(`SELECT name FROM territories WHERE id = ?`, c.TerritoryID).Scan(&c.Territory); err != nil {
			return fmt.Errorf("sqlite: territory %d: %w", c.TerritoryID, err)
		}
		return t.audit("create", "control", itoa(c.ID), nil, c)
	})
}

// ControlEntries returns the manual entries and those of accepted events
// matching f, ordered by territory id, then day, then id.
func (db *DB) ControlEntries(ctx context.Context, f truce.ControlFilter) ([]truce.ControlEntry, error) {
	var w where
	if len(f.TerritoryIDs) > 0 {
		w.in("c.territory_id", f.TerritoryIDs)
	}
	if !f.Until.IsZero() {
		w.add("c.at <= ?", int64(f.Until))
	}
	var out []truce.ControlEntry
	err := db.read(ctx, func(t *tx) (err error) {
		out, err = t.controlEntries(w.sql(), w.args...)
		return err
	})
	return out, err
}
