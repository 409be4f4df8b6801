package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storeutil"
)

const sourceCols = `id, COALESCE(url,''), outlet, title, published, dateline, language, text,
	content_hash, simhash, COALESCE(duplicate_of,0), fetched_at, created_at`

func scanSource(sc interface{ Scan(...any) error }) (*truce.Source, error) {
	var s truce.Source
	var pub, fetched, created sql.NullInt64
	var sim int64
	err := sc.Scan(&s.ID, &s.URL, &s.Outlet, &s.Title, &pub, &s.Dateline, &s.Language, &s.Text,
		&s.ContentHash, &sim, &s.DuplicateOf, &fetched, &created)
	if err != nil {
		return nil, err
	}
	s.SimHash = uint64(sim)
	s.Published, s.FetchedAt, s.CreatedAt = timeOf(pub), timeOf(fetched), timeOf(created)
	return &s, nil
}

// PutSource stores s unless a source with its URL or content hash is
// stored already. An empty ContentHash is filled with the hex SHA-256 of
// s.Text.
func (db *DB) PutSource(ctx context.Context, s *truce.Source) (created bool, err error) {
	if err := storeutil.PrepareSource(s); err != nil {
		return false, err
	}
	err = db.write(ctx, func(t *tx) error {
		var id int64
		err := t.queryRow(`SELECT id FROM sources WHERE (url = ? AND url IS NOT NULL) OR content_hash = ? ORDER BY id LIMIT 1`,
			strOrNil(s.URL), s.ContentHash).Scan(&id)
		switch {
		case err == nil:
			s.ID = id
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("sqlite: find source: %w", err)
		}
		if s.DuplicateOf != 0 {
			if ok, err := t.exists(`SELECT 1 FROM sources WHERE id = ?`, s.DuplicateOf); err != nil {
				return err
			} else if !ok {
				return truce.Errorf(truce.EINVALID, "source is a duplicate of source %d, which does not exist", s.DuplicateOf)
			}
		}
		s.CreatedAt = t.now
		res, err := t.exec(`INSERT INTO sources(url, outlet, title, published, dateline, language, text,
			content_hash, simhash, duplicate_of, fetched_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
			strOrNil(s.URL), s.Outlet, s.Title, timeOrNil(s.Published), s.Dateline, s.Language, s.Text,
			s.ContentHash, int64(s.SimHash), idOrNil(s.DuplicateOf), timeOrNil(s.FetchedAt), t.now.UnixNano())
		if err != nil {
			return fmt.Errorf("sqlite: insert source: %w", err)
		}
		if s.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlite: insert source: %w", err)
		}
		created = true
		return t.audit("create", "source", itoa(s.ID), nil, s)
	})
	if err != nil {
		return false, err
	}
	return created, nil
}

// Source returns the source with the given id.
func (db *DB) Source(ctx context.Context, id int64) (*truce.Source, error) {
	s, err := scanSource(db.r.QueryRowContext(ctx, `SELECT `+sourceCols+` FROM sources WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "source %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: source %d: %w", id, err)
	}
	return s, nil
}

// Sources returns the sources matching f, newest published first.
func (db *DB) Sources(ctx context.Context, f truce.SourceFilter) ([]*truce.Source, error) {
	var w where
	if len(f.IDs) > 0 {
		w.in("id", f.IDs)
	}
	if f.URL != "" {
		w.add("url = ?", f.URL)
	}
	if f.ContentHash != "" {
		w.add("content_hash = ?", f.ContentHash)
	}
	if !f.Since.IsZero() {
		w.add("published >= ?", f.Since.UnixNano())
	}
	q := `SELECT ` + sourceCols + ` FROM sources` + w.sql() + ` ORDER BY published DESC, id DESC` + limit(f.Limit, f.Offset)
	rows, err := db.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: sources: %w", err)
	}
	defer rows.Close()
	out, err := storeutil.Collect(rows, func() (*truce.Source, error) { return scanSource(rows) })
	if err != nil {
		return nil, fmt.Errorf("sqlite: sources: %w", err)
	}
	return out, nil
}

// where builds a WHERE clause.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in adds "col IN (...)" for a list of values.
func in[T any](w *where, col string, vs []T) {
	ph := make([]string, len(vs))
	for i, v := range vs {
		ph[i] = "?"
		w.args = append(w.args, v)
	}
	w.conds = append(w.conds, col+" IN ("+strings.Join(ph, ",")+")")
}

func (w *where) in(col string, ids []int64) { in(w, col, ids) }

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func limit(n, off int) string {
	switch {
	case n > 0 && off > 0:
		return fmt.Sprintf(" LIMIT %d OFFSET %d", n, off)
	case n > 0:
		return fmt.Sprintf(" LIMIT %d", n)
	case off > 0:
		return fmt.Sprintf(" LIMIT -1 OFFSET %d", off)
	}
	return ""
}

// exists reports whether the query returns a row.
func (t *tx) exists(q string, args ...any) (bool, error) {
	var one int
	err := t.queryRow(q, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sqlite: %w", err)
	}
	return true, nil
}
