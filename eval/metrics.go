package eval

import (
	"math"
	"sort"
)

// None is the label of "no event predicted" (as a prediction) or "no event
// expected" (as gold, for distractor texts).
const None = ""

// Confusion counts gold labels against predicted labels. A predicted label
// of None is a miss; a gold label of None is a text where no event of the
// scored labels should be found. The zero Confusion is ready to use.
type Confusion struct {
	counts   map[[2]string]int
	examples map[[2]string][]string
}

// MaxExamples is how many row ids a Confusion keeps per cell.
const MaxExamples = 3

// Add counts one row.
func (c *Confusion) Add(gold, pred string) {
	if c.counts == nil {
		c.counts = map[[2]string]int{}
	}
	c.counts[[2]string{gold, pred}]++
}

// AddRow counts one row and keeps its id as an example of its cell (the
// first MaxExamples ids of each cell are kept).
func (c *Confusion) AddRow(gold, pred, id string) {
	c.Add(gold, pred)
	if c.examples == nil {
		c.examples = map[[2]string][]string{}
	}
	k := [2]string{gold, pred}
	if len(c.examples[k]) < MaxExamples {
		c.examples[k] = append(c.examples[k], id)
	}
}

// Count returns how many rows had the given gold and predicted labels.
func (c *Confusion) Count(gold, pred string) int { return c.counts[[2]string{gold, pred}] }

// ClassScore is precision, recall and F1 of one label.
type ClassScore struct {
	Label     string  `json:"label"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Support   int     `json:"support"` // gold rows with this label: TP+FN
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Scores returns the score of each label in labels, in that order. Rows
// whose gold or predicted label is not in labels count only against the
// labels they name: a prediction of an unscored label is a miss for the
// gold label.
func (c *Confusion) Scores(labels []string) []ClassScore {
	out := make([]ClassScore, len(labels))
	for i, l := range labels {
		s := ClassScore{Label: l}
		for k, n := range c.counts {
			switch {
			case k[0] == l && k[1] == l:
				s.TP += n
			case k[1] == l:
				s.FP += n
			case k[0] == l:
				s.FN += n
			}
		}
		s.Support = s.TP + s.FN
		s.Precision, s.Recall, s.F1 = prf(s.TP, s.FP, s.FN)
		out[i] = s
	}
	return out
}

// Averages are the summary figures of a confusion over a set of labels.
type Averages struct {
	// MicroPrecision, MicroRecall and MicroF1 pool the counts of every
	// label: TP are rows predicted with their gold label, FP rows predicted
	// with another scored label, FN scored gold rows not predicted right.
	MicroPrecision float64 `json:"micro_precision"`
	MicroRecall    float64 `json:"micro_recall"`
	MicroF1        float64 `json:"micro_f1"`
	// MacroF1 is the mean F1 of the labels that occur in the gold or the
	// predictions (scikit-learn's convention); MacroLabels is how many.
	MacroF1     float64 `json:"macro_f1"`
	MacroLabels int     `json:"macro_labels"`
	// Rows counts every row added, including those with unscored labels.
	Rows int `json:"rows"`
}

// Average returns the micro and macro figures over labels.
func (c *Confusion) Average(labels []string) Averages {
	var a Averages
	var tp, fp, fn int
	var sumF1 float64
	for _, s := range c.Scores(labels) {
		tp += s.TP
		fp += s.FP
		fn += s.FN
		if s.TP+s.FP+s.FN > 0 {
			sumF1 += s.F1
			a.MacroLabels++
		}
	}
	a.MicroPrecision, a.MicroRecall, a.MicroF1 = prf(tp, fp, fn)
	if a.MacroLabels > 0 {
		a.MacroF1 = sumF1 / float64(a.MacroLabels)
	}
	for _, n := range c.counts {
		a.Rows += n
	}
	return a
}

// Pair is one cell of a confusion off its diagonal.
type Pair struct {
	Gold  string `json:"gold"`
	Pred  string `json:"pred"` // None: no event predicted
	Count int    `json:"count"`
	// Examples are ids of rows in this cell, when added with AddRow.
	Examples []string `json:"examples,omitempty"`
}

// TopConfusions returns the n most frequent errors (gold ≠ predicted),
// most frequent first, ties in label order.
func (c *Confusion) TopConfusions(n int) []Pair {
	var ps []Pair
	for k, v := range c.counts {
		if k[0] != k[1] {
			ps = append(ps, Pair{Gold: k[0], Pred: k[1], Count: v, Examples: c.examples[k]})
		}
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].Count != ps[j].Count {
			return ps[i].Count > ps[j].Count
		}
		if ps[i].Gold != ps[j].Gold {
			return ps[i].Gold < ps[j].Gold
		}
		return ps[i].Pred < ps[j].Pred
	})
	if len(ps) > n {
		ps = ps[:n]
	}
	return ps
}

// prf returns precision, recall and F1 from counts; each is 0 when its
// denominator is.
func prf(tp, fp, fn int) (p, r, f1 float64) {
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1
}

// earthRadiusKm is the mean radius of the Earth (IUGG).
const earthRadiusKm = 6371.0088

// HaversineKm returns the great-circle distance in kilometres between two
// points given in degrees.
func HaversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	s := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(s)))
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
