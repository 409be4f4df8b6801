// Package postgres is the server store of truce: a truce.Store on a
// PostgreSQL database, through jackc/pgx v5, for teams of analysts working
// on one record at the same time.
//
// Storage choices:
//
//   - The schema mirrors the SQLite store's: dates (truce.Date) are integer
//     day numbers; times are bigint Unix nanoseconds (UTC), NULL for the
//     zero time, so that a record moved from SQLite keeps them exactly.
//   - Schema migrations are embedded (migrations/*.sql) and applied with
//     pressly/goose (postgres dialect) at Open, and by `truce migrate`.
//   - Every write runs in one transaction (READ COMMITTED) that also writes
//     its audit entry. Updates of an event lock its row (SELECT … FOR
//     UPDATE) and compare versions, so that two analysts editing the same
//     event cannot silently overwrite each other: the second gets
//     truce.ECONFLICT.
//   - Spatial filters use PostgreSQL's built-in geometric types with GiST
//     indexes: point(lon, lat) for events, the bounding box for territories.
//     PostGIS is not used (see docs/scaling.md).
//   - EventFilter.Text searches a GIN index over to_tsvector('simple', …)
//     of the folded notes and evidence.
//   - Users and API tokens (truce.UserStore) as in the SQLite store: only
//     token hashes are kept; triggers make the audit log append-only and
//     users and tokens undeletable, and keep revoked tokens revoked.
//   - Check verifies a record after a crash (amcheck, foreign keys, audit
//     completeness, event-derived control entries); SeedTerritories seeds
//     a new record once however many programs open it at the same time.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/truce-monitor/truce"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a truce.Store on a PostgreSQL database.
type DB struct {
	dsn  string
	pool *pgxpool.Pool
	now  func() time.Time
}

var _ truce.Store = (*DB)(nil)

// IsURL reports whether s names a PostgreSQL database (a postgres:// or
// postgresql:// URL) rather than a SQLite file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database named by dsn (a postgres:// URL or a
// key=value connection string) and migrates its schema.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "postgres: bad connection string %s: %v", Redact(dsn), err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open %s: %w", Redact(dsn), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: open %s: %w", Redact(dsn), err)
	}
	if err := migratePool(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: migrate %s: %w", Redact(dsn), err)
	}
	return &DB{dsn: dsn, pool: pool, now: time.Now}, nil
}

// Migrate applies the embedded migrations to the database named by dsn
// and returns the schema version reached.
func Migrate(ctx context.Context, dsn string) (int64, error) {
	db, err := Open(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var v int64
	if err := db.pool.QueryRow(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&v); err != nil {
		return 0, fmt.Errorf("postgres: schema version: %w", err)
	}
	return v, nil
}

func migratePool(ctx context.Context, pool *pgxpool.Pool) error {
	sqlDB := stdlib.OpenDBFromPool(pool)
	defer sqlDB.Close()
	return migrate(ctx, sqlDB)
}

func migrate(ctx context.Context, db *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	// Out of order, as in the SQLite store: the users migration is 00100,
	// and later core migrations (00002, …) still apply to a record that
	// already has it.
	// Under a session advisory lock: servers and workers started together
	// on a new database would otherwise create the same tables at once.
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithDisableGlobalRegistry(true),
		goose.WithAllowOutofOrder(true), goose.WithSessionLocker(locker))
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// Redact returns dsn with its password, if any, replaced by "xxxxx", for
// messages.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	return u.Redacted()
}

// Close closes the connection pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// write runs fn in a write transaction and commits it when fn succeeds.
func (db *DB) write(ctx context.Context, fn func(t *tx) error) error {
	ptx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	t := &tx{Tx: ptx, ctx: ctx, now: db.now().UTC(), user: truce.UserFromContext(ctx)}
	if err := fn(t); err != nil {
		_ = ptx.Rollback(ctx)
		return err
	}
	if err := ptx.Commit(ctx); err != nil {
		if isSerialization(err) {
			return truce.Errorf(truce.ECONFLICT, "a concurrent write changed the record first: try again")
		}
		return fmt.Errorf("postgres: commit: %w", err)
	}
	return nil
}

// read runs fn in a read-only REPEATABLE READ transaction, so that its
// queries see one state.
func (db *DB) read(ctx context.Context, fn func(t *tx) error) error {
	ptx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("postgres: begin read: %w", err)
	}
	defer ptx.Rollback(ctx)
	return fn(&tx{Tx: ptx, ctx: ctx, now: db.now().UTC(), user: truce.UserFromContext(ctx)})
}

func isSerialization(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// tx is a transaction with the context, time and user of the call. pgx
// prepares and caches each statement per connection.
type tx struct {
	pgx.Tx
	ctx    context.Context
	now    time.Time
	user   string
	actors map[string]int64 // actor ids by name, see actorID
	// sources caches the URL and outlet of sources cited by evidence.
	sources map[int64][2]string
}

func (t *tx) exec(q string, args ...any) (pgconn.CommandTag, error) {
	return t.Exec(t.ctx, q, args...)
}

func (t *tx) query(q string, args ...any) (pgx.Rows, error) {
	return t.Query(t.ctx, q, args...)
}

func (t *tx) queryRow(q string, args ...any) pgx.Row {
	return t.QueryRow(t.ctx, q, args...)
}

// exists reports whether the query returns a row.
func (t *tx) exists(q string, args ...any) (bool, error) {
	var one int
	err := t.queryRow(q, args...).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("postgres: %w", err)
	}
	return true, nil
}

// audit appends an entry to the audit log; before and after are marshalled
// to JSON (nil stays NULL).
func (t *tx) audit(action, entity, id string, before, after any) error {
	b, err := jsonOrNil(before)
	if err != nil {
		return fmt.Errorf("postgres: audit %s %s: %w", entity, id, err)
	}
	a, err := jsonOrNil(after)
	if err != nil {
		return fmt.Errorf("postgres: audit %s %s: %w", entity, id, err)
	}
	_, err = t.exec(`INSERT INTO audit(at, "user", action, entity, entity_id, before, after) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
		t.now.UnixNano(), t.user, action, entity, id, b, a)
	if err != nil {
		return fmt.Errorf("postgres: audit %s %s: %w", entity, id, err)
	}
	return nil
}

func jsonOrNil(v any) (*string, error) {
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
	s := string(b)
	return &s, nil
}

// timeOrNil stores t as Unix nanoseconds, the zero time as NULL.
func timeOrNil(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	n := t.UnixNano()
	return &n
}

// timeOf reads a time stored by timeOrNil.
func timeOf(n *int64) time.Time {
	if n == nil {
		return time.Time{}
	}
	return time.Unix(0, *n).UTC()
}

// idOrNil stores a zero id as NULL.
func idOrNil(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// strOrNil stores an empty string as NULL.
func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// where builds a WHERE clause with numbered placeholders.
type where struct {
	conds []string
	args  []any
}

// arg adds an argument and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// add adds a condition; each "?" in cond is replaced by the placeholder of
// the next argument.
func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' && i < len(args) {
			b.WriteString(w.arg(args[i]))
			i++
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, b.String())
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func limit(n, off int) string {
	var s string
	if n > 0 {
		s += fmt.Sprintf(" LIMIT %d", n)
	}
	if off > 0 {
		s += fmt.Sprintf(" OFFSET %d", off)
	}
	return s
}

// strs converts a slice of string-like values for a text[] parameter.
func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
