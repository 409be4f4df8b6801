package demo

import (
	"strings"
	"testing"
)

// TestIncoming: every incoming report is dated by its file name, and its
// dateline names the same day, so the extractor and the file agree.
func TestIncoming(t *testing.T) {
	rs, err := Incoming()
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) < 3 {
		t.Fatalf("Incoming() = %d reports, want at least 3", len(rs))
	}
	for _, r := range rs {
		if !strings.HasPrefix(r.Name, r.Published.Format("2006-01-02")) {
			t.Errorf("%s: published %s", r.Name, r.Published.Format("2006-01-02"))
		}
		day := r.Published.Format("Jan. 2, 2006")
		if !strings.Contains(string(r.Data), day+" - ") {
			t.Errorf("%s: no dateline on %q", r.Name, day)
		}
		if r.URL != IncomingURL+r.Name {
			t.Errorf("%s: URL %q", r.Name, r.URL)
		}
	}
}
