package postgres

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
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
	err := db.write(ctx, func(t *tx) error { return t.insertEvent(e, "create") })
	if err != nil {
		e.ID, e.Version = 0, 0
	}
	return err
}

// CreateEvents stores es in one transaction; when one event is invalid
// nothing is stored and the error names its index. As in the SQLite store
// the import is audited by one entry (action "import", entity "event",
// entity id "first-last", after {"count", "first_id", "last_id"}). Ids
// are drawn from the sequence in one query, ascending, and the rows are
// written with COPY.
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
		err := t.queryRow(`SELECT name FROM territories WHERE id = $1`, c.TerritoryID).Scan(&name)
		if errors.Is(err, pgx.ErrNoRows) {
			return truce.Errorf(truce.EINVALID, "control change names territory %d, which does not exist", c.TerritoryID)
		}
		if err != nil {
			return fmt.Errorf("postgres: territory %d: %w", c.TerritoryID, err)
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

// eventSetCols are the columns insert and update set from an event, in
// the order eventArgs returns them.
var eventSetCols = []string{"type", "subtype", "date", "date_end", "date_precision", "loc_name", "lat", "lon",
	"country", "admin1", "admin2", "geonameid", "geo_precision", "actor1_id", "actor2_id",
	"fatalities_low", "fatalities_high", "injured_low", "injured_high",
	"status", "review", "confidence", "ctl_territory_id", "ctl_territory", "ctl_to_id", "ctl_from_id", "notes"}

var insertEventSQL = func() string {
	ph := make([]string, len(eventSetCols)+3)
	for i := range ph {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	return `INSERT INTO events(` + strings.Join(eventSetCols, ", ") + `, version, created_at, updated_at) VALUES (` +
		strings.Join(ph, ",") + `) RETURNING id`
}()

var updateEventSQL = func() string {
	set := make([]string, len(eventSetCols))
	for i, c := range eventSetCols {
		set[i] = c + " = $" + strconv.Itoa(i+1)
	}
	n := len(eventSetCols)
	return `UPDATE events SET ` + strings.Join(set, ", ") + `, version = version + 1, updated_at = $` + strconv.Itoa(n+1) +
		` WHERE id = $` + strconv.Itoa(n+2) + ` AND version = $` + strconv.Itoa(n+3)
}()

func rangeLow(r *truce.Range) *int64 {
	if r == nil {
		return nil
	}
	v := int64(r.Low)
	return &v
}

func rangeHigh(r *truce.Range) *int64 {
	if r == nil {
		return nil
	}
	v := int64(r.High)
	return &v
}

// eventArgs resolves e's actors and control change and returns the column
// values of eventSetCols.
func (t *tx) eventArgs(e *truce.Event) ([]any, error) {
	a1, err := t.actorID(e.Actor1)
	if err != nil {
		return nil, err
	}
	a2, err := t.actorPtr(e.Actor2)
	if err != nil {
		return nil, err
	}
	var ctlTerr, ctlTo, ctlFrom *int64
	var ctlName *string
	if c := e.Control; c != nil {
		if err := t.resolveControl(c); err != nil {
			return nil, err
		}
		to, err := t.actorID(c.To)
		if err != nil {
			return nil, err
		}
		ctlTo = &to
		if ctlFrom, err = t.actorPtr(c.From); err != nil {
			return nil, err
		}
		ctlTerr, ctlName = idOrNil(c.TerritoryID), &c.Territory
		if e.Review == truce.ReviewAccepted && c.TerritoryID == 0 {
			return nil, truce.Errorf(truce.EINVALID, "cannot accept an event whose territory %q is not in the record", c.Territory)
		}
	}
	l := e.Location
	return []any{
		string(e.Type), string(e.SubType), int32(e.Date), int32(e.DateEnd), int32(e.DatePrecision),
		l.Name, l.Lat, l.Lon, l.Country, l.Admin1, l.Admin2, l.GeoNameID, int32(l.Precision),
		a1, a2, rangeLow(e.Fatalities), rangeHigh(e.Fatalities), rangeLow(e.Injured), rangeHigh(e.Injured),
		string(e.Status), string(e.Review), e.Confidence, ctlTerr, ctlName, ctlTo, ctlFrom, e.Notes,
	}, nil
}

// insertEvent writes a validated event, its evidence, its text row, its
// control entry when accepted, and, unless action is "", its audit entry.
func (t *tx) insertEvent(e *truce.Event, action string) error {
	args, err := t.eventArgs(e)
	if err != nil {
		return err
	}
	now := t.now.UnixNano()
	if err := t.queryRow(insertEventSQL, append(args, 1, now, now)...).Scan(&e.ID); err != nil {
		return fmt.Errorf("postgres: insert event: %w", err)
	}
	e.Version, e.CreatedAt, e.UpdatedAt = 1, t.now, t.now
	for i := range e.Evidence {
		if err := t.insertEvidence(e.ID, &e.Evidence[i]); err != nil {
			return err
		}
	}
	if err := t.indexText(e.ID, e.Notes, e.Evidence); err != nil {
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

// nextIDs draws n ids from a table's id sequence, ascending.
func (t *tx) nextIDs(table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	rows, err := t.query(`SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2) ORDER BY 1`, table, n)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, err
	}
	if len(ids) != n {
		return nil, fmt.Errorf("drew %d ids from %s, want %d", len(ids), table, n)
	}
	return ids, nil
}

// insertEvents is the bulk path of CreateEvents and CreateEventBatches
// (base is the import's count of events before es, for the index an
// error names): events, evidence and text rows are written with COPY
// under ids drawn from the sequences first.
func (t *tx) insertEvents(es []*truce.Event, base int) error {
	if len(es) == 0 {
		return nil
	}
	now := t.now.UnixNano()
	at := func(i int, err error) error {
		if truce.ErrorCode(err) != truce.EINTERNAL {
			return truce.Errorf(truce.ErrorCode(err), "event %d: %s", base+i, truce.ErrorMessage(err))
		}
		return fmt.Errorf("event %d: %w", base+i, err)
	}
	if err := t.resolveActorsInOrder(es, at); err != nil {
		return err
	}
	ids, err := t.nextIDs("events", len(es))
	if err != nil {
		return fmt.Errorf("postgres: event ids: %w", err)
	}
	rows := make([][]any, len(es))
	nev := 0
	for i, e := range es {
		args, err := t.eventArgs(e)
		if err != nil {
			return at(i, err)
		}
		rows[i] = append(append([]any{ids[i]}, args...), int32(1), now, now)
		nev += len(e.Evidence)
	}
	cols := append(append([]string{"id"}, eventSetCols...), "version", "created_at", "updated_at")
	if _, err := t.CopyFrom(t.ctx, pgx.Identifier{"events"}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("postgres: copy events: %w", err)
	}
	evIDs, err := t.nextIDs("evidence", nev)
	if err != nil {
		return fmt.Errorf("postgres: evidence ids: %w", err)
	}
	evRows := make([][]any, 0, nev)
	text := make([][]any, len(es))
	for i, e := range es {
		e.ID, e.Version, e.CreatedAt, e.UpdatedAt = ids[i], 1, t.now, t.now
		for k := range e.Evidence {
			ev := &e.Evidence[k]
			if err := t.evidenceSource(ev); err != nil {
				return at(i, err)
			}
			ev.ID, ev.EventID = evIDs[len(evRows)], e.ID
			evRows = append(evRows, []any{ev.ID, e.ID, idOrNil(ev.SourceID), ev.Text, int32(ev.Start), int32(ev.End), ev.ClaimedBy, string(ev.Stance)})
		}
		text[i] = []any{e.ID, storeutil.TextBody(e.Notes, e.Evidence)}
	}
	if _, err := t.CopyFrom(t.ctx, pgx.Identifier{"evidence"}, []string{"id", "event_id", "source_id", "text", "start", "end", "claimed_by", "stance"},
		pgx.CopyFromRows(evRows)); err != nil {
		return fmt.Errorf("postgres: copy evidence: %w", err)
	}
	if _, err := t.CopyFrom(t.ctx, pgx.Identifier{"event_text"}, []string{"event_id", "body"}, pgx.CopyFromRows(text)); err != nil {
		return fmt.Errorf("postgres: copy event text: %w", err)
	}
	for i, e := range es {
		if err := t.syncControl(e, false); err != nil {
			return at(i, err)
		}
	}
	return nil
}

// resolveActorsInOrder resolves (and creates) the actors of es in name
// order before anything else is written, so that two writers creating
// actors at once take their row locks in the same order and do not
// deadlock. at names the event of an error.
func (t *tx) resolveActorsInOrder(es []*truce.Event, at func(int, error) error) error {
	type use struct {
		a     truce.Actor
		event int
	}
	seen := map[string]use{}
	add := func(i int, a *truce.Actor) {
		if a != nil && a.Name != "" {
			if _, ok := seen[a.Name]; !ok {
				seen[a.Name] = use{*a, i}
			}
		}
	}
	for i, e := range es {
		add(i, &e.Actor1)
		add(i, e.Actor2)
		if c := e.Control; c != nil {
			add(i, &c.To)
			add(i, c.From)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(seen)) {
		if _, err := t.actorID(seen[n].a); err != nil {
			return at(seen[n].event, err)
		}
	}
	return nil
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
	err := t.queryRow(`SELECT COALESCE(url,''), outlet FROM sources WHERE id = $1`, ev.SourceID).Scan(&ev.URL, &ev.Outlet)
	if errors.Is(err, pgx.ErrNoRows) {
		return truce.Errorf(truce.EINVALID, "evidence cites source %d, which does not exist", ev.SourceID)
	}
	if err != nil {
		return fmt.Errorf("postgres: evidence source %d: %w", ev.SourceID, err)
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
	err := t.queryRow(`INSERT INTO evidence(event_id, source_id, text, start, "end", claimed_by, stance) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
		eventID, idOrNil(ev.SourceID), ev.Text, ev.Start, ev.End, ev.ClaimedBy, string(ev.Stance)).Scan(&ev.ID)
	if err != nil {
		return fmt.Errorf("postgres: insert evidence: %w", err)
	}
	ev.EventID = eventID
	return nil
}

// indexText (re)writes the event's row of the text index: its notes and
// evidence, folded so that searches ignore case and diacritics.
func (t *tx) indexText(id int64, notes string, evidence []truce.Evidence) error {
	if _, err := t.exec(`INSERT INTO event_text(event_id, body) VALUES ($1, $2)
		ON CONFLICT (event_id) DO UPDATE SET body = excluded.body`, id, storeutil.TextBody(notes, evidence)); err != nil {
		return fmt.Errorf("postgres: index event %d text: %w", id, err)
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
		old, err := t.controlEntries(` WHERE c.event_id = $1 AND c.from_event`, e.ID)
		if err != nil {
			return err
		}
		for _, c := range old {
			if _, err := t.exec(`DELETE FROM control_entries WHERE id = $1`, c.ID); err != nil {
				return fmt.Errorf("postgres: delete control entry %d: %w", c.ID, err)
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
	err = t.queryRow(`INSERT INTO control_entries(territory_id, at, controller_id, from_id, status, event_id, from_event, note, created_by, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,true,'',$7,$8) RETURNING id`, c.TerritoryID, int32(e.Date), to, from, string(status), e.ID, t.user, t.now.UnixNano()).Scan(&entry.ID)
	if err != nil {
		return fmt.Errorf("postgres: control entry of event %d: %w", e.ID, err)
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

type nullActor struct{ name, country, kind *string }

func (n nullActor) ptr() *truce.Actor {
	if n.name == nil {
		return nil
	}
	a := &truce.Actor{Name: *n.name}
	if n.country != nil {
		a.Country = *n.country
	}
	if n.kind != nil {
		a.Kind = truce.ActorKind(*n.kind)
	}
	return a
}

func scanEvent(sc pgx.Row) (*truce.Event, error) {
	var e truce.Event
	var date, dateEnd, prec, geoPrec int32
	var a1, a2, ct, cf nullActor
	var fl, fh, il, ih *int32
	var ctlID *int64
	var ctlName *string
	var created, updated *int64
	l := &e.Location
	err := sc.Scan(&e.ID, &e.Type, &e.SubType, &date, &dateEnd, &prec,
		&l.Name, &l.Lat, &l.Lon, &l.Country, &l.Admin1, &l.Admin2, &l.GeoNameID, &geoPrec,
		&a1.name, &a1.country, &a1.kind, &a2.name, &a2.country, &a2.kind,
		&fl, &fh, &il, &ih, &e.Status, &e.Review, &e.Confidence,
		&ctlID, &ctlName, &ct.name, &ct.country, &ct.kind, &cf.name, &cf.country, &cf.kind,
		&e.Notes, &e.Version, &created, &updated)
	if err != nil {
		return nil, err
	}
	e.Date, e.DateEnd, e.DatePrecision, l.Precision = truce.Date(date), truce.Date(dateEnd), truce.Precision(prec), truce.GeoPrecision(geoPrec)
	e.Actor1 = *a1.ptr()
	e.Actor2 = a2.ptr()
	if fl != nil && fh != nil {
		e.Fatalities = &truce.Range{Low: int(*fl), High: int(*fh)}
	}
	if il != nil && ih != nil {
		e.Injured = &truce.Range{Low: int(*il), High: int(*ih)}
	}
	if ctlName != nil {
		e.Control = &truce.ControlChange{Territory: *ctlName, From: cf.ptr()}
		if ctlID != nil {
			e.Control.TerritoryID = *ctlID
		}
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
	if len(es) == 0 {
		return nil
	}
	byID := make(map[int64]*truce.Event, len(es))
	ids := make([]int64, len(es))
	for i, e := range es {
		byID[e.ID] = e
		ids[i] = e.ID
	}
	rows, err := t.query(`SELECT ev.id, ev.event_id, COALESCE(ev.source_id,0), COALESCE(s.url,''), COALESCE(s.outlet,''),
		ev.text, ev.start, ev."end", ev.claimed_by, ev.stance, COALESCE(s.duplicate_of, s.id)
		FROM evidence ev LEFT JOIN sources s ON s.id = ev.source_id
		WHERE ev.event_id = ANY($1) ORDER BY ev.event_id, ev.id`, ids)
	if err != nil {
		return fmt.Errorf("postgres: evidence: %w", err)
	}
	defer rows.Close()
	seen := map[[2]int64]bool{}
	for rows.Next() {
		var ev truce.Evidence
		var start, end int32
		var origin *int64
		if err := rows.Scan(&ev.ID, &ev.EventID, &ev.SourceID, &ev.URL, &ev.Outlet, &ev.Text, &start, &end,
			&ev.ClaimedBy, &ev.Stance, &origin); err != nil {
			return fmt.Errorf("postgres: evidence: %w", err)
		}
		ev.Start, ev.End = int(start), int(end)
		e := byID[ev.EventID]
		e.Evidence = append(e.Evidence, ev)
		if origin != nil && !seen[[2]int64{e.ID, *origin}] {
			seen[[2]int64{e.ID, *origin}] = true
			e.Sources++
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: evidence: %w", err)
	}
	return nil
}

// event reads one event with its evidence, or ENOTFOUND. With lock, the
// event's row is locked until the transaction ends.
func (t *tx) event(id int64, lock bool) (*truce.Event, error) {
	q := `SELECT ` + eventCols + eventFrom + ` WHERE e.id = $1`
	if lock {
		q += ` FOR UPDATE OF e`
	}
	e, err := scanEvent(t.queryRow(q, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "event %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: event %d: %w", id, err)
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
		e, err = t.event(id, false)
		return err
	})
	return e, err
}

// eventWhere translates an EventFilter into SQL over events e.
func eventWhere(f truce.EventFilter) (where, string, error) {
	var w where
	if len(f.IDs) > 0 {
		w.add("e.id = ANY(?)", f.IDs)
	}
	if !f.From.IsZero() {
		w.add("e.date >= ?", int32(f.From))
	}
	if !f.To.IsZero() {
		w.add("e.date <= ?", int32(f.To))
	}
	if b := f.BBox; b != nil {
		// point <@ box uses the GiST index events_point; box edges count
		// as inside, as BETWEEN does in SQLite.
		w.add("point(e.lon, e.lat) <@ box(point(?, ?), point(?, ?))", b.MinLon, b.MinLat, b.MaxLon, b.MaxLat)
	}
	if len(f.SubTypes) > 0 {
		w.add("e.subtype = ANY(?)", strs(f.SubTypes))
	}
	if len(f.Types) > 0 {
		w.add("e.type = ANY(?)", strs(f.Types))
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
		// Equality, not ANY: the review queue (one state, by confidence)
		// reads events_review_queue in order and stops at the limit.
		w.add("e.review = ?", string(f.Review[0]))
	default:
		w.add("e.review = ANY(?)", strs(f.Review))
	}
	if len(f.Status) > 0 {
		w.add("e.status = ANY(?)", strs(f.Status))
	}
	if f.Text != "" {
		q := fold.Key(f.Text)
		if q == "" {
			return w, "", truce.Errorf(truce.EINVALID, "search text %q has no words", f.Text)
		}
		w.add("e.id IN (SELECT event_id FROM event_text WHERE to_tsvector('simple', body) @@ plainto_tsquery('simple', ?))", q)
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
		rows, err := t.query(`SELECT `+eventCols+eventFrom+w.sql()+order+limit(f.Limit, f.Offset), w.args...)
		if err != nil {
			return fmt.Errorf("postgres: events: %w", err)
		}
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("postgres: events: %w", err)
			}
			out = append(out, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("postgres: events: %w", err)
		}
		total = len(out) + f.Offset
		if f.Limit > 0 && len(out) == f.Limit || f.Offset > 0 && len(out) == 0 {
			if err := t.queryRow(`SELECT COUNT(*) FROM events e`+w.sql(), w.args...).Scan(&total); err != nil {
				return fmt.Errorf("postgres: count events: %w", err)
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
	return db.read(ctx, func(t *tx) error {
		rows, err := t.query(`SELECT e.date, e.type, COUNT(*), COALESCE(SUM(e.fatalities_low), 0) FROM events e`+
			w.sql()+` GROUP BY e.date, e.type ORDER BY e.date, e.type`, w.args...)
		if err != nil {
			return fmt.Errorf("postgres: event counts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var day int32
			var typ truce.EventType
			var n, fatalities int
			if err := rows.Scan(&day, &typ, &n, &fatalities); err != nil {
				return fmt.Errorf("postgres: event counts: %w", err)
			}
			if err := fn(truce.Date(day), typ, n, fatalities); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("postgres: event counts: %w", err)
		}
		return nil
	})
}

// UpdateEvent replaces the stored event's fields, not its evidence, when
// e.Version is the stored version, and bumps e.Version. The event's row is
// locked for the transaction, so that of two concurrent editors of one
// version exactly one wins and the other gets ECONFLICT.
func (db *DB) UpdateEvent(ctx context.Context, e *truce.Event) error {
	if e == nil {
		return truce.Errorf(truce.EINVALID, "nil event")
	}
	if err := storeutil.CheckEvent(e); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		old, err := t.event(e.ID, true)
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
		tag, err := t.exec(updateEventSQL, append(args, t.now.UnixNano(), e.ID, e.Version)...)
		if err != nil {
			return fmt.Errorf("postgres: update event %d: %w", e.ID, err)
		}
		if tag.RowsAffected() != 1 {
			return truce.Errorf(truce.ECONFLICT, "event %d was changed by someone else: reload it", e.ID)
		}
		if err := t.indexText(e.ID, e.Notes, old.Evidence); err != nil {
			return err
		}
		if err := t.syncControl(e, true); err != nil {
			return err
		}
		now, err := t.event(e.ID, false)
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
		old, err := t.event(id, true)
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
		var ctl *int64
		if e.Control != nil {
			ctl = idOrNil(e.Control.TerritoryID)
		}
		if _, err := t.exec(`UPDATE events SET review = $1, ctl_territory_id = COALESCE(ctl_territory_id, $2), version = version + 1, updated_at = $3 WHERE id = $4`,
			string(state), ctl, t.now.UnixNano(), id); err != nil {
			return fmt.Errorf("postgres: review event %d: %w", id, err)
		}
		if err := t.syncControl(&e, true); err != nil {
			return err
		}
		if out, err = t.event(id, false); err != nil {
			return err
		}
		after, err := storeutil.WithField(out, "review_note", note)
		if err != nil {
			return fmt.Errorf("postgres: review event %d: %w", id, err)
		}
		return t.audit("review", "event", itoa(id), old, after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
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
		e, err := t.event(eventID, true)
		if err != nil {
			return err
		}
		if err := t.insertEvidence(eventID, ev); err != nil {
			return err
		}
		if err := t.indexText(eventID, e.Notes, append(e.Evidence, *ev)); err != nil {
			return err
		}
		return t.audit("create", "evidence", itoa(ev.ID), nil, ev)
	})
}
