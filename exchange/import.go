package exchange

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ingest/canon"
)

// ImportOptions say what a file holds and what to call it.
type ImportOptions struct {
	Format Format // ACLEDCSV, UCDPCSV or JSONL
	// Name is the file's name, kept in the provenance of the imported
	// events (the title and text of their sources).
	Name string
	// BatchRows is how many rows are written at a time (default
	// DefaultBatchRows); memory holds about three batches.
	BatchRows int
}

// DefaultBatchRows is how many rows an import hands the store at a time.
// An ACLED row takes about 2 KiB as an event, so a batch takes a few MiB
// whatever the size of the file.
const DefaultBatchRows = 2000

// Result says what an import stored.
type Result struct {
	Events  int   `json:"events"`
	Sources int   `json:"sources"` // new sources stored (the others were in the record)
	FirstID int64 `json:"first_id"`
	LastID  int64 `json:"last_id"`
}

// RowError is a row that cannot be imported, by the line it starts on
// (the header is line 1).
type RowError struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

func (r RowError) String() string { return fmt.Sprintf("line %d: %s", r.Line, r.Message) }

// ValidationError lists the invalid rows of a file; nothing of the file
// was stored.
type ValidationError struct {
	Name string
	// Rows are the first MaxRowErrors invalid rows, by line.
	Rows []RowError
	// Invalid counts every invalid row, listed or not.
	Invalid int
}

// MaxRowErrors is how many invalid rows a ValidationError lists; the
// others are counted. A file of a million bad rows takes no more memory
// to refuse than one of a thousand.
const MaxRowErrors = 1000

// maxListed is how many row errors Error lists.
const maxListed = 10

func (e *ValidationError) Error() string {
	var b strings.Builder
	n := max(e.Invalid, len(e.Rows))
	fmt.Fprintf(&b, "%s: %d invalid %s, nothing stored", e.Name, n, plural(n, "row", "rows"))
	for i, r := range e.Rows {
		if i == maxListed {
			fmt.Fprintf(&b, "\n  … and %d more", n-maxListed)
			break
		}
		b.WriteString("\n  " + r.String())
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// srcKey names the report a piece of evidence comes from: its URL and
// outlet, and its number in the file when the file numbers its reports.
type srcKey struct {
	URL, Outlet string
	Ord         int
}

// row is an event read from a file, with the reports of its evidence.
type row struct {
	line int
	e    *truce.Event
	keys []srcKey // one per piece of evidence
}

// importer reads one file.
type importer struct {
	s         truce.Store
	o         ImportOptions
	errs      []RowError        // the first MaxRowErrors
	invalid   int               // invalid rows
	countries map[string]string // folded country name → ISO3 ("" unknown)
	terr      map[string]bool   // territory name → in the record
	copyOf    map[int]int       // report number → number of its original
	// emit takes each valid row: the first pass counts rows and gathers
	// the reports they quote, the second hands them to the store.
	emit func(row) error
	rows int              // valid rows of the first pass
	keys []srcKey         // the reports quoted, in the order first quoted
	ids  map[srcKey]int64 // the sources standing for them
}

// eventBatcher is a store that takes a bulk import batch by batch in one
// transaction: sqlite.DB and postgres.DB. Import falls back to one
// CreateEvents of every row (memory in proportion to the file) for other
// stores.
type eventBatcher interface {
	CreateEventBatches(ctx context.Context, next func() ([]*truce.Event, error)) error
}

// Import reads a file of events in o.Format and stores its rows as events
// (accepted unless the file says otherwise) in one transaction. Every row
// is checked first: when one is invalid (a bad date, coordinates off the
// globe, an unknown sub-event type, a change of control of a territory not
// in the record…) Import stores nothing and returns a *ValidationError
// listing the bad rows by line. The reports the evidence quotes become
// sources: one per outlet (and URL) and file, titled after the file.
//
// The file is read twice, and never held in memory: a first pass checks
// every row and gathers the reports quoted; when all are valid the
// sources are stored (each on its own, as before any import), then a
// second pass reads the rows again and hands them to the store
// o.BatchRows at a time, all in one transaction, so that a failure at
// any row (the disk full, the import interrupted) stores no event and
// importing the file again stores no event twice. A reader that cannot
// seek (a pipe) is copied to a temporary file during the first pass. A
// file that reads otherwise the second time (checked row by row and by
// checksum) stores no event either.
func Import(ctx context.Context, s truce.Store, r io.Reader, o ImportOptions) (Result, error) {
	switch o.Format {
	case ACLEDCSV, UCDPCSV, JSONL:
	default:
		return Result{}, truce.Errorf(truce.EINVALID, "import format %q: want acled-csv, ucdp-csv or jsonl", o.Format)
	}
	if o.BatchRows <= 0 {
		o.BatchRows = DefaultBatchRows
	}
	im := &importer{s: s, o: o, countries: map[string]string{}, terr: map[string]bool{}, copyOf: map[int]int{}}
	first, again, cleanup, err := twice(r)
	if err != nil {
		return Result{}, fmt.Errorf("exchange: import %s: %w", o.Name, err)
	}
	defer cleanup()
	seen := map[srcKey]bool{}
	im.emit = func(r row) error {
		im.rows++
		for _, k := range r.keys {
			if !seen[k] {
				seen[k] = true
				im.keys = append(im.keys, k)
			}
		}
		return nil
	}
	sum1 := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	if err := im.read(ctx, io.TeeReader(first, sum1)); err != nil {
		return Result{}, err
	}
	if im.invalid > 0 {
		return Result{}, &ValidationError{Name: o.Name, Rows: im.errs, Invalid: im.invalid}
	}
	if im.rows == 0 {
		return Result{}, truce.Errorf(truce.EINVALID, "%s: no rows to import", o.Name)
	}
	res, err := im.storeSources(ctx)
	if err != nil {
		return res, err
	}
	second, err := again()
	if err != nil {
		return res, fmt.Errorf("exchange: import %s: read again: %w", o.Name, err)
	}
	return im.storeEvents(ctx, second, sum1, res)
}

// twice returns r for a first reading, and a function that returns a
// reader of the same bytes for a second: r itself sought back to where
// it was when r can seek, else a temporary copy of what the first
// reading read. cleanup removes the copy.
func twice(r io.Reader) (first io.Reader, again func() (io.Reader, error), cleanup func(), err error) {
	if rs, ok := r.(io.ReadSeeker); ok {
		if at, err := rs.Seek(0, io.SeekCurrent); err == nil {
			return rs, func() (io.Reader, error) {
				_, err := rs.Seek(at, io.SeekStart)
				return rs, err
			}, func() {}, nil
		}
	}
	tmp, err := os.CreateTemp("", "truce-import-*")
	if err != nil {
		return nil, nil, nil, fmt.Errorf("copy of a stream: %w", err)
	}
	os.Remove(tmp.Name()) // where it can: the file lives until closed
	cleanup = func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	w := bufio.NewWriterSize(tmp, 64<<10)
	return &teeAll{r: r, w: w}, func() (io.Reader, error) {
		// the first reading may stop before the end: copy the rest
		if _, err := io.Copy(w, r); err != nil {
			return nil, err
		}
		if err := w.Flush(); err != nil {
			return nil, err
		}
		_, err := tmp.Seek(0, io.SeekStart)
		return tmp, err
	}, cleanup, nil
}

// teeAll is io.TeeReader that keeps the write error for the second read.
type teeAll struct {
	r io.Reader
	w *bufio.Writer
}

func (t *teeAll) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		if _, werr := t.w.Write(p[:n]); werr != nil {
			return n, fmt.Errorf("copy of a stream: %w", werr)
		}
	}
	return n, err
}

// read reads the file in im.o.Format, handing each valid row to im.emit.
func (im *importer) read(ctx context.Context, r io.Reader) error {
	if im.o.Format == JSONL {
		return im.readJSONL(ctx, r)
	}
	return im.readCSV(ctx, r)
}

// storeSources writes the sources, originals before their
// near-duplicates.
func (im *importer) storeSources(ctx context.Context) (Result, error) {
	var res Result
	byOrd := map[int]srcKey{}
	for _, k := range im.keys {
		if k.Ord != 0 {
			byOrd[k.Ord] = k
		}
	}
	// originals first: a copy names its original's id
	keys := slices.Clone(im.keys)
	slices.SortStableFunc(keys, func(a, b srcKey) int {
		ca, cb := im.copyOf[a.Ord] != 0, im.copyOf[b.Ord] != 0
		switch {
		case ca == cb:
			return 0
		case cb:
			return -1
		}
		return 1
	})
	im.ids = make(map[srcKey]int64, len(keys))
	for _, k := range keys {
		src := im.source(k)
		if o, ok := byOrd[im.copyOf[k.Ord]]; ok && k.Ord != 0 {
			src.DuplicateOf = im.ids[o]
		}
		created, err := im.s.PutSource(ctx, src)
		if err != nil {
			return res, fmt.Errorf("exchange: import %s: source %q: %w", im.o.Name, k.Outlet, err)
		}
		if created {
			res.Sources++
		}
		im.ids[k] = src.ID
	}
	return res, nil
}

// errChanged is the second pass's error when it does not read what the
// first did.
func (im *importer) errChanged(why string) error {
	return truce.Errorf(truce.EINVALID, "%s changed while it was imported (%s): nothing stored; import it again", im.o.Name, why)
}

// storeEvents reads the file again (r) and stores its rows batch by batch
// in one transaction. sum1 is the checksum of the first reading: a file
// that reads otherwise the second time stores nothing.
func (im *importer) storeEvents(parent context.Context, r io.Reader, sum1 hash.Hash32, res Result) (Result, error) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	rows := 0
	// take checks a row of the second reading and gives its evidence the
	// ids of its sources.
	take := func(r row) error {
		if im.invalid > 0 {
			return im.errChanged(im.errs[0].String())
		}
		for j, k := range r.keys {
			id, ok := im.ids[k]
			if !ok {
				return im.errChanged(fmt.Sprintf("line %d quotes a report the first reading did not", r.line))
			}
			r.e.Evidence[j].SourceID = id
		}
		rows++
		return nil
	}
	// The file is read in a goroutine while the store writes the batch
	// before: reading and writing overlap, and at most three batches
	// (one being read, one waiting, one being written) are in memory.
	batches := make(chan []*truce.Event, 1)
	var readErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(batches)
		batch := make([]*truce.Event, 0, im.o.BatchRows)
		send := func() error {
			select {
			case batches <- batch:
				batch = make([]*truce.Event, 0, im.o.BatchRows)
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		im.emit = func(r row) error {
			if err := take(r); err != nil {
				return err
			}
			if batch = append(batch, r.e); len(batch) == im.o.BatchRows {
				return send()
			}
			return nil
		}
		sum2 := crc32.New(crc32.MakeTable(crc32.Castagnoli))
		readErr = im.read(ctx, io.TeeReader(r, sum2))
		switch {
		case readErr != nil:
		case im.invalid > 0:
			readErr = im.errChanged(im.errs[0].String())
		case rows != im.rows:
			readErr = im.errChanged(fmt.Sprintf("%d rows, %d the first time", rows, im.rows))
		case sum2.Sum32() != sum1.Sum32():
			readErr = im.errChanged("its bytes differ")
		case len(batch) > 0:
			readErr = send()
		}
	}()
	var first *truce.Event
	var last []*truce.Event
	next := func() ([]*truce.Event, error) {
		b, ok := <-batches
		if !ok {
			<-done
			return nil, readErr
		}
		if first == nil {
			first = b[0]
		}
		last = b
		return b, nil
	}
	err := createBatches(ctx, im.s, next)
	cancel()
	<-done
	if err != nil && parent.Err() != nil {
		return res, fmt.Errorf("exchange: import %s interrupted, no event stored: %w", im.o.Name, parent.Err())
	}
	if err != nil && readErr != nil && !errors.Is(readErr, context.Canceled) {
		return res, readErr // the second reading failed, and said why
	}
	if err != nil {
		return res, fmt.Errorf("exchange: import %s: %w", im.o.Name, err)
	}
	res.Events, res.FirstID, res.LastID = rows, first.ID, last[len(last)-1].ID
	return res, nil
}

// createBatches stores the batches next returns in one transaction: with
// CreateEventBatches where the store has it, else with one CreateEvents
// of them all.
func createBatches(ctx context.Context, s truce.Store, next func() ([]*truce.Event, error)) error {
	if b, ok := s.(eventBatcher); ok {
		return b.CreateEventBatches(ctx, next)
	}
	var all []*truce.Event
	for {
		b, err := next()
		if err != nil {
			return err
		}
		if len(b) == 0 {
			break
		}
		all = append(all, b...)
	}
	return s.CreateEvents(ctx, all)
}

// source is the source standing for the reports of one outlet (and URL)
// in the imported file.
func (im *importer) source(k srcKey) *truce.Source {
	text := fmt.Sprintf("Imported by truce from %s (%s).", im.o.Name, im.o.Format)
	if k.Outlet != "" {
		text += " Reported by " + k.Outlet + "."
	}
	if k.URL != "" {
		text += " Report at " + k.URL + "."
	}
	if k.Ord != 0 {
		text += fmt.Sprintf(" Report %d of the file.", k.Ord)
	}
	return &truce.Source{
		URL: k.URL, Outlet: k.Outlet, Title: "Imported from " + im.o.Name,
		Text: text, ContentHash: canon.Hash(text), FetchedAt: time.Now().UTC(),
	}
}

// maxMessage caps the message of a row error, which may quote a cell.
const maxMessage = 500

func (im *importer) fail(line int, format string, args ...any) {
	im.invalid++
	if len(im.errs) >= MaxRowErrors {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if len(msg) > maxMessage {
		cut := maxMessage
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	im.errs = append(im.errs, RowError{Line: line, Message: msg})
}

// readCSV reads an ACLED or UCDP CSV file.
func (im *importer) readCSV(ctx context.Context, r io.Reader) error {
	capped := &rowCap{r: r, max: MaxRowBytes + 64<<10} // the bufio buffer reads ahead
	cr := csv.NewReader(bufio.NewReaderSize(capped, 64<<10))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	capped.n = 0
	if errors.Is(err, errRowTooLarge) {
		return truce.Errorf(truce.EINVALID, "%s: the header is larger than %d MiB: nothing stored", im.o.Name, MaxRowBytes>>20)
	}
	if errors.Is(err, io.EOF) {
		return truce.Errorf(truce.EINVALID, "%s: empty file", im.o.Name)
	}
	if err != nil {
		return truce.Errorf(truce.EINVALID, "%s: %v", im.o.Name, err)
	}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := cols[h]; !dup {
			cols[h] = i
		}
	}
	need := []string{"event_date", "sub_event_type", "actor1", "latitude", "longitude"}
	parse := im.acledRow
	if im.o.Format == UCDPCSV {
		need = []string{"type_of_violence", "side_a", "side_b", "latitude", "longitude", "date_start"}
		parse = im.ucdpRow
	}
	var missing []string
	for _, n := range need {
		if _, ok := cols[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return truce.Errorf(truce.EINVALID, "%s: not a %s file: no column %s", im.o.Name, im.o.Format, strings.Join(missing, ", "))
	}
	for {
		rec, err := cr.Read()
		capped.n = 0
		if errors.Is(err, io.EOF) {
			return nil
		}
		if errors.Is(err, errRowTooLarge) {
			line, _ := cr.FieldPos(0)
			return truce.Errorf(truce.EINVALID, "%s: the row at line %d is larger than %d MiB: nothing stored", im.o.Name, line, MaxRowBytes>>20)
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				im.fail(pe.StartLine, "%v", pe.Err)
				if pe.Err == csv.ErrFieldCount || im.invalid < MaxRowErrors {
					continue
				}
			}
			return truce.Errorf(truce.EINVALID, "%s: %v", im.o.Name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) > len(header) {
			// an unquoted comma in a cell shifts the cells after it
			im.fail(line, "%d cells, the header has %d: quote cells that hold commas", len(rec), len(header))
			continue
		}
		get := func(name string) string {
			if i, ok := cols[name]; ok && i < len(rec) {
				return unescapeCell(strings.TrimSpace(rec[i]))
			}
			return ""
		}
		e, keys, err := parse(ctx, get)
		if err == nil {
			err = im.check(ctx, e)
		}
		if err != nil {
			im.fail(line, "%s", truce.ErrorMessage(err))
			if truce.ErrorCode(err) == truce.EINTERNAL {
				return err
			}
			continue
		}
		if err := im.emit(row{line: line, e: e, keys: keys}); err != nil {
			return err
		}
	}
}

// check validates an event as the store will, and checks that the
// territory of an accepted change of control is in the record.
func (im *importer) check(ctx context.Context, e *truce.Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if e.Actor1.Name == "" {
		return truce.Errorf(truce.EINVALID, "no actor1")
	}
	for _, ev := range e.Evidence {
		if strings.TrimSpace(ev.Text) == "" {
			return truce.Errorf(truce.EINVALID, "evidence without text")
		}
		if ev.Start < 0 || ev.End < ev.Start {
			return truce.Errorf(truce.EINVALID, "evidence span [%d, %d) is not a span", ev.Start, ev.End)
		}
	}
	if c := e.Control; c != nil && e.Review == truce.ReviewAccepted {
		known, ok := im.terr[c.Territory]
		if !ok {
			_, err := im.s.FindTerritory(ctx, c.Territory)
			switch {
			case err == nil:
				known = true
			case truce.ErrorCode(err) != truce.ENOTFOUND:
				return fmt.Errorf("exchange: territory %q: %w", c.Territory, err)
			}
			im.terr[c.Territory] = known
		}
		if !known {
			return truce.Errorf(truce.EINVALID, "control_territory %q is not in the record (add it with truce territory add)", c.Territory)
		}
	}
	return nil
}

// iso returns the ISO3 code of a country: the code itself when the file
// gives one, else the code of the record's country territory of that
// name, else "".
func (im *importer) iso(ctx context.Context, code, name string) (string, error) {
	if len(code) == 3 && isAlpha(code) {
		return strings.ToUpper(code), nil
	}
	if name == "" {
		return "", nil
	}
	if c, ok := im.countries[name]; ok {
		return c, nil
	}
	t, err := im.s.FindTerritory(ctx, name)
	c := ""
	switch {
	case err == nil && t.Kind == truce.TerritoryCountry:
		c = t.Country
	case err != nil && truce.ErrorCode(err) != truce.ENOTFOUND:
		return "", fmt.Errorf("exchange: country %q: %w", name, err)
	}
	im.countries[name] = c
	return c, nil
}

func isAlpha(s string) bool {
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') {
			return false
		}
	}
	return true
}

// dateLayouts are the forms of event_date accepted: ISO and ACLED's.
var dateLayouts = []string{time.DateOnly, "2 January 2006", "02 January 2006", "2-January-2006", "2006-01-02 15:04:05.000", "2006-01-02 15:04:05", "1/2/2006"}

func parseDate(col, s string) (truce.Date, error) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return truce.DateOf(t), nil
		}
	}
	return 0, truce.Errorf(truce.EINVALID, "%s: bad date %q: want YYYY-MM-DD or 25 November 2020", col, s)
}

func parseInt(col, s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, truce.Errorf(truce.EINVALID, "%s: %q is not a whole number", col, s)
	}
	return n, nil
}

func parseFloat(col, s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, truce.Errorf(truce.EINVALID, "%s: %q is not a number", col, s)
	}
	return f, nil
}

// subType finds a sub-event type by name, ignoring case.
func subType(s string) (truce.SubEventType, error) {
	for _, st := range truce.SubEventTypes {
		if strings.EqualFold(s, string(st)) {
			return st, nil
		}
	}
	return "", truce.Errorf(truce.EINVALID, "unknown sub-event type %q", s)
}

// acledRow reads a row of ACLED's layout, with truce's own columns when
// the file has them.
func (im *importer) acledRow(ctx context.Context, get func(string) string) (*truce.Event, []srcKey, error) {
	e := &truce.Event{Review: truce.ReviewAccepted, Confidence: 1}
	var err error
	if e.Date, err = parseDate("event_date", get("event_date")); err != nil {
		return nil, nil, err
	}
	if v := get("date_end"); v != "" {
		if e.DateEnd, err = parseDate("date_end", v); err != nil {
			return nil, nil, err
		}
	}
	p, err := parseInt("time_precision", get("time_precision"))
	if err != nil {
		return nil, nil, err
	}
	e.DatePrecision = truce.Precision(p)
	if e.SubType, err = subType(get("sub_event_type")); err != nil {
		return nil, nil, err
	}
	if t := get("event_type"); t != "" && !strings.EqualFold(t, string(e.SubType.Type())) {
		return nil, nil, truce.Errorf(truce.EINVALID, "sub-event type %q does not belong to event type %q", e.SubType, t)
	}
	e.Actor1 = truce.Actor{Name: get("actor1"), Kind: interKind(get("inter1")), Country: get("actor1_country")}
	if k := get("actor1_kind"); k != "" {
		e.Actor1.Kind = truce.ActorKind(k)
	}
	if n := get("actor2"); n != "" {
		e.Actor2 = &truce.Actor{Name: n, Kind: interKind(get("inter2")), Country: get("actor2_country")}
		if k := get("actor2_kind"); k != "" {
			e.Actor2.Kind = truce.ActorKind(k)
		}
	}
	for _, a := range []*truce.Actor{&e.Actor1, e.Actor2} {
		if a != nil && a.Kind != "" && !a.Kind.Valid() {
			return nil, nil, truce.Errorf(truce.EINVALID, "unknown actor kind %q", a.Kind)
		}
	}
	l := &e.Location
	if l.Country, err = im.iso(ctx, get("iso"), get("country")); err != nil {
		return nil, nil, err
	}
	l.Admin1, l.Admin2, l.Name = get("admin1"), get("admin2"), get("location")
	if l.Lat, err = parseFloat("latitude", get("latitude")); err != nil {
		return nil, nil, err
	}
	if l.Lon, err = parseFloat("longitude", get("longitude")); err != nil {
		return nil, nil, err
	}
	gp, err := parseInt("geo_precision", get("geo_precision"))
	if err != nil {
		return nil, nil, err
	}
	l.Precision = truce.GeoPrecision(gp)
	if v := get("geonameid"); v != "" {
		if l.GeoNameID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return nil, nil, truce.Errorf(truce.EINVALID, "geonameid: %q is not a number", v)
		}
	}
	e.Notes = get("notes")
	if e.Fatalities, err = countRange("fatalities", get("fatalities"), get("fatalities_high")); err != nil {
		return nil, nil, err
	}
	if e.Injured, err = countRange("injured_low", get("injured_low"), get("injured_high")); err != nil {
		return nil, nil, err
	}
	if v := get("status"); v != "" {
		e.Status = truce.Status(v)
	}
	if v := get("review"); v != "" {
		e.Review = truce.ReviewState(v)
	}
	if v := get("confidence"); v != "" {
		if e.Confidence, err = parseFloat("confidence", v); err != nil {
			return nil, nil, err
		}
	}
	if t := get("control_territory"); t != "" {
		e.Control = &truce.ControlChange{Territory: t, To: truce.Actor{Name: get("control_to")}}
		if f := get("control_from"); f != "" {
			e.Control.From = &truce.Actor{Name: f}
		}
		fillActor(&e.Control.To, e)
		if e.Control.From != nil {
			fillActor(e.Control.From, e)
		}
	}
	var keys []srcKey
	if v := get("evidence"); v != "" && v != "[]" {
		var evs []evidenceJSON
		if err := json.Unmarshal([]byte(v), &evs); err != nil {
			return nil, nil, truce.Errorf(truce.EINVALID, "evidence: not a JSON array of evidence: %v", err)
		}
		for _, ev := range evs {
			e.Evidence = append(e.Evidence, truce.Evidence{Text: ev.Text, Start: ev.Start, End: ev.End, ClaimedBy: ev.ClaimedBy, Stance: ev.Stance})
			keys = append(keys, srcKey{URL: ev.URL, Outlet: ev.Outlet, Ord: ev.Source})
			if ev.Source != 0 && ev.CopyOf != 0 {
				im.copyOf[ev.Source] = ev.CopyOf
			}
		}
	} else {
		text := e.Notes
		if text == "" {
			text = "ACLED event " + get("event_id_cnty")
		}
		e.Evidence = []truce.Evidence{{Text: text, End: len(text)}}
		keys = []srcKey{{Outlet: get("source")}}
	}
	return e, keys, nil
}

// fillActor gives a control change's actor the kind and country of the
// event's actor of the same name.
func fillActor(a *truce.Actor, e *truce.Event) {
	for _, o := range []*truce.Actor{&e.Actor1, e.Actor2} {
		if o != nil && o.Name == a.Name {
			a.Kind, a.Country = o.Kind, o.Country
			return
		}
	}
}

// countRange reads a low and high count; an empty low is no count, an
// empty high is the low.
func countRange(col, low, high string) (*truce.Range, error) {
	if low == "" {
		return nil, nil
	}
	lo, err := parseInt(col, low)
	if err != nil {
		return nil, err
	}
	hi := lo
	if high != "" {
		if hi, err = parseInt(col, high); err != nil {
			return nil, err
		}
	}
	if lo < 0 || hi < lo {
		return nil, truce.Errorf(truce.EINVALID, "%s: bad count range %d–%d", col, lo, hi)
	}
	return &truce.Range{Low: lo, High: hi}, nil
}

// ucdpRow reads a row of UCDP GED's layout. type_of_violence 1
// (state-based) and 2 (non-state) become Armed clash, 3 (one-sided) Attack;
// date_prec 1 is day precision, 2–3 week, 4–5 month; where_prec 1 is an
// exact place, 2 near one, 3 and above a larger area; the deaths are the
// range low–high with the best estimate in the notes.
func (im *importer) ucdpRow(ctx context.Context, get func(string) string) (*truce.Event, []srcKey, error) {
	e := &truce.Event{Review: truce.ReviewAccepted, Confidence: 1}
	tv := get("type_of_violence")
	switch tv {
	case "1", "2":
		e.SubType = truce.ArmedClash
	case "3":
		e.SubType = truce.Attack
	default:
		return nil, nil, truce.Errorf(truce.EINVALID, "type_of_violence %q: want 1, 2 or 3", tv)
	}
	var err error
	if e.Date, err = parseDate("date_start", get("date_start")); err != nil {
		return nil, nil, err
	}
	if v := get("date_end"); v != "" {
		end, err := parseDate("date_end", v)
		if err != nil {
			return nil, nil, err
		}
		if end != e.Date {
			e.DateEnd = end
		}
	}
	dp, err := parseInt("date_prec", get("date_prec"))
	if err != nil {
		return nil, nil, err
	}
	switch {
	case dp <= 1:
		e.DatePrecision = truce.PrecisionDay
	case dp <= 3:
		e.DatePrecision = truce.PrecisionWeek
	default:
		e.DatePrecision = truce.PrecisionMonth
	}
	e.Actor1 = ucdpActor(get("side_a"), tv)
	if b := get("side_b"); b != "" {
		a := ucdpActor(b, tv)
		e.Actor2 = &a
	}
	l := &e.Location
	if l.Country, err = im.iso(ctx, "", get("country")); err != nil {
		return nil, nil, err
	}
	l.Name, l.Admin1, l.Admin2 = get("where_description"), get("adm_1"), get("adm_2")
	if l.Lat, err = parseFloat("latitude", get("latitude")); err != nil {
		return nil, nil, err
	}
	if l.Lon, err = parseFloat("longitude", get("longitude")); err != nil {
		return nil, nil, err
	}
	wp, err := parseInt("where_prec", get("where_prec"))
	if err != nil {
		return nil, nil, err
	}
	switch {
	case wp == 0:
	case wp == 1:
		l.Precision = truce.GeoExact
	case wp == 2:
		l.Precision = truce.GeoNear
	default:
		l.Precision = truce.GeoRegional
	}
	best, err := parseInt("best", get("best"))
	if err != nil {
		return nil, nil, err
	}
	low, high := get("low"), get("high")
	if low == "" {
		low = strconv.Itoa(best)
	}
	if high == "" {
		high = low
	}
	if e.Fatalities, err = countRange("low", low, high); err != nil {
		return nil, nil, err
	}
	e.Notes = fmt.Sprintf("UCDP GED event %s: best estimate %d deaths (low %d, high %d).", get("id"), best, e.Fatalities.Low, e.Fatalities.High)
	text := get("source_headline")
	if text == "" {
		text = get("source_article")
	}
	if text == "" {
		text = e.Notes
	}
	outlet := get("source_office")
	if outlet == "" {
		outlet = "UCDP GED"
	}
	e.Evidence = []truce.Evidence{{Text: text, End: len(text)}}
	return e, []srcKey{{Outlet: outlet}}, nil
}

// ucdpActor reads a UCDP side: "Government of X" is state forces,
// "Civilians" civilians, any other a rebel group (state-based and one-sided
// violence) or an identity militia (non-state conflicts, between organised
// groups that are no state).
func ucdpActor(name, typeOfViolence string) truce.Actor {
	a := truce.Actor{Name: name}
	switch {
	case strings.HasPrefix(name, "Government of "):
		a.Kind = truce.KindStateForces
	case strings.EqualFold(name, "Civilians"):
		a.Kind = truce.KindCivilians
	case typeOfViolence == "2":
		a.Kind = truce.KindIdentityMilitia
	default:
		a.Kind = truce.KindRebelGroup
	}
	return a
}

// unescapeCell undoes escapeCell: an apostrophe before =, +, -, @, a tab,
// a carriage return or another apostrophe is dropped.
func unescapeCell(v string) string {
	if len(v) >= 2 && v[0] == '\'' && strings.ContainsRune("=+-@\t\r'", rune(v[1])) {
		return v[1:]
	}
	return v
}

// readJSONL reads one truce.Event per line (truce export --format jsonl).
// Ids, versions and timestamps are the record's own and are dropped.
func (im *importer) readJSONL(ctx context.Context, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxRowBytes)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		e := &truce.Event{}
		if err := json.Unmarshal(b, e); err != nil {
			msg := err.Error()
			if truce.ErrorCode(err) != truce.EINTERNAL {
				msg = truce.ErrorMessage(err) // a bad date, say: without the error code
			}
			im.fail(line, "not a JSON event: %s", msg)
			continue
		}
		e.ID, e.Version, e.Sources, e.CreatedAt, e.UpdatedAt = 0, 0, 0, time.Time{}, time.Time{}
		if c := e.Control; c != nil {
			c.TerritoryID = 0
		}
		keys := make([]srcKey, len(e.Evidence))
		for i := range e.Evidence {
			ev := &e.Evidence[i]
			keys[i] = srcKey{URL: ev.URL, Outlet: ev.Outlet}
			ev.ID, ev.EventID, ev.SourceID, ev.URL, ev.Outlet = 0, 0, 0, "", ""
		}
		if err := im.check(ctx, e); err != nil {
			im.fail(line, "%s", truce.ErrorMessage(err))
			if truce.ErrorCode(err) == truce.EINTERNAL {
				return err
			}
			continue
		}
		if err := im.emit(row{line: line, e: e, keys: keys}); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return truce.Errorf(truce.EINVALID, "%s: line %d is larger than %d MiB: nothing stored", im.o.Name, line+1, MaxRowBytes>>20)
		}
		return fmt.Errorf("exchange: read %s: %w", im.o.Name, err)
	}
	return nil
}

// MaxRowBytes caps one row (or JSON line) of an imported file. Rows of
// ACLED and UCDP files take a few kilobytes, and of truce's exports more
// only for events with hundreds of quotes; a 100 MB cell took 1.7 GB of
// memory to import and stored a 100 MB note.
const MaxRowBytes = 4 << 20

// errRowTooLarge is rowCap's error.
var errRowTooLarge = errors.New("row too large")

// rowCap reads r until max bytes have been read since n was last reset
// (at each row), then fails with errRowTooLarge.
type rowCap struct {
	r      io.Reader
	n, max int
}

func (c *rowCap) Read(p []byte) (int, error) {
	if c.n >= c.max {
		return 0, errRowTooLarge
	}
	if len(p) > c.max-c.n {
		p = p[:c.max-c.n]
	}
	k, err := c.r.Read(p)
	c.n += k
	return k, err
}
