package postgres_test

import (
	"context"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/postgres"
	"github.com/truce-monitor/truce/postgres/pgtest"
	"github.com/truce-monitor/truce/storetest"
)

// openTemp opens a store on a new throwaway database; the caller closes it.
func openTemp(t testing.TB) *postgres.DB {
	t.Helper()
	dsn := pgtest.TempDatabase(t)
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) truce.Store { return openTemp(t) })
}
