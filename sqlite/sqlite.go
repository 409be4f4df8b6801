// Package sqlite is the embedded store of truce: a truce.Store on one SQLite
// file, through the pure-Go driver modernc.org/sqlite (no cgo).
//
// Storage choices:
//
//   - Dates (truce.Date) are INTEGER day numbers, so that date filters and
//     ordering are integer comparisons on an index; times are INTEGER Unix
//     nanoseconds (UTC), NULL for the zero time.
//   - The database runs in WAL mode with synchronous=NORMAL. In WAL mode
//     NORMAL never corrupts the database and a committed transaction
//     survives the crash of the process (it is in the WAL, in the operating
//     system's cache); only a power failure or an operating-system crash may
//     roll back the last transactions committed before it. That is the
//     trade SQLite recommends for WAL, and it keeps bulk imports fast;
//     Options.Synchronous = "FULL" buys durability against power loss.
//   - One writer connection (transactions begin IMMEDIATE, so concurrent
//     writers queue on busy_timeout instead of failing on upgrade) and a
//     pool of read-only connections that see the last committed state.
//   - Schema migrations are embedded (migrations/*.sql) and applied with
//     pressly/goose at Open.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/truce-monitor/truce"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a truce.Store on a SQLite file.
type DB struct {
	path string
	w    *sql.DB // the one writer connection
	r    *sql.DB // read-only connections
	now  func() time.Time

	wstmts, rstmts *stmtCache    // statements prepared on w and on r
	control        *controlCache // control entries and territory names read before
}

// maxStmts bounds the statements a stmtCache keeps.
const maxStmts = 512

// stmtCache keeps statements prepared on a pool, so that a statement is
// parsed once per connection rather than once per transaction.
type stmtCache struct {
	pool   *sql.DB
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	closed bool
}

// get returns q prepared on the pool, or nil.
func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stmts[q]
}

// remember prepares the statements a transaction used that are not cached
// yet. It runs after the transaction ends, since the pool's connections may
// all be busy until then (the writer has only one); it holds no lock while
// it prepares.
func (c *stmtCache) remember(ctx context.Context, qs []string) {
	for _, q := range qs {
		c.mu.Lock()
		_, ok := c.stmts[q]
		skip := ok || c.closed || len(c.stmts) >= maxStmts
		c.mu.Unlock()
		if skip {
			continue
		}
		s, err := c.pool.PrepareContext(ctx, q)
		if err != nil {
			continue // the statement still runs, prepared per transaction
		}
		c.mu.Lock()
		if _, ok := c.stmts[q]; ok || c.closed {
			s.Close()
		} else {
			if c.stmts == nil {
				c.stmts = map[string]*sql.Stmt{}
			}
			c.stmts[q] = s
		}
		c.mu.Unlock()
	}
}

// close closes the cached statements.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.stmts {
		s.Close()
	}
	c.stmts, c.closed = nil, true
}

// Options tune Open. The zero value is the default.
type Options struct {
	// Synchronous is SQLite's synchronous setting: "NORMAL" (default) or
	// "FULL".
	Synchronous string
	// BusyTimeout is how long a connection waits for a lock (default 10s).
	BusyTimeout time.Duration
	// Readers is the size of the read pool (default: max(4, GOMAXPROCS)).
	Readers int
}

// DefaultPath returns where the record lives when no path is given:
// $XDG_DATA_HOME/truce/truce.db, else ~/.local/share/truce/truce.db, else
// truce.db in the working directory when there is no home directory.
func DefaultPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "truce.db"
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "truce", "truce.db")
}

// Open opens the database at path with the default options, creating it
// and its parent directories when missing, and migrates its schema.
func Open(ctx context.Context, path string) (*DB, error) {
	return OpenWith(ctx, path, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, path string, o Options) (*DB, error) {
	if path == "" {
		return nil, truce.Errorf(truce.EINVALID, "sqlite: empty database path")
	}
	if o.Synchronous == "" {
		o.Synchronous = "NORMAL"
	}
	if o.Synchronous != "NORMAL" && o.Synchronous != "FULL" {
		return nil, truce.Errorf(truce.EINVALID, "sqlite: synchronous %q: want NORMAL or FULL", o.Synchronous)
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 10 * time.Second
	}
	if o.Readers <= 0 {
		o.Readers = max(4, runtime.GOMAXPROCS(0))
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
		}
	}
	pragmas := func(extra ...string) string {
		q := url.Values{}
		q.Add("_pragma", "busy_timeout("+strconv.FormatInt(o.BusyTimeout.Milliseconds(), 10)+")")
		q.Add("_pragma", "foreign_keys(1)")
		q.Add("_pragma", "synchronous("+o.Synchronous+")")
		for i := 0; i+1 < len(extra); i += 2 {
			q.Add(extra[i], extra[i+1])
		}
		return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	}
	// The writer's page cache holds the hot parts of the indexes a bulk
	// import touches (128 MiB at most, allocated as used); with a small
	// cache, large transactions spill pages to the WAL and read them back.
	// Both sides map the file into memory, so that pages outside the
	// cache are read without a system call.
	w, err := sql.Open("sqlite", pragmas("_pragma", "journal_mode(WAL)", "_pragma", "cache_size(-131072)",
		"_pragma", "mmap_size(1073741824)", "_pragma", "temp_store(MEMORY)", "_txlock", "immediate"))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: migrate %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", pragmas("_pragma", "query_only(1)", "_pragma", "cache_size(-16384)",
		"_pragma", "mmap_size(1073741824)", "_pragma", "temp_store(MEMORY)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(o.Readers)
	r.SetMaxIdleConns(o.Readers)
	return &DB{path: path, w: w, r: r, now: time.Now, wstmts: &stmtCache{pool: w}, rstmts: &stmtCache{pool: r},
		control: &controlCache{}}, nil
}

func migrate(ctx context.Context, db *sql.DB) error {
	p, err := goose.NewProvider(goose.DialectSQLite3, db, mustSub(migrations, "migrations"),
		goose.WithDisableGlobalRegistry(true),
		// Migrations are numbered in ranges by area (00001… the record,
		// 00100… users), so a database may hold a later range before an
		// earlier one gains a file: apply the missing ones in order.
		goose.WithAllowOutofOrder(true))
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// Path returns the file the database lives in.
func (db *DB) Path() string { return db.path }

// Close closes the database. It checkpoints the WAL into the main file.
func (db *DB) Close() error {
	db.wstmts.close()
	db.rstmts.close()
	err1 := db.r.Close()
	_, _ = db.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	err2 := db.w.Close()
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("sqlite: close %s: %w", db.path, err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and foreign_key_check and
// returns an error describing the first problem found.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := db.r.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("sqlite: integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("sqlite: integrity check: %s", res)
	}
	rows, err := db.r.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("sqlite: foreign key check: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return fmt.Errorf("sqlite: foreign key check: %w", err)
		}
		return fmt.Errorf("sqlite: foreign key check: %s row %d refers to missing %s", table, rowid.Int64, parent)
	}
	return rows.Err()
}

// write runs fn in a write transaction and commits it when fn succeeds.
func (db *DB) write(ctx context.Context, fn func(tx *tx) error) error {
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return db.space(fmt.Errorf("sqlite: begin: %w", err))
	}
	t := &tx{Tx: sqlTx, ctx: ctx, cache: db.wstmts, now: db.now().UTC(), user: truce.UserFromContext(ctx)}
	if err := fn(t); err != nil {
		_ = sqlTx.Rollback()
		return db.space(err)
	}
	if err := sqlTx.Commit(); err != nil {
		return db.space(fmt.Errorf("sqlite: commit: %w", err))
	}
	if len(t.missing) > 0 {
		db.wstmts.remember(ctx, t.missing)
	}
	return nil
}

// read runs fn in a read transaction, so that its queries see one state.
func (db *DB) read(ctx context.Context, fn func(tx *tx) error) error {
	sqlTx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("sqlite: begin read: %w", err)
	}
	t := &tx{Tx: sqlTx, ctx: ctx, cache: db.rstmts, now: db.now().UTC(), user: truce.UserFromContext(ctx), control: db.control}
	err = fn(t)
	_ = sqlTx.Rollback()
	if len(t.missing) > 0 {
		db.rstmts.remember(ctx, t.missing)
	}
	return err
}

// tx is a transaction with the context, time and user of the call. It
// keeps its statements prepared for the life of the transaction, so that
// bulk writes parse each statement once.
type tx struct {
	*sql.Tx
	ctx   context.Context
	cache *stmtCache // statements prepared on the pool of the transaction
	now   time.Time
	user  string
	stmts map[string]*sql.Stmt
	// missing lists the statements of the transaction not yet in cache;
	// cache.remember prepares them after the transaction.
	missing []string
	actors  map[string]int64 // actor ids by name, see actorID
	// sources caches the URL and outlet of sources cited by evidence.
	sources map[int64][2]string
	// control is the database's cache of control entries and territory
	// names, set in read transactions only: they see committed rows, which
	// a write transaction's may not stay.
	control *controlCache
}

func (t *tx) stmt(q string) (*sql.Stmt, error) {
	if s, ok := t.stmts[q]; ok {
		return s, nil
	}
	var s *sql.Stmt
	if t.cache != nil {
		// Reuse the statement prepared on the pool instead of parsing it
		// again.
		if ps := t.cache.get(q); ps != nil {
			s = t.StmtContext(t.ctx, ps)
		} else {
			t.missing = append(t.missing, q)
		}
	}
	if s == nil {
		var err error
		if s, err = t.PrepareContext(t.ctx, q); err != nil {
			return nil, err
		}
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[q] = s
	return s, nil
}

func (t *tx) exec(q string, args ...any) (sql.Result, error) {
	s, err := t.stmt(q)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(t.ctx, args...)
}

// query runs a query built for the occasion (filters, IN lists): it is not
// kept prepared.
func (t *tx) query(q string, args ...any) (*sql.Rows, error) {
	return t.QueryContext(t.ctx, q, args...)
}

// queryStatic runs a fixed query, kept prepared.
func (t *tx) queryStatic(q string, args ...any) (*sql.Rows, error) {
	s, err := t.stmt(q)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(t.ctx, args...)
}

// queryRow runs a prepared single-row query; a failure to prepare shows
// as the row's error through a direct query.
func (t *tx) queryRow(q string, args ...any) *sql.Row {
	s, err := t.stmt(q)
	if err != nil {
		return t.QueryRowContext(t.ctx, q, args...)
	}
	return s.QueryRowContext(t.ctx, args...)
}

// audit appends an entry to the audit log; before and after are marshalled
// to JSON (nil stays NULL).
func (t *tx) audit(action, entity, id string, before, after any) error {
	b, err := jsonOrNil(before)
	if err != nil {
		return fmt.Errorf("sqlite: audit %s %s: %w", entity, id, err)
	}
	a, err := jsonOrNil(after)
	if err != nil {
		return fmt.Errorf("sqlite: audit %s %s: %w", entity, id, err)
	}
	_, err = t.exec(`INSERT INTO audit(at, user, action, entity, entity_id, before, after) VALUES (?,?,?,?,?,?,?)`,
		t.now.UnixNano(), t.user, action, entity, id, b, a)
	if err != nil {
		return fmt.Errorf("sqlite: audit %s %s: %w", entity, id, err)
	}
	return nil
}

func jsonOrNil(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if string(b) == "null" {
		return nil, nil
	}
	return string(b), nil
}

// timeOrNil stores t as Unix nanoseconds, the zero time as NULL.
func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

// timeOf reads a time stored by timeOrNil.
func timeOf(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}

// idOrNil stores a zero id as NULL.
func idOrNil(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// strOrNil stores an empty string as NULL.
func strOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func mustSub(fsys embed.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	return sub
}
