package article

import (
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
