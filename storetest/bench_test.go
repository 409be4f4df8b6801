package storetest_test

import (
	"math/rand/v2"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storeutil"
	"github.com/truce-monitor/truce/internal/synth"
	"github.com/truce-monitor/truce/storetest"
)

func TestBulkEvents(t *testing.T) {
	cfg := synth.Config{Territories: 100, TransferEvery: -1}
	for _, n := range []int{0, 1, 250} {
		es := storetest.BulkEvents(rand.New(rand.NewPCG(1, 2)), cfg, n)
		if len(es) != n {
			t.Fatalf("BulkEvents(%d) gave %d events", n, len(es))
		}
		if err := storeutil.CheckEvents(es); err != nil {
			t.Fatalf("BulkEvents(%d): %v", n, err)
		}
		for i, e := range es {
			if transfer := e.SubType == truce.NonViolentTransfer; transfer != (i%100 == 0) || transfer != (e.Control != nil) {
				t.Errorf("event %d: subtype %s, control %v", i, e.SubType, e.Control)
			}
		}
	}
	a := storetest.BulkEvents(rand.New(rand.NewPCG(1, 2)), cfg, 10)
	b := storetest.BulkEvents(rand.New(rand.NewPCG(1, 2)), cfg, 10)
	for i := range a {
		if a[i].Date != b[i].Date || a[i].Location != b[i].Location {
			t.Errorf("event %d differs between two runs from the same seed", i)
		}
	}
}
