package eval

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/truce-monitor/truce"
)

// FuzzReaders feeds arbitrary bytes to every loader: each must return rows
// or an error, never panic.
func FuzzReaders(f *testing.F) {
	for _, p := range []string{"testdata/acled.jsonl", "testdata/case.tsv", "testdata/ucdp.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("{\"id\":\"x\",\"text\":\"t\",\"gold\":{\"latitude\":\"\",\"fatalities\":null}}\n"))
	f.Add([]byte("id,source_article,latitude\n\"\"\"a,b\"\";\"\n"))
	dir := f.TempDir() // one per fuzzing process; inputs run one at a time
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"f.jsonl", "f.tsv", "f.csv", "f.txt"} {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		_, _ = ReadACLED(filepath.Join(dir, "f.jsonl"), 0)
		_, _ = ReadCase(filepath.Join(dir, "f.tsv"), 0)
		_, _ = ReadUCDP(filepath.Join(dir, "f.csv"), 0)
		_, _ = ReadNegatives(filepath.Join(dir, "f.txt"), 0)
	})
}

// FuzzSplitHeadlines checks that any source fields give headlines with
// text and a date.
func FuzzSplitHeadlines(f *testing.F) {
	f.Add(`"Wire,2014-08-14,Shelling kills four";"Other,2014-08-15,Four die"`, "a;b", "2014-08-14;2014-08-15")
	f.Add("", "Soldier killed;Army says", "2015-02-10")
	f.Add(`"MemoryBook,2014-09-02,Ilovaisk "`, "Ilovaisk", "bad")
	start := truce.MustDate("2014-01-01")
	f.Fuzz(func(t *testing.T, article, headlines, dates string) {
		for _, h := range splitHeadlines(article, headlines, dates, start) {
			if h.Text == "" || h.Published.IsZero() {
				t.Errorf("headline %+v from %q %q %q", h, article, headlines, dates)
			}
		}
	})
}
