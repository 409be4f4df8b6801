package article

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/neurosnap/sentences/english"
)

// TestCompareNeurosnap measures our splitter against neurosnap/sentences
// (the trained English Punkt model) on sentenceCases and fails if ours
// splits fewer paragraphs exactly right.
func TestCompareNeurosnap(t *testing.T) {
	tok, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		t.Fatal(err)
	}
	ours, theirs := 0, 0
	for _, tt := range sentenceCases {
		want := strings.Join(tt.want, "|")
		var got []string
		for _, s := range splitSentences(tt.text, 0, len(tt.text), 0, nil) {
			got = append(got, s.Text)
		}
		if strings.Join(got, "|") == want {
			ours++
		}
		got = got[:0]
		for _, s := range tok.Tokenize(tt.text) {
			if x := strings.TrimSpace(s.Text); x != "" {
				got = append(got, x)
			}
		}
		if strings.Join(got, "|") == want {
			theirs++
		} else {
			t.Logf("neurosnap: %q", got)
		}
	}
	t.Logf("paragraphs split exactly right: ours %d/%d, neurosnap %d/%d", ours, len(sentenceCases), theirs, len(sentenceCases))
	if ours < theirs {
		t.Errorf("our splitter is worse than neurosnap: %d < %d", ours, theirs)
	}
}

func BenchmarkNeurosnap(b *testing.B) {
	tok, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		b.Fatal(err)
	}
	data := seedSized(b)
	a, err := Read(data, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(a.Text)))
	n := 0
	for b.Loop() {
		n = len(tok.Tokenize(a.Text))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/sentence")
}

// eventLocationPath holds single news sentences (for internal evaluation
// only).
const eventLocationPath = "../../shared/eval/event_location/labeled_text.compact.jsonl"

// TestEvalSentenceBoundaries joins real news sentences five at a time into
// paragraphs and measures how well each splitter finds the joins:
// precision and recall of sentence ends, ours and neurosnap's. Entries that
// hold more than one sentence count against both alike.
func TestEvalSentenceBoundaries(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluation skipped in -short mode")
	}
	f, err := os.Open(eventLocationPath)
	if err != nil {
		t.Skip("evaluation data not present:", err)
	}
	defer f.Close()
	seen := map[string]bool{}
	var sents []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() && len(sents) < 5000 {
		var row struct {
			Text string `json:"text"`
		}
		if json.Unmarshal(sc.Bytes(), &row) != nil {
			continue
		}
		s := strings.Join(strings.Fields(row.Text), " ")
		if len(s) < 20 || seen[s] || !endsSentence(s) {
			continue
		}
		seen[s] = true
		sents = append(sents, s)
	}
	tok, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		t.Fatal(err)
	}
	type score struct{ tp, fp, fn int }
	var ours, theirs score
	count := func(sc *score, gold map[int]bool, ends []int) {
		got := map[int]bool{}
		for _, e := range ends {
			got[e] = true
			if gold[e] {
				sc.tp++
			} else {
				sc.fp++
			}
		}
		for e := range gold {
			if !got[e] {
				sc.fn++
			}
		}
	}
	for i := 0; i+5 <= len(sents); i += 5 {
		para := strings.Join(sents[i:i+5], " ")
		gold := map[int]bool{}
		off := 0
		for _, s := range sents[i : i+5] {
			off += len(s)
			gold[off] = true
			off++
		}
		var ends []int
		for _, s := range splitSentences(para, 0, len(para), 0, nil) {
			ends = append(ends, s.End)
		}
		count(&ours, gold, ends)
		if os.Getenv("EVAL_SHOW") != "" {
			got := map[int]bool{}
			for _, e := range ends {
				got[e] = true
				if !gold[e] {
					t.Logf("false end: %q", para[max(0, e-50):min(len(para), e+30)])
				}
			}
			for e := range gold {
				if !got[e] {
					t.Logf("missed end: %q", para[max(0, e-50):min(len(para), e+30)])
				}
			}
		}
		ends = ends[:0]
		pos := 0
		for _, s := range tok.Tokenize(para) {
			x := strings.TrimSpace(s.Text)
			if x == "" {
				continue
			}
			j := strings.Index(para[pos:], x)
			if j < 0 {
				continue
			}
			pos += j + len(x)
			ends = append(ends, pos)
		}
		count(&theirs, gold, ends)
	}
	pr := func(s score) (float64, float64) {
		return 100 * float64(s.tp) / float64(max(s.tp+s.fp, 1)), 100 * float64(s.tp) / float64(max(s.tp+s.fn, 1))
	}
	p1, r1 := pr(ours)
	p2, r2 := pr(theirs)
	t.Logf("%d news sentences in paragraphs of 5: ours precision %.1f%% recall %.1f%%; neurosnap precision %.1f%% recall %.1f%%", len(sents)/5*5, p1, r1, p2, r2)
	if p1+r1 < p2+r2 {
		t.Errorf("our splitter scores below neurosnap's")
	}
}
