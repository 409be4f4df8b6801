package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"

	"github.com/truce-monitor/truce"
)

// controlSelect reads control entries from the covering index
// control_entries_covering alone (see migration 00002), with as few and as
// cheap columns as it can: the driver's cost is per column and per text
// value. The day and the status share one integer (at*4 + status code, see
// statusCode); empty notes and users come as NULL. Territory names come
// from nameCache and actors from one lookup (actorsByID), which is much
// cheaper than joining their text columns into every row.
const controlSelect = `SELECT c.id, c.territory_id,
	c.at*4 + CASE c.status WHEN 'assessed' THEN 0 WHEN 'claimed' THEN 1 ELSE 2 END,
	c.controller_id, COALESCE(c.from_id, 0), COALESCE(c.event_id, 0),
	NULLIF(c.note, ''), NULLIF(c.created_by, ''), c.created_at
	FROM control_entries c `

// statusCode are the statuses packed with the day by controlSelect; code 2
// is a status stored by an older version that is neither, read on its own.
var statusCode = [...]truce.ControlStatus{truce.Assessed, truce.Claimed}

// controlEntries reads the entries selected by a WHERE clause over c,
// ordered by territory, day and id.
func (t *tx) controlEntries(whereSQL string, args ...any) ([]truce.ControlEntry, error) {
	return t.controlEntriesHint(0, whereSQL, args...)
}

// controlEntriesHint is controlEntries expecting about n entries.
func (t *tx) controlEntriesHint(n int, whereSQL string, args ...any) ([]truce.ControlEntry, error) {
	rows, err := t.query(controlSelect+whereSQL+` ORDER BY c.territory_id, c.at, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: control entries: %w", err)
	}
	defer rows.Close()
	var (
		out                               = make([]truce.ControlEntry, 0, n)
		fromIDs                           = make([]int64, 0, n) // From's actor id by entry, 0 for none
		terrIDs                           []int64
		actorIDs                          = map[int64]bool{}
		odd                               []int // entries whose status is read on its own
		id, terr, atStatus, ctl, from, ev int64
		note, user                        sql.NullString
		created                           sql.NullInt64
	)
	for rows.Next() {
		if err := rows.Scan(&id, &terr, &atStatus, &ctl, &from, &ev, &note, &user, &created); err != nil {
			return nil, fmt.Errorf("sqlite: control entries: %w", err)
		}
		c := truce.ControlEntry{ID: id, TerritoryID: terr, At: truce.Date(atStatus >> 2), // floor: at*4 + code, code in 0..3
			EventID: ev, Note: note.String, CreatedBy: user.String, CreatedAt: timeOf(created)}
		if code := atStatus & 3; code < int64(len(statusCode)) {
			c.Status = statusCode[code]
		} else {
			odd = append(odd, len(out))
		}
		c.Controller.ID = ctl // an actor id until filled below
		if k := len(terrIDs); k == 0 || terrIDs[k-1] != terr {
			terrIDs = append(terrIDs, terr)
		}
		actorIDs[ctl], actorIDs[from] = true, true
		out = append(out, c)
		fromIDs = append(fromIDs, from)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: control entries: %w", err)
	}
	rows.Close()
	if len(out) == 0 {
		return nil, nil
	}
	for _, i := range odd {
		if err := t.queryRow(`SELECT status FROM control_entries WHERE id = ?`, out[i].ID).Scan(&out[i].Status); err != nil {
			return nil, fmt.Errorf("sqlite: control entry %d: %w", out[i].ID, err)
		}
	}
	names, err := t.territoryNames(terrIDs)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(actorIDs))
	for id := range actorIDs {
		ids = append(ids, id)
	}
	actors, err := t.actorsByID(ids)
	if err != nil {
		return nil, err
	}
	froms := 0
	for _, id := range fromIDs {
		if id != 0 {
			froms++
		}
	}
	fromActors := make([]truce.Actor, 0, froms) // one block for the From actors
	for i := range out {
		c := &out[i]
		c.Territory = names[c.TerritoryID]
		c.Controller = actors[c.Controller.ID]
		if id := fromIDs[i]; id != 0 {
			fromActors = append(fromActors, actors[id])
			c.From = &fromActors[len(fromActors)-1]
		}
	}
	return out, nil
}

// controlCache keeps what readers read of the control entries: territory
// names by id, which never change (the store renames no territory and
// deletes none), and every entry once a whole-map read loaded them, tagged
// with the control_version they were read at (migrations 00003 and 00004:
// triggers count every change to control entries and actors, by any
// process), so that snapshots and diffs filter them in memory instead of
// reading them again.
type controlCache struct {
	mu    sync.Mutex
	names map[int64]string
	set   *entrySet // every entry at the newest version loaded, or nil
	size  int       // how many entries the last load read
}

// controlVersion is the row of control_version: n counts every change to
// what ControlEntries returns, changed those that are not added entries.
type controlVersion struct{ n, changed int64 }

// entrySet is every control entry of the record at one version, ordered by
// territory, day and id. It is never changed once made: a newer version
// makes a new set.
type entrySet struct {
	version controlVersion
	all     []truce.ControlEntry
	spans   map[int64][2]int // territory id → its entries all[i:j]
	maxID   int64
}

// maxCachedNames bounds the territory names a controlCache keeps, and
// maxCachedEntries the entries (beyond it, every read goes to the file).
const (
	maxCachedNames   = 1 << 20
	maxCachedEntries = 500_000
)

// newEntrySet indexes all, read at version v.
func newEntrySet(v controlVersion, all []truce.ControlEntry) *entrySet {
	s := &entrySet{version: v, all: all, spans: map[int64][2]int{}}
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].TerritoryID == all[i].TerritoryID {
			j++
		}
		s.spans[all[i].TerritoryID] = [2]int{i, j}
		i = j
	}
	for _, e := range all {
		s.maxID = max(s.maxID, e.ID)
	}
	return s
}

// with returns the set at version v that adds added (ordered by territory,
// day and id, with ids above s.maxID) to s.
func (s *entrySet) with(v controlVersion, added []truce.ControlEntry) *entrySet {
	all := make([]truce.ControlEntry, 0, len(s.all)+len(added))
	i, j := 0, 0
	for i < len(s.all) || j < len(added) {
		if j == len(added) || (i < len(s.all) && compareEntry(s.all[i], added[j]) <= 0) {
			all = append(all, s.all[i])
			i++
		} else {
			all = append(all, added[j])
			j++
		}
	}
	return newEntrySet(v, all)
}

// compareEntry orders entries by territory id, day and id.
func compareEntry(a, b truce.ControlEntry) int {
	return cmp.Or(cmp.Compare(a.TerritoryID, b.TerritoryID), cmp.Compare(a.At, b.At), cmp.Compare(a.ID, b.ID))
}

// current returns the newest set loaded and how many entries the last load
// read.
func (c *controlCache) current() (*entrySet, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.set, c.size
}

// keep stores s unless the cache holds a newer set, or s is too large.
func (c *controlCache) keep(s *entrySet) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.size = len(s.all)
	if len(s.all) <= maxCachedEntries && (c.set == nil || s.version.n > c.set.version.n) {
		c.set = s
	}
}

// controlVersion reads control_version in the transaction.
func (t *tx) controlVersion() (controlVersion, error) {
	var v controlVersion
	if err := t.queryRow(`SELECT n, changed FROM control_version WHERE id = 1`).Scan(&v.n, &v.changed); err != nil {
		return v, fmt.Errorf("sqlite: control version: %w", err)
	}
	return v, nil
}

// cachedEntries returns copies of the entries of all matching f, in the
// order of all (territory, day, id). The copies share no memory with all:
// callers may change them.
func cachedEntries(all []truce.ControlEntry, spans map[int64][2]int, f truce.ControlFilter) []truce.ControlEntry {
	var ranges [][2]int
	if len(f.TerritoryIDs) == 0 {
		ranges = [][2]int{{0, len(all)}}
	} else {
		ids := slices.Clone(f.TerritoryIDs)
		slices.Sort(ids)
		for _, id := range slices.Compact(ids) {
			if r, ok := spans[id]; ok {
				ranges = append(ranges, r)
			}
		}
	}
	n, froms := 0, 0
	for _, r := range ranges {
		for i := r[0]; i < r[1]; i++ {
			if f.Until.IsZero() || all[i].At <= f.Until {
				n++
				if all[i].From != nil {
					froms++
				}
			}
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]truce.ControlEntry, 0, n)
	from := make([]truce.Actor, 0, froms) // one block for the From actors
	for _, r := range ranges {
		for i := r[0]; i < r[1]; i++ {
			e := all[i]
			if !f.Until.IsZero() && e.At > f.Until {
				continue
			}
			if e.From != nil {
				from = append(from, *e.From)
				e.From = &from[len(from)-1]
			}
			out = append(out, e)
		}
	}
	return out
}

// territoryNames returns the names of the territories with the given ids
// (repeats allowed), from the cache when the transaction has one.
func (t *tx) territoryNames(ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	c := t.control
	if c != nil {
		c.mu.Lock()
		for _, id := range ids {
			if name, ok := c.names[id]; ok {
				out[id] = name
			}
		}
		c.mu.Unlock()
	}
	var missing []int64
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			out[id] = ""
			missing = append(missing, id)
		}
	}
	for start := 0; start < len(missing); start += 500 {
		var w where
		w.in("id", missing[start:min(start+500, len(missing))])
		rows, err := t.query(`SELECT id, name FROM territories`+w.sql(), w.args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: territory names: %w", err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: territory names: %w", err)
			}
			out[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlite: territory names: %w", err)
		}
	}
	if c != nil && len(missing) > 0 {
		c.mu.Lock()
		if c.names == nil {
			c.names = map[int64]string{}
		}
		for _, id := range missing {
			if name := out[id]; name != "" && len(c.names) < maxCachedNames {
				c.names[id] = name
			}
		}
		c.mu.Unlock()
	}
	return out, nil
}

// actorsByID returns the actors with the given ids (zeros and repeats
// allowed) as events and control entries carry them: name, country, kind.
func (t *tx) actorsByID(ids []int64) (map[int64]truce.Actor, error) {
	seen := map[int64]bool{}
	var uniq []int64
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	out := make(map[int64]truce.Actor, len(uniq))
	for start := 0; start < len(uniq); start += 500 {
		var w where
		w.in("id", uniq[start:min(start+500, len(uniq))])
		rows, err := t.query(`SELECT id, name, country, kind FROM actors`+w.sql(), w.args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: actors: %w", err)
		}
		for rows.Next() {
			var id int64
			var a truce.Actor
			if err := rows.Scan(&id, &a.Name, &a.Country, &a.Kind); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: actors: %w", err)
			}
			out[id] = a
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlite: actors: %w", err)
		}
	}
	return out, nil
}

// AddControlEntry stores a manual change of control and sets c.ID. The
// territory is c.TerritoryID, or found by c.Territory when the id is zero;
// an empty Status means assessed. c.EventID, when set, cites an event
// without tying the entry to its review.
func (db *DB) AddControlEntry(ctx context.Context, c *truce.ControlEntry) error {
	if c == nil {
		return truce.Errorf(truce.EINVALID, "nil control entry")
	}
	if c.At.IsZero() {
		return truce.Errorf(truce.EINVALID, "control entry has no date")
	}
	if c.Controller.Name == "" {
		return truce.Errorf(truce.EINVALID, "control entry names no controller")
	}
	if c.Status == "" {
		c.Status = truce.Assessed
	}
	if !c.Status.Valid() {
		return truce.Errorf(truce.EINVALID, "unknown control status %q: want assessed or claimed", c.Status)
	}
	if c.TerritoryID == 0 && c.Territory == "" {
		return truce.Errorf(truce.EINVALID, "control entry names no territory")
	}
	return db.write(ctx, func(t *tx) error {
		cc := truce.ControlChange{TerritoryID: c.TerritoryID, Territory: c.Territory}
		if err := t.resolveControl(&cc); err != nil {
			return err
		}
		if cc.TerritoryID == 0 {
			return truce.Errorf(truce.EINVALID, "control entry: territory %q is not in the record", c.Territory)
		}
		if c.EventID != 0 {
			if ok, err := t.exists(`SELECT 1 FROM events WHERE id = ?`, c.EventID); err != nil {
				return err
			} else if !ok {
				return truce.Errorf(truce.EINVALID, "control entry cites event %d, which does not exist", c.EventID)
			}
		}
		ctl, err := t.actorID(c.Controller)
		if err != nil {
			return err
		}
		from, err := t.actorPtr(c.From)
		if err != nil {
			return err
		}
		res, err := t.exec(`INSERT INTO control_entries(territory_id, at, controller_id, from_id, status, event_id, from_event, note, created_by, created_at)
			VALUES (?,?,?,?,?,?,0,?,?,?)`, cc.TerritoryID, int64(c.At), ctl, from, c.Status, idOrNil(c.EventID), c.Note, t.user, t.now.UnixNano())
		if err != nil {
			return fmt.Errorf("sqlite: insert control entry: %w", err)
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlite: insert control entry: %w", err)
		}
		c.TerritoryID, c.CreatedBy, c.CreatedAt = cc.TerritoryID, t.user, t.now
		if err := t.queryRow(`SELECT name FROM territories WHERE id = ?`, c.TerritoryID).Scan(&c.Territory); err != nil {
			return fmt.Errorf("sqlite: territory %d: %w", c.TerritoryID, err)
		}
		return t.audit("create", "control", itoa(c.ID), nil, c)
	})
}

// ControlEntries returns the manual entries and those of accepted events
// matching f, ordered by territory id, then day, then id. A read of the
// whole map (no territory named) loads every entry into memory; later
// reads are served from there while the record's control_version stays,
// and read only the entries added since when entries were only added.
func (db *DB) ControlEntries(ctx context.Context, f truce.ControlFilter) ([]truce.ControlEntry, error) {
	var out []truce.ControlEntry
	err := db.read(ctx, func(t *tx) error {
		v, err := t.controlVersion()
		if err != nil {
			return err
		}
		set, size := db.control.current()
		switch {
		case set != nil && set.version == v:
		case set != nil && set.version.n < v.n && set.version.changed == v.changed:
			// Only entries were added since: they have higher ids.
			added, err := t.controlEntries(`WHERE c.id > ?`, set.maxID)
			if err != nil {
				return err
			}
			set = set.with(v, added)
			db.control.keep(set)
		case len(f.TerritoryIDs) == 0:
			all, err := t.controlEntriesHint(size+size/16, "") // room for a few added since
			if err != nil {
				return err
			}
			set = newEntrySet(v, all)
			db.control.keep(set)
		default:
			var w where
			w.in("c.territory_id", f.TerritoryIDs)
			if !f.Until.IsZero() {
				w.add("c.at <= ?", int64(f.Until))
			}
			out, err = t.controlEntries(w.sql(), w.args...)
			return err
		}
		out = cachedEntries(set.all, set.spans, f)
		return nil
	})
	return out, err
}
