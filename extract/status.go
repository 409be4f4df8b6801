package extract

import "github.com/truce-monitor/truce"

// plannedMarks before a trigger make the event planned, not occurred:
// "was expected to be handed over", "is due to", "must withdraw by",
// "will", "plans to".
var plannedMarks = map[string]bool{
	"will": true, "would": true, "shall": true, "expected": true, "due": true, "must": true,
	"plans": true, "plan": true, "planned": true, "planning": true, "scheduled": true,
	"intends": true, "intend": true, "intended": true, "set": true, "should": true,
	"stipulated": true, "stipulates": true, "required": true, "obliged": true, "deadline": true,
	"ahead": true, "upcoming": true, "threatened": true, "vowed": true, "pledged": true, "promised": true,
	"proposed": true, "calls": true, "called": true, "urged": true, "demanded": true, "may": true,
	"might": true, "could": true, "to": true,
}

// disputeMarks make an event disputed: a party denies it or it could not
// be verified.
var disputeMarks = map[string]bool{
	"denied": true, "denies": true, "deny": true, "rejected": true, "rejects": true, "refuted": true,
	"dismissed": true, "disputed": true, "unverified": true, "verified": true, "false": true, "fake": true,
	"baseless": true, "disinformation": true, "unconfirmed": true,
}

// statusOf decides whether the event of trigger tokens [ts, te) occurred,
// is planned or is disputed.
func statusOf(toks []token, ts, te int, d dateMention, dated bool, next []token) truce.Status {
	for _, t := range toks {
		if disputeMarks[t.text] {
			return truce.StatusDisputed
		}
	}
	// a denial in the following sentence ("Armenia denied the claim.")
	for i, t := range next {
		if i > 12 {
			break
		}
		if (t.text == "denied" || t.text == "rejected" || t.text == "refuted") && i+1 < len(next) {
			return truce.StatusDisputed
		}
	}
	// the verb group before the trigger: up to six words back, stopping
	// at a clause boundary
	for k := ts - 1; k >= 0 && k >= ts-6; k-- {
		w := toks[k].text
		if w == "," || w == ";" || w == "." || w == "\"" || w == "but" || w == "and" || w == "after" || w == "which" || w == "that" {
			break
		}
		if w == "to" {
			// "to" alone is no mark ("moved to"), but "to be handed over",
			// "agreed to hand over" are
			if k+1 < len(toks) && (toks[k+1].text == "be" || k+1 == ts) {
				if k > 0 && (plannedMarks[toks[k-1].text] || toks[k-1].text == "agreed" || toks[k-1].text == "is" || toks[k-1].text == "are" || toks[k-1].text == "was" || toks[k-1].text == "were") {
					return truce.StatusPlanned
				}
			}
			continue
		}
		if plannedMarks[w] {
			return truce.StatusPlanned
		}
	}
	if dated && (d.future || d.until) {
		return truce.StatusPlanned
	}
	return truce.StatusOccurred
}
