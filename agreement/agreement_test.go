package agreement_test

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
	"github.com/truce-monitor/truce/fold"
)

var update = flag.Bool("update", false, "rewrite testdata/bad/*.err golden files")

// fakeStore keeps agreements, actors and territories in memory. The
// embedded nil Store makes every other method panic.
type fakeStore struct {
	truce.Store
	actors      []*truce.Actor
	territories []*truce.Territory
	agreements  map[string]*truce.Agreement
	amendments  []truce.Amendment
	writes      int
	failAmend   bool // AddAmendment fails
}

func newStore() *fakeStore {
	return &fakeStore{
		actors: []*truce.Actor{
			{ID: 1, Name: "Azerbaijan", Country: "AZE", Kind: truce.KindGovernment, Aliases: []string{"Republic of Azerbaijan"}},
			{ID: 2, Name: "Armenia", Country: "ARM", Kind: truce.KindGovernment, Aliases: []string{"Republic of Armenia"}},
			{ID: 3, Name: "Russia", Country: "RUS", Kind: truce.KindGovernment, Aliases: []string{"Russian Federation"}},
			{ID: 4, Name: "Ukraine", Country: "UKR", Kind: truce.KindGovernment},
			{ID: 5, Name: "Turkey", Country: "TUR", Kind: truce.KindGovernment},
		},
		territories: []*truce.Territory{
			{ID: 11, Name: "Kalbajar", Kind: truce.TerritoryAdmin1, Aliases: []string{"Kəlbəcər", "Karvachar"}},
			{ID: 12, Name: "Aghdam", Kind: truce.TerritoryAdmin1, Aliases: []string{"Ağdam", "Agdam"}},
			{ID: 13, Name: "Lachin", Kind: truce.TerritoryAdmin1, Aliases: []string{"Laçın"}},
			{ID: 14, Name: "Lachin corridor", Kind: truce.TerritoryCorridor},
		},
		agreements: map[string]*truce.Agreement{},
	}
}

func (s *fakeStore) FindActor(_ context.Context, name string) (*truce.Actor, error) {
	k := fold.Key(name)
	for _, a := range s.actors {
		if fold.Key(a.Name) == k || slices.ContainsFunc(a.Aliases, func(x string) bool { return fold.Key(x) == k }) {
			return a, nil
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no actor %q", name)
}

func (s *fakeStore) FindTerritory(_ context.Context, name string) (*truce.Territory, error) {
	k := fold.Key(name)
	for _, t := range s.territories {
		if fold.Key(t.Name) == k || slices.ContainsFunc(t.Aliases, func(x string) bool { return fold.Key(x) == k }) {
			return t, nil
		}
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "no territory %q", name)
}

func (s *fakeStore) Actors(context.Context) ([]*truce.Actor, error) { return s.actors, nil }

func (s *fakeStore) Territories(context.Context, truce.TerritoryFilter) ([]*truce.Territory, error) {
	return s.territories, nil
}

// Agreement returns a deep copy with the amendments attached.
func (s *fakeStore) Agreement(_ context.Context, id string) (*truce.Agreement, error) {
	a, ok := s.agreements[id]
	if !ok {
		return nil, truce.Errorf(truce.ENOTFOUND, "no agreement %q", id)
	}
	c := *a
	c.Parties = slices.Clone(a.Parties)
	c.Obligations = slices.Clone(a.Obligations)
	for i := range c.Obligations {
		c.Obligations[i].Amendments = nil
		for _, am := range s.amendments {
			if am.AgreementID == id && am.ObligationID == c.Obligations[i].ID {
				c.Obligations[i].Amendments = append(c.Obligations[i].Amendments, am)
			}
		}
	}
	return &c, nil
}

func (s *fakeStore) PutAgreement(_ context.Context, a *truce.Agreement) error {
	s.writes++
	c := *a
	c.Obligations = slices.Clone(a.Obligations)
	s.agreements[a.ID] = &c
	return nil
}

func (s *fakeStore) AddAmendment(_ context.Context, a *truce.Amendment) error {
	if s.failAmend {
		return errors.New("disk full")
	}
	s.writes++
	a.ID = int64(len(s.amendments) + 1)
	s.amendments = append(s.amendments, *a)
	return nil
}

func (s *fakeStore) ReviewAmendment(_ context.Context, id int64, state truce.ReviewState) error {
	s.writes++
	s.amendments[id-1].Review = state
	return nil
}

// TestBadFiles checks every problem message against golden files:
// testdata/bad/NAME.yaml gives exactly the lines of testdata/bad/NAME.err.
func TestBadFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var got error
			d, err := agreement.ParseDocument(f, name)
			if err != nil {
				got = err
			} else {
				got = d.Validate(context.Background(), newStore())
			}
			if got == nil {
				t.Fatalf("%s: no problem found", name)
			}
			if ps := agreement.AsProblems(got); ps == nil {
				t.Fatalf("%s: error %v is not Problems", name, got)
			}
			if truce.ErrorCode(got) != truce.EINVALID {
				t.Errorf("error code %q, want invalid", truce.ErrorCode(got))
			}
			golden := strings.TrimSuffix(path, ".yaml") + ".err"
			if *update {
				if err := os.WriteFile(golden, []byte(got.Error()+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got.Error()+"\n" != string(want) {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestParseGood(t *testing.T) {
	tests := []struct {
		path       string
		id         string
		obligation string // one obligation, rendered
		amendments int
	}{
		{"testdata/good/minimal.yaml", "minsk-2014-09-05", "ceasefire Ukraine other  ", 0},
		{"testdata/good/aliases.yaml", "trilateral-test", "kalbajar armenia hand_over Kəlbəcər 2020-11-15", 1},
		{"../demo/case/trilateral-2020-11-10.yaml", "trilateral-2020-11-10", "kalbajar Armenia hand_over Kalbajar 2020-11-15", 1},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			f, err := os.Open(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			a, amendments, err := agreement.Parse(f, tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if a.ID != tt.id || len(amendments) != tt.amendments {
				t.Errorf("id %q, %d amendments", a.ID, len(amendments))
			}
			var found bool
			for _, o := range a.Obligations {
				if o.AgreementID != a.ID {
					t.Errorf("obligation %q has agreement %q", o.ID, o.AgreementID)
				}
				if strings.Join([]string{o.ID, o.Party, string(o.Action), o.Territory, o.Due.String()}, " ") == tt.obligation {
					found = true
				}
			}
			if !found {
				t.Errorf("no obligation %q in %+v", tt.obligation, a.Obligations)
			}
			if err := agreement.Validate(context.Background(), a, amendments, newStore()); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestDemoAgreement(t *testing.T) {
	f, err := os.Open("../demo/case/trilateral-2020-11-10.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, amendments, err := agreement.Parse(f, "trilateral-2020-11-10.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if a.Signed.String() != "2020-11-09" || a.Effective.String() != "2020-11-10" || a.Broker != "Russia" ||
		!slices.Equal(a.Parties, []string{"Azerbaijan", "Armenia", "Russia"}) {
		t.Errorf("agreement: %+v", a)
	}
	want := map[string]string{
		"aghdam":                  "Armenia hand_over Aghdam Azerbaijan 2020-11-20",
		"kalbajar":                "Armenia hand_over Kalbajar Azerbaijan 2020-11-15",
		"lachin":                  "Armenia hand_over Lachin Azerbaijan 2020-12-01",
		"lachin-corridor":         "Armenia hand_over Lachin corridor Russia ",
		"lachin-corridor-passage": "Azerbaijan allow_passage Lachin corridor  ",
	}
	if len(a.Obligations) != len(want) {
		t.Errorf("%d obligations, want %d", len(a.Obligations), len(want))
	}
	for _, o := range a.Obligations {
		got := strings.Join([]string{o.Party, string(o.Action), o.Territory, o.To, o.Due.String()}, " ")
		if got != want[o.ID] {
			t.Errorf("obligation %q: %q, want %q", o.ID, got, want[o.ID])
		}
	}
	if len(amendments) != 1 || amendments[0].ObligationID != "kalbajar" || amendments[0].NewDue.String() != "2020-11-25" ||
		amendments[0].AgreedOn.String() != "2020-11-15" || amendments[0].Source == "" {
		t.Errorf("amendments: %+v", amendments)
	}
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	s := newStore()
	a, err := agreement.Import(ctx, s, "testdata/good/aliases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o := a.Obligations[0]
	// Names are stored as the record spells them.
	if o.Territory != "Kalbajar" || o.TerritoryID != 11 || o.Party != "Armenia" || o.To != "Azerbaijan" ||
		!slices.Equal(a.Parties, []string{"Armenia", "Azerbaijan"}) {
		t.Errorf("stored obligation %+v, parties %q", o, a.Parties)
	}
	if len(o.Amendments) != 1 || o.Amendments[0].Review != truce.ReviewAccepted || o.Amendments[0].AgreementID != a.ID {
		t.Errorf("stored amendments %+v", o.Amendments)
	}
	if due, _ := o.DueAt(truce.MustDate("2020-11-16")); due.String() != "2020-11-25" {
		t.Errorf("due on 16 Nov: %s", due)
	}
	// Importing again adds no amendment.
	if _, err := agreement.Import(ctx, s, "testdata/good/aliases.yaml"); err != nil {
		t.Fatal(err)
	}
	if len(s.amendments) != 1 {
		t.Errorf("%d amendments after a second import, want 1", len(s.amendments))
	}
	// An analyst's rejection stands on a third import.
	s.amendments[0].Review = truce.ReviewRejected
	if _, err := agreement.Import(ctx, s, "testdata/good/aliases.yaml"); err != nil {
		t.Fatal(err)
	}
	if len(s.amendments) != 1 || s.amendments[0].Review != truce.ReviewRejected {
		t.Errorf("after a rejection and a third import: %+v", s.amendments)
	}
}

func TestImportLeavesStoreUnchanged(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		path string
		code string
	}{
		{"parse problem", "testdata/bad/bad-date.yaml", truce.EINVALID},
		{"validation problem", "testdata/bad/unknown-names.yaml", truce.EINVALID},
		{"amendment problem", "testdata/bad/amendments.yaml", truce.EINVALID},
		{"missing file", "testdata/none.yaml", truce.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore()
			_, err := agreement.Import(ctx, s, tt.path)
			if truce.ErrorCode(err) != tt.code {
				t.Errorf("Import: %v, want code %s", err, tt.code)
			}
			if s.writes != 0 || len(s.agreements) != 0 {
				t.Errorf("Import wrote %d times", s.writes)
			}
		})
	}
	// A store failing half-way: the previous agreement is put back and the
	// amendments added are rejected.
	s := newStore()
	if _, err := agreement.Import(ctx, s, "testdata/good/minimal.yaml"); err != nil {
		t.Fatal(err)
	}
	s.agreements["trilateral-test"] = &truce.Agreement{ID: "trilateral-test", Title: "old"}
	s.failAmend = true
	if _, err := agreement.Import(ctx, s, "testdata/good/aliases.yaml"); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Import with a failing store: %v", err)
	}
	if got := s.agreements["trilateral-test"].Title; got != "old" {
		t.Errorf("agreement not put back: title %q", got)
	}
}

func TestProblemError(t *testing.T) {
	tests := []struct {
		p    agreement.Problem
		want string
	}{
		{agreement.Problem{File: "a.yaml", Line: 3, Msg: "no id"}, "a.yaml:3: no id"},
		{agreement.Problem{File: "a.yaml", Msg: "no id"}, "a.yaml: no id"},
		{agreement.Problem{Line: 3, Msg: "no id"}, "line 3: no id"},
		{agreement.Problem{Msg: "no id"}, "no id"},
	}
	for _, tt := range tests {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	err := error(agreement.Problems{{Msg: "a"}, {Msg: "b"}})
	if truce.ErrorMessage(err) != "a\nb" || truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("Problems as truce.Error: %q %q", truce.ErrorCode(err), truce.ErrorMessage(err))
	}
}

func TestFormatStored(t *testing.T) {
	a := &truce.Agreement{ID: "x", Title: "X", Signed: truce.MustDate("2020-11-09"), Parties: []string{"Armenia"},
		Obligations: []truce.Obligation{{ID: "k", Party: "Armenia", Action: truce.ActionOther, Amendments: []truce.Amendment{
			{NewDue: truce.MustDate("2020-11-25"), AgreedOn: truce.MustDate("2020-11-15"), Review: truce.ReviewAccepted},
			{NewDue: truce.MustDate("2020-11-30"), AgreedOn: truce.MustDate("2020-11-16"), Review: truce.ReviewRejected},
			{NewDue: truce.MustDate("2020-12-05"), AgreedOn: truce.MustDate("2020-11-20"), Review: truce.ReviewCandidate},
		}}}}
	tests := []struct {
		name  string
		given []truce.Amendment
		want  []string // new_due of the amendments read back
	}{
		{"attached only, candidate and rejected left out", nil, []string{"2020-11-25"}},
		{"given first, attached duplicates left out",
			[]truce.Amendment{{ObligationID: "k", NewDue: truce.MustDate("2020-11-25"), AgreedOn: truce.MustDate("2020-11-15")}},
			[]string{"2020-11-25"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := agreement.Format(a, tt.given)
			if err != nil {
				t.Fatal(err)
			}
			_, amendments, err := agreement.Parse(strings.NewReader(string(b)), "x.yaml")
			if err != nil {
				t.Fatalf("%v\n%s", err, b)
			}
			var got []string
			for _, am := range amendments {
				if am.ObligationID != "k" {
					t.Errorf("amendment of %q", am.ObligationID)
				}
				got = append(got, am.NewDue.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("amendments %q, want %q\n%s", got, tt.want, b)
			}
		})
	}
	if _, err := agreement.Format(nil, nil); err == nil {
		t.Error("Format(nil) gave no error")
	}
}

// brokenResolver fails as a store that lost its database would.
type brokenResolver struct{}

func (brokenResolver) FindActor(context.Context, string) (*truce.Actor, error) {
	return nil, errors.New("database is locked")
}

func (brokenResolver) FindTerritory(context.Context, string) (*truce.Territory, error) {
	return nil, errors.New("database is locked")
}

func TestValidateResolverFailure(t *testing.T) {
	a := &truce.Agreement{ID: "x", Title: "X", Signed: truce.MustDate("2020-11-09"), Parties: []string{"Armenia"}}
	err := agreement.Validate(context.Background(), a, nil, brokenResolver{})
	if err == nil || agreement.AsProblems(err) != nil || !strings.Contains(err.Error(), "database is locked") {
		t.Errorf("Validate with a failing resolver: %v", err)
	}
	if truce.ErrorCode(err) != truce.EINTERNAL {
		t.Errorf("code %q, want internal", truce.ErrorCode(err))
	}
}

func TestParseLimits(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string
	}{
		{"too large", "notes: " + strings.Repeat("x", agreement.MaxFileSize), "big.yaml: file larger than 1048576 bytes"},
		{"only a comment", "# nothing here\n", "big.yaml: empty file: want an agreement (id, title, signed, parties, obligations)"},
		{"a list, not a mapping", "- id: x\n", "big.yaml:1: the agreement: want a mapping of fields (id, title, signed, effective, parties, broker, source, notes, obligations, amendments)"},
		{"null document", "~\n", "big.yaml:1: empty file: want an agreement (id, title, signed, parties, obligations)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := agreement.Parse(strings.NewReader(tt.data), "big.yaml")
			if err == nil || err.Error() != tt.want {
				t.Errorf("Parse: %v\nwant %s", err, tt.want)
			}
		})
	}
}
