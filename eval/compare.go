package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
)

// Figure is one named number of a report, for comparing two runs.
type Figure struct {
	Name  string
	Value float64
}

// Figured is a report that lists its figures.
type Figured interface {
	Figures() []Figure
}

func averageFigures(prefix string, a Averages) []Figure {
	return []Figure{
		{prefix + " micro F1", a.MicroF1},
		{prefix + " micro precision", a.MicroPrecision},
		{prefix + " micro recall", a.MicroRecall},
		{prefix + " macro F1", a.MacroF1},
	}
}

func typeFigures(scores []ClassScore) []Figure {
	var fs []Figure
	for _, s := range scores {
		if s.Support > 0 || s.FP > 0 {
			fs = append(fs, Figure{"F1 " + s.Label, s.F1})
		}
	}
	return fs
}

// Figures lists the report's summary figures and per-type F1.
func (r *ACLEDReport) Figures() []Figure {
	fs := averageFigures("sub-event", r.SubEvent)
	fs = append(fs, averageFigures("sub-event top-1", r.SubEventTop1)...)
	fs = append(fs,
		Figure{"event type accuracy", r.EventType.Rate()},
		Figure{"location within 25 km", r.Location.Rate()},
		Figure{"date exact", r.Date.Rate()},
		Figure{"actor1 country", r.Actor1Country.Rate()},
		Figure{"fatalities exact", r.Fatalities.Rate()},
		Figure{"no event", r.NoEvent.Rate()},
	)
	return append(fs, typeFigures(r.PerType)...)
}

// Figures lists the report's summary figures and per-type F1.
func (r *CaseReport) Figures() []Figure {
	fs := averageFigures("ACLED types", r.ACLED)
	fs = append(fs, averageFigures("with distractors", r.WithDistractors)...)
	fs = append(fs, Figure{"distractors rejected", r.DistractorsRejected.Rate()})
	return append(fs, typeFigures(r.PerType)...)
}

// Figures lists the report's figures for events with a news headline.
func (r *UCDPReport) Figures() []Figure {
	s := r.News
	return []Figure{
		{"news: any event", s.AnyEvent.Rate()},
		{"news: place within 25 km", s.Place25.Rate()},
		{"news: place within 50 km", s.Place50.Rate()},
		{"news: date in range", s.Date.Rate()},
		{"news: fatalities in range", s.Fatalities.Rate()},
	}
}

// Figures lists the share of reports left clean.
func (r *NegativesReport) Figures() []Figure {
	return []Figure{{"clean reports", r.Clean.Rate()}}
}

// ReadReport reads a report written with WriteJSON into v (a pointer to
// the report type of the same kind).
func ReadReport(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("eval: baseline: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("eval: baseline %s: %w", path, err)
	}
	return nil
}

// WriteComparison writes the figures of base and cur side by side with
// their change, in cur's order; figures only one of them has show "-".
func WriteComparison(w io.Writer, base, cur Figured) error {
	tw, ew := newTable(w)
	old := map[string]float64{}
	for _, f := range base.Figures() {
		old[f.Name] = f.Value
	}
	seen := map[string]bool{}
	ew.printf("\nfigure\tbaseline\tnow\tchange\n")
	for _, f := range cur.Figures() {
		seen[f.Name] = true
		if b, ok := old[f.Name]; ok {
			ew.printf("%s\t%.3f\t%.3f\t%s\n", f.Name, b, f.Value, signed(f.Value-b))
		} else {
			ew.printf("%s\t-\t%.3f\t\n", f.Name, f.Value)
		}
	}
	for _, f := range base.Figures() {
		if !seen[f.Name] {
			ew.printf("%s\t%.3f\t-\t\n", f.Name, f.Value)
		}
	}
	return flush(tw, ew)
}

// signed formats a change with its sign, or "" when it rounds to zero.
func signed(d float64) string {
	if d > -0.0005 && d < 0.0005 {
		return ""
	}
	return fmt.Sprintf("%+.3f", d)
}

// UnmarshalJSON reads the seconds MarshalJSON writes.
func (s *Seconds) UnmarshalJSON(b []byte) error {
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("seconds: %w", err)
	}
	*s = Seconds(time.Duration(f * float64(time.Second)))
	return nil
}
