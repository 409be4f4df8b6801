package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storeutil"
)

var _ truce.UserStore = (*DB)(nil)

// isUnique reports whether err is a unique-constraint violation.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// CreateUser stores a new user and sets u.ID and u.Created; a user with the
// same name is ECONFLICT.
func (db *DB) CreateUser(ctx context.Context, u *truce.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(t *tx) error {
		if ok, err := t.exists(`SELECT 1 FROM users WHERE name = $1`, u.Name); err != nil {
			return fmt.Errorf("postgres: create user %q: %w", u.Name, err)
		} else if ok {
			return truce.Errorf(truce.ECONFLICT, "user %q exists", u.Name)
		}
		created := time.Unix(0, t.now.UnixNano()).UTC()
		var id int64
		if err := t.queryRow(`INSERT INTO users(name, role, created_at, disabled) VALUES ($1,$2,$3,$4) RETURNING id`,
			u.Name, string(u.Role), created.UnixNano(), u.Disabled).Scan(&id); err != nil {
			return fmt.Errorf("postgres: create user %q: %w", u.Name, err)
		}
		nu := *u
		nu.ID, nu.Created = id, created
		if err := t.audit("create", "user", itoa(id), nil, nu); err != nil {
			return err
		}
		u.ID, u.Created = id, created
		return nil
	})
	if isUnique(err) {
		// Another transaction created the same name between our check and
		// our insert.
		return truce.Errorf(truce.ECONFLICT, "user %q exists", u.Name)
	}
	return err
}

const userCols = `id, name, role, created_at, disabled`

func scanUser(sc pgx.Row) (*truce.User, error) {
	var u truce.User
	var role string
	var created int64
	if err := sc.Scan(&u.ID, &u.Name, &role, &created, &u.Disabled); err != nil {
		return nil, err
	}
	u.Role = truce.Role(role)
	u.Created = timeOf(&created)
	return &u, nil
}

// User returns the user with the given name, or ENOTFOUND.
func (db *DB) User(ctx context.Context, name string) (*truce.User, error) {
	u, err := scanUser(db.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE name = $1`, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "user %q not found", name)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: user %q: %w", name, err)
	}
	return u, nil
}

// Users returns every user, by name.
func (db *DB) Users(ctx context.Context) ([]*truce.User, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+userCols+` FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("postgres: users: %w", err)
	}
	defer rows.Close()
	out, err := storeutil.Collect(rows, func() (*truce.User, error) { return scanUser(rows) })
	if err != nil {
		return nil, fmt.Errorf("postgres: users: %w", err)
	}
	return out, nil
}

// UpdateUser changes the role and the disabled flag of the user u.Name.
func (db *DB) UpdateUser(ctx context.Context, u *truce.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		old, err := scanUser(t.queryRow(`SELECT `+userCols+` FROM users WHERE name = $1 FOR UPDATE`, u.Name))
		if errors.Is(err, pgx.ErrNoRows) {
			return truce.Errorf(truce.ENOTFOUND, "user %q not found", u.Name)
		}
		if err != nil {
			return fmt.Errorf("postgres: update user %q: %w", u.Name, err)
		}
		if _, err := t.exec(`UPDATE users SET role = $1, disabled = $2 WHERE id = $3`,
			string(u.Role), u.Disabled, old.ID); err != nil {
			return fmt.Errorf("postgres: update user %q: %w", u.Name, err)
		}
		nu := *old
		nu.Role, nu.Disabled = u.Role, u.Disabled
		if err := t.audit("update", "user", itoa(old.ID), old, nu); err != nil {
			return err
		}
		u.ID, u.Created = old.ID, old.Created
		return nil
	})
}

// CreateToken stores a token of the user t.User and sets t.ID, t.UserID and
// t.Created. The hash must be 64 hex digits and unique; the role must not
// exceed the user's.
func (db *DB) CreateToken(ctx context.Context, tk *truce.Token) error {
	if err := tk.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(t *tx) error {
		// FOR SHARE: the user's role cannot change under the new token.
		u, err := scanUser(t.queryRow(`SELECT `+userCols+` FROM users WHERE name = $1 FOR SHARE`, tk.User))
		if errors.Is(err, pgx.ErrNoRows) {
			return truce.Errorf(truce.ENOTFOUND, "user %q not found", tk.User)
		}
		if err != nil {
			return fmt.Errorf("postgres: create token: %w", err)
		}
		if err := u.AllowsToken(tk); err != nil {
			return err
		}
		created := time.Unix(0, t.now.UnixNano()).UTC()
		var id int64
		if err := t.queryRow(`INSERT INTO tokens(user_id, name, role, hash, created_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
			u.ID, tk.Name, string(tk.Role), tk.Hash, created.UnixNano(), timeOrNil(tk.Expires)).Scan(&id); err != nil {
			return fmt.Errorf("postgres: create token: %w", err)
		}
		nt := *tk
		nt.ID, nt.UserID, nt.Created = id, u.ID, created
		// Token has no JSON field for the hash, so the audit log never
		// holds one.
		if err := t.audit("create", "token", itoa(id), nil, nt); err != nil {
			return err
		}
		tk.ID, tk.UserID, tk.Created = id, u.ID, created
		return nil
	})
	if isUnique(err) {
		return truce.Errorf(truce.ECONFLICT, "a token with this hash exists")
	}
	return err
}

const tokenCols = `t.id, t.user_id, u.name, t.name, t.role, t.hash, t.created_at, t.expires_at, t.last_use, t.revoked`

func scanToken(sc pgx.Row) (*truce.Token, error) {
	var tk truce.Token
	var role string
	var created int64
	var expires, last *int64
	if err := sc.Scan(&tk.ID, &tk.UserID, &tk.User, &tk.Name, &role, &tk.Hash, &created, &expires, &last, &tk.Revoked); err != nil {
		return nil, err
	}
	tk.Role = truce.Role(role)
	tk.Created = timeOf(&created)
	tk.Expires = timeOf(expires)
	tk.LastUse = timeOf(last)
	return &tk, nil
}

// TokenByHash returns the token with the given hash and its user, or
// ENOTFOUND, whether or not the token is revoked or expired. It is one
// query: every authenticated request makes it.
func (db *DB) TokenByHash(ctx context.Context, hash string) (*truce.Token, *truce.User, error) {
	var tk truce.Token
	var u truce.User
	var role, userRole string
	var created, userCreated int64
	var expires, last *int64
	err := db.pool.QueryRow(ctx, `SELECT `+tokenCols+`, u.role, u.created_at, u.disabled
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1`, hash).Scan(
		&tk.ID, &tk.UserID, &tk.User, &tk.Name, &role, &tk.Hash, &created, &expires, &last, &tk.Revoked,
		&userRole, &userCreated, &u.Disabled)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, truce.Errorf(truce.ENOTFOUND, "token not found")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: token: %w", err)
	}
	tk.Role = truce.Role(role)
	tk.Created, tk.Expires, tk.LastUse = timeOf(&created), timeOf(expires), timeOf(last)
	u.ID, u.Name, u.Role, u.Created = tk.UserID, tk.User, truce.Role(userRole), timeOf(&userCreated)
	return &tk, &u, nil
}

// Tokens returns the tokens of the named user, or every token when user is
// "", by id.
func (db *DB) Tokens(ctx context.Context, user string) ([]*truce.Token, error) {
	q := `SELECT ` + tokenCols + ` FROM tokens t JOIN users u ON u.id = t.user_id`
	var args []any
	if user != "" {
		q += ` WHERE u.name = $1`
		args = append(args, user)
	}
	rows, err := db.pool.Query(ctx, q+` ORDER BY t.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: tokens: %w", err)
	}
	defer rows.Close()
	var out []*truce.Token
	for rows.Next() {
		tk, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: tokens: %w", err)
		}
		out = append(out, tk)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: tokens: %w", err)
	}
	return out, nil
}

// RevokeToken revokes the token with the given id; revoking a revoked
// token is not an error.
func (db *DB) RevokeToken(ctx context.Context, id int64) error {
	return db.write(ctx, func(t *tx) error {
		old, err := scanToken(t.queryRow(`SELECT `+tokenCols+` FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1 FOR UPDATE OF t`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return truce.Errorf(truce.ENOTFOUND, "token %d not found", id)
		}
		if err != nil {
			return fmt.Errorf("postgres: revoke token %d: %w", id, err)
		}
		if old.Revoked {
			return nil
		}
		if _, err := t.exec(`UPDATE tokens SET revoked = true WHERE id = $1`, id); err != nil {
			return fmt.Errorf("postgres: revoke token %d: %w", id, err)
		}
		nt := *old
		nt.Revoked = true
		return t.audit("revoke", "token", itoa(id), old, nt)
	})
}

// TouchToken records the token's last use. It is not audited: it changes
// no right.
func (db *DB) TouchToken(ctx context.Context, id int64, at time.Time) error {
	if _, err := db.pool.Exec(ctx, `UPDATE tokens SET last_use = $1 WHERE id = $2`, at.UnixNano(), id); err != nil {
		return fmt.Errorf("postgres: touch token %d: %w", id, err)
	}
	return nil
}
