package gazetteer

import (
	"strings"

	"github.com/truce-monitor/truce/fold"
)

// stateAbbrevs are the abbreviations news style (AP) gives states and
// provinces after a town: "Wichita, Kan.", "Orange County, Calif.",
// "Kelowna, B.C.", by ISO 3166-2 code.
var stateAbbrevs = map[string][]string{
	"US-AL": {"Ala."}, "US-AZ": {"Ariz."}, "US-AR": {"Ark."}, "US-CA": {"Calif.", "Cal."}, "US-CO": {"Colo."},
	"US-CT": {"Conn."}, "US-DE": {"Del."}, "US-FL": {"Fla."}, "US-GA": {"Ga."}, "US-IL": {"Ill."}, "US-IN": {"Ind."},
	"US-KS": {"Kan.", "Kans."}, "US-KY": {"Ky."}, "US-LA": {"La."}, "US-MD": {"Md."}, "US-MA": {"Mass."},
	"US-MI": {"Mich."}, "US-MN": {"Minn."}, "US-MS": {"Miss."}, "US-MO": {"Mo."}, "US-MT": {"Mont."},
	"US-NE": {"Neb.", "Nebr."}, "US-NV": {"Nev."}, "US-NH": {"N.H."}, "US-NJ": {"N.J."}, "US-NM": {"N.M."},
	"US-NY": {"N.Y."}, "US-NC": {"N.C."}, "US-ND": {"N.D."}, "US-OK": {"Okla."}, "US-OR": {"Ore.", "Oreg."},
	"US-PA": {"Pa.", "Penn."}, "US-RI": {"R.I."}, "US-SC": {"S.C."}, "US-SD": {"S.D."}, "US-TN": {"Tenn."},
	"US-TX": {"Tex."}, "US-VT": {"Vt."}, "US-VA": {"Va."}, "US-WA": {"Wash."}, "US-WV": {"W.Va.", "W.V."},
	"US-WI": {"Wis.", "Wisc."}, "US-WY": {"Wyo."}, "US-DC": {"D.C."},
	"CA-BC": {"B.C."}, "CA-AB": {"Alta."}, "CA-SK": {"Sask."}, "CA-MB": {"Man."}, "CA-ON": {"Ont."},
	"CA-QC": {"Que."}, "CA-NB": {"N.B."}, "CA-NS": {"N.S."}, "CA-PE": {"P.E.I."}, "CA-NL": {"Nfld."},
	"CA-NT": {"N.W.T."}, "AU-QLD": {"Qld."}, "AU-VIC": {"Vic."}, "AU-TAS": {"Tas."},
}

// abbrevKey is the index key of an abbreviation: its folded form after a
// period, which no folded name begins with, so that abbreviations are
// found only where Scan and MentionAt look for them.
func abbrevKey(s string) string {
	k := fold.Key(s)
	if k == "" {
		return ""
	}
	return "." + k
}

// findAbbrev finds name ("Kan.", "B.C.") among the abbreviations; it must
// end in a period.
func (g *Gazetteer) findAbbrev(name string) (int, bool) {
	if !strings.HasSuffix(name, ".") {
		return 0, false
	}
	k := abbrevKey(name)
	if k == "" {
		return 0, false
	}
	return g.ix.find(k)
}

// scanAbbrev matches an abbreviation at token i: dotted initials ("B.C.",
// "N.Y.") anywhere but after a number, a short word with a period
// ("Kan.") only after a place and a comma ("Wichita, Kan."). It returns
// the end of the match (after the period), the last token and the key
// position.
func (g *Gazetteer) scanAbbrev(text string, toks []token, i int, afterPlace bool) (end, last, pos int, ok bool) {
	t := toks[i]
	if t.end >= len(text) || text[t.end] != '.' {
		return 0, 0, 0, false
	}
	if t.end-t.start > 1 {
		// one word with a period: only after "Place, "
		if !afterPlace || t.end-t.start > 5 {
			return 0, 0, 0, false
		}
		pos, ok = g.findAbbrev(text[t.start : t.end+1])
		return t.end + 1, i, pos, ok
	}
	// initials: letters each followed by a period ("W.Va." ends in two)
	j := i
	for j+1 < len(toks) && toks[j+1].start == toks[j].end+1 && toks[j+1].end < len(text) && text[toks[j+1].end] == '.' &&
		toks[j+1].end-toks[j+1].start <= 2 {
		j++
	}
	if j == i {
		return 0, 0, 0, false
	}
	if k := strings.TrimRight(text[:t.start], " "); k != "" && k[len(k)-1] >= '0' && k[len(k)-1] <= '9' {
		return 0, 0, 0, false // "500 B.C."
	}
	pos, ok = g.findAbbrev(text[t.start : toks[j].end+1])
	return toks[j].end + 1, j, pos, ok
}
