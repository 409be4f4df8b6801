package eval

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// UCDPHeadline is one source the UCDP coder used for an event.
type UCDPHeadline struct {
	Outlet    string
	Published truce.Date
	Text      string
}

// UCDPRow is one event of UCDP GED with the headlines it was coded from.
type UCDPRow struct {
	ID              string
	Headlines       []UCDPHeadline
	Lat, Lon        float64
	WherePrecision  int // 1 exact place … 7 country
	Start, End      truce.Date
	Best, Low, High int
}

// ReadUCDP reads UCDP GED events from path, a CSV file or a folder of
// *.csv files (read in name order). A second row of HXL tags ("#date+year")
// is skipped. Rows without coordinates or dates are an error naming the
// file and line.
func ReadUCDP(path string, limit int) ([]UCDPRow, error) {
	files, err := csvFiles(path)
	if err != nil {
		return nil, err
	}
	var rows []UCDPRow
	for _, f := range files {
		rows, err = readUCDPFile(f, rows, limit)
		if err != nil {
			return nil, err
		}
		if limit > 0 && len(rows) >= limit {
			break
		}
	}
	return rows, nil
}

func csvFiles(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	files, _ := filepath.Glob(filepath.Join(path, "*.csv"))
	if len(files) == 0 {
		return nil, fmt.Errorf("eval: no *.csv files in %s", path)
	}
	sort.Strings(files)
	return files, nil
}

var ucdpColumns = []string{"id", "source_article", "source_headline", "source_date", "latitude", "longitude",
	"where_prec", "date_start", "date_end", "best", "low", "high"}

func readUCDPFile(path string, rows []UCDPRow, limit int) ([]UCDPRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return rows, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return rows, fmt.Errorf("eval: %s: header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, c := range ucdpColumns {
		if _, ok := col[c]; !ok {
			return rows, fmt.Errorf("eval: %s: no column %q: not a UCDP GED file", path, c)
		}
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rows, fmt.Errorf("eval: %s: %w", path, err)
		}
		get := func(c string) string {
			if i := col[c]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.HasPrefix(get("latitude"), "#") || strings.HasPrefix(get("date_start"), "#") {
			continue // HXL tags
		}
		r, err := parseUCDP(get)
		if err != nil {
			return rows, fmt.Errorf("eval: %s:%d: %w", path, line, err)
		}
		rows = append(rows, r)
		if limit > 0 && len(rows) >= limit {
			break
		}
	}
	return rows, nil
}

func parseUCDP(get func(string) string) (UCDPRow, error) {
	r := UCDPRow{ID: get("id")}
	var err error
	num := func(c string) float64 {
		if err != nil {
			return 0
		}
		var v float64
		v, err = strconv.ParseFloat(get(c), 64)
		if err != nil {
			err = fmt.Errorf("event %s: %s: %w", r.ID, c, err)
		}
		return v
	}
	date := func(c string) truce.Date {
		if err != nil {
			return 0
		}
		s := get(c)
		var d truce.Date
		d, err = truce.ParseDate(s[:min(len(s), 10)])
		if err != nil {
			err = fmt.Errorf("event %s: %s: %w", r.ID, c, err)
		}
		return d
	}
	r.Lat, r.Lon = num("latitude"), num("longitude")
	r.WherePrecision = int(num("where_prec"))
	r.Start, r.End = date("date_start"), date("date_end")
	r.Best, r.Low, r.High = int(num("best")), int(num("low")), int(num("high"))
	if err != nil {
		return r, err
	}
	r.Headlines = splitHeadlines(get("source_article"), get("source_headline"), get("source_date"), r.Start)
	return r, nil
}

// splitHeadlines returns the headlines of an event. source_article lists
// them as "Outlet,YYYY-MM-DD,Headline" in double quotes joined by ";"; when
// it does not parse, the ";"-separated source_headline and source_date are
// paired instead. A headline without a date gets the event's start.
func splitHeadlines(article, headlines, dates string, start truce.Date) []UCDPHeadline {
	var out []UCDPHeadline
	if article != "" {
		ok := true
		for _, part := range strings.Split(article, `";"`) {
			part = strings.Trim(part, `"`)
			outlet, rest, ok1 := strings.Cut(part, ",")
			ds, text, ok2 := strings.Cut(rest, ",")
			d, err := truce.ParseDate(strings.TrimSpace(ds))
			if !ok1 || !ok2 || err != nil {
				ok = false
				break
			}
			if text = strings.TrimSpace(text); text != "" {
				out = append(out, UCDPHeadline{Outlet: strings.TrimSpace(outlet), Published: d, Text: text})
			}
		}
		if ok && len(out) > 0 {
			return out
		}
	}
	out = out[:0]
	ds := strings.Split(dates, ";")
	for i, h := range strings.Split(headlines, ";") {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		d := start
		if i < len(ds) {
			if v, err := truce.ParseDate(strings.TrimSpace(ds[i])); err == nil {
				d = v
			}
		}
		out = append(out, UCDPHeadline{Published: d, Text: h})
	}
	return out
}

// BareOutlet is the UCDP source whose "headlines" are only a place name
// (the MemoryBook casualty list): there is no event in them to extract.
const BareOutlet = "MemoryBook"

// News reports whether any of the event's headlines comes from a news
// outlet rather than the bare place-name list.
func (r *UCDPRow) News() bool {
	for _, h := range r.Headlines {
		if !strings.EqualFold(h.Outlet, BareOutlet) {
			return true
		}
	}
	return false
}

// UCDPReport holds the figures of a UCDP GED run. Each event counts once,
// as a hit when any event extracted from any of its headlines matches.
type UCDPReport struct {
	Path      string `json:"path"`
	Rows      int    `json:"rows"`
	Headlines int    `json:"headlines"`
	Errors    int    `json:"errors"`
	// ErrorSamples are the first few extractor errors, with the event id.
	ErrorSamples []string `json:"error_samples,omitempty"`
	Elapsed      Seconds  `json:"elapsed_s"`
	Workers      int      `json:"workers"`
	// All, News and Bare split the events: every one, those with a news
	// headline, and those known only from the bare place-name list.
	All  UCDPSlice `json:"all"`
	News UCDPSlice `json:"news"`
	Bare UCDPSlice `json:"bare"`
	// Precise is the events UCDP places at a town or within 25 km of it
	// (where_prec 1–2).
	Precise UCDPSlice `json:"precise"`
}

// UCDPSlice is the figures of a subset of the UCDP events.
type UCDPSlice struct {
	Rows       int   `json:"rows"`
	AnyEvent   Ratio `json:"any_event"`
	Place25    Ratio `json:"place_25km"`
	Place50    Ratio `json:"place_50km"`
	Date       Ratio `json:"date_in_range"`
	Fatalities Ratio `json:"fatalities_in_range"`
}

func (s *UCDPSlice) add(r *UCDPRow, events []truce.Event) {
	s.Rows++
	s.AnyEvent.Add(len(events) > 0)
	dist := -1.0
	date, fat := false, false
	for i := range events {
		e := &events[i]
		if hasLocation(e) {
			if d := HaversineKm(r.Lat, r.Lon, e.Location.Lat, e.Location.Lon); dist < 0 || d < dist {
				dist = d
			}
		}
		if !e.Date.IsZero() && e.Date >= r.Start && e.Date <= r.End {
			date = true
		}
		if f := fatalitiesLow(e); f >= r.Low && f <= r.High {
			fat = true
		}
	}
	s.Place25.Add(dist >= 0 && dist <= 25)
	s.Place50.Add(dist >= 0 && dist <= 50)
	s.Date.Add(date)
	s.Fatalities.Add(fat)
}

// UCDP scores x on the UCDP GED events at path: each headline is
// extracted with its publication date.
func UCDP(ctx context.Context, x Extractor, path string, opts Options) (*UCDPReport, error) {
	rows, err := ReadUCDP(path, opts.Limit)
	if err != nil {
		return nil, err
	}
	rows = spread(rows, opts.Sample)
	rep, err := ScoreUCDP(ctx, x, rows, opts)
	if err != nil {
		return nil, err
	}
	rep.Path = path
	return rep, nil
}

// ScoreUCDP scores x on rows.
func ScoreUCDP(ctx context.Context, x Extractor, rows []UCDPRow, opts Options) (*UCDPReport, error) {
	type job struct{ row, h int }
	var jobs []job
	for i := range rows {
		for j := range rows[i].Headlines {
			jobs = append(jobs, job{i, j})
		}
	}
	start := time.Now()
	outs, err := extractAll(ctx, x, len(jobs), func(k int) (string, truce.Date) {
		h := rows[jobs[k].row].Headlines[jobs[k].h]
		return h.Text, h.Published
	}, opts)
	if err != nil {
		return nil, err
	}
	rep := &UCDPReport{Rows: len(rows), Headlines: len(jobs), Elapsed: Seconds(time.Since(start)), Workers: opts.workers()}
	events := make([][]truce.Event, len(rows))
	for k, o := range outs {
		if o.err != nil {
			rep.Errors++
			rep.ErrorSamples = sampleError(rep.ErrorSamples, rows[jobs[k].row].ID, o.err)
		}
		events[jobs[k].row] = append(events[jobs[k].row], o.events...)
	}
	for i := range rows {
		r := &rows[i]
		rep.All.add(r, events[i])
		if r.News() {
			rep.News.add(r, events[i])
		} else {
			rep.Bare.add(r, events[i])
		}
		if r.WherePrecision >= 1 && r.WherePrecision <= 2 {
			rep.Precise.add(r, events[i])
		}
	}
	return rep, nil
}
