package postgres

import (
	"context"
	"fmt"

	"github.com/truce-monitor/truce"
)

// controlCols are the columns ControlEntries reads: the entry's own
// columns only. Actor and territory names are resolved from maps built
// once per call (there are few actors and the territories are the ones the
// entries name), which is much cheaper than joining three tables per row
// on a whole-map snapshot.
const controlCols = `c.id, c.territory_id, c.at, c.controller_id, c.from_id, c.status, COALESCE(c.event_id, 0), c.note, c.created_by, c.created_at`

// controlEntries reads the entries selected by a WHERE clause over c,
// ordered by territory, day and id, with names filled.
func (t *tx) controlEntries(whereSQL string, args ...any) ([]truce.ControlEntry, error) {
	rows, err := t.query(`SELECT `+controlCols+` FROM control_entries c`+whereSQL+` ORDER BY c.territory_id, c.at, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: control entries: %w", err)
	}
	var out []truce.ControlEntry
	var fromIDs []*int64
	actorSet := map[int64]bool{}
	terrSet := map[int64]bool{}
	for rows.Next() {
		var c truce.ControlEntry
		var at int32
		var ctl int64
		var from *int64
		var created *int64
		if err := rows.Scan(&c.ID, &c.TerritoryID, &at, &ctl, &from, &c.Status, &c.EventID, &c.Note, &c.CreatedBy, &created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("postgres: control entries: %w", err)
		}
		c.At, c.CreatedAt = truce.Date(at), timeOf(created)
		c.Controller.ID = ctl // replaced by the actor's reference below
		actorSet[ctl] = true
		if from != nil {
			actorSet[*from] = true
		}
		terrSet[c.TerritoryID] = true
		out = append(out, c)
		fromIDs = append(fromIDs, from)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: control entries: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	actors, err := t.actorRefs(keys(actorSet))
	if err != nil {
		return nil, err
	}
	names, err := t.territoryNames(keys(terrSet))
	if err != nil {
		return nil, err
	}
	for i := range out {
		c := &out[i]
		c.Controller = actors[c.Controller.ID]
		if f := fromIDs[i]; f != nil {
			a := actors[*f]
			c.From = &a
		}
		c.Territory = names[c.TerritoryID]
	}
	return out, nil
}

func keys(m map[int64]bool) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// actorRefs returns the references (name, country, kind) of the actors
// with the given ids.
func (t *tx) actorRefs(ids []int64) (map[int64]truce.Actor, error) {
	rows, err := t.query(`SELECT id, name, country, kind FROM actors WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: actors: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]truce.Actor, len(ids))
	for rows.Next() {
		var id int64
		var a truce.Actor
		if err := rows.Scan(&id, &a.Name, &a.Country, &a.Kind); err != nil {
			return nil, fmt.Errorf("postgres: actors: %w", err)
		}
		out[id] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: actors: %w", err)
	}
	return out, nil
}

// territoryNames returns the names of the territories with the given ids.
func (t *tx) territoryNames(ids []int64) (map[int64]string, error) {
	rows, err := t.query(`SELECT id, name FROM territories WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: territories: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("postgres: territories: %w", err)
		}
		out[id] = name
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: territories: %w", err)
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
			if ok, err := t.exists(`SELECT 1 FROM events WHERE id = $1`, c.EventID); err != nil {
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
		err = t.queryRow(`INSERT INTO control_entries(territory_id, at, controller_id, from_id, status, event_id, from_event, note, created_by, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,false,$7,$8,$9) RETURNING id`, cc.TerritoryID, int32(c.At), ctl, from, string(c.Status), idOrNil(c.EventID),
			c.Note, t.user, t.now.UnixNano()).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("postgres: insert control entry: %w", err)
		}
		c.TerritoryID, c.CreatedBy, c.CreatedAt = cc.TerritoryID, t.user, t.now
		if err := t.queryRow(`SELECT name FROM territories WHERE id = $1`, c.TerritoryID).Scan(&c.Territory); err != nil {
			return fmt.Errorf("postgres: territory %d: %w", c.TerritoryID, err)
		}
		return t.audit("create", "control", itoa(c.ID), nil, c)
	})
}

// ControlEntries returns the manual entries and those of accepted events
// matching f, ordered by territory id, then day, then id.
func (db *DB) ControlEntries(ctx context.Context, f truce.ControlFilter) ([]truce.ControlEntry, error) {
	var w where
	if len(f.TerritoryIDs) > 0 {
		w.add("c.territory_id = ANY(?)", f.TerritoryIDs)
	}
	if !f.Until.IsZero() {
		w.add("c.at <= ?", int32(f.Until))
	}
	var out []truce.ControlEntry
	err := db.read(ctx, func(t *tx) (err error) {
		out, err = t.controlEntries(w.sql(), w.args...)
		return err
	})
	return out, err
}
