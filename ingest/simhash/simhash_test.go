package simhash

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// wire is a short wire-style report; the variants below are how outlets
// republish it.
const wire = `Azerbaijani troops entered the Aghdam district on Friday, the first of three districts Armenia is returning under the ceasefire agreement signed on Nov. 10, the Defence Ministry in Baku said.
Long columns of army trucks drove past the ruins of the town, which was abandoned in 1993. Many Armenian families left the villages of the district in the days before the handover, some setting fire to their houses.
Russian peacekeepers are deployed along the line of contact and the road to Armenia.`

func TestNearDuplicates(t *testing.T) {
	tests := []struct {
		name    string
		other   string
		nearDup bool
	}{
		{"same text", wire, true},
		{"case and punctuation", strings.ToUpper(strings.ReplaceAll(wire, ",", ";")), true},
		{"one word changed", strings.Replace(wire, "Long columns", "Columns", 1), true},
		{"outlet credit added", wire + "\nReporting by our correspondent in Baku; editing by the desk.", true},
		{"last paragraph cut", wire[:strings.LastIndex(wire, "\n")], true},
		{"independent report on the same day",
			`Armenia handed the Aghdam district back to Azerbaijan on Friday. Soldiers of Azerbaijan's army drove into the district in the afternoon, ending almost three decades of Armenian control over the area, and officials in Yerevan said the handover passed without incident.`, false},
		{"unrelated", `Protesters gathered outside the parliament in Yerevan for a third day, demanding the resignation of the prime minister over the terms of the ceasefire deal.`, false},
	}
	a := Shingles(wire)
	ha := Of(a)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Shingles(tt.other)
			d := Distance(ha, Of(b))
			r := Resemblance(a, b)
			got := d <= DefaultMaxDistance && r >= DefaultMinResemblance
			if got != tt.nearDup {
				t.Errorf("distance %d, resemblance %.2f: near-duplicate %v, want %v", d, r, got, tt.nearDup)
			}
		})
	}
}

func TestShingles(t *testing.T) {
	tests := []struct {
		text string
		n    int
	}{
		{"", 0},
		{"  ... ", 0},
		{"Kalbajar", 1},
		{"Kalbajar handed over", 1},
		{"Kalbajar handed over today", 2},
		{"a b c a b c a b c", 3}, // repeats counted once
	}
	for _, tt := range tests {
		if got := Shingles(tt.text); len(got) != tt.n {
			t.Errorf("Shingles(%q) has %d shingles, want %d", tt.text, len(got), tt.n)
		}
	}
	if Sum("Kəlbəcər handed over today") != Sum("KELBECER handed over, today!") {
		t.Error("folding: diacritics and case change the fingerprint")
	}
	if Sum("") != 0 {
		t.Error("empty text has a fingerprint")
	}
}

func TestResemblance(t *testing.T) {
	tests := []struct {
		a, b []uint64
		want float64
	}{
		{nil, nil, 0},
		{[]uint64{1, 2, 3}, []uint64{1, 2, 3}, 1},
		{[]uint64{1, 2, 3}, []uint64{4, 5}, 0},
		{[]uint64{1, 2, 3, 4}, []uint64{3, 4, 5, 6}, 2.0 / 6},
	}
	for _, tt := range tests {
		if got := Resemblance(tt.a, tt.b); got != tt.want {
			t.Errorf("Resemblance(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestIndexNear(t *testing.T) {
	var x Index
	x.Add(1, 0b1111)
	x.Add(2, 0b1110)
	x.Add(3, 0b0000_1111_0000)
	x.Add(4, 0) // ignored
	x.Add(5, 0b1111)
	got := x.Near(0b1111, 1, 0)
	ids := func(ms []Match) (out []int64) {
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	if got, want := ids(got), []int64{5, 1, 2}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Near = %v, want ids %v (nearest first, then newest)", got, want)
	}
	for limit, want := range map[int][]int64{1: {5}, 2: {5, 1}, 3: {5, 1, 2}} {
		if got := ids(x.Near(0b1111, 1, limit)); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("limit %d: %v, want %v", limit, got, want)
		}
	}
	if x.Len() != 4 {
		t.Errorf("Len = %d, want 4", x.Len())
	}
	if got := x.Near(0, 64, 0); got != nil {
		t.Errorf("Near(0) = %v", got)
	}
}

// TestRandomTextsAreFar checks the false-candidate rate: fingerprints of
// unrelated texts differ in about 32 bits, rarely in DefaultMaxDistance.
func TestRandomTextsAreFar(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields(wire)
	var x Index
	close := 0
	for i := range 2000 {
		var b strings.Builder
		for range 60 {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		h := Sum(b.String())
		close += len(x.Near(h, DefaultMaxDistance, 0))
		x.Add(int64(i), h)
	}
	if close > 2 {
		t.Errorf("%d pairs of 2,000 random texts within %d bits", close, DefaultMaxDistance)
	}
}

func BenchmarkSum(b *testing.B) {
	text := strings.Repeat(wire+"\n", 3)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sum(text)
	}
}

func BenchmarkNear100k(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	var x Index
	for i := range 100_000 {
		x.Add(int64(i), r.Uint64())
	}
	h := r.Uint64()
	for b.Loop() {
		x.Near(h, DefaultMaxDistance, 4)
	}
	b.ReportMetric(float64(x.Len()), "fingerprints")
}

// TestSketchEstimate: the sketch's estimate is near the exact resemblance
// for a copy, a lightly edited copy and an unrelated text.
func TestSketchEstimate(t *testing.T) {
	base := "Azerbaijani troops entered the Aghdam district on Friday, taking it over from Armenian forces under the ceasefire deal, the Defence Ministry in Baku said. Aghdam is the first of three districts that Armenia is returning to Azerbaijan."
	tests := []struct {
		name, other string
	}{
		{"same", base},
		{"edited", strings.Replace(base, "on Friday", "on Friday morning", 1) + " Reporting by the Baku bureau."},
		{"unrelated", "Protesters gathered outside the parliament in Yerevan on Wednesday to demand the resignation of the prime minister over the ceasefire terms, police said."},
	}
	for _, tc := range tests {
		a, b := Shingles(base), Shingles(tc.other)
		exact, est := Resemblance(a, b), SketchOf(a).Estimate(SketchOf(b))
		if d := exact - est; d > 0.3 || d < -0.3 {
			t.Errorf("%s: estimate %.2f, exact %.2f", tc.name, est, exact)
		}
	}
	if SketchOf(nil) != (Sketch{}) {
		t.Error("empty set: want the zero sketch")
	}
}
