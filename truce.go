// Package truce holds the domain of the truce ceasefire and
// territorial-control monitor: sources (news reports), actors, places and
// territories, events with their evidence, control of territory over time,
// and agreements with obligations whose status is computed from evidence.
//
// The root package has no dependencies beyond the standard library. Storage
// lives in sqlite/ and postgres/, extraction in extract/, the control
// timeline and obligation status in timeline/, the HTTP API in http/.
// Data flows one way: source → article → candidates → reviewed events →
// timeline → views.
package truce

import (
	"context"
	"errors"
	"fmt"
)

// Error codes shared by every implementation, so that the CLI and the HTTP
// API can map failures to exit statuses and status codes.
const (
	ECONFLICT  = "conflict"  // a concurrent write changed the record first
	EINTERNAL  = "internal"  // a bug or an unexpected failure
	EINVALID   = "invalid"   // the input is not acceptable
	ENOTFOUND  = "not_found" // the thing asked for does not exist
	EFORBIDDEN = "forbidden" // the user may not do this
)

// Error is a domain error with a machine-readable code and a message meant
// for the user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("truce: %s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the user-facing message of err: the message of the
// first *Error in its chain, or a generic text for internal errors.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "internal error"
	}
}

type ctxKey int

const userKey ctxKey = 0

// SystemUser is the name recorded in the audit log for writes made by truce
// itself (the demo builder, automatic acceptance) when no user is named.
const SystemUser = "system"

// WithUser returns a context that names the user making the writes done
// with it; every audit entry records that name.
func WithUser(ctx context.Context, user string) context.Context {
	return context.WithValue(ctx, userKey, user)
}

// UserFromContext returns the user named by WithUser, or SystemUser.
func UserFromContext(ctx context.Context) string {
	if u, ok := ctx.Value(userKey).(string); ok && u != "" {
		return u
	}
	return SystemUser
}
