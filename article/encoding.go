package article

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// decodeText returns data as valid UTF-8. A declared charset other than
// UTF-8 is decoded; UTF-16 with a byte-order mark is decoded; otherwise
// bytes that are not valid UTF-8 are read as Windows-1252, the usual
// culprit, and a warning is added.
func decodeText(data []byte, charset string, a *Article) string {
	if len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff) {
		dec := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
		if out, err := dec.Bytes(data); err == nil {
			return string(out)
		}
	}
	cs := strings.ToLower(strings.TrimSpace(charset))
	if cs != "" && cs != "utf-8" && cs != "utf8" && cs != "us-ascii" {
		if enc, err := htmlindex.Get(cs); err == nil {
			if out, err := enc.NewDecoder().Bytes(data); err == nil {
				if utf8.Valid(out) {
					return string(out)
				}
			}
		}
	}
	if utf8.Valid(data) {
		return strings.TrimPrefix(string(data), "\ufeff")
	}
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	bad := 0
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			b.WriteRune(cp1252(data[i]))
			bad++
			i++
			continue
		}
		b.Write(data[i : i+n])
		i += n
	}
	a.Warnings = append(a.Warnings, fmt.Sprintf("invalid UTF-8: %d bytes read as Windows-1252", bad))
	return b.String()
}

// cp1252 maps a byte of Windows-1252 to its rune; the five undefined bytes
// become U+FFFD.
func cp1252(c byte) rune {
	if c >= 0x80 && c < 0xa0 {
		return cp1252High[c-0x80]
	}
	return rune(c)
}

var cp1252High = [32]rune{
	'€', '\ufffd', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\ufffd', 'Ž', '\ufffd',
	'\ufffd', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\ufffd', 'ž', 'Ÿ',
}
