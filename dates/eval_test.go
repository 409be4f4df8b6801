package dates

import (
	"bufio"
	"encoding/json"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// acledPath holds ACLED coder notes with their codings, for internal
// evaluation only (never copied into the project).
const acledPath = "../../shared/eval/acled/acled_eval.jsonl"

// TestEvalACLED measures how often the first date of an ACLED note ("On 9
// May 2020, ...") is the event date the coder gave, and whether the
// precision agrees. The reference date is two days after the event, as
// for a report published shortly after it (which leaks the event's week to
// weekday names: read the figures for explicit dates).
func TestEvalACLED(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluation skipped in -short mode")
	}
	f, err := os.Open(acledPath)
	if err != nil {
		t.Skip("ACLED evaluation data not present:", err)
	}
	defer f.Close()
	var n, found, exact, inSpan, precOK int
	var elapsed time.Duration
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var row struct {
			Text string `json:"text"`
			Gold struct {
				Date      string `json:"event_date"`
				Precision string `json:"time_precision"`
			} `json:"gold"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		gold, err := truce.ParseDate(row.Gold.Date)
		if err != nil || row.Text == "" {
			continue
		}
		n++
		ref := gold.AddDays(2)
		start := time.Now()
		ms := Find(row.Text, ref)
		elapsed += time.Since(start)
		var m *Mention
		for i := range ms {
			if !ms[i].Year {
				m = &ms[i]
				break
			}
		}
		if m == nil {
			continue
		}
		found++
		if m.Date == gold {
			exact++
		}
		first, last := m.Precision.Span(m.Date)
		if m.EndDate != 0 {
			last = m.EndDate
		}
		if gold >= first && gold <= last {
			inSpan++
		}
		if p, err := strconv.Atoi(row.Gold.Precision); err == nil && truce.Precision(p) == m.Precision {
			precOK++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Skip("no rows")
	}
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
	t.Logf("ACLED notes: %d; a (non-year) date found in %.1f%%; first date = event date in %.1f%% of notes with one (%.1f%% of all), event date inside the mention's span %.1f%%; precision agrees %.1f%%; %.2f µs/note",
		n, pct(found, n), pct(exact, found), pct(exact, n), pct(inSpan, found), pct(precOK, found), float64(elapsed.Microseconds())/float64(n))
	// Many older notes carry no date at all; of those that do, the first
	// should be the event's.
	if pct(exact, found) < 90 {
		t.Errorf("first date = event date in %.1f%% of notes with a date, want at least 90%%", pct(exact, found))
	}
}
