package exchange_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/exchange"
)

// streamCSV is an ACLED file of n rows, shelling of Tartar and Barda in
// October 2020, each row quoting one of three outlets.
func streamCSV(n int) string {
	var b strings.Builder
	b.WriteString("event_date,sub_event_type,actor1,actor2,latitude,longitude,iso,location,notes,source\n")
	for i := range n {
		place, lat, lon := "Tartar", 40.3419, 46.9303
		if i%2 == 1 {
			place, lat, lon = "Barda", 40.3744, 47.1266
		}
		fmt.Fprintf(&b, "2020-10-%02d,Shelling/artillery/missile attack,Military Forces of Armenia,Civilians (Azerbaijan),%g,%g,AZE,%s,"+
			"Made-up test row %d: shells were reported to have hit houses in %s.,Made-up Wire %d\n", 1+i%28, lat, lon, place, i, place, i%3)
	}
	return b.String()
}

// noSeek hides the Seek of a reader, as a pipe has none.
type noSeek struct{ r io.Reader }

func (n noSeek) Read(p []byte) (int, error) { return n.r.Read(p) }

// TestImportBatches: a file larger than a batch is stored whole, with ids
// in file order and one audit entry, from a reader that seeks and from
// one that does not.
func TestImportBatches(t *testing.T) {
	data := streamCSV(23)
	for _, tc := range []struct {
		name string
		r    io.Reader
	}{
		{"seeker", strings.NewReader(data)},
		{"stream", noSeek{strings.NewReader(data)}},
		// a reader already past a prefix is read from where it stood
		{"offset", func() io.Reader { r := strings.NewReader("junk" + data); r.Seek(4, io.SeekStart); return r }()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			countries(t, s)
			res, err := exchange.Import(context.Background(), s, tc.r, exchange.ImportOptions{Format: exchange.ACLEDCSV, Name: "october.csv", BatchRows: 5})
			if err != nil {
				t.Fatal(err)
			}
			if res.Events != 23 || res.Sources != 3 || res.LastID-res.FirstID != 22 {
				t.Fatalf("result %+v, want 23 events with consecutive ids from 3 sources", res)
			}
			es := allEvents(t, s)
			if len(es) != 23 {
				t.Fatalf("%d events, want 23", len(es))
			}
			byID := map[int64]*truce.Event{}
			for _, e := range es {
				byID[e.ID] = e
			}
			for i := range 23 {
				e := byID[res.FirstID+int64(i)]
				if e == nil || !strings.HasPrefix(e.Notes, fmt.Sprintf("Made-up test row %d:", i)) ||
					len(e.Evidence) != 1 || e.Evidence[0].Outlet != fmt.Sprintf("Made-up Wire %d", i%3) {
					t.Fatalf("event %d of the file: %+v", i, e)
				}
			}
			au, err := s.Audit(context.Background(), truce.AuditFilter{Entity: "event"})
			if err != nil {
				t.Fatal(err)
			}
			if len(au) != 1 || au[0].Action != "import" || au[0].EntityID != fmt.Sprintf("%d-%d", res.FirstID, res.LastID) {
				t.Errorf("audit %+v, want one import entry", au)
			}
		})
	}
}

// plainStore hides the CreateEventBatches of the store it wraps.
type plainStore struct{ truce.Store }

// TestImportPlainStore: a store without CreateEventBatches takes the
// import in one CreateEvents.
func TestImportPlainStore(t *testing.T) {
	s := newStore(t)
	countries(t, s)
	res, err := exchange.Import(context.Background(), plainStore{s}, strings.NewReader(streamCSV(12)), exchange.ImportOptions{Format: exchange.ACLEDCSV, Name: "october.csv", BatchRows: 5})
	if err != nil {
		t.Fatal(err)
	}
	if es := allEvents(t, s); res.Events != 12 || len(es) != 12 || res.LastID-res.FirstID != 11 || es[0].ID != res.FirstID {
		t.Errorf("result %+v, %d events stored", res, len(es))
	}
}

// changing reads a first text until it is sought back, then a second.
type changing struct {
	*strings.Reader
	second string
}

func (c *changing) Seek(off int64, whence int) (int64, error) {
	if whence == io.SeekStart && c.second != "" {
		c.Reader, c.second = strings.NewReader(c.second), ""
	}
	return c.Reader.Seek(off, whence)
}

// cancelling cancels an import's context when its second reading has
// read past at bytes.
type cancelling struct {
	*strings.Reader
	at     int
	n      int
	seeks  int
	cancel func()
}

func (c *cancelling) Read(p []byte) (int, error) {
	n, err := c.Reader.Read(p[:min(len(p), 512)])
	if c.seeks > 0 {
		if c.n += n; c.n > c.at {
			c.cancel()
		}
	}
	return n, err
}

func (c *cancelling) Seek(off int64, whence int) (int64, error) {
	if whence == io.SeekStart {
		c.seeks++
	}
	return c.Reader.Seek(off, whence)
}

// TestImportSecondReading: a file that reads otherwise the second time,
// and an import interrupted after batches were written, store no event.
func TestImportSecondReading(t *testing.T) {
	data := streamCSV(40)
	tests := []struct {
		name string
		r    func(cancel func()) io.Reader
		want string
	}{
		{"row changed", func(func()) io.Reader {
			return &changing{strings.NewReader(data), strings.Replace(data, "2020-10-20", "2020-10-21", 1)}
		}, "october.csv changed while it was imported (its bytes differ)"},
		{"row made invalid", func(func()) io.Reader {
			return &changing{strings.NewReader(data), strings.Replace(data, "2020-10-20", "2020-10-32", 1)}
		}, `changed while it was imported (line 21: event_date: bad date "2020-10-32"`},
		{"rows added", func(func()) io.Reader {
			return &changing{strings.NewReader(data), data + strings.SplitN(streamCSV(41), "\n", 42)[41] + "\n"}
		}, "changed while it was imported (41 rows, 40 the first time)"},
		{"new outlet", func(func()) io.Reader {
			return &changing{strings.NewReader(data), strings.Replace(data, "Made-up Wire 2\n", "Made-up Herald\n", 1)}
		}, "changed while it was imported (line 4 quotes a report the first reading did not)"},
		{"interrupted", func(cancel func()) io.Reader {
			return &cancelling{Reader: strings.NewReader(data), at: len(data) / 2, cancel: cancel}
		}, "import october.csv interrupted, no event stored: context canceled"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			countries(t, s)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_, err := exchange.Import(ctx, s, tc.r(cancel), exchange.ImportOptions{Format: exchange.ACLEDCSV, Name: "october.csv", BatchRows: 4})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if es := allEvents(t, s); len(es) != 0 {
				t.Errorf("%d events stored", len(es))
			}
			au, err := s.Audit(context.Background(), truce.AuditFilter{Entity: "event"})
			if err != nil || len(au) != 0 {
				t.Errorf("audit %+v, %v: want no import entry", au, err)
			}
		})
	}
}

// TestImportManyInvalid: a file of thousands of bad rows lists the first
// MaxRowErrors, counts them all, and clips a message quoting a long
// cell.
func TestImportManyInvalid(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("event_date,sub_event_type,actor1,latitude,longitude,iso,location,notes\n")
	b.WriteString("2020-09-27,Armed clash,Military Forces of Azerbaijan," + strings.Repeat("9", 3000) + ",47.1,AZE,Fuzuli,Made-up test row: fighting near Fuzuli.\n")
	for range exchange.MaxRowErrors + 499 {
		b.WriteString("27 Sept 2020,Armed clash,Military Forces of Azerbaijan,39.6,47.1,AZE,Fuzuli,Made-up test row: fighting near Fuzuli.\n")
	}
	s := newStore(t)
	_, err := exchange.Import(context.Background(), s, &b, exchange.ImportOptions{Format: exchange.ACLEDCSV, Name: "many.csv"})
	var ve *exchange.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v, want a *ValidationError", err)
	}
	if len(ve.Rows) != exchange.MaxRowErrors || ve.Invalid != exchange.MaxRowErrors+500 {
		t.Errorf("%d rows listed, %d invalid; want %d and %d", len(ve.Rows), ve.Invalid, exchange.MaxRowErrors, exchange.MaxRowErrors+500)
	}
	if !strings.HasPrefix(err.Error(), fmt.Sprintf("many.csv: %d invalid rows, nothing stored", exchange.MaxRowErrors+500)) {
		t.Errorf("error %q", clipped(err.Error()))
	}
	if m := ve.Rows[0].Message; len(m) > 510 || !strings.HasSuffix(m, "…") {
		t.Errorf("message of %d bytes: %q", len(m), clipped(m))
	}
}

func clipped(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
