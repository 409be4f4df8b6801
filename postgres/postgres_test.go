package postgres_test

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
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/postgres"
	"github.com/truce-monitor/truce/storetest"
)

// defaultTestDSN is the server CI runs the suite against.
const defaultTestDSN = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// adminDSN returns the DSN of the server to test against: TRUCE_TEST_POSTGRES
// or the default.
func adminDSN() string {
	if v := os.Getenv("TRUCE_TEST_POSTGRES"); v != "" {
		return v
	}
	return defaultTestDSN
}

var (
	adminOnce sync.Once
	adminErr  error
)

// reachable reports, once per run, whether the test server answers.
func reachable() error {
	adminOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, adminDSN())
		if err != nil {
			adminErr = err
			return
		}
		adminErr = c.Close(ctx)
	})
	return adminErr
}

// tempDatabase creates a throwaway database (truce_test_<random>) on the
// test server, dropped when the test ends, and returns its DSN. Without a
// reachable server the test is skipped.
func tempDatabase(t testing.TB) string {
	t.Helper()
	if err := reachable(); err != nil {
		t.Skipf("no PostgreSQL server at %s (set TRUCE_TEST_POSTGRES): %v", postgres.Redact(adminDSN()), err)
	}
	dsn, drop, err := createDatabase()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Error(err)
		}
	})
	return dsn
}

// createDatabase creates a throwaway database on the test server and
// returns its DSN and the function that drops it.
func createDatabase() (dsn string, drop func() error, err error) {
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, adminDSN())
	if err != nil {
		return "", nil, fmt.Errorf("connect %s: %w", postgres.Redact(adminDSN()), err)
	}
	defer admin.Close(ctx)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "truce_test_" + hex.EncodeToString(b[:])
	u, err := url.Parse(adminDSN())
	if err != nil {
		return "", nil, fmt.Errorf("TRUCE_TEST_POSTGRES must be a postgres:// URL: %w", err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	drop = func() error {
		c, err := pgx.Connect(ctx, adminDSN())
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

// openTemp opens a store on a new throwaway database; the caller closes it.
func openTemp(t testing.TB) *postgres.DB {
	t.Helper()
	dsn := tempDatabase(t)
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) truce.Store { return openTemp(t) })
}
