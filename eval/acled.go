package eval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// ACLEDRow is one coder note of the ACLED evaluation set with its coding.
type ACLEDRow struct {
	ID         string    `json:"id"`
	Provenance string    `json:"provenance"`
	Text       string    `json:"text"`
	Gold       ACLEDGold `json:"gold"`
}

// ACLEDGold is the coding of a note, as ACLED's export spells it. Numbers
// arrive as strings or numbers depending on the source; flexNum reads both.
type ACLEDGold struct {
	EventDate     string  `json:"event_date"`
	TimePrecision flexNum `json:"time_precision"`
	EventType     string  `json:"event_type"`
	SubEventType  *string `json:"sub_event_type"`
	Actor1        string  `json:"actor1"`
	Actor2        string  `json:"actor2"`
	Country       string  `json:"country"`
	Admin1        string  `json:"admin1"`
	Location      string  `json:"location"`
	Latitude      flexNum `json:"latitude"`
	Longitude     flexNum `json:"longitude"`
	GeoPrecision  flexNum `json:"geo_precision"`
	Fatalities    flexNum `json:"fatalities"` // absent in some extracts
}

// flexNum is a JSON number that may come quoted, empty or null.
type flexNum struct {
	V   float64
	Set bool
}

// UnmarshalJSON accepts 12, "12", "12.5", "", and null.
func (f *flexNum) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(b, `"`))
	if s == "" || s == "null" {
		*f = flexNum{}
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("not a number: %s", b)
	}
	*f = flexNum{V: v, Set: true}
	return nil
}

// MarshalJSON writes the number, or null when unset.
func (f flexNum) MarshalJSON() ([]byte, error) {
	if !f.Set {
		return []byte("null"), nil
	}
	return json.Marshal(f.V)
}

// Source returns the extract a row comes from: the part of its id before
// the colon ("RPanlilio:ISR1786" → "RPanlilio").
func (r *ACLEDRow) Source() string {
	src, _, _ := strings.Cut(r.ID, ":")
	return src
}

// SubType returns the row's ACLED sub-event type. Rows in the pre-2019
// schema have none; for them the old event types that name a single new
// sub-event type ("Battle-No change of territory" → "Armed clash") are
// mapped and the others give "".
func (r *ACLEDRow) SubType() truce.SubEventType {
	if r.Gold.SubEventType != nil && *r.Gold.SubEventType != "" {
		return truce.SubEventType(*r.Gold.SubEventType)
	}
	switch oldKey(r.Gold.EventType) {
	case "battle-no change of territory":
		return truce.ArmedClash
	case "battle-government regains territory":
		return truce.GovernmentRegainsTerritory
	case "battle-non-state actors overtake territory", "battle-non-state actor overtakes territory":
		return truce.NonStateActorOvertakes
	case "non-violent transfer of territory":
		return truce.NonViolentTransfer
	}
	return ""
}

// EventTypes returns the event types a prediction may have to count as
// right: the row's type, or for the old schema the types its old type was
// split into ("Riots/Protests" → Protests or Riots).
func (r *ACLEDRow) EventTypes() []truce.EventType {
	if st := r.SubType(); st != "" {
		return []truce.EventType{st.Type()}
	}
	switch oldKey(r.Gold.EventType) {
	case "riots/protests":
		return []truce.EventType{truce.Protests, truce.Riots}
	case "violence against civilians":
		return []truce.EventType{truce.ViolenceAgainstCivilians}
	case "remote violence":
		return []truce.EventType{truce.ExplosionsRemote}
	case "strategic development", "strategic developments":
		return []truce.EventType{truce.StrategicDevelopments}
	}
	if t := truce.EventType(r.Gold.EventType); t != "" {
		return []truce.EventType{t}
	}
	return nil
}

func oldKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Date returns the coded event date, or the zero Date when it is missing
// or malformed.
func (r *ACLEDRow) Date() truce.Date {
	d, err := truce.ParseDate(r.Gold.EventDate)
	if err != nil {
		return 0
	}
	return d
}

// Actor1Country returns the ISO alpha-3 code of the country of the row's
// first actor: the country its name carries, else the event's country.
func (r *ACLEDRow) Actor1Country() string {
	if c := ActorCountry(r.Gold.Actor1); c != "" {
		return c
	}
	return CountryCode(r.Gold.Country)
}

// ReadACLED reads rows of the ACLED evaluation set in JSON Lines from path,
// a file or a folder of *.jsonl files (read in name order). A row whose id
// was read before (a subset file beside the whole set) is skipped. A line
// that does not parse is an error naming the file and line.
func ReadACLED(path string, limit int) ([]ACLEDRow, error) {
	rows, _, err := readACLED(path, limit)
	return rows, err
}

// readACLED is ReadACLED that also returns how many duplicate rows it
// skipped.
func readACLED(path string, limit int) ([]ACLEDRow, int, error) {
	files, err := jsonlFiles(path)
	if err != nil {
		return nil, 0, err
	}
	rd := acledReader{seen: map[string]bool{}, limit: limit}
	for _, f := range files {
		if err := rd.readFile(f); err != nil {
			return nil, rd.dups, err
		}
		if limit > 0 && len(rd.rows) >= limit {
			break
		}
	}
	return rd.rows, rd.dups, nil
}

type acledReader struct {
	rows  []ACLEDRow
	seen  map[string]bool
	dups  int
	limit int
}

func jsonlFiles(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	files, err := filepath.Glob(filepath.Join(path, "*.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("eval: list %s: %w", path, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("eval: no *.jsonl files in %s", path)
	}
	sort.Strings(files)
	return files, nil
}

func (rd *acledReader) readFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var r ACLEDRow
		if err := json.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("eval: %s:%d: %w", path, line, err)
		}
		if r.Text == "" {
			return fmt.Errorf("eval: %s:%d: row %q has no text", path, line, r.ID)
		}
		if r.ID != "" && rd.seen[r.ID] {
			rd.dups++
			continue
		}
		rd.seen[r.ID] = true
		rd.rows = append(rd.rows, r)
		if rd.limit > 0 && len(rd.rows) >= rd.limit {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("eval: read %s: %w", path, err)
	}
	return nil
}

// LocationKm is the distance within which a predicted location counts as
// right in the ACLED scores.
const LocationKm = 25

// ACLEDReport holds the figures of an ACLED run.
type ACLEDReport struct {
	Path   string `json:"path"`
	Rows   int    `json:"rows"`
	Errors int    `json:"errors"` // rows where the extractor failed
	// ErrorSamples are the first few extractor errors, with the row id.
	ErrorSamples []string `json:"error_samples,omitempty"`
	// Duplicates counts rows skipped because their id was read before.
	Duplicates int     `json:"duplicates"`
	Elapsed    Seconds `json:"elapsed_s"` // wall time of the extraction
	Workers    int     `json:"workers"`
	// EventsPerRow is the mean number of events predicted per note.
	EventsPerRow float64 `json:"events_per_row"`
	// NoEvent counts notes where nothing was predicted.
	NoEvent Ratio `json:"no_event"`

	// SubEvent scores the best-matching predicted event of each note with
	// a known sub-event type (a predicted event of the gold type if there
	// is one, else the highest-confidence event) over the 25 types.
	SubEvent Averages `json:"sub_event"`
	// SubEventTop1 scores the highest-confidence event only.
	SubEventTop1 Averages `json:"sub_event_top1"`
	// PerType is the per-type score behind SubEvent, in codebook order.
	PerType []ClassScore `json:"per_type"`
	// Confusions are the most frequent errors behind SubEvent.
	Confusions []Pair `json:"confusions"`
	// OldSchemaMapped and OldSchemaSkipped count pre-2019 rows whose old
	// event type was mapped to a sub-event type or left out of SubEvent.
	OldSchemaMapped  int `json:"old_schema_mapped"`
	OldSchemaSkipped int `json:"old_schema_skipped"`

	EventType Ratio `json:"event_type"`
	Location  Ratio `json:"location_25km"`
	// LocationMissing counts notes whose chosen event has no coordinates
	// (a subset of the misses of Location); LocationByPrecision splits
	// Location by the gold geo_precision (1 town, 2 near/part of, 3 region).
	LocationMissing     int      `json:"location_missing"`
	LocationByPrecision [3]Ratio `json:"location_by_precision"`
	// LocationReachable, measured when Options.Places is set, counts the
	// notes in which some reading of some place the gazetteer finds lies
	// within 25 km of the coded point: the best any choice among the
	// gazetteer's readings could score. The rest name the coded place in
	// a way the gazetteer lacks, or not at all, or were coded elsewhere.
	LocationReachable *Ratio `json:"location_reachable,omitempty"`
	Date              Ratio  `json:"date_exact"`
	DateExplicit      Ratio  `json:"date_exact_explicit"` // notes that state the day ("On 9 May 2020")
	DateImplicit      Ratio  `json:"date_exact_implicit"` // the others
	Actor1Country     Ratio  `json:"actor1_country"`
	Fatalities        Ratio  `json:"fatalities_exact"`

	// BySource splits the main figures by the extract the rows come from.
	BySource []ACLEDSlice `json:"by_source"`

	confusion *Confusion
}

// ACLEDSlice is the figures of the rows from one source extract.
type ACLEDSlice struct {
	Source     string `json:"source"`
	Rows       int    `json:"rows"`
	SubEvent   Ratio  `json:"sub_event"` // accuracy of the best-matching event
	EventType  Ratio  `json:"event_type"`
	Location   Ratio  `json:"location_25km"`
	Date       Ratio  `json:"date_exact"`
	Fatalities Ratio  `json:"fatalities_exact"`
}

// ACLED scores x on the ACLED rows at path (a file or a folder). Each note
// is extracted with its coded event date as the publication date, which is
// what the note's opening "On 9 May 2020," states.
func ACLED(ctx context.Context, x Extractor, path string, opts Options) (*ACLEDReport, error) {
	rows, dups, err := readACLED(path, opts.Limit)
	if err != nil {
		return nil, err
	}
	rows = spread(rows, opts.Sample)
	rep, err := ScoreACLED(ctx, x, rows, opts)
	if err != nil {
		return nil, err
	}
	rep.Path, rep.Duplicates = path, dups
	return rep, nil
}

// ScoreACLED scores x on rows.
func ScoreACLED(ctx context.Context, x Extractor, rows []ACLEDRow, opts Options) (*ACLEDReport, error) {
	start := time.Now()
	outs, err := extractAll(ctx, x, len(rows), func(i int) (string, truce.Date) {
		return rows[i].Text, rows[i].Date()
	}, opts)
	if err != nil {
		return nil, err
	}
	rep := &ACLEDReport{Rows: len(rows), Elapsed: Seconds(time.Since(start)), Workers: opts.workers(), confusion: &Confusion{}}
	top1 := &Confusion{}
	slices := map[string]*ACLEDSlice{}
	var nEvents int
	for i := range rows {
		r, o := &rows[i], outs[i]
		if o.err != nil {
			rep.Errors++
			rep.ErrorSamples = sampleError(rep.ErrorSamples, r.ID, o.err)
		}
		nEvents += len(o.events)
		rep.NoEvent.Add(len(o.events) == 0)
		sl := slices[r.Source()]
		if sl == nil {
			sl = &ACLEDSlice{Source: r.Source()}
			slices[r.Source()] = sl
		}
		sl.Rows++
		scoreACLEDRow(rep, top1, sl, r, o.events)
		if opts.Places != nil && r.Gold.Latitude.Set && r.Gold.Longitude.Set {
			if rep.LocationReachable == nil {
				rep.LocationReachable = &Ratio{}
			}
			rep.LocationReachable.Add(namesPlaceNear(opts.Places, r.Text, r.Gold.Latitude.V, r.Gold.Longitude.V))
		}
	}
	if len(rows) > 0 {
		rep.EventsPerRow = float64(nEvents) / float64(len(rows))
	}
	labels := subTypeLabels()
	rep.SubEvent = rep.confusion.Average(labels)
	rep.SubEventTop1 = top1.Average(labels)
	rep.PerType = rep.confusion.Scores(labels)
	rep.Confusions = rep.confusion.TopConfusions(15)
	for _, s := range slices {
		rep.BySource = append(rep.BySource, *s)
	}
	sort.Slice(rep.BySource, func(i, j int) bool { return rep.BySource[i].Source < rep.BySource[j].Source })
	return rep, nil
}

// Confusion returns the sub-event confusion behind the report.
func (r *ACLEDReport) Confusion() *Confusion { return r.confusion }

func scoreACLEDRow(rep *ACLEDReport, top1 *Confusion, sl *ACLEDSlice, r *ACLEDRow, events []truce.Event) {
	gold := r.SubType()
	oldSchema := r.Gold.SubEventType == nil || *r.Gold.SubEventType == ""
	switch {
	case oldSchema && gold != "":
		rep.OldSchemaMapped++
	case oldSchema:
		rep.OldSchemaSkipped++
	}
	date := r.Date()
	lat, lon := r.Gold.Latitude, r.Gold.Longitude
	hasLoc := lat.Set && lon.Set
	best := bestMatch(events, gold, r.EventTypes(), date, lat.V, lon.V, hasLoc)
	var ev *truce.Event
	if best >= 0 {
		ev = &events[best]
	}
	if gold != "" {
		rep.confusion.AddRow(string(gold), predLabel(ev), r.ID)
		t := topConfidence(events)
		if t >= 0 {
			top1.Add(string(gold), string(events[t].SubType))
		} else {
			top1.Add(string(gold), None)
		}
		sl.SubEvent.Add(ev != nil && ev.SubType == gold)
	}
	if types := r.EventTypes(); len(types) > 0 {
		ok := ev != nil && containsType(types, eventType(ev))
		rep.EventType.Add(ok)
		sl.EventType.Add(ok)
	}
	if hasLoc {
		ok := ev != nil && hasLocation(ev) && HaversineKm(lat.V, lon.V, ev.Location.Lat, ev.Location.Lon) <= LocationKm
		rep.Location.Add(ok)
		if ev != nil && !hasLocation(ev) {
			rep.LocationMissing++
		}
		if p := int(r.Gold.GeoPrecision.V); p >= 1 && p <= 3 {
			rep.LocationByPrecision[p-1].Add(ok)
		}
		sl.Location.Add(ok)
	}
	if date != 0 {
		ok := ev != nil && ev.Date == date
		rep.Date.Add(ok)
		sl.Date.Add(ok)
		if statesDay(r.Text) {
			rep.DateExplicit.Add(ok)
		} else {
			rep.DateImplicit.Add(ok)
		}
	}
	if c := r.Actor1Country(); c != "" {
		rep.Actor1Country.Add(ev != nil && strings.EqualFold(ev.Actor1.Country, c))
	}
	if r.Gold.Fatalities.Set {
		ok := ev != nil && fatalitiesLow(ev) == int(r.Gold.Fatalities.V)
		rep.Fatalities.Add(ok)
		sl.Fatalities.Add(ok)
	}
}

// bestMatch returns the index of the predicted event that best matches the
// gold coding, or -1 when there are none: the gold sub-event type counts
// most, then the event type, then the place and the date; ties go to the
// higher confidence, then to the earlier event.
func bestMatch(events []truce.Event, sub truce.SubEventType, types []truce.EventType, date truce.Date, lat, lon float64, hasLoc bool) int {
	best, bestScore := -1, -1
	for i := range events {
		e := &events[i]
		s := 0
		if sub != "" && e.SubType == sub {
			s += 8
		}
		if containsType(types, eventType(e)) {
			s += 4
		}
		if hasLoc && hasLocation(e) && HaversineKm(lat, lon, e.Location.Lat, e.Location.Lon) <= LocationKm {
			s += 2
		}
		if date != 0 && e.Date == date {
			s++
		}
		if s > bestScore || (s == bestScore && e.Confidence > events[best].Confidence) {
			best, bestScore = i, s
		}
	}
	return best
}

// topConfidence returns the index of the highest-confidence event (the
// first on ties), or -1.
func topConfidence(events []truce.Event) int {
	best := -1
	for i := range events {
		if best < 0 || events[i].Confidence > events[best].Confidence {
			best = i
		}
	}
	return best
}

func predLabel(e *truce.Event) string {
	if e == nil {
		return None
	}
	return string(e.SubType)
}

func eventType(e *truce.Event) truce.EventType {
	if e.Type != "" {
		return e.Type
	}
	return e.SubType.Type()
}

func containsType(ts []truce.EventType, t truce.EventType) bool {
	for _, v := range ts {
		if v == t {
			return true
		}
	}
	return false
}

// namesPlaceNear reports whether a reading of a toponym in text lies
// within LocationKm of lat, lon.
func namesPlaceNear(g Scanner, text string, lat, lon float64) bool {
	for _, m := range g.Scan(text) {
		for _, p := range m.Candidates {
			if (p.Lat != 0 || p.Lon != 0) && HaversineKm(lat, lon, p.Lat, p.Lon) <= LocationKm {
				return true
			}
		}
	}
	return false
}

// hasLocation reports whether the extractor placed the event: coordinates
// other than 0,0 (a name without coordinates cannot be scored).
func hasLocation(e *truce.Event) bool {
	return e.Location.Lat != 0 || e.Location.Lon != 0
}

// fatalitiesLow returns the lowest reported fatality figure, which is what
// ACLED codes; no figure counts as 0.
func fatalitiesLow(e *truce.Event) int {
	if e.Fatalities == nil {
		return 0
	}
	return e.Fatalities.Low
}

// subTypeLabels returns the 25 ACLED sub-event types as labels.
func subTypeLabels() []string {
	out := make([]string, len(truce.SubEventTypes))
	for i, s := range truce.SubEventTypes {
		out[i] = string(s)
	}
	return out
}

var months = []string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

// statesDay reports whether a note names its day near its start, as in
// "On 9 May 2020," or "Movement of forces: On 3 May 2020,".
func statesDay(text string) bool {
	head := strings.ToLower(text[:min(len(text), 80)])
	for _, m := range months {
		i := strings.Index(head, " "+m)
		if i <= 0 {
			continue
		}
		j := i - 1
		for j >= 0 && head[j] >= '0' && head[j] <= '9' {
			j--
		}
		if j < i-1 {
			return true
		}
	}
	return false
}
