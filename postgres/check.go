package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
)

// CheckReport is what Check found and how far it could look.
type CheckReport struct {
	// Amcheck says whether the amcheck extension was available: without
	// it, indexes and heaps are not verified, only the consistency
	// queries run.
	Amcheck bool
	// BTreeIndexes and Tables are how many B-tree indexes and tables
	// amcheck verified (bt_index_check with heapallindexed, verify_heapam).
	BTreeIndexes, Tables int
	// OtherIndexes are the GiST and GIN indexes, which amcheck (before
	// PostgreSQL 18) cannot verify.
	OtherIndexes int
	// Queries is how many consistency queries ran.
	Queries int
	// Problems lists each failed check; empty when the record is sound.
	Problems []string
}

// consistency are the record's invariants beyond foreign keys, each a
// query that counts the rows breaking it.
var consistency = []struct{ what, q string }{
	{"evidence without its event", `SELECT count(*) FROM evidence v WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = v.event_id)`},
	{"events without their search text", `SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_text x WHERE x.event_id = e.id)`},
	{"sources without a create audit entry",
		`SELECT count(*) FROM sources s WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'source' AND a.entity_id = s.id::text AND a.action = 'create')`},
	{"events without a create or import audit entry",
		`SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'event' AND a.entity_id = e.id::text AND a.action = 'create')
		   AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'event' AND a.action = 'import'
		                   AND e.id BETWEEN CASE WHEN a.entity_id ~ '^[0-9]+-[0-9]+$' THEN split_part(a.entity_id, '-', 1)::bigint END
		                                AND CASE WHEN a.entity_id ~ '^[0-9]+-[0-9]+$' THEN split_part(a.entity_id, '-', 2)::bigint END)`},
	{"events whose version exceeds their audited changes",
		`SELECT count(*) FROM events e WHERE e.version > 1 + (SELECT count(*) FROM audit a WHERE a.entity = 'event' AND a.entity_id = e.id::text AND a.action IN ('update', 'review'))`},
	{"control entries without a create audit entry",
		`SELECT count(*) FROM control_entries c WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'control' AND a.entity_id = c.id::text AND a.action = 'create')`},
	{"users without a create audit entry",
		`SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'user' AND a.entity_id = u.id::text AND a.action = 'create')`},
	{"tokens without a create audit entry",
		`SELECT count(*) FROM tokens t WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'token' AND a.entity_id = t.id::text AND a.action = 'create')`},
	{"audit entries with invalid JSON",
		`SELECT count(*) FROM audit WHERE (before IS NOT NULL AND NOT pg_input_is_valid_json(before)) OR (after IS NOT NULL AND NOT pg_input_is_valid_json(after))`},
	// The control entries written by accepting events (from_event) are
	// derived data: exactly one per accepted, not merely planned, event
	// that transfers a known territory, matching it; none for any other.
	{"accepted transfers without their control entry",
		`SELECT count(*) FROM events e WHERE e.review = 'accepted' AND e.status <> 'planned' AND e.ctl_territory_id IS NOT NULL
		   AND (SELECT count(*) FROM control_entries c WHERE c.event_id = e.id AND c.from_event) <> 1`},
	{"control entries of events that are not accepted transfers",
		`SELECT count(*) FROM control_entries c JOIN events e ON e.id = c.event_id WHERE c.from_event
		   AND NOT (e.review = 'accepted' AND e.status <> 'planned' AND e.ctl_territory_id IS NOT NULL)`},
	{"control entries that disagree with their event",
		`SELECT count(*) FROM control_entries c JOIN events e ON e.id = c.event_id WHERE c.from_event
		   AND (c.territory_id <> e.ctl_territory_id OR c.at <> e.date OR c.controller_id <> e.ctl_to_id
		        OR c.from_id IS DISTINCT FROM e.ctl_from_id
		        OR c.status <> CASE WHEN e.status = 'disputed' THEN 'claimed' ELSE 'assessed' END)`},
	{"event-derived control entries without an event", `SELECT count(*) FROM control_entries WHERE from_event AND event_id IS NULL`},
}

// validJSON defines pg_input_is_valid_json for the check (PostgreSQL 16
// has pg_input_is_valid; 15 does not) in the session's temporary schema.
const validJSON = `CREATE OR REPLACE FUNCTION pg_temp.pg_input_is_valid_json(s text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM s::json;
    RETURN true;
EXCEPTION WHEN others THEN
    RETURN false;
END;
$$`

// Check verifies the record at dsn after a crash, the PostgreSQL
// counterpart of SQLite's PRAGMA integrity_check: with the amcheck
// extension (created when missing and allowed), every B-tree index of the
// schema is checked against its table (bt_index_check, heapallindexed)
// and every table's heap (verify_heapam); then every foreign key is
// checked row by row, and the record's own invariants: no evidence
// without its event, every source, event, control entry, user and token
// audited, event versions covered by audited changes, and the control
// entries derived from accepted events exactly matching them. It opens
// its own connection and changes nothing in the record but the amcheck
// extension it may create (the JSON check function lives in the session's
// temporary schema). The error is for failures to check; what the check
// finds is in the report (see Err).
func Check(ctx context.Context, dsn string) (*CheckReport, error) {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: check %s: %w", Redact(dsn), err)
	}
	defer c.Close(context.Background())
	r := &CheckReport{}
	bad := func(format string, args ...any) { r.Problems = append(r.Problems, fmt.Sprintf(format, args...)) }

	if _, err := c.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS amcheck`); err == nil {
		r.Amcheck = true
	}
	if r.Amcheck {
		if err := checkIndexes(ctx, c, r, bad); err != nil {
			return nil, err
		}
		if err := checkHeaps(ctx, c, r, bad); err != nil {
			return nil, err
		}
	}
	if err := checkForeignKeys(ctx, c, r, bad); err != nil {
		return nil, err
	}
	if _, err := c.Exec(ctx, validJSON); err != nil {
		return nil, fmt.Errorf("postgres: check: %w", err)
	}
	for _, q := range consistency {
		var n int64
		if err := c.QueryRow(ctx, strings.ReplaceAll(q.q, "pg_input_is_valid_json", "pg_temp.pg_input_is_valid_json")).Scan(&n); err != nil {
			return nil, fmt.Errorf("postgres: check %s: %w", q.what, err)
		}
		r.Queries++
		if n > 0 {
			bad("%d %s", n, q.what)
		}
	}
	return r, nil
}

// checkIndexes runs bt_index_check on every B-tree index of the public
// schema and counts the others.
func checkIndexes(ctx context.Context, c *pgx.Conn, r *CheckReport, bad func(string, ...any)) error {
	rows, err := c.Query(ctx, `SELECT i.oid::regclass::text, am.amname FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam
		JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = 'public' ORDER BY 1`)
	if err != nil {
		return fmt.Errorf("postgres: check: list indexes: %w", err)
	}
	type index struct{ Name, AM string }
	idx, err := pgx.CollectRows(rows, pgx.RowToStructByPos[index])
	if err != nil {
		return fmt.Errorf("postgres: check: list indexes: %w", err)
	}
	for _, x := range idx {
		if x.AM != "btree" {
			r.OtherIndexes++
			continue
		}
		if _, err := c.Exec(ctx, `SELECT bt_index_check($1::regclass, true)`, x.Name); err != nil {
			bad("index %s: %v", x.Name, err)
		}
		r.BTreeIndexes++
	}
	return nil
}

// checkHeaps runs verify_heapam on every table of the public schema.
func checkHeaps(ctx context.Context, c *pgx.Conn, r *CheckReport, bad func(string, ...any)) error {
	rows, err := c.Query(ctx, `SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`)
	if err != nil {
		return fmt.Errorf("postgres: check: list tables: %w", err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("postgres: check: list tables: %w", err)
	}
	for _, tb := range tables {
		var n int64
		var first *string
		if err := c.QueryRow(ctx, `SELECT count(*), min(msg) FROM verify_heapam($1::regclass)`, tb).Scan(&n, &first); err != nil {
			bad("table %s: %v", tb, err)
			continue
		}
		if n > 0 {
			bad("table %s: %d corrupt tuples, first: %s", tb, n, *first)
		}
		r.Tables++
	}
	return nil
}

// checkForeignKeys counts, for every foreign key of the public schema, the
// rows that refer to a missing row.
func checkForeignKeys(ctx context.Context, c *pgx.Conn, r *CheckReport, bad func(string, ...any)) error {
	rows, err := c.Query(ctx, `SELECT con.conname, con.conrelid::regclass::text, con.confrelid::regclass::text,
		    array(SELECT quote_ident(a.attname) FROM unnest(con.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o),
		    array(SELECT quote_ident(a.attname) FROM unnest(con.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o)
		FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
		WHERE con.contype = 'f' AND n.nspname = 'public' ORDER BY 1`)
	if err != nil {
		return fmt.Errorf("postgres: check: list foreign keys: %w", err)
	}
	type fk struct {
		Name, Child, Parent string
		Cols, Refs          []string
	}
	fks, err := pgx.CollectRows(rows, pgx.RowToStructByPos[fk])
	if err != nil {
		return fmt.Errorf("postgres: check: list foreign keys: %w", err)
	}
	for _, k := range fks {
		var notNull, match []string
		for i := range k.Cols {
			notNull = append(notNull, "c."+k.Cols[i]+" IS NOT NULL")
			match = append(match, "p."+k.Refs[i]+" = c."+k.Cols[i])
		}
		q := fmt.Sprintf(`SELECT count(*) FROM %s c WHERE %s AND NOT EXISTS (SELECT 1 FROM %s p WHERE %s)`,
			k.Child, strings.Join(notNull, " AND "), k.Parent, strings.Join(match, " AND "))
		var n int64
		if err := c.QueryRow(ctx, q).Scan(&n); err != nil {
			return fmt.Errorf("postgres: check foreign key %s: %w", k.Name, err)
		}
		r.Queries++
		if n > 0 {
			bad("%d rows of %s refer to missing rows of %s (%s)", n, k.Child, k.Parent, k.Name)
		}
	}
	return nil
}

// Err returns nil when the report found nothing, else an EINVALID error
// listing the problems.
func (r *CheckReport) Err() error {
	if len(r.Problems) == 0 {
		return nil
	}
	return truce.Errorf(truce.EINVALID, "postgres: record check: %s", strings.Join(r.Problems, "; "))
}
