package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
	"github.com/truce-monitor/truce/internal/storeutil"
)

// kindRank orders territory kinds from the most specific (0) to the least,
// for FindTerritory: locality, corridor, admin2, admin1, region, country.
var kindRank = map[truce.TerritoryKind]int{
	truce.TerritoryLocality: 0,
	truce.TerritoryCorridor: 1,
	truce.TerritoryAdmin2:   2,
	truce.TerritoryAdmin1:   3,
	truce.TerritoryRegion:   4,
	truce.TerritoryCountry:  5,
}

// CheckGeometry checks that raw is a GeoJSON Polygon or MultiPolygon and
// returns its bounding box; it is truce.GeometryBBox, kept for callers of
// this package.
func CheckGeometry(raw json.RawMessage) ([4]float64, error) {
	return truce.GeometryBBox(raw)
}

const territoryCols = `t.id, t.name, t.kind, t.country, t.code, t.geonameid, COALESCE(t.parent_id,0), t.aliases,
	t.min_lon, t.min_lat, t.max_lon, t.max_lat`

func scanTerritory(sc interface{ Scan(...any) error }, geometry bool) (*truce.Territory, error) {
	var t truce.Territory
	var aliases string
	var b [4]sql.NullFloat64
	var geom sql.NullString
	dest := []any{&t.ID, &t.Name, &t.Kind, &t.Country, &t.Code, &t.GeoNameID, &t.ParentID, &aliases, &b[0], &b[1], &b[2], &b[3]}
	if geometry {
		dest = append(dest, &geom)
	}
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(aliases), &t.Aliases); err != nil {
		return nil, fmt.Errorf("territory %d aliases: %w", t.ID, err)
	}
	if b[0].Valid {
		t.BBox = &[4]float64{b[0].Float64, b[1].Float64, b[2].Float64, b[3].Float64}
	}
	if geom.Valid {
		t.Geometry = json.RawMessage(geom.String)
	}
	return &t, nil
}

// PutTerritory creates t, or replaces the territory with the same name,
// and sets t.ID and t.BBox.
func (db *DB) PutTerritory(ctx context.Context, t *truce.Territory) error {
	p, err := prepareTerritory(t)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *tx) error { return tx.putTerritory(t, p) })
}

// PutTerritories puts many territories in one transaction (seeding a new
// record from a boundaries file, truce territory add); it fails whole
// when one is invalid.
func (db *DB) PutTerritories(ctx context.Context, ts []*truce.Territory) error {
	ps := make([]preparedTerritory, len(ts))
	for i, t := range ts {
		var err error
		if ps[i], err = prepareTerritory(t); err != nil {
			return truce.Errorf(truce.EINVALID, "territory %d: %s", i, truce.ErrorMessage(err))
		}
	}
	return db.write(ctx, func(tx *tx) error {
		for i, t := range ts {
			if err := tx.putTerritory(t, ps[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// preparedTerritory is a checked territory's kind rank, compacted
// geometry and bounding box, as putTerritory stores them.
type preparedTerritory struct {
	rank int
	geom any
	bbox [4]any
}

// prepareTerritory validates t, compacts its geometry and fills t.BBox.
func prepareTerritory(t *truce.Territory) (preparedTerritory, error) {
	var p preparedTerritory
	if t == nil {
		return p, truce.Errorf(truce.EINVALID, "nil territory")
	}
	if t.Name == "" || fold.Key(t.Name) == "" {
		return p, truce.Errorf(truce.EINVALID, "territory has no name")
	}
	rank, ok := kindRank[t.Kind]
	if !ok {
		return p, truce.Errorf(truce.EINVALID, "territory %q: unknown kind %q", t.Name, t.Kind)
	}
	p.rank = rank
	if len(t.Geometry) > 0 && string(t.Geometry) != "null" {
		b, err := CheckGeometry(t.Geometry)
		if err != nil {
			return p, truce.Errorf(truce.EINVALID, "territory %q: %s", t.Name, truce.ErrorMessage(err))
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, t.Geometry); err != nil {
			return p, truce.Errorf(truce.EINVALID, "territory %q: bad geometry JSON: %v", t.Name, err)
		}
		p.geom = buf.String()
		p.bbox = [4]any{b[0], b[1], b[2], b[3]}
		t.BBox = &b
	} else {
		t.BBox = nil
	}
	return p, nil
}

// putTerritory writes a prepared territory, its name keys, its box in the
// R-tree and its audit entry.
func (tx *tx) putTerritory(t *truce.Territory, p preparedTerritory) error {
	old, err := scanTerritory(tx.queryRow(`SELECT `+territoryCols+`, t.geometry FROM territories t WHERE name = ?`, t.Name), true)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlite: find territory %q: %w", t.Name, err)
	}
	if t.ParentID != 0 {
		if old != nil && old.ID == t.ParentID {
			return truce.Errorf(truce.EINVALID, "territory %q cannot be its own parent", t.Name)
		}
		if ok, err := tx.exists(`SELECT 1 FROM territories WHERE id = ?`, t.ParentID); err != nil {
			return err
		} else if !ok {
			return truce.Errorf(truce.EINVALID, "territory %q: parent %d does not exist", t.Name, t.ParentID)
		}
	}
	aliases, _ := json.Marshal(storeutil.NonNil(t.Aliases))
	args := []any{t.Kind, p.rank, t.Country, t.Code, t.GeoNameID, idOrNil(t.ParentID), string(aliases), p.geom, p.bbox[0], p.bbox[1], p.bbox[2], p.bbox[3]}
	if old == nil {
		res, err := tx.exec(`INSERT INTO territories(kind, kind_rank, country, code, geonameid, parent_id, aliases, geometry,
			min_lon, min_lat, max_lon, max_lat, name) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`, append(args, t.Name)...)
		if err != nil {
			return fmt.Errorf("sqlite: insert territory %q: %w", t.Name, err)
		}
		if t.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlite: insert territory %q: %w", t.Name, err)
		}
	} else {
		t.ID = old.ID
		if _, err := tx.exec(`UPDATE territories SET kind=?, kind_rank=?, country=?, code=?, geonameid=?, parent_id=?, aliases=?,
			geometry=?, min_lon=?, min_lat=?, max_lon=?, max_lat=? WHERE id = ?`, append(args, t.ID)...); err != nil {
			return fmt.Errorf("sqlite: update territory %q: %w", t.Name, err)
		}
		for _, q := range []string{`DELETE FROM territory_keys WHERE territory_id = ?`, `DELETE FROM territory_rtree WHERE id = ?`} {
			if _, err := tx.exec(q, t.ID); err != nil {
				return fmt.Errorf("sqlite: update territory %q: %w", t.Name, err)
			}
		}
	}
	if err := tx.putKeys("territory_keys", "territory_id", t.ID, [][]string{{t.Name}, t.Aliases, {t.Code}}); err != nil {
		return err
	}
	if t.BBox != nil {
		b := t.BBox
		if _, err := tx.exec(`INSERT INTO territory_rtree(id, min_lon, max_lon, min_lat, max_lat) VALUES (?,?,?,?,?)`,
			t.ID, b[0], b[2], b[1], b[3]); err != nil {
			return fmt.Errorf("sqlite: index territory %q: %w", t.Name, err)
		}
	}
	if old == nil {
		return tx.audit("create", "territory", itoa(t.ID), nil, t)
	}
	return tx.audit("update", "territory", itoa(t.ID), old, t)
}

// Territory returns the territory with the given id, with its geometry.
func (db *DB) Territory(ctx context.Context, id int64) (*truce.Territory, error) {
	t, err := scanTerritory(db.r.QueryRowContext(ctx, `SELECT `+territoryCols+`, t.geometry FROM territories t WHERE id = ?`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "territory %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: territory %d: %w", id, err)
	}
	return t, nil
}

// FindTerritory returns the territory whose name, alias or code folds to
// name's key; the most specific kind wins, then a name over an alias over
// a code.
func (db *DB) FindTerritory(ctx context.Context, name string) (*truce.Territory, error) {
	var t *truce.Territory
	err := db.read(ctx, func(tx *tx) error {
		id, err := tx.findTerritory(name)
		if err != nil {
			return err
		}
		t, err = scanTerritory(tx.queryRow(`SELECT `+territoryCols+`, t.geometry FROM territories t WHERE id = ?`, id), true)
		if err != nil {
			return fmt.Errorf("sqlite: territory %d: %w", id, err)
		}
		return nil
	})
	return t, err
}

// findTerritory returns the id of the territory name finds, or ENOTFOUND.
func (t *tx) findTerritory(name string) (int64, error) {
	k := fold.Key(name)
	var id int64
	err := t.queryRow(`SELECT t.id FROM territory_keys k JOIN territories t ON t.id = k.territory_id
		WHERE k.key = ? ORDER BY t.kind_rank, k.rank, t.id LIMIT 1`, k).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || k == "" {
		return 0, truce.Errorf(truce.ENOTFOUND, "territory %q not found", name)
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: find territory %q: %w", name, err)
	}
	return id, nil
}

// Territories returns the territories matching f, by name.
func (db *DB) Territories(ctx context.Context, f truce.TerritoryFilter) ([]*truce.Territory, error) {
	var w where
	if len(f.IDs) > 0 {
		w.in("t.id", f.IDs)
	}
	if len(f.Kinds) > 0 {
		in(&w, "t.kind", f.Kinds)
	}
	if f.Country != "" {
		w.add("t.country = ?", f.Country)
	}
	if f.BBox != nil {
		b := f.BBox
		w.add(`t.id IN (SELECT id FROM territory_rtree WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?)`,
			b.MinLon, b.MaxLon, b.MinLat, b.MaxLat)
	}
	cols := territoryCols
	if f.Geometry {
		cols += ", t.geometry"
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+cols+` FROM territories t`+w.sql()+` ORDER BY t.name`+limit(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: territories: %w", err)
	}
	defer rows.Close()
	out, err := storeutil.Collect(rows, func() (*truce.Territory, error) { return scanTerritory(rows, f.Geometry) })
	if err != nil {
		return nil, fmt.Errorf("sqlite: territories: %w", err)
	}
	return out, nil
}
