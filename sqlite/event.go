package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
	"github.com/truce-monitor/truce/internal/storeutil"
)

// CreateEvent validates and stores e with its evidence, and sets e.ID,
// e.Version, e.CreatedAt and e.UpdatedAt.
func (db *DB) CreateEvent(ctx context.Context, e *truce.Event) error {
	if err := storeutil.CheckEvent(e); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error { return t.insertEvent(e, "create") })
}

// CreateEvents stores es in one transaction; when one event is invalid
// nothing is stored and the error names its index. The import is one
// write: it is audited by one entry (action "import", entity "event",
// entity id "first-last", after {"count", "first_id", "last_id"}) rather
// than one per event, which would double the cost of a bulk import. Ids are
// given in order, so first-last covers exactly the imported events.
func (db *DB) CreateEvents(ctx context.Context, es []*truce.Event) error {
	if err := storeutil.CheckEvents(es); err != nil {
		return err
	}
	err := db.write(ctx, func(t *tx) error {
		if err := t.insertEvents(es, 0); err != nil {
			return err
		}
		if len(es) == 0 {
			return nil
		}
		id, summary := storeutil.ImportOf(es)
		return t.audit("import", "event", id, nil, summary)
	})
	if err != nil {
		storeutil.ForgetIDs(es)
	}
	return err
}

// resolveControl fills the control change's territory id from its name, or
// checks the id it names. An unknown name leaves the id zero: the event is
// kept, and cannot be accepted until the territory is in the record.
func (t *tx) resolveControl(c *truce.ControlChange) error {
	if c == nil {
		return nil
	}
	if c.TerritoryID != 0 {
		var name string
		err := t.queryRow(`SELECT name FROM territories WHERE id = ?`, c.TerritoryID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return truce.Errorf(truce.EINVALID, "control change names territory %d, which does not exist", c.TerritoryID)
		}
		if err != nil {
			return fmt.Errorf("sqlite: territory %d: %w", c.TerritoryID, err)
		}
		if c.Territory == "" {
			c.Territory = name
		}
		return nil
	}
	id, err := t.findTerritory(c.Territory)
	if err != nil && truce.ErrorCode(err) != truce.ENOTFOUND {
		return err
	}
	c.TerritoryID = id
	return nil
}

// eventArgs resolves e's actors and control change and returns the column
// values shared by insert and update, in eventSetCols order.
func (t *tx) eventArgs(e *truce.Event) ([]any, error) {
	a1, err := t.actorID(e.Actor1)
	if err != nil {
		return nil, err
	}
	a2, err := t.actorPtr(e.Actor2)
	if err != nil {
		return nil, err
	}
	var ctlTerr, ctlName, ctlTo, ctlFrom any
	if c := e.Control; c != nil {
		if err := t.resolveControl(c); err != nil {
			return nil, err
		}
		if ctlTo, err = t.actorID(c.To); err != nil {
			return nil, err
		}
		if ctlFrom, err = t.actorPtr(c.From); err != nil {
			return nil, err
		}
		ctlTerr, ctlName = idOrNil(c.TerritoryID), c.Territory
		if e.Review == truce.ReviewAccepted && c.TerritoryID == 0 {
			return nil, truce.Errorf(truce.EINVALID, "cannot accept an event whose territory %q is not in the record", c.Territory)
		}
	}
	l := e.Location
	return []any{
		e.Type, e.SubType, int64(e.Date), int64(e.DateEnd), int(e.DatePrecision),
		l.Name, l.Lat, l.Lon, l.Country, l.Admin1, l.Admin2, l.GeoNameID, int(l.Precision),
		a1, a2, rangeLow(e.Fatalities), rangeHigh(e.Fatalities), rangeLow(e.Injured), rangeHigh(e.Injured),
		e.Status, e.Review, e.Confidence, ctlTerr, ctlName, ctlTo, ctlFrom, e.Notes,
	}, nil
}

const eventSetCols = `type, subtype, date, date_end, date_precision, loc_name, lat, lon, country, admin1, admin2,
	geonameid, geo_precision, actor1_id, actor2_id, fatalities_low, fatalities_high, injured_low, injured_high,
	status, review, confidence, ctl_territory_id, ctl_territory, ctl_to_id, ctl_from_id, notes`

var insertEventSQL = `INSERT INTO events(` + eventSetCols + `, version, created_at, updated_at) VALUES (` +
	strings.Repeat("?,", 29) + `?)`

var updateEventSQL = func() string {
	cols := strings.Split(eventSetCols, ",")
	for i, c := range cols {
		cols[i] = strings.TrimSpace(c) + " = ?"
	}
	return `UPDATE events SET ` + strings.Join(cols, ", ") + `, version = version + 1, updated_at = ? WHERE id = ?`
}()

func rangeLow(r *truce.Range) any {
	if r == nil {
		return nil
	}
	return r.Low
}

func rangeHigh(r *truce.Range) any {
	if r == nil {
		return nil
	}
	return r.High
}

// insertEvent writes a validated event, its evidence, its text index row,
// its control entry when accepted, and, unless action is "", its audit
// entry.
func (t *tx) insertEvent(e *truce.Event, action string) error {
	args, err := t.eventArgs(e)
	if err != nil {
		return err
	}
	now := t.now.UnixNano()
	res, err := t.exec(insertEventSQL, append(args, 1, now, now)...)
	if err != nil {
		return fmt.Errorf("sqlite: insert event: %w", err)
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("sqlite: insert event: %w", err)
	}
	e.Version, e.CreatedAt, e.UpdatedAt = 1, t.now, t.now
	for i := range e.Evidence {
		if err := t.insertEvidence(e.ID, &e.Evidence[i]); err != nil {
			return err
		}
	}
	if err := t.indexText(e.ID, e.Notes, e.Evidence, false); err != nil {
		return err
	}
	if err := t.syncControl(e, false); err != nil {
		return err
	}
	if action == "" {
		return nil
	}
	return t.audit(action, "event", itoa(e.ID), nil, e)
}

// bulkRows is how many rows one INSERT of the bulk path writes.
const bulkRows = 64

// insertEvents is the bulk path of CreateEvents and CreateEventBatches
// (base is the import's count of events before es, for the index an
// error names): the events, their
// evidence and their text index rows are written by multi-row INSERTs of
// up to bulkRows rows, which parse and bind far less than one INSERT per
// row. Rowids of a multi-row INSERT are consecutive (a single writer, each
// new rowid one more than the largest), which gives each event its id.
func (t *tx) insertEvents(es []*truce.Event, base int) error {
	now := t.now.UnixNano()
	at := func(i int, err error) error {
		if truce.ErrorCode(err) != truce.EINTERNAL {
			return truce.Errorf(truce.ErrorCode(err), "event %d: %s", base+i, truce.ErrorMessage(err))
		}
		return fmt.Errorf("event %d: %w", base+i, err)
	}
	for start := 0; start < len(es); start += bulkRows {
		chunk := es[start:min(start+bulkRows, len(es))]
		rows := make([]any, 0, len(chunk)*30)
		for i, e := range chunk {
			args, err := t.eventArgs(e)
			if err != nil {
				return at(start+i, err)
			}
			rows = append(append(rows, args...), 1, now, now)
		}
		ids, err := t.insertRows("INSERT INTO events("+eventSetCols+", version, created_at, updated_at) VALUES ", 30, rows)
		if err != nil {
			return fmt.Errorf("sqlite: insert events: %w", err)
		}
		var evRows []any
		var evs []*truce.Evidence
		text := make([]any, 0, 2*len(chunk))
		for i, e := range chunk {
			e.ID, e.Version, e.CreatedAt, e.UpdatedAt = ids[i], 1, t.now, t.now
			for k := range e.Evidence {
				ev := &e.Evidence[k]
				if err := t.evidenceSource(ev); err != nil {
					return at(start+i, err)
				}
				ev.EventID = e.ID
				evRows = append(evRows, e.ID, idOrNil(ev.SourceID), ev.Text, ev.Start, ev.End, ev.ClaimedBy, ev.Stance)
				evs = append(evs, ev)
			}
			text = append(text, e.ID, storeutil.TextBody(e.Notes, e.Evidence))
		}
		evIDs, err := t.insertRows(`INSERT INTO evidence(event_id, source_id, text, start, "end", claimed_by, stance) VALUES `, 7, evRows)
		if err != nil {
			return fmt.Errorf("sqlite: insert evidence: %w", err)
		}
		for k, ev := range evs {
			ev.ID = evIDs[k]
		}
		if _, err := t.insertRows(`INSERT INTO event_text(rowid, body) VALUES `, 2, text); err != nil {
			return fmt.Errorf("sqlite: index events text: %w", err)
		}
		for i, e := range chunk {
			if err := t.syncControl(e, false); err != nil {
				return at(start+i, err)
			}
		}
	}
	return nil
}

// insertRows runs "INSERT ... VALUES " followed by one group of ncols
// placeholders per row, bulkRows rows per statement, and returns the rowid
// of every row.
func (t *tx) insertRows(prefix string, ncols int, args []any) ([]int64, error) {
	n := len(args) / ncols
	ids := make([]int64, 0, n)
	group := "(" + strings.Repeat("?,", ncols-1) + "?)"
	for start := 0; start < n; start += bulkRows {
		rows := min(bulkRows, n-start)
		q := prefix + strings.Repeat(group+",", rows-1) + group
		res, err := t.exec(q, args[start*ncols:(start+rows)*ncols]...)
		if err != nil {
			return nil, err
		}
		last, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		for i := range rows {
			ids = append(ids, last-int64(rows-1-i))
		}
	}
	return ids, nil
}

// evidenceSource checks the source evidence cites and fills its URL and
// outlet, caching sources for the life of the transaction.
func (t *tx) evidenceSource(ev *truce.Evidence) error {
	if ev.SourceID == 0 {
		return nil
	}
	if s, ok := t.sources[ev.SourceID]; ok {
		ev.URL, ev.Outlet = s[0], s[1]
		return nil
	}
	err := t.queryRow(`SELECT COALESCE(url,''), outlet FROM sources WHERE id = ?`, ev.SourceID).Scan(&ev.URL, &ev.Outlet)
	if errors.Is(err, sql.ErrNoRows) {
		return truce.Errorf(truce.EINVALID, "evidence cites source %d, which does not exist", ev.SourceID)
	}
	if err != nil {
		return fmt.Errorf("sqlite: evidence source %d: %w", ev.SourceID, err)
	}
	if t.sources == nil {
		t.sources = map[int64][2]string{}
	}
	t.sources[ev.SourceID] = [2]string{ev.URL, ev.Outlet}
	return nil
}

func (t *tx) insertEvidence(eventID int64, ev *truce.Evidence) error {
	if err := t.evidenceSource(ev); err != nil {
		return err
	}
	res, err := t.exec(`INSERT INTO evidence(event_id, source_id, text, start, "end", claimed_by, stance) VALUES (?,?,?,?,?,?,?)`,
		eventID, idOrNil(ev.SourceID), ev.Text, ev.Start, ev.End, ev.ClaimedBy, ev.Stance)
	if err != nil {
		return fmt.Errorf("sqlite: insert evidence: %w", err)
	}
	if ev.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("sqlite: insert evidence: %w", err)
	}
	ev.EventID = eventID
	return nil
}

// indexText (re)writes the event's row of the full-text index: its notes
// and evidence, folded so that searches ignore case and diacritics.
func (t *tx) indexText(id int64, notes string, evidence []truce.Evidence, replace bool) error {
	if replace {
		if _, err := t.exec(`DELETE FROM event_text WHERE rowid = ?`, id); err != nil {
			return fmt.Errorf("sqlite: index event %d text: %w", id, err)
		}
	}
	if _, err := t.exec(`INSERT INTO event_text(rowid, body) VALUES (?, ?)`, id, storeutil.TextBody(notes, evidence)); err != nil {
		return fmt.Errorf("sqlite: index event %d text: %w", id, err)
	}
	return nil
}

// syncControl makes the control entry written for event e match it: an
// accepted event that transfers territory (has a Control change and is not
// merely planned) has one entry, dated on the event's date, "assessed" when
// the event occurred and "claimed" when disputed; any other event has none.
// With replace, an existing entry is removed first.
func (t *tx) syncControl(e *truce.Event, replace bool) error {
	if replace {
		old, err := t.controlEntries(`WHERE c.event_id = ? AND c.from_event = 1`, e.ID)
		if err != nil {
			return err
		}
		for _, c := range old {
			if _, err := t.exec(`DELETE FROM control_entries WHERE id = ?`, c.ID); err != nil {
				return fmt.Errorf("sqlite: delete control entry %d: %w", c.ID, err)
			}
			if err := t.audit("delete", "control", itoa(c.ID), c, nil); err != nil {
				return err
			}
		}
	}
	c := e.Control
	if e.Review != truce.ReviewAccepted || c == nil || e.Status == truce.StatusPlanned {
		return nil
	}
	if c.TerritoryID == 0 {
		return truce.Errorf(truce.EINVALID, "cannot accept event %d: territory %q is not in the record", e.ID, c.Territory)
	}
	status := truce.Assessed
	if e.Status == truce.StatusDisputed {
		status = truce.Claimed
	}
	entry := truce.ControlEntry{
		TerritoryID: c.TerritoryID, Territory: c.Territory, At: e.Date, Controller: c.To.Ref(), Status: status,
		EventID: e.ID, CreatedBy: t.user, CreatedAt: t.now,
	}
	if c.From != nil {
		f := c.From.Ref()
		entry.From = &f
	}
	to, err := t.actorID(c.To)
	if err != nil {
		return err
	}
	from, err := t.actorPtr(c.From)
	if err != nil {
		return err
	}
	res, err := t.exec(`INSERT INTO control_entries(territory_id, at, controller_id, from_id, status, event_id, from_event, note, created_by, created_at)
		VALUES (?,?,?,?,?,?,1,'',?,?)`, c.TerritoryID, int64(e.Date), to, from, status, e.ID, t.user, t.now.UnixNano())
	if err != nil {
		return fmt.Errorf("sqlite: control entry of event %d: %w", e.ID, err)
	}
	if entry.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("sqlite: control entry of event %d: %w", e.ID, err)
	}
	return t.audit("create", "control", itoa(entry.ID), nil, entry)
}

const eventCols = `e.id, e.type, e.subtype, e.date, e.date_end, e.date_precision,
	e.loc_name, e.lat, e.lon, e.country, e.admin1, e.admin2, e.geonameid, e.geo_precision,
	a1.name, a1.country, a1.kind, a2.name, a2.country, a2.kind,
	e.fatalities_low, e.fatalities_high, e.injured_low, e.injured_high,
	e.status, e.review, e.confidence,
	e.ctl_territory_id, e.ctl_territory, ct.name, ct.country, ct.kind, cf.name, cf.country, cf.kind,
	e.notes, e.version, e.created_at, e.updated_at`

const eventFrom = ` FROM events e
	JOIN actors a1 ON a1.id = e.actor1_id
	LEFT JOIN actors a2 ON a2.id = e.actor2_id
	LEFT JOIN actors ct ON ct.id = e.ctl_to_id
	LEFT JOIN actors cf ON cf.id = e.ctl_from_id`

type nullActor struct{ name, country, kind sql.NullString }

func (n nullActor) ptr() *truce.Actor {
	if !n.name.Valid {
		return nil
	}
	return &truce.Actor{Name: n.name.String, Country: n.country.String, Kind: truce.ActorKind(n.kind.String)}
}

func scanEvent(sc interface{ Scan(...any) error }) (*truce.Event, error) {
	var e truce.Event
	var date, dateEnd int64
	var a1, a2, ct, cf nullActor
	var fl, fh, il, ih, ctlID sql.NullInt64
	var ctlName sql.NullString
	var created, updated sql.NullInt64
	l := &e.Location
	err := sc.Scan(&e.ID, &e.Type, &e.SubType, &date, &dateEnd, &e.DatePrecision,
		&l.Name, &l.Lat, &l.Lon, &l.Country, &l.Admin1, &l.Admin2, &l.GeoNameID, &l.Precision,
		&a1.name, &a1.country, &a1.kind, &a2.name, &a2.country, &a2.kind,
		&fl, &fh, &il, &ih, &e.Status, &e.Review, &e.Confidence,
		&ctlID, &ctlName, &ct.name, &ct.country, &ct.kind, &cf.name, &cf.country, &cf.kind,
		&e.Notes, &e.Version, &created, &updated)
	if err != nil {
		return nil, err
	}
	e.Date, e.DateEnd = truce.Date(date), truce.Date(dateEnd)
	e.Actor1 = *a1.ptr()
	e.Actor2 = a2.ptr()
	if fl.Valid {
		e.Fatalities = &truce.Range{Low: int(fl.Int64), High: int(fh.Int64)}
	}
	if il.Valid {
		e.Injured = &truce.Range{Low: int(il.Int64), High: int(ih.Int64)}
	}
	if ctlName.Valid {
		e.Control = &truce.ControlChange{TerritoryID: ctlID.Int64, Territory: ctlName.String, From: cf.ptr()}
		if to := ct.ptr(); to != nil {
			e.Control.To = *to
		}
	}
	e.CreatedAt, e.UpdatedAt = timeOf(created), timeOf(updated)
	e.Evidence = []truce.Evidence{}
	return &e, nil
}

// loadEvidence fills the evidence and independent-source counts of es.
func (t *tx) loadEvidence(es []*truce.Event) error {
	byID := make(map[int64]*truce.Event, len(es))
	for _, e := range es {
		byID[e.ID] = e
	}
	const chunk = 500
	for i := 0; i < len(es); i += chunk {
		var w where
		ids := make([]int64, 0, chunk)
		for _, e := range es[i:min(i+chunk, len(es))] {
			ids = append(ids, e.ID)
		}
		const q = `SELECT ev.id, ev.event_id, COALESCE(ev.source_id,0), COALESCE(s.url,''), COALESCE(s.outlet,''),
			ev.text, ev.start, ev."end", ev.claimed_by, ev.stance, COALESCE(s.duplicate_of, s.id)
			FROM evidence ev LEFT JOIN sources s ON s.id = ev.source_id`
		var rows *sql.Rows
		var err error
		if len(ids) == 1 {
			rows, err = t.queryStatic(q+` WHERE ev.event_id = ? ORDER BY ev.id`, ids[0])
		} else {
			w.in("ev.event_id", ids)
			rows, err = t.query(q+w.sql()+` ORDER BY ev.event_id, ev.id`, w.args...)
		}
		if err != nil {
			return fmt.Errorf("sqlite: evidence: %w", err)
		}
		seen := map[int64]map[int64]bool{}
		for rows.Next() {
			var ev truce.Evidence
			var origin sql.NullInt64
			if err := rows.Scan(&ev.ID, &ev.EventID, &ev.SourceID, &ev.URL, &ev.Outlet, &ev.Text, &ev.Start, &ev.End,
				&ev.ClaimedBy, &ev.Stance, &origin); err != nil {
				rows.Close()
				return fmt.Errorf("sqlite: evidence: %w", err)
			}
			e := byID[ev.EventID]
			e.Evidence = append(e.Evidence, ev)
			if origin.Valid {
				if seen[e.ID] == nil {
					seen[e.ID] = map[int64]bool{}
				}
				if !seen[e.ID][origin.Int64] {
					seen[e.ID][origin.Int64] = true
					e.Sources++
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlite: evidence: %w", err)
		}
	}
	return nil
}

// event reads one event with its evidence, or ENOTFOUND.
func (t *tx) event(id int64) (*truce.Event, error) {
	e, err := scanEvent(t.queryRow(`SELECT `+eventCols+eventFrom+` WHERE e.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "event %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: event %d: %w", id, err)
	}
	if err := t.loadEvidence([]*truce.Event{e}); err != nil {
		return nil, err
	}
	return e, nil
}

// Event returns the event with the given id, with its evidence.
func (db *DB) Event(ctx context.Context, id int64) (*truce.Event, error) {
	var e *truce.Event
	err := db.read(ctx, func(t *tx) (err error) {
		e, err = t.event(id)
		return err
	})
	return e, err
}

// ftsQuery turns free text into an FTS5 query that matches events holding
// every word, ignoring case and diacritics.
func ftsQuery(text string) string {
	words := strings.Fields(fold.Key(text))
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	return strings.Join(words, " ")
}

// eventWhere translates an EventFilter into SQL over events e.
func eventWhere(f truce.EventFilter) (where, string, error) {
	var w where
	if len(f.IDs) > 0 {
		w.in("e.id", f.IDs)
	}
	if !f.From.IsZero() {
		w.add("e.date >= ?", int64(f.From))
	}
	if !f.To.IsZero() {
		w.add("e.date <= ?", int64(f.To))
	}
	if b := f.BBox; b != nil {
		// The R*Tree (event_rtree) finds the candidates; this settles the
		// box's edges exactly, the row being read anyway.
		w.add("e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?", b.MinLat, b.MaxLat, b.MinLon, b.MaxLon)
	}
	if len(f.SubTypes) > 0 {
		in(&w, "e.subtype", f.SubTypes)
	}
	if len(f.Types) > 0 {
		in(&w, "e.type", f.Types)
	}
	if f.Actor != "" {
		k := fold.Key(f.Actor)
		w.add(`(e.actor1_id IN (SELECT actor_id FROM actor_keys WHERE key = ?) OR e.actor2_id IN (SELECT actor_id FROM actor_keys WHERE key = ?))`, k, k)
	}
	if f.Country != "" {
		w.add("e.country = ?", f.Country)
	}
	switch len(f.Review) {
	case 0:
	case 1:
		// Equality: the review queue (one state, by confidence) reads
		// events_review_queue in order and stops at the limit.
		w.add("e.review = ?", f.Review[0])
	default:
		in(&w, "e.review", f.Review)
	}
	if len(f.Status) > 0 {
		in(&w, "e.status", f.Status)
	}
	if f.Text != "" {
		q := ftsQuery(f.Text)
		if q == "" {
			return w, "", truce.Errorf(truce.EINVALID, "search text %q has no words", f.Text)
		}
		w.add("e.id IN (SELECT rowid FROM event_text WHERE event_text MATCH ?)", q)
	}
	if f.SourceID != 0 {
		w.add("e.id IN (SELECT event_id FROM evidence WHERE source_id = ?)", f.SourceID)
	}
	var order string
	switch f.Order {
	case "", "date":
		order = " ORDER BY e.date, e.id"
	case "-date":
		order = " ORDER BY e.date DESC, e.id DESC"
	case "-confidence":
		order = " ORDER BY e.confidence DESC, e.date, e.id"
	default:
		return w, "", truce.Errorf(truce.EINVALID, "unknown event order %q: want date, -date or -confidence", f.Order)
	}
	if f.Limit < 0 || f.Offset < 0 {
		return w, "", truce.Errorf(truce.EINVALID, "negative limit or offset")
	}
	return w, order, nil
}

// cloneWhere returns a copy of w that adds conditions without touching w.
func cloneWhere(w where) where {
	return where{conds: slices.Clone(w.conds), args: slices.Clone(w.args)}
}

// rtreeBox returns the conditions on event_rtree that select the points
// in f.BBox (a few just outside too: the R*Tree's 32-bit boxes are rounded
// outwards) whose dates lie in [f.From, f.To]. The tree holds days as
// date / 2^24 (see migration 00006), exact for dates below 2^24.
func rtreeBox(f truce.EventFilter) where {
	var w where
	b := f.BBox
	w.add("min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ?", b.MaxLon, b.MinLon, b.MaxLat, b.MinLat)
	if !f.From.IsZero() {
		w.add("max_day >= ?", rtreeDay(f.From))
	}
	if !f.To.IsZero() {
		w.add("min_day <= ?", rtreeDay(f.To))
	}
	return w
}

// rtreeDay is d as event_rtree holds it.
func rtreeDay(d truce.Date) float64 { return float64(d) / (1 << 24) }

// onlyBoxAndDates reports whether f selects by box and dates alone, so
// that its matches can be counted in the R*Tree.
func onlyBoxAndDates(f truce.EventFilter) bool {
	return f.BBox != nil && len(f.IDs) == 0 && len(f.SubTypes) == 0 && len(f.Types) == 0 && f.Actor == "" &&
		f.Country == "" && len(f.Review) == 0 && len(f.Status) == 0 && f.Text == "" && f.SourceID == 0
}

// eventsQuery returns the query reading the page of events matching f.
// With a box and the date order, the R*Tree's candidates are sorted by
// date (small rows: id and day) and the events are read in that order
// until the page is full, instead of reading every event in the box and
// sorting the rows. The outer query has no ORDER BY: the materialized,
// sorted subquery drives the join (CROSS JOIN keeps it the outer loop),
// so rows come out in its order; TestEventsBBoxOrder checks it.
func eventsQuery(f truce.EventFilter, w where, order string) (string, []any) {
	w = cloneWhere(w)
	page := limit(f.Limit, f.Offset)
	if f.BBox == nil || len(f.IDs) > 0 || (f.Order != "" && f.Order != "date" && f.Order != "-date") {
		if f.BBox != nil {
			r := rtreeBox(f)
			w.add("e.id IN (SELECT id FROM event_rtree"+r.sql()+")", r.args...)
		}
		return `SELECT ` + eventCols + eventFrom + w.sql() + order + page, w.args
	}
	dir := ""
	if f.Order == "-date" {
		dir = " DESC"
	}
	r := rtreeBox(f)
	from := strings.Replace(eventFrom, " FROM events e", ` FROM (SELECT id, min_day AS day FROM event_rtree`+r.sql()+
		` ORDER BY day`+dir+`, id`+dir+` LIMIT -1) c CROSS JOIN events e ON e.id = c.id`, 1)
	return `SELECT ` + eventCols + from + w.sql() + page, append(slices.Clone(r.args), w.args...)
}

// countEvents returns the number of events matching f (w is eventWhere's).
// A filter by box and dates alone is counted in the R*Tree, without reading
// the table but for the few events on the box's edges.
func (t *tx) countEvents(f truce.EventFilter, w where) (int, error) {
	w = cloneWhere(w)
	var n int
	if f.BBox == nil {
		err := t.queryRow(`SELECT COUNT(*) FROM events e`+w.sql(), w.args...).Scan(&n)
		return n, err
	}
	r := rtreeBox(f)
	if !onlyBoxAndDates(f) {
		w.add("e.id IN (SELECT id FROM event_rtree"+r.sql()+")", r.args...)
		err := t.queryRow(`SELECT COUNT(*) FROM events e`+w.sql(), w.args...).Scan(&n)
		return n, err
	}
	// One pass over the R*Tree: a point whose rounded box lies inside
	// f.BBox is inside it; one that only overlaps an edge is checked
	// against its exact coordinates (OR stops at the first true term).
	b := f.BBox
	r.add(`(min_lon >= ? AND max_lon <= ? AND min_lat >= ? AND max_lat <= ?
		OR EXISTS (SELECT 1 FROM events e WHERE e.id = event_rtree.id AND e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?))`,
		b.MinLon, b.MaxLon, b.MinLat, b.MaxLat, b.MinLat, b.MaxLat, b.MinLon, b.MaxLon)
	err := t.queryRow(`SELECT COUNT(*) FROM event_rtree`+r.sql(), r.args...).Scan(&n)
	return n, err
}

// Events returns the events matching f, with their evidence unless
// f.NoEvidence, and the number of matches without Limit and Offset.
func (db *DB) Events(ctx context.Context, f truce.EventFilter) ([]*truce.Event, int, error) {
	w, order, err := eventWhere(f)
	if err != nil {
		return nil, 0, err
	}
	var out []*truce.Event
	var total int
	err = db.read(ctx, func(t *tx) error {
		q, args := eventsQuery(f, w, order)
		rows, err := t.query(q, args...)
		if err != nil {
			return fmt.Errorf("sqlite: events: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				return fmt.Errorf("sqlite: events: %w", err)
			}
			out = append(out, e)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlite: events: %w", err)
		}
		rows.Close()
		total = len(out) + f.Offset
		if f.Limit > 0 && len(out) == f.Limit || f.Offset > 0 && len(out) == 0 {
			if total, err = t.countEvents(f, w); err != nil {
				return fmt.Errorf("sqlite: count events: %w", err)
			}
		}
		if f.NoEvidence {
			return nil
		}
		return t.loadEvidence(out)
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// EventCounts calls fn with the number of events matching f (but for its
// order and page) on each day and of each type, and the sum of their
// lowest fatality counts, in order of day and type: what a histogram
// needs, counted in the database instead of reading every event.
func (db *DB) EventCounts(ctx context.Context, f truce.EventFilter, fn func(day truce.Date, typ truce.EventType, n, fatalities int) error) error {
	f.Order, f.Limit, f.Offset = "", 0, 0
	w, _, err := eventWhere(f)
	if err != nil {
		return err
	}
	if f.BBox != nil {
		r := rtreeBox(f)
		w.add("e.id IN (SELECT id FROM event_rtree"+r.sql()+")", r.args...)
	}
	// A filter on the columns of events_day_counts alone is counted in that
	// index (without statistics, SQLite would take the review index and
	// look up every event); another filter may select few events, which
	// the planner finds by its own indexes.
	from := ` FROM events e`
	if f.BBox == nil && len(f.IDs) == 0 && len(f.SubTypes) == 0 && f.Actor == "" && f.Country == "" &&
		len(f.Status) == 0 && f.Text == "" && f.SourceID == 0 {
		from += ` INDEXED BY events_day_counts`
	}
	return db.read(ctx, func(t *tx) error {
		rows, err := t.query(`SELECT e.date, e.type, COUNT(*), COALESCE(SUM(e.fatalities_low), 0)`+from+
			w.sql()+` GROUP BY e.date, e.type ORDER BY e.date, e.type`, w.args...)
		if err != nil {
			return fmt.Errorf("sqlite: event counts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var day int64
			var typ truce.EventType
			var n, fatalities int
			if err := rows.Scan(&day, &typ, &n, &fatalities); err != nil {
				return fmt.Errorf("sqlite: event counts: %w", err)
			}
			if err := fn(truce.Date(day), typ, n, fatalities); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlite: event counts: %w", err)
		}
		return nil
	})
}

// UpdateEvent replaces the stored event's fields, not its evidence, when
// e.Version is the stored version, and bumps e.Version.
func (db *DB) UpdateEvent(ctx context.Context, e *truce.Event) error {
	if e == nil {
		return truce.Errorf(truce.EINVALID, "nil event")
	}
	if err := storeutil.CheckEvent(e); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		old, err := t.event(e.ID)
		if err != nil {
			return err
		}
		if old.Version != e.Version {
			return truce.Errorf(truce.ECONFLICT, "event %d was changed by someone else (version %d, yours %d): reload it", e.ID, old.Version, e.Version)
		}
		args, err := t.eventArgs(e)
		if err != nil {
			return err
		}
		if _, err := t.exec(updateEventSQL, append(args, t.now.UnixNano(), e.ID)...); err != nil {
			return fmt.Errorf("sqlite: update event %d: %w", e.ID, err)
		}
		if err := t.indexText(e.ID, e.Notes, old.Evidence, true); err != nil {
			return err
		}
		if err := t.syncControl(e, true); err != nil {
			return err
		}
		now, err := t.event(e.ID)
		if err != nil {
			return err
		}
		e.Version, e.UpdatedAt, e.CreatedAt, e.Evidence, e.Sources = now.Version, now.UpdatedAt, now.CreatedAt, now.Evidence, now.Sources
		return t.audit("update", "event", itoa(e.ID), old, now)
	})
}

// ReviewEvent sets the event's review state when version is the stored
// version (0 skips the check), adds or removes its control entry, and
// records note in the audit entry ("review_note" in its after).
func (db *DB) ReviewEvent(ctx context.Context, id int64, state truce.ReviewState, note string, version int) (*truce.Event, error) {
	if !state.Valid() {
		return nil, truce.Errorf(truce.EINVALID, "unknown review state %q: want candidate, accepted or rejected", state)
	}
	var out *truce.Event
	err := db.write(ctx, func(t *tx) error {
		old, err := t.event(id)
		if err != nil {
			return err
		}
		if version != 0 && old.Version != version {
			return truce.Errorf(truce.ECONFLICT, "event %d was changed by someone else (version %d, yours %d): reload it", id, old.Version, version)
		}
		e := *old
		e.Review = state
		if c := old.Control; c != nil {
			cc := *c
			e.Control = &cc
			if cc.TerritoryID == 0 {
				if err := t.resolveControl(e.Control); err != nil {
					return err
				}
			}
		}
		if _, err := t.exec(`UPDATE events SET review = ?, ctl_territory_id = COALESCE(ctl_territory_id, ?), version = version + 1, updated_at = ? WHERE id = ?`,
			state, controlTerritory(e.Control), t.now.UnixNano(), id); err != nil {
			return fmt.Errorf("sqlite: review event %d: %w", id, err)
		}
		if err := t.syncControl(&e, true); err != nil {
			return err
		}
		if out, err = t.event(id); err != nil {
			return err
		}
		after, err := storeutil.WithField(out, "review_note", note)
		if err != nil {
			return fmt.Errorf("sqlite: review event %d: %w", id, err)
		}
		return t.audit("review", "event", itoa(id), old, after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func controlTerritory(c *truce.ControlChange) any {
	if c == nil {
		return nil
	}
	return idOrNil(c.TerritoryID)
}

// AddEvidence adds a piece of evidence to an event and sets ev.ID.
func (db *DB) AddEvidence(ctx context.Context, eventID int64, ev *truce.Evidence) error {
	if ev == nil {
		return truce.Errorf(truce.EINVALID, "nil evidence")
	}
	if err := ev.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		e, err := t.event(eventID)
		if err != nil {
			return err
		}
		if err := t.insertEvidence(eventID, ev); err != nil {
			return err
		}
		if err := t.indexText(eventID, e.Notes, append(e.Evidence, *ev), true); err != nil {
			return err
		}
		return t.audit("create", "evidence", itoa(ev.ID), nil, ev)
	})
}
