package gazetteer

import (
	"strings"

	"github.com/truce-monitor/truce/fold"
)

// stopwords parses stopwords.txt: capitalised words that Scan never takes
// as a one-word place name.
func stopwords() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(stopwordsTXT, "\n") {
		if line = strings.TrimSpace(line); line == "" || line[0] == '#' {
			continue
		}
		for _, w := range strings.Fields(line) {
			m[fold.Key(w)] = true
		}
	}
	return m
}
