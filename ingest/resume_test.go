package ingest_test

import (
	"context"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ingest"
)

// TestResumeOrphanSources: a run killed after a batch's sources were
// committed but before its events were leaves sources without events.
// Reading the same reports again must store those events instead of
// skipping the reports as duplicates, and a third run must change nothing.
func TestResumeOrphanSources(t *testing.T) {
	ctx := context.Background()
	x := extractor(t)

	// The reference: one uninterrupted run.
	ref := newRecord(t)
	in, err := ingest.New(ref, x, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := in.Ingest(ctx, reports(t, "karabakh")...)
	if err != nil {
		t.Fatal(err)
	}
	_, wantEvents, err := ref.Events(ctx, truce.EventFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if wantEvents == 0 {
		t.Fatal("the reference run stored no events")
	}

	// The interrupted record: the same sources, none of their events.
	s := newRecord(t)
	srcs, err := ref.Sources(ctx, truce.SourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range srcs {
		c := *src
		c.ID, c.DuplicateOf = 0, 0
		if _, err := s.PutSource(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	in, err = ingest.New(s, x, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := in.Ingest(ctx, reports(t, "karabakh")...)
	if err != nil {
		t.Fatal(err)
	}
	if got.Resumed == 0 || got.EventsCreated != want.EventsCreated {
		t.Errorf("resumed run: %+v\nwant events created %d as in %+v, with sources resumed", got, want.EventsCreated, want)
	}
	_, n, err := s.Events(ctx, truce.EventFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if n != wantEvents {
		t.Errorf("resumed record holds %d events, want %d", n, wantEvents)
	}

	// Once resumed, the reports are duplicates.
	in, err = ingest.New(s, x, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	again, err := in.Ingest(ctx, reports(t, "karabakh")...)
	if err != nil {
		t.Fatal(err)
	}
	if again.Resumed != 0 || again.EventsCreated != 0 || again.Duplicates != again.Read {
		t.Errorf("third run: %+v, want every report a duplicate and nothing stored", again)
	}
}

// TestResumePartialSources: a run killed between the transactions of a
// batch can leave a source with only part of its events (the evidence
// merged into stored events committed, the new events not). Reading the
// reports again must store the missing events, and only those.
func TestResumePartialSources(t *testing.T) {
	ctx := context.Background()
	x := extractor(t)

	ref := newRecord(t)
	in, err := ingest.New(ref, x, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Ingest(ctx, reports(t, "karabakh")...); err != nil {
		t.Fatal(err)
	}
	refEvents, wantEvents, err := ref.Events(ctx, truce.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	wantEvidence := 0
	for _, e := range refEvents {
		wantEvidence += len(e.Evidence)
	}

	// The interrupted record: every source, and of each source's events
	// only the first (in the reference's order).
	s := newRecord(t)
	srcs, err := ref.Sources(ctx, truce.SourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	newID := map[int64]int64{}
	for _, src := range srcs {
		c := *src
		c.ID, c.DuplicateOf = 0, 0
		if _, err := s.PutSource(ctx, &c); err != nil {
			t.Fatal(err)
		}
		newID[src.ID] = c.ID
	}
	// Of each source, only the first piece of evidence (in the
	// reference's order of events) is kept; an event left with none is
	// not stored.
	kept, partial := 0, 0
	seen := map[int64]bool{}
	var keep []*truce.Event
	for _, e := range refEvents {
		c := *e
		c.ID, c.Version, c.Review = 0, 0, truce.ReviewCandidate
		c.Evidence = nil
		for _, ev := range e.Evidence {
			if seen[ev.SourceID] {
				partial++
				continue
			}
			seen[ev.SourceID] = true
			ev.ID, ev.EventID, ev.SourceID = 0, 0, newID[ev.SourceID]
			c.Evidence = append(c.Evidence, ev)
			kept++
		}
		if len(c.Evidence) == 0 {
			continue
		}
		if c.Control != nil {
			cc := *c.Control
			cc.TerritoryID = 0
			c.Control = &cc
		}
		keep = append(keep, &c)
	}
	if partial == 0 {
		t.Fatal("no report of the set gives two pieces of evidence: the test needs one")
	}
	if err := s.CreateEvents(ctx, keep); err != nil {
		t.Fatal(err)
	}

	in, err = ingest.New(s, x, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := in.Ingest(ctx, reports(t, "karabakh")...)
	if err != nil {
		t.Fatal(err)
	}
	gotEvents, n, err := s.Events(ctx, truce.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	gotEvidence := 0
	for _, e := range gotEvents {
		gotEvidence += len(e.Evidence)
	}
	if got.Resumed == 0 || n != wantEvents || gotEvidence != wantEvidence {
		t.Errorf("resumed run: %+v; record holds %d events with %d pieces of evidence (%d kept, %d missing), want %d with %d", got, n, gotEvidence, kept, partial, wantEvents, wantEvidence)
	}
	again, err := in.Ingest(ctx, reports(t, "karabakh")...)
	if err != nil {
		t.Fatal(err)
	}
	in, err = ingest.New(s, x, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if again, err = in.Ingest(ctx, reports(t, "karabakh")...); err != nil {
		t.Fatal(err)
	}
	if again.Resumed != 0 || again.EventsCreated != 0 || again.EventsMerged != 0 || again.Duplicates != again.Read {
		t.Errorf("third run: %+v, want every report a duplicate and nothing stored", again)
	}
}
