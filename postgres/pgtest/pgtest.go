// Package pgtest gives tests throwaway PostgreSQL databases on the test
// server: TRUCE_TEST_POSTGRES, else the one CI runs (127.0.0.1:5432, trust
// auth). Without a reachable server, tests that ask for a database skip
// with a message that says how to point them at one.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultDSN is the server CI runs the PostgreSQL tests against.
const DefaultDSN = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// DSN returns the server to test against: TRUCE_TEST_POSTGRES, else
// DefaultDSN.
func DSN() string {
	if v := os.Getenv("TRUCE_TEST_POSTGRES"); v != "" {
		return v
	}
	return DefaultDSN
}

var (
	reachOnce sync.Once
	reachErr  error
)

// Reachable reports, once per process, whether the test server answers.
func Reachable() error {
	reachOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, DSN())
		if err != nil {
			reachErr = err
			return
		}
		reachErr = c.Close(ctx)
	})
	return reachErr
}

// SkipUnlessReachable skips tb when the test server does not answer.
func SkipUnlessReachable(tb testing.TB) {
	tb.Helper()
	if err := Reachable(); err != nil {
		tb.Skipf("no PostgreSQL server at %s (set TRUCE_TEST_POSTGRES): %v", redact(DSN()), err)
	}
}

// TempDatabase creates a throwaway database (truce_test_<random>) on the
// test server, dropped when the test ends, and returns its URL. Without a
// reachable server the test is skipped.
func TempDatabase(tb testing.TB) string {
	tb.Helper()
	SkipUnlessReachable(tb)
	dsn, drop, err := CreateDatabase()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := drop(); err != nil {
			tb.Error(err)
		}
	})
	return dsn
}

// CreateDatabase creates a throwaway database on the test server and
// returns its URL and the function that drops it, for callers whose
// databases outlive one test (a script, a benchmark's setup).
func CreateDatabase() (dsn string, drop func() error, err error) {
	ctx := context.Background()
	u, err := url.Parse(DSN())
	if err != nil {
		return "", nil, fmt.Errorf("TRUCE_TEST_POSTGRES must be a postgres:// URL: %w", err)
	}
	admin, err := pgx.Connect(ctx, DSN())
	if err != nil {
		return "", nil, fmt.Errorf("connect %s: %w", redact(DSN()), err)
	}
	defer admin.Close(ctx)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "truce_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	drop = func() error {
		c, err := pgx.Connect(ctx, DSN())
		if err != nil {
			return fmt.Errorf("drop database %s: %w", name, err)
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("drop database %s: %w", name, err)
		}
		return nil
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}

// redact hides the password of a URL for messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
