package truce

import (
	"context"
	"time"
)

// Role is what a user may do. Roles are ordered: each includes the rights
// of the roles before it.
type Role string

// The roles, from least to most privileged.
const (
	// RoleViewer reads the record.
	RoleViewer Role = "viewer"
	// RoleAnalyst also reviews and edits events and ingests reports.
	RoleAnalyst Role = "analyst"
	// RoleAdmin also manages agreements, territories, users, tokens and
	// imports.
	RoleAdmin Role = "admin"
)

// Roles lists the roles, least privileged first.
var Roles = []Role{RoleViewer, RoleAnalyst, RoleAdmin}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return r.rank() >= 0 }

// Allows reports whether a user with role r may do what needs role need.
// An invalid role allows nothing.
func (r Role) Allows(need Role) bool {
	return r.rank() >= 0 && need.rank() >= 0 && r.rank() >= need.rank()
}

func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i
		}
	}
	return -1
}

// User is a person (or a program) allowed to use a served record.
type User struct {
	ID       int64     `json:"id"`
	Name     string    `json:"name"` // unique; the name the audit log records
	Role     Role      `json:"role"`
	Created  time.Time `json:"created"`
	Disabled bool      `json:"disabled,omitempty"` // a disabled user's tokens are refused
}

// Token is an API token of a user. The secret is shown once, when the token
// is created; the store keeps only its hash.
type Token struct {
	ID      int64     `json:"id"`
	UserID  int64     `json:"user_id"`
	User    string    `json:"user"` // the user's name, filled on reads
	Name    string    `json:"name"` // a label: "laptop", "ingest cron"
	Role    Role      `json:"role"` // at most the user's role
	Hash    string    `json:"-"`    // hex SHA-256 of the secret
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires,omitzero"` // zero: never
	LastUse time.Time `json:"last_use,omitzero"`
	Revoked bool      `json:"revoked,omitempty"`
}

// UserStore keeps users and their tokens. Writes are audited like every
// other write (entity "user" or "token"); token hashes never appear in the
// audit log.
type UserStore interface {
	// CreateUser stores a new user and sets u.ID and u.Created; a user with
	// the same name is ECONFLICT.
	CreateUser(ctx context.Context, u *User) error
	// User returns the user with the given name.
	User(ctx context.Context, name string) (*User, error)
	// Users returns every user, by name.
	Users(ctx context.Context) ([]*User, error)
	// UpdateUser changes the role and the disabled flag of the user named
	// u.Name.
	UpdateUser(ctx context.Context, u *User) error
	// CreateToken stores a token of the user t.User (by name) and sets
	// t.ID, t.UserID and t.Created. t.Hash must be set; t.Role must not
	// exceed the user's role.
	CreateToken(ctx context.Context, t *Token) error
	// TokenByHash returns the token with the given hash, with its user's
	// name, whether or not it is revoked or expired (the caller decides).
	TokenByHash(ctx context.Context, hash string) (*Token, *User, error)
	// Tokens returns the tokens of the named user, or every token when
	// user is "".
	Tokens(ctx context.Context, user string) ([]*Token, error)
	// RevokeToken revokes the token with the given id.
	RevokeToken(ctx context.Context, id int64) error
	// TouchToken records that the token was used at the given time.
	TouchToken(ctx context.Context, id int64, at time.Time) error
}
