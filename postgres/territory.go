package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
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

const territoryCols = `t.id, t.name, t.kind, t.country, t.code, t.geonameid, COALESCE(t.parent_id,0), t.aliases,
	t.min_lon, t.min_lat, t.max_lon, t.max_lat`

func scanTerritory(sc pgx.Row, geometry bool) (*truce.Territory, error) {
	var t truce.Territory
	var b [4]*float64
	var geom *string
	dest := []any{&t.ID, &t.Name, &t.Kind, &t.Country, &t.Code, &t.GeoNameID, &t.ParentID, &t.Aliases, &b[0], &b[1], &b[2], &b[3]}
	if geometry {
		dest = append(dest, &geom)
	}
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	if len(t.Aliases) == 0 {
		t.Aliases = nil
	}
	if b[0] != nil && b[1] != nil && b[2] != nil && b[3] != nil {
		t.BBox = &[4]float64{*b[0], *b[1], *b[2], *b[3]}
	}
	if geom != nil {
		t.Geometry = json.RawMessage(*geom)
	}
	return &t, nil
}

// prepareTerritory validates t, compacts its geometry and fills t.BBox;
// it returns the kind's rank and the geometry to store (nil for none).
func prepareTerritory(t *truce.Territory) (int, *string, error) {
	if t == nil {
		return 0, nil, truce.Errorf(truce.EINVALID, "nil territory")
	}
	if t.Name == "" || fold.Key(t.Name) == "" {
		return 0, nil, truce.Errorf(truce.EINVALID, "territory has no name")
	}
	rank, ok := kindRank[t.Kind]
	if !ok {
		return 0, nil, truce.Errorf(truce.EINVALID, "territory %q: unknown kind %q", t.Name, t.Kind)
	}
	if len(t.Geometry) == 0 || string(t.Geometry) == "null" {
		t.BBox = nil
		return rank, nil, nil
	}
	b, err := truce.GeometryBBox(t.Geometry)
	if err != nil {
		return 0, nil, truce.Errorf(truce.EINVALID, "territory %q: %s", t.Name, truce.ErrorMessage(err))
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, t.Geometry); err != nil {
		return 0, nil, truce.Errorf(truce.EINVALID, "territory %q: bad geometry JSON: %v", t.Name, err)
	}
	t.BBox = &b
	g := buf.String()
	return rank, &g, nil
}

// PutTerritory creates t, or replaces the territory with the same name,
// and sets t.ID and t.BBox.
func (db *DB) PutTerritory(ctx context.Context, t *truce.Territory) error {
	rank, geom, err := prepareTerritory(t)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *tx) error { return tx.putTerritory(t, rank, geom) })
}

// PutTerritories puts many territories in one transaction (seeding a new
// record from a boundaries file); it fails whole when one is invalid.
func (db *DB) PutTerritories(ctx context.Context, ts []*truce.Territory) error {
	ranks := make([]int, len(ts))
	geoms := make([]*string, len(ts))
	for i, t := range ts {
		var err error
		if ranks[i], geoms[i], err = prepareTerritory(t); err != nil {
			return truce.Errorf(truce.EINVALID, "territory %d: %s", i, truce.ErrorMessage(err))
		}
	}
	return db.write(ctx, func(tx *tx) error {
		for i, t := range ts {
			if err := tx.putTerritory(t, ranks[i], geoms[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func (tx *tx) putTerritory(t *truce.Territory, rank int, geom *string) error {
	old, err := scanTerritory(tx.queryRow(`SELECT `+territoryCols+`, t.geometry FROM territories t WHERE name = $1 FOR UPDATE`, t.Name), true)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: find territory %q: %w", t.Name, err)
	}
	if t.ParentID != 0 {
		if old != nil && old.ID == t.ParentID {
			return truce.Errorf(truce.EINVALID, "territory %q cannot be its own parent", t.Name)
		}
		if ok, err := tx.exists(`SELECT 1 FROM territories WHERE id = $1`, t.ParentID); err != nil {
			return err
		} else if !ok {
			return truce.Errorf(truce.EINVALID, "territory %q: parent %d does not exist", t.Name, t.ParentID)
		}
	}
	var bbox [4]*float64
	if b := t.BBox; b != nil {
		bbox = [4]*float64{&b[0], &b[1], &b[2], &b[3]}
	}
	args := []any{string(t.Kind), rank, t.Country, t.Code, t.GeoNameID, idOrNil(t.ParentID), storeutil.NonNil(t.Aliases), geom,
		bbox[0], bbox[1], bbox[2], bbox[3]}
	if old == nil {
		err := tx.queryRow(`INSERT INTO territories(kind, kind_rank, country, code, geonameid, parent_id, aliases, geometry,
			min_lon, min_lat, max_lon, max_lat, name) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING id`,
			append(args, t.Name)...).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("postgres: insert territory %q: %w", t.Name, err)
		}
	} else {
		t.ID = old.ID
		if _, err := tx.exec(`UPDATE territories SET kind=$1, kind_rank=$2, country=$3, code=$4, geonameid=$5, parent_id=$6, aliases=$7,
			geometry=$8, min_lon=$9, min_lat=$10, max_lon=$11, max_lat=$12 WHERE id = $13`, append(args, t.ID)...); err != nil {
			return fmt.Errorf("postgres: update territory %q: %w", t.Name, err)
		}
		if _, err := tx.exec(`DELETE FROM territory_keys WHERE territory_id = $1`, t.ID); err != nil {
			return fmt.Errorf("postgres: update territory %q: %w", t.Name, err)
		}
	}
	if err := tx.putKeys("territory_keys", "territory_id", t.ID, [][]string{{t.Name}, t.Aliases, {t.Code}}); err != nil {
		return err
	}
	if old == nil {
		return tx.audit("create", "territory", itoa(t.ID), nil, t)
	}
	return tx.audit("update", "territory", itoa(t.ID), old, t)
}

// Territory returns the territory with the given id, with its geometry.
func (db *DB) Territory(ctx context.Context, id int64) (*truce.Territory, error) {
	t, err := scanTerritory(db.pool.QueryRow(ctx, `SELECT `+territoryCols+`, t.geometry FROM territories t WHERE id = $1`, id), true)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "territory %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: territory %d: %w", id, err)
	}
	return t, nil
}

// FindTerritory returns the territory whose name, alias or code folds to
// name's key; the most specific kind wins, then a name over an alias over
// a code.
func (db *DB) FindTerritory(ctx context.Context, name string) (*truce.Territory, error) {
	k := fold.Key(name)
	if k == "" {
		return nil, truce.Errorf(truce.ENOTFOUND, "territory %q not found", name)
	}
	t, err := scanTerritory(db.pool.QueryRow(ctx, `SELECT `+territoryCols+`, t.geometry
		FROM territory_keys k JOIN territories t ON t.id = k.territory_id
		WHERE k.key = $1 ORDER BY t.kind_rank, k.rank, t.id LIMIT 1`, k), true)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "territory %q not found", name)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: find territory %q: %w", name, err)
	}
	return t, nil
}

// findTerritory returns the id of the territory name finds, or ENOTFOUND.
func (t *tx) findTerritory(name string) (int64, error) {
	k := fold.Key(name)
	if k == "" {
		return 0, truce.Errorf(truce.ENOTFOUND, "territory %q not found", name)
	}
	var id int64
	err := t.queryRow(`SELECT t.id FROM territory_keys k JOIN territories t ON t.id = k.territory_id
		WHERE k.key = $1 ORDER BY t.kind_rank, k.rank, t.id LIMIT 1`, k).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, truce.Errorf(truce.ENOTFOUND, "territory %q not found", name)
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: find territory %q: %w", name, err)
	}
	return id, nil
}

// Territories returns the territories matching f, by name.
func (db *DB) Territories(ctx context.Context, f truce.TerritoryFilter) ([]*truce.Territory, error) {
	var w where
	if len(f.IDs) > 0 {
		w.add("t.id = ANY(?)", f.IDs)
	}
	if len(f.Kinds) > 0 {
		w.add("t.kind = ANY(?)", strs(f.Kinds))
	}
	if f.Country != "" {
		w.add("t.country = ?", f.Country)
	}
	if b := f.BBox; b != nil {
		// The GiST index on the bounding box answers &&; boxes that
		// touch at an edge meet, as in SQLite's R*Tree query.
		w.add(`t.min_lon IS NOT NULL AND box(point(t.min_lon, t.min_lat), point(t.max_lon, t.max_lat)) && box(point(?, ?), point(?, ?))`,
			b.MinLon, b.MinLat, b.MaxLon, b.MaxLat)
	}
	if f.Limit < 0 || f.Offset < 0 {
		return nil, truce.Errorf(truce.EINVALID, "negative limit or offset")
	}
	cols := territoryCols
	if f.Geometry {
		cols += ", t.geometry"
	}
	rows, err := db.pool.Query(ctx, `SELECT `+cols+` FROM territories t`+w.sql()+` ORDER BY t.name COLLATE "C"`+limit(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: territories: %w", err)
	}
	defer rows.Close()
	out, err := storeutil.Collect(rows, func() (*truce.Territory, error) { return scanTerritory(rows, f.Geometry) })
	if err != nil {
		return nil, fmt.Errorf("postgres: territories: %w", err)
	}
	return out, nil
}
