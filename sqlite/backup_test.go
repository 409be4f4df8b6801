package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqlite"
)

func clash(i int) *truce.Event {
	return &truce.Event{SubType: truce.ArmedClash, Date: truce.MustDate("2020-10-01").AddDays(i % 40),
		Location: truce.Location{Name: "Fuzuli", Lat: 39.6, Lon: 47.14, Country: "AZE"},
		Actor1:   truce.Actor{Name: "Military Forces of Azerbaijan (2003-)"}, Actor2: &truce.Actor{Name: "Artsakh Defence Army"},
		Notes: fmt.Sprintf("clash %d near Fuzuli", i)}
}

// TestBackupOnline backs up while a writer keeps writing: the copy passes
// the checks and holds a prefix of the writes, each event whole.
func TestBackupOnline(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range 20 {
		if err := db.CreateEvent(ctx, clash(i)); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 20; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := db.CreateEvent(ctx, clash(i)); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	bak := filepath.Join(dir, "b.db")
	err = db.Backup(ctx, bak)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	b, err := sqlite.Open(ctx, bak)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	got, n, err := b.Events(ctx, truce.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("backup holds %d events, want at least the 20 written before it", n)
	}
	for _, e := range got {
		orig, err := db.Event(ctx, e.ID)
		if err != nil {
			t.Fatalf("event %d of the backup: %v", e.ID, err)
		}
		if orig.Notes != e.Notes || orig.Date != e.Date {
			t.Errorf("event %d differs: %q vs %q", e.ID, e.Notes, orig.Notes)
		}
	}
	audit, _ := b.Audit(ctx, truce.AuditFilter{Entity: "event"})
	if len(audit) != n {
		t.Errorf("backup: %d events but %d audit entries", n, len(audit))
	}
}

func TestBackupErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openTemp(t)
	defer db.Close()
	exists := filepath.Join(dir, "exists.db")
	os.WriteFile(exists, []byte("keep me"), 0o644)
	for _, path := range []string{"", exists, filepath.Join(dir, "no", "such", "dir", "b.db")} {
		if err := db.Backup(ctx, path); err == nil {
			t.Errorf("Backup(%q): no error", path)
		}
	}
	if b, _ := os.ReadFile(exists); string(b) != "keep me" {
		t.Errorf("Backup overwrote an existing file: %q", b)
	}
}

func TestCheckFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	db, err := sqlite.Open(ctx, good)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateEvent(ctx, clash(1)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	data, _ := os.ReadFile(good)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// A database whose pages are damaged past the header.
	torn := append([]byte(nil), data...)
	for i := 4096; i < len(torn); i += 97 {
		torn[i] ^= 0x5a
	}
	tests := []struct {
		name, path string
		ok         bool
	}{
		{"good", good, true},
		{"missing", filepath.Join(dir, "missing.db"), false},
		{"text", write("text.db", []byte("not a database at all")), false},
		{"empty", write("empty.db", nil), false},
		{"truncated", write("trunc.db", data[:len(data)/3]), false},
		{"damaged", write("torn.db", torn), false},
	}
	for _, tt := range tests {
		err := sqlite.CheckFile(ctx, tt.path)
		if (err == nil) != tt.ok {
			t.Errorf("%s: CheckFile = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func BenchmarkBackup(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	defer db.Close()
	es := make([]*truce.Event, 2000)
	for i := range es {
		es[i] = clash(i)
	}
	if err := db.CreateEvents(ctx, es); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		if err := db.Backup(ctx, filepath.Join(dir, fmt.Sprintf("b%d.db", i))); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(es)), "events")
}
