package eval

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedEval is where the annotated sets live beside the project. They are
// not part of truce; tests that need them skip when they are absent.
var sharedEval = filepath.Join("..", "..", "shared", "eval")

func needShared(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(sharedEval, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("annotated set %s not present (%v): skipping the evaluation on real data", p, err)
	}
	return p
}

// TestRealLoaders reads every real set whole: no row may fail to parse and
// the counts must be those the PROVENANCE files give.
func TestRealLoaders(t *testing.T) {
	t.Run("acled", func(t *testing.T) {
		rows, err := ReadACLED(needShared(t, "acled/acled_eval.jsonl"), 0)
		if err != nil {
			t.Fatal(err)
		}
		var old, mapped, noDate, noType int
		for i := range rows {
			r := &rows[i]
			if r.Gold.SubEventType == nil {
				old++
				if r.SubType() != "" {
					mapped++
				}
			}
			if r.Date() == 0 {
				noDate++
			}
			if len(r.EventTypes()) == 0 {
				noType++
			}
		}
		if len(rows) != 20720 || old != 10194 || noDate != 0 || noType != 0 {
			t.Errorf("rows %d old schema %d (mapped %d) no date %d no type %d; want 20720 10194 _ 0 0", len(rows), old, mapped, noDate, noType)
		}
		t.Logf("ACLED: %d rows, %d old schema, %d of them mapped to a sub-event type", len(rows), old, mapped)
	})
	t.Run("case2021", func(t *testing.T) {
		rows, err := ReadCase(needShared(t, "case2021_task2"), 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for i := range rows {
			if rows[i].Distractor() {
				n++
			}
		}
		if len(rows) != 1019 || n != 190 {
			t.Errorf("rows %d distractors %d, want 1019 190", len(rows), n)
		}
	})
	t.Run("ucdp", func(t *testing.T) {
		rows, err := ReadUCDP(needShared(t, "ucdp_ged"), 0)
		if err != nil {
			t.Fatal(err)
		}
		news, headlines := 0, 0
		for i := range rows {
			headlines += len(rows[i].Headlines)
			if rows[i].News() {
				news++
			}
			if len(rows[i].Headlines) == 0 {
				t.Errorf("event %s has no headline", rows[i].ID)
			}
		}
		if len(rows) != 2989 {
			t.Errorf("rows %d, want 2989", len(rows))
		}
		t.Logf("UCDP: %d events, %d with a news headline, %d headlines", len(rows), news, headlines)
	})
}
