package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storeutil"
)

const sourceCols = `id, COALESCE(url,''), outlet, title, published, dateline, language, text,
	content_hash, simhash, COALESCE(duplicate_of,0), fetched_at, created_at`

func scanSource(sc pgx.Row) (*truce.Source, error) {
	var s truce.Source
	var pub, fetched, created *int64
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
		find := func() (bool, error) {
			var id int64
			err := t.queryRow(`SELECT id FROM sources WHERE (url = $1 AND url IS NOT NULL) OR content_hash = $2 ORDER BY id LIMIT 1`,
				strOrNil(s.URL), s.ContentHash).Scan(&id)
			switch {
			case err == nil:
				s.ID = id
				return true, nil
			case errors.Is(err, pgx.ErrNoRows):
				return false, nil
			}
			return false, fmt.Errorf("postgres: find source: %w", err)
		}
		if found, err := find(); err != nil || found {
			return err
		}
		if s.DuplicateOf != 0 {
			if ok, err := t.exists(`SELECT 1 FROM sources WHERE id = $1`, s.DuplicateOf); err != nil {
				return err
			} else if !ok {
				return truce.Errorf(truce.EINVALID, "source is a duplicate of source %d, which does not exist", s.DuplicateOf)
			}
		}
		// ON CONFLICT DO NOTHING: a concurrent writer that stored the
		// same source first wins, and this call returns its id.
		err := t.queryRow(`INSERT INTO sources(url, outlet, title, published, dateline, language, text,
			content_hash, simhash, duplicate_of, fetched_at, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
			ON CONFLICT DO NOTHING RETURNING id`,
			strOrNil(s.URL), s.Outlet, s.Title, timeOrNil(s.Published), s.Dateline, s.Language, s.Text,
			s.ContentHash, int64(s.SimHash), idOrNil(s.DuplicateOf), timeOrNil(s.FetchedAt), t.now.UnixNano()).Scan(&s.ID)
		if errors.Is(err, pgx.ErrNoRows) {
			if found, err := find(); err != nil || found {
				return err
			}
			return fmt.Errorf("postgres: insert source: conflict without a matching source")
		}
		if err != nil {
			return fmt.Errorf("postgres: insert source: %w", err)
		}
		s.CreatedAt = t.now
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
	s, err := scanSource(db.pool.QueryRow(ctx, `SELECT `+sourceCols+` FROM sources WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "source %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: source %d: %w", id, err)
	}
	return s, nil
}

// Sources returns the sources matching f, newest published first.
func (db *DB) Sources(ctx context.Context, f truce.SourceFilter) ([]*truce.Source, error) {
	var w where
	if len(f.IDs) > 0 {
		w.add("id = ANY(?)", f.IDs)
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
	if f.Limit < 0 || f.Offset < 0 {
		return nil, truce.Errorf(truce.EINVALID, "negative limit or offset")
	}
	// NULLS LAST: SQLite sorts NULL lowest, so "newest first" ends with
	// the undated sources there too.
	q := `SELECT ` + sourceCols + ` FROM sources` + w.sql() + ` ORDER BY published DESC NULLS LAST, id DESC` + limit(f.Limit, f.Offset)
	rows, err := db.pool.Query(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: sources: %w", err)
	}
	defer rows.Close()
	out, err := storeutil.Collect(rows, func() (*truce.Source, error) { return scanSource(rows) })
	if err != nil {
		return nil, fmt.Errorf("postgres: sources: %w", err)
	}
	return out, nil
}
