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

// merging returns report i of a stream in which many outlets report the
// same few happenings a day: 400 reports a day about 16 happenings (8
// places, 2 kinds), each told in one of 5 wordings, so that most reports
// merge into an event stored by an earlier batch.
func merging(i int) ingest.Report {
	places := []string{"Aghdam", "Kalbajar", "Lachin", "Fuzuli", "Jabrayil", "Zangilan", "Qubadli", "Khojavend"}
	kinds := [][]string{{
		"Azerbaijani and Armenian forces clashed near %s, the Defence Ministry said.",
		"Fighting broke out between Azerbaijani and Armenian troops near %s, officials said.",
		"Armenian and Azerbaijani units exchanged fire near %s, the ministry said.",
		"Clashes between Azerbaijani and Armenian forces were reported near %s, officials said.",
		"Azerbaijani troops fought Armenian forces near %s, the Defence Ministry said.",
	}, {
		"Armenian artillery shelled villages in the %s district, officials said.",
		"Villages in the %s district came under Armenian artillery fire, officials said.",
		"Armenian forces shelled the %s district, the ministry said.",
		"Shells fired by Armenian forces hit villages in the %s district, officials said.",
		"Armenian guns shelled the %s district overnight, officials said.",
	}}
	day := time.Date(2020, 9, 28, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/400)
	h := i % 16
	text := fmt.Sprintf("Published: %s\n\nBAKU — "+kinds[h/8][(i/16)%5]+" Outlet %d filed this report.",
		day.Format("2 January 2006"), places[h%8], i)
	return ingest.Report{Name: "merging-" + strconv.Itoa(i), Data: []byte(text), ContentType: "text/plain", Published: day}
}

// BenchmarkIngestMerging is BenchmarkIngest on a stream in which most
// reports merge into events stored before ($TRUCE_BENCH_REPORTS reports,
// default 2,000): each such merge is a transaction of its own (AddEvidence).
func BenchmarkIngestMerging(b *testing.B) {
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
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		sum, err := in.Run(context.Background(), func() (ingest.Report, bool, error) {
			if i == n {
				return ingest.Report{}, false, nil
			}
			i++
			return merging(i - 1), true, nil
		})
		if err != nil {
			b.Fatal(err)
		}
		el, cpu := time.Since(start), cpuTime()-cpu0
		b.ReportMetric(float64(sum.Read)/el.Seconds(), "reports/s")
		if cpu > 0 {
			b.ReportMetric(float64(sum.Read)/cpu.Seconds(), "reports/CPU-s")
		}
		b.ReportMetric(float64(sum.EventsMerged)/float64(max(1, sum.EventsFound)), "merged/found")
		if sum.Failed > 0 {
			b.Fatalf("%d failed: %v", sum.Failed, sum.Failures[:1])
		}
	}
}
