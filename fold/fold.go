// Package fold folds names for matching: "Kəlbəcər", "KELBƏCƏR" and
// "Kelbecer" fold to the same key, as do "Şuşa" and "Susa".
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// special maps letters that decomposition does not reduce to ASCII.
var special = map[rune]string{
	'ə': "e", 'Ə': "e", 'ı': "i", 'ł': "l", 'Ł': "l", 'ø': "o", 'Ø': "o",
	'đ': "d", 'Đ': "d", 'ð': "d", 'þ': "th", 'ß': "ss", 'æ': "ae", 'Æ': "ae",
	'œ': "oe", 'Œ': "oe", 'ʻ': "", 'ʼ': "", '’': "", '‘': "", '\'': "", 'ʿ': "", 'ʾ': "",
}

// Key returns the matching key of s: lower case, diacritics removed,
// apostrophes dropped, every run of other non-letter, non-digit characters
// turned into one space, trimmed.
func Key(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		s = norm.NFD.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if rep, ok := special[r]; ok {
			if rep != "" {
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteString(rep)
			}
			continue
		}
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}
