package merge

import (
	"testing"

	"github.com/truce-monitor/truce"
)

var (
	aze    = truce.Actor{Name: "Military Forces of Azerbaijan", Country: "AZE", Kind: truce.KindStateForces}
	azeGov = truce.Actor{Name: "Government of Azerbaijan", Country: "AZE", Kind: truce.KindGovernment}
	arm    = truce.Actor{Name: "Military Forces of Armenia", Country: "ARM", Kind: truce.KindStateForces}
	armGov = truce.Actor{Name: "Government of Armenia", Country: "ARM", Kind: truce.KindGovernment}
	rus    = truce.Actor{Name: "Military Forces of Russia", Country: "RUS", Kind: truce.KindExternalForces}
)

// hadrut is Azerbaijan's claim of 9 Oct 2020 that its forces took Hadrut.
func hadrut() *truce.Event {
	return &truce.Event{
		SubType: truce.GovernmentRegainsTerritory, Date: truce.MustDate("2020-10-09"), DatePrecision: truce.PrecisionDay,
		Location: truce.Location{Name: "Hadrut", Lat: 39.52, Lon: 47.03, Country: "AZE", Admin1: "Khojavend", Precision: truce.GeoExact},
		Actor1:   aze, Status: truce.StatusOccurred,
		Control: &truce.ControlChange{Territory: "Hadrut", To: aze},
	}
}

func TestSame(t *testing.T) {
	tests := []struct {
		name string
		edit func(e *truce.Event)
		want bool
	}{
		{"identical", func(*truce.Event) {}, true},
		{"handover wording", func(e *truce.Event) { e.SubType = truce.NonViolentTransfer }, true},
		{"a clash instead", func(e *truce.Event) { e.SubType = truce.ArmedClash; e.Control = nil }, false},
		{"planned", func(e *truce.Event) { e.Status = truce.StatusPlanned }, false},
		{"disputed still the same happening", func(e *truce.Event) { e.Status = truce.StatusDisputed }, true},
		{"next day", func(e *truce.Event) { e.Date = e.Date.AddDays(1) }, false},
		{"same week, week precision", func(e *truce.Event) { e.Date = e.Date.AddDays(-3); e.DatePrecision = truce.PrecisionWeek }, true},
		{"same month, month precision", func(e *truce.Event) { e.Date = truce.MustDate("2020-10-30"); e.DatePrecision = truce.PrecisionMonth }, true},
		{"other spelling, same territory id", func(e *truce.Event) {
			e.Location = truce.Location{Name: "Hadrout"}
			e.Control.Territory = "Hadrout"
		}, true},
		{"nearby point, other name", func(e *truce.Event) {
			e.Location.Name, e.Location.Lat, e.Location.Lon = "Tugh", 39.55, 47.08
			e.Control = nil
		}, true},
		{"far point", func(e *truce.Event) {
			e.Location = truce.Location{Name: "Fuzuli", Lat: 39.60, Lon: 47.14, Country: "AZE", Admin1: "Fuzuli"}
			e.Control = nil
			e.Location.Lat, e.Location.Lon = 39.60, 47.45
		}, false},
		{"district only, same admin1", func(e *truce.Event) {
			e.Location = truce.Location{Name: "Khojavend District", Lat: 39.80, Lon: 46.90, Country: "AZE", Admin1: "Khojavend", Precision: truce.GeoRegional}
			e.Control = nil
		}, true},
		{"other country", func(e *truce.Event) { e.Location.Country = "ARM"; e.Location.Name = "Hadrut"; e.Control = nil }, false},
		{"the other side's report", func(e *truce.Event) { e.Actor1 = armGov }, true},
		{"unrelated actors", func(e *truce.Event) {
			e.Actor1 = rus
			e.Control = &truce.ControlChange{Territory: "Hadrut", To: rus}
		}, false},
		{"gains go to the other side", func(e *truce.Event) {
			e.Control = &truce.ControlChange{Territory: "Hadrut", To: arm, From: &aze}
		}, false},
		{"government for its forces", func(e *truce.Event) {
			e.Actor1 = azeGov
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := hadrut(), hadrut()
			a.Control.TerritoryID, b.Control.TerritoryID = 7, 7
			tt.edit(b)
			if b.Control != nil && b.Control.Territory != "Hadrut" && b.Control.Territory != "Hadrout" {
				b.Control.TerritoryID = 0
			}
			if got := Same(a, b); got != tt.want {
				t.Errorf("Same = %v, want %v", got, tt.want)
			}
			if got := Same(b, a); got != tt.want {
				t.Errorf("Same reversed = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	as := truce.Evidence{Text: "captured", Stance: truce.Asserts}
	unset := truce.Evidence{Text: "captured"}
	den := truce.Evidence{Text: "denied", Stance: truce.Denies}
	tests := []struct {
		cur  truce.Status
		ev   []truce.Evidence
		want truce.Status
	}{
		{truce.StatusOccurred, []truce.Evidence{as}, truce.StatusOccurred},
		{truce.StatusOccurred, []truce.Evidence{as, den}, truce.StatusDisputed},
		{truce.StatusOccurred, []truce.Evidence{unset, den}, truce.StatusDisputed},
		{truce.StatusDisputed, []truce.Evidence{den}, truce.StatusDisputed},
		{truce.StatusPlanned, []truce.Evidence{as, den}, truce.StatusPlanned},
		{truce.StatusOccurred, nil, truce.StatusOccurred},
	}
	for _, tt := range tests {
		if got := Status(tt.cur, tt.ev); got != tt.want {
			t.Errorf("Status(%s, %v) = %s, want %s", tt.cur, tt.ev, got, tt.want)
		}
	}
}

func TestDistanceKm(t *testing.T) {
	// Stepanakert to Shusha is about 10 km; Baku to Yerevan about 460 km.
	tests := []struct {
		lat1, lon1, lat2, lon2, lo, hi float64
	}{
		{39.8153, 46.7519, 39.7583, 46.7500, 5, 8},
		{40.4093, 49.8671, 40.1792, 44.4991, 440, 470},
		{10, 20, 10, 20, 0, 0},
	}
	for _, tt := range tests {
		if d := DistanceKm(tt.lat1, tt.lon1, tt.lat2, tt.lon2); d < tt.lo || d > tt.hi {
			t.Errorf("DistanceKm = %.1f, want %v–%v", d, tt.lo, tt.hi)
		}
	}
}

func BenchmarkSame(b *testing.B) {
	x, y := hadrut(), hadrut()
	y.Location.Name = "Hadrout"
	y.Control.Territory = "Hadrout"
	for b.Loop() {
		Same(x, y)
	}
}
