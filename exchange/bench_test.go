package exchange_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/exchange"
)

// acledCSV generates an ACLED-layout file of n made-up rows spread over
// a year and a few places.
func acledCSV(n int) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "inter1",
		"actor2", "inter2", "iso", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"})
	places := []struct {
		name     string
		lat, lon float64
	}{{"Ganja", 40.6828, 46.3606}, {"Tartar", 40.3419, 46.9303}, {"Horadiz", 39.45, 47.33}, {"Shusha", 39.7583, 46.7484}}
	subs := []truce.SubEventType{truce.ArmedClash, truce.ShellingArtilleryMissile, truce.AirDroneStrike, truce.Attack}
	day := truce.MustDate("2020-01-01")
	for i := range n {
		p, st := places[i%len(places)], subs[(i/len(places))%len(subs)]
		w.Write([]string{"BEN" + strconv.Itoa(i), day.AddDays(i % 365).String(), "1", string(st.Type()), string(st),
			"Military Forces of Azerbaijan", "1", "Military Forces of Armenia", "1", "AZE", "Azerbaijan", "Region " + p.name, p.name,
			strconv.FormatFloat(p.lat, 'f', 4, 64), strconv.FormatFloat(p.lon, 'f', 4, 64), "1", "Made-up Wire",
			fmt.Sprintf("Made-up benchmark row %d: an incident was reported near %s.", i, p.name), strconv.Itoa(i % 3)})
	}
	w.Flush()
	return buf.Bytes()
}

// BenchmarkImportACLED imports a generated ACLED CSV file of
// $TRUCE_BENCH_ROWS rows (default 100,000) into a new SQLite record: a
// reading that checks every row, then a second that stores them in
// batches, in one transaction. liveMiB@peak, the most live heap the
// import held (sampled every 10 ms), stays about the same whatever the
// number of rows: imports no longer hold the file's events in memory.
func BenchmarkImportACLED(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("TRUCE_BENCH_ROWS")); err == nil && v > 0 {
		n = v
	}
	data := acledCSV(n)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		b.StopTimer()
		s := newStore(b)
		runtime.GC()
		b.StartTimer()
		start := time.Now()
		peak := peakHeap()
		res, err := exchange.Import(context.Background(), s, bytes.NewReader(data), exchange.ImportOptions{Format: exchange.ACLEDCSV, Name: "bench.csv"})
		if err != nil {
			b.Fatal(err)
		}
		el := time.Since(start)
		b.ReportMetric(float64(peak())/(1<<20), "liveMiB@peak")
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if res.Events != n {
			b.Fatalf("imported %d of %d", res.Events, n)
		}
		b.ReportMetric(float64(n)/el.Seconds(), "events/s")
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heapMiB@end")
	}
}

// peakHeap samples the live heap (as of the last collection) every
// 10 ms until the function it returns is called, which returns the most
// seen above the live heap at the start: the import's own memory, the
// file it reads (held by the benchmark) left out.
func peakHeap() func() uint64 {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	runtime.GC()
	metrics.Read(live)
	base := live[0].Value.Uint64()
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		var most uint64
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(live)
			most = max(most, live[0].Value.Uint64())
			select {
			case <-stop:
				done <- most - min(most, base)
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		return <-done
	}
}

// BenchmarkExportACLED writes $TRUCE_BENCH_ROWS events (default 20,000)
// as acled-csv.
func BenchmarkExportACLED(b *testing.B) {
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("TRUCE_BENCH_ROWS")); err == nil && v > 0 {
		n = v
	}
	s := newStore(b)
	if _, err := exchange.Import(context.Background(), s, bytes.NewReader(acledCSV(n)), exchange.ImportOptions{Format: exchange.ACLEDCSV, Name: "bench.csv"}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		start := time.Now()
		got, err := exchange.Export(context.Background(), s, &buf, exchange.ExportOptions{Format: exchange.ACLEDCSV})
		if err != nil || got != n {
			b.Fatalf("exported %d of %d: %v", got, n, err)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "events/s")
	}
}
