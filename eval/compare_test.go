package eval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
)

func TestReportRoundTripAndCompare(t *testing.T) {
	rows, err := ReadACLED("testdata/acled.jsonl", 0)
	if err != nil {
		t.Fatal(err)
	}
	base, err := ScoreACLED(context.Background(), acledScript(), rows, Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "base.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(f, base); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var back ACLEDReport
	if err := ReadReport(path, &back); err != nil {
		t.Fatal(err)
	}
	if back.Location != base.Location || back.SubEvent != base.SubEvent || len(back.PerType) != len(base.PerType) {
		t.Errorf("round trip: %+v\nwant %+v", back, base)
	}
	// A better extractor: the missed Kalbajar handover is now found.
	better := acledScript()
	better["On 25 November 2020"] = []truce.Event{ev(truce.NonViolentTransfer, "2020-11-25", 40.1, 46.04, "AZE", nil, 1)}
	cur, err := ScoreACLED(context.Background(), better, rows, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	if err := WriteComparison(&sb, &back, cur); err != nil {
		t.Fatal(err)
	}
	out := sb.String()
	for _, want := range []string{
		"location within 25 km  0.333     0.500  +0.167",
		"F1 Non-violent transfer of territory  0.000     1.000  +1.000",
		"date exact             0.667     0.833  +0.167",
	} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("comparison lacks %q:\n%s", want, out)
		}
	}
	if err := ReadReport(filepath.Join(t.TempDir(), "none.json"), &back); err == nil {
		t.Error("missing baseline: no error")
	}
}
