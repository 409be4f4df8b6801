package exchange_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/exchange"
)

// formulaCSV is an ACLED file whose texts start like spreadsheet formulas.
const formulaCSV = "event_date,sub_event_type,actor1,actor2,latitude,longitude,iso,location,notes,source\n" +
	`2020-11-20,Armed clash,=cmd|' /C calc'!A0,+Military Forces of Armenia,-39.98,46.93,AZE,@Aghdam,"=HYPERLINK(""http://example.org"",""x"")",-Made-up Wire` + "\n" +
	`2020-11-21,Armed clash,Military Forces of Azerbaijan,'=already quoted,39.98,-46.93,AZE,'Aghdam,'plain apostrophe,Made-up Wire` + "\n"

// TestExportNeutralisesFormulas: texts that a spreadsheet would run as
// formulas leave acled-csv with a leading apostrophe, numbers stay
// numbers, and importing the export gives back every text unchanged.
func TestExportNeutralisesFormulas(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	countries(t, s)
	if _, err := exchange.Import(ctx, s, strings.NewReader(formulaCSV), exchange.ImportOptions{Format: exchange.ACLEDCSV, Name: "formula.csv"}); err != nil {
		t.Fatal(err)
	}
	out := export(t, s, exchange.ACLEDCSV, truce.EventFilter{})
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want a header and 2", len(rows))
	}
	for i, row := range rows[1:] {
		for j, v := range row {
			if v == "" || !strings.ContainsRune("=+-@", rune(v[0])) {
				continue
			}
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				t.Errorf("row %d, %s: %q would run as a formula", i+1, rows[0][j], v)
			}
		}
	}
	if !bytes.Contains(out, []byte(`'=cmd|' /C calc'!A0`)) || !bytes.Contains(out, []byte(",-39.98,")) || !bytes.Contains(out, []byte(",'=already quoted,")) {
		t.Errorf("export:\n%s", out)
	}

	s2 := newStore(t)
	countries(t, s2)
	if _, err := exchange.Import(ctx, s2, bytes.NewReader(out), exchange.ImportOptions{Format: exchange.ACLEDCSV, Name: "export.csv"}); err != nil {
		t.Fatalf("import of the export: %v", err)
	}
	a, b := allEvents(t, s), allEvents(t, s2)
	if len(a) != len(b) {
		t.Fatalf("%d events after the round trip, want %d", len(b), len(a))
	}
	for i := range a {
		x, y := a[i], b[i]
		a2, b2 := "", ""
		if x.Actor2 != nil && y.Actor2 != nil {
			a2, b2 = x.Actor2.Name, y.Actor2.Name
		}
		if x.Actor1.Name != y.Actor1.Name || a2 != b2 || x.Notes != y.Notes || x.Location.Name != y.Location.Name ||
			x.Location.Lat != y.Location.Lat || x.Location.Lon != y.Location.Lon {
			t.Errorf("event %d after the round trip:\n%+v %+v %q %q\nwant\n%+v %+v %q %q", i, y.Actor1, y.Actor2, y.Notes, y.Location.Name, x.Actor1, x.Actor2, x.Notes, x.Location.Name)
		}
	}
	// an apostrophe before a formula character is taken as escapeCell's,
	// any other is text
	if a[0].Actor1.Name != "=cmd|' /C calc'!A0" || a[1].Actor2.Name != "=already quoted" || a[1].Notes != "'plain apostrophe" {
		t.Errorf("import changed texts: %q, %q, %q", a[0].Actor1.Name, a[1].Actor2.Name, a[1].Notes)
	}
}

// TestImportHostileCSV: ragged rows and a JSONL date that does not exist
// are listed by line with a clear message, a row or line over
// MaxRowBytes refuses the file, a 1 MiB cell is stored whole, and a file
// with any fault stores nothing.
func TestImportHostileCSV(t *testing.T) {
	const head = "event_date,sub_event_type,actor1,latitude,longitude,iso,location,notes,source\n"
	const good = "2020-11-20,Armed clash,Military Forces of Azerbaijan,39.98,46.93,AZE,Aghdam,Made-up row.,Made-up Wire\n"
	tests := []struct {
		name, data string
		format     exchange.Format
		want       []string // row errors, in order; nil: the file is stored
	}{
		{"short row", head + good + "2020-11-21,Armed clash,Military Forces of Azerbaijan\n", exchange.ACLEDCSV,
			[]string{`line 3: latitude: "" is not a number`}},
		{"long row", head + good + "2020-11-21,Armed clash,Military Forces of Azerbaijan,39.98,46.93,AZE,Aghdam,Notes, with a comma,Made-up Wire\n", exchange.ACLEDCSV,
			[]string{"line 3: 10 cells, the header has 9: quote cells that hold commas"}},
		{"bare quote", head + good + "2020-11-21,Armed clash,Military \"Forces\",39.98,46.93,AZE,Aghdam,n,s\n", exchange.ACLEDCSV,
			[]string{`line 3: bare " in non-quoted-field`}},
		{"1 MiB cell", head + strings.Replace(good, "Made-up row.", `"`+strings.Repeat("long, long note.", 1<<16)+`"`, 1), exchange.ACLEDCSV, nil},
		{"5 MiB cell", head + strings.Replace(good, "Made-up row.", strings.Repeat("long note.", 1<<19), 1) + good, exchange.ACLEDCSV,
			[]string{"hostile: the row at line 2 is larger than 4 MiB: nothing stored"}},
		{"5 MiB cell over lines", head + good + strings.Replace(good, "Made-up row.", `"`+strings.Repeat("long\nnote.", 1<<19)+`"`, 1), exchange.ACLEDCSV,
			[]string{"hostile: the row at line 3 is larger than 4 MiB: nothing stored"}},
		{"5 MiB header", strings.Repeat("x", 5<<20) + "\n" + good, exchange.ACLEDCSV,
			[]string{"hostile: the header is larger than 4 MiB: nothing stored"}},
		{"5 MiB jsonl line", `{"subtype":"Armed clash","notes":"` + strings.Repeat("x", 5<<20) + `"}` + "\n", exchange.JSONL,
			[]string{"hostile: line 1 is larger than 4 MiB: nothing stored"}},
		{"jsonl bad date", `{"subtype":"Armed clash","date":"2020-02-31","actor1":{"name":"X"}}` + "\n", exchange.JSONL,
			[]string{`line 1: not a JSON event: bad date "2020-02-31": want YYYY-MM-DD`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			countries(t, s)
			res, err := exchange.Import(context.Background(), s, strings.NewReader(tt.data), exchange.ImportOptions{Format: tt.format, Name: "hostile"})
			if tt.want == nil {
				if err != nil || res.Events != 1 {
					t.Fatalf("import: %+v, %v; want 1 event", res, err)
				}
				if n := len(allEvents(t, s)[0].Notes); n != 1<<20 {
					t.Errorf("notes of %d bytes stored, want %d", n, 1<<20)
				}
				return
			}
			var ve *exchange.ValidationError
			var got []string
			switch {
			case errors.As(err, &ve):
				for _, r := range ve.Rows {
					got = append(got, r.String())
				}
			case truce.ErrorCode(err) == truce.EINVALID:
				got = []string{truce.ErrorMessage(err)} // the whole file is refused
			default:
				t.Fatalf("import: %v, want a validation error", err)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("row errors:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if es := allEvents(t, s); len(es) != 0 {
				t.Errorf("%d events stored from an invalid file", len(es))
			}
		})
	}
}
