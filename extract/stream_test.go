package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
)

func TestStream(t *testing.T) {
	x := newTestExtractor(t)
	var in strings.Builder
	const n = 60
	for i := 0; i < n; i++ {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&in, `{"id":%d,"text":"Azerbaijani forces shelled Tartar on Monday, killing %d civilians.","published":"2020-10-07"}`+"\n", i, i+1)
		case 1:
			fmt.Fprintf(&in, `{"id":"s%d","text":"Shares plunged as oil prices fell."}`+"\n", i)
		case 2:
			in.WriteString("this is not json\n")
		case 3:
			fmt.Fprintf(&in, `{"id":%d,"text":"","published":"2020-10-07"}`+"\n", i)
		}
	}
	in.WriteString("\n") // blank lines are skipped
	var out bytes.Buffer
	st, err := x.Stream(context.Background(), strings.NewReader(in.String()), &out, 4)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != n || st.Lines != n {
		t.Fatalf("got %d lines (stats %d), want %d", len(lines), st.Lines, n)
	}
	if st.Failed != n/2 {
		t.Errorf("stats failed = %d, want %d", st.Failed, n/2)
	}
	for i, l := range lines {
		var o StreamOutput
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		switch i % 4 {
		case 0:
			if string(o.ID) != fmt.Sprint(i) || len(o.Events) != 1 || o.Events[0].Fatalities == nil || o.Events[0].Fatalities.Low != i+1 {
				t.Errorf("line %d out of order or wrong: %s", i, l)
			}
			if o.Events[0].Date != truce.MustDate("2020-10-05") {
				t.Errorf("line %d: date %s, want 2020-10-05 (Monday before publication)", i, o.Events[0].Date)
			}
		case 1:
			if string(o.ID) != fmt.Sprintf(`"s%d"`, i) || len(o.Events) != 0 || o.Error != "" {
				t.Errorf("line %d: %s", i, l)
			}
		case 2, 3:
			if o.Error == "" {
				t.Errorf("line %d: no error: %s", i, l)
			}
		}
	}
}

func TestStreamCancel(t *testing.T) {
	x := newTestExtractor(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := strings.Repeat(`{"id":1,"text":"Troops shelled the town on Monday."}`+"\n", 100)
	var out bytes.Buffer
	if _, err := x.Stream(ctx, strings.NewReader(in), &out, 2); err == nil {
		t.Error("cancelled stream returned no error")
	}
}

// FuzzExtract checks that no input makes the extractor panic, and that
// what it returns is well formed: valid events whose evidence is a span
// of the input.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Azerbaijani troops entered Kalbajar on Wednesday, the Defense Ministry said.",
		"Title\n\nBAKU, Azerbaijan: Fighting broke out on Sept. 27, killing hundreds and possibly thousands.",
		"On 9 May 2020, the Ukrainian Forces fired 82mm mortars near Zolote, Luhansk.",
		"“Mines are being cleared,” the ministry said. Armenia denied it.",
		"\x00\xff\xfe", "", "....", "a 1,000,000,000 killed",
	} {
		f.Add(s)
	}
	x, err := New(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := x.ExtractText(s, truce.MustDate("2020-11-25"), "")
		if err != nil {
			return
		}
		for _, e := range r.Events {
			d := e.ToDomain()
			if err := d.Validate(); err != nil {
				t.Errorf("invalid event from %q: %v", s, err)
			}
			if e.Evidence.Start == 0 && e.Evidence.End == 0 {
				continue // repaired text: no span of the input
			}
			if e.Evidence.Start < 0 || e.Evidence.End > len(s) || e.Evidence.Start > e.Evidence.End {
				t.Errorf("evidence [%d,%d) outside input of %d bytes", e.Evidence.Start, e.Evidence.End, len(s))
			} else if utf8.ValidString(s) && s[e.Evidence.Start:e.Evidence.End] != e.Evidence.Text {
				t.Errorf("evidence offsets [%d,%d) give %q, not its text %q", e.Evidence.Start, e.Evidence.End, s[e.Evidence.Start:e.Evidence.End], e.Evidence.Text)
			}
		}
	})
}

// TestStreamErrors: a failed line says why in words, without error codes,
// and keeps its id even when the line is too long to parse.
func TestStreamErrors(t *testing.T) {
	x := newTestExtractor(t)
	long := `{"id":"big-1","text":"` + strings.Repeat("Troops shelled Tartar. ", maxLine/20) + `"}`
	in := strings.Join([]string{
		`{"id":1,"text":""}`,
		`{"id":2,"text":"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f"}`,
		long,
		`{"text":"` + strings.Repeat("x", maxLine) + `","id":"late"}`,
	}, "\n") + "\n"
	var out bytes.Buffer
	if _, err := x.Stream(context.Background(), strings.NewReader(in), &out, 2); err != nil {
		t.Fatal(err)
	}
	want := []struct{ id, err string }{
		{`1`, "empty report (no text left)"},
		{`2`, "binary input, not a text or HTML report"},
		{`"big-1"`, fmt.Sprintf("line longer than %d bytes", maxLine)},
		{`null`, fmt.Sprintf("line longer than %d bytes", maxLine)},
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(lines), len(want))
	}
	for i, l := range lines {
		var o StreamOutput
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if string(o.ID) != want[i].id || o.Error != want[i].err {
			t.Errorf("line %d: id %s error %q, want id %s error %q", i, o.ID, o.Error, want[i].id, want[i].err)
		}
	}
}
