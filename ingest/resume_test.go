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
