package ingest

import (
	"context"
	"errors"
	"fmt"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ingest/merge"
)

// pending is what a batch writes at its end: new events, and the
// amendments waiting for their events' ids.
type pending struct {
	events []*truce.Event
	amends map[*truce.Event]*truce.Amendment
	// evidence for events stored before, when the store adds evidence in
	// bulk (EvidenceAdder)
	evidence []*truce.Evidence
}

// EvidenceAdder is a store that adds many pieces of evidence in one
// transaction: each Evidence.EventID names its event, ids are set, and
// the result is as if AddEvidence had been called for each in order. When
// the store has it, the ingester adds the evidence merged into stored
// events once per batch instead of one transaction per piece.
type EvidenceAdder interface {
	AddEvidences(ctx context.Context, evs []*truce.Evidence) error
}

// place merges ev into an event of the record (or of this batch) that
// describes the same happening, or queues it as a new event.
func (in *Ingester) place(ctx context.Context, ev *truce.Event, am *truce.Amendment, pend *pending) error {
	cands, err := in.win.candidates(ctx, ev)
	if err != nil {
		return err
	}
	for _, c := range cands {
		if c.Review == truce.ReviewRejected || !in.opts.Merge.Same(c, ev) {
			continue
		}
		in.sum.EventsMerged++
		if c.ID != 0 && in.opts.KeepIDs {
			in.sum.EventIDs = appendNew(in.sum.EventIDs, c.ID)
		}
		if c.ID == 0 {
			mergeInto(c, ev)
			if am != nil && pend.amends[c] == nil {
				if pend.amends == nil {
					pend.amends = map[*truce.Event]*truce.Amendment{}
				}
				pend.amends[c] = am
			}
			return nil
		}
		return in.mergeStored(ctx, c, ev, pend)
	}
	e := ev
	in.win.add(e)
	pend.events = append(pend.events, e)
	if am != nil {
		if pend.amends == nil {
			pend.amends = map[*truce.Event]*truce.Amendment{}
		}
		pend.amends[e] = am
	}
	return nil
}

// mergeInto adds ev's evidence to a pending event c.
func mergeInto(c, ev *truce.Event) {
	c.Evidence = append(c.Evidence, ev.Evidence...)
	c.Confidence = max(c.Confidence, ev.Confidence)
	c.Status = merge.Status(c.Status, c.Evidence)
	if c.Location.Precision == 0 || ev.Location.Precision != 0 && ev.Location.Precision < c.Location.Precision {
		c.Location = ev.Location
	}
}

// mergeStored adds ev's evidence to the stored event c, marks it disputed
// when the evidence now disagrees, and accepts it when automatic
// acceptance takes the new evidence.
func (in *Ingester) mergeStored(ctx context.Context, c, ev *truce.Event, pend *pending) error {
	_, isBulk := in.s.(EvidenceAdder)
	for i := range ev.Evidence {
		e := ev.Evidence[i]
		if isBulk {
			q := e
			q.EventID = c.ID
			pend.evidence = append(pend.evidence, &q)
		} else if err := in.s.AddEvidence(ctx, c.ID, &e); err != nil {
			return fmt.Errorf("ingest: add evidence to event %d: %w", c.ID, err)
		}
		c.Evidence = append(c.Evidence, e)
	}
	if st := merge.Status(c.Status, c.Evidence); st != c.Status {
		u := *c
		u.Status = st
		if err := in.s.UpdateEvent(ctx, &u); err != nil {
			return fmt.Errorf("ingest: mark event %d %s: %w", c.ID, st, err)
		}
		*c = u
		in.sum.Disputed++
	}
	if c.Review == truce.ReviewCandidate && in.accepts(ev.Confidence) && (c.Control == nil || c.Control.TerritoryID != 0) {
		r, err := in.accept(ctx, c.ID, c.Version, ev.Confidence)
		if err != nil {
			return fmt.Errorf("ingest: accept event %d: %w", c.ID, err)
		}
		if r == nil {
			// Reviewed by someone else meanwhile: theirs stands, and the
			// window holds it as it is now.
			if cur, err := in.s.Event(ctx, c.ID); err == nil {
				*c = *cur
			}
			return nil
		}
		*c = *r
		in.sum.EventsAccepted++
	}
	return nil
}

// flush writes the batch's new events in one transaction, accepts those
// automatic acceptance takes, and stores their amendments.
func (in *Ingester) flush(ctx context.Context, pend *pending) error {
	if len(pend.evidence) > 0 {
		if err := in.s.(EvidenceAdder).AddEvidences(ctx, pend.evidence); err != nil {
			return fmt.Errorf("ingest: add %d pieces of evidence: %w", len(pend.evidence), err)
		}
		pend.evidence = nil
	}
	if len(pend.events) == 0 {
		return nil
	}
	for _, e := range pend.events {
		if e.Status == truce.StatusDisputed {
			in.sum.Disputed++
		}
	}
	if err := in.s.CreateEvents(ctx, pend.events); err != nil {
		if truce.ErrorCode(err) == truce.EINTERNAL {
			return fmt.Errorf("ingest: store events: %w", err)
		}
		// one bad event: store the others one by one
		for _, e := range pend.events {
			if err := in.s.CreateEvent(ctx, e); err != nil {
				if truce.ErrorCode(err) == truce.EINTERNAL {
					return fmt.Errorf("ingest: store event: %w", err)
				}
				in.sum.Failures = append(in.sum.Failures, Failure{Name: fmt.Sprintf("event of %s at %s", e.SubType, e.Location.Name), Reason: truce.ErrorMessage(err)})
			}
		}
	}
	for _, e := range pend.events {
		if e.ID == 0 {
			continue
		}
		in.sum.EventsCreated++
		if in.opts.KeepIDs {
			in.sum.EventIDs = appendNew(in.sum.EventIDs, e.ID)
		}
		if in.accepts(e.Confidence) && (e.Control == nil || e.Control.TerritoryID != 0) {
			r, err := in.accept(ctx, e.ID, e.Version, e.Confidence)
			if err != nil {
				return fmt.Errorf("ingest: accept event %d: %w", e.ID, err)
			}
			if r == nil {
				continue // reviewed by someone else meanwhile: theirs stands
			}
			*e = *r
			in.sum.EventsAccepted++
		}
		if am := pend.amends[e]; am != nil {
			if err := in.amend(ctx, e, am); err != nil {
				return err
			}
		}
	}
	pend.events, pend.amends = nil, nil
	return nil
}

// accept accepts event id, stored at version, automatically for evidence
// of confidence conf. When another writer changed the event since (a
// concurrent ingest merged evidence into it or accepted it, ECONFLICT), it
// is read again and accepted at its new version if it is still a
// candidate; if it was reviewed meanwhile, that review stands and accept
// returns nil.
func (in *Ingester) accept(ctx context.Context, id int64, version int, conf float64) (*truce.Event, error) {
	r, err := in.s.ReviewEvent(ctx, id, truce.ReviewAccepted, in.autoNote(conf), version)
	if truce.ErrorCode(err) != truce.ECONFLICT {
		return r, err
	}
	cur, gerr := in.s.Event(ctx, id)
	if gerr != nil {
		return nil, errors.Join(err, gerr)
	}
	if cur.Review != truce.ReviewCandidate {
		return nil, nil
	}
	return in.s.ReviewEvent(ctx, id, truce.ReviewAccepted, in.autoNote(conf), cur.Version)
}

// reach is how many days a coarse-precision event's date may lie from a
// day its span covers (a month).
const reach = 31

// window keeps the events of the days the stream is at, loaded from the
// store once per day and pruned as the stream moves on, so that memory
// stays flat over a long stream of roughly chronological reports.
type window struct {
	s      truce.Store
	byDay  map[truce.Date][]*truce.Event
	loaded map[truce.Date]bool
	latest truce.Date
	// MaxDays is how many days are held before pruning.
	maxDays int
}

func newWindow(s truce.Store) *window {
	return &window{s: s, byDay: map[truce.Date][]*truce.Event{}, loaded: map[truce.Date]bool{}, maxDays: 400}
}

// candidates returns the known events whose spans overlap e's.
func (w *window) candidates(ctx context.Context, e *truce.Event) ([]*truce.Event, error) {
	f, l := e.Span()
	from, to := f.AddDays(-reach), l.AddDays(reach)
	if err := w.ensure(ctx, from, to); err != nil {
		return nil, err
	}
	var out []*truce.Event
	for d := from; d <= to; d++ {
		for _, c := range w.byDay[d] {
			cf, cl := c.Span()
			if cf <= l && f <= cl {
				out = append(out, c)
			}
		}
	}
	if l > w.latest {
		w.latest = l
	}
	w.prune()
	return out, nil
}

// ensure loads the stored events of the days in [from, to] not loaded yet.
func (w *window) ensure(ctx context.Context, from, to truce.Date) error {
	lo, hi := truce.Date(0), truce.Date(0)
	for d := from; d <= to; d++ {
		if !w.loaded[d] {
			if lo == 0 {
				lo = d
			}
			hi = d
		}
	}
	if lo == 0 {
		return nil
	}
	es, _, err := w.s.Events(ctx, truce.EventFilter{From: lo, To: hi})
	if err != nil {
		return fmt.Errorf("ingest: events of %s..%s: %w", lo, hi, err)
	}
	for _, e := range es {
		if !w.loaded[e.Date] {
			w.byDay[e.Date] = append(w.byDay[e.Date], e)
		}
	}
	for d := lo; d <= hi; d++ {
		w.loaded[d] = true
	}
	return nil
}

// add holds a new event.
func (w *window) add(e *truce.Event) {
	w.byDay[e.Date] = append(w.byDay[e.Date], e)
	w.loaded[e.Date] = true
}

// prune drops the days far from the latest day seen once too many are
// held; they are loaded again from the store when needed.
func (w *window) prune() {
	if len(w.loaded) <= w.maxDays {
		return
	}
	keep := truce.Date(w.maxDays / 2)
	for d := range w.loaded {
		if d < w.latest-keep || d > w.latest+keep {
			delete(w.loaded, d)
			delete(w.byDay, d)
		}
	}
}
