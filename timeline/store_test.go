package timeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/timeline"
)

// controllers renders a snapshot as "territory=controller(status since)" items.
func controllers(s *timeline.Snapshot) string {
	var b []string
	for _, c := range s.Territories {
		who := "null"
		if c.Controller != nil {
			who = fmt.Sprintf("%s(%s %s)", c.Controller.Name, c.Status, c.Since)
		}
		for _, cl := range c.Claims {
			who += fmt.Sprintf("+claim:%s(%s)", cl.Controller.Name, cl.Since)
		}
		b = append(b, c.Territory+"="+who)
	}
	return strings.Join(b, "; ")
}

func TestControlAt(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		at    string
		names []string
		extra []truce.ControlEntry
		want  string
	}{
		{"before any entry", "1990-01-01", nil, nil, ""},
		{"named territory without entry is listed with null", "1990-01-01", []string{"Kalbajar"}, nil, "Kalbajar=null"},
		{"22 Nov: Aghdam handed over, Kalbajar not yet", "2020-11-22", nil, nil,
			"Aghdam=Military Forces of Azerbaijan(assessed 2020-11-20); Kalbajar=Military Forces of Armenia(assessed 1993-04-02); " +
				"Lachin=Military Forces of Armenia(assessed 1992-05-18); Shusha=Military Forces of Azerbaijan(assessed 2020-11-08)"},
		{"by folded alias", "2020-11-25", []string{"Kəlbəcər"}, nil, "Kalbajar=Military Forces of Azerbaijan(assessed 2020-11-25)"},
		{"two names, one repeated", "2020-11-22", []string{"KALBAJAR", "Ağdam", "Karvachar"}, nil,
			"Aghdam=Military Forces of Azerbaijan(assessed 2020-11-20); Kalbajar=Military Forces of Armenia(assessed 1993-04-02)"},
		{"claim rivalling assessed control", "2020-10-20", []string{"Lachin"},
			[]truce.ControlEntry{e(50, lachinID, "2020-10-18", "C", azForces)},
			"Lachin=Military Forces of Armenia(assessed 1992-05-18)+claim:Military Forces of Azerbaijan(2020-10-18)"},
		{"claim only", "2020-11-13", []string{"Lachin corridor"},
			[]truce.ControlEntry{e(51, corridorID, "2020-11-12", "C", ruForces)},
			"Lachin corridor=Russian peacekeepers(claimed 2020-11-12)"},
		{"rival claims of one day", "2020-11-13", []string{"Lachin corridor"},
			[]truce.ControlEntry{e(51, corridorID, "2020-11-12", "C", ruForces), e(52, corridorID, "2020-11-12", "C", amForces)},
			"Lachin corridor=Military Forces of Armenia(claimed 2020-11-12)+claim:Russian peacekeepers(2020-11-12)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := karabakh()
			s.entries = append(s.entries, tt.extra...)
			snap, err := timeline.ControlAt(ctx, s, d(tt.at), timeline.Query{Territories: tt.names})
			if err != nil {
				t.Fatal(err)
			}
			if got := controllers(snap); got != tt.want {
				t.Errorf("ControlAt(%s, %q):\n got %s\nwant %s", tt.at, tt.names, got, tt.want)
			}
		})
	}
}

func TestControlAtEvidenceAndJSON(t *testing.T) {
	ctx := context.Background()
	snap, err := timeline.ControlAt(ctx, karabakh(), d("2020-11-25"), timeline.Query{Territories: []string{"Kalbajar", "Shusha"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		At          string `json:"at"`
		Territories []struct {
			Territory  string `json:"territory"`
			Controller struct {
				Name, Country, Kind string
			} `json:"controller"`
			Since    string `json:"since"`
			Status   string `json:"status"`
			Evidence []struct {
				EventID int64  `json:"event_id"`
				Date    string `json:"date"`
				Text    string `json:"text"`
				URL     string `json:"url"`
			} `json:"evidence"`
		} `json:"territories"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.At != "2020-11-25" || len(got.Territories) != 2 {
		t.Fatalf("snapshot JSON: %s", b)
	}
	k := got.Territories[0]
	if k.Territory != "Kalbajar" || k.Controller.Name != "Military Forces of Azerbaijan" || k.Controller.Country != "AZE" ||
		k.Controller.Kind != "state_forces" || k.Since != "2020-11-25" || k.Status != "assessed" {
		t.Errorf("Kalbajar row: %+v", k)
	}
	if len(k.Evidence) != 2 || k.Evidence[0].EventID != 101 || k.Evidence[0].Date != "2020-11-25" ||
		!strings.Contains(k.Evidence[0].Text, "entered Kalbajar") || k.Evidence[1].URL != "https://example.org/kalbajar-2" {
		t.Errorf("Kalbajar evidence: %+v", k.Evidence)
	}
	// Manual entries show their note.
	snap, err = timeline.ControlAt(ctx, karabakh(), d("2020-11-24"), timeline.Query{Territories: []string{"Kalbajar"}})
	if err != nil {
		t.Fatal(err)
	}
	if ev := snap.Territories[0].Evidence; len(ev) != 1 || ev[0].Note != "captured 2 April 1993" || ev[0].EventID != 0 {
		t.Errorf("manual entry evidence: %+v", ev)
	}
	// NoEvidence reads no events.
	s := karabakh()
	if _, err := timeline.ControlAt(ctx, s, d("2020-12-02"), timeline.Query{NoEvidence: true}); err != nil {
		t.Fatal(err)
	}
	if s.calls["Events"] != 0 {
		t.Errorf("NoEvidence snapshot read events %d times", s.calls["Events"])
	}
}

func TestControlAtErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		at    truce.Date
		names []string
		code  string
	}{
		{"no day", 0, nil, truce.EINVALID},
		{"unknown territory", d("2020-11-22"), []string{"Kalbajar", "Atlantis"}, truce.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := timeline.ControlAt(ctx, karabakh(), tt.at, timeline.Query{Territories: tt.names})
			if truce.ErrorCode(err) != tt.code {
				t.Errorf("ControlAt error %v, want code %s", err, tt.code)
			}
		})
	}
}

func TestDiff(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		from, to string
		extra    []truce.ControlEntry
		want     string
	}{
		{"nothing changed", "2020-11-21", "2020-11-24", nil, ""},
		{"one handover", "2020-11-19", "2020-11-22", nil, "Aghdam: Military Forces of Armenia -> Military Forces of Azerbaijan since 2020-11-20 events [102]"},
		{"the three handovers and Shusha", "2020-11-01", "2020-12-02", nil,
			"Aghdam: Military Forces of Armenia -> Military Forces of Azerbaijan since 2020-11-20 events [102]; " +
				"Kalbajar: Military Forces of Armenia -> Military Forces of Azerbaijan since 2020-11-25 events [101 101]; " +
				"Lachin: Military Forces of Armenia -> Military Forces of Azerbaijan since 2020-12-01 events [103]; " +
				"Shusha: Military Forces of Armenia -> Military Forces of Azerbaijan since 2020-11-08 events [100]"},
		{"from nothing to something", "1992-01-01", "1992-06-01", nil,
			"Lachin: null -> Military Forces of Armenia since 1992-05-18 events [0]; Shusha: null -> Military Forces of Armenia since 1992-05-08 events [0]"},
		{"lost and regained is no net change", "2020-11-21", "2020-11-24",
			[]truce.ControlEntry{e(60, aghdamID, "2020-11-22", "A", amForces), e(61, aghdamID, "2020-11-23", "A", azForces)}, ""},
		{"claims are not compared", "2020-11-21", "2020-11-24",
			[]truce.ControlEntry{e(60, kalbajarID, "2020-11-22", "C", azForces)}, ""},
		{"same day", "2020-11-20", "2020-11-20", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := karabakh()
			s.entries = append(s.entries, tt.extra...)
			changes, err := timeline.Diff(ctx, s, d(tt.from), d(tt.to))
			if err != nil {
				t.Fatal(err)
			}
			if changes == nil {
				t.Fatal("Diff returned nil, want an empty slice")
			}
			var got []string
			for _, c := range changes {
				from, to := "null", "null"
				if c.From != nil {
					from = c.From.Name
				}
				if c.To != nil {
					to = c.To.Name
				}
				var ids []string
				for _, ev := range c.Evidence {
					ids = append(ids, fmt.Sprint(ev.EventID))
				}
				got = append(got, fmt.Sprintf("%s: %s -> %s since %s events [%s]", c.Territory, from, to, c.Since, strings.Join(ids, " ")))
			}
			if g := strings.Join(got, "; "); g != tt.want {
				t.Errorf("Diff(%s, %s):\n got %s\nwant %s", tt.from, tt.to, g, tt.want)
			}
		})
	}
	if _, err := timeline.Diff(ctx, karabakh(), d("2020-12-01"), d("2020-11-01")); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("Diff with from after to: %v, want invalid", err)
	}
}

func TestObligations(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		at   string
		id   string
		want string
	}{
		{"2020-11-08", "", ""}, // not signed yet
		{"2020-11-14", "", "aghdam pending due 2020-11-20; kalbajar pending due 2020-11-15; lachin pending due 2020-12-01; lachin-corridor-passage pending due "},
		{"2020-11-16", "trilateral-2020-11-10", "aghdam pending due 2020-11-20; kalbajar pending due 2020-11-25 (was 2020-11-15); lachin pending due 2020-12-01; lachin-corridor-passage pending due "},
		{"2020-11-22", "", "aghdam met due 2020-11-20 on 2020-11-20; kalbajar pending due 2020-11-25 (was 2020-11-15); lachin pending due 2020-12-01; lachin-corridor-passage pending due "},
		{"2020-12-02", "", "aghdam met due 2020-11-20 on 2020-11-20; kalbajar met due 2020-11-25 (was 2020-11-15) on 2020-11-25; lachin met due 2020-12-01 on 2020-12-01; lachin-corridor-passage pending due "},
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			b, err := timeline.Obligations(ctx, karabakh(), tt.id, d(tt.at))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range b.Obligations {
				s := fmt.Sprintf("%s %s due %s", r.ID, r.Status, r.Due)
				if r.OriginalDue != r.Due {
					s += fmt.Sprintf(" (was %s)", r.OriginalDue)
				}
				if !r.MetOn.IsZero() {
					s += " on " + r.MetOn.String()
				}
				got = append(got, s)
			}
			if g := strings.Join(got, "; "); g != tt.want {
				t.Errorf("Obligations(%s):\n got %s\nwant %s", tt.at, g, tt.want)
			}
		})
	}
}

func TestObligationsJSON(t *testing.T) {
	b, err := timeline.Obligations(context.Background(), karabakh(), "", d("2020-12-02"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		At          string           `json:"at"`
		Obligations []map[string]any `json:"obligations"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.At != "2020-12-02" || len(got.Obligations) != 4 {
		t.Fatalf("board JSON: %s", raw)
	}
	k := got.Obligations[1]
	for _, key := range []string{"agreement", "id", "party", "action", "territory", "to", "due", "original_due", "status", "met_on", "evidence", "amendments"} {
		if _, ok := k[key]; !ok {
			t.Errorf("row lacks %q: %v", key, k)
		}
	}
	if k["id"] != "kalbajar" || k["status"] != "met" || k["met_on"] != "2020-11-25" || k["original_due"] != "2020-11-15" || k["due"] != "2020-11-25" {
		t.Errorf("kalbajar row: %v", k)
	}
	ev, _ := k["evidence"].([]any)
	if len(ev) != 2 || !strings.Contains(fmt.Sprint(ev[0]), "entered Kalbajar") {
		t.Errorf("kalbajar evidence: %v", ev)
	}
	if am, _ := k["amendments"].([]any); len(am) != 1 {
		t.Errorf("kalbajar amendments: %v", k["amendments"])
	}
	// The Lachin event has no evidence spans: its notes stand in.
	if ev, _ := got.Obligations[2]["evidence"].([]any); len(ev) != 1 || !strings.Contains(fmt.Sprint(ev[0]), "Lachin district returned") {
		t.Errorf("lachin evidence: %v", got.Obligations[2]["evidence"])
	}
	if p := got.Obligations[3]; p["due"] != nil || p["met_on"] != nil || p["status"] != "pending" {
		t.Errorf("passage row: %v", p)
	}
}

func TestObligationsCandidateAmendments(t *testing.T) {
	s := karabakh()
	k := &s.agreements[0].Obligations[1]
	k.Amendments = append(k.Amendments, truce.Amendment{ID: 2, ObligationID: "kalbajar", NewDue: d("2020-11-30"),
		AgreedOn: d("2020-11-20"), Review: truce.ReviewCandidate})
	tests := []struct {
		at         string
		due        string
		candidates int
	}{
		{"2020-11-19", "2020-11-25", 0},
		{"2020-11-21", "2020-11-25", 1}, // reported, not accepted: the due day stays
	}
	for _, tt := range tests {
		b, err := timeline.Obligations(context.Background(), s, "", d(tt.at))
		if err != nil {
			t.Fatal(err)
		}
		r := b.Obligations[1]
		if r.ID != "kalbajar" || r.Due.String() != tt.due || len(r.Candidates) != tt.candidates || len(r.Amendments) != 1 {
			t.Errorf("%s: %s due %s, %d candidates, %d amendments", tt.at, r.ID, r.Due, len(r.Candidates), len(r.Amendments))
		}
	}
}

func TestObligationsErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := timeline.Obligations(ctx, karabakh(), "no-such", d("2020-12-02")); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Errorf("unknown agreement: %v", err)
	}
	if _, err := timeline.Obligations(ctx, karabakh(), "", 0); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("no day: %v", err)
	}
}

func TestHistory(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		until string
		names []string
		want  []string
	}{
		{"", []string{"Kəlbəcər"}, []string{
			"11 assessed Military Forces of Armenia 1993-04-02..2020-11-25 [2]",
			"11 assessed Military Forces of Azerbaijan 2020-11-25..now [7]"}},
		{"2020-11-24", []string{"Kalbajar"}, []string{"11 assessed Military Forces of Armenia 1993-04-02..now [2]"}},
		{"1992-05-10", nil, []string{"15 assessed Military Forces of Armenia 1992-05-08..now [4]"}},
		{"1990-01-01", nil, nil},
	}
	for _, tt := range tests {
		var until truce.Date
		if tt.until != "" {
			until = d(tt.until)
		}
		ps, err := timeline.History(ctx, karabakh(), until, timeline.Query{Territories: tt.names})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range ps {
			got = append(got, show(p))
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("History(%q, %q):\n got %q\nwant %q", tt.until, tt.names, got, tt.want)
		}
	}
	if _, err := timeline.History(ctx, karabakh(), 0, timeline.Query{Territories: []string{"Atlantis"}}); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Errorf("History of an unknown territory: %v", err)
	}
}
