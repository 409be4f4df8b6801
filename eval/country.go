package eval

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/truce-monitor/truce/fold"
)

// countryAliases are spellings ACLED and UCDP use that differ from the
// English CLDR names (folded keys → ISO 3166-1 alpha-3).
var countryAliases = map[string]string{
	"democratic republic of congo":     "COD",
	"democratic republic of the congo": "COD",
	"republic of congo":                "COG",
	"ivory coast":                      "CIV",
	"palestine":                        "PSE",
	"myanmar":                          "MMR",
	"burma":                            "MMR",
	"north macedonia":                  "MKD",
	"kosovo":                           "XKX",
	"eswatini":                         "SWZ",
	"swaziland":                        "SWZ",
	"east timor":                       "TLS",
	"russia":                           "RUS",
	"syria":                            "SYR",
	"iran":                             "IRN",
	"laos":                             "LAO",
	"vietnam":                          "VNM",
	"south korea":                      "KOR",
	"north korea":                      "PRK",
	"united states":                    "USA",
	"united states of america":         "USA",
	"united kingdom":                   "GBR",
	"turkey":                           "TUR",
	"czech republic":                   "CZE",
	"bosnia and herzegovina":           "BIH",
	"cape verde":                       "CPV",
	"macedonia":                        "MKD",
	"moldova":                          "MDA",
	"tanzania":                         "TZA",
	"bolivia":                          "BOL",
	"venezuela":                        "VEN",
	"vatican":                          "VAT",
	"micronesia":                       "FSM",
	"saint kitts and nevis":            "KNA",
	"saint lucia":                      "LCA",
	"saint vincent and the grenadines": "VCT",
	"sao tome and principe":            "STP",
	"trinidad and tobago":              "TTO",
	"antigua and barbuda":              "ATG",
	"central african republic":         "CAF",
	"gambia":                           "GMB",
	"bahamas":                          "BHS",
}

// deFactoStates gives the forces of unrecognised states the country truce
// codes them with. Karabakh's forces count as Armenia's (ARM), the
// decision recorded in extract/data/actors.tsv; ACLED codes their events
// with the country they happen in.
var deFactoStates = map[string]string{
	"artsakh": "ARM", "nagorno karabakh": "ARM", "republic of artsakh": "ARM",
}

var (
	countryOnce  sync.Once
	countryByKey map[string]string
)

// CountryCode returns the ISO 3166-1 alpha-3 code of an English country
// name ("Azerbaijan", "Democratic Republic of Congo"), or "" when it knows
// none. Names come from the CLDR data of golang.org/x/text plus the
// spellings the evaluation sets use.
func CountryCode(name string) string {
	countryOnce.Do(buildCountries)
	return countryByKey[fold.Key(name)]
}

func buildCountries() {
	countryByKey = map[string]string{}
	names := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() {
				continue
			}
			iso3 := r.ISO3()
			if len(iso3) != 3 {
				continue
			}
			if n := names.Name(r); n != "" {
				countryByKey[fold.Key(n)] = iso3
			}
		}
	}
	for k, v := range countryAliases {
		countryByKey[k] = v
	}
}

// actorForcePrefixes start ACLED names of state forces: "Military Forces
// of Azerbaijan (2003-)", "Police Forces of India (2014-)".
var actorForcePrefixes = []string{
	"military forces of ", "police forces of ", "government of ",
}

// ActorCountry returns the ISO 3166-1 alpha-3 code of the country an ACLED
// actor name belongs to: the state named in "Military Forces of X (…)" and
// the like (Artsakh's forces: ARM, see deFactoStates), or the country in brackets of "Protesters (Israel)". It
// returns "" when the name carries no country (rebel groups, "Taliban");
// callers then fall back to the event's country.
func ActorCountry(actor string) string {
	low := strings.ToLower(actor)
	for _, p := range actorForcePrefixes {
		if !strings.HasPrefix(low, p) {
			continue
		}
		rest := actor[len(p):]
		if i := strings.IndexAny(rest, "(:"); i >= 0 {
			rest = rest[:i]
		}
		if c := CountryCode(strings.TrimSpace(rest)); c != "" {
			return c
		}
		if c := deFactoStates[fold.Key(rest)]; c != "" {
			return c
		}
	}
	// "Protesters (Israel)", "Unidentified Armed Group (Syria)": the last
	// bracketed part that names a country.
	for s := actor; ; {
		i := strings.LastIndexByte(s, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j > 0 {
			if c := CountryCode(s[i+1 : i+j]); c != "" {
				return c
			}
		}
		s = s[:i]
	}
	return ""
}
