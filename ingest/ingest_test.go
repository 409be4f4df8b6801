package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
	"github.com/truce-monitor/truce/extract"
	"github.com/truce-monitor/truce/gazetteer"
	"github.com/truce-monitor/truce/ingest"
	"github.com/truce-monitor/truce/sqlite"
	"github.com/truce-monitor/truce/timeline"
)

// extractor returns the extractor with the built gazetteer when there is
// one (make build), else locating by country only: the tests below depend
// on the territories the reports name, not on coordinates.
func extractor(t testing.TB) *extract.Extractor {
	t.Helper()
	g, err := gazetteer.Default()
	if err != nil {
		g = nil
	}
	var x *extract.Extractor
	if g == nil {
		x, err = extract.New(nil)
	} else {
		x, err = extract.New(g)
	}
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// newRecord is a new record with the territories and parties of the 2020
// Karabakh case and the situation the 1994 ceasefire left.
func newRecord(t testing.TB) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, tr := range []*truce.Territory{
		{Name: "Azerbaijan", Kind: truce.TerritoryCountry, Country: "AZE", Code: "AZE"},
		{Name: "Armenia", Kind: truce.TerritoryCountry, Country: "ARM", Code: "ARM"},
		{Name: "Agdam", Kind: truce.TerritoryAdmin1, Country: "AZE", Aliases: []string{"Aghdam", "Ağdam"}},
		{Name: "Kalbajar", Kind: truce.TerritoryAdmin1, Country: "AZE", Aliases: []string{"Kəlbəcər", "Karvachar"}},
		{Name: "Lachin", Kind: truce.TerritoryAdmin1, Country: "AZE", Aliases: []string{"Laçın", "Berdzor"}},
		{Name: "Hadrut", Kind: truce.TerritoryLocality, Country: "AZE", Aliases: []string{"Hadrud"}},
	} {
		if err := s.PutTerritory(ctx, tr); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []*truce.Actor{
		{Name: "Azerbaijan", Country: "AZE", Kind: truce.KindGovernment},
		{Name: "Armenia", Country: "ARM", Kind: truce.KindGovernment},
		{Name: "Russia", Country: "RUS", Kind: truce.KindGovernment},
		{Name: "Military Forces of Nagorno-Karabakh", Kind: truce.KindRebelGroup, Aliases: []string{"ethnic Armenian forces"}},
	} {
		if err := s.PutActor(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// baseline adds the control entries of the early 1990s.
func baseline(t testing.TB, s truce.Store) {
	t.Helper()
	ctx := context.Background()
	nk := truce.Actor{Name: "Military Forces of Nagorno-Karabakh", Kind: truce.KindRebelGroup}
	for _, b := range []struct{ territory, at string }{
		{"Lachin", "1992-05-18"}, {"Kalbajar", "1993-04-03"}, {"Agdam", "1993-07-23"}, {"Hadrut", "1992-02-01"},
	} {
		tr, err := s.FindTerritory(ctx, b.territory)
		if err != nil {
			t.Fatal(err)
		}
		c := &truce.ControlEntry{TerritoryID: tr.ID, At: truce.MustDate(b.at), Controller: nk, Status: truce.Assessed, Note: "baseline"}
		if err := s.AddControlEntry(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
}

// reports reads the files of a testdata folder as reports.
func reports(t testing.TB, dir string) []ingest.Report {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", dir, "*.txt"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no reports in %s: %v", dir, err)
	}
	var out []ingest.Report
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ingest.Report{Name: n, Data: b, ContentType: "text/plain"})
	}
	return out
}

func auditCount(t testing.TB, s truce.Store) int {
	t.Helper()
	es, err := s.Audit(context.Background(), truce.AuditFilter{Limit: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// TestKarabakhEndToEnd: the trilateral statement without its amendment,
// the 1990s baseline, then the reports of testdata/karabakh ingested with
// automatic acceptance: the three handovers are met on their days,
// Kalbajar's due day moved to 25 November by the amendment found in the
// report of 15 November, and Kalbajar still held by Armenian forces on
// 22 November.
func TestKarabakhEndToEnd(t *testing.T) {
	ctx := truce.WithUser(context.Background(), "ingest-test")
	s := newRecord(t)
	if _, err := agreement.Import(ctx, s, "testdata/trilateral-2020-11-10.yaml"); err != nil {
		t.Fatal(err)
	}
	baseline(t, s)
	in, err := ingest.New(s, extractor(t), ingest.Options{Accept: ingest.AcceptAuto})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := in.Ingest(ctx, reports(t, "karabakh")...)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("summary: %+v", sum)
	if sum.Read != 6 || sum.Failed != 0 || sum.NearDuplicates != 1 || sum.Amendments != 1 || sum.AmendAccepted != 1 {
		t.Errorf("summary %+v: want 6 read, none failed, 1 near-duplicate, 1 amendment accepted", sum)
	}

	board, err := timeline.Obligations(ctx, s, "trilateral-2020-11-10", truce.MustDate("2020-12-02"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ due, met string }{
		"aghdam": {"2020-11-20", "2020-11-20"}, "kalbajar": {"2020-11-25", "2020-11-25"}, "lachin": {"2020-12-01", "2020-12-01"},
	}
	for _, r := range board.Obligations {
		w, ok := want[r.ID]
		if !ok {
			continue
		}
		if r.Status != truce.Met || r.Due.String() != w.due || r.MetOn.String() != w.met {
			t.Errorf("%s: %s due %s met on %s; want met, due %s, met on %s", r.ID, r.Status, r.Due, r.MetOn, w.due, w.met)
		}
		delete(want, r.ID)
	}
	if len(want) > 0 {
		t.Errorf("obligations missing: %v", want)
	}

	snap, err := timeline.ControlAt(ctx, s, truce.MustDate("2020-11-22"), timeline.Query{Territories: []string{"Karvachar"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Territories) != 1 || snap.Territories[0].Controller == nil || snap.Territories[0].Controller.Name != "Military Forces of Nagorno-Karabakh" {
		t.Errorf("Kalbajar on 2020-11-22: %+v, want held by Military Forces of Nagorno-Karabakh", snap.Territories)
	}

	// the Aghdam handover: one event, three reports, two independent
	aghdam, _, err := s.Events(ctx, truce.EventFilter{From: truce.MustDate("2020-11-20"), To: truce.MustDate("2020-11-20"),
		SubTypes: []truce.SubEventType{truce.NonViolentTransfer}, Review: []truce.ReviewState{truce.ReviewAccepted}})
	if err != nil {
		t.Fatal(err)
	}
	if len(aghdam) != 1 || len(aghdam[0].Evidence) != 3 || aghdam[0].Sources != 2 {
		for _, e := range aghdam {
			t.Logf("event %d %s %s: %d evidence, %d sources", e.ID, e.SubType, e.Location.Name, len(e.Evidence), e.Sources)
		}
		t.Errorf("want one accepted Aghdam handover with 3 pieces of evidence from 2 independent sources")
	}

	// automatic acceptance is audited as such
	au, err := s.Audit(ctx, truce.AuditFilter{Entity: "event", User: "ingest-test", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(au, func(a truce.AuditEntry) bool {
		return a.Action == "review" && containsStr(string(a.After), "automatic acceptance")
	}) {
		t.Error("no audited automatic acceptance")
	}

	// idempotent: the same reports again change nothing
	before := auditCount(t, s)
	in2, err := ingest.New(s, extractor(t), ingest.Options{Accept: ingest.AcceptAuto})
	if err != nil {
		t.Fatal(err)
	}
	again, err := in2.Ingest(ctx, reports(t, "karabakh")...)
	if err != nil {
		t.Fatal(err)
	}
	if again.Read != 6 || again.Duplicates != 6 || again.EventsCreated != 0 || again.EventsMerged != 0 || again.Amendments != 0 {
		t.Errorf("re-ingest: %+v, want 6 duplicates and nothing else", again)
	}
	if after := auditCount(t, s); after != before {
		t.Errorf("re-ingest wrote %d audit entries", after-before)
	}
}

func containsStr(s, sub string) bool { return strings.Contains(s, sub) }

// TestDisputedClaim: two reports that Azerbaijan took Hadrut and one that
// Armenia denies it make one disputed event with three pieces of evidence,
// the denial kept beside the claims.
func TestDisputedClaim(t *testing.T) {
	ctx := context.Background()
	s := newRecord(t)
	baseline(t, s)
	in, err := ingest.New(s, extractor(t), ingest.Options{Accept: ingest.AcceptAuto, Batch: 1})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := in.Ingest(ctx, reports(t, "hadrut")...)
	if err != nil {
		t.Fatal(err)
	}
	es, _, err := s.Events(ctx, truce.EventFilter{SubTypes: []truce.SubEventType{truce.GovernmentRegainsTerritory}})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 {
		t.Fatalf("%d events, want 1 (summary %+v)", len(es), sum)
	}
	e := es[0]
	var stances []truce.Stance
	for _, ev := range e.Evidence {
		stances = append(stances, ev.Stance)
	}
	if e.Status != truce.StatusDisputed || e.Sources != 3 || !slices.Contains(stances, truce.Denies) || !slices.Contains(stances, truce.Asserts) {
		t.Errorf("event: status %s, %d sources, stances %v; want disputed, 3, asserts and denies", e.Status, e.Sources, stances)
	}
	// accepted while disputed: the control it reports is a claim
	ces, err := s.ControlEntries(ctx, truce.ControlFilter{TerritoryIDs: []int64{e.Control.TerritoryID}})
	if err != nil {
		t.Fatal(err)
	}
	last := ces[len(ces)-1]
	if e.Review == truce.ReviewAccepted && last.Status != truce.Claimed {
		t.Errorf("control entry of a disputed event is %s, want claimed", last.Status)
	}
}

// TestFailuresCounted: unreadable reports are counted with their reasons
// and do not stop the others.
func TestFailuresCounted(t *testing.T) {
	ctx := context.Background()
	s := newRecord(t)
	in, err := ingest.New(s, extractor(t), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rs := []ingest.Report{
		{Name: "empty", Data: []byte("   \n")},
		{Name: "binary", Data: []byte{0x89, 'P', 'N', 'G', 0, 0, 1, 2}},
		{Name: "good", Data: []byte("Published: 25 November 2020\n\nBAKU — Azerbaijani troops entered the Kalbajar district on Wednesday, the Defence Ministry said."), Published: time.Date(2020, 11, 25, 0, 0, 0, 0, time.UTC)},
	}
	sum, err := in.Ingest(ctx, rs...)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 3 || sum.Failed != 2 || len(sum.Failures) != 2 || sum.EventsCreated == 0 {
		t.Errorf("summary %+v: want 3 read, 2 failed with reasons, events from the good one", sum)
	}
	for _, f := range sum.Failures {
		if f.Reason == "" {
			t.Errorf("failure %s has no reason", f.Name)
		}
	}
}

// TestBatchSizes: the result does not depend on how the stream is cut
// into batches (the next batch is extracted while the last is written).
func TestBatchSizes(t *testing.T) {
	ctx := context.Background()
	var want ingest.Summary
	for i, batch := range []int{0, 1, 2, 4} {
		s := newRecord(t)
		if _, err := agreement.Import(ctx, s, "testdata/trilateral-2020-11-10.yaml"); err != nil {
			t.Fatal(err)
		}
		baseline(t, s)
		in, err := ingest.New(s, extractor(t), ingest.Options{Accept: ingest.AcceptAuto, Batch: batch})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := in.Ingest(ctx, reports(t, "karabakh")...)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			want = sum
			if sum.Read != 6 || sum.EventsMerged == 0 {
				t.Fatalf("summary %+v: want 6 read and some merged", sum)
			}
			continue
		}
		if fmt.Sprint(sum) != fmt.Sprint(want) {
			t.Errorf("batch %d: %+v\nwant %+v", batch, sum, want)
		}
	}
}

// bulkStore is a store with AddEvidences, made of AddEvidence calls, that
// counts the calls.
type bulkStore struct {
	*sqlite.DB
	calls, pieces int
}

func (b *bulkStore) AddEvidences(ctx context.Context, evs []*truce.Evidence) error {
	b.calls++
	for _, ev := range evs {
		b.pieces++
		if err := b.DB.AddEvidence(ctx, ev.EventID, ev); err != nil {
			return err
		}
	}
	return nil
}

// TestBulkEvidence: with a store that adds evidence in bulk, evidence
// merged into stored events is added once per batch, and the record is
// the same as with one AddEvidence per piece.
func TestBulkEvidence(t *testing.T) {
	ctx := context.Background()
	type outcome struct {
		sum       ingest.Summary
		evidence  []int
		sourceCnt []int
	}
	run := func(s truce.Store) outcome {
		if _, err := agreement.Import(ctx, s, "testdata/trilateral-2020-11-10.yaml"); err != nil {
			t.Fatal(err)
		}
		baseline(t, s)
		in, err := ingest.New(s, extractor(t), ingest.Options{Accept: ingest.AcceptAuto, Batch: 2})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := in.Ingest(ctx, reports(t, "karabakh")...)
		if err != nil {
			t.Fatal(err)
		}
		var o outcome
		o.sum = sum
		for _, e := range allEvents(t, s) {
			o.evidence = append(o.evidence, len(e.Evidence))
			o.sourceCnt = append(o.sourceCnt, e.Sources)
		}
		return o
	}
	plain := run(newRecord(t))
	bs := &bulkStore{DB: newRecord(t)}
	bulk := run(bs)
	if fmt.Sprint(plain) != fmt.Sprint(bulk) {
		t.Errorf("bulk: %+v\nplain: %+v", bulk, plain)
	}
	if bs.pieces == 0 || bs.calls == 0 || bs.calls > 3 {
		t.Errorf("AddEvidences: %d calls for %d pieces; want a few calls (batches of 2 reports)", bs.calls, bs.pieces)
	}
}

func allEvents(t *testing.T, s truce.Store) []*truce.Event {
	t.Helper()
	es, _, err := s.Events(context.Background(), truce.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return es
}
