package extract

import "strings"

// sayVerbs introduce a source's claim: "X said", "X reported".
var sayVerbs = map[string]bool{
	"said": true, "says": true, "reported": true, "reports": true, "claimed": true, "claims": true,
	"announced": true, "stated": true, "told": true, "confirmed": true, "alleged": true,
	"tweeted": true, "wrote": true, "added": true, "quoted": true, "insisted": true, "declared": true,
}

// pronouns make no useful claimant.
var pronouns = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "we": true, "i": true, "you": true, "who": true,
	"which": true, "that": true, "this": true, "footage": true, "video": true,
}

// attribution is who a sentence says made its claim.
type attribution struct {
	by         string // the claimant as written: "Azerbaijan's Defense Ministry"
	start, end int    // the claimant's tokens
}

// attribute finds the claimant of a sentence: "X said", "X said in a
// statement", "according to X", "claimed by X", "said X" after a quote.
func attribute(text string, base int, toks []token) (attribution, bool) {
	span := func(s, e int) (attribution, bool) {
		for s < e && (toks[s].text == "the" || toks[s].text == "a" || toks[s].text == "an" || toks[s].punct && toks[s].text != "'s") {
			s++
		}
		for e > s && toks[e-1].punct {
			e--
		}
		if s >= e || (e-s == 1 && pronouns[toks[s].text]) {
			return attribution{}, false
		}
		by := strings.TrimSpace(text[toks[s].start-base : toks[e-1].end-base])
		return attribution{by: by, start: s, end: e}, true
	}
	for i, t := range toks {
		switch {
		case t.text == "according" && i+1 < len(toks) && toks[i+1].text == "to":
			e := i + 2
			for e < len(toks) && !isBoundary(toks[e]) && e < i+14 {
				e++
			}
			return span(i+2, e)
		case (t.text == "claimed" || t.text == "reported") && i+1 < len(toks) && toks[i+1].text == "by":
			e := i + 2
			for e < len(toks) && !isBoundary(toks[e]) && e < i+10 {
				e++
			}
			return span(i+2, e)
		case t.text == "alleged" && i+1 < len(toks) && !toks[i+1].punct && !claimFollowers[toks[i+1].text]:
			// "detained forty alleged gang members": an adjective, no claim
		case sayVerbs[t.text] && i > 0:
			// after a closing quote: `..." said the ministry.`
			if prev := toks[i-1]; prev.text == "\"" || prev.text == "," {
				e := i + 1
				for e < len(toks) && !isBoundary(toks[e]) && e < i+10 {
					e++
				}
				if a, ok := span(i+1, e); ok {
					return a, true
				}
				continue
			}
			// skip auxiliaries: "X has said", "X was quoted"
			j := i - 1
			for j >= 0 && (toks[j].text == "has" || toks[j].text == "have" || toks[j].text == "had" || toks[j].text == "also" || toks[j].text == "later" || toks[j].text == "was" || toks[j].text == "were") {
				j--
			}
			s := j + 1
			for s > 0 && s > j-7 && !isBoundary(toks[s-1]) {
				s--
			}
			if a, ok := span(s, j+1); ok && a.end-a.start <= 6 {
				return a, true
			}
		}
	}
	return attribution{}, false
}

// claimFollowers may follow "alleged" used as a verb: "the group alleged
// that", "alleged in a statement".
var claimFollowers = map[string]bool{
	"that": true, "in": true, "on": true, "to": true, "the": true, "a": true, "an": true,
	"earlier": true, "later": true,
}

func isBoundary(t token) bool {
	if t.punct {
		return t.text != "'s" && t.text != "-" && t.text != "(" && t.text != ")"
	}
	return t.text == "that" || t.text == "on"
}
