package agreement

import "github.com/truce-monitor/truce/fold"

// suggest returns the candidate closest to s when it is close enough to be
// a likely misspelling (edit distance of the folded names at most a third
// of the name's length, and at least 1), or "".
func suggest(s string, candidates []string) string {
	key := fold.Key(s)
	if key == "" {
		return ""
	}
	limit := max(1, len([]rune(key))/3)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		d := distance(key, fold.Key(c), bestDist)
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, counted in runes;
// it gives up and returns bound once the distance reaches bound.
func distance(a, b string, bound int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= bound || -d >= bound {
		return bound
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= bound {
			return bound
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
