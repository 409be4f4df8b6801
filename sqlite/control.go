package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/truce-monitor/truce"
)

const controlSelect = `SELECT c.id, c.territory_id, t.name, c.at, a.name, a.country, a.kind, f.name, f.country, f.kind,
	c.status, COALESCE(c.event_id, 0), c.note, c.created_by, c.created_at
	FROM control_entries c
	JOIN territories t ON t.id = c.territory_id
	JOIN actors a ON a.id = c.controller_id
	LEFT JOIN actors f ON f.id = c.from_id `

// controlEntries reads the entries selected by a WHERE clause over c,
// ordered by territory, day and id.
func (t *tx) controlEntries(whereSQL string, args ...any) ([]truce.ControlEntry, error) {
	rows, err := t.query(controlSelect+whereSQL+` ORDER BY c.territory_id, c.at, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: control entries: %w", err)
	}
	defer rows.Close()
	var out []truce.ControlEntry
	for rows.Next() {
		var c truce.ControlEntry
		var at int64
		var from nullActor
		var created sql.NullInt64
		if err := rows.Scan(&c.ID, &c.TerritoryID, &c.Territory, &at, &c.Controller.Name, &c.Controller.Country, &c.Controller.Kind,
			&from.name, &from.country, &from.kind, &c.Status, &c.EventID, &c.Note, &c.CreatedBy, &created); err != nil {
			return nil, fmt.Errorf("sqlite: control entries: %w", err)
		}
		c.At, c.From, c.CreatedAt = truce.Date(at), from.ptr(), timeOf(created)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: control entries: %w", err)
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
