package extract

import "github.com/truce-monitor/truce"

// confidence scores how likely an extracted event is right, from 0 to 1:
// the strength of its trigger, and whether its actors, place and date were
// found in the sentence rather than supplied from context.
func confidence(weight float64, hasActor, hasPlace, dated, attributed bool, status truce.Status) float64 {
	c := 0.25 + 0.1*weight // a strong trigger (weight 3.5) gives 0.6
	if hasActor {
		c += 0.12
	}
	if hasPlace {
		c += 0.08
	}
	if dated {
		c += 0.06
	}
	if attributed {
		c += 0.04
	}
	if status == truce.StatusDisputed {
		c -= 0.1
	}
	switch {
	case c < 0.05:
		c = 0.05
	case c > 0.97:
		c = 0.97
	}
	// two decimals keep the output stable and readable
	return float64(int(c*100+0.5)) / 100
}
