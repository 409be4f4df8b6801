// Package synth builds deterministic synthetic records for benchmarks: a
// grid of square territories, each with a few changes of control over the
// years, and events spread over them, some of them accepted transfers of
// territory. The same Config always gives the same record.
package synth

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"github.com/truce-monitor/truce"
)

// Config describes a synthetic record. Territories and Events are taken
// as given; other zero fields take the values of Default.
type Config struct {
	Territories int        // squares on the grid (at least 1)
	Events      int        // events spread over them
	Seed        uint64     // random seed
	From, To    truce.Date // events and control changes fall in [From, To]
	Origin      [2]float64 // [lon, lat] of the grid's south-west corner
	Cell        float64    // side of a square, in degrees
	Batch       int        // events per CreateEvents call
	// TransferEvery makes one event in TransferEvery an accepted transfer
	// of its territory (0: default 100; negative: none).
	TransferEvery int
}

// Default is the record the sqlite benchmarks use: 10,000 territories and
// 1,000,000 events over 2016–2023.
var Default = Config{
	Territories: 10_000, Events: 1_000_000, Seed: 1,
	From: truce.MustDate("2016-01-01"), To: truce.MustDate("2023-12-31"),
	Origin: [2]float64{40, 35}, Cell: 0.05, Batch: 20_000, TransferEvery: 100,
}

// withDefaults fills zero fields but Territories and Events from Default.
func (c Config) withDefaults() Config {
	d := Default
	if c.Seed == 0 {
		c.Seed = d.Seed
	}
	if c.From == 0 {
		c.From = d.From
	}
	if c.To == 0 {
		c.To = d.To
	}
	if c.Origin == [2]float64{} {
		c.Origin = d.Origin
	}
	if c.Cell == 0 {
		c.Cell = d.Cell
	}
	if c.Batch == 0 {
		c.Batch = d.Batch
	}
	if c.TransferEvery == 0 {
		c.TransferEvery = d.TransferEvery
	}
	return c
}

// Columns returns the width of the grid: the territories fill a square
// grid row by row.
func (c Config) Columns() int {
	c = c.withDefaults()
	n := 1
	for n*n < c.Territories {
		n++
	}
	return n
}

// CellBox returns the bounding box of territory i (0-based).
func (c Config) CellBox(i int) truce.BBox {
	c = c.withDefaults()
	cols := c.Columns()
	lon := c.Origin[0] + float64(i%cols)*c.Cell
	lat := c.Origin[1] + float64(i/cols)*c.Cell
	return truce.BBox{MinLon: lon, MinLat: lat, MaxLon: lon + c.Cell, MaxLat: lat + c.Cell}
}

// Bounds returns the box around the whole grid.
func (c Config) Bounds() truce.BBox {
	c = c.withDefaults()
	cols := c.Columns()
	rows := (c.Territories + cols - 1) / cols
	return truce.BBox{MinLon: c.Origin[0], MinLat: c.Origin[1],
		MaxLon: c.Origin[0] + float64(cols)*c.Cell, MaxLat: c.Origin[1] + float64(rows)*c.Cell}
}

// TerritoryName returns the name of territory i.
func TerritoryName(i int) string { return fmt.Sprintf("Synthetic district %05d", i) }

// Actors are the parties of the synthetic record; control passes between
// the first two.
var Actors = []truce.Actor{
	{Name: "Synthetic State Forces", Country: "AAA", Kind: truce.KindStateForces},
	{Name: "Synthetic Rebel Front", Country: "AAA", Kind: truce.KindRebelGroup},
	{Name: "Synthetic Militia", Country: "AAA", Kind: truce.KindPoliticalMilitia},
	{Name: "Synthetic Peacekeepers", Country: "BBB", Kind: truce.KindExternalForces},
	{Name: "Civilians (Synthetic)", Country: "AAA", Kind: truce.KindCivilians},
	{Name: "Protesters (Synthetic)", Country: "AAA", Kind: truce.KindProtesters},
}

var subTypes = []truce.SubEventType{
	truce.ArmedClash, truce.ShellingArtilleryMissile, truce.AirDroneStrike, truce.Attack,
	truce.PeacefulProtest, truce.RemoteExplosive, truce.ArmedClash, truce.ShellingArtilleryMissile,
	truce.HeadquartersEstablished, truce.LootingPropertyDestruction,
}

var phrases = []string{
	"shelling was reported on the outskirts", "clashes continued through the night",
	"residents said drones struck a depot", "a convoy came under fire near the checkpoint",
	"protesters gathered outside the district office", "a landmine hit a farm vehicle",
	"troops set up a new post on the ridge", "shops were looted after the fighting",
}

// Stats reports what Build wrote.
type Stats struct {
	Territories    int
	ControlEntries int // manual entries
	Events         int
	Transfers      int // accepted events that transfer territory
}

// Build writes the record described by cfg into store: territories with
// two or three manual control entries each, then the events in batches
// through CreateEvents.
func Build(ctx context.Context, store truce.Store, cfg Config) error {
	_, err := BuildStats(ctx, store, cfg)
	return err
}

// BuildStats is Build, reporting what it wrote.
func BuildStats(ctx context.Context, store truce.Store, cfg Config) (Stats, error) {
	cfg = cfg.withDefaults()
	var st Stats
	if cfg.Territories <= 0 || cfg.Events < 0 || cfg.To < cfg.From || cfg.Batch <= 0 {
		return st, truce.Errorf(truce.EINVALID, "synth: bad config %+v", cfg)
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	span := int(cfg.To-cfg.From) + 1
	ids := make([]int64, cfg.Territories)
	for i := range cfg.Territories {
		b := cfg.CellBox(i)
		geom := json.RawMessage(fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
			b.MinLon, b.MinLat, b.MaxLon, b.MinLat, b.MaxLon, b.MaxLat, b.MinLon, b.MaxLat, b.MinLon, b.MinLat))
		t := &truce.Territory{Name: TerritoryName(i), Kind: truce.TerritoryAdmin2, Country: "AAA",
			Code: fmt.Sprintf("AA.%05d", i), Geometry: geom}
		if err := store.PutTerritory(ctx, t); err != nil {
			return st, fmt.Errorf("synth: territory %d: %w", i, err)
		}
		ids[i] = t.ID
		st.Territories++
		// A baseline before the period, then one or two changes inside it.
		holder := rng.IntN(2)
		at := cfg.From.AddDays(-365)
		n := 2 + rng.IntN(2)
		for k := range n {
			c := &truce.ControlEntry{TerritoryID: t.ID, At: at, Controller: Actors[holder], Status: truce.Assessed,
				Note: fmt.Sprintf("synthetic entry %d", k)}
			if k > 0 {
				prev := Actors[1-holder]
				c.From = &prev
			}
			if err := store.AddControlEntry(ctx, c); err != nil {
				return st, fmt.Errorf("synth: control entry of territory %d: %w", i, err)
			}
			st.ControlEntries++
			holder = 1 - holder
			at = cfg.From.AddDays((k*span)/n + rng.IntN(max(1, span/n)))
		}
	}
	batch := make([]*truce.Event, 0, cfg.Batch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := store.CreateEvents(ctx, batch); err != nil {
			return fmt.Errorf("synth: events %d–%d: %w", st.Events, st.Events+len(batch)-1, err)
		}
		st.Events += len(batch)
		batch = batch[:0]
		return nil
	}
	for n := range cfg.Events {
		i := rng.IntN(cfg.Territories)
		b := cfg.CellBox(i)
		sub := subTypes[rng.IntN(len(subTypes))]
		a1 := Actors[rng.IntN(len(Actors))]
		e := &truce.Event{
			SubType: sub,
			Date:    cfg.From.AddDays(rng.IntN(span)),
			Location: truce.Location{
				Name: TerritoryName(i), Country: "AAA", Admin2: TerritoryName(i), Precision: truce.GeoNear,
				Lat: b.MinLat + rng.Float64()*(b.MaxLat-b.MinLat), Lon: b.MinLon + rng.Float64()*(b.MaxLon-b.MinLon),
			},
			Actor1:     a1,
			Status:     truce.StatusOccurred,
			Review:     []truce.ReviewState{truce.ReviewCandidate, truce.ReviewAccepted, truce.ReviewAccepted, truce.ReviewRejected}[rng.IntN(4)],
			Confidence: float64(rng.IntN(101)) / 100,
			Evidence:   []truce.Evidence{{Text: phrases[rng.IntN(len(phrases))], End: 40}},
		}
		if rng.IntN(3) == 0 {
			a2 := Actors[rng.IntN(len(Actors))]
			e.Actor2 = &a2
		}
		if sub == truce.ArmedClash || sub == truce.Attack {
			e.Fatalities = &truce.Range{Low: rng.IntN(5), High: 5 + rng.IntN(5)}
		}
		if cfg.TransferEvery > 0 && n%cfg.TransferEvery == 0 {
			k := rng.IntN(2)
			to, from := Actors[k], Actors[1-k]
			e.SubType, e.Review = truce.NonViolentTransfer, truce.ReviewAccepted
			e.Control = &truce.ControlChange{TerritoryID: ids[i], Territory: TerritoryName(i), To: to, From: &from}
			st.Transfers++
		}
		batch = append(batch, e)
		if len(batch) == cfg.Batch {
			if err := flush(); err != nil {
				return st, err
			}
		}
	}
	return st, flush()
}
