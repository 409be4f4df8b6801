package demo

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqlite"
	"github.com/truce-monitor/truce/timeline"
)

// built returns a fresh store with the case built into it.
func built(t testing.TB) truce.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := Build(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBuildObligations checks the case's key facts about the statement:
// all three handovers met by 2 Dec, Kalbajar on its extended date, and
// Kalbajar pending, not overdue, between its original and extended dates.
func TestBuildObligations(t *testing.T) {
	s := built(t)
	ctx := context.Background()
	d, err := Agreement()
	if err != nil {
		t.Fatal(err)
	}
	id := d.Agreement.ID
	tests := []struct {
		at, obligation string
		status         truce.ObligationState
		due, metOn     string
	}{
		{"2020-12-02", "aghdam", truce.Met, "2020-11-20", "2020-11-20"},
		{"2020-12-02", "kalbajar", truce.Met, "2020-11-25", "2020-11-25"},
		{"2020-12-02", "lachin", truce.Met, "2020-12-01", "2020-12-01"},
		{"2020-12-02", "lachin-corridor", truce.Met, "", "2020-11-10"},
		{"2020-11-14", "kalbajar", truce.Pending, "2020-11-15", ""},
		{"2020-11-16", "kalbajar", truce.Pending, "2020-11-25", ""},
		{"2020-11-22", "aghdam", truce.Met, "2020-11-20", "2020-11-20"},
		{"2020-11-22", "lachin", truce.Pending, "2020-12-01", ""},
	}
	for _, tt := range tests {
		b, err := timeline.Obligations(ctx, s, id, truce.MustDate(tt.at))
		if err != nil {
			t.Fatal(err)
		}
		var row *timeline.Row
		for i := range b.Obligations {
			if b.Obligations[i].ID == tt.obligation {
				row = &b.Obligations[i]
			}
		}
		if row == nil {
			t.Errorf("%s: no obligation %s", tt.at, tt.obligation)
			continue
		}
		if row.Status != tt.status || row.Due.String() != tt.due || row.MetOn.String() != tt.metOn {
			t.Errorf("%s %s: %s due %q met %q, want %s due %q met %q", tt.at, tt.obligation,
				row.Status, row.Due, row.MetOn, tt.status, tt.due, tt.metOn)
		}
		if row.Status == truce.Met && len(row.Evidence) == 0 {
			t.Errorf("%s %s: met without evidence", tt.at, tt.obligation)
		}
	}
}

// TestBuildControl checks control of territory at key days, found by
// several spellings.
func TestBuildControl(t *testing.T) {
	s := built(t)
	ctx := context.Background()
	tests := []struct {
		at, territory, controller string
	}{
		{"1991-12-01", "Aghdam", AzerbaijanForce},
		{"1993-05-01", "Kəlbəcər", KarabakhForce},
		{"2020-09-26", "Ağdam", KarabakhForce},
		{"2020-09-26", "Shushi", KarabakhForce},
		{"2020-11-09", "Şuşa", AzerbaijanForce},
		{"2020-10-10", "Jabrayil town", AzerbaijanForce},
		{"2020-10-10", "Jabrayil", KarabakhForce},
		{"2020-11-22", "Agdam", AzerbaijanForce},
		{"2020-11-22", "Kalbajar", KarabakhForce},
		{"2020-11-25", "Kelbajar", AzerbaijanForce},
		{"2020-11-30", "Berdzor", KarabakhForce},
		{"2020-12-01", "Lachin", AzerbaijanForce},
		{"2020-12-01", "Lachin corridor", RussiaForce},
		{"2020-12-01", "Nagorno-Karabakh", KarabakhForce},
		{"2020-12-01", "Qubadlı", AzerbaijanForce},
	}
	for _, tt := range tests {
		snap, err := timeline.ControlAt(ctx, s, truce.MustDate(tt.at), timeline.Query{Territories: []string{tt.territory}})
		if err != nil {
			t.Fatalf("%s %s: %v", tt.at, tt.territory, err)
		}
		if len(snap.Territories) != 1 {
			t.Fatalf("%s %s: %d territories", tt.at, tt.territory, len(snap.Territories))
		}
		c := snap.Territories[0]
		if c.Controller == nil || c.Controller.Name != tt.controller || c.Status != truce.Assessed {
			t.Errorf("%s %s (%s): controller %v %s, want %s", tt.at, tt.territory, c.Territory, c.Controller, c.Status, tt.controller)
		}
	}
	// Nagorno-Karabakh's forces never count for Azerbaijan: before the
	// handover, Kalbajar's obligation is not met by them.
	snap, err := timeline.ControlAt(ctx, s, truce.MustDate("1993-05-01"), timeline.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Territories) == 0 {
		t.Error("whole-map snapshot of 1993 is empty")
	}
}

// TestBuildTwice checks that building into a record that holds the case
// fails with ECONFLICT and adds nothing.
func TestBuildTwice(t *testing.T) {
	s := built(t)
	ctx := context.Background()
	audit, err := s.Audit(ctx, truce.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	err = Build(ctx, s)
	if truce.ErrorCode(err) != truce.ECONFLICT {
		t.Fatalf("second Build: %v, want a conflict", err)
	}
	after, err := s.Audit(ctx, truce.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(audit) {
		t.Errorf("second Build wrote %d audit entries", len(after)-len(audit))
	}
}

// TestBuildEvidence checks that the stored evidence quotes the stored
// sources at its offsets.
func TestBuildEvidence(t *testing.T) {
	s := built(t)
	ctx := context.Background()
	es, total, err := s.Events(ctx, truce.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != len(events) {
		t.Fatalf("%d events stored, want %d", total, len(events))
	}
	for _, e := range es {
		full, err := s.Event(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(full.Evidence) == 0 {
			t.Errorf("event %d: no evidence", e.ID)
		}
		for _, ev := range full.Evidence {
			src, err := s.Source(ctx, ev.SourceID)
			if err != nil {
				t.Fatal(err)
			}
			if ev.End > len(src.Text) || src.Text[ev.Start:ev.End] != ev.Text {
				t.Errorf("event %d: span [%d,%d) does not quote source %d", e.ID, ev.Start, ev.End, src.ID)
			}
		}
	}
	a, err := s.Agreement(ctx, "trilateral-2020-11-10")
	if err != nil {
		t.Fatal(err)
	}
	var amended int
	for _, o := range a.Obligations {
		for _, am := range o.Amendments {
			amended++
			if am.EventID == 0 || am.Evidence == nil {
				t.Errorf("amendment of %s: event %d evidence %v", o.ID, am.EventID, am.Evidence)
			}
		}
	}
	if amended != 1 {
		t.Errorf("%d amendments, want 1", amended)
	}
}

// BenchmarkBuild builds the case into a fresh SQLite record.
func BenchmarkBuild(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		s, err := sqlite.Open(ctx, filepath.Join(dir, "demo"+itoa(i)+".db"))
		if err != nil {
			b.Fatal(err)
		}
		if err := Build(ctx, s); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(len(events)), "events/op")
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
