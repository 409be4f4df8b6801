package truce

import "encoding/json"

// GeoPrecision is ACLED's geo_precision: 1 the exact town, 2 a nearby or
// part-of-region location, 3 only a larger area (district, province).
type GeoPrecision int

const (
	GeoExact    GeoPrecision = 1
	GeoNear     GeoPrecision = 2
	GeoRegional GeoPrecision = 3
)

// Location is where an event happened: a gazetteer place with coordinates.
type Location struct {
	Name      string       `json:"name"`
	Lat       float64      `json:"lat"`
	Lon       float64      `json:"lon"`
	Country   string       `json:"country,omitempty"` // ISO 3166-1 alpha-3
	Admin1    string       `json:"admin1,omitempty"`
	Admin2    string       `json:"admin2,omitempty"`
	GeoNameID int64        `json:"geonameid,omitempty"`
	Precision GeoPrecision `json:"precision,omitempty"`
}

// ValidCoordinates reports whether the location's latitude and longitude
// are on the globe.
func (l Location) ValidCoordinates() bool {
	return l.Lat >= -90 && l.Lat <= 90 && l.Lon >= -180 && l.Lon <= 180
}

// TerritoryKind says what sort of area a territory is.
type TerritoryKind string

const (
	TerritoryCountry  TerritoryKind = "country"
	TerritoryAdmin1   TerritoryKind = "admin1"   // province, region, first-level district
	TerritoryAdmin2   TerritoryKind = "admin2"   // second-level district
	TerritoryRegion   TerritoryKind = "region"   // an area that is no administrative unit (Nagorno-Karabakh)
	TerritoryCorridor TerritoryKind = "corridor" // a road or strip (the Lachin corridor)
	TerritoryLocality TerritoryKind = "locality" // a town's or village's area
)

// Territory is an area whose control is tracked over time.
type Territory struct {
	ID        int64           `json:"id,omitempty"`
	Name      string          `json:"name"` // unique canonical name
	Kind      TerritoryKind   `json:"kind"`
	Country   string          `json:"country,omitempty"` // ISO 3166-1 alpha-3 of the state it belongs to de jure
	Code      string          `json:"code,omitempty"`    // ISO 3166-2 or GeoNames admin code (AZ.26)
	GeoNameID int64           `json:"geonameid,omitempty"`
	ParentID  int64           `json:"parent_id,omitempty"`
	Aliases   []string        `json:"aliases,omitempty"`
	Geometry  json.RawMessage `json:"geometry,omitempty"` // GeoJSON Polygon or MultiPolygon
	// BBox is [minLon, minLat, maxLon, maxLat] of Geometry, filled by the store.
	BBox *[4]float64 `json:"bbox,omitempty"`
}

// BBox is a longitude/latitude box used to select events and territories.
type BBox struct {
	MinLon, MinLat, MaxLon, MaxLat float64
}

// Contains reports whether the point lies inside the box (edges included).
func (b BBox) Contains(lat, lon float64) bool {
	return lon >= b.MinLon && lon <= b.MaxLon && lat >= b.MinLat && lat <= b.MaxLat
}

// Intersects reports whether two boxes overlap.
func (b BBox) Intersects(o BBox) bool {
	return b.MinLon <= o.MaxLon && o.MinLon <= b.MaxLon && b.MinLat <= o.MaxLat && o.MinLat <= b.MaxLat
}
