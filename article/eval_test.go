package article

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"os"
	"strings"
	"testing"
	"time"
)

// geoparsingDir holds English news corpora (GeoWebNews, TR-News, LGL) for
// internal evaluation only; nothing from it enters the project.
const geoparsingDir = "../../shared/eval/geoparsing/"

// TestEvalNews reads the real news texts of the geoparsing corpora as
// plain text (headline, blank line, body) and measures what Read makes of
// them: errors, English detected, headline recovered, sentence lengths.
func TestEvalNews(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluation skipped in -short mode")
	}
	var docs []struct{ title, text string }
	for _, name := range []string{"GWN.xml", "TR-News.xml", "lgl.xml"} {
		data, err := os.ReadFile(geoparsingDir + name)
		if err != nil {
			t.Skip("evaluation corpora not present:", err)
		}
		var c struct {
			Articles []struct {
				Title string `xml:"title"`
				Text  string `xml:"text"`
			} `xml:"article"`
		}
		if err := xml.Unmarshal(data, &c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, a := range c.Articles {
			docs = append(docs, struct{ title, text string }{strings.Join(strings.Fields(a.Title), " "), a.Text})
		}
	}
	var errs, english, titled, sentences, long, short int
	var bytesIn int
	var elapsed time.Duration
	for _, d := range docs {
		in := []byte(d.title + "\n\n" + d.text)
		bytesIn += len(in)
		start := time.Now()
		a, err := Read(in, Options{ContentType: "text/plain"})
		elapsed += time.Since(start)
		if err != nil {
			errs++
			t.Logf("error: %v: %.80q", err, d.title)
			if a == nil {
				continue
			}
		}
		checkOffsets(t, a)
		if a.Language == "en" {
			english++
		}
		if a.Title == d.title {
			titled++
		} else if os.Getenv("EVAL_SHOW") != "" {
			t.Logf("title: got %q, want %q", a.Title, d.title)
		}
		for _, s := range a.Sentences {
			sentences++
			switch {
			case len(s.Text) > 600:
				long++
				if os.Getenv("EVAL_SHOW") != "" {
					t.Logf("long: %.300q", s.Text)
				}
			case len(s.Text) < 12:
				short++
				if os.Getenv("EVAL_SHOW") != "" {
					t.Logf("short: %q in %.200q", s.Text, a.Text[max(0, s.Start-80):min(len(a.Text), s.End+40)])
				}
			}
		}
	}
	n := len(docs)
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
	t.Logf("%d articles (%.1f KB each): errors %d, English %.1f%%, headline recovered %.1f%%, %d sentences (%.1f per article), over 600 bytes %d, under 12 bytes %d; %.0f µs/article wall",
		n, float64(bytesIn)/1024/float64(n), errs, pct(english, n), pct(titled, n), sentences, float64(sentences)/float64(n), long, short, float64(elapsed.Microseconds())/float64(n))
	if pct(english, n) < 98 || pct(titled, n) < 90 {
		t.Errorf("English %.1f%%, headline %.1f%%: want at least 98%% and 90%%", pct(english, n), pct(titled, n))
	}
}

// acledPath holds ACLED coder notes (internal evaluation only).
const acledPath = "../../shared/eval/acled/acled_eval.jsonl"

// TestEvalNotes reads every ACLED coder note, short English texts of one
// or a few lines, as the extractor's evaluation does, and counts the notes
// Read refuses (non-English, empty) or splits into a headline and a body.
func TestEvalNotes(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluation skipped in -short mode")
	}
	f, err := os.Open(acledPath)
	if err != nil {
		t.Skip("ACLED evaluation data not present:", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var n, refused, titled int
	for sc.Scan() {
		var row struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		n++
		a, err := Read([]byte(row.Text), Options{ContentType: "text/plain"})
		if err != nil {
			refused++
			t.Logf("refused: %v: %.120q", err, row.Text)
			continue
		}
		if a.Title != "" {
			titled++
		}
	}
	if n == 0 {
		t.Skip("no notes")
	}
	t.Logf("%d ACLED notes: %d refused, %d read as headline and body", n, refused, titled)
	if refused*1000 > n || titled*1000 > n {
		t.Errorf("refused %d, titled %d of %d: want at most 0.1%% each", refused, titled, n)
	}
}
