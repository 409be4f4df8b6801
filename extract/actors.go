package extract

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/truce-monitor/truce"
)

//go:embed data/actors.tsv
var defaultActors []byte

//go:embed data/countries.tsv
var defaultCountries []byte

// Actor is a party to an extracted event.
type Actor struct {
	Name    string          `json:"name"`
	Country string          `json:"country"` // ISO 3166-1 alpha-3, "" when unknown
	Kind    truce.ActorKind `json:"kind"`
}

// actorEntry is one line of the actor dictionary.
type actorEntry struct {
	pattern string
	name    string // may hold {C}
	country string // ISO3, "{ISO}" or ""
	kind    truce.ActorKind
	hasD    bool
}

// actorDict finds actors in sentences.
type actorDict struct {
	m       *matcher
	entries []actorEntry
	ci      *countryIndex
}

// actorHit is an actor found in a sentence: tokens [start, end).
type actorHit struct {
	start, end int
	entry      *actorEntry
	country    string // ISO3 from the {D} element, "" when the context decides
	// nameCountry is true when the country was named by the actor's words.
	named bool
}

// parseActors reads dictionary lines from r into d.
func (d *actorDict) parse(r io.Reader, src string) error {
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) != 4 {
			return fmt.Errorf("actors %s:%d: want 4 tab-separated fields (pattern, name, country, kind), got %d", src, line, len(f))
		}
		e := actorEntry{pattern: f[0], name: f[1], country: f[2], kind: truce.ActorKind(f[3])}
		if !e.kind.Valid() {
			return fmt.Errorf("actors %s:%d: unknown kind %q", src, line, f[3])
		}
		if e.country != "" && e.country != "{ISO}" && len(e.country) != 3 {
			return fmt.Errorf("actors %s:%d: country %q is not ISO 3166-1 alpha-3", src, line, e.country)
		}
		e.hasD = strings.Contains(e.pattern, "{D}")
		d.entries = append(d.entries, e)
		if err := d.m.add(e.pattern, len(d.entries)-1); err != nil {
			return fmt.Errorf("actors %s:%d: %w", src, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("actors %s: %w", src, err)
	}
	return nil
}

// newActorDict builds the dictionary from the override file (when path is
// not empty; its lines win over the defaults) and the embedded defaults.
func newActorDict(ci *countryIndex, path string) (*actorDict, error) {
	d := &actorDict{m: newMatcher(ci), ci: ci}
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("actors: %w", err)
		}
		if err := d.parse(bytes.NewReader(b), path); err != nil {
			return nil, err
		}
	}
	if err := d.parse(bytes.NewReader(defaultActors), "data/actors.tsv"); err != nil {
		return nil, err
	}
	return d, nil
}

// find returns the actors named in toks, longest matches first, in order.
func (d *actorDict) find(toks []token) []actorHit {
	hits := longest(d.m.find(toks, nil))
	out := make([]actorHit, 0, len(hits))
	for _, h := range hits {
		e := &d.entries[h.id]
		if !e.hasD && h.start > 0 && toks[h.start].cap && (e.kind == truce.KindCivilians || e.kind == truce.KindProtesters) {
			continue // "People's Militia", "Workers' Party": part of a name
		}
		ah := actorHit{start: h.start, end: h.end, entry: e}
		switch {
		case e.hasD:
			ah.country, ah.named = h.country, true
		case e.country != "{ISO}":
			ah.country, ah.named = e.country, e.country != ""
		}
		out = append(out, ah)
	}
	return out
}

// actor returns the hit's actor, taking the country from ctx (ISO3) when
// the words name none.
func (d *actorDict) actor(h actorHit, ctx string) Actor {
	iso := h.country
	if !h.named && h.entry.country == "{ISO}" {
		iso = ctx
	}
	return d.makeActor(h.entry.name, iso, h.entry.kind)
}

// makeActor fills a name template with the country of iso.
func (d *actorDict) makeActor(name, iso string, kind truce.ActorKind) Actor {
	cname := ""
	if c := d.ci.byISO[iso]; c != nil {
		cname = c.Name
	} else {
		iso = ""
	}
	if strings.Contains(name, "{C}") {
		if cname == "" {
			name = strings.NewReplacer(" of {C}", "", " ({C})", "", "{C} ", "", "{C}", "").Replace(name)
		} else {
			name = strings.ReplaceAll(name, "{C}", cname)
		}
	}
	return Actor{Name: name, Country: iso, Kind: kind}
}

// stateForces returns the Military Forces of the country iso.
func (d *actorDict) stateForces(iso string) Actor {
	return d.makeActor("Military Forces of {C}", iso, truce.KindStateForces)
}

// armed reports whether the kind bears arms.
func armed(k truce.ActorKind) bool {
	switch k {
	case truce.KindStateForces, truce.KindRebelGroup, truce.KindPoliticalMilitia,
		truce.KindIdentityMilitia, truce.KindExternalForces:
		return true
	}
	return false
}
