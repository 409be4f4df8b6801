package extract

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Country is a state the extractor knows by name and demonym.
type Country struct {
	ISO3 string  // ISO 3166-1 alpha-3
	Name string  // "Azerbaijan"
	Lat  float64 // the capital's coordinates, for country-level locations
	Lon  float64
	// Capital is the capital's name.
	Capital string
}

// countryIndex finds country names and demonyms in tokens.
type countryIndex struct {
	byKey  map[string]*Country // folded name, other name or demonym (and its plural)
	byISO  map[string]*Country
	isName map[string]bool // keys that are names, not demonyms
	maxLen int             // most words in a key
	first  map[string]bool // first words of the keys, for a quick "no"
	// extra looks up names the table lacks (the gazetteer's Country).
	extra func(word string) (*Country, bool)
}

// parseCountries reads the countries table (see data/countries.tsv).
func parseCountries(r io.Reader) (*countryIndex, error) {
	ci := &countryIndex{byKey: map[string]*Country{}, byISO: map[string]*Country{}, isName: map[string]bool{}, first: map[string]bool{}}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) < 6 {
			return nil, fmt.Errorf("countries line %d: want 6 tab-separated fields, got %d", line, len(f))
		}
		lat, err1 := strconv.ParseFloat(f[4], 64)
		lon, err2 := strconv.ParseFloat(f[5], 64)
		if err1 != nil || err2 != nil || len(f[0]) != 3 {
			return nil, fmt.Errorf("countries line %d: bad ISO3 or coordinates", line)
		}
		c := &Country{ISO3: f[0], Name: f[1], Lat: lat, Lon: lon}
		if len(f) > 6 {
			c.Capital = f[6]
		}
		ci.byISO[c.ISO3] = c
		ci.addKey(c.Name, c, true)
		for _, n := range splitList(f[2]) {
			ci.addKey(n, c, true)
		}
		for _, d := range splitList(f[3]) {
			ci.addKey(d, c, false)
			ci.addKey(d+"s", c, false)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("countries: %w", err)
	}
	return ci, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (ci *countryIndex) addKey(name string, c *Country, isName bool) {
	toks := tokenize(name, 0, nil)
	var ws []string
	for _, t := range toks {
		if t.text == "'s" {
			continue
		}
		ws = append(ws, t.text)
	}
	k := strings.Join(ws, " ")
	if k == "" {
		return
	}
	if _, dup := ci.byKey[k]; !dup {
		ci.byKey[k] = c
		if isName {
			ci.isName[k] = true
		}
	}
	ci.maxLen = max(ci.maxLen, len(ws))
	ci.first[ws[0]] = true
}

// match returns the country named at the start of toks and how many tokens
// name it, longest first; n is 0 when none does.
func (ci *countryIndex) match(toks []token) (c *Country, n int) {
	c, n, _ = ci.matchName(toks)
	return c, n
}

// matchName is match that also says whether the words are the country's
// name (Armenia) rather than a demonym (Armenian).
func (ci *countryIndex) matchName(toks []token) (*Country, int, bool) {
	if len(toks) == 0 || !toks[0].cap || !ci.first[toks[0].text] {
		return nil, 0, false
	}
	var buf [64]byte
	for n := min(ci.maxLen, len(toks)); n >= 1; n-- {
		k := buf[:0]
		ok := true
		for i := 0; i < n; i++ {
			if toks[i].punct {
				ok = false
				break
			}
			if i > 0 {
				k = append(k, ' ')
			}
			k = append(k, toks[i].text...)
		}
		if !ok {
			continue
		}
		if c, found := ci.byKey[string(k)]; found {
			return c, n, ci.isName[string(k)]
		}
	}
	return nil, 0, false
}
