package eval

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/truce-monitor/truce/gazetteer"
)

// GeoparseFiles are the gold sets Geoparse reads from a folder, in the
// format of milangritta/Pragmatic-Guide-to-Geoparsing-Evaluation.
var GeoparseFiles = []string{"GWN.xml", "lgl.xml", "TR-News.xml"}

// geoparseDebug, when set, receives a line per toponym resolved too far.
var geoparseDebug io.Writer

// GeoparseKm is the distance within which a resolved place counts as
// right (100 miles, the usual accuracy@161km).
const GeoparseKm = 161.0

// GeoparseCorpus is the score of one gold set.
type GeoparseCorpus struct {
	Name string `json:"name"`
	Docs int    `json:"docs"`
	// Mention detection (Scan) against the gold toponym spans: exact
	// spans, and spans that overlap.
	Gold      int     `json:"gold_toponyms"`
	Predicted int     `json:"predicted"`
	TP        int     `json:"tp"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	OverlapF1 float64 `json:"overlap_f1"`
	// Resolution (Resolve) of the gold toponyms given their names, for
	// those with coordinates: Acc161 over all of them (a name the
	// gazetteer lacks takes the text's main place), Acc161Known over those
	// the gazetteer has candidates for.
	Acc161       Ratio   `json:"acc161"`
	Acc161Known  Ratio   `json:"acc161_known"`
	NoCandidates int     `json:"no_candidates"`
	MedianKm     float64 `json:"median_error_km"`
	MeanKm       float64 `json:"mean_error_km"`
	// AUC is the area under the curve of log error distance, as in
	// Gritta et al. (0 best, 1 worst).
	AUC float64 `json:"auc"`
	// Missed lists the commonest gold names resolved too far away, and
	// Spurious the commonest detected names no gold span has.
	Missed   []GeoparseCount `json:"missed,omitempty"`
	Spurious []GeoparseCount `json:"spurious,omitempty"`
}

// GeoparseCount is a name with how often it occurred.
type GeoparseCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// GeoparseReport is the result of Geoparse.
type GeoparseReport struct {
	Corpora []GeoparseCorpus `json:"corpora"`
	Elapsed Seconds          `json:"elapsed_s"`
}

// geoDoc is a gold document: its text and toponyms with byte offsets.
type geoDoc struct {
	text string
	tops []geoTop
}

type geoTop struct {
	start, end int
	name       string
	lat, lon   float64
	hasCoord   bool
	locational bool // counted for mention detection
}

// Geoparse scores g on the geoparsing gold sets at path: a folder holding
// GeoparseFiles (those present are read) or one such file. opts.Limit
// caps the documents read per set.
func Geoparse(ctx context.Context, g *gazetteer.Gazetteer, path string, opts Options) (*GeoparseReport, error) {
	if g == nil {
		return nil, fmt.Errorf("eval: geoparse: no gazetteer")
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("eval: geoparse: %w", err)
	}
	var files []string
	if st.IsDir() {
		for _, f := range GeoparseFiles {
			if _, err := os.Stat(filepath.Join(path, f)); err == nil {
				files = append(files, filepath.Join(path, f))
			}
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("eval: geoparse: %s holds none of %s", path, strings.Join(GeoparseFiles, ", "))
		}
	} else {
		files = []string{path}
	}
	start := time.Now()
	rep := &GeoparseReport{}
	for _, f := range files {
		docs, err := readGeoDocs(f, opts.Limit)
		if err != nil {
			return nil, err
		}
		if geoparseDebug != nil {
			fmt.Fprintf(geoparseDebug, "corpus\t%s\n", filepath.Base(f))
		}
		c, err := scoreGeoparse(ctx, g, docs, opts)
		if err != nil {
			return nil, err
		}
		c.Name = strings.TrimSuffix(filepath.Base(f), ".xml")
		rep.Corpora = append(rep.Corpora, c)
	}
	rep.Elapsed = Seconds(time.Since(start))
	return rep, nil
}

// geoXML covers both formats: GeoWebNews (extractedName, type,
// latitude/longitude) and LGL/TR-News (phrase, gaztag).
type geoXML struct {
	Articles []struct {
		Text     string `xml:"text"`
		Toponyms []struct {
			Start         int    `xml:"start"`
			End           int    `xml:"end"`
			Phrase        string `xml:"phrase"`
			ExtractedName string `xml:"extractedName"`
			Type          string `xml:"type"`
			Latitude      string `xml:"latitude"`
			Longitude     string `xml:"longitude"`
			Gaztag        *struct {
				Lat string `xml:"lat"`
				Lon string `xml:"lon"`
			} `xml:"gaztag"`
		} `xml:"toponyms>toponym"`
	} `xml:"article"`
}

// gwnLocational are the GeoWebNews toponym types that name a place (the
// types annotated with coordinates); the others (Demonym, Language,
// Homonym, Non_Toponym, the *_Expression heads) are not scored.
var gwnLocational = map[string]bool{
	"Literal": true, "Mixed": true, "Coercion": true, "Embedded_Literal": true, "Literal_Modifier": true,
	"Metonymic": true, "Non_Literal_Modifier": true, "Embedded_Non_Lit": true,
}

func readGeoDocs(path string, limit int) ([]geoDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: geoparse: %w", err)
	}
	defer f.Close()
	var x geoXML
	if err := xml.NewDecoder(f).Decode(&x); err != nil && err != io.EOF {
		return nil, fmt.Errorf("eval: geoparse: %s: %w", path, err)
	}
	var docs []geoDoc
	for _, a := range x.Articles {
		if limit > 0 && len(docs) == limit {
			break
		}
		d := geoDoc{text: a.Text}
		// Offsets are in characters; map them to bytes.
		byteAt := make([]int, 0, len(a.Text)+1)
		for i := range a.Text {
			byteAt = append(byteAt, i)
		}
		byteAt = append(byteAt, len(a.Text))
		for _, t := range a.Toponyms {
			name := t.Phrase
			gwn := t.ExtractedName != "" || t.Type != ""
			if gwn {
				name = t.ExtractedName
			}
			if name == "" || t.Start < 0 || t.End < t.Start || t.End >= len(byteAt) {
				continue
			}
			s, e := byteAt[t.Start], byteAt[t.End]
			if a.Text[s:e] != name {
				// A few offsets are off: take the nearest occurrence.
				var ok bool
				if s, ok = geoNearest(a.Text, name, s); !ok {
					continue
				}
				e = s + len(name)
			}
			top := geoTop{start: s, end: e, name: name, locational: !gwn || gwnLocational[t.Type]}
			lat, lon := t.Latitude, t.Longitude
			if t.Gaztag != nil {
				lat, lon = t.Gaztag.Lat, t.Gaztag.Lon
			}
			if la, err1 := strconv.ParseFloat(strings.TrimSpace(lat), 64); err1 == nil {
				if lo, err2 := strconv.ParseFloat(strings.TrimSpace(lon), 64); err2 == nil {
					top.lat, top.lon, top.hasCoord = la, lo, true
				}
			}
			d.tops = append(d.tops, top)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// geoNearest returns the byte offset of the occurrence of name in text
// closest to at.
func geoNearest(text, name string, at int) (int, bool) {
	best, found := 0, false
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			break
		}
		if !found || geoAbs(i+j-at) < geoAbs(best-at) {
			best, found = i+j, true
		}
		i += j + 1
		if i >= len(text) {
			break
		}
	}
	return best, found
}

func geoAbs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func scoreGeoparse(ctx context.Context, g *gazetteer.Gazetteer, docs []geoDoc, opts Options) (GeoparseCorpus, error) {
	c := GeoparseCorpus{Docs: len(docs)}
	var overlapTP, overlapPredTP int
	var errs []float64
	missed := map[string]int{}
	spurious := map[string]int{}
	for n, d := range docs {
		if err := ctx.Err(); err != nil {
			return c, fmt.Errorf("eval: geoparse: %w", err)
		}
		scanned := g.Scan(d.text)
		// Detection.
		gold := map[[2]int]bool{}
		for _, t := range d.tops {
			if t.locational && !gold[[2]int{t.start, t.end}] {
				gold[[2]int{t.start, t.end}] = true
				c.Gold++
			}
		}
		annotated := func(s, e int) bool {
			for _, t := range d.tops {
				if t.start < e && s < t.end {
					return true
				}
			}
			return false
		}
		for _, m := range scanned {
			c.Predicted++
			if gold[[2]int{m.Start, m.End}] {
				c.TP++
			} else if !annotated(m.Start, m.End) {
				spurious[m.Text]++
			}
			for k := range gold {
				if k[0] < m.End && m.Start < k[1] {
					overlapPredTP++
					break
				}
			}
		}
		for k := range gold {
			hit := false
			for _, m := range scanned {
				if k[0] < m.End && m.Start < k[1] {
					overlapTP++
					hit = true
					break
				}
			}
			if !hit && geoparseDebug != nil {
				fmt.Fprintf(geoparseDebug, "fn\t%s\t%q\n", d.text[k[0]:k[1]], d.text[max(0, k[0]-30):min(len(d.text), k[1]+30)])
			}
		}
		// Resolution given the gold names: the gold mentions plus the
		// scanned ones that do not overlap them, as context.
		var ms []gazetteer.Mention
		goldAt := map[int]int{} // index in ms → index in d.tops
		for i, t := range d.tops {
			if !t.hasCoord {
				continue
			}
			goldAt[len(ms)] = i
			ms = append(ms, g.MentionAt(d.text, t.start, t.end))
		}
		for _, m := range scanned {
			if !annotated(m.Start, m.End) {
				ms = append(ms, m)
			}
		}
		order := make([]int, len(ms))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return ms[order[a]].Start < ms[order[b]].Start })
		sorted := make([]gazetteer.Mention, len(ms))
		for i, j := range order {
			sorted[i] = ms[j]
		}
		rs := g.Resolve(sorted, gazetteer.Context{})
		focus, hasFocus := geoMainPlace(rs)
		for i, j := range order {
			ti, ok := goldAt[j]
			if !ok {
				continue
			}
			t := d.tops[ti]
			r := rs[i]
			known := len(r.Candidates) > 0
			p := r.Place
			if !known {
				c.NoCandidates++
				if !hasFocus {
					errs = append(errs, 20039)
					c.Acc161.Add(false)
					missed[t.name]++
					continue
				}
				p = focus
				if q, ok := geoNearestPlace(rs, i); ok {
					p = q
				}
			}
			km := gazetteer.DistanceKm(p.Lat, p.Lon, t.lat, t.lon)
			errs = append(errs, km)
			c.Acc161.Add(km <= GeoparseKm)
			if known {
				c.Acc161Known.Add(km <= GeoparseKm)
			}
			if km > GeoparseKm {
				missed[t.name]++
				if geoparseDebug != nil {
					right := "none"
					for _, q := range r.Candidates {
						if gazetteer.DistanceKm(q.Lat, q.Lon, t.lat, t.lon) <= GeoparseKm {
							right = fmt.Sprintf("%s (%s %s %s %d)", q.Name, q.Kind(), q.Code, q.Country, q.Population)
							break
						}
					}
					fmt.Fprintf(geoparseDebug, "miss\t%s\tgold %.2f,%.2f\tgot %s (%s %s %s %d) %.2f,%.2f\t%.0f km\tknown %v\tright %s\tmargin %.2f\n", t.name, t.lat, t.lon, p.Name, p.Kind(), p.Code, p.Country, p.Population, p.Lat, p.Lon, km, known, right, r.Margin)
				}
			}
		}
		if opts.Progress != nil {
			opts.Progress(n+1, len(docs))
		}
	}
	c.Precision = geoRatio(c.TP, c.Predicted)
	c.Recall = geoRatio(c.TP, c.Gold)
	c.F1 = geoF1(c.Precision, c.Recall)
	c.OverlapF1 = geoF1(geoRatio(overlapPredTP, c.Predicted), geoRatio(overlapTP, c.Gold))
	if len(errs) > 0 {
		sort.Float64s(errs)
		c.MedianKm = errs[len(errs)/2]
		var sum, auc float64
		for _, e := range errs {
			sum += e
			auc += math.Log(1+e) / math.Log(20039)
		}
		c.MeanKm = sum / float64(len(errs))
		c.AUC = auc / float64(len(errs))
	}
	c.Missed = geoTopCounts(missed, 15)
	c.Spurious = geoTopCounts(spurious, 15)
	return c, nil
}

// geoMainPlace returns the place most mentioned in a text, preferring
// cities and areas to countries: the fallback for names the gazetteer
// lacks (streets, buildings), which lie in or near it.
func geoMainPlace(rs []gazetteer.Resolved) (gazetteer.Place, bool) {
	count := map[int64]int{}
	byKey := map[int64]gazetteer.Place{}
	for _, r := range rs {
		if r.Place.Name == "" {
			continue
		}
		k := int64(math.Round(r.Place.Lat*1000))*1_000_000 + int64(math.Round(r.Place.Lon*1000))
		w := 3
		if r.Place.Kind() == gazetteer.KindCountry {
			w = 1
		}
		count[k] += w
		byKey[k] = r.Place
	}
	var best int64
	n := 0
	for k, v := range count {
		if v > n || (v == n && k < best) {
			best, n = k, v
		}
	}
	p, ok := byKey[best]
	return p, ok && n > 0
}

// geoNearestPlace returns the city or area resolved for the mention
// closest in the text to rs[i], within geoNearBytes, preferring cities to
// areas and places in the admin1 area most mentioned in the text, then in
// its commonest country: the stand-in for a name the gazetteer lacks (a street, a
// building), which usually lies in the place the text is about.
func geoNearestPlace(rs []gazetteer.Resolved, i int) (gazetteer.Place, bool) {
	a1s := map[string]int{}
	countries := map[string]int{}
	for _, r := range rs {
		if r.Place.Name == "" {
			continue
		}
		if k := r.Place.Admin1Key(); k != "" {
			a1s[k]++
		}
		countries[r.Place.Country]++
	}
	topA1, topC := geoMost(a1s), geoMost(countries)
	city := func(p gazetteer.Place) bool { return p.Kind() == gazetteer.KindCity }
	for _, in := range []func(p gazetteer.Place) bool{
		func(p gazetteer.Place) bool { return topA1 != "" && p.Admin1Key() == topA1 && city(p) },
		func(p gazetteer.Place) bool { return topC != "" && p.Country == topC && city(p) },
		func(p gazetteer.Place) bool { return topA1 != "" && p.Admin1Key() == topA1 },
		func(p gazetteer.Place) bool { return topC != "" && p.Country == topC },
		func(p gazetteer.Place) bool { return true },
	} {
		best, bestD := -1, geoNearBytes+1
		for j, r := range rs {
			k := r.Place.Kind()
			if j == i || r.Place.Name == "" || (k != gazetteer.KindCity && k != gazetteer.KindAdmin1) || !in(r.Place) {
				continue
			}
			if d := geoAbs(r.Start - rs[i].Start); d < bestD {
				best, bestD = j, d
			}
		}
		if best >= 0 {
			return rs[best].Place, true
		}
	}
	return gazetteer.Place{}, false
}

// geoMost returns the key with the highest count (ties: the smallest key),
// if it has more than one.
func geoMost(m map[string]int) string {
	best, n := "", 1
	for k, v := range m {
		if v > n || (v == n && k < best && best != "") {
			best, n = k, v
		}
	}
	return best
}

// geoNearBytes is how far from a name the gazetteer lacks another place
// may be to stand for it.
const geoNearBytes = 2000

func geoRatio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func geoF1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func geoTopCounts(m map[string]int, n int) []GeoparseCount {
	var out []GeoparseCount
	for k, v := range m {
		out = append(out, GeoparseCount{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Name < out[j].Name
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// WriteTable writes the report as a table, one row per corpus, then the
// commonest misses.
func (r *GeoparseReport) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "corpus\tdocs\tgold\tP\tR\tF1\toverlap F1\tacc@161km\tacc@161km known\tno candidates\tmedian km\tAUC\n")
	for _, c := range r.Corpora {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%s\t%s\t%d\t%.0f\t%.3f\n", c.Name, c.Docs, c.Gold,
			c.Precision, c.Recall, c.F1, c.OverlapF1, c.Acc161, c.Acc161Known, c.NoCandidates, c.MedianKm, c.AUC)
	}
	fmt.Fprintf(tw, "\nelapsed %s\n", r.Elapsed)
	for _, c := range r.Corpora {
		fmt.Fprintf(tw, "\n%s: resolved > %.0f km\t%s\n", c.Name, GeoparseKm, geoJoinCounts(c.Missed))
		fmt.Fprintf(tw, "%s: spurious mentions\t%s\n", c.Name, geoJoinCounts(c.Spurious))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("eval: write table: %w", err)
	}
	return nil
}

func geoJoinCounts(cs []GeoparseCount) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteString(", ")
		}
		name := c.Name
		if utf8.RuneCountInString(name) > 30 {
			name = string([]rune(name)[:30]) + "…"
		}
		fmt.Fprintf(&b, "%s %d", name, c.Count)
	}
	return b.String()
}

// Figures lists the report's figures per corpus, for comparison with a
// baseline.
func (r *GeoparseReport) Figures() []Figure {
	var fs []Figure
	for _, c := range r.Corpora {
		fs = append(fs,
			Figure{c.Name + " acc@161km", c.Acc161.Rate()},
			Figure{c.Name + " acc@161km known names", c.Acc161Known.Rate()},
			Figure{c.Name + " mention F1", c.F1},
			Figure{c.Name + " mention precision", c.Precision},
			Figure{c.Name + " mention recall", c.Recall},
		)
	}
	return fs
}
