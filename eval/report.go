package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// Seconds is a wall time that prints in seconds.
type Seconds time.Duration

// MarshalJSON writes the duration in seconds.
func (s Seconds) MarshalJSON() ([]byte, error) {
	return json.Marshal(round3(time.Duration(s).Seconds()))
}

// String formats the duration rounded to the millisecond ("1.234s").
func (s Seconds) String() string { return time.Duration(s).Round(time.Millisecond).String() }

// WriteJSON writes v (a report) as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("eval: write json: %w", err)
	}
	return nil
}

// errWriter remembers the first write error so that table code can print
// freely and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

func writeAverages(ew *errWriter, name string, a Averages) {
	ew.printf("%s\tmicro P %.3f  R %.3f  F1 %.3f\tmacro F1 %.3f over %d types\n",
		name, a.MicroPrecision, a.MicroRecall, a.MicroF1, a.MacroF1, a.MacroLabels)
}

func writePerType(ew *errWriter, scores []ClassScore) {
	ew.printf("\nsub-event type\tsupport\tTP\tFP\tFN\tprecision\trecall\tF1\n")
	for _, s := range scores {
		if s.Support == 0 && s.FP == 0 {
			continue
		}
		ew.printf("%s\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\n", s.Label, s.Support, s.TP, s.FP, s.FN, s.Precision, s.Recall, s.F1)
	}
}

func writeConfusions(ew *errWriter, title string, ps []Pair) {
	if len(ps) == 0 {
		return
	}
	ew.printf("\n%s\tpredicted\tcount\te.g.\n", title)
	for _, p := range ps {
		pred := p.Pred
		if pred == None {
			pred = "(no event)"
		}
		gold := p.Gold
		if gold == None {
			gold = "(no event)"
		}
		ew.printf("%s\t%s\t%d\t%s\n", gold, pred, p.Count, strings.Join(p.Examples, " "))
	}
}

func flush(tw *tabwriter.Writer, ew *errWriter) error {
	if ew.err != nil {
		return fmt.Errorf("eval: write table: %w", ew.err)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("eval: write table: %w", err)
	}
	return nil
}

func newTable(w io.Writer) (*tabwriter.Writer, *errWriter) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	return tw, &errWriter{w: tw}
}

// WriteTable writes the report as readable text tables.
func (r *ACLEDReport) WriteTable(w io.Writer) error {
	tw, ew := newTable(w)
	ew.printf("ACLED notes\t%s\n", r.Path)
	ew.printf("rows\t%d (extractor errors %d, no event %s, %.2f events/note; %d duplicate ids skipped)\n", r.Rows, r.Errors, r.NoEvent, r.EventsPerRow, r.Duplicates)
	for _, e := range r.ErrorSamples {
		ew.printf("  error\t%s\n", e)
	}
	ew.printf("time\t%s on %d workers\n", r.Elapsed, r.Workers)
	ew.printf("old schema\t%d mapped to a sub-event type, %d left out of sub-event scores\n", r.OldSchemaMapped, r.OldSchemaSkipped)
	ew.printf("\n")
	writeAverages(ew, "sub-event (best match)", r.SubEvent)
	writeAverages(ew, "sub-event (top-1)", r.SubEventTop1)
	ew.printf("event type accuracy\t%s\n", r.EventType)
	ew.printf("location within %d km\t%s (chosen event without coordinates: %d)\n", LocationKm, r.Location, r.LocationMissing)
	for i, name := range []string{"town (geo_precision 1)", "near/part of (2)", "region (3)"} {
		ew.printf("  %s\t%s\n", name, r.LocationByPrecision[i])
	}
	if r.LocationReachable != nil {
		ew.printf("  reachable\t%s (a place the gazetteer reads within %d km is named)\n", *r.LocationReachable, LocationKm)
	}
	ew.printf("date exact\t%s\n", r.Date)
	ew.printf("  day stated in note\t%s\n", r.DateExplicit)
	ew.printf("  day not stated\t%s\n", r.DateImplicit)
	ew.printf("actor1 country\t%s\n", r.Actor1Country)
	ew.printf("fatalities exact\t%s\n", r.Fatalities)
	writePerType(ew, r.PerType)
	writeConfusions(ew, "top confusions: gold", r.Confusions)
	ew.printf("\nsource\trows\tsub-event acc\tevent type\tlocation 25 km\tdate exact\tfatalities\n")
	for _, s := range r.BySource {
		ew.printf("%s\t%d\t%s\t%s\t%s\t%s\t%s\n", s.Source, s.Rows, s.SubEvent, s.EventType, s.Location, s.Date, s.Fatalities)
	}
	return flush(tw, ew)
}

// WriteTable writes the report as readable text tables.
func (r *CaseReport) WriteTable(w io.Writer) error {
	tw, ew := newTable(w)
	ew.printf("CASE 2021 task 2\t%s\n", r.Path)
	ew.printf("rows\t%d (%d distractors, extractor errors %d)\n", r.Rows, r.Distractors, r.Errors)
	for _, e := range r.ErrorSamples {
		ew.printf("  error\t%s\n", e)
	}
	ew.printf("time\t%s on %d workers\n", r.Elapsed, r.Workers)
	ew.printf("\n")
	writeAverages(ew, "ACLED types (best match)", r.ACLED)
	writeAverages(ew, "ACLED types (top-1)", r.ACLEDTop1)
	writeAverages(ew, "with distractors", r.WithDistractors)
	ew.printf("distractors rejected\t%s\n", r.DistractorsRejected)
	labels := make([]string, 0, len(r.ByDistractor))
	for l := range r.ByDistractor {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	for _, l := range labels {
		ew.printf("  %s\t%s\n", l, r.ByDistractor[l])
	}
	writePerType(ew, r.PerType)
	writeConfusions(ew, "top confusions: gold", r.Confusions)
	writeConfusions(ew, "distractor", r.DistractorConfusions)
	return flush(tw, ew)
}

// WriteTable writes the report as a readable text table.
func (r *UCDPReport) WriteTable(w io.Writer) error {
	tw, ew := newTable(w)
	ew.printf("UCDP GED\t%s\n", r.Path)
	ew.printf("rows\t%d events, %d headlines (extractor errors %d)\n", r.Rows, r.Headlines, r.Errors)
	for _, e := range r.ErrorSamples {
		ew.printf("  error\t%s\n", e)
	}
	ew.printf("time\t%s on %d workers\n", r.Elapsed, r.Workers)
	ew.printf("\nevents\trows\tany event\tplace 25 km\tplace 50 km\tdate in range\tfatalities in range\n")
	for _, s := range []struct {
		name string
		s    UCDPSlice
	}{{"all", r.All}, {"with news headline", r.News}, {"place-name list only", r.Bare}, {"where_prec 1-2", r.Precise}} {
		ew.printf("%s\t%d\t%s\t%s\t%s\t%s\t%s\n", s.name, s.s.Rows, s.s.AnyEvent, s.s.Place25, s.s.Place50, s.s.Date, s.s.Fatalities)
	}
	return flush(tw, ew)
}

// String returns the pair as "gold → predicted".
func (p Pair) String() string {
	return strings.TrimSpace(fmt.Sprintf("%s → %s (%d)", p.Gold, p.Pred, p.Count))
}
