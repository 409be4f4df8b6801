package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqlite"
	"github.com/truce-monitor/truce/storetest"
)

// openTemp opens a new database in a temporary directory.
func openTemp(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "sub", "truce.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) truce.Store { return openTemp(t) })
}
