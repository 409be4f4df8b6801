package extract

import (
	"strings"
	"sync"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/dates"
	"github.com/truce-monitor/truce/gazetteer"
)

// meta is what is known of a report besides its text.
type meta struct {
	title, url                               string
	published                                truce.Date
	dateline, datelinePlace, datelineCountry string
}

// scratch is per-call working memory, pooled to keep allocation low.
type scratch struct {
	toks, next []token
	hits       []hit
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{toks: make([]token, 0, 128), next: make([]token, 0, 128), hits: make([]hit, 0, 64)}
}}

// locatives before a country name make it a place, not an actor.
var locatives = map[string]bool{
	"in": true, "into": true, "to": true, "from": true, "near": true, "across": true, "within": true,
	"inside": true, "of": true, "towards": true, "toward": true, "throughout": true, "outside": true,
	"at": true, "over": true, "around": true, "between": true, "and": true, "with": true, "for": true,
	"against": true, "on": true, "through": true, "via": true, "about": true, "under": true,
}

// govEntry makes actors of countries named as agents ("brokered by
// Russia", "Azerbaijan agreed").
var govEntry = actorEntry{name: "Government of {C}", country: "{ISO}", kind: truce.KindGovernment, hasD: true}

// run extracts the events of an article body.
func (x *Extractor) run(text string, m meta) *Result {
	res := &Result{Article: ArticleInfo{Title: m.title, Published: m.published, Dateline: m.dateline, URL: m.url}, Events: []Event{}}
	pg := segment(text)
	if res.Article.Title == "" {
		res.Article.Title = pg.title
	}
	if m.dateline == "" && pg.dateline != "" {
		res.Article.Dateline = pg.dateline
		m.datelinePlace, m.datelineCountry = pg.datelinePlace, pg.datelineCountry
	}
	ref := m.published

	// the report's countries: the dateline's first, then those named
	var ctx []string
	dlCountry := ""
	if m.datelineCountry != "" {
		if c, _ := x.countries.match(tokenize(m.datelineCountry, 0, nil)); c != nil {
			dlCountry = c.ISO3
		} else if x.places != nil {
			if gc, ok := x.places.Country(m.datelineCountry); ok {
				dlCountry = gc.ISO3
			}
		}
	}
	// tokens and actors of every sentence, once
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.toks = sc.toks[:0]
	bounds := make([]int, len(pg.sents)+1)
	acts := make([][]actorHit, len(pg.sents))
	var actorCountries []string
	for i, sp := range pg.sents {
		bounds[i] = len(sc.toks)
		sc.toks = tokenize(text[sp.start:sp.end], sp.start, sc.toks)
		acts[i] = x.actors.find(sc.toks[bounds[i]:])
		for _, a := range acts[i] {
			if a.named && a.country != "" && !contains(actorCountries, a.country) {
				actorCountries = append(actorCountries, a.country)
			}
		}
	}
	bounds[len(pg.sents)] = len(sc.toks)

	var places []gazetteer.Resolved
	var datelineLoc *Location
	if x.places != nil {
		ms := x.places.Scan(capitalizeArticles(text))
		named := map[string]bool{}
		for _, mm := range ms {
			if len(mm.Candidates) > 0 && mm.Candidates[0].Kind() == gazetteer.KindCountry && !named[mm.Candidates[0].Country] {
				named[mm.Candidates[0].Country] = true
				ctx = append(ctx, mm.Candidates[0].Country)
			}
		}
		for _, c := range actorCountries {
			if !named[c] {
				ctx = append(ctx, c)
			}
		}
		places = x.places.Resolve(ms, gazetteer.Context{Country: dlCountry, Countries: ctx})
		if m.datelinePlace != "" {
			name := titleCase(m.datelinePlace)
			if rs := x.places.Resolve(x.places.Scan(name), gazetteer.Context{Country: dlCountry, Countries: ctx}); len(rs) > 0 && rs[0].Place.Name != "" {
				l := x.locationOf(placeRef{place: rs[0].Place, kind: rs[0].Place.Kind(), text: name}, nil)
				l.Precision = truce.GeoNear
				datelineLoc = &l
				if dlCountry == "" {
					dlCountry = l.Country
				}
			}
		}
	} else {
		ctx = append(ctx, actorCountries...)
	}
	if dlCountry != "" {
		ctx = append([]string{dlCountry}, ctx...)
	}

	// a match or market report: its sport and market words colour every
	// sentence, not just those that name them
	var domain cue
	nsport := 0
	sentCues := make([]cue, len(pg.sents))
	for i := range pg.sents {
		sentCues[i] = x.cls.cuesOf(sc.toks[bounds[i]:bounds[i+1]], sc.hits)
		if i > 0 && sentCues[i-1]&cueFight != 0 && sentCues[i]&cueWithdrawal != 0 && sentCues[i]&(cueTransfer|cueUnopposed) == 0 {
			sentCues[i] |= cueFight // clashes, then "the militants withdrew": a retreat from the fight
		}
		if sentCues[i]&(cueSport|cueFinance) != 0 {
			nsport++
		}
	}
	if nsport*3 >= len(pg.sents) && nsport > 0 {
		domain = cueSport
	}
	// troops entering a place in a report about a handover take it over
	if m.title != "" && x.cls.cuesOf(tokenize(m.title, 0, nil), sc.hits)&cueTransfer != 0 {
		domain |= cueTransferDoc
	}
	for _, c := range sentCues {
		if c&cueTransfer != 0 {
			domain |= cueTransferDoc
		}
	}

	var tc transferContext
	if m.title != "" {
		tt := tokenize(m.title, 0, nil)
		tc.update(tt, x.countries, x.cls.cuesOf(tt, sc.hits))
	}
	var prev scenes
	seen := map[string]int{}
	protEv, protSent := -1, -1 // the last protest event and its sentence
	for i, sp := range pg.sents {
		toks := sc.toks[bounds[i]:bounds[i+1]]
		var next []token
		if i+1 < len(pg.sents) {
			next = sc.toks[bounds[i+1]:bounds[i+2]]
		}
		if len(prev) == 0 && i > 0 { // no located event yet: the last place named before
			if l := x.placeBefore(sc.toks[:bounds[i]], places, ctx); l != nil {
				prev = scenes{{*l, ref}}
			}
		}
		ev, ok := x.sentence(text, sp, toks, next, acts[i], sc.hits, sentCues[i]|domain, places, ctx, ref, &tc, prev, datelineLoc)
		if protEv >= 0 && i-protSent <= 2 && (!ok || ev.SubType == truce.Arrests && sameDay(&res.Events[protEv], &ev)) {
			// "Police dispersed them and arrested 60.": what followed the protest
			upgradeProtest(&res.Events[protEv], toks, sentCues[i])
			if ok {
				continue // the arrests are the protest's intervention, no event of their own
			}
		}
		if protEv >= 0 && i-protSent <= 2 && ok && (ev.SubType == truce.ArmedClash || ev.SubType == truce.Attack || ev.SubType == truce.ExcessiveForceProtesters) && !protestersSubject(toks) && forceOnProtesters(toks) {
			// "Soldiers also fired live bullets at them.": the force used on the protest
			upgradeProtest(&res.Events[protEv], toks, sentCues[i])
			continue
		}
		if protEv >= 0 && i-protSent <= 2 && ok && protestersSubject(toks) && violentSub[ev.SubType] {
			// "They clashed with police.": the protesters' own violence
			p := &res.Events[protEv]
			if protestSeverity[p.SubType] < protestSeverity[truce.ViolentDemonstration] {
				p.SubType, p.Type = truce.ViolentDemonstration, truce.ViolentDemonstration.Type()
			}
			continue
		}
		if !ok {
			continue
		}
		if i > 0 && ev.SubType == truce.Arrests && arrestFollowUp(toks) {
			continue // the sequel of the report's happening, not an event of its own
		}
		if ev.Location != nil && ev.Location.Precision < truce.GeoRegional {
			prev = append(prev, scene{*ev.Location, ev.Date})
		}
		if ev.Confidence < x.cfg.minConf {
			continue
		}
		key := string(ev.SubType) + "|" + ev.Date.String() + "|" + string(ev.Status)
		if ev.Location != nil {
			key += "|" + ev.Location.Name
		}
		if j, dup := seen[key]; dup {
			// the same event told twice: keep the better-supported telling
			if ev.Confidence > res.Events[j].Confidence {
				res.Events[j] = ev
			}
			continue
		}
		seen[key] = len(res.Events)
		if protestSeverity[ev.SubType] > 0 {
			protEv, protSent = len(res.Events), i
		}
		res.Events = append(res.Events, ev)
	}
	res.Events = mergeProtests(res.Events)
	for j := range res.Events {
		if e := &res.Events[j]; e.SubType == truce.SuicideBomb && bomberEngagedAfter(pg.sents, sc.toks, bounds, e.Evidence.Start) {
			e.SubType, e.Type = truce.ArmedClash, truce.ArmedClash.Type() // the bomber chased or challenged before his blast
		}
		if e := &res.Events[j]; e.SubType == truce.Attack && victimArmedAfter(pg.sents, sc.toks, bounds, e.Evidence.Start) {
			e.SubType, e.Type = truce.ArmedClash, truce.ArmedClash.Type() // the victim was a gang member
		}
		if e := &res.Events[j]; e.SubType == truce.NonStateActorOvertakes && pronounTakerGovernment(pg.sents, sc.toks, bounds, e.Evidence.Start) {
			e.SubType, e.Type = truce.GovernmentRegainsTerritory, truce.GovernmentRegainsTerritory.Type() // "They then made gains": the government's side named before
		}
		if e := &res.Events[j]; oneSided[e.SubType] && firedBackAfter(pg.sents, sc.toks, bounds, e.Evidence.Start, e.SubType) {
			e.SubType, e.Type = truce.ArmedClash, truce.ArmedClash.Type() // the target returned fire
		}
	}
	return res
}

// protestSeverity ranks the protest sub-event types: ACLED codes one event
// per protest, by what happened at it at worst.
var protestSeverity = map[truce.SubEventType]int{
	truce.PeacefulProtest: 1, truce.ProtestWithIntervention: 2, truce.ViolentDemonstration: 3, truce.ExcessiveForceProtesters: 4,
}

// mergeProtests keeps one event per protest in a report: of the protest
// events at one place and time, the most severe, dated
// as exactly as the best-dated of them.
func mergeProtests(evs []Event) []Event {
	out := evs[:0]
	for _, e := range evs {
		sev := protestSeverity[e.SubType]
		merged := false
		if sev > 0 {
			for j := range out {
				o := &out[j]
				osev := protestSeverity[o.SubType]
				if osev == 0 || locName(o.Location) != locName(e.Location) || o.Status != e.Status {
					continue
				}
				if !sameTime(o, &e) {
					continue
				}
				date, prec := o.Date, o.DatePrecision
				if e.DatePrecision < prec {
					date, prec = e.Date, e.DatePrecision
				}
				if sev > osev {
					*o = e
				}
				o.Date, o.DatePrecision = date, prec
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, e)
		}
	}
	return out
}

// sameDay reports whether b, told after a, is of a's day: the same date,
// or no day of its own.
func sameDay(a, b *Event) bool {
	return a.Date == b.Date || b.DatePrecision > truce.PrecisionDay
}

// sameTime reports whether two events may be one: the same day, or one
// dated inside the other's week or month.
func sameTime(a, b *Event) bool {
	if a.DatePrecision == b.DatePrecision {
		return a.Date == b.Date
	}
	if a.DatePrecision < b.DatePrecision {
		a, b = b, a
	}
	first, last := a.DatePrecision.Span(a.Date)
	return b.Date >= first && b.Date <= last
}

func locName(l *Location) string {
	if l == nil {
		return ""
	}
	return l.Name
}

// sentence extracts the event of one sentence, if it reports one.
func (x *Extractor) sentence(text string, sp span, toks, next []token, acts []actorHit, hits []hit, cs cue,
	places []gazetteer.Resolved, ctx []string, ref truce.Date, tc *transferContext, prev scenes, datelineLoc *Location) (Event, bool) {
	if len(toks) < 3 {
		return Event{}, false
	}
	tc.update(toks, x.countries, cs)

	attr, attributed := attribute(text[sp.start:sp.end], sp.start, toks)
	// countries named as agents: "brokered by Russia", "Azerbaijan agreed"
	for i := 0; i < len(toks); i++ {
		if !toks[i].cap {
			continue
		}
		c, n, isName := x.countries.matchName(toks[i:])
		if n == 0 {
			continue
		}
		if isName && (i == 0 || !locatives[toks[i-1].text]) && !overlaps(acts, i, i+n) &&
			(i+n >= len(toks) || toks[i+n].text != "'s") {
			acts = insertActor(acts, actorHit{start: i, end: i + n, entry: &govEntry, country: c.ISO3, named: true})
		}
		i += n - 1
	}
	// the claimant is no party to the event
	roleActs := acts[:0:0]
	for _, a := range acts {
		if attributed && a.start >= attr.start && a.end <= attr.end {
			continue
		}
		roleActs = append(roleActs, a)
	}
	skip := func(s, e int) bool {
		if attributed && s >= attr.start && e <= attr.end {
			return true
		}
		if datelineLoc != nil && s == 0 && datelineAt(text, toks, e) {
			return true // "BAKU, Nov. 20 -": where the reporter files from, not the scene
		}
		for _, a := range acts {
			if s >= a.start && e <= a.end && (a.entry.hasD || a.end-a.start > 1) {
				return true // "Azerbaijan's Defense Ministry", "Luhansk People's Militia"
			}
		}
		return false
	}
	ps := sentencePlaces(places, toks, skip, ctx)
	if len(ps) == 0 {
		ps = x.rescuePlaces(toks, skip, ctx)
	}
	if x.places == nil {
		ps = x.countryPlaces(toks, skip)
	}
	cand, ok := x.cls.classify(toks, cs, roleActs, len(ps) > 0, hits)
	if !ok {
		return Event{}, false
	}
	ev := Event{SubType: cand.sub, ClaimedBy: attr.by}

	// date
	// dates only of the sentences that report an event
	ds := dates.Find(text[sp.start:sp.end], ref)
	for i := range ds {
		ds[i].Start += sp.start
		ds[i].End += sp.start
	}
	sd := sentenceDates(ds, toks, ref)
	d, dated := eventDate(sd, cand.start, cand.end)
	switch {
	case dated && d.year:
		return Event{}, false // background: "since a war there ended in 1994"
	case dated && d.date < ref.AddDays(-366) && !ref.IsZero():
		return Event{}, false // history, not news
	case dated:
		ev.Date, ev.DatePrecision = d.date, d.prec

	default:
		ev.Date, ev.DatePrecision = ref, truce.PrecisionWeek
		if presentTense(toks, cand.start) {
			ev.DatePrecision = truce.PrecisionDay
		}
	}
	ev.Status = statusOf(toks, cand.start, cand.end, d, dated, next)

	// place
	var pr placeRef
	hasPlace := false
	if p, ok := pickPlace(toks, ps, cand.start, cand.end); ok {
		pr, hasPlace = p, true
		var l Location
		if p.kind == gazetteer.KindCountry {
			if c := x.countries.byISO[p.place.Country]; c != nil {
				l = countryLocation(c)
			} else {
				l = x.locationOf(p, toks)
			}
		} else {
			l = x.locationOf(p, toks)
		}
		ev.Location = &l
	} else if l, ok := prev.near(ev.Date); ok {
		// the place of the report's latest event of the same days
		ev.Location = &l
	} else if datelineLoc != nil {
		l := *datelineLoc
		ev.Location = &l
	} else if len(ctx) > 0 {
		if c := x.countries.byISO[ctx[0]]; c != nil {
			l := countryLocation(c)
			ev.Location = &l
		}
	}
	ctxCountry := ""
	if ev.Location != nil {
		ctxCountry = ev.Location.Country
	} else if len(ctx) > 0 {
		ctxCountry = ctx[0]
	}

	// actors
	a1, a2 := x.roles(toks, roleActs, cand, ctxCountry)
	if a1.Kind == truce.KindCivilians && (ev.SubType.Type() == truce.Battles || ev.SubType.Type() == truce.ExplosionsRemote) {
		// civilians are the victims of violence, never its agents
		c := a1
		a1, a2 = Actor{}, &c
	}
	ev.SubType = refineByActors(ev.SubType, a1, a2, cs, cand.flags)
	if ev.SubType == truce.NonStateActorOvertakes && (governmentSide(toks[:cand.start]) || stateSubject(toks[:cand.start])) {
		ev.SubType = truce.GovernmentRegainsTerritory // "pro-government militias took control of"
	}
	switch ev.SubType.Type() {
	case truce.Protests:
		if a1.Kind != truce.KindProtesters {
			if a1.Name != "" && a1.Kind != truce.KindCivilians {
				a2 = &a1
			}
			a1 = x.actors.makeActor("Protesters ({C})", ctxCountry, truce.KindProtesters)
		}
	case truce.Riots:
		if a1.Kind != truce.KindRioters && a1.Kind != truce.KindProtesters {
			if a1.Name != "" {
				a2 = &a1
			}
			a1 = x.actors.makeActor("Rioters ({C})", ctxCountry, truce.KindRioters)
		}
	case truce.ViolenceAgainstCivilians:
		if a2 == nil || a2.Kind != truce.KindCivilians {
			c := x.actors.makeActor("Civilians ({C})", ctxCountry, truce.KindCivilians)
			if a1.Kind == truce.KindCivilians {
				a1 = x.actors.makeActor("Unidentified Armed Group ({C})", ctxCountry, truce.KindPoliticalMilitia)
				a1.Name = strings.TrimSuffix(a1.Name, " ("+countryName(x, ctxCountry)+")")
			}
			a2 = &c
		}
	}
	if a1.Name == "" && ev.SubType.TransfersTerritory() && tc.to != "" {
		a1 = x.actors.stateForces(tc.to)
	}
	if ev.SubType.Type() == truce.Battles && a1.Name == "" && (a2 == nil || a2.Kind == truce.KindCivilians) && betweenTwoNations(toks) {
		// "fighting … between the two ex-Soviet nations": the report's
		// first two countries fight; the people killed are its toll
		if c1, c2, ok := firstTwo(ctx); ok {
			a1 = x.actors.stateForces(c1)
			b := x.actors.stateForces(c2)
			a2 = &b
		}
	}
	if a1.Name == "" {
		a1 = Actor{Name: "Unknown", Kind: truce.KindOther}
	}
	if a2 != nil && a2.Name == a1.Name {
		a2 = nil // one side named twice ("opposition supporters … protesters"), not two sides
	}
	ev.Actor1, ev.Actor2 = a1, a2
	ev.Type = ev.SubType.Type()
	if ev.SubType == truce.AgreementEvent && ev.Status == truce.StatusOccurred && cs&cueNegated != 0 {
		return Event{}, false // "failed attempts to establish a cease-fire"
	}

	// counts, control, evidence
	ev.Fatalities, ev.Injured = counts(toks)
	if hasPlace {
		ev.Control = x.controlOf(ev.SubType, pr.text, a1, a2, *tc)
	} else if ev.Location != nil {
		ev.Control = x.controlOf(ev.SubType, ev.Location.Name, a1, a2, *tc)
	}
	ev.Evidence = Evidence{Text: text[sp.start:sp.end], Start: sp.start, End: sp.end}
	ev.Confidence = confidence(cand.weight, a1.Kind != truce.KindOther, hasPlace, dated, attributed, ev.Status)
	return ev, true
}

// presentTense reports a present or present-perfect verb group before the
// trigger ("has entered", "are being cleared"): the report's own day.
func presentTense(toks []token, ts int) bool {
	for k := ts - 1; k >= 0 && k >= ts-4; k-- {
		switch toks[k].text {
		case "has", "have", "is", "are", "being":
			return true
		case ",", ".", ";":
			return false
		}
	}
	return false
}

// roles assigns the event's actors: the agent of a passive ("by X") or the
// actor nearest before the trigger is actor1; the first other actor after
// the trigger is actor2.
func (x *Extractor) roles(toks []token, acts []actorHit, c candidate, ctxCountry string) (Actor, *Actor) {
	if len(acts) == 0 {
		return Actor{}, nil
	}
	i1 := -1
	for i, a := range acts {
		if a.start >= c.end {
			k := a.start - 1
			for k >= 0 && (toks[k].text == "a" || toks[k].text == "an" || toks[k].text == "the") {
				k--
			}
			if k >= 0 && toks[k].text == "by" && a.start-c.end < 12 {
				i1 = i
				break
			}
		}
	}
	if i1 >= 0 && c.start > 0 {
		// only a passive trigger ("was wounded by", "strike by") takes
		// its agent from a by-phrase when an actor precedes it
		passive := toks[c.start-1].text == "was" || toks[c.start-1].text == "were" || toks[c.start-1].text == "been" || toks[c.start-1].text == "being" || c.flags&tViolent != 0
		if !passive && acts[0].end <= c.start {
			i1 = -1
		}
	}
	if i1 < 0 {
		for i, a := range acts {
			if a.end <= c.start || (a.start < c.end && a.end > c.start) {
				i1 = i // the last one before the trigger wins
			}
		}
	}
	// "Syrian army and allied fighters captured": the head of the
	// coordination acts
	for i1 > 0 && acts[i1-1].end <= acts[i1].start && coordinated(toks[acts[i1-1].end:acts[i1].start]) {
		i1--
	}
	if i1 < 0 {
		i1 = 0
		if acts[0].start >= c.end && c.flags&tViolent != 0 {
			// "a roadside bomb struck a police vehicle": the only actor,
			// after a violent trigger, is its target
			b := x.actors.actor(acts[0], ctxCountry)
			return Actor{}, &b
		}
	}
	a1 := x.actors.actor(acts[i1], ctxCountry)
	var a2 *Actor
	for i, a := range acts {
		if i == i1 {
			continue
		}
		if a.start < c.start && i1 < len(acts) && acts[i1].start > a.start && a.end <= c.start {
			continue // an earlier actor, before actor1
		}
		b := x.actors.actor(a, ctxCountry)
		if b.Name == a1.Name {
			continue
		}
		a2 = &b
		if a.start >= c.end {
			break
		}
	}
	return a1, a2
}

// coordinated reports whether the words between two actors join them:
// "and", "and allied", ", backed by".
func coordinated(between []token) bool {
	if len(between) == 0 || len(between) > 3 {
		return false
	}
	for _, t := range between {
		switch t.text {
		case "and", ",", "allied", "its", "their", "pro-government", "loyalist", "affiliated":
		default:
			return false
		}
	}
	return between[0].text == "and" || between[0].text == ","
}

// refineByActors applies the rules that depend on who acted: arrests by a
// non-state group are abductions; a capture by state forces regains
// territory; a clash with civilians is an attack.
func refineByActors(sub truce.SubEventType, a1 Actor, a2 *Actor, cs cue, flags int) truce.SubEventType {
	switch sub {
	case truce.Arrests:
		if a1.Kind == truce.KindRebelGroup || a1.Kind == truce.KindPoliticalMilitia || a1.Kind == truce.KindIdentityMilitia {
			return truce.AbductionForcedDisappearance
		}
	case truce.AbductionForcedDisappearance:
		if a2 != nil && armed(a2.Kind) && a2.Kind != truce.KindExternalForces {
			return truce.ArmedClash // combatants seized in fighting
		}
	case truce.NonStateActorOvertakes, truce.GovernmentRegainsTerritory:
		if unopposed(cs) {
			return truce.NonViolentTransfer
		}
		if a1.Kind == truce.KindStateForces || a1.Kind == truce.KindGovernment {
			return truce.GovernmentRegainsTerritory
		}
		if a1.Name != "" {
			return truce.NonStateActorOvertakes
		}
	case truce.ArmedClash:
		if flags&tAttackVerb != 0 && a2 != nil && a2.Kind == truce.KindCivilians && a1.Kind != truce.KindCivilians {
			return truce.Attack
		}
	}
	return sub
}

// countryPlaces finds country names in the sentence when there is no
// gazetteer.
func (x *Extractor) countryPlaces(toks []token, skip func(s, e int) bool) []placeRef {
	var out []placeRef
	for i := 0; i < len(toks); i++ {
		c, n, isName := x.countries.matchName(toks[i:])
		if n == 0 {
			continue
		}
		if isName && !skip(i, i+n) {
			out = append(out, placeRef{start: i, end: i + n, kind: gazetteer.KindCountry, text: c.Name,
				place: gazetteer.Place{Name: c.Name, Lat: c.Lat, Lon: c.Lon, Country: c.ISO3, Class: "A", Code: "PCLI"}})
		}
		i += n - 1
	}
	return out
}

func overlaps(acts []actorHit, s, e int) bool {
	for _, a := range acts {
		if s < a.end && a.start < e {
			return true
		}
	}
	return false
}

func insertActor(acts []actorHit, h actorHit) []actorHit {
	i := 0
	for i < len(acts) && acts[i].start < h.start {
		i++
	}
	acts = append(acts, actorHit{})
	copy(acts[i+1:], acts[i:])
	acts[i] = h
	return acts
}

func countryName(x *Extractor, iso string) string {
	if c := x.countries.byISO[iso]; c != nil {
		return c.Name
	}
	return ""
}

// nationWords name the sides of a war between states.
var nationWords = map[string]bool{"nations": true, "countries": true, "states": true, "neighbours": true, "neighbors": true, "republics": true}

// betweenTwoNations reports whether toks speak of a fight "between the
// two (ex-Soviet) nations", naming no side.
func betweenTwoNations(toks []token) bool {
	for i, t := range toks {
		if t.text != "between" {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+3; j++ {
			if toks[j].text != "two" {
				continue
			}
			for k := j + 1; k < len(toks) && k <= j+3; k++ {
				if nationWords[toks[k].text] {
					return true
				}
			}
		}
	}
	return false
}

// firstTwo returns the first two different countries of ctx.
func firstTwo(ctx []string) (string, string, bool) {
	for _, c := range ctx {
		if c != "" && ctx[0] != "" && c != ctx[0] {
			return ctx[0], c, true
		}
	}
	return "", "", false
}

// scene is where and when an earlier event of the report happened.
type scene struct {
	loc  Location
	date truce.Date
}

// scenes are the report's located events so far, in order.
type scenes []scene

// near returns the place of the latest scene within a week of d: a
// sentence that names no place ("Footage showed troops clearing mines")
// happens where the report's events of those days did, not at a deadline
// or a background event told in between.
func (s scenes) near(d truce.Date) (Location, bool) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i].date-d <= 7 && d-s[i].date <= 7 {
			return s[i].loc, true
		}
	}
	return Location{}, false
}

// titleCase turns a dateline's "BAKU" into "Baku" for the gazetteer.
func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// capitalizeArticles returns text with the Arabic article of place names
// capitalised ("al-Bukamal" → "Al-Bukamal", "ar-Raqqa"), which the
// gazetteer only finds capitalised. Byte offsets do not change.
func capitalizeArticles(text string) string {
	var b []byte
	for i := 0; i+3 < len(text); i++ {
		c := text[i]
		if (c == 'a' || c == 'e') && (i == 0 || text[i-1] == ' ' || text[i-1] == '(') && text[i+2] == '-' &&
			(text[i+1] == 'l' || text[i+1] == 'r' || text[i+1] == 's' || text[i+1] == 'd' || text[i+1] == 't') &&
			text[i+3] >= 'A' && text[i+3] <= 'Z' {
			if b == nil {
				b = []byte(text)
			}
			b[i] = c - 'a' + 'A'
		}
	}
	if b == nil {
		return text
	}
	return string(b)
}

// datelineAt reports whether the sentence's first e tokens are a dateline
// place: upper-case words followed by a comma, a dash or a bracket ("BAKU,
// Nov. 20 -", "KYIV (AP) —").
func datelineAt(text string, toks []token, e int) bool {
	if e >= len(toks) {
		return false
	}
	for _, t := range toks[:e] {
		if t.punct {
			continue
		}
		w := text[t.start:t.end]
		if strings.ToUpper(w) != w || strings.ToLower(w) == w {
			return false
		}
	}
	switch toks[e].text {
	case ",", "-", "—", "–", "(", ":":
		return true
	}
	return false
}
