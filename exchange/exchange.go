// Package exchange moves events between the record and the files other
// tools read and write: ACLED-style CSV, GeoJSON and JSON Lines out; ACLED
// CSV, UCDP GED CSV and truce's own JSON Lines in.
//
// Exports carry ACLED's column names where they apply, followed by truce's
// own columns (status, confidence, review, the change of control and the
// evidence as JSON), so that a file truce exported imports again without
// loss. Imports validate every row first and store nothing from a file
// with an invalid row; the rows of a valid file are stored in one
// transaction, which the store audits as an import. Imports stream: the
// file is read twice (check, then store in batches of DefaultBatchRows)
// and never held in memory.
package exchange

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
)

// Format is a file format of exports and imports.
type Format string

// Formats.
const (
	ACLEDCSV Format = "acled-csv" // ACLED's CSV columns plus truce's own
	GeoJSON  Format = "geojson"   // a FeatureCollection of points (export only)
	JSONL    Format = "jsonl"     // one truce.Event as JSON per line
	UCDPCSV  Format = "ucdp-csv"  // UCDP GED's CSV columns (import only)
)

// ParseBBox parses "minlon,minlat,maxlon,maxlat".
func ParseBBox(s string) (*truce.BBox, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return nil, truce.Errorf(truce.EINVALID, "bbox %q: want minlon,minlat,maxlon,maxlat", s)
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, truce.Errorf(truce.EINVALID, "bbox %q: %q is not a number", s, p)
		}
		v[i] = f
	}
	b := &truce.BBox{MinLon: v[0], MinLat: v[1], MaxLon: v[2], MaxLat: v[3]}
	switch {
	case b.MinLon < -180 || b.MaxLon > 180 || b.MinLat < -90 || b.MaxLat > 90:
		return nil, truce.Errorf(truce.EINVALID, "bbox %q: out of range (longitudes in [-180,180], latitudes in [-90,90])", s)
	case b.MinLon > b.MaxLon || b.MinLat > b.MaxLat:
		return nil, truce.Errorf(truce.EINVALID, "bbox %q: minimum above maximum", s)
	}
	return b, nil
}

// interKind is the actor kind an ACLED inter code stands for on import.
// Code 1 is read as state forces (ACLED codes governments with their
// forces); 8 as external forces.
func interKind(code string) truce.ActorKind {
	switch strings.TrimSpace(code) {
	case "1":
		return truce.KindStateForces
	case "2":
		return truce.KindRebelGroup
	case "3":
		return truce.KindPoliticalMilitia
	case "4":
		return truce.KindIdentityMilitia
	case "5":
		return truce.KindRioters
	case "6":
		return truce.KindProtesters
	case "7":
		return truce.KindCivilians
	case "8":
		return truce.KindExternalForces
	}
	return ""
}

// interaction is ACLED's interaction code: the two inter codes, lower
// first ("12"), or the one code followed by 0 for an event with one actor.
func interaction(a, b int) string {
	if a == 0 && b == 0 {
		return ""
	}
	if b == 0 {
		return fmt.Sprintf("%d0", a)
	}
	if a == 0 {
		return fmt.Sprintf("%d0", b)
	}
	return fmt.Sprintf("%d%d", min(a, b), max(a, b))
}
