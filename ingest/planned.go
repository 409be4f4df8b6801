package ingest

import (
	"context"
	"fmt"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/dates"
	"github.com/truce-monitor/truce/extract"
	"github.com/truce-monitor/truce/fold"
)

// postponeCues are the words of a report that a deadline moved: "agreed
// to delay the handover until", "pushing the handover back to", "the
// deadline was extended to".
var postponeCues = []string{
	"delay", "postpone", "extend", "extension", "push back", "pushed back", "pushing back", "put off",
	"back to", "moved the deadline", "more time", "reschedul",
}

// planned links an event to the obligations of the record's agreements.
// A report that a handover was postponed to a new day becomes a planned
// event on that day and a candidate amendment of the matching obligation
// (returned, stored once the event has its id). A planned handover or
// withdrawal that matches an obligation gets the link in its notes.
func (in *Ingester) planned(ctx context.Context, ev *truce.Event, xe extract.Event, pub truce.Date, src *truce.Source) (*truce.Amendment, error) {
	if !ev.SubType.TransfersTerritory() && ev.SubType != truce.AgreementEvent {
		return nil, nil
	}
	newDue, ok := postponedTo(xe.Evidence.Text, pub)
	if !ok && ev.Status != truce.StatusPlanned {
		return nil, nil
	}
	agreed := ev.Date
	if ok {
		// the report is of a plan: the handover is now due on newDue
		if agreed.IsZero() || agreed > pub || agreed >= newDue {
			agreed = pub
		}
		ev.Status, ev.Date, ev.DateEnd, ev.DatePrecision = truce.StatusPlanned, newDue, 0, truce.PrecisionDay
	}
	ob, err := in.obligationOf(ctx, ev)
	if err != nil || ob == nil {
		return nil, err
	}
	ref := ob.AgreementID + "/" + ob.ID
	if !ok {
		ev.Notes = joinNote(ev.Notes, fmt.Sprintf("planned under obligation %s (due %s)", ref, ob.Due))
		in.sum.Linked++
		return nil, nil
	}
	ev.Notes = joinNote(ev.Notes, fmt.Sprintf("deadline of obligation %s moved to %s, agreed on %s", ref, newDue, agreed))
	for _, a := range ob.Amendments {
		if a.NewDue == newDue && a.Review != truce.ReviewRejected {
			return nil, nil // known already
		}
	}
	ev0 := ev.Evidence[0]
	am := &truce.Amendment{
		AgreementID: ob.AgreementID, ObligationID: ob.ID, NewDue: newDue, AgreedOn: agreed,
		Source: citation(src), Evidence: &ev0, Review: truce.ReviewCandidate,
		Note: "found in a report by truce ingest",
	}
	return am, nil
}

// amend stores the amendment of event e, accepting it when automatic
// acceptance takes e.
func (in *Ingester) amend(ctx context.Context, e *truce.Event, am *truce.Amendment) error {
	am.EventID = e.ID
	if am.Evidence != nil {
		am.Evidence.EventID = e.ID
	}
	if err := in.s.AddAmendment(ctx, am); err != nil {
		return fmt.Errorf("ingest: amendment of %s/%s: %w", am.AgreementID, am.ObligationID, err)
	}
	in.sum.Amendments++
	if in.accepts(e.Confidence) {
		if err := in.s.ReviewAmendment(ctx, am.ID, truce.ReviewAccepted); err != nil {
			return fmt.Errorf("ingest: accept amendment %d: %w", am.ID, err)
		}
		am.Review = truce.ReviewAccepted
		in.sum.AmendAccepted++
	}
	in.rememberAmendment(*am)
	return nil
}

func (in *Ingester) rememberAmendment(am truce.Amendment) {
	for _, a := range in.agreements {
		if a.ID != am.AgreementID {
			continue
		}
		for i := range a.Obligations {
			if a.Obligations[i].ID == am.ObligationID {
				a.Obligations[i].Amendments = append(a.Obligations[i].Amendments, am)
			}
		}
	}
}

// postponedTo finds in a sentence that a deadline moved, and to which day:
// a postponement cue and a date after "until", "to", "till" or "by".
func postponedTo(sentence string, pub truce.Date) (truce.Date, bool) {
	low := strings.ToLower(sentence)
	cue := false
	for _, c := range postponeCues {
		if strings.Contains(low, c) {
			cue = true
			break
		}
	}
	if !cue {
		return 0, false
	}
	for _, m := range dates.Find(sentence, pub) {
		if m.Precision != truce.PrecisionDay || m.Year {
			continue
		}
		if m.Kind == dates.Until {
			return m.Date, true
		}
		head := strings.ToLower(strings.TrimSpace(sentence[max(0, m.Start-7):m.Start]))
		if strings.HasSuffix(head, " to") || head == "to" || strings.HasSuffix(head, "until") || strings.HasSuffix(head, "till") || strings.HasSuffix(head, " by") {
			return m.Date, true
		}
	}
	return 0, false
}

// obligationOf returns the obligation an event about handing over or
// leaving a territory bears on: same territory, an action that moves
// control, the event's new controller on the beneficiary's side. Nil when
// none matches.
func (in *Ingester) obligationOf(ctx context.Context, ev *truce.Event) (*truce.Obligation, error) {
	if err := in.loadAgreements(ctx); err != nil {
		return nil, err
	}
	var tid int64
	var to *truce.Actor
	switch {
	case ev.Control != nil:
		tid, to = ev.Control.TerritoryID, &ev.Control.To
	case ev.Location.Name != "":
		id, err := in.territoryID(ctx, ev.Location.Name)
		if err != nil {
			return nil, err
		}
		tid = id
	}
	if tid == 0 {
		return nil, nil
	}
	for _, a := range in.agreements {
		for i := range a.Obligations {
			o := &a.Obligations[i]
			if o.TerritoryID != tid || (o.Action != truce.ActionHandOver && o.Action != truce.ActionWithdraw) {
				continue
			}
			if to != nil && o.To != "" {
				side, err := in.sideCountry(ctx, o.To)
				if err != nil {
					return nil, err
				}
				if side != "" && to.Country != "" && side != to.Country && fold.Key(o.To) != fold.Key(to.Name) {
					continue
				}
			}
			return o, nil
		}
	}
	return nil, nil
}

// sideCountry returns the ISO3 country of a party as agreements name it
// ("Azerbaijan"): the stored actor's country, else the country territory's.
func (in *Ingester) sideCountry(ctx context.Context, name string) (string, error) {
	if c, ok := in.sides[name]; ok {
		return c, nil
	}
	c := ""
	a, err := in.s.FindActor(ctx, name)
	switch {
	case err == nil:
		c = a.Country
	case truce.ErrorCode(err) != truce.ENOTFOUND:
		return "", fmt.Errorf("ingest: party %q: %w", name, err)
	}
	if c == "" {
		t, err := in.s.FindTerritory(ctx, name)
		switch {
		case err == nil && t.Kind == truce.TerritoryCountry:
			c = t.Country
		case err != nil && truce.ErrorCode(err) != truce.ENOTFOUND:
			return "", fmt.Errorf("ingest: party %q: %w", name, err)
		}
	}
	in.sides[name] = c
	return c, nil
}

// loadAgreements reads the record's agreements, once per Ingester.
func (in *Ingester) loadAgreements(ctx context.Context) error {
	if in.agrLoaded {
		return nil
	}
	as, err := in.s.Agreements(ctx)
	if err != nil {
		return fmt.Errorf("ingest: agreements: %w", err)
	}
	for _, a := range as {
		full, err := in.s.Agreement(ctx, a.ID)
		if err != nil {
			return fmt.Errorf("ingest: agreement %s: %w", a.ID, err)
		}
		in.agreements = append(in.agreements, full)
	}
	in.agrLoaded = true
	return nil
}

// citation names a source for an amendment: its URL, else outlet and
// title.
func citation(s *truce.Source) string {
	if s.URL != "" {
		return s.URL
	}
	parts := []string{}
	for _, p := range []string{s.Outlet, s.Title, truce.DateOf(s.Published).String()} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
