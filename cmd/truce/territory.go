package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqlite"
)

type territoryAddFlags struct{ db, kind, country string }

var territoryAddOpts territoryAddFlags

type territoryListFlags struct {
	db, kind, country, format string
}

var territoryListOpts territoryListFlags

func init() {
	register(&command{
		Name:    "territory add",
		Summary: "add or update territories from a GeoJSON file",
		Usage:   "FILE.geojson [--kind KIND] [--country ISO3] [--db PATH]",
		Help: `Adds the features of a GeoJSON Feature or FeatureCollection as territories
whose control can be tracked: a front-line village, a corridor, a district
finer than the boundaries file has. Each feature needs a Polygon or
MultiPolygon geometry and a "name" property; optional properties are
"kind" (country, admin1, admin2, region, corridor, locality; default
--kind), "country" (ISO 3166-1 alpha-3; default --country), "code",
"geonameid", "parent" (the name of a territory in the record) and
"aliases" (a list, or names separated by "|"). A feature whose name is
already a territory updates it.

Every feature is checked before anything is stored: one bad feature
stores nothing.`,
		Flags: func(fs *flag.FlagSet) {
			o := &territoryAddOpts
			*o = territoryAddFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.kind, "kind", string(truce.TerritoryLocality), "kind of features that have no \"kind\" property")
			fs.StringVar(&o.country, "country", "", "country of features that have no \"country\" property")
		},
		Run: runTerritoryAdd,
	})
	register(&command{
		Name:    "territory list",
		Summary: "list the territories of the record",
		Usage:   "[--kind KIND] [--country ISO3] [--format table|json] [--db PATH]",
		Help:    `Lists territories by name, with their kind, country, code and aliases.`,
		Flags: func(fs *flag.FlagSet) {
			o := &territoryListOpts
			*o = territoryListFlags{}
			fs.StringVar(&o.db, "db", "", dbFlagUsage())
			fs.StringVar(&o.kind, "kind", "", "only territories of this kind")
			fs.StringVar(&o.country, "country", "", "only territories of this country (ISO 3166-1 alpha-3)")
			fs.StringVar(&o.format, "format", formatTable, "output format: table or json")
		},
		Run: runTerritoryList,
	})
}

var territoryKinds = []truce.TerritoryKind{truce.TerritoryCountry, truce.TerritoryAdmin1, truce.TerritoryAdmin2,
	truce.TerritoryRegion, truce.TerritoryCorridor, truce.TerritoryLocality}

func validKind(k truce.TerritoryKind) bool {
	for _, v := range territoryKinds {
		if k == v {
			return true
		}
	}
	return false
}

// geoFeature is a GeoJSON feature as territory add reads it.
type geoFeature struct {
	Type       string                     `json:"type"`
	Properties map[string]json.RawMessage `json:"properties"`
	Geometry   json.RawMessage            `json:"geometry"`
}

// readTerritories reads and checks the territories of a GeoJSON file. It
// returns every problem found, one per line, each naming its feature.
func readTerritories(data []byte, defKind truce.TerritoryKind, defCountry string) ([]*truce.Territory, map[int]string, error) {
	var head struct {
		Type     string       `json:"type"`
		Features []geoFeature `json:"features"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, nil, fmt.Errorf("not GeoJSON: %w", err)
	}
	var fs []geoFeature
	switch head.Type {
	case "FeatureCollection":
		fs = head.Features
	case "Feature":
		var f geoFeature
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, nil, fmt.Errorf("not GeoJSON: %w", err)
		}
		fs = []geoFeature{f}
	default:
		return nil, nil, fmt.Errorf("GeoJSON type %q: want Feature or FeatureCollection", head.Type)
	}
	if len(fs) == 0 {
		return nil, nil, errors.New("no features")
	}
	var problems []string
	bad := func(i int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("feature %d: %s", i+1, fmt.Sprintf(format, args...)))
	}
	parents := map[int]string{}
	var out []*truce.Territory
	for i, f := range fs {
		t := &truce.Territory{Kind: defKind, Country: defCountry}
		str := func(key string) string {
			var s string
			if raw, ok := f.Properties[key]; ok && json.Unmarshal(raw, &s) != nil {
				var n json.Number
				if json.Unmarshal(raw, &n) == nil {
					return n.String()
				}
				bad(i, "property %q is not text", key)
			}
			return strings.TrimSpace(s)
		}
		t.Name = str("name")
		if t.Name == "" {
			bad(i, `no "name" property`)
		}
		if k := str("kind"); k != "" {
			t.Kind = truce.TerritoryKind(k)
		}
		if !validKind(t.Kind) {
			bad(i, "kind %q: want one of country, admin1, admin2, region, corridor, locality", t.Kind)
		}
		if c := str("country"); c != "" {
			t.Country = strings.ToUpper(c)
		}
		if t.Country != "" && len(t.Country) != 3 {
			bad(i, "country %q: want an ISO 3166-1 alpha-3 code", t.Country)
		}
		t.Code = str("code")
		if g := str("geonameid"); g != "" {
			id, err := strconv.ParseInt(g, 10, 64)
			if err != nil {
				bad(i, "geonameid %q is not a number", g)
			}
			t.GeoNameID = id
		}
		if raw, ok := f.Properties["aliases"]; ok {
			var list []string
			if err := json.Unmarshal(raw, &list); err != nil {
				var s string
				if err := json.Unmarshal(raw, &s); err != nil {
					bad(i, `"aliases" is neither a list nor text`)
				}
				list = strings.Split(s, "|")
			}
			for _, a := range list {
				if a = strings.TrimSpace(a); a != "" {
					t.Aliases = append(t.Aliases, a)
				}
			}
		}
		if p := str("parent"); p != "" {
			parents[len(out)] = p
		}
		if len(bytes.TrimSpace(f.Geometry)) == 0 || string(f.Geometry) == "null" {
			bad(i, "no geometry")
		} else if _, err := sqlite.CheckGeometry(f.Geometry); err != nil {
			bad(i, "%s", truce.ErrorMessage(err))
		} else {
			t.Geometry = f.Geometry
		}
		out = append(out, t)
	}
	if len(problems) > 0 {
		return nil, nil, errors.New(strings.Join(problems, "\n"))
	}
	return out, parents, nil
}

func runTerritoryAdd(ctx context.Context, env *Env, args []string) error {
	o := territoryAddOpts
	if len(args) != 1 {
		return usagef("want one GeoJSON file")
	}
	if !validKind(truce.TerritoryKind(o.kind)) {
		return usagef("--kind %q: want one of country, admin1, admin2, region, corridor, locality", o.kind)
	}
	data, err := os.ReadFile(env.abs(args[0]))
	if err != nil {
		return fmt.Errorf("read %s: %w", args[0], err)
	}
	ts, parents, err := readTerritories(data, truce.TerritoryKind(o.kind), strings.ToUpper(o.country))
	if err != nil {
		return fmt.Errorf("%s: nothing stored:\n%w", args[0], err)
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	for i, name := range parents {
		p, err := s.FindTerritory(ctx, name)
		if err != nil {
			return fmt.Errorf("%s: nothing stored: territory %q: parent %q: %w", args[0], ts[i].Name, name, err)
		}
		ts[i].ParentID = p.ID
	}
	t := newTable(env.Stdout, "ID", "NAME", "KIND", "COUNTRY", "ALIASES")
	for _, tr := range ts {
		if err := s.PutTerritory(ctx, tr); err != nil {
			t.flush()
			return fmt.Errorf("%s: territory %q: %w", args[0], tr.Name, err)
		}
		t.row(itoa(tr.ID), tr.Name, string(tr.Kind), tr.Country, strings.Join(tr.Aliases, ", "))
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "stored %d territories\n", len(ts))
	return nil
}

func runTerritoryList(ctx context.Context, env *Env, args []string) error {
	o := territoryListOpts
	if err := noArgs(args); err != nil {
		return err
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	f := truce.TerritoryFilter{Country: strings.ToUpper(o.country)}
	if o.kind != "" {
		k := truce.TerritoryKind(o.kind)
		if !validKind(k) {
			return usagef("--kind %q: want one of country, admin1, admin2, region, corridor, locality", o.kind)
		}
		f.Kinds = []truce.TerritoryKind{k}
	}
	s, err := openStore(ctx, env, o.db)
	if err != nil {
		return err
	}
	defer s.Close()
	ts, err := s.Territories(ctx, f)
	if err != nil {
		return err
	}
	if o.format == formatJSON {
		if ts == nil {
			ts = []*truce.Territory{}
		}
		return writeJSON(env.Stdout, ts)
	}
	if len(ts) == 0 {
		fmt.Fprintln(env.Stdout, "no territories (a new record is seeded from the boundaries file of `make build`; add finer ones with truce territory add)")
		return nil
	}
	t := newTable(env.Stdout, "ID", "NAME", "KIND", "COUNTRY", "CODE", "ALIASES")
	for _, tr := range ts {
		t.row(itoa(tr.ID), tr.Name, string(tr.Kind), tr.Country, tr.Code, clip(strings.Join(tr.Aliases, ", "), 60))
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d territories\n", len(ts))
	return nil
}
