package article

import (
	"runtime"
	"strings"
	"testing"
)

// TestReadManyElements: a page of more elements than maxElements is read
// by the flat fallback, with a warning and a bounded allocation (the
// tree-based extractor allocated over 1 GB for the 4 MB page of 150,000
// spans); a page under the cap still goes through the extractor.
func TestReadManyElements(t *testing.T) {
	const report = "<p>BAKU, Nov 20 - Azerbaijani troops entered the Aghdam district on Friday, the defence ministry said.</p>"
	tests := []struct {
		name     string
		page     string
		flat     bool   // read without the main-text extractor
		maxAlloc uint64 // bytes allocated by Read at most
	}{
		{"150,000 spans on one line",
			"<html><body>" + report + "<p>" + strings.Repeat("<span>troops moved</span> ", 150000) + "</p></body></html>", true, 300 << 20},
		{"60,000 paragraphs",
			"<html><body>" + strings.Repeat(report+"\n", 60000) + "</body></html>", true, 300 << 20},
		{"a normal page", "<html><head><title>Aghdam handed over</title></head><body><article>" + strings.Repeat(report, 12) + "</article></body></html>", false, 100 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			a, err := Read([]byte(tt.page), Options{ContentType: "text/html"})
			runtime.ReadMemStats(&after)
			if a == nil {
				t.Fatalf("Read: no article: %v", err)
			}
			warned := false
			for _, w := range a.Warnings {
				if strings.Contains(w, "read without the main-text extractor") && strings.Contains(w, "elements") {
					warned = true
				}
			}
			if warned != tt.flat {
				t.Errorf("warnings %q: flat fallback %v, want %v", a.Warnings, warned, tt.flat)
			}
			if !strings.Contains(a.Text, "Azerbaijani troops entered the Aghdam district") {
				t.Errorf("text lost the report: %.200q", a.Text)
			}
			if got := after.TotalAlloc - before.TotalAlloc; got > tt.maxAlloc {
				t.Errorf("Read allocated %d MB, want at most %d MB", got>>20, tt.maxAlloc>>20)
			}
		})
	}
}
