package gazetteer

import (
	"testing"
)

// FuzzScan checks that Scan, MentionAt and Resolve never panic and that
// every mention's offsets and text agree with the input.
func FuzzScan(f *testing.F) {
	g := testGazetteer(f)
	for _, s := range []string{
		"KYIV, Ukraine (AP) — Russian forces shelled Kharkiv.",
		"St. Louis, Mo. — U.S. officials in Côte d’Ivoire's capital",
		"Kəlbəcər\xff\xfe Şuşa ' ’s - -- .",
		"", "A", "'s", "Al-", "New York New York New York New York New York New York New",
	} {
		f.Add(s, 0, 5)
	}
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		ms := g.Scan(text)
		for _, m := range ms {
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End || text[m.Start:m.End] != m.Text {
				t.Fatalf("bad mention %+v in %q", m, text)
			}
			if len(m.Candidates) == 0 {
				t.Fatalf("mention %q without candidates", m.Text)
			}
		}
		rs := g.Resolve(ms, Context{Country: "AZE"})
		if len(rs) != len(ms) {
			t.Fatalf("Resolve gave %d for %d mentions", len(rs), len(ms))
		}
		m := g.MentionAt(text, start, end)
		if m.Text != "" && m.Text != text[start:end] {
			t.Fatalf("MentionAt(%d, %d) = %q", start, end, m.Text)
		}
		g.Lookup(text)
		g.Country(text)
	})
}
