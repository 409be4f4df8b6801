package storeutil_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storeutil"
)

func TestCheckEvent(t *testing.T) {
	ok := func() *truce.Event {
		return &truce.Event{
			Date:     truce.MustDate("2020-11-25"),
			SubType:  truce.NonViolentTransfer,
			Actor1:   truce.Actor{Name: "Military Forces of Azerbaijan"},
			Evidence: []truce.Evidence{{Text: "troops entered Kalbajar district", End: 32}},
		}
	}
	tests := []struct {
		name string
		edit func(e *truce.Event) *truce.Event
		want string
	}{
		{"ok", func(e *truce.Event) *truce.Event { return e }, ""},
		{"nil", func(*truce.Event) *truce.Event { return nil }, "nil event"},
		{"no actor1", func(e *truce.Event) *truce.Event { e.Actor1.Name = ""; return e }, "no actor1"},
		{"bad evidence", func(e *truce.Event) *truce.Event { e.Evidence[0].Start = 40; return e }, "not a span"},
		{"second evidence", func(e *truce.Event) *truce.Event {
			e.Evidence = append(e.Evidence, truce.Evidence{Text: " "})
			return e
		}, "no text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.edit(ok())
			err := storeutil.CheckEvent(e)
			checkErr(t, err, tt.want)
			if err == nil && e.Type == "" {
				t.Errorf("Type not filled from SubType %q", e.SubType)
			}
		})
	}
}

func TestCheckActor(t *testing.T) {
	tests := []struct {
		a    truce.Actor
		want string
	}{
		{truce.Actor{Name: "Russian Peacekeepers"}, ""},
		{truce.Actor{Name: "Armenia", Kind: truce.ActorKind("state")}, "unknown kind"},
		{truce.Actor{}, "has no name"},
		{truce.Actor{Name: "—!"}, "no letters or digits"},
	}
	for _, tt := range tests {
		t.Run(tt.a.Name, func(t *testing.T) {
			checkErr(t, storeutil.CheckActor(&tt.a), tt.want)
		})
	}
}

func TestNonNil(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{{nil, "[]"}, {[]string{}, "[]"}, {[]string{"Karvachar"}, `["Karvachar"]`}} {
		b, _ := json.Marshal(storeutil.NonNil(tt.in))
		if string(b) != tt.want {
			t.Errorf("NonNil(%#v) marshals to %s, want %s", tt.in, b, tt.want)
		}
	}
}

func TestTextBody(t *testing.T) {
	tests := []struct {
		notes string
		ev    []truce.Evidence
		want  string
	}{
		{"", nil, ""},
		{"Handover of Kəlbəcər", nil, "handover of kelbecer"},
		{"Notes", []truce.Evidence{{Text: "Troops ENTERED"}, {Text: "Lachin"}}, "notes\ntroops entered\nlachin"},
	}
	for _, tt := range tests {
		if got := storeutil.TextBody(tt.notes, tt.ev); got != tt.want {
			t.Errorf("TextBody(%q, %d evidence) = %q, want %q", tt.notes, len(tt.ev), got, tt.want)
		}
	}
}

func TestWithField(t *testing.T) {
	tests := []struct {
		name  string
		v     any
		value any
		want  string
		err   bool
	}{
		{"adds", map[string]int{"id": 7}, "checked twice", `{"id":7,"review_note":"checked twice"}`, false},
		{"replaces", map[string]string{"review_note": "old"}, "new", `{"review_note":"new"}`, false},
		{"not an object", []int{1}, "x", "", true},
		{"unmarshalable", func() {}, "x", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := storeutil.WithField(tt.v, "review_note", tt.value)
			if (err != nil) != tt.err {
				t.Fatalf("error %v, want error %v", err, tt.err)
			}
			if string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("error %v, want none", err)
	case want != "" && err == nil:
		t.Fatalf("no error, want %q", want)
	case want != "" && truce.ErrorCode(err) != truce.EINVALID:
		t.Fatalf("error %v has code %q, want EINVALID", err, truce.ErrorCode(err))
	case want != "" && !strings.Contains(err.Error(), want):
		t.Fatalf("error %q, want it to contain %q", err, want)
	}
}

func BenchmarkTextBody(b *testing.B) {
	ev := []truce.Evidence{
		{Text: "Azerbaijani forces entered the Kalbajar district on Wednesday"},
		{Text: "Armenian residents left the area before the handover deadline"},
	}
	var n int
	for b.Loop() {
		n = len(storeutil.TextBody("Handover of Kəlbəcər under the 10 November statement", ev))
	}
	b.ReportMetric(float64(n), "bytes/body")
}
