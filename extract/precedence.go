package extract

import "strings"

// ACLED's codebook rules that decide between neighbouring sub-event types
// from the words around a trigger: a suicide bomber stopped or blowing
// himself up in a battle (armed clash, not a suicide bomb), and lethal
// force turned on peaceful protesters (excessive force, not a protest
// with intervention).

// protestNouns name protesters or their protest.
var protestNouns = map[string]bool{
	"protesters": true, "protestors": true, "protester": true, "protestor": true,
	"demonstrators": true, "demonstrator": true, "marchers": true, "protest": true,
	"protests": true, "demonstration": true, "demonstrations": true, "march": true,
	"rally": true, "crowd": true, "crowds": true, "sit-in": true,
}

// forceVerbs are lethal or severe violence done to the protest that
// follows them ("opened fire on protesters", "killing a protester").
var forceVerbs = map[string]bool{
	"fire": true, "fired": true, "firing": true, "shot": true, "shooting": true, "shoot": true,
	"attacked": true, "attacking": true, "attack": true, "attacks": true, "killed": true,
	"killing": true, "beat": true, "beating": true, "stabbed": true, "suppressed": true,
	"crushed": true, "crackdown": true, "gunned": true,
}

// forcePassives are the same violence told after its victims ("protesters
// were shot", "four protesters died from gunfire").
var forcePassives = map[string]bool{
	"killed": true, "shot": true, "died": true, "dead": true, "stabbed": true, "gunned": true,
	"beaten": true,
}

// passiveAux may stand between the protesters and what was done to them.
var passiveAux = map[string]bool{
	"were": true, "was": true, "have": true, "has": true, "had": true, "been": true,
	"reportedly": true, "allegedly": true, "later": true, "also": true,
}

// nonLethal are the crowd-control means ACLED codes as an intervention,
// not as excessive force.
var nonLethal = map[string]bool{
	"tear": true, "teargas": true, "gas": true, "rubber": true, "water": true, "pepper": true,
	"stun": true, "smoke": true, "batons": true, "lathi": true, "sticks": true,
}

// reasonWords open the clause a protest gives as its cause ("over the
// killing of", "demanding justice for"): the violence there is not the
// protest's.
var reasonWords = map[string]bool{
	"over": true, "against": true, "following": true, "after": true, "for": true,
	"condemning": true, "condemn": true, "denouncing": true, "denounce": true,
	"commemorate": true, "commemorating": true, "justice": true, "anniversary": true,
	"memory": true, "accused": true, "alleged": true, "allegedly": true, "of": true,
}

// forceOnProtesters reports lethal or severe force used on a protest:
// live fire, a force verb whose object within four words is the protest,
// or protesters killed or shot. The violence must not be the protest's
// cause, nor done by the protesters ("beaten up by demonstrators"), nor
// tear gas and rubber bullets only.
func forceOnProtesters(toks []token) bool {
	for i, t := range toks {
		switch t.text {
		case "live":
			if i+1 < len(toks) {
				switch toks[i+1].text {
				case "ammunition", "fire", "rounds", "bullets":
					return true
				}
			}
		case "excessive":
			if i+1 < len(toks) && toks[i+1].text == "force" {
				return true
			}
		case "violently", "brutally":
			if i+1 < len(toks) && !toks[i+1].punct && !reasonBefore(toks, i) {
				return true
			}
		}
		if !protestNouns[t.text] {
			continue
		}
		// a force verb before the protest
		for k := i - 1; k >= 0 && k >= i-4; k-- {
			w := toks[k]
			if w.punct || nonLethal[w.text] || k < i-1 && !forceObjectWord(toks[k+1]) {
				break // "beaten up by demonstrators", "shot dead held a protest"
			}
			if forceVerbs[w.text] && !reasonBefore(toks, k) {
				if w.text == "fire" && (k == 0 || toks[k-1].text != "opened" && toks[k-1].text != "opening" && toks[k-1].text != "open") {
					continue
				}
				return true
			}
		}
		// the protesters as the victims told after
		if reasonBefore(toks, i) {
			continue
		}
		for k := i + 1; k < len(toks) && k <= i+4; k++ {
			w := toks[k]
			if w.punct || protestNouns[w.text] {
				break
			}
			if !forcePassives[w.text] && !passiveAux[w.text] {
				break // "the rally in Brasilia were beaten": someone else
			}
			if forcePassives[w.text] {
				if k+1 < len(toks) && toks[k+1].text == "by" && k+2 < len(toks) && nonLethal[toks[k+2].text] {
					break
				}
				return true
			}
		}
	}
	return false
}

// forceObjectWord reports a word that may stand between a force verb and
// the protest it is done to: "opened fire on the peaceful protesters",
// "killing a protester", "attacked the weekly march".
func forceObjectWord(t token) bool {
	if t.punct {
		return false
	}
	if t.digit || strings.HasPrefix(t.text, "anti-") || strings.HasPrefix(t.text, "pro-") {
		return true
	}
	switch t.text {
	case "on", "at", "upon", "into", "against", "the", "a", "an", "peaceful", "unarmed", "several",
		"some", "dozens", "hundreds", "of", "their", "weekly", "student", "students", "opposition",
		"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "one", "many",
		"up", "dead", "down", "and", "wounded", "injured":
		return true
	}
	return false
}

// reasonBefore reports a cause word within three words before i in its
// clause.
func reasonBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if toks[k].punct {
			return false
		}
		if reasonWords[toks[k].text] {
			return true
		}
	}
	return false
}

// battleWords tell that a suicide blast happened in a fight with forces.
var battleWords = map[string]bool{
	"fighting": true, "clash": true, "clashes": true, "firefight": true, "gunfight": true,
	"encounter": true, "shootout": true, "intercepted": true,
}

// stopWords are what forces do to a bomber before his attack.
var stopWords = map[string]bool{
	"killed": true, "shot": true, "intercepted": true, "arrested": true, "captured": true,
	"neutralised": true, "neutralized": true, "caught": true, "apprehended": true, "stopped": true,
}

// blastLinks join victims to the blast that killed them.
var blastLinks = map[string]bool{"in": true, "by": true, "when": true, "as": true, "after": true, "during": true, "from": true}

// suicideInBattle reports a suicide bomber stopped by forces ("forces
// killed 2 IS suicide bombers") or blowing himself up inside a fight
// ("during an exchange of fire", "when forces surrounded them"): ACLED
// codes both as an armed clash.
func suicideInBattle(toks []token) bool {
	for i, t := range toks {
		if battleWords[t.text] {
			return true
		}
		switch t.text {
		case "battle":
			// "in the midst of a battle", not "as forces battle the group"
			if i > 0 && (toks[i-1].text == "a" || toks[i-1].text == "the") {
				return true
			}
		case "fire":
			if i > 0 {
				switch toks[i-1].text {
				case "of", "opened":
					return true
				}
			}
			if i+1 < len(toks) && toks[i+1].text == "fight" {
				return true
			}
		case "fired":
			if i+1 < len(toks) && (toks[i+1].text == "at" || toks[i+1].text == "on" || toks[i+1].text == "upon") {
				return true
			}
		case "suicide":
			for k := i - 1; k >= 0 && k >= i-4; k-- {
				if toks[k].punct || blastLinks[toks[k].text] {
					break // "killed in a suicide attack": killed by it
				}
				if stopWords[toks[k].text] {
					return true
				}
			}
		}
	}
	return false
}

// violenceByProtesters reports violence whose agent is the protesters:
// "beaten up by demonstrators", "injured by protesters".
func violenceByProtesters(toks []token) bool {
	for i, t := range toks {
		if t.text != "by" || i == 0 {
			continue
		}
		hurt := false
		for k := i - 1; k >= 0 && k >= i-2; k-- {
			switch toks[k].text {
			case "beaten", "attacked", "injured", "wounded", "killed", "stabbed", "assaulted", "lynched", "damaged", "torched":
				hurt = true
			}
		}
		if !hurt {
			continue
		}
		for k := i + 1; k < len(toks) && k <= i+3; k++ {
			switch toks[k].text {
			case "protesters", "protestors", "demonstrators", "marchers", "rioters":
				return true
			}
			if toks[k].punct {
				break
			}
		}
	}
	return false
}
