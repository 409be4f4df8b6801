package exchange

import (
	"bufio"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
)

// Columns are the columns of an acled-csv export, in order: ACLED's
// column names where they apply, then truce's own. Two deviations from
// ACLED: iso holds the ISO 3166-1 alpha-3 code (ACLED's holds the numeric
// code), and event_id_cnty is that code followed by truce's event id.
var Columns = []string{
	"event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
	"actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
	"iso", "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
	"source", "notes", "fatalities", "timestamp",
	// truce's own
	"status", "confidence", "sources", "fatalities_high", "injured_low", "injured_high",
	"control_territory", "control_to", "control_from", "review", "evidence",
	"date_end", "geonameid", "actor1_kind", "actor1_country", "actor2_kind", "actor2_country",
}

// numeric are the columns GeoJSON writes as numbers.
var numeric = map[string]bool{
	"year": true, "time_precision": true, "inter1": true, "inter2": true, "interaction": true,
	"latitude": true, "longitude": true, "geo_precision": true, "fatalities": true, "timestamp": true,
	"confidence": true, "sources": true, "fatalities_high": true, "injured_low": true, "injured_high": true,
	"geonameid": true,
}

// evidenceJSON is one piece of evidence in the evidence column: what it
// quotes and from which report, without the record's ids.
type evidenceJSON struct {
	URL       string       `json:"url,omitempty"`
	Outlet    string       `json:"outlet,omitempty"`
	Text      string       `json:"text"`
	Start     int          `json:"start"`
	End       int          `json:"end"`
	ClaimedBy string       `json:"claimed_by,omitempty"`
	Stance    truce.Stance `json:"stance,omitempty"`
	// Source numbers the report within the file (1, 2, … by first
	// appearance), so that evidence from one report stays together on
	// import even when the report has no URL; CopyOf is the number of the
	// report this one is a near-duplicate of, so that a wire copy still
	// counts once among an event's sources.
	Source int `json:"source,omitempty"`
	CopyOf int `json:"copy_of,omitempty"`
}

// ExportOptions say what to export and how.
type ExportOptions struct {
	Format Format
	// Filter selects the events (From, To, BBox, Review, ...); its Order,
	// Limit and Offset are set by Export.
	Filter truce.EventFilter
	// PageSize is how many events are read from the store at a time
	// (0: 1000).
	PageSize int
}

// Export writes the events of s that o.Filter selects to w in o.Format,
// oldest first, and returns how many it wrote. Events are read a page at a
// time, so memory does not grow with the record.
func Export(ctx context.Context, s truce.Store, w io.Writer, o ExportOptions) (int, error) {
	var enc encoder
	bw := bufio.NewWriterSize(w, 64<<10)
	x := &exporter{s: s, countries: map[string]string{}, ords: map[int64]int{}, dups: map[int64]int64{}}
	switch o.Format {
	case ACLEDCSV:
		enc = &csvEncoder{w: csv.NewWriter(bw), x: x}
	case GeoJSON:
		enc = &geoEncoder{w: bw, x: x}
	case JSONL:
		enc = &jsonlEncoder{w: bw}
	default:
		return 0, truce.Errorf(truce.EINVALID, "export format %q: want acled-csv, geojson or jsonl", o.Format)
	}
	page := cmp.Or(o.PageSize, 1000)
	f := o.Filter
	f.Order, f.Limit = "date", page
	if err := enc.begin(); err != nil {
		return 0, fmt.Errorf("exchange: export: %w", err)
	}
	n := 0
	for f.Offset = 0; ; f.Offset += page {
		es, _, err := s.Events(ctx, f)
		if err != nil {
			return n, fmt.Errorf("exchange: export: read events: %w", err)
		}
		for _, e := range es {
			if err := enc.event(ctx, e); err != nil {
				return n, fmt.Errorf("exchange: export event %d: %w", e.ID, err)
			}
			n++
		}
		if len(es) < page {
			break
		}
	}
	if err := enc.end(); err != nil {
		return n, fmt.Errorf("exchange: export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("exchange: export: %w", err)
	}
	return n, nil
}

type encoder interface {
	begin() error
	event(ctx context.Context, e *truce.Event) error
	end() error
}

// exporter turns events into column values; it caches country names.
type exporter struct {
	s         truce.Store
	countries map[string]string // ISO3 → name of the country territory
	ords      map[int64]int     // source id → number in the file
	dups      map[int64]int64   // source id → id of its original (0: none)
}

// ord returns the number of source id in the file, giving the next number
// to a source seen first.
func (x *exporter) ord(id int64) int {
	if id == 0 {
		return 0
	}
	if n, ok := x.ords[id]; ok {
		return n
	}
	x.ords[id] = len(x.ords) + 1
	return x.ords[id]
}

// copyOf returns the number of the original of source id, or 0.
func (x *exporter) copyOf(ctx context.Context, id int64) (int, error) {
	if id == 0 {
		return 0, nil
	}
	dup, ok := x.dups[id]
	if !ok {
		src, err := x.s.Source(ctx, id)
		if err != nil {
			return 0, fmt.Errorf("source %d: %w", id, err)
		}
		dup = src.DuplicateOf
		x.dups[id] = dup
	}
	return x.ord(dup), nil
}

// country returns the name of the country with the given ISO3 code, from
// the record's country territories ("" when it has none).
func (x *exporter) country(ctx context.Context, iso string) (string, error) {
	if iso == "" {
		return "", nil
	}
	if n, ok := x.countries[iso]; ok {
		return n, nil
	}
	ts, err := x.s.Territories(ctx, truce.TerritoryFilter{Kinds: []truce.TerritoryKind{truce.TerritoryCountry}, Country: iso, Limit: 1})
	if err != nil {
		return "", fmt.Errorf("country %s: %w", iso, err)
	}
	name := ""
	if len(ts) > 0 {
		name = ts[0].Name
	}
	x.countries[iso] = name
	return name, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// optInt formats a non-zero number; zero is "".
func optInt(n int) string {
	if n == 0 {
		return ""
	}
	return itoa(n)
}

// optInt64 formats a non-zero number; zero is "".
func optInt64(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// values returns the row of e in Columns order.
func (x *exporter) values(ctx context.Context, e *truce.Event) ([]string, error) {
	l := e.Location
	country, err := x.country(ctx, l.Country)
	if err != nil {
		return nil, err
	}
	inter1, inter2 := e.Actor1.Kind.Inter(), 0
	var actor2, kind2, country2 string
	if a := e.Actor2; a != nil {
		actor2, kind2, country2 = a.Name, string(a.Kind), a.Country
		inter2 = a.Kind.Inter()
	}
	var outlets []string
	evs := make([]evidenceJSON, len(e.Evidence))
	for i, ev := range e.Evidence {
		evs[i] = evidenceJSON{URL: ev.URL, Outlet: ev.Outlet, Text: ev.Text, Start: ev.Start, End: ev.End, ClaimedBy: ev.ClaimedBy, Stance: ev.Stance,
			Source: x.ord(ev.SourceID)}
		if evs[i].CopyOf, err = x.copyOf(ctx, ev.SourceID); err != nil {
			return nil, err
		}
		if ev.Outlet != "" && !slices.Contains(outlets, ev.Outlet) {
			outlets = append(outlets, ev.Outlet)
		}
	}
	evJSON, err := json.Marshal(evs)
	if err != nil {
		return nil, err
	}
	var fat, fatHigh, injLow, injHigh string
	if r := e.Fatalities; r != nil {
		fat, fatHigh = itoa(r.Low), itoa(r.High)
	}
	if r := e.Injured; r != nil {
		injLow, injHigh = itoa(r.Low), itoa(r.High)
	}
	var ctlTerr, ctlTo, ctlFrom string
	if c := e.Control; c != nil {
		ctlTerr, ctlTo = c.Territory, c.To.Name
		if c.From != nil {
			ctlFrom = c.From.Name
		}
	}
	var ts string
	if !e.UpdatedAt.IsZero() {
		ts = strconv.FormatInt(e.UpdatedAt.Unix(), 10)
	}
	geoPrec := ""
	if l.Precision != 0 {
		geoPrec = itoa(int(l.Precision))
	}
	return []string{
		fmt.Sprintf("%s%d", cmp.Or(l.Country, "XXX"), e.ID), e.Date.String(), itoa(e.Date.Time().Year()), itoa(int(e.DatePrecision)),
		string(e.Type), string(e.SubType),
		e.Actor1.Name, "", optInt(inter1), actor2, "", optInt(inter2), interaction(inter1, inter2),
		l.Country, country, l.Admin1, l.Admin2, l.Name, ftoa(l.Lat), ftoa(l.Lon), geoPrec,
		strings.Join(outlets, "; "), e.Notes, fat, ts,
		string(e.Status), ftoa(e.Confidence), itoa(e.Sources), fatHigh, injLow, injHigh,
		ctlTerr, ctlTo, ctlFrom, string(e.Review), string(evJSON),
		e.DateEnd.String(), optInt64(l.GeoNameID), string(e.Actor1.Kind), e.Actor1.Country, kind2, country2,
	}, nil
}

type csvEncoder struct {
	w *csv.Writer
	x *exporter
}

func (c *csvEncoder) begin() error { return c.w.Write(Columns) }

func (c *csvEncoder) event(ctx context.Context, e *truce.Event) error {
	row, err := c.x.values(ctx, e)
	if err != nil {
		return err
	}
	for i, v := range row {
		row[i] = escapeCell(v)
	}
	return c.w.Write(row)
}

// escapeCell keeps a spreadsheet from running a cell as a formula (CSV
// injection): text that starts with =, +, -, @, a tab or a carriage
// return gets a leading apostrophe, which spreadsheets show as text and
// hide. Numbers ("-12.5") are left alone. Text that starts with an
// apostrophe gets another, so that unescapeCell gives back every text.
func escapeCell(v string) string {
	if v == "" || !strings.ContainsRune("=+-@\t\r'", rune(v[0])) {
		return v
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return v
	}
	return "'" + v
}

func (c *csvEncoder) end() error {
	c.w.Flush()
	return c.w.Error()
}

type jsonlEncoder struct{ w *bufio.Writer }

func (j *jsonlEncoder) begin() error { return nil }

func (j *jsonlEncoder) event(_ context.Context, e *truce.Event) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	j.w.Write(b)
	return j.w.WriteByte('\n')
}

func (j *jsonlEncoder) end() error { return nil }

// geoEncoder writes a GeoJSON FeatureCollection of points whose
// properties are the acled-csv columns (numbers as numbers, the evidence
// as an array, empty values as null).
type geoEncoder struct {
	w     *bufio.Writer
	x     *exporter
	first bool
}

func (g *geoEncoder) begin() error {
	g.first = true
	_, err := g.w.WriteString(`{"type":"FeatureCollection","features":[`)
	return err
}

func (g *geoEncoder) event(ctx context.Context, e *truce.Event) error {
	row, err := g.x.values(ctx, e)
	if err != nil {
		return err
	}
	if !g.first {
		g.w.WriteByte(',')
	}
	g.first = false
	fmt.Fprintf(g.w, "\n{\"type\":\"Feature\",\"id\":%d,\"geometry\":{\"type\":\"Point\",\"coordinates\":[%s,%s]},\"properties\":{",
		e.ID, ftoa(e.Location.Lon), ftoa(e.Location.Lat))
	for i, col := range Columns {
		if i > 0 {
			g.w.WriteByte(',')
		}
		g.w.WriteString(strconv.Quote(col))
		g.w.WriteByte(':')
		v := row[i]
		switch {
		case v == "":
			g.w.WriteString("null")
		case numeric[col], col == "evidence":
			g.w.WriteString(v)
		default:
			b, err := json.Marshal(v)
			if err != nil {
				return err
			}
			g.w.Write(b)
		}
	}
	_, err = g.w.WriteString("}}")
	return err
}

func (g *geoEncoder) end() error {
	_, err := g.w.WriteString("\n]}\n")
	return err
}
