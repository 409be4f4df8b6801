package extract

// ACLED's codebook rules for the events that change who holds territory:
// a place taken in fighting is the government regaining or a non-state
// actor overtaking it, not an armed clash; a place taken with no fight (the
// other side withdrew, handed it over, or put up no resistance) is a
// non-violent transfer; buildings taken at a protest or by the police are
// no territory. Beside them, the other developments of a war: people
// displaced by fighting (not by a flood).

// unopposed reports a sentence that tells territory changed hands with no
// fight: a handover, a withdrawal or "without resistance", and no fighting.
func unopposed(cs cue) bool {
	return cs&cueFight == 0 && cs&(cueTransfer|cueWithdrawal|cueUnopposed) != 0
}

// withoutBefore reports "without" within five words before i in the same
// clause, or "no" right before it or before one adjective: "without
// involving in any armed clashes" and "no armed clashes" deny the
// fighting they name; "no fewer than five shells" does not.
func withoutBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		if toks[k].punct {
			return false
		}
		switch toks[k].text {
		case "without":
			return true
		case "no":
			return k >= i-2 && (k == i-1 || toks[k+1].text != "fewer" && toks[k+1].text != "less" && toks[k+1].text != "more")
		}
	}
	return false
}

// achievedBefore reports, before the "to" at i, the words that make the
// capture after it done, not meant: "used heavy weapons to take control of",
// "was able to capture".
func achievedBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-6; k-- {
		if toks[k].punct {
			return false
		}
		switch toks[k].text {
		case "used", "using", "managed", "able", "succeeded":
			return true
		case "tried", "trying", "attempted", "attempt", "attempts", "bid", "plan", "plans", "planned",
			"sought", "seeking", "aim", "aimed", "aiming", "failed", "vowed", "threatened", "move", "effort":
			return false
		}
	}
	return false
}

// buildingWords are buildings whose seizure is no change of territory (a
// protest's occupation, the police taking a parliament or a hospital), and
// things brought under control that are no place.
var buildingWords = map[string]bool{
	"parliament": true, "ministry": true, "office": true, "offices": true, "hospital": true,
	"factory": true, "building": true, "buildings": true, "school": true, "university": true,
	"residence": true, "court": true, "courthouse": true, "booth": true, "tollbooth": true,
	"church": true, "prison": true, "jail": true, "hotel": true, "bank": true, "premises": true,
	"embassy": true, "house": true, "home": true, "shop": true, "store": true, "warehouse": true,
	// and what control is taken of that is no place: "took control of the riot"
	"riot": true, "riots": true, "situation": true, "fire": true, "fires": true, "blaze": true,
	"services": true, "crowd": true, "footage": true, "images": true, "video": true, "photos": true,
	"pictures": true, "attention": true,
}

// contestWords open what a clash was over: "clashed over taking control of".
var contestWords = map[string]bool{"over": true, "for": true, "about": true}

// militaryWords make a building a military site ("the army's headquarters").
var militaryWords = map[string]bool{
	"military": true, "army": true, "naval": true, "base": true, "bases": true, "camp": true,
	"barracks": true, "brigade": true, "battalion": true, "headquarters": true, "hq": true, "hqs": true,
}

// buildingObject reports a building as the object of a capture verb ending
// at i, within four words, with no military word or place before it.
func buildingObject(toks []token, i int) bool {
	for k := i; k < len(toks) && k < i+5; k++ {
		t := toks[k]
		if t.punct || militaryWords[t.text] {
			return false
		}
		if buildingWords[t.text] {
			return true
		}
		switch t.text {
		case "village", "villages", "town", "towns", "city", "area", "areas", "district", "region", "territory":
			return false
		}
	}
	return false
}

// passiveBy reports "by" right after a capture verb ending at i: "the town
// captured by rebels last week" names who holds it, not what happened now.
func passiveBy(toks []token, i int) bool {
	return i < len(toks) && toks[i].text == "by"
}

// withdrawWords are the words of a withdrawal.
var withdrawWords = map[string]bool{
	"withdrew": true, "withdrawn": true, "withdraw": true, "withdrawing": true, "withdrawal": true,
	"pulled": true, "pull": true, "vacated": true, "evacuated": true, "left": true,
}

// takerWords tell that someone else took what was left: "allowing Daesh to
// seize it", "in the face of an advance".
var takerWords = map[string]bool{
	"advance": true, "advancing": true, "allowed": true, "allowing": true, "handed": true,
}

// takerBeside reports, in a sentence about a withdrawal hit h, another side
// taking the place: a capture or entry verb, or a word of taking over
// ("Iraqi forces controlled the town after the Peshmerga withdrew").
func takerBeside(toks []token, hits []hit, h hit) bool {
	for _, o := range hits {
		if o.start == h.start {
			continue
		}
		if triggers[o.id].flags&(tCapture|tEnter) != 0 {
			return true
		}
	}
	for k, t := range toks {
		if takerWords[t.text] {
			return true
		}
		if t.text == "controlled" && k+1 < len(toks) && (toks[k+1].text == "the" || toks[k+1].cap) {
			return true // "Iraqi forces controlled the town", not "the regime controlled area"
		}
	}
	return false
}

// siteWords are the military sites a group holds: "rebel positions".
var siteWords = map[string]bool{
	"positions": true, "position": true, "base": true, "bases": true, "camp": true, "camps": true,
	"stronghold": true, "strongholds": true, "outpost": true, "outposts": true, "post": true, "posts": true,
	"checkpoint": true, "checkpoints": true, "hideout": true, "hideouts": true, "territory": true,
}

// siteAfter reports a site word in the two words from i, or after a name
// and its abbreviation ("New People's Army (NPA) camps"): the people named
// before it only say whose site it is.
func siteAfter(toks []token, i int) bool {
	n := 0
	for k := i; k < len(toks) && k < i+7 && n < 2; k++ {
		t := toks[k]
		if siteWords[t.text] {
			return true
		}
		switch {
		case t.text == "(" || t.text == ")" || t.text == "'s" || t.cap:
			// inside the group's name
		case t.punct:
			return false
		default:
			n++
		}
	}
	return false
}

// dayNames are the weekdays and months a capture verb's date may put
// before its object: "seized on Thursday a cache of arms".
var dayNames = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true,
	"april": true, "may": true, "june": true, "july": true, "august": true, "september": true,
	"october": true, "november": true, "december": true,
}

// territoryObject reports a place or a territory noun as the object of a
// capture verb ending at i: territoryAfter, with a date after the verb
// ("on Thursday") skipped and no goods or people before the place.
func territoryObject(toks []token, i int) bool {
	for i < len(toks) && (toks[i].text == "on" || dayNames[toks[i].text] || toks[i].digit) {
		i++
	}
	if i < len(toks) && (toks[i].text == "a" || toks[i].text == "an") && i+1 < len(toks) && !toks[i+1].cap {
		// "a cache of", "a vehicle": only a territory noun makes it a place
		for k := i + 1; k < len(toks) && k < i+4; k++ {
			if toks[k].punct || toks[k].text == "of" {
				break
			}
			if siteWords[toks[k].text] || territoryNouns[toks[k].text] {
				return true
			}
		}
		return false
	}
	return territoryAfter(toks, i)
}

// territoryNouns are the places a side may take, besides siteWords.
var territoryNouns = map[string]bool{
	"village": true, "villages": true, "town": true, "towns": true, "city": true, "district": true,
	"area": true, "areas": true, "region": true, "hill": true, "hills": true, "hilltop": true,
	"hilltops": true, "settlement": true, "locality": true, "localities": true, "crossing": true, "airport": true, "castle": true, "fort": true,
	"port": true, "neighborhood": true, "neighbourhood": true,
}

// participleBefore reports "occupied" used as an adjective before a place
// ("the Western Sahara occupied city"): a state, not the act.
func participleBefore(toks []token, i int) bool {
	return i+1 < len(toks) && (territoryNouns[toks[i+1].text] || toks[i+1].text == "territory" || toks[i+1].text == "territories")
}

// stateNouns name a state's forces in lower case ("the army units",
// "Syrian troops"); capitalised, "Army" is as often a rebel group's name.
var stateNouns = map[string]bool{
	"army": true, "troops": true, "soldiers": true, "military": true, "government": true,
	"regime": true, "security": true, "police": true, "servicemen": true, "gendarmes": true,
}

// rebelNouns name non-state armed men.
var rebelNouns = map[string]bool{
	"rebels": true, "rebel": true, "militants": true, "insurgents": true, "fighters": true,
	"militia": true, "militias": true, "jihadists": true, "terrorists": true, "gunmen": true,
	"separatists": true, "tribesmen": true, "group": true, "groups": true, "opposition": true,
}

// stateSubject reports that the first armed noun of the clause before a
// capture is a state's forces: "the army units drove the terrorists out",
// "Syrian troops ... capturing a village". The clause after the last
// reporting verb decides when it names anyone ("an army spokesman said
// rebels took over"); else the reporter took it ("the military claimed to
// have seized the camp").
func stateSubject(toks []token) bool {
	for k := len(toks) - 1; k >= 0; k-- {
		switch toks[k].text {
		case "said", "says", "say", "reported", "claimed", "announced", "confirmed", "stated":
			if found, state := firstArmed(toks[k+1:]); found {
				return state
			}
			k = -1
		}
	}
	_, state := firstArmed(toks)
	return state
}

// firstArmed finds the first armed noun in toks, skipping "according to"
// phrases, and tells whether it names a state's forces. A capitalised
// "Army" is a name that could be anyone's and decides nothing.
func firstArmed(toks []token) (found, state bool) {
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		if t.text == "according" {
			for k < len(toks) && !toks[k].punct {
				k++ // "according to an army spokesperson, militants gained control": the source, not the subject
			}
			continue
		}
		if rebelNouns[t.text] {
			return true, false
		}
		if stateNouns[t.text] {
			return true, !t.cap || t.text == "government" || t.text == "military"
		}
		if t.text == "forces" && k > 0 && toks[k-1].text == "armed" && (k < 2 || toks[k-2].text != "revolutionary") {
			return true, true // "Myanmar Armed Forces", not the Revolutionary Armed Forces of Colombia
		}
	}
	return false, false
}

// displacedWords tell people displaced: ACLED's other development when
// fighting drove them out.
var displacedWords = map[string]bool{
	"fled": true, "evacuated": true, "displaced": true,
}

// disasterWords tell a natural disaster: the people it displaces are no
// event of war.
var disasterWords = map[string]bool{
	"flood": true, "floods": true, "flooding": true, "rain": true, "rains": true, "earthquake": true,
	"earthquakes": true, "storm": true, "storms": true, "cyclone": true, "hurricane": true, "typhoon": true,
	"landslide": true, "landslides": true, "wildfire": true, "wildfires": true, "volcano": true,
	"eruption": true, "tsunami": true, "drought": true, "disaster": true,
}

// disasterDisplacement reports people displaced, in a sentence that
// tells a natural disaster ("forcing 1,141 people to be evacuated" by a
// flood).
func disasterDisplacement(toks []token, h hit) bool {
	if !spanHas(toks[h.start:h.end], displacedWords) {
		return false
	}
	for i, t := range toks {
		if disasterWords[t.text] && (t.text != "eruption" || i+1 == len(toks) || toks[i+1].text != "of") {
			return true // not "the eruption of hostilities"
		}
	}
	return false
}

// fightNouns are the fighting people flee.
var fightNouns = map[string]bool{
	"fighting": true, "clash": true, "clashes": true, "hostilities": true, "violence": true, "shelling": true,
	"bombardment": true, "airstrikes": true, "offensive": true, "attacks": true, "gunfight": true,
}

// fledFighting reports a displacement trigger ("evacuated following",
// "were displaced after") whose cause, in the five words after it, is
// fighting.
func fledFighting(toks []token, h hit) bool {
	for k := h.end; k < len(toks) && k < h.end+5; k++ {
		if fightNouns[toks[k].text] {
			return true
		}
		if toks[k].punct {
			return false
		}
	}
	return false
}

// displacedPeople are the people fighting drives from their homes.
var displacedPeople = map[string]bool{
	"families": true, "villagers": true, "residents": true, "civilians": true, "people": true,
	"individuals": true, "households": true, "inhabitants": true, "population": true, "persons": true,
}

// pronounTakerGovernment reports a capture told in a sentence (starting at
// offset start) whose subject is "they", after a sentence whose actor is
// the government's side: "Pro-Hadi forces repelled an attack on the
// front. They then made territorial gains".
func pronounTakerGovernment(sents []span, toks []token, bounds []int, start int) bool {
	for i, sp := range sents {
		if sp.end <= start {
			continue
		}
		if i == 0 || bounds[i] == bounds[i+1] || toks[bounds[i]].text != "they" {
			return false
		}
		prev := toks[bounds[i-1]:bounds[i]]
		return governmentSide(prev) || stateSubject(prev)
	}
	return false
}
