// Package ingest turns a stream of reports into the reviewed record: each
// report is stored once as a Source, near-duplicate wire copies are linked
// to their original, the events the extractor finds are merged with the
// events other reports gave of the same happening (one event, several
// pieces of evidence, disputed when sources disagree), planned handovers
// and postponed deadlines are linked to agreement obligations, and with
// automatic acceptance the confident events and amendments are accepted so
// that control of territory and obligation status follow the evidence.
//
// The stages are small packages: canon (canonical URL, content hash),
// simhash (near-duplicates), merge (same happening), feed (polite
// fetching of feeds and pages). Ingester ties them together on a
// truce.Store and an extractor.
package ingest

import (
	"context"
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/article"
	"github.com/truce-monitor/truce/extract"
	"github.com/truce-monitor/truce/ingest/canon"
	"github.com/truce-monitor/truce/ingest/merge"
	"github.com/truce-monitor/truce/ingest/simhash"
)

// Accept says what happens to the events found.
type Accept string

const (
	// AcceptReview leaves every event a candidate for analysts' review.
	AcceptReview Accept = "review"
	// AcceptAuto accepts events and amendments whose confidence is at
	// least Options.MinConfidence, audited as automatic acceptance.
	AcceptAuto Accept = "auto"
)

// DefaultMinConfidence is the confidence at or above which AcceptAuto
// accepts an event.
const DefaultMinConfidence = 0.7

// Options tune an Ingester. The zero value reviews everything by hand.
type Options struct {
	Accept        Accept
	MinConfidence float64 // for AcceptAuto; 0 means DefaultMinConfidence
	// Workers extract reports in parallel (0: one per CPU).
	Workers int
	// Batch is how many reports are extracted before their events are
	// written in one transaction (0: 256).
	Batch int
	// Merge tunes when two events are one happening.
	Merge merge.Rules
	// Progress, when set, is called after each report with the number of
	// reports done.
	Progress func(done int)
	// KeepIDs keeps the ids of the sources stored or found and of the
	// events created or merged into in the Summary (SourceIDs, EventIDs),
	// for callers that ingest a few reports and must name what they
	// touched, such as the API. Off for streams, whose memory stays flat.
	KeepIDs bool
}

// Report is one report to ingest: its bytes and what is known of it.
type Report struct {
	Name        string // where it came from, for messages: a path, a URL, "stdin:3"
	URL         string
	Outlet      string
	ContentType string    // "text/html", "text/plain" or "" to sniff
	Published   time.Time // zero: the date the report gives
	FetchedAt   time.Time
	Data        []byte
}

// Failure is a report that could not be ingested and why.
type Failure struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// Summary counts what an ingest did.
type Summary struct {
	Read           int       `json:"read"`            // reports read
	Duplicates     int       `json:"duplicates"`      // skipped: stored already (same URL or text)
	Resumed        int       `json:"resumed"`         // stored already without all their events (an interrupted run): the missing events stored now
	NearDuplicates int       `json:"near_duplicates"` // stored and linked to their original
	Failed         int       `json:"failed"`
	Failures       []Failure `json:"failures,omitempty"`
	EventsFound    int       `json:"events_found"`    // events the extractor found
	EventsCreated  int       `json:"events_created"`  // new events stored
	EventsMerged   int       `json:"events_merged"`   // added as evidence to an event of another report
	EventsAccepted int       `json:"events_accepted"` // accepted automatically
	Disputed       int       `json:"disputed"`        // events marked disputed by conflicting evidence
	Amendments     int       `json:"amendments"`      // candidate amendments to obligations found
	AmendAccepted  int       `json:"amendments_accepted"`
	Linked         int       `json:"linked"` // planned events linked to an obligation
	// SourceIDs and EventIDs are kept with Options.KeepIDs: the sources of
	// the reports a Run read (stored now or before) and the events it
	// created or merged into, each once, in the order they were met.
	SourceIDs []int64 `json:"-"`
	EventIDs  []int64 `json:"-"`
}

// Add adds the counts of o to s.
func (s *Summary) Add(o Summary) {
	s.Read += o.Read
	s.Duplicates += o.Duplicates
	s.Resumed += o.Resumed
	s.SourceIDs = appendNew(s.SourceIDs, o.SourceIDs...)
	s.EventIDs = appendNew(s.EventIDs, o.EventIDs...)
	s.NearDuplicates += o.NearDuplicates
	s.Failed += o.Failed
	s.Failures = append(s.Failures, o.Failures...)
	s.EventsFound += o.EventsFound
	s.EventsCreated += o.EventsCreated
	s.EventsMerged += o.EventsMerged
	s.EventsAccepted += o.EventsAccepted
	s.Disputed += o.Disputed
	s.Amendments += o.Amendments
	s.AmendAccepted += o.AmendAccepted
	s.Linked += o.Linked
}

// Ingester writes reports into a store. It is not safe for concurrent
// use; one Ingester per stream.
type Ingester struct {
	s    truce.Store
	x    *extract.Extractor
	opts Options

	near       simhash.Index
	nearLoaded bool
	recent     recentSources
	sketches   sketchRing
	win        *window
	terr       map[string]int64 // territory ids by folded name (0: none)
	agreements []*truce.Agreement
	agrLoaded  bool
	sides      map[string]string // country ISO3 of an agreement's party name
	mine       map[int64]bool    // sources stored by this ingester
	sum        Summary
}

// New returns an Ingester writing into s with events found by x.
func New(s truce.Store, x *extract.Extractor, opts Options) (*Ingester, error) {
	if opts.Accept == "" {
		opts.Accept = AcceptReview
	}
	if opts.Accept != AcceptAuto && opts.Accept != AcceptReview {
		return nil, truce.Errorf(truce.EINVALID, "accept %q: want auto or review", opts.Accept)
	}
	if opts.MinConfidence == 0 {
		opts.MinConfidence = DefaultMinConfidence
	}
	if opts.MinConfidence < 0 || opts.MinConfidence > 1 {
		return nil, truce.Errorf(truce.EINVALID, "minimum confidence %v out of [0,1]", opts.MinConfidence)
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Batch <= 0 {
		opts.Batch = 256
	}
	return &Ingester{s: s, x: x, opts: opts, win: newWindow(s), terr: map[string]int64{}, sides: map[string]string{}}, nil
}

// Summary returns the counts so far.
func (in *Ingester) Summary() Summary { return in.sum }

// Refresh drops what the ingester keeps of the record from reading it —
// the events of the merge window and the agreements — so that the next
// Run reads them again and sees what other writers committed since. It is
// for long-lived ingesters sharing a record with others (truce worker);
// call it between runs, never during one. The near-duplicate index is
// kept: a report stored by another writer is still found as a duplicate
// by the store, but a near-duplicate of it is not linked.
func (in *Ingester) Refresh() {
	in.win = newWindow(in.s)
	in.agreements, in.agrLoaded = nil, false
}

// extracted is a report after reading and extraction.
type extracted struct {
	r      Report
	a      *article.Article
	events []extract.Event
	err    error
}

// Run ingests every report next yields, until it reports false, and
// returns the summary of this run. A report that fails is counted with its
// reason and the rest go on; Run stops early only on a store error or when
// ctx ends.
//
// Batches are pipelined: the workers extract the next batch while the
// current one is written, so that extraction (parallel) and the store's
// writes (one writer) overlap.
func (in *Ingester) Run(ctx context.Context, next func() (Report, bool, error)) (Summary, error) {
	in.sum.SourceIDs, in.sum.EventIDs = nil, nil // the ids are those of this run
	before := in.sum
	done := false
	read := func() []Report {
		var batch []Report
		for !done && len(batch) < in.opts.Batch {
			r, ok, err := next()
			if err != nil {
				in.fail(r.Name, err)
				continue
			}
			if !ok {
				done = true
				break
			}
			batch = append(batch, r)
		}
		return batch
	}
	start := func(batch []Report) <-chan []extracted {
		ch := make(chan []extracted, 1)
		go func() { ch <- in.extractAll(batch) }()
		return ch
	}
	cur := read()
	if len(cur) == 0 {
		return in.since(before), nil
	}
	curX := start(cur)
	for curX != nil {
		var nextX <-chan []extracted
		if nxt := read(); len(nxt) > 0 {
			nextX = start(nxt)
		}
		err := in.write(ctx, <-curX)
		if err != nil {
			if nextX != nil {
				<-nextX // let the workers finish before returning
			}
			return in.since(before), err
		}
		curX = nextX
	}
	return in.since(before), nil
}

// Ingest ingests the given reports.
func (in *Ingester) Ingest(ctx context.Context, reports ...Report) (Summary, error) {
	i := 0
	return in.Run(ctx, func() (Report, bool, error) {
		if i == len(reports) {
			return Report{}, false, nil
		}
		i++
		return reports[i-1], true, nil
	})
}

func (in *Ingester) since(before Summary) Summary {
	s := in.sum
	s.Read -= before.Read
	s.Duplicates -= before.Duplicates
	s.Resumed -= before.Resumed
	s.NearDuplicates -= before.NearDuplicates
	s.Failed -= before.Failed
	s.Failures = s.Failures[len(before.Failures):]
	s.EventsFound -= before.EventsFound
	s.EventsCreated -= before.EventsCreated
	s.EventsMerged -= before.EventsMerged
	s.EventsAccepted -= before.EventsAccepted
	s.Disputed -= before.Disputed
	s.Amendments -= before.Amendments
	s.AmendAccepted -= before.AmendAccepted
	s.Linked -= before.Linked
	return s
}

func (in *Ingester) fail(name string, err error) {
	in.sum.Read++
	in.sum.Failed++
	in.sum.Failures = append(in.sum.Failures, Failure{Name: name, Reason: Reason(err)})
	in.progress()
}

func (in *Ingester) progress() {
	if in.opts.Progress != nil {
		in.opts.Progress(in.sum.Read)
	}
}

// Reason turns a reading or extraction error into a short reason for
// users.
func Reason(err error) string {
	if r, ok := article.Reason(err); ok {
		return r
	}
	if truce.ErrorCode(err) == truce.EINTERNAL {
		// what failed to read or fetch one report: a file, a page, a feed
		return err.Error()
	}
	return truce.ErrorMessage(err)
}

// extractAll reads and extracts a batch on the workers, in order.
func (in *Ingester) extractAll(batch []Report) []extracted {
	out := make([]extracted, len(batch))
	var wg sync.WaitGroup
	jobs := make(chan int)
	for range min(in.opts.Workers, len(batch)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i] = in.extractOne(batch[i])
			}
		}()
	}
	for i := range batch {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return out
}

func (in *Ingester) extractOne(r Report) extracted {
	e := extracted{r: r}
	a, err := article.Read(r.Data, article.Options{URL: r.URL, ContentType: r.ContentType, Published: r.Published})
	if err != nil {
		e.err = err
		return e
	}
	if a.Published.IsZero() {
		a.Published = time.Now().UTC()
	}
	e.a = a
	if in.x != nil {
		e.events, e.err = in.x.Extract(a)
	}
	return e
}

// write stores an extracted batch, in report order.
func (in *Ingester) write(ctx context.Context, xs []extracted) error {
	if err := in.loadNear(ctx); err != nil {
		return err
	}
	var pend pending
	for _, e := range xs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.err != nil {
			in.fail(e.r.Name, e.err)
			continue
		}
		if err := in.report(ctx, e, &pend); err != nil {
			return err
		}
		in.sum.Read++
		in.progress()
	}
	return in.flush(ctx, &pend)
}

// source builds the Source of an extracted report.
func source(e extracted) *truce.Source {
	s := &truce.Source{
		Outlet: e.r.Outlet, Title: e.a.Title, Published: e.a.Published, Dateline: e.a.Dateline,
		Language: e.a.Language, Text: e.a.Text, ContentHash: canon.Hash(e.a.Text), FetchedAt: e.r.FetchedAt,
	}
	if e.r.URL != "" {
		if u, err := canon.URL(e.r.URL); err == nil {
			s.URL = u
		}
	}
	if s.Outlet == "" {
		s.Outlet = e.a.Outlet
	}
	if s.Outlet == "" && s.URL != "" {
		if u, err := url.Parse(s.URL); err == nil {
			s.Outlet = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	return s
}

// report stores one report's source and sorts its events into new ones
// and evidence for known ones.
func (in *Ingester) report(ctx context.Context, e extracted, pend *pending) error {
	src := source(e)
	shingles := simhash.Shingles(src.Text)
	src.SimHash = simhash.Of(shingles)
	sketch := simhash.SketchOf(shingles)
	orig, err := in.original(ctx, src, shingles, sketch)
	if err != nil {
		return err
	}
	src.DuplicateOf = orig
	created, err := in.s.PutSource(ctx, src)
	if err != nil {
		return fmt.Errorf("ingest: %s: store source: %w", e.r.Name, err)
	}
	if in.opts.KeepIDs {
		in.sum.SourceIDs = appendNew(in.sum.SourceIDs, src.ID)
	}
	// The events to place: the extractor's, minus those a run stored
	// before (their evidence cites this source at the same span).
	events := make([]placing, 0, len(e.events))
	for _, xe := range e.events {
		ev := xe.ToDomain()
		ev.Evidence[0].SourceID = src.ID
		ev.Evidence[0].Stance = stanceOf(xe)
		if ev.Actor1.Name == "" || ev.Validate() != nil {
			continue
		}
		events = append(events, placing{ev, xe})
	}
	if !created {
		var err error
		if events, err = in.unstored(ctx, src.ID, events); err != nil {
			return fmt.Errorf("ingest: %s: %w", e.r.Name, err)
		}
		if len(events) == 0 {
			in.sum.Duplicates++
			return nil
		}
		in.sum.Resumed++
	}
	in.sum.EventsFound += len(e.events)
	if in.mine == nil {
		in.mine = make(map[int64]bool)
	}
	in.mine[src.ID] = true
	in.near.Add(src.ID, src.SimHash)
	in.recent.add(src.ID, nearInfo{hash: src.ContentHash, url: src.URL, dup: src.DuplicateOf, shingles: shingles})
	in.sketches.add(src.ID, sketch)
	if orig != 0 {
		in.sum.NearDuplicates++
	}
	pub := truce.DateOf(src.Published)
	for _, p := range events {
		ev, xe := p.ev, p.xe
		if err := in.resolveTerritory(ctx, &ev); err != nil {
			return err
		}
		am, err := in.planned(ctx, &ev, xe, pub, src)
		if err != nil {
			return err
		}
		if err := in.place(ctx, &ev, am, pend); err != nil {
			return err
		}
	}
	return nil
}

// appendNew appends the ids not in ids already.
func appendNew(ids []int64, more ...int64) []int64 {
	for _, id := range more {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// placing is an extracted event on its way into the record.
type placing struct {
	ev truce.Event
	xe extract.Event
}

// unstored returns the events of a source that was stored already which
// the record lacks: a run interrupted after storing the source (or part of
// its evidence, which a batch writes in several transactions) stored
// them not at all or only in part. An event is stored when some event's
// evidence cites the source at its span. Sources stored by this ingester
// are complete: the same text twice in one run is a duplicate.
func (in *Ingester) unstored(ctx context.Context, id int64, events []placing) ([]placing, error) {
	if len(events) == 0 || in.mine[id] {
		return nil, nil
	}
	stored, _, err := in.s.Events(ctx, truce.EventFilter{SourceID: id})
	if err != nil {
		return nil, fmt.Errorf("events of stored source %d: %w", id, err)
	}
	type span struct{ start, end int }
	have := map[span]bool{}
	for _, e := range stored {
		for _, ev := range e.Evidence {
			if ev.SourceID == id {
				have[span{ev.Start, ev.End}] = true
			}
		}
	}
	var out []placing
	for _, p := range events {
		if ev := p.ev.Evidence[0]; !have[span{ev.Start, ev.End}] {
			out = append(out, p)
		}
	}
	return out, nil
}

// original returns the id of the source src is a near-duplicate of, or 0:
// the nearest stored fingerprints are confirmed by the resemblance of the
// texts, and a copy of a copy links to the first original.
func (in *Ingester) original(ctx context.Context, src *truce.Source, shingles []uint64, sketch simhash.Sketch) (int64, error) {
	for _, m := range in.near.Near(src.SimHash, simhash.DefaultMaxDistance, 3) {
		if sk, ok := in.sketches.get(m.ID); ok && sk.Estimate(sketch) < minEstimate {
			continue // clearly no copy: no need to read the source
		}
		o, ok := in.recent.get(m.ID)
		if !ok {
			s, err := in.s.Source(ctx, m.ID)
			if err != nil {
				return 0, fmt.Errorf("ingest: near-duplicate source %d: %w", m.ID, err)
			}
			o = nearInfo{hash: s.ContentHash, url: s.URL, dup: s.DuplicateOf, shingles: simhash.Shingles(s.Text)}
			in.recent.add(m.ID, o)
			in.sketches.add(m.ID, simhash.SketchOf(o.shingles))
		}
		if o.hash == src.ContentHash || (src.URL != "" && o.url == src.URL) {
			return 0, nil // the same report: PutSource skips it
		}
		if simhash.Resemblance(shingles, o.shingles) >= simhash.DefaultMinResemblance {
			if o.dup != 0 {
				return o.dup, nil
			}
			return m.ID, nil
		}
	}
	return 0, nil
}

// nearInfo is what the near-duplicate check needs of a stored source.
type nearInfo struct {
	hash, url string
	dup       int64
	shingles  []uint64
}

// minEstimate is the sketch estimate of resemblance below which a
// fingerprint match is taken for no copy without reading the source: a
// copy resembles its original at DefaultMinResemblance (0.5) or more, and
// a 32-place sketch estimates that below 0.25 with a probability under
// one in a thousand.
const minEstimate = 0.25

// sketchCap is how many sources' sketches are held (128 bytes each).
const sketchCap = 1 << 18

// sketchRing holds the sketches of the last sketchCap sources stored.
type sketchRing struct {
	m    map[int64]simhash.Sketch
	ring []int64
	next int
}

func (r *sketchRing) get(id int64) (simhash.Sketch, bool) {
	v, ok := r.m[id]
	return v, ok
}

func (r *sketchRing) add(id int64, v simhash.Sketch) {
	if r.m == nil {
		r.m = map[int64]simhash.Sketch{}
	}
	if _, ok := r.m[id]; !ok {
		if len(r.ring) < sketchCap {
			r.ring = append(r.ring, id)
		} else {
			delete(r.m, r.ring[r.next])
			r.ring[r.next] = id
			r.next = (r.next + 1) % sketchCap
		}
	}
	r.m[id] = v
}

// recentCap is how many sources recentSources holds.
const recentCap = 4096

// recentSources holds the near-duplicate facts of the sources stored or
// read last, so that a stream of wire copies is checked without reading
// each original again from the store. It holds at most recentCap sources,
// dropping the oldest.
type recentSources struct {
	m    map[int64]nearInfo
	ring []int64
	next int
}

func (r *recentSources) get(id int64) (nearInfo, bool) {
	v, ok := r.m[id]
	return v, ok
}

func (r *recentSources) add(id int64, v nearInfo) {
	if r.m == nil {
		r.m = make(map[int64]nearInfo, recentCap)
		r.ring = make([]int64, 0, recentCap)
	}
	if _, ok := r.m[id]; ok {
		r.m[id] = v
		return
	}
	if len(r.ring) < recentCap {
		r.ring = append(r.ring, id)
	} else {
		delete(r.m, r.ring[r.next])
		r.ring[r.next] = id
		r.next = (r.next + 1) % recentCap
	}
	r.m[id] = v
}

// loadNear fills the near-duplicate index from the stored sources, once.
func (in *Ingester) loadNear(ctx context.Context) error {
	if in.nearLoaded {
		return nil
	}
	const page = 2000
	for off := 0; ; off += page {
		ss, err := in.s.Sources(ctx, truce.SourceFilter{Limit: page, Offset: off})
		if err != nil {
			return fmt.Errorf("ingest: load sources: %w", err)
		}
		for _, s := range ss {
			in.near.Add(s.ID, s.SimHash)
		}
		if len(ss) < page {
			break
		}
	}
	in.nearLoaded = true
	return nil
}

// stanceOf is the stance of an extracted event's evidence: a disputed
// event whose sentence denies it ("denied that ... had captured") denies
// it; any other asserts it.
func stanceOf(e extract.Event) truce.Stance {
	if e.Status != truce.StatusDisputed {
		return truce.Asserts
	}
	s := " " + strings.ToLower(e.Evidence.Text) + " "
	for _, w := range []string{" denied", " denies", " deny ", " rejected", " rejects", " refuted", " dismissed", " not true", " false ", " fake "} {
		if strings.Contains(s, w) {
			return truce.Denies
		}
	}
	return truce.Asserts
}

// resolveTerritory sets the id of the territory an event's change of
// control names, from a cache of the store's lookups.
func (in *Ingester) resolveTerritory(ctx context.Context, e *truce.Event) error {
	if e.Control == nil || e.Control.TerritoryID != 0 {
		return nil
	}
	id, err := in.territoryID(ctx, e.Control.Territory)
	e.Control.TerritoryID = id
	return err
}

func (in *Ingester) territoryID(ctx context.Context, name string) (int64, error) {
	k := strings.ToLower(name)
	if id, ok := in.terr[k]; ok {
		return id, nil
	}
	t, err := in.s.FindTerritory(ctx, name)
	switch {
	case truce.ErrorCode(err) == truce.ENOTFOUND:
		in.terr[k] = 0
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("ingest: territory %q: %w", name, err)
	}
	in.terr[k] = t.ID
	return t.ID, nil
}

// accepts reports whether automatic acceptance takes an event of this
// confidence.
func (in *Ingester) accepts(conf float64) bool {
	return in.opts.Accept == AcceptAuto && conf >= in.opts.MinConfidence
}

// autoNote is the audit note of an automatic acceptance.
func (in *Ingester) autoNote(conf float64) string {
	return fmt.Sprintf("automatic acceptance: confidence %.2f ≥ %.2f (truce ingest --accept auto)", conf, in.opts.MinConfidence)
}
