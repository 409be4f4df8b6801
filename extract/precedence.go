package extract

import (
	"strings"

	"github.com/truce-monitor/truce"
)

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

// lethalWords tell that crowd control killed or used live fire.
var lethalWords = map[string]bool{
	"live": true, "killed": true, "killing": true, "dead": true, "died": true, "death": true,
	"deaths": true, "bullets": true, "gunfire": true, "stabbed": true,
}

// lethal reports a lethal word, "rubber bullets" aside.
func lethal(toks []token) bool {
	for i, t := range toks {
		if !lethalWords[t.text] {
			continue
		}
		if t.text == "bullets" && i > 0 && (toks[i-1].text == "rubber" || toks[i-1].text == "plastic" || toks[i-1].text == "rubber-coated") {
			continue
		}
		if t.text == "live" && intoAir(toks, i+2) {
			continue // "fired live ammunition into the air": a warning
		}
		return true
	}
	return false
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
	f := forceOn(toks)
	return f == forceSevere
}

// kinds of force on a protest (forceOn).
const (
	forceNone    = iota
	forceAssault // attacked, with no one reported hurt: an intervention
	forceSevere  // lethal or severe: excessive force
)

// assaultVerbs are force verbs that tell an attack on a protest but not
// its harm: "attacked the demonstration" is excessive force only when
// someone was hurt.
var assaultVerbs = map[string]bool{"attacked": true, "attacking": true, "attack": true, "attacks": true}

// forceOn tells what force was used on a protest: severe (forceOnProtesters),
// an attack on it with no one reported hurt ("a councillor attacked the
// residents' protest": ACLED's protest with intervention), or none.
func forceOn(toks []token) int {
	if spanHas(toks, nonLethal) && !lethal(toks) {
		return forceNone // "suppressed the march by firing rubber bullets and tear gas"
	}
	for i, t := range toks {
		switch t.text {
		case "live":
			if i+1 < len(toks) && !intoAir(toks, i+2) {
				switch toks[i+1].text {
				case "ammunition", "fire", "rounds", "bullets":
					return forceSevere
				}
			}
		case "excessive":
			if i+1 < len(toks) && toks[i+1].text == "force" {
				return forceSevere
			}
		case "violently", "brutally":
			if i+1 < len(toks) && !toks[i+1].punct && !reasonBefore(toks, i) {
				return forceSevere
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
				if assaultVerbs[w.text] && !harmed(toks) && !lethal(toks) {
					return forceAssault // "attacked the protest", no one hurt
				}
				return forceSevere
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
				return forceSevere
			}
		}
	}
	return forceNone
}

// intoAir reports "into the air" or "in the air" from i: shots fired as a
// warning, at no one.
func intoAir(toks []token, i int) bool {
	if i < len(toks) && (toks[i].text == "into" || toks[i].text == "in") {
		i++
		if i < len(toks) && toks[i].text == "the" {
			i++
		}
		return i < len(toks) && (toks[i].text == "air" || toks[i].text == "sky")
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

// goods kinds a capture verb may take instead of territory.
const (
	goodsNone = iota
	goodsLand
	goodsOther
	goodsWeapons
)

// landWords are property seized: looting, not territory taken.
var landWords = map[string]bool{
	"land": true, "lands": true, "farmland": true, "property": true, "properties": true,
	"houses": true, "house": true, "homes": true, "shops": true, "crops": true, "harvest": true,
}

// goodsWords are things seized that are neither territory nor weapons.
var goodsWords = map[string]bool{
	"marijuana": true, "cannabis": true, "cocaine": true, "heroin": true, "drugs": true, "narcotics": true,
	"pills": true, "tablets": true, "methamphetamine": true, "shabu": true, "opium": true, "hashish": true,
	"cigarettes": true, "tons": true, "ton": true, "kg": true, "kilograms": true, "kilos": true,
	"food": true, "foods": true, "goods": true, "livestock": true, "cattle": true, "cows": true,
	"goats": true, "sheep": true, "camels": true, "money": true, "cash": true, "vehicles": true,
	"vehicle": true, "car": true, "cars": true, "truck": true, "trucks": true, "motorcycles": true,
	"phones": true, "documents": true, "passports": true, "fuel": true, "timber": true, "sachet": true,
	"contraband": true, "gold": true, "belongings": true, "items": true, "boats": true, "boat": true,
	"mill": true, "mine": true, "motorbike": true, "motorbikes": true, "counterfeit": true,
	"cosmetics": true, "products": true, "smuggled": true, "shipment": true, "cargo": true,
}

// goodsObject reports what a capture verb ending at i takes when it is no
// territory: its object within twelve words ("seized on the BR-116
// highway 1 ton of marijuana"), up to a territory noun.
func goodsObject(toks []token, i int) int {
	for k := i; k < len(toks) && k < i+12; k++ {
		t := toks[k]
		if t.punct && t.text != "(" && t.text != ")" && t.text != "," || t.text == "and" && k > i+1 {
			return goodsNone
		}
		switch {
		case landWords[t.text]:
			return goodsLand
		case goodsWords[t.text]:
			return goodsOther
		case weaponWords[t.text]:
			return goodsWeapons
		}
		switch t.text {
		case "control", "town", "village", "villages", "city", "district", "area", "areas", "base", "positions",
			"position", "hill", "hills", "hilltops", "checkpoint", "post", "stronghold", "region":
			return goodsNone
		}
	}
	return goodsNone
}

// weaponWords are arms seized: disrupted weapons use, not territory.
var weaponWords = map[string]bool{
	"weapons": true, "arms": true, "ammunition": true, "rifle": true, "rifles": true, "pistol": true,
	"pistols": true, "guns": true, "gun": true, "grenades": true, "hand-grenades": true, "explosives": true,
	"ak-47": true, "ak47": true, "mortars": true, "rockets": true, "munitions": true,
}

// captureNeedsPlace reports capture verbs that take people and things as
// often as places: they count only before a place.
func captureNeedsPlace(w string) bool {
	switch w {
	case "freed", "recovered", "reclaimed", "liberated":
		return true
	}
	return false
}

// territoryAfter reports a place or a territory noun within three words
// after i: "recovered the village", "liberated Kherson".
func territoryAfter(toks []token, i int) bool {
	for k := i; k < len(toks) && k < i+4; k++ {
		t := toks[k]
		if t.punct {
			return false
		}
		if t.cap {
			return true
		}
		switch t.text {
		case "village", "villages", "town", "towns", "city", "cities", "district", "districts", "area", "areas",
			"region", "regions", "province", "provinces", "territory", "territories", "positions", "position",
			"hill", "hills", "hilltop", "hilltops", "heights", "base", "bases", "checkpoint", "checkpoints", "post", "posts", "front",
			"frontline", "settlement", "control", "border", "camp", "camps", "stronghold", "strongholds", "bastion", "port", "points", "localities", "locality",
			"outpost", "outposts", "castle", "fort", "barracks", "crossing", "airport", "gains":
			return true
		}
	}
	return false
}

// adjectivePrev are words before a participle used as an adjective.
var adjectivePrev = map[string]bool{"the": true, "in": true, "of": true, "an": true, "a": true, "israeli-occupied": true}

// personWords are people that can be captured.
var personWords = map[string]bool{
	"rebels": true, "rebel": true, "soldiers": true, "soldier": true, "fighters": true, "militants": true,
	"militant": true, "members": true, "servicemen": true, "men": true, "officers": true, "suspects": true,
	"gunmen": true, "insurgents": true, "people": true, "civilians": true, "troops": true, "commander": true,
	"nationals": true, "migrants": true, "smugglers": true, "individuals": true,
}

// personSubject reports a passive capture whose subject is people: "3 PKK
// militants were killed, injured or captured".
func personSubject(toks []token, i int) bool {
	passive := false
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		switch t := toks[k].text; {
		case t == "to" && !passive:
			return false // "troops were able to capture": an infinitive, active
		case t == "were" || t == "was" || t == "been":
			passive = true
		case personWords[t]:
			return passive
		case toks[k].punct && t != ",":
			return false
		}
	}
	return false
}

// protestHit reports a protest trigger among the hits.
func protestHit(hits []hit) bool {
	for _, h := range hits {
		if triggers[h.id].flags&tProtest != 0 {
			return true
		}
	}
	return false
}

// arrestBackground reports an arrest word that tells background, not the
// event: "had previously been detained", "an arrest warrant", "during an
// arrest raid".
func arrestBackground(toks []token, h hit) bool {
	if h.end < len(toks) {
		switch toks[h.end].text {
		case "warrant", "warrants", "raid", "raids", "operation":
			return true
		}
	}
	if h.start > 0 && toks[h.start-1].text == "to" {
		for k := h.start - 2; k >= 0 && k >= h.start-4; k-- {
			switch toks[k].text {
			case "went", "go", "going", "came", "arrived", "rushed", "tried", "trying", "attempted", "attempting", "sought":
				return true // "went there to arrest a suspect": the purpose, not the act
			}
		}
	}
	for k := h.start - 1; k >= 0 && k >= h.start-3; k-- {
		switch toks[k].text {
		case "previously", "recently", "formerly", "had":
			return true
		}
		if toks[k].punct {
			break
		}
	}
	return false
}

// arrestFollowUp reports a later sentence's arrest told as the sequel of
// the report's happening ("Three people were arrested.", "Police later
// arrested three youths in this connection"): ACLED codes the happening,
// not the arrests after it.
func arrestFollowUp(toks []token) bool {
	for i, t := range toks {
		switch t.text {
		case "later", "subsequently", "connection", "relation", "so", "suspects", "suspect", "perpetrator", "perpetrators":
			return true
		case "arrested", "detained", "apprehended":
			if i > 0 && (toks[i-1].text == "were" || toks[i-1].text == "was" || toks[i-1].text == "been") {
				return true
			}
		}
	}
	return false
}

// gunfightWords name an exchange of gunfire: fighting with arms whether or
// not a weapon or a force is named beside them.
var gunfightWords = map[string]bool{
	"shoot-out": true, "shootout": true, "shoot-outs": true, "shootouts": true, "gunfight": true,
	"gunbattle": true, "gun-battle": true, "firefight": true, "gunfire": true,
}

// killedByArmed reports a killing whose agent, after "by", is armed and
// whose victims, before the trigger, are not: "a village head was killed
// by the Naxals".
func killedByArmed(toks []token, h hit, acts []actorHit) bool {
	agent := false
	for _, a := range acts {
		switch {
		case a.start >= h.end && a.start <= h.end+4 && armed(a.entry.kind):
			agent = true
		}
	}
	if !agent || h.end >= len(toks) || toks[h.end].text != "by" && (h.end+1 >= len(toks) || toks[h.end+1].text != "by") {
		return false
	}
	return !armedVictim(toks, h.start, acts)
}

// murderWords are killings that are never accidents.
var murderWords = map[string]bool{
	"murdered": true, "hacked": true, "death": true, "alive": true, "stabbed": true,
	"lynched": true, "assassinated": true, "beheaded": true, "strangled": true,
}

// armedVictim reports an armed actor or an armed person's word before the
// trigger at i: the victims bear arms.
func armedVictim(toks []token, i int, acts []actorHit) bool {
	for _, a := range acts {
		if a.start < i && armed(a.entry.kind) {
			return true
		}
	}
	for k := 0; k < i; k++ {
		if personWords[toks[k].text] && toks[k].text != "people" && toks[k].text != "men" && toks[k].text != "civilians" {
			return true // soldiers, militants, officers
		}
		switch toks[k].text {
		case "police", "policeman", "policemen", "army", "troops", "jawans", "guard", "guards", "personnel",
			"member", "security", "arbaki", "arbakis", "militiaman", "militiamen", "officer", "constable",
			"fighter", "soldier", "commander", "serviceman", "militia":
			return true
		}
	}
	return false
}

// violatedBefore reports a breach word within three words before an
// agreement noun at i: "violated the ceasefire", "broke the truce".
func violatedBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch toks[k].text {
		case "violated", "violating", "violates", "violate", "broke", "breaking", "breached", "breaching",
			"violation", "violations", "breach", "breaches":
			return true
		}
		if toks[k].punct {
			return false
		}
	}
	return false
}

// governmentSide reports words that put the actor taking a place on the
// government's side: ACLED codes pro-government forces' gains as the
// government regaining territory.
func governmentSide(toks []token) bool {
	for i, t := range toks {
		switch t.text {
		case "pro-government", "government-backed", "government-allied", "pro-regime", "loyalist",
			"loyalists", "pro-hadi", "pro-gna":
			return true
		case "resistance":
			// Yemen's Popular, Southern and Tihama Resistance fight for the
			// government (not Gaza's Popular Resistance Committees)
			if i > 0 && resistanceNames[toks[i-1].text] && (i+1 == len(toks) || toks[i+1].text != "committees") {
				return true
			}
		}
	}
	return false
}

// resistanceNames open the names of militias allied to Yemen's government.
var resistanceNames = map[string]bool{"popular": true, "southern": true, "tihama": true, "tihamah": true}

// mobWords name unorganised crowds: their violence is mob violence.
var mobWords = map[string]bool{
	"mob": true, "mobs": true, "locals": true, "residents": true, "villagers": true, "crowd": true,
	"crowds": true, "youths": true, "supporters": true, "communities": true, "community": true,
	"inhabitants": true, "neighbours": true, "neighbors": true,
}

// mobAgent reports a crowd as the agent of the trigger at i: its subject
// ("a group of people attacked", "two village groups clashed") or, in the
// passive, after "by" ("a thief was beaten up by locals").
func mobAgent(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch toks[k].text {
		case "was", "were", "been", "being":
			for j := i; j < len(toks) && j < i+4; j++ {
				if toks[j].text != "by" {
					continue
				}
				for m := j + 1; m < len(toks) && m <= j+4; m++ {
					if mobWords[toks[m].text] || isGroupOf(toks, m) || rivalGroups(toks, m) {
						return true
					}
				}
			}
			return false
		}
	}
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		if subordinators[toks[k].text] {
			return false // "residents lamented ... after hoodlums attacked them"
		}
		if (mobWords[toks[k].text] || isGroupOf(toks, k) || rivalGroups(toks, k)) && (k == 0 || !victimPreps[toks[k-1].text]) {
			return true
		}
	}
	return false
}

// rivalGroups reports "two groups", "rival groups", "village groups" at k:
// groups of people, not armed groups.
func rivalGroups(toks []token, k int) bool {
	if toks[k].text != "groups" || k == 0 {
		return false
	}
	switch toks[k-1].text {
	case "two", "three", "rival", "several", "both", "opposing", "village", "community", "youth":
		return true
	}
	return false
}

// subordinators open a clause of its own between a subject and a verb.
var subordinators = map[string]bool{
	"after": true, "when": true, "as": true, "because": true, "since": true, "while": true,
	"following": true, "that": true, "who": true, "whom": true, "which": true,
}

// victimPreps put the crowd word after them in a victim's place.
var victimPreps = map[string]bool{"against": true, "on": true, "at": true, "of": true, "to": true, "with": true}

// isGroupOf reports "group of" at k, not preceded by "armed".
func isGroupOf(toks []token, k int) bool {
	return toks[k].text == "group" && k+1 < len(toks) && toks[k+1].text == "of" && (k == 0 || toks[k-1].text != "armed")
}

// settlerWords: settlers' violence is coded to them as an organised group.
var settlerWords = map[string]bool{"settlers": true, "settler": true}

// upgradeProtest raises a protest event to what a following sentence
// tells of it: police intervening or arresting (protest with
// intervention), lethal force (excessive force), violence by the
// protesters (violent demonstration). ACLED codes a protest by the worst
// that happened at it.
func upgradeProtest(e *Event, toks []token, cs cue) {
	to := e.SubType
	switch {
	case cs&cueViolentDemo != 0 || violenceByProtesters(toks):
		to = truce.ViolentDemonstration
	case forceOnProtesters(toks):
		to = truce.ExcessiveForceProtesters
	case cs&cueIntervene != 0 || spanHas(toks, arrestWords):
		if !spanHas(toks, crowdControlWords) && (aboutArrest(e.Evidence.Text) || len(toks) > 0 && pronounSubjects[toks[0].text]) {
			break // "protested against the arrest of the editor. He was arrested in…": the cause
		}
		to = truce.ProtestWithIntervention
	}
	if to == truce.ExcessiveForceProtesters && e.SubType == truce.ViolentDemonstration {
		return // violent protesters make a violent demonstration, whatever was done to them
	}
	if protestSeverity[to] > protestSeverity[e.SubType] {
		e.SubType, e.Type = to, to.Type()
	}
}

// arrestWords tell that people were arrested.
var arrestWords = map[string]bool{
	"arrested": true, "arrests": true, "detained": true, "apprehended": true, "detentions": true,
}

// pronounSubjects open a sentence about one person, not the crowd.
var pronounSubjects = map[string]bool{"he": true, "she": true, "his": true, "her": true}

// aboutArrest reports a protest told as being against an arrest or a
// detention: arrests told after it are its cause, not an intervention.
func aboutArrest(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "arrest") || strings.Contains(s, "detain") || strings.Contains(s, "detention") || strings.Contains(s, "release of")
}

// causeWords introduce what a protest is against or for.
var causeWords = map[string]bool{
	"against": true, "over": true, "condemning": true, "condemn": true, "denouncing": true, "denounce": true,
	"demanding": true, "demand": true, "demanded": true, "penalizing": true, "penalising": true,
	"charges": true, "alleged": true, "allegedly": true, "justice": true, "protesting": true, "for": true,
	"since": true, "accused": true,
}

// protestCause reports a trigger inside the cause of a protest told
// before it in the sentence: a protest trigger earlier, then a cause word
// within the eight words before this trigger.
func protestCause(toks []token, hits []hit, h hit) bool {
	prot, protAfter := false, false
	for _, p := range hits {
		if triggers[p.id].flags&tProtest != 0 && !monthMarch(toks, p) && !(toks[p.start].text == "gathered" && p.end-p.start == 1 && !spanHas(toks, demandWords)) {
			if p.end <= h.start {
				prot = true
			} else {
				protAfter = true
			}
		}
	}
	if protAfter && !prot {
		// "families who claim their children have been kidnapped continued
		// their sit-in": the violence told in the protesters' clause
		for k := h.start - 1; k >= 0 && k >= h.start-5; k-- {
			switch toks[k].text {
			case "who", "claim", "claimed", "claiming", "whose":
				return true
			}
		}
		return false
	}
	if !prot {
		return false
	}
	if h.start >= 2 && toks[h.start-1].text == "the" && toks[h.start-2].text == "of" && h.start >= 3 && protestNouns[toks[h.start-3].text] {
		return true // "in protest of the abduction"
	}
	for k := h.start - 1; k >= 0 && k >= h.start-8; k-- {
		if causeWords[toks[k].text] {
			return true
		}
		if toks[k].punct && toks[k].text != "," {
			return false
		}
	}
	return false
}

// gunfireWords tell of shooting beside a grenade: the attack is a fight
// with small arms, the grenade one of its weapons.
var gunfireWords = map[string]bool{
	"firearms": true, "gunfire": true, "gunshots": true, "rifles": true,
	"fire": true, "fired": true, "shooting": true, "shot": true,
}

// remnantWords tell that a blast came from a past war's leftovers or an
// accident: ACLED codes explosive remnants of war as other developments.
var remnantWords = map[string]bool{
	"leftover": true, "left-over": true, "remnant": true, "remnants": true, "accidentally": true,
	"accidental": true, "laid": true, "erw": true, "uxo": true,
}

// migrantWords are people who return across a border on their own.
var migrantWords = map[string]bool{
	"refugees": true, "migrants": true, "returnees": true, "displaced": true, "idps": true, "evacuees": true,
}

// captiveWords are people held and handed back.
var captiveWords = map[string]bool{
	"prisoners": true, "detainees": true, "captives": true, "hostages": true, "pows": true,
	"bodies": true, "remains": true, "civilians": true, "soldiers": true, "servicemen": true,
}

// peopleBefore reports people as what the verb at i acts on, in the few
// words before it ("12 Azerbaijanis were returned", "the prisoners have
// been returned"): captives, or a counted people ("44 Armenians").
func peopleBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		t := toks[k]
		switch {
		case t.punct:
			return false
		case captiveWords[t.text]:
			return true
		case t.cap && strings.HasSuffix(t.text, "s") && k > 0 && toks[k-1].digit:
			return true
		}
	}
	return false
}

// underDeal reports a release told as a term of an agreement: "as part
// of the deal", "under the agreement", "in exchange for", "a swap". A
// release only meant to help a peace process is not one.
func underDeal(toks []token) bool {
	for i, t := range toks {
		switch t.text {
		case "exchange", "swap":
			return true
		case "deal", "agreement", "accord", "truce":
			if i >= 2 && toks[i-1].text == "the" && (toks[i-2].text == "under" || toks[i-2].text == "of" && i >= 3 && toks[i-3].text == "part") {
				return true
			}
		}
	}
	return false
}

// claimedBefore reports "responsibility for" within three words before i:
// the sentence reports a claim about an earlier attack.
func claimedBefore(toks []token, i int) bool {
	for k := i - 1; k >= 1 && k >= i-3; k-- {
		if toks[k].text == "for" && toks[k-1].text == "responsibility" {
			return true
		}
	}
	return false
}

// unarmedObject reports a killing verb with an armed subject before it and
// a victim after it that bears no arms: no armed actor or armed person's
// word after the trigger, and a noun phrase there ("a shopkeeper").
func unarmedObject(toks []token, h hit, acts []actorHit) bool {
	subject := false
	for _, a := range acts {
		switch {
		case a.end <= h.start && armed(a.entry.kind):
			subject = true
		case a.start >= h.end && armed(a.entry.kind):
			return false
		}
	}
	if !subject || h.end >= len(toks) {
		return false
	}
	switch toks[h.end].text {
	case "a", "an", "the", "two", "three", "four", "five", "his", "her", "their", "one":
	default:
		if !toks[h.end].digit {
			return false // "killed in", "shot at": no object
		}
	}
	for k := h.end; k < len(toks) && k < h.end+5; k++ {
		if toks[k].punct {
			break
		}
		if personWords[toks[k].text] && toks[k].text != "people" && toks[k].text != "men" && toks[k].text != "civilians" {
			return false
		}
		switch toks[k].text {
		case "police", "policeman", "soldier", "officer", "guard", "member", "personnel", "militiaman", "fighter":
			return false
		}
	}
	return true
}

// How a disrupted-weapons trigger reads in its sentence.
const (
	disruptEvent  = iota // the event: "police seized weapons", "sappers defused an IED"
	disruptNone          // not weapons: "dismantled a drug lab", "intercepted a car"
	disruptBeside        // weapons destroyed in an attack told beside it
	disruptLab           // a drug lab or crop destroyed: property destruction
)

// labWords are drug production and trafficking, not weapons.
var labWords = map[string]bool{
	"lab": true, "labs": true, "laboratory": true, "cocaine": true, "marijuana": true, "drug": true,
	"drugs": true, "crack": true, "heroin": true, "methamphetamine": true, "cannabis": true,
}

// vehicleWords are what is intercepted when people, not weapons, are stopped.
var vehicleWords = map[string]bool{
	"car": true, "cars": true, "vehicle": true, "vehicles": true, "van": true, "pick-up": true,
	"truck": true, "trucks": true, "bus": true, "motorcycle": true, "group": true, "convoy": true,
	"militants": true, "individuals": true, "men": true, "suspects": true,
}

// disruptedKind tells a disrupted-weapons trigger at h apart from drug
// raids, people intercepted, and weapons destroyed by the strike or the
// fighting the sentence reports.
func disruptedKind(toks []token, h hit, hits []hit) int {
	verb := toks[h.start].text
	for k := h.start; k < len(toks) && k < h.end+5; k++ {
		if toks[k].punct && k >= h.end {
			break
		}
		if labWords[toks[k].text] {
			return disruptLab
		}
		if k >= h.end && (verb == "intercepted" || verb == "intercept" || verb == "interception") && vehicleWords[toks[k].text] {
			return disruptNone
		}
	}
	switch verb {
	case "destroyed", "destroying":
		for _, o := range hits {
			if o.id == h.id {
				continue
			}
			t := &triggers[o.id]
			if (t.sub == truce.AirDroneStrike || t.sub == truce.ShellingArtilleryMissile) && t.weight >= 2.4 || t.flags&tKill != 0 ||
				t.sub == truce.ArmedClash && spanHas(toks[o.start:o.end], fightWords) {
				return disruptBeside
			}
		}
	}
	if seizeWords[verb] && fightersKilled(toks) {
		// "killed one militant and recovered a cache of weapons", "took
		// the stronghold, leaving 23 rebels dead and 7 rifles recovered":
		// the fighting or the capture is the event, the arms its spoils
		return disruptBeside
	}
	return disruptEvent
}

// killedInFight reports fighters killed or fighting in the sentence:
// "killing 5 IS militants", "militants were killed", "clashed".
func killedInFight(toks []token) bool {
	for i, t := range toks {
		if t.text == "killed" && i > 0 && toks[i-1].text == "was" || t.text == "killed" && i > 0 && toks[i-1].text == "were" {
			return true // "one dahalo was killed and 4 arrested"
		}
		if fightWords[t.text] {
			return true
		}
		if t.text != "killed" && t.text != "killing" {
			continue
		}
		for k := max(0, i-4); k < len(toks) && k <= i+4; k++ {
			switch toks[k].text {
			case "militants", "militant", "fighters", "insurgents", "rebels", "militiamen", "gunmen", "terrorists":
				return true
			}
		}
	}
	return false
}

// harmWords are people killed or hurt.
var harmWords = map[string]bool{
	"killed": true, "killing": true, "dead": true, "died": true, "wounded": true, "wounding": true,
	"injured": true, "injuring": true, "injuries": true, "hospitalized": true, "hospitalised": true,
	"beaten": true, "beat": true, "lynched": true, "stabbed": true,
}

// harmed reports people killed or hurt in the sentence, not negated ("no
// injuries", "neither fatalities nor injuries").
func harmed(toks []token) bool {
	for i, t := range toks {
		if harmWords[t.text] && !negatedBefore(toks, i) {
			return true
		}
	}
	return false
}

// negatedBefore reports a negation among the three words before toks[i]:
// "no injuries", "neither fatalities nor injuries", "did not intervene",
// "never dispersed".
func negatedBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch toks[k].text {
		case "no", "neither", "nor", "without", "not", "never", "n't", "didn't":
			return true
		}
	}
	return false
}

// mobWeaponWords are a crowd's weapons.
var mobWeaponWords = map[string]bool{
	"stones": true, "rocks": true, "sticks": true, "bricks": true, "bottles": true, "machetes": true,
	"knives": true, "clubs": true, "rods": true, "molotov": true, "acid": true, "belts": true,
}

// patrolWords are forces on the move: a change of activity unless they
// come under fire.
var patrolWords = map[string]bool{
	"patrol": true, "patrols": true, "patrolled": true, "patrolling": true, "convoy": true, "convoys": true,
}

// attackBeside reports an attack or gunfire trigger among the hits.
func attackBeside(hits []hit) bool {
	for _, h := range hits {
		if triggers[h.id].flags&tAttackVerb != 0 {
			return true
		}
	}
	return false
}

// violenceBeside reports an attack, a killing, or a blast, strike or shell
// among the hits: "a bomb hit an army patrol", "attacked a convoy and its
// reinforcements, killing eight".
func violenceBeside(hits []hit) bool {
	for _, h := range hits {
		t := &triggers[h.id]
		if t.flags&(tAttackVerb|tKill) != 0 {
			return true
		}
		switch t.sub {
		case truce.RemoteExplosive, truce.ShellingArtilleryMissile, truce.AirDroneStrike, truce.Grenade, truce.SuicideBomb:
			return true
		}
	}
	return false
}

// bothSidesWords tell of two sides fighting.
var bothSidesWords = map[string]bool{"between": true, "both": true, "each": true}

// civilianPlaceWords are places where civilians, not fighters, are
// attacked: "militiamen attacked the Dogon village of Tieba".
var civilianPlaceWords = map[string]bool{
	"village": true, "villages": true, "hamlet": true, "hamlets": true, "market": true, "church": true,
	"mosque": true, "school": true, "camp": true, "settlement": true, "homes": true, "houses": true,
	"ambulance": true, "ambulances": true, "hospital": true, "clinic": true, "shop": true, "shops": true,
	"store": true, "stores": true, "bus": true, "buses": true, "taxi": true, "restaurant": true, "hotel": true,
	"truck": true, "trucks": true,
}

// civilianPlace reports a civilian place as the object, within four words,
// of an attack verb ending at i.
func civilianPlace(toks []token, i int) bool {
	for k := i; k < len(toks) && k < i+4; k++ {
		if toks[k].punct {
			return false
		}
		if civilianPlaceWords[toks[k].text] {
			return true
		}
	}
	return false
}

// violentSub are the violent sub-event types a protest's own sequel may be
// told as.
var violentSub = map[truce.SubEventType]bool{
	truce.MobViolence: true, truce.ViolentDemonstration: true, truce.ArmedClash: true,
	truce.LootingPropertyDestruction: true,
}

// protestersSubject reports a sentence whose subject is the protesters
// told of before: "They clashed with police", "The demonstrators burned
// tyres", "The group set barricades on fire".
func protestersSubject(toks []token) bool {
	i := 0
	if i < len(toks) && toks[i].text == "the" {
		i++
	}
	if i >= len(toks) {
		return false
	}
	switch toks[i].text {
	case "they", "demonstrators", "protesters", "protestors", "group", "crowd", "participants", "rioters", "marchers":
		return true
	}
	return false
}

// warWords are weapons and strikes that only war has.
var warWords = map[string]bool{
	"airstrike": true, "airstrikes": true, "shelling": true, "shelled": true,
	"artillery": true, "mortar": true, "mortars": true, "bombardment": true, "shellfire": true,
	"warplanes": true, "warplane": true,
}

// strikePhrase reports "air raid(s)", "air strike(s)", "drone strike(s)".
func strikePhrase(toks []token) bool {
	if len(toks) != 2 || toks[0].text != "air" && toks[0].text != "drone" {
		return false
	}
	switch toks[1].text {
	case "raid", "raids", "strike", "strikes", "force":
		return true
	}
	return false
}

// armedPersonWords are people who bear arms.
var armedPersonWords = map[string]bool{
	"soldier": true, "soldiers": true, "militant": true, "militants": true, "fighter": true, "fighters": true,
	"rebel": true, "rebels": true, "lieutenant": true, "captain": true, "sergeant": true, "colonel": true,
	"officer": true, "officers": true, "policeman": true, "policemen": true, "policewoman": true,
	"commander": true, "commanders": true, "guard": true, "guards": true, "militiaman": true, "militiamen": true,
	"personnel": true, "troops": true, "gunmen": true, "insurgents": true, "insurgent": true,
	"terrorist": true, "terrorists": true, "jihadist": true, "jihadists": true, "servicemen": true,
	"serviceman": true, "gendarme": true, "gendarmes": true, "operatives": true, "ranger": true, "rangers": true,
}

// armedVictimAfter reports armed people as the object of a killing verb
// ending at i: within five words, before a place or time preposition.
func armedVictimAfter(toks []token, i int) bool {
	for k := i; k < len(toks) && k < i+6; k++ {
		t := toks[k]
		if t.punct && t.text != "'s" {
			return false
		}
		switch t.text {
		case "in", "at", "near", "on", "during", "by", "after", "while", "when", "and":
			return false
		}
		if armedPersonWords[t.text] {
			return true
		}
	}
	return false
}

// demandWords tell that a gathering made demands: a protest.
var demandWords = map[string]bool{
	"demanding": true, "demanded": true, "demand": true, "demands": true, "chanting": true, "chanted": true,
	"slogans": true, "denouncing": true, "protesting": true, "rejecting": true, "petition": true,
	"placards": true, "banners": true,
}

// protestHeld reports a protest noun held, organised or staged: "traders
// held a protest", "organized a protest in Rustavi".
func protestHeld(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		switch toks[k].text {
		case "held", "holding", "organized", "organised", "staged", "staging", "launched", "a":
			if toks[k].text != "a" {
				return true
			}
		default:
			return false
		}
	}
	return false
}

// suicideWords name a suicide attack outright.
var suicideWords = map[string]bool{"suicide": true, "self-detonated": true, "svbied": true, "svbieds": true}

// grenadeWords name grenades.
var grenadeWords = map[string]bool{"grenade": true, "grenades": true, "hand-grenade": true, "hand-grenades": true}

// blastWords tell of a bomb going off.
var blastWords = map[string]bool{
	"exploded": true, "explosion": true, "blast": true, "detonated": true, "ied": true, "ieds": true,
	"rcied": true, "vbied": true, "uvied": true, "bomb": true, "bombs": true,
}

// riotHit reports a riot or mob trigger among the hits.
func riotHit(hits []hit) bool {
	for _, h := range hits {
		if triggers[h.id].flags&tRiot != 0 {
			return true
		}
	}
	return false
}

// crowdWords tell that a crowd is at the scene.
var crowdWords = map[string]bool{
	"crowd": true, "crowds": true, "disperse": true, "dispersed": true, "protesters": true,
	"demonstrators": true, "rioters": true, "rioting": true, "rioted": true,
}

// lynchWords are a crowd's killing.
var lynchWords = map[string]bool{"lynching": true, "lynched": true, "lynch": true}

// deathWords tell that someone died.
var deathWords = map[string]bool{
	"killed": true, "killing": true, "executed": true, "beheaded": true, "murdered": true, "dead": true,
	"corpse": true, "body": true, "bodies": true, "died": true, "slain": true, "death": true,
}

// victimKilled reports someone killed in the sentence, not negated ("no
// one was killed"): ACLED codes an abduction that ends in a killing as
// the killing (an attack, or a clash when the victims bore arms).
func victimKilled(toks []token) bool {
	for i, t := range toks {
		if deathWords[t.text] && !negatedBefore(toks, i) {
			return true
		}
	}
	return false
}

// abductionBackground reports an abduction word that names people or a
// charge, not an abduction done: "kidnappers", "a kidnapping suspect",
// "suspected of kidnapping a child", "searched for abducted residents".
func abductionBackground(toks []token, h hit) bool {
	switch toks[h.start].text {
	case "kidnappers":
		return true
	}
	if k := h.start - 1; k >= 0 {
		if toks[k].text == "been" {
			k--
		}
		if k >= 0 && toks[k].text == "had" {
			return true // "whose members had been abducted a week ago": an earlier event, told as background
		}
	}
	if h.end < len(toks) {
		switch toks[h.end].text {
		case "suspect", "suspects", "case", "cases", "charge", "charges", "gang", "gangs", "ring", "victim", "victims":
			return true // "a kidnapping suspect", "the abduction case"
		}
	}
	for k := h.start - 1; k >= 0 && k >= h.start-2; k-- {
		switch toks[k].text {
		case "of", "for", "suspected", "accused", "alleged", "allegedly", "over", "against", "searched":
			if toks[h.start].text == "kidnapped" || toks[h.start].text == "abducted" {
				// "suspected of kidnapping", "searched for abducted residents";
				// "allegedly abducted by the group" is an abduction told
				if toks[k].text == "allegedly" || toks[k].text == "alleged" {
					return false
				}
			}
			return true
		}
		if toks[k].punct {
			break
		}
	}
	return false
}

// seizeWords open the disrupted-weapons triggers of arms seized or found.
var seizeWords = map[string]bool{
	"recovered": true, "seized": true, "seize": true, "seizing": true, "seizure": true, "confiscated": true,
	"found": true, "discovered": true, "uncovered": true, "captured": true, "cache": true, "caches": true,
	"arms": true, "weapons": true, "pistols": true, "rifles": true, "ammunition": true, "explosives": true,
}

// fightersKilled reports armed men killed or left dead in the sentence:
// "killed one militant", "23 rebels dead".
func fightersKilled(toks []token) bool {
	for i, t := range toks {
		switch t.text {
		case "killed", "killing", "dead":
		default:
			continue
		}
		if negatedBefore(toks, i) {
			continue
		}
		for k := max(0, i-4); k < len(toks) && k <= i+5; k++ {
			switch toks[k].text {
			case "militants", "militant", "fighters", "fighter", "insurgents", "insurgent", "rebels", "rebel",
				"militiamen", "gunmen", "gunman", "terrorists", "terrorist", "separatists", "separatist", "members", "member":
				return true
			}
		}
	}
	return false
}

// endedBefore reports an agreement word told as ended, not made: "the end
// of the unilateral ceasefire", "the collapse of the truce".
func endedBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		switch toks[k].text {
		case "end", "ended", "ending", "ends", "collapse", "collapsed", "breakdown", "abandoned", "expiry", "expired", "lifting":
			return true
		}
		if toks[k].punct {
			return false
		}
	}
	return false
}

// chaseWords are forces pursuing a bomber or ordering him to stop.
var chaseWords = map[string]bool{"chased": true, "chasing": true, "pursued": true, "challenged": true}

// bomberPursued reports a bomber pursued or ordered to stop in toks:
// "security forces chased them", "the bomber refused to stop".
func bomberPursued(toks []token) bool {
	for i, t := range toks {
		if chaseWords[t.text] {
			return true
		}
		if (t.text == "refused" || t.text == "ordered" || t.text == "told") && i+2 < len(toks) && toks[i+1].text == "to" && toks[i+2].text == "stop" {
			return true
		}
	}
	return false
}

// bomberEngagedAfter reports a suicide bomber pursued or challenged by
// forces, told in the sentence of his blast (starting at offset start) or
// the three after it: "Afghan forces fired at the vehicle when the bomber
// refused to stop", "security forces chased them and one of them blew
// himself up". ACLED codes a bomber engaged before his blast as an armed
// clash.
func bomberEngagedAfter(sents []span, toks []token, bounds []int, start int) bool {
	for i, sp := range sents {
		if sp.end <= start {
			continue
		}
		for k := i; k < len(sents) && k <= i+3; k++ {
			if bomberPursued(toks[bounds[k]:bounds[k+1]]) {
				return true
			}
		}
		return false
	}
	return false
}

// armedAgent reports an armed actor on the agent's side of the trigger at
// [i, end): named before it, or after a "by" following it ("was beaten by
// soldiers"). Armed men named after an active trigger are its victims.
func armedAgent(toks []token, acts []actorHit, i, end int) bool {
	for _, a := range acts {
		if !armed(a.entry.kind) {
			continue
		}
		if a.end <= i {
			return true
		}
		for k := a.start - 1; k >= end && k >= a.start-3; k-- {
			if toks[k].text == "by" {
				return true
			}
		}
	}
	return false
}

// crowdPeople are unorganised people who may fight police or each other.
var crowdPeople = map[string]bool{
	"locals": true, "residents": true, "villagers": true, "crowd": true, "crowds": true, "mob": true, "mobs": true,
	"youths": true, "inhabitants": true, "workers": true, "labourers": true, "laborers": true, "vendors": true,
	"shopkeepers": true, "traders": true, "citizens": true, "farmers": true, "students": true, "people": true,
	"neighbours": true, "neighbors": true, "supporters": true, "community": true,
}

// crowdAgainstForces reports a fight whose sides are unorganised people
// and, at most, the state's forces: people named as the fight's subject
// ("migrant workers clashed with police") or after "between" ("between two
// groups of the Bugti community"), no armed group among the actors, and no
// gunfire.
func crowdAgainstForces(toks []token, acts []actorHit, c candidate) bool {
	for _, a := range acts {
		if armed(a.entry.kind) && a.entry.kind != truce.KindStateForces {
			return false
		}
	}
	if spanHas(toks, gunfireWords) || spanHas(toks, crowdGunWords) || spanHas(toks, settlerWords) {
		return false
	}
	for _, t := range toks {
		switch t.text {
		case "armed", "gunmen", "militants", "rebels", "insurgents", "fighters", "militia", "militiamen", "members", "gang", "gangs", "cartel", "faction", "factions", "troops", "soldiers", "army":
			return false
		}
	}
	// the subject, within the clause before the trigger
	for k := c.start - 1; k >= 0 && k >= c.start-8; k-- {
		if toks[k].punct || subordinators[toks[k].text] {
			break
		}
		if crowdPeople[toks[k].text] || rivalGroups(toks, k) || isGroupOf(toks, k) {
			return true
		}
	}
	// "a clash between two groups of", "clashes between villagers and police"
	for k := c.end; k < len(toks) && k < c.end+8; k++ {
		if toks[k].text != "between" {
			continue
		}
		for m := k + 1; m < len(toks) && m <= k+6; m++ {
			if toks[m].punct {
				break
			}
			if crowdPeople[toks[m].text] || rivalGroups(toks, m) || isGroupOf(toks, m) {
				return true
			}
		}
	}
	return false
}

// exchangeWords make a shooting two-sided: "exchanged fire", "traded fire".
var exchangeWords = map[string]bool{
	"exchanged": true, "exchange": true, "exchanges": true, "exchanging": true, "traded": true, "trading": true,
	"directions": true,
}

// gangWords name organised crime's trades; gangs themselves count as
// "a gang member" or "involved in a gang" (gangWord).
var gangWords = map[string]bool{
	"trafficking": true, "traffickers": true, "trafficker": true, "dealer": true, "dealers": true,
}

// gangWord reports a victim's membership of a gang or a cartel at i: "gang
// member", "involved in a gang", not "rivalry between gangs" or "gang
// activity".
func gangWord(toks []token, i int) bool {
	switch toks[i].text {
	case "gang", "cartel":
	default:
		return gangWords[toks[i].text]
	}
	if i+1 < len(toks) && (toks[i+1].text == "member" || toks[i+1].text == "members") {
		return true
	}
	return i >= 2 && toks[i-1].text == "a" && toks[i-2].text == "in"
}

// victimArmed reports a victim told to be a member of a gang or a drug
// trafficker: "the victim had charges against him for drug trafficking",
// "the victim was involved in a gang", "an alleged gang member was shot
// dead". ACLED codes violence against members of armed groups, gangs
// included, as an armed clash; "by gang members" names the attackers, and
// "the victims were not involved" denies it.
func victimArmed(toks []token) bool {
	victim := false
	for i, t := range toks {
		if t.text == "not" || t.text == "never" || t.text == "n't" {
			return false
		}
		if t.text == "victim" || t.text == "victims" {
			victim = true
		}
		if t.text == "alleged" && i+2 < len(toks) && (toks[i+1].text == "gang" || toks[i+1].text == "drug") && (toks[i+2].text == "member" || toks[i+2].text == "dealer" || toks[i+2].text == "trafficker") ||
			t.text == "alleged" && i+1 < len(toks) && (toks[i+1].text == "trafficker" || toks[i+1].text == "dealer") {
			if i == 0 || toks[i-1].text != "by" && (i < 2 || toks[i-2].text != "by") {
				return true // "an alleged gang member was shot and killed", "attacked an alleged drug dealer"
			}
		}
	}
	if !victim {
		return false
	}
	for i := range toks {
		if gangWord(toks, i) {
			return true
		}
	}
	return false
}

// victimArmedAfter reports victimArmed in the sentence starting at offset
// start or in the two after it, where a note tells who the victim was.
func victimArmedAfter(sents []span, toks []token, bounds []int, start int) bool {
	for i, sp := range sents {
		if sp.end <= start {
			continue
		}
		for k := i; k < len(sents) && k <= i+2; k++ {
			if victimArmed(toks[bounds[k]:bounds[k+1]]) {
				return true
			}
		}
		return false
	}
	return false
}

// reasonProtestWords put a protest in an arrest's reason or consequence.
var reasonProtestWords = map[string]bool{
	"for": true, "accused": true,
	"planned": true, "planning": true, "causing": true, "sparking": true, "sparked": true, "triggering": true,
	"triggered": true, "organising": true, "organizing": true, "inciting": true, "calling": true,
}

// protestAsReason reports every protest word of an arrest sentence told as
// the arrest's reason or consequence, not as the scene: "arrested for
// participating in protests", "causing several protests".
func protestAsReason(toks []token, hits []hit) bool {
	n := 0
	for _, h := range hits {
		if triggers[h.id].flags&tProtest == 0 {
			continue
		}
		n++
		reason := false
		for k := h.start - 1; k >= 0 && k >= h.start-8; k-- {
			if toks[k].punct && toks[k].text != "," {
				break
			}
			if reasonProtestWords[toks[k].text] {
				reason = true
				break
			}
		}
		if !reason {
			return false
		}
	}
	return n > 0
}

// oneSided are the sub-event types of violence by one side that become an
// armed clash when the target fights back.
var oneSided = map[truce.SubEventType]bool{
	truce.Attack: true, truce.Grenade: true, truce.ShellingArtilleryMissile: true,
}

// firedBack reports the target of an attack fighting back: "the police
// shot back", "the Indian army retaliated", "government forces opened
// gunfire after the explosion".
func firedBack(toks []token, retaliation bool) bool {
	for i, t := range toks {
		switch t.text {
		case "retaliated", "retaliating":
			if retaliation && !negatedBefore(toks, i) {
				return true
			}
		case "back":
			if i > 0 && (toks[i-1].text == "fired" || toks[i-1].text == "shot") {
				return true
			}
		case "fire", "gunfire":
			if i > 0 && (toks[i-1].text == "returned" || toks[i-1].text == "returning" || toks[i-1].text == "return") ||
				i > 1 && toks[i-1].text == "the" && toks[i-2].text == "returned" {
				return true
			}
			if i > 0 && toks[i-1].text == "opened" && i+1 < len(toks) && (toks[i+1].text == "after" ||
				toks[i+1].text == "in" && i+2 < len(toks) && (toks[i+2].text == "response" || toks[i+2].text == "retaliation" || toks[i+2].text == "return")) {
				return true // "opened gunfire after the explosion", "opened fire in response"
			}
		}
	}
	return false
}

// firedBackAfter reports firedBack in the sentence starting at offset
// start or the two after it. Shelling answered only "in retaliation" may be
// shelling back from afar; fire returned is a fight.
func firedBackAfter(sents []span, toks []token, bounds []int, start int, sub truce.SubEventType) bool {
	for i, sp := range sents {
		if sp.end <= start {
			continue
		}
		for k := i; k < len(sents) && k <= i+2; k++ {
			if firedBack(toks[bounds[k]:bounds[k+1]], sub != truce.ShellingArtilleryMissile) {
				return true
			}
		}
		return false
	}
	return false
}

// forcesBefore reports a state's forces named in the four words before i,
// in its clause: they, not a crowd, did what follows.
func forcesBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if toks[k].punct {
			return false
		}
		switch toks[k].text {
		case "forces", "troops", "soldiers", "police", "army", "policemen", "officers", "military":
			return true
		}
	}
	return false
}

// crowdGunWords tell firearms used in a fight: no unarmed crowd's.
var crowdGunWords = map[string]bool{
	"gunned": true, "bullet": true, "bullets": true, "bullet-hit": true, "gun": true, "guns": true,
	"pistol": true, "pistols": true, "firearms": true,
}

// anniversaryOf reports a trigger naming a past event remembered: "the
// grenade attack anniversary", "the anniversary of the massacre".
func anniversaryOf(toks []token, h hit) bool {
	for k := h.end; k < len(toks) && k <= h.end+1; k++ {
		if toks[k].text == "anniversary" || toks[k].text == "commemoration" {
			return true
		}
	}
	for k := h.start - 1; k >= 0 && k >= h.start-4; k-- {
		if toks[k].punct {
			return false
		}
		if toks[k].text == "anniversary" || toks[k].text == "commemoration" || toks[k].text == "commemorate" || toks[k].text == "commemorating" {
			return true
		}
	}
	return false
}

// violenceCauseWords open the part of a protest report that tells what the
// protest is about: violence there ("against the detention of activists
// accused of hurling a Molotov cocktail", "since the prison riot") is not
// the protesters'.
var violenceCauseWords = map[string]bool{
	"against": true, "over": true, "since": true, "accused": true,
	"demanding": true, "demanded": true, "demand": true, "release": true, "anniversary": true, "relatives": true,
	"victims": true, "mark": true, "commemorate": true,
}

// violenceInCause reports a violent word at i told as a protest's cause,
// within the ten words before it in its sentence.
func violenceInCause(toks []token, i int) bool {
	if toks[i].text == "barricaded" && i+1 < len(toks) && toks[i+1].text == "themselves" {
		return true // "barricaded themselves into an office": a sit-in
	}
	// a noun ("the riot", "clashes") may end a long cause phrase; a verb
	// ("vandalized") after one is the sentence's own ("residents
	// demonstrating against the curfew vandalized a police station")
	verb := strings.HasSuffix(toks[i].text, "ed")
	for k := i - 1; k >= 0 && k >= i-10; k-- {
		if toks[k].text == "." || toks[k].text == ";" {
			return false
		}
		if !violenceCauseWords[toks[k].text] {
			continue
		}
		switch {
		case !verb:
			return true
		case k >= i-4 && clauseCauseWords[toks[k].text]:
			return true // "accused of corruption and arrested"
		}
	}
	return false
}

// clauseCauseWords open a cause that may hold a verb of its own: "accused
// of corruption and arrested", "demanding the release of those detained".
var clauseCauseWords = map[string]bool{
	"accused": true, "demanding": true, "demanded": true, "demand": true, "release": true,
}

// monthMarch reports a "march" hit that is the month: "On 21 March 2020",
// "March 5".
func monthMarch(toks []token, h hit) bool {
	t := toks[h.start].text
	if t != "march" && t != "marches" {
		return false
	}
	return toks[h.start].cap && h.start > 0 || h.end < len(toks) && toks[h.end].digit || h.start > 0 && toks[h.start-1].digit
}

// arrestAtProtest reports an arrest made at the protest: an arrest verb
// not told as the protest's cause ("demanded that the MP, who had been
// accused of corruption and arrested, be returned to prison") nor as
// background.
func arrestAtProtest(toks []token, hits []hit) bool {
	for _, h := range hits {
		if triggers[h.id].sub != truce.Arrests || !arrestVerb(toks, []hit{h}) {
			continue
		}
		if protestCause(toks, hits, h) || arrestBackground(toks, h) {
			continue
		}
		return true
	}
	return false
}

// crowdControlWords tell an intervention on a crowd beyond arrests: police
// who intervened, dispersed it or used tear gas.
var crowdControlWords = map[string]bool{
	"intervened": true, "dispersed": true, "tear": true, "teargas": true, "cannon": true, "cannons": true,
	"rubber": true, "batons": true, "baton-charged": true, "lathi-charged": true,
}
