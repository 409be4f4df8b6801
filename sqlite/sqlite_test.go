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

func openFile(t *testing.T, path string) (*sqlite.DB, error) {
	db, err := sqlite.Open(context.Background(), path)
	if err == nil {
		t.Cleanup(func() { db.Close() })
	}
	return db, err
}

func TestDefaultPath(t *testing.T) {
	tests := []struct{ xdg, home, want string }{
		{"/data", "/home/ana", "/data/truce/truce.db"},
		{"", "/home/ana", "/home/ana/.local/share/truce/truce.db"},
	}
	for _, tt := range tests {
		t.Setenv("XDG_DATA_HOME", tt.xdg)
		t.Setenv("HOME", tt.home)
		if got := sqlite.DefaultPath(); got != tt.want {
			t.Errorf("DefaultPath with XDG_DATA_HOME=%q HOME=%q: %s, want %s", tt.xdg, tt.home, got, tt.want)
		}
	}
}

func TestReopenKeepsRecord(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a", "b", "truce.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	a := &truce.Actor{Name: "Azerbaijan", Aliases: []string{"Azərbaycan"}}
	if err := db.PutActor(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = sqlite.Open(ctx, path) // migrations run again: a no-op
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, err := db.FindActor(ctx, "azerbaycan"); err != nil || got.ID != a.ID {
		t.Errorf("after reopen: %v, %v", got, err)
	}
}
