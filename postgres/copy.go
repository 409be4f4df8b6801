package postgres

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
	"github.com/truce-monitor/truce/internal/storeutil"
)

// Record is a whole record read through the truce.Store interface: what
// Copy moves from one store to another.
type Record struct {
	Sources     []*truce.Source
	Actors      []*truce.Actor
	Territories []*truce.Territory // with geometries
	Events      []*truce.Event     // with evidence
	Control     []truce.ControlEntry
	Agreements  []*truce.Agreement // with obligations and amendments
	Audit       []truce.AuditEntry
	Users       []*truce.User  // when the store keeps users
	Tokens      []*truce.Token // with their hashes
}

// eventPage is how many events ReadRecord reads per query.
const eventPage = 5000

// ReadRecord reads every source, actor, territory, event with its
// evidence, control entry, agreement and audit entry of s, and its users
// and tokens when s is a truce.UserStore.
func ReadRecord(ctx context.Context, s truce.Store) (*Record, error) {
	var r Record
	var err error
	if r.Sources, err = s.Sources(ctx, truce.SourceFilter{}); err != nil {
		return nil, fmt.Errorf("read sources: %w", err)
	}
	if r.Actors, err = s.Actors(ctx); err != nil {
		return nil, fmt.Errorf("read actors: %w", err)
	}
	if r.Territories, err = s.Territories(ctx, truce.TerritoryFilter{Geometry: true}); err != nil {
		return nil, fmt.Errorf("read territories: %w", err)
	}
	for off := 0; ; off += eventPage {
		es, _, err := s.Events(ctx, truce.EventFilter{Limit: eventPage, Offset: off})
		if err != nil {
			return nil, fmt.Errorf("read events: %w", err)
		}
		r.Events = append(r.Events, es...)
		if len(es) < eventPage {
			break
		}
	}
	if r.Control, err = s.ControlEntries(ctx, truce.ControlFilter{}); err != nil {
		return nil, fmt.Errorf("read control entries: %w", err)
	}
	if r.Agreements, err = s.Agreements(ctx); err != nil {
		return nil, fmt.Errorf("read agreements: %w", err)
	}
	if r.Audit, err = s.Audit(ctx, truce.AuditFilter{}); err != nil {
		return nil, fmt.Errorf("read audit: %w", err)
	}
	if us, ok := s.(truce.UserStore); ok {
		if r.Users, err = us.Users(ctx); err != nil {
			return nil, fmt.Errorf("read users: %w", err)
		}
		if r.Tokens, err = us.Tokens(ctx, ""); err != nil {
			return nil, fmt.Errorf("read tokens: %w", err)
		}
	}
	return &r, nil
}

// TableSum is the number of rows of one table of a record and a checksum
// over them.
type TableSum struct {
	Table    string
	Count    int
	Checksum string // hex SHA-256 of the rows' JSON, by id
}

// Sums returns the count and checksum of each table of r: sources, actors,
// territories, events, evidence, control entries, agreements,
// obligations, amendments, the audit log, users and tokens (with their
// hashes, which their JSON leaves out). Rows are taken in id order
// and hashed as the JSON the domain types marshal to, so that two stores
// holding the same record give the same sums whatever their storage.
func (r *Record) Sums() ([]TableSum, error) {
	type row struct {
		key string
		v   any
	}
	var tables []TableSum
	add := func(name string, rows []row) error {
		slices.SortFunc(rows, func(a, b row) int { return cmp.Compare(a.key, b.key) })
		h := sha256.New()
		for _, r := range rows {
			b, err := json.Marshal(r.v)
			if err != nil {
				return fmt.Errorf("checksum %s %s: %w", name, r.key, err)
			}
			h.Write(b)
			h.Write([]byte{'\n'})
		}
		tables = append(tables, TableSum{Table: name, Count: len(rows), Checksum: hex.EncodeToString(h.Sum(nil))})
		return nil
	}
	id := func(n int64) string { return fmt.Sprintf("%020d", n) }
	var src, act, ter, ev, evd, ctl, agr, obl, amd, aud, usr, tok []row
	for _, s := range r.Sources {
		src = append(src, row{id(s.ID), s})
	}
	for _, a := range r.Actors {
		act = append(act, row{id(a.ID), a})
	}
	for _, t := range r.Territories {
		ter = append(ter, row{id(t.ID), t})
	}
	for _, e := range r.Events {
		ev = append(ev, row{id(e.ID), e})
		for _, x := range e.Evidence {
			evd = append(evd, row{id(x.ID), x})
		}
	}
	for _, c := range r.Control {
		ctl = append(ctl, row{id(c.ID), c})
	}
	for _, a := range r.Agreements {
		agr = append(agr, row{a.ID, a})
		for _, o := range a.Obligations {
			obl = append(obl, row{a.ID + "\x00" + o.ID, o})
			for _, m := range o.Amendments {
				amd = append(amd, row{id(m.ID), m})
			}
		}
	}
	for _, a := range r.Audit {
		aud = append(aud, row{id(a.ID), a})
	}
	for _, u := range r.Users {
		usr = append(usr, row{id(u.ID), u})
	}
	type hashed struct {
		*truce.Token
		Hash string `json:"hash"`
	}
	for _, t := range r.Tokens {
		tok = append(tok, row{id(t.ID), hashed{t, t.Hash}})
	}
	for _, t := range []struct {
		name string
		rows []row
	}{
		{"sources", src}, {"actors", act}, {"territories", ter}, {"events", ev}, {"evidence", evd},
		{"control_entries", ctl}, {"agreements", agr}, {"obligations", obl}, {"amendments", amd}, {"audit", aud},
		{"users", usr}, {"tokens", tok},
	} {
		if err := add(t.name, t.rows); err != nil {
			return nil, err
		}
	}
	return tables, nil
}

// Copy writes the whole record r into db, which must be empty, keeping
// every id, time and audit entry, in one transaction: either all of it is
// stored or none. Derived data (name keys, the text index) is rebuilt.
//
// The store interface does not say whether a control entry citing an
// event was written by accepting it or entered by an analyst; Copy takes
// the first entry of an accepted transfer that matches the event's
// territory, day and new controller, with no note, as written by the
// event (so that rejecting the event later removes it), and any other as
// an analyst's.
func (db *DB) Copy(ctx context.Context, r *Record) error {
	return db.write(ctx, func(t *tx) error {
		var n int64
		if err := t.queryRow(`SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM actors) + (SELECT count(*) FROM territories)
			+ (SELECT count(*) FROM events) + (SELECT count(*) FROM agreements) + (SELECT count(*) FROM audit)
			+ (SELECT count(*) FROM users)`).Scan(&n); err != nil {
			return fmt.Errorf("postgres: copy: %w", err)
		}
		if n != 0 {
			return truce.Errorf(truce.EINVALID, "copy: the target record is not empty (%d rows): copy into a new database", n)
		}
		return t.copyRecord(r)
	})
}

func (t *tx) copyRows(table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := t.CopyFrom(t.ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("postgres: copy %s: %w", table, err)
	}
	return nil
}

// keyRows returns the rows of a key table for one id: each folded name
// once, with the lowest rank it has.
func keyRows(id int64, groups [][]string) [][]any {
	best := map[string]int32{}
	var order []string
	for rank, names := range groups {
		for _, n := range names {
			k := fold.Key(n)
			if k == "" {
				continue
			}
			if _, ok := best[k]; !ok {
				best[k] = int32(rank)
				order = append(order, k)
			}
		}
	}
	rows := make([][]any, len(order))
	for i, k := range order {
		rows[i] = []any{k, id, best[k]}
	}
	return rows
}

func (t *tx) copyRecord(r *Record) error {
	// Sources, in id order so that duplicate_of refers backwards.
	var rows [][]any
	for _, s := range r.Sources {
		rows = append(rows, []any{s.ID, strOrNil(s.URL), s.Outlet, s.Title, timeOrNil(s.Published), s.Dateline, s.Language, s.Text,
			s.ContentHash, int64(s.SimHash), idOrNil(s.DuplicateOf), timeOrNil(s.FetchedAt), s.CreatedAt.UnixNano()})
	}
	if err := t.copyRows("sources", []string{"id", "url", "outlet", "title", "published", "dateline", "language", "text",
		"content_hash", "simhash", "duplicate_of", "fetched_at", "created_at"}, rows); err != nil {
		return err
	}
	// Actors and their keys.
	actorIDs := map[string]int64{}
	rows = nil
	var keys [][]any
	for _, a := range r.Actors {
		actorIDs[a.Name] = a.ID
		rows = append(rows, []any{a.ID, a.Name, a.Country, string(a.Kind), storeutil.NonNil(a.Aliases)})
		keys = append(keys, keyRows(a.ID, [][]string{{a.Name}, a.Aliases})...)
	}
	if err := t.copyRows("actors", []string{"id", "name", "country", "kind", "aliases"}, rows); err != nil {
		return err
	}
	if err := t.copyRows("actor_keys", []string{"key", "actor_id", "rank"}, keys); err != nil {
		return err
	}
	actor := func(a *truce.Actor) (*int64, error) {
		if a == nil || a.Name == "" {
			return nil, nil
		}
		id, ok := actorIDs[a.Name]
		if !ok {
			return nil, truce.Errorf(truce.EINVALID, "copy: actor %q is named but not in the record", a.Name)
		}
		return &id, nil
	}
	// Territories, parents first.
	ts := slices.Clone(r.Territories)
	slices.SortFunc(ts, func(a, b *truce.Territory) int { return cmp.Compare(a.ID, b.ID) })
	rows, keys = nil, nil
	for _, tr := range ts {
		rank, geom, err := prepareTerritory(tr)
		if err != nil {
			return fmt.Errorf("copy territory %d: %w", tr.ID, err)
		}
		var bbox [4]*float64
		if b := tr.BBox; b != nil {
			bbox = [4]*float64{&b[0], &b[1], &b[2], &b[3]}
		}
		rows = append(rows, []any{tr.ID, tr.Name, string(tr.Kind), rank, tr.Country, tr.Code, tr.GeoNameID, idOrNil(tr.ParentID),
			storeutil.NonNil(tr.Aliases), geom, bbox[0], bbox[1], bbox[2], bbox[3]})
		keys = append(keys, keyRows(tr.ID, [][]string{{tr.Name}, tr.Aliases, {tr.Code}})...)
	}
	if err := t.copyRows("territories", []string{"id", "name", "kind", "kind_rank", "country", "code", "geonameid", "parent_id",
		"aliases", "geometry", "min_lon", "min_lat", "max_lon", "max_lat"}, rows); err != nil {
		return err
	}
	if err := t.copyRows("territory_keys", []string{"key", "territory_id", "rank"}, keys); err != nil {
		return err
	}
	// Events, evidence and the text index.
	rows = nil
	var evRows, text [][]any
	byID := map[int64]*truce.Event{}
	for _, e := range r.Events {
		byID[e.ID] = e
		a1, err := actor(&e.Actor1)
		if err != nil {
			return err
		}
		if a1 == nil {
			return truce.Errorf(truce.EINVALID, "copy: event %d has no actor1", e.ID)
		}
		a2, err := actor(e.Actor2)
		if err != nil {
			return err
		}
		var ctlTerr, ctlTo, ctlFrom *int64
		var ctlName *string
		if c := e.Control; c != nil {
			ctlTerr, ctlName = idOrNil(c.TerritoryID), &c.Territory
			if ctlTo, err = actor(&c.To); err != nil {
				return err
			}
			if ctlFrom, err = actor(c.From); err != nil {
				return err
			}
		}
		l := e.Location
		rows = append(rows, []any{e.ID,
			string(e.Type), string(e.SubType), int32(e.Date), int32(e.DateEnd), int32(e.DatePrecision),
			l.Name, l.Lat, l.Lon, l.Country, l.Admin1, l.Admin2, l.GeoNameID, int32(l.Precision),
			*a1, a2, rangeLow(e.Fatalities), rangeHigh(e.Fatalities), rangeLow(e.Injured), rangeHigh(e.Injured),
			string(e.Status), string(e.Review), e.Confidence, ctlTerr, ctlName, ctlTo, ctlFrom, e.Notes,
			int32(e.Version), e.CreatedAt.UnixNano(), e.UpdatedAt.UnixNano()})
		for _, x := range e.Evidence {
			evRows = append(evRows, []any{x.ID, e.ID, idOrNil(x.SourceID), x.Text, int32(x.Start), int32(x.End), x.ClaimedBy, string(x.Stance)})
		}
		text = append(text, []any{e.ID, storeutil.TextBody(e.Notes, e.Evidence)})
	}
	cols := append(append([]string{"id"}, eventSetCols...), "version", "created_at", "updated_at")
	if err := t.copyRows("events", cols, rows); err != nil {
		return err
	}
	if err := t.copyRows("evidence", []string{"id", "event_id", "source_id", "text", "start", "end", "claimed_by", "stance"}, evRows); err != nil {
		return err
	}
	if err := t.copyRows("event_text", []string{"event_id", "body"}, text); err != nil {
		return err
	}
	// Control entries.
	rows = nil
	fromEvent := map[int64]bool{}
	for _, c := range r.Control {
		ctl, err := actor(&c.Controller)
		if err != nil {
			return err
		}
		from, err := actor(c.From)
		if err != nil {
			return err
		}
		byEvent := false
		if e := byID[c.EventID]; e != nil && !fromEvent[e.ID] && c.Note == "" && e.Review == truce.ReviewAccepted &&
			e.Status != truce.StatusPlanned && e.Control != nil && e.Control.TerritoryID == c.TerritoryID && e.Date == c.At &&
			e.Control.To.Name == c.Controller.Name {
			byEvent, fromEvent[e.ID] = true, true
		}
		rows = append(rows, []any{c.ID, c.TerritoryID, int32(c.At), *ctl, from, string(c.Status), idOrNil(c.EventID), byEvent,
			c.Note, c.CreatedBy, c.CreatedAt.UnixNano()})
	}
	if err := t.copyRows("control_entries", []string{"id", "territory_id", "at", "controller_id", "from_id", "status", "event_id",
		"from_event", "note", "created_by", "created_at"}, rows); err != nil {
		return err
	}
	// Agreements, obligations, amendments.
	var obl, amd [][]any
	rows = nil
	for _, a := range r.Agreements {
		rows = append(rows, []any{a.ID, a.Title, int32(a.Signed), int32(a.Effective), storeutil.NonNil(a.Parties), a.Broker, a.Source, a.Notes,
			a.CreatedAt.UnixNano()})
		for i, o := range a.Obligations {
			obl = append(obl, []any{a.ID, o.ID, int32(i), o.Party, string(o.Action), o.Territory, idOrNil(o.TerritoryID), o.To,
				int32(o.Due), o.Description})
			for _, m := range o.Amendments {
				ev, err := jsonOrNil(m.Evidence)
				if err != nil {
					return fmt.Errorf("copy amendment %d: %w", m.ID, err)
				}
				amd = append(amd, []any{m.ID, a.ID, o.ID, int32(m.NewDue), int32(m.AgreedOn), m.Source, idOrNil(m.EventID), ev,
					string(m.Review), m.Note})
			}
		}
	}
	if err := t.copyRows("agreements", []string{"id", "title", "signed", "effective", "parties", "broker", "source", "notes", "created_at"}, rows); err != nil {
		return err
	}
	if err := t.copyRows("obligations", []string{"agreement_id", "id", "seq", "party", "action", "territory", "territory_id", "to_party",
		"due", "description"}, obl); err != nil {
		return err
	}
	if err := t.copyRows("amendments", []string{"id", "agreement_id", "obligation_id", "new_due", "agreed_on", "source", "event_id",
		"evidence", "review", "note"}, amd); err != nil {
		return err
	}
	// The audit log, as it was.
	rows = nil
	for _, a := range r.Audit {
		var before, after *string
		if len(a.Before) > 0 {
			s := string(a.Before)
			before = &s
		}
		if len(a.After) > 0 {
			s := string(a.After)
			after = &s
		}
		rows = append(rows, []any{a.ID, a.At.UnixNano(), a.User, a.Action, a.Entity, a.EntityID, before, after})
	}
	if err := t.copyRows("audit", []string{"id", "at", "user", "action", "entity", "entity_id", "before", "after"}, rows); err != nil {
		return err
	}
	// Users and tokens, with their hashes.
	rows = nil
	for _, u := range r.Users {
		rows = append(rows, []any{u.ID, u.Name, string(u.Role), u.Created.UnixNano(), u.Disabled})
	}
	if err := t.copyRows("users", []string{"id", "name", "role", "created_at", "disabled"}, rows); err != nil {
		return err
	}
	rows = nil
	for _, k := range r.Tokens {
		rows = append(rows, []any{k.ID, k.UserID, k.Name, string(k.Role), k.Hash, k.Created.UnixNano(), timeOrNil(k.Expires),
			timeOrNil(k.LastUse), k.Revoked})
	}
	if err := t.copyRows("tokens", []string{"id", "user_id", "name", "role", "hash", "created_at", "expires_at", "last_use", "revoked"}, rows); err != nil {
		return err
	}
	// Sequences continue after the copied ids.
	for _, table := range []string{"sources", "actors", "territories", "events", "evidence", "control_entries", "amendments", "audit",
		"users", "tokens"} {
		if _, err := t.exec(`SELECT setval(pg_get_serial_sequence('` + table + `', 'id'), COALESCE((SELECT MAX(id) FROM ` + table + `), 0) + 1, false)`); err != nil {
			return fmt.Errorf("postgres: copy: sequence of %s: %w", table, err)
		}
	}
	return nil
}
