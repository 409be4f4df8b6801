package ingest_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/truce-monitor/truce/ingest"
)

// synthetic returns report i of a synthetic stream: short reports of
// clashes, shelling and handovers in Karabakh districts, dated along the
// stream so that it moves forward in time as real streams do. Every 24
// reports move a day on, so each report is a happening of its own (a
// stream in which most reports merge is slower: each merge is a
// transaction of its own, see docs/ingest.md).
func synthetic(i int) ingest.Report {
	places := []string{"Aghdam", "Kalbajar", "Lachin", "Fuzuli", "Jabrayil", "Zangilan", "Qubadli", "Khojavend"}
	verbs := []string{
		"Azerbaijani and Armenian forces clashed near %s, the Defence Ministry said, in report %d.",
		"Armenian artillery shelled villages in the %s district, officials said in statement %d.",
		"Azerbaijani troops entered the %s district, the Defence Ministry said in bulletin %d.",
	}
	day := time.Date(2020, 9, 28, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/24)
	text := fmt.Sprintf("Published: %s\n\nBAKU — "+verbs[(i/len(places))%len(verbs)]+" Residents reported heavy damage in item %d.",
		day.Format("2 January 2006"), places[i%len(places)], i, i*7919)
	return ingest.Report{Name: "synthetic-" + strconv.Itoa(i), Data: []byte(text), ContentType: "text/plain", Published: day}
}

// BenchmarkIngest measures reports per second into SQLite, extraction
// included, over a synthetic stream ($TRUCE_BENCH_REPORTS reports, default
// 2,000; 100,000 takes minutes), with the heap reported at the end to show
// it flat as the stream grows.
func BenchmarkIngest(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("TRUCE_BENCH_REPORTS")); err == nil && v > 0 {
		n = v
	}
	x := extractor(b)
	for b.Loop() {
		b.StopTimer()
		s := newRecord(b)
		in, err := ingest.New(s, x, ingest.Options{Accept: ingest.AcceptReview})
		if err != nil {
			b.Fatal(err)
		}
		i := 0
		var heap [3]uint64 // at 25, 50 and 75% of the stream
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		sum, err := in.Run(context.Background(), func() (ingest.Report, bool, error) {
			if i == n {
				return ingest.Report{}, false, nil
			}
			for q := 1; q <= 3; q++ {
				if i == n*q/4 {
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					heap[q-1] = ms.HeapAlloc
				}
			}
			i++
			return synthetic(i - 1), true, nil
		})
		if err != nil {
			b.Fatal(err)
		}
		el, cpu := time.Since(start), cpuTime()-cpu0
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(sum.Read)/el.Seconds(), "reports/s")
		if cpu > 0 {
			b.ReportMetric(float64(sum.Read)/cpu.Seconds(), "reports/CPU-s")
		}
		b.ReportMetric(float64(sum.EventsFound)/el.Seconds(), "events/s")
		for q, h := range heap {
			b.ReportMetric(float64(h)/(1<<20), fmt.Sprintf("heapMiB@%d%%", 25*(q+1)))
		}
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heapMiB@end")
		if sum.Failed > 0 {
			b.Fatalf("%d failed: %v", sum.Failed, sum.Failures[:1])
		}
	}
}
