package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/truce-monitor/truce"
)

// benchArticle returns the seed report when it is available (the size the
// throughput goal is stated for), else the fixtures joined.
func benchArticle(b *testing.B) string {
	if s, err := os.ReadFile(seedPath); err == nil {
		return string(s)
	}
	files, _ := filepath.Glob("testdata/*-2020-*.txt")
	var s []byte
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		s = append(s, t...)
	}
	return string(s)
}

// BenchmarkExtract measures one core: articles per second and MB/s, with
// the gazetteer loaded outside the timer.
func BenchmarkExtract(b *testing.B) {
	x, err := New(testGazetteer(b))
	if err != nil {
		b.Fatal(err)
	}
	text := benchArticle(b)
	pub := truce.MustDate("2020-11-25")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	n, events := 0, 0
	cpu0 := cpuTime()
	for b.Loop() {
		r, err := x.ExtractText(text, pub, "")
		if err != nil {
			b.Fatal(err)
		}
		n++
		events += len(r.Events)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(events)/float64(n), "events/article")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		// articles per CPU-second: the throughput of one free core
		b.ReportMetric(float64(n)/cpu.Seconds(), "articles/cpu-s")
	}
}

// BenchmarkExtractParallel runs the extractor on every core.
func BenchmarkExtractParallel(b *testing.B) {
	x, err := New(testGazetteer(b))
	if err != nil {
		b.Fatal(err)
	}
	text := benchArticle(b)
	pub := truce.MustDate("2020-11-25")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := x.ExtractText(text, pub, ""); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkPipeline measures the extraction stages alone, without reading
// the article (package article) first.
func BenchmarkPipeline(b *testing.B) {
	x, err := New(testGazetteer(b))
	if err != nil {
		b.Fatal(err)
	}
	text := benchArticle(b)
	m := meta{published: truce.MustDate("2020-11-25")}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	n := 0
	cpu0 := cpuTime()
	for b.Loop() {
		x.run(text, m)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(n)/cpu.Seconds(), "articles/cpu-s")
	}
}
