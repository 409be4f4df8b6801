package gazetteer

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func indexPath(b *testing.B) string {
	testGazetteer(b)
	if p := os.Getenv("TRUCE_GAZETTEER"); p != "" {
		return p
	}
	if testDir == "" {
		b.Skip("no index file")
	}
	return filepath.Join(testDir, IndexFile)
}

func BenchmarkOpen(b *testing.B) {
	path := indexPath(b)
	var g *Gazetteer
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	n := 0
	for b.Loop() {
		var err error
		if g, err = Open(path); err != nil {
			b.Fatal(err)
		}
		n++
	}
	elapsed := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(elapsed.Milliseconds())/float64(n), "ms/open")
	b.ReportMetric(float64(after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc))/1e6, "MB-heap")
	b.ReportMetric(float64(g.Len()), "places")
}

func readArticle(b *testing.B) string {
	data, err := os.ReadFile(filepath.Join("testdata", "article.txt"))
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

func BenchmarkScan(b *testing.B) {
	g := testGazetteer(b)
	text := readArticle(b)
	var n int
	for b.Loop() {
		n = len(g.Scan(text))
	}
	b.ReportMetric(float64(len(strings.Fields(text))), "words")
	b.ReportMetric(float64(n), "mentions")
}

func BenchmarkResolve(b *testing.B) {
	g := testGazetteer(b)
	ms := g.Scan(readArticle(b))
	for b.Loop() {
		g.Resolve(ms, Context{Country: "AZE"})
	}
	b.ReportMetric(float64(len(ms)), "mentions")
}

func BenchmarkLookup(b *testing.B) {
	g := testGazetteer(b)
	names := []string{"Kəlbəcər", "Stepanakert", "Kyiv", "Tripoli", "San Jose", "Springfield", "Xyzzy"}
	for b.Loop() {
		for _, n := range names {
			g.Lookup(n)
		}
	}
	b.ReportMetric(float64(len(names)), "lookups/op")
}
