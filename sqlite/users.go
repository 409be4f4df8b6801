package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storeutil"
)

var _ truce.UserStore = (*DB)(nil)

// CreateUser stores a new user and sets u.ID and u.Created.
func (db *DB) CreateUser(ctx context.Context, u *truce.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		var n int
		if err := t.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name = ?`, u.Name).Scan(&n); err != nil {
			return fmt.Errorf("sqlite: create user %q: %w", u.Name, err)
		}
		if n > 0 {
			return truce.Errorf(truce.ECONFLICT, "user %q exists", u.Name)
		}
		created := t.now
		res, err := t.ExecContext(ctx, `INSERT INTO users(name, role, created_at, disabled) VALUES (?,?,?,?)`,
			u.Name, string(u.Role), created.UnixNano(), u.Disabled)
		if err != nil {
			return fmt.Errorf("sqlite: create user %q: %w", u.Name, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("sqlite: create user %q: %w", u.Name, err)
		}
		nu := *u
		nu.ID, nu.Created = id, created
		if err := t.audit("create", "user", itoa(id), nil, nu); err != nil {
			return err
		}
		u.ID, u.Created = id, created
		return nil
	})
}

const userCols = `id, name, role, created_at, disabled`

func scanUser(sc interface{ Scan(...any) error }) (*truce.User, error) {
	var u truce.User
	var role string
	var created int64
	if err := sc.Scan(&u.ID, &u.Name, &role, &created, &u.Disabled); err != nil {
		return nil, err
	}
	u.Role = truce.Role(role)
	u.Created = timeOf(sql.NullInt64{Int64: created, Valid: true})
	return &u, nil
}

// User returns the user with the given name, or ENOTFOUND.
func (db *DB) User(ctx context.Context, name string) (*truce.User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "user %q not found", name)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: user %q: %w", name, err)
	}
	return u, nil
}

// Users returns every user, by name.
func (db *DB) Users(ctx context.Context) ([]*truce.User, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: users: %w", err)
	}
	defer rows.Close()
	out, err := storeutil.Collect(rows, func() (*truce.User, error) { return scanUser(rows) })
	if err != nil {
		return nil, fmt.Errorf("sqlite: users: %w", err)
	}
	return out, nil
}

// UpdateUser changes the role and the disabled flag of the user u.Name. A
// lower role lowers the role of the user's tokens with it.
func (db *DB) UpdateUser(ctx context.Context, u *truce.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		old, err := scanUser(t.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE name = ?`, u.Name))
		if errors.Is(err, sql.ErrNoRows) {
			return truce.Errorf(truce.ENOTFOUND, "user %q not found", u.Name)
		}
		if err != nil {
			return fmt.Errorf("sqlite: update user %q: %w", u.Name, err)
		}
		if _, err := t.ExecContext(ctx, `UPDATE users SET role = ?, disabled = ? WHERE id = ?`,
			string(u.Role), u.Disabled, old.ID); err != nil {
			return fmt.Errorf("sqlite: update user %q: %w", u.Name, err)
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
// t.Created.
func (db *DB) CreateToken(ctx context.Context, tk *truce.Token) error {
	if err := tk.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		u, err := scanUser(t.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE name = ?`, tk.User))
		if errors.Is(err, sql.ErrNoRows) {
			return truce.Errorf(truce.ENOTFOUND, "user %q not found", tk.User)
		}
		if err != nil {
			return fmt.Errorf("sqlite: create token: %w", err)
		}
		if err := u.AllowsToken(tk); err != nil {
			return err
		}
		created := t.now
		res, err := t.ExecContext(ctx, `INSERT INTO tokens(user_id, name, role, hash, created_at, expires_at) VALUES (?,?,?,?,?,?)`,
			u.ID, tk.Name, string(tk.Role), tk.Hash, created.UnixNano(), timeOrNil(tk.Expires))
		if err != nil {
			return fmt.Errorf("sqlite: create token: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("sqlite: create token: %w", err)
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
}

const tokenCols = `t.id, t.user_id, u.name, t.name, t.role, t.hash, t.created_at, t.expires_at, t.last_use, t.revoked`

func scanToken(sc interface{ Scan(...any) error }) (*truce.Token, error) {
	var tk truce.Token
	var role string
	var created int64
	var expires, last sql.NullInt64
	if err := sc.Scan(&tk.ID, &tk.UserID, &tk.User, &tk.Name, &role, &tk.Hash, &created, &expires, &last, &tk.Revoked); err != nil {
		return nil, err
	}
	tk.Role = truce.Role(role)
	tk.Created = timeOf(sql.NullInt64{Int64: created, Valid: true})
	tk.Expires = timeOf(expires)
	tk.LastUse = timeOf(last)
	return &tk, nil
}

// TokenByHash returns the token with the given hash and its user, or
// ENOTFOUND.
func (db *DB) TokenByHash(ctx context.Context, hash string) (*truce.Token, *truce.User, error) {
	tk, err := scanToken(db.r.QueryRowContext(ctx, `SELECT `+tokenCols+` FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, truce.Errorf(truce.ENOTFOUND, "token not found")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: token: %w", err)
	}
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, tk.UserID))
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: token: user %d: %w", tk.UserID, err)
	}
	return tk, u, nil
}

// Tokens returns the tokens of the named user, or every token when user is
// "", by id.
func (db *DB) Tokens(ctx context.Context, user string) ([]*truce.Token, error) {
	q := `SELECT ` + tokenCols + ` FROM tokens t JOIN users u ON u.id = t.user_id`
	var args []any
	if user != "" {
		q += ` WHERE u.name = ?`
		args = append(args, user)
	}
	rows, err := db.r.QueryContext(ctx, q+` ORDER BY t.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: tokens: %w", err)
	}
	defer rows.Close()
	out, err := storeutil.Collect(rows, func() (*truce.Token, error) { return scanToken(rows) })
	if err != nil {
		return nil, fmt.Errorf("sqlite: tokens: %w", err)
	}
	return out, nil
}

// RevokeToken revokes the token with the given id; revoking a revoked
// token is not an error.
func (db *DB) RevokeToken(ctx context.Context, id int64) error {
	return db.write(ctx, func(t *tx) error {
		old, err := scanToken(t.QueryRowContext(ctx, `SELECT `+tokenCols+` FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return truce.Errorf(truce.ENOTFOUND, "token %d not found", id)
		}
		if err != nil {
			return fmt.Errorf("sqlite: revoke token %d: %w", id, err)
		}
		if old.Revoked {
			return nil
		}
		if _, err := t.ExecContext(ctx, `UPDATE tokens SET revoked = 1 WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqlite: revoke token %d: %w", id, err)
		}
		nt := *old
		nt.Revoked = true
		return t.audit("revoke", "token", itoa(id), old, nt)
	})
}

// TouchToken records the token's last use. It is not audited: it changes
// no right.
func (db *DB) TouchToken(ctx context.Context, id int64, at time.Time) error {
	if _, err := db.w.ExecContext(ctx, `UPDATE tokens SET last_use = ? WHERE id = ?`, at.UnixNano(), id); err != nil {
		return fmt.Errorf("sqlite: touch token %d: %w", id, err)
	}
	return nil
}
