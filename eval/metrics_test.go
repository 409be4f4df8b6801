package eval

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestConfusionAverage(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred []string
		labels     []string
		p, r, f1   float64 // micro
		macro      float64
		macroN     int
	}{
		{
			name: "all right", gold: []string{"A", "B", "C"}, pred: []string{"A", "B", "C"},
			labels: []string{"A", "B", "C"}, p: 1, r: 1, f1: 1, macro: 1, macroN: 3,
		},
		{
			// A: TP1 FN1 → F1 2/3; B: TP1 FP1 FN1 → 1/2; C: TP1 → 1.
			name: "one wrong one missed", gold: []string{"A", "A", "B", "B", "C"}, pred: []string{"A", "B", "B", None, "C"},
			labels: []string{"A", "B", "C"}, p: 0.75, r: 0.6, f1: 2 * 0.75 * 0.6 / 1.35, macro: (2.0/3 + 0.5 + 1) / 3, macroN: 3,
		},
		{
			name: "nothing predicted", gold: []string{"A", "B"}, pred: []string{None, None},
			labels: []string{"A", "B", "C"}, p: 0, r: 0, f1: 0, macro: 0, macroN: 2,
		},
		{
			// A label only predicted counts in macro with F1 0.
			name: "predicted label absent from gold", gold: []string{"A", "A"}, pred: []string{"A", "C"},
			labels: []string{"A", "B", "C"}, p: 0.5, r: 0.5, f1: 0.5, macro: (2.0 / 3) / 2, macroN: 2,
		},
		{
			// Distractors (gold None) add false positives only.
			name: "distractors", gold: []string{"A", None, None}, pred: []string{"A", "A", None},
			labels: []string{"A"}, p: 0.5, r: 1, f1: 2.0 / 3, macro: 2.0 / 3, macroN: 1,
		},
		{
			name: "empty", labels: []string{"A"}, macroN: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Confusion
			for i := range tt.gold {
				c.Add(tt.gold[i], tt.pred[i])
			}
			a := c.Average(tt.labels)
			if !near(a.MicroPrecision, tt.p, 1e-9) || !near(a.MicroRecall, tt.r, 1e-9) || !near(a.MicroF1, tt.f1, 1e-9) {
				t.Errorf("micro = %.4f/%.4f/%.4f, want %.4f/%.4f/%.4f", a.MicroPrecision, a.MicroRecall, a.MicroF1, tt.p, tt.r, tt.f1)
			}
			if !near(a.MacroF1, tt.macro, 1e-9) || a.MacroLabels != tt.macroN {
				t.Errorf("macro = %.4f over %d, want %.4f over %d", a.MacroF1, a.MacroLabels, tt.macro, tt.macroN)
			}
			if a.Rows != len(tt.gold) {
				t.Errorf("rows = %d, want %d", a.Rows, len(tt.gold))
			}
		})
	}
}

func TestConfusionScores(t *testing.T) {
	var c Confusion
	for _, gp := range [][2]string{{"A", "A"}, {"A", "B"}, {"A", None}, {"B", "B"}, {None, "B"}} {
		c.Add(gp[0], gp[1])
	}
	want := []ClassScore{
		{Label: "A", TP: 1, FP: 0, FN: 2, Support: 3, Precision: 1, Recall: 1.0 / 3, F1: 0.5},
		{Label: "B", TP: 1, FP: 2, FN: 0, Support: 1, Precision: 1.0 / 3, Recall: 1, F1: 0.5},
	}
	got := c.Scores([]string{"A", "B"})
	for i, w := range want {
		g := got[i]
		if g.Label != w.Label || g.TP != w.TP || g.FP != w.FP || g.FN != w.FN || g.Support != w.Support ||
			!near(g.Precision, w.Precision, 1e-9) || !near(g.Recall, w.Recall, 1e-9) || !near(g.F1, w.F1, 1e-9) {
			t.Errorf("score %d = %+v, want %+v", i, g, w)
		}
	}
	top := c.TopConfusions(2)
	if len(top) != 2 || top[0].Gold != None || top[0].Pred != "B" || top[0].Count != 1 ||
		top[1].Gold != "A" || top[1].Pred != None || top[1].Count != 1 {
		t.Errorf("TopConfusions(2) = %+v", top)
	}
}

func TestConfusionExamples(t *testing.T) {
	var c Confusion
	for i, gp := range [][2]string{{"A", "B"}, {"A", "B"}, {"A", "B"}, {"A", "B"}, {"A", "A"}, {"B", "A"}} {
		c.AddRow(gp[0], gp[1], fmt.Sprint("row", i))
	}
	top := c.TopConfusions(5)
	if len(top) != 2 || top[0].Count != 4 || strings.Join(top[0].Examples, ",") != "row0,row1,row2" ||
		strings.Join(top[1].Examples, ",") != "row5" {
		t.Errorf("TopConfusions = %+v", top)
	}
}

func TestHaversineKm(t *testing.T) {
	deg := earthRadiusKm * math.Pi / 180 // one degree of a great circle
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tol              float64
	}{
		{"same point", 40.18, 44.51, 40.18, 44.51, 0, 1e-9},
		{"one degree of latitude", 40, 46, 41, 46, deg, 1e-6},
		{"one degree of longitude on the equator", 0, 10, 0, 11, deg, 1e-6},
		{"antipodes", 0, 0, 0, 180, math.Pi * earthRadiusKm, 1e-6},
		{"across the antimeridian", 0, 179.5, 0, -179.5, deg, 1e-6},
		// Yerevan to Stepanakert: about 195 km as the crow flies.
		{"Yerevan to Stepanakert", 40.1811, 44.5136, 39.8153, 46.7519, 195, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HaversineKm(tt.lat1, tt.lon1, tt.lat2, tt.lon2); !near(got, tt.want, tt.tol) {
				t.Errorf("HaversineKm = %.4f, want %.4f ± %g", got, tt.want, tt.tol)
			}
		})
	}
}

func TestRatio(t *testing.T) {
	var r Ratio
	if r.Rate() != 0 || r.String() != "n/a (0/0)" {
		t.Errorf("zero Ratio = %v %q", r.Rate(), r.String())
	}
	for _, ok := range []bool{true, false, true, true} {
		r.Add(ok)
	}
	if r.Hit != 3 || r.Total != 4 || r.Rate() != 0.75 || r.String() != "0.750 (3/4)" {
		t.Errorf("Ratio = %+v %q", r, r.String())
	}
}

func BenchmarkConfusionAverage(b *testing.B) {
	labels := subTypeLabels()
	var c Confusion
	for i := range 20000 {
		c.Add(labels[i%len(labels)], labels[(i*7)%len(labels)])
	}
	for b.Loop() {
		c.Average(labels)
	}
}

func BenchmarkHaversineKm(b *testing.B) {
	var sum float64
	for b.Loop() {
		sum += HaversineKm(40.1811, 44.5136, 39.8153, 46.7519)
	}
	_ = sum
}

func TestSpread(t *testing.T) {
	rows := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	tests := []struct {
		n    int
		want string
	}{
		{0, "[0 1 2 3 4 5 6 7 8 9]"},
		{20, "[0 1 2 3 4 5 6 7 8 9]"},
		{5, "[0 2 4 6 8]"},
		{3, "[0 3 6]"},
		{1, "[0]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(spread(rows, tt.n)); got != tt.want {
			t.Errorf("spread(10 rows, %d) = %s, want %s", tt.n, got, tt.want)
		}
	}
}
