package article

import (
	"unicode"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// language returns "en" when the text reads as English (enough English
// function words among its first words), otherwise the ISO 639-1 code
// whatlanggo guesses, or "und".
func language(title, text string) string {
	words, stop, distinct, letters, latin := 0, 0, 0, 0, 0
	s := text
	if len(s) < 200 {
		s = title + " " + text
	}
	for i := 0; i < len(s) && words < 150; {
		c := s[i]
		if c < utf8.RuneSelf && !isASCIILetter(c) {
			i++
			continue
		}
		j := i
		ascii := true
		for j < len(s) {
			if isASCIILetter(s[j]) {
				j++
				continue
			}
			if s[j] < utf8.RuneSelf {
				break
			}
			r, n := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r) {
				break
			}
			ascii = false
			j += n
		}
		if j == i { // a non-letter rune
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
			continue
		}
		words++
		letters += j - i
		if ascii {
			latin += j - i
			if j-i <= 7 {
				var buf [7]byte
				for k := i; k < j; k++ {
					buf[k-i] = s[k] | 0x20
				}
				if w := buf[:j-i]; englishStop[string(w)] {
					stop++
					if !sharedStop[string(w)] {
						distinct++
					}
				}
			}
		}
		i = j
	}
	if words == 0 {
		return "und"
	}
	latinText := latin*2 >= letters
	// News English has 30-45% function words; French, Spanish, German or
	// Italian copy shares a few ("a", "in") and stays under 5%.
	// A headline of a few words with a function word no other Latin-script
	// language spells alike ("says", "killed", "despite" aside) is English
	// whatever whatlanggo makes of its proper names.
	if latinText && (stop*100 >= words*15 || words >= 12 && stop*100 >= words*8 || words < 12 && distinct > 0) {
		return "en"
	}
	info := whatlanggo.Detect(s[:min(len(s), 2000)])
	code := info.Lang.Iso6391()
	if latinText && words < 12 && (code == "" || !info.IsReliable()) {
		return "en" // a headline or a few words: too short to call
	}
	if code == "" {
		return "und"
	}
	return code
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// englishStop are frequent English function words (and a few words of
// conflict reporting); news copy has 30-45% of them, other Latin-script
// languages almost none.
var englishStop = map[string]bool{
	"the": true, "of": true, "and": true, "to": true, "in": true, "a": true, "is": true, "was": true,
	"that": true, "for": true, "on": true, "with": true, "by": true, "as": true, "at": true, "from": true,
	"said": true, "it": true, "has": true, "have": true, "be": true, "are": true, "were": true, "an": true,
	"this": true, "which": true, "after": true, "not": true, "but": true, "or": true, "its": true,
	"their": true, "his": true, "her": true, "he": true, "she": true, "they": true, "will": true,
	"had": true, "been": true, "who": true, "would": true, "into": true, "over": true, "than": true,
	"more": true, "there": true, "also": true, "about": true, "when": true, "we": true, "our": true,
	"against": true, "between": true, "during": true, "under": true, "near": true, "while": true,
	"some": true, "two": true, "before": true, "since": true, "up": true, "out": true, "all": true,
	"them": true, "him": true, "what": true, "if": true, "can": true, "could": true, "should": true,
	"because": true, "killed": true, "people": true, "police": true,
}

// sharedStop are the englishStop words that French, Spanish, Italian,
// German, Dutch or Portuguese also write ("a", "in", "was", "die"): alone
// in a short text they tell nothing.
var sharedStop = map[string]bool{
	"a": true, "in": true, "an": true, "on": true, "was": true, "also": true, "will": true, "he": true,
	"her": true, "is": true, "over": true, "we": true, "to": true, "as": true, "up": true, "at": true,
	"be": true, "are": true, "some": true, "all": true, "or": true, "police": true, "for": true, "under": true,
}
