package storetest

import (
	"math/rand/v2"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/synth"
)

// BulkEvents returns n accepted shelling events spread at random over the
// first 100 cells of cfg's grid (which must hold at least 100 territories)
// and dated within 2,000 days of synth.Default.From; every hundredth is a
// non-violent transfer of its cell between the two sides. It is the batch
// both stores' CreateEvents benchmarks write, drawn from rng.
func BulkEvents(rng *rand.Rand, cfg synth.Config, n int) []*truce.Event {
	es := make([]*truce.Event, n)
	for i := range es {
		box := cfg.CellBox(rng.IntN(100))
		es[i] = &truce.Event{SubType: truce.ShellingArtilleryMissile, Date: synth.Default.From.AddDays(rng.IntN(2000)),
			Location: truce.Location{Name: "x", Country: "AAA", Lat: box.MinLat + 0.01, Lon: box.MinLon + 0.01},
			Actor1:   synth.Actors[rng.IntN(4)], Confidence: 0.5, Review: truce.ReviewAccepted,
			Notes: "shelling reported", Evidence: []truce.Evidence{{Text: "shells fell near the depot overnight", End: 36}}}
		if i%100 == 0 {
			k := rng.IntN(2)
			from := synth.Actors[1-k]
			es[i].SubType = truce.NonViolentTransfer
			es[i].Control = &truce.ControlChange{Territory: synth.TerritoryName(rng.IntN(100)), To: synth.Actors[k], From: &from}
		}
	}
	return es
}
