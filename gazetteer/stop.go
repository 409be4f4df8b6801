package gazetteer

import (
	"strings"

	"github.com/truce-monitor/truce/fold"
)

// stopwords parses stopwords.txt: capitalised words that Scan never takes
// as a one-word place name.
func stopwords() map[string]bool { return wordSet(stopwordsTXT) }

// givenNames parses givennames.txt.
func givenNames() map[string]bool { return wordSet(givenNamesTXT) }

// wordSet parses a word list: folded words, "#" comments.
func wordSet(text string) map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line == "" || line[0] == '#' {
			continue
		}
		for _, w := range strings.Fields(line) {
			m[fold.Key(w)] = true
		}
	}
	return m
}
