// Package demo builds the demonstration case of truce: the 2020
// Nagorno-Karabakh war and the handover of the districts around the former
// autonomous oblast under the trilateral statement of 10 November 2020.
//
// The case is data embedded in the binary (case/): the district polygons
// (Natural Earth, public domain), the trilateral statement as an agreement
// file, and short news-style reports written for the project, each backing
// one event with quoted evidence spans. Build loads it all into a store:
// actors with their aliases, territories, the control of territory since
// the 1990s war as assessed manual entries with citations, the agreement,
// the events (accepted, so that transfers of territory change control) and
// the amendment that moved the Kalbajar deadline.
package demo

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

//go:embed case
var caseFS embed.FS

// AgreementFile is the case's agreement in case/, in the agreement file
// format of package agreement.
const AgreementFile = "trilateral-2020-11-10.yaml"

// ReportURL is the address the case's reports are stored under: the file
// in the project's repository.
const ReportURL = "https://github.com/truce-monitor/truce/blob/main/demo/case/reports/"

// Outlet is the outlet named on the case's sources.
const Outlet = "truce demo case"

// Report returns the text of the named report of the case.
func Report(name string) (string, error) {
	b, err := caseFS.ReadFile(path.Join("case", "reports", name))
	if err != nil {
		return "", fmt.Errorf("demo: report %s: %w", name, err)
	}
	return string(b), nil
}

// AgreementYAML returns the case's agreement file.
func AgreementYAML() ([]byte, error) {
	b, err := caseFS.ReadFile(path.Join("case", AgreementFile))
	if err != nil {
		return nil, fmt.Errorf("demo: agreement: %w", err)
	}
	return b, nil
}

// Source returns the source of the named report: its text, title (the
// first line), dateline, publication day (from the file name) and the
// hash of its text.
func Source(name string) (*truce.Source, error) {
	text, err := Report(name)
	if err != nil {
		return nil, err
	}
	title, _, _ := strings.Cut(text, "\n")
	var dateline string
	for _, line := range strings.Split(text, "\n")[1:] {
		if d, _, ok := strings.Cut(line, " - "); ok && strings.TrimSpace(d) != "" {
			dateline = strings.TrimSpace(d)
			break
		}
	}
	if len(name) < len("2006-01-02") {
		return nil, fmt.Errorf("demo: report %s: file name does not start with a date", name)
	}
	published, err := time.Parse(time.DateOnly, name[:len("2006-01-02")])
	if err != nil {
		return nil, fmt.Errorf("demo: report %s: file name does not start with a date: %w", name, err)
	}
	sum := sha256.Sum256([]byte(text))
	return &truce.Source{
		URL:         ReportURL + name,
		Outlet:      Outlet,
		Title:       strings.TrimSpace(title),
		Published:   published,
		Dateline:    dateline,
		Language:    "en",
		Text:        text,
		ContentHash: hex.EncodeToString(sum[:]),
	}, nil
}

// span returns the evidence for quote q in text: its byte offsets, found
// by searching. The quote must occur exactly once.
func span(text string, q quote) (truce.Evidence, error) {
	i := strings.Index(text, q.Text)
	if i < 0 {
		return truce.Evidence{}, fmt.Errorf("quote %.40q… not in the report", q.Text)
	}
	if strings.Contains(text[i+1:], q.Text) {
		return truce.Evidence{}, fmt.Errorf("quote %.40q… occurs more than once in the report", q.Text)
	}
	return truce.Evidence{Text: q.Text, Start: i, End: i + len(q.Text), ClaimedBy: q.ClaimedBy, Stance: q.Stance}, nil
}

// Events returns the case's events, each with its evidence spans set
// against its report (Evidence.URL names the report; SourceID is zero).
// Their review state is accepted.
func Events() ([]*truce.Event, error) {
	out := make([]*truce.Event, 0, len(events))
	for _, ce := range events {
		e, err := ce.build()
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func (ce caseEvent) build() (*truce.Event, error) {
	text, err := Report(ce.Report)
	if err != nil {
		return nil, err
	}
	e := ce.Event // a copy; pointers inside are shared but never written
	e.Evidence = make([]truce.Evidence, 0, len(ce.Quotes))
	for _, q := range ce.Quotes {
		ev, err := span(text, q)
		if err != nil {
			return nil, fmt.Errorf("demo: event %s: report %s: %w", ce.Key, ce.Report, err)
		}
		ev.URL = ReportURL + ce.Report
		ev.Outlet = Outlet
		e.Evidence = append(e.Evidence, ev)
	}
	e.Review = truce.ReviewAccepted
	if err := e.Validate(); err != nil {
		return nil, fmt.Errorf("demo: event %s: %w", ce.Key, err)
	}
	return &e, nil
}

// feature is a GeoJSON feature of case/karabakh.geojson.
type feature struct {
	Properties map[string]any  `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

func features() ([]feature, error) {
	b, err := caseFS.ReadFile("case/karabakh.geojson")
	if err != nil {
		return nil, fmt.Errorf("demo: geometry: %w", err)
	}
	var fc struct {
		Features []feature `json:"features"`
	}
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&fc); err != nil {
		return nil, fmt.Errorf("demo: geometry: case/karabakh.geojson: %w", err)
	}
	return fc.Features, nil
}

// Territories returns the case's territories with their geometries: the
// seven districts, Nagorno-Karabakh (the former autonomous oblast), the
// Lachin corridor (an approximate strip, see CorridorFeature) and the towns
// of Shusha, Jabrayil and Fuzuli (the last two approximate discs).
func Territories() ([]*truce.Territory, error) {
	fs, err := features()
	if err != nil {
		return nil, err
	}
	byCode := map[string]feature{}
	var nkao *feature
	for i, f := range fs {
		if c, _ := f.Properties["iso_3166_2"].(string); c != "" {
			byCode[c] = f
		}
		if k, _ := f.Properties["kind"].(string); k == "historic_admin" {
			nkao = &fs[i]
		}
	}
	var out []*truce.Territory
	for _, d := range districts {
		f, ok := byCode[d.Code]
		if !ok {
			return nil, fmt.Errorf("demo: geometry: no polygon for %s (%s)", d.Name, d.Code)
		}
		gn, _ := f.Properties["gn_id"].(float64)
		out = append(out, &truce.Territory{Name: d.Name, Kind: truce.TerritoryAdmin1, Country: "AZE",
			Code: d.Code, GeoNameID: int64(gn), Aliases: d.Aliases, Geometry: f.Geometry})
	}
	if nkao == nil {
		return nil, fmt.Errorf("demo: geometry: no polygon for %s", NagornoKarabakh)
	}
	out = append(out, &truce.Territory{Name: NagornoKarabakh, Kind: truce.TerritoryRegion, Country: "AZE",
		Aliases: []string{"Nagorno-Karabakh Autonomous Oblast", "NKAO", "Nagorny Karabakh", "Mountainous Karabakh",
			"Dağlıq Qarabağ", "Artsakh", "Republic of Artsakh", "Nagorno Karabakh Republic"},
		Geometry: nkao.Geometry})
	corridor, err := strip(corridorPath, corridorWidthKm)
	if err != nil {
		return nil, err
	}
	out = append(out, &truce.Territory{Name: LachinCorridor, Kind: truce.TerritoryCorridor, Country: "AZE",
		Aliases: []string{"Lachin Corridor", "Berdzor corridor", "Laçın dəhlizi"}, Geometry: corridor})
	shusha, ok := byCode["AZ-X01~"]
	if !ok {
		return nil, fmt.Errorf("demo: geometry: no polygon for %s", ShushaTown)
	}
	out = append(out, &truce.Territory{Name: ShushaTown, Kind: truce.TerritoryLocality, Country: "AZE",
		GeoNameID: 147105, Aliases: shushaAliases, Geometry: shusha.Geometry})
	for _, t := range towns {
		g, err := disc(t.Centre, t.RadiusKm, 16)
		if err != nil {
			return nil, err
		}
		out = append(out, &truce.Territory{Name: t.Name, Kind: truce.TerritoryLocality, Country: "AZE",
			Aliases: t.Aliases, Geometry: g})
	}
	return out, nil
}

// CorridorFeature returns the Lachin corridor as a GeoJSON Feature whose
// properties say how it was made: an approximate 5 km strip along a
// handful of points of the road, not a surveyed boundary.
func CorridorFeature() (json.RawMessage, error) {
	g, err := strip(corridorPath, corridorWidthKm)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(map[string]any{
		"type": "Feature",
		"properties": map[string]any{
			"name":        LachinCorridor,
			"kind":        truce.TerritoryCorridor,
			"approximate": true,
			"width_km":    corridorWidthKm,
			"note": "Approximate: a 5 km strip (point 6 of the trilateral statement of 10 Nov 2020) " +
				"along five points of the Stepanakert–Lachin–Goris road known to a few kilometres, " +
				"passing west of Shusha and ending at the Armenian border near Kornidzor.",
		},
		"geometry": g,
	})
	if err != nil {
		return nil, fmt.Errorf("demo: corridor feature: %w", err)
	}
	return b, nil
}
