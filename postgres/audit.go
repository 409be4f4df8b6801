package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/truce-monitor/truce"
)

// Audit returns the audit entries matching f, oldest first.
func (db *DB) Audit(ctx context.Context, f truce.AuditFilter) ([]truce.AuditEntry, error) {
	var w where
	if f.Entity != "" {
		w.add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		w.add("entity_id = ?", f.EntityID)
	}
	if f.User != "" {
		w.add(`"user" = ?`, f.User)
	}
	if !f.Since.IsZero() {
		w.add("at >= ?", f.Since.UnixNano())
	}
	if f.Limit < 0 {
		return nil, truce.Errorf(truce.EINVALID, "negative limit")
	}
	rows, err := db.pool.Query(ctx, `SELECT id, at, "user", action, entity, entity_id, before, after FROM audit`+
		w.sql()+` ORDER BY id`+limit(f.Limit, 0), w.args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: audit: %w", err)
	}
	defer rows.Close()
	var out []truce.AuditEntry
	for rows.Next() {
		var a truce.AuditEntry
		var at int64
		var before, after *string
		if err := rows.Scan(&a.ID, &at, &a.User, &a.Action, &a.Entity, &a.EntityID, &before, &after); err != nil {
			return nil, fmt.Errorf("postgres: audit: %w", err)
		}
		a.At = timeOf(&at)
		if before != nil {
			a.Before = json.RawMessage(*before)
		}
		if after != nil {
			a.After = json.RawMessage(*after)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: audit: %w", err)
	}
	return out, nil
}
