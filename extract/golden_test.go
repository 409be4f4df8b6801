package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixtureDate reads the publication date from a fixture's name:
// "lachin-handover-2020-12-01.txt" was published on 2020-12-01.
func fixtureDate(t *testing.T, name string) truce.Date {
	t.Helper()
	base := strings.TrimSuffix(filepath.Base(name), ".txt")
	if len(base) < 10 {
		t.Fatalf("fixture %s: name must end in YYYY-MM-DD", name)
	}
	return truce.MustDate(base[len(base)-10:])
}

// TestGolden extracts every fixture report in testdata and compares the
// result with its .golden.json; go test -run Golden -update rewrites them.
func TestGolden(t *testing.T) {
	x, err := New(testGazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r, err := x.ExtractText(string(b), fixtureDate(t, f), "")
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(r, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(f, ".txt") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run Golden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n%s", f, golden, got)
			}
		})
	}
}

// TestFixtureFacts checks the facts of the fixtures that matter most,
// independently of the golden files.
func TestFixtureFacts(t *testing.T) {
	x, err := New(testGazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file string
		sub  truce.SubEventType
		ok   func(Event) bool
	}{
		{"stepanakert-shelling-2020-10-04.txt", truce.ShellingArtilleryMissile, func(e Event) bool {
			return e.Date == truce.MustDate("2020-10-04") && e.Fatalities != nil && e.Fatalities.Low == 4 &&
				e.Injured != nil && e.Injured.Low == 12 && e.Actor1.Country == "AZE" && near(e.Location, 39.815, 46.752)
		}},
		{"stepanakert-shelling-2020-10-04.txt", truce.ShellingArtilleryMissile, func(e Event) bool {
			return near(e.Location, 40.683, 46.361) && e.Actor1.Country == "ARM" && strings.Contains(e.ClaimedBy, "Azerbaijani officials")
		}},
		{"lachin-handover-2020-12-01.txt", truce.NonViolentTransfer, func(e Event) bool {
			return e.Date == truce.MustDate("2020-12-01") && e.Control != nil && e.Control.To.Country == "AZE" &&
				e.Control.From != nil && e.Control.From.Country == "ARM"
		}},
		{"lachin-handover-2020-12-01.txt", truce.DisruptedWeaponsUse, nil},
		{"lachin-handover-2020-12-01.txt", truce.LootingPropertyDestruction, nil},
		{"yerevan-protest-2020-11-11.txt", truce.ViolentDemonstration, func(e Event) bool {
			return e.Date == truce.MustDate("2020-11-10") && e.Location != nil && e.Location.Country == "ARM"
		}},
		{"yerevan-protest-2020-11-11.txt", truce.Arrests, func(e Event) bool {
			return e.Date == truce.MustDate("2020-11-11")
		}},
		{"yerevan-protest-2020-11-11.txt", truce.PeacefulProtest, nil},
		{"kabul-roadside-bomb-2020-12-14.txt", truce.RemoteExplosive, func(e Event) bool {
			return e.Date == truce.MustDate("2020-12-14") && e.Fatalities != nil && e.Fatalities.Low == 2 &&
				e.Injured != nil && e.Injured.Low == 3 && near(e.Location, 34.528, 69.172) &&
				e.Actor2 != nil && e.Actor2.Kind == truce.KindStateForces
		}},
	}
	for _, tt := range tests {
		b, err := os.ReadFile(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		r, err := x.ExtractText(string(b), fixtureDate(t, tt.file), "")
		if err != nil {
			t.Fatal(err)
		}
		if findEvent(r.Events, tt.sub, tt.ok) == nil {
			t.Errorf("%s: no matching %s event; got:", tt.file, tt.sub)
			for _, e := range r.Events {
				t.Logf("  %s %s %s | %s | %v | %v/%v | %q", e.SubType, e.Date, e.Status, e.Actor1.Name, e.Location, e.Fatalities, e.Injured, e.ClaimedBy)
			}
		}
	}
}

// near reports whether l lies within 25 km of lat, lon.
func near(l *Location, lat, lon float64) bool {
	if l == nil {
		return false
	}
	dy := (l.Lat - lat) * 111
	dx := (l.Lon - lon) * 111 * math.Cos(lat*math.Pi/180)
	return dx*dx+dy*dy <= 25*25
}
