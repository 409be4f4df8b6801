package article

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/truce-monitor/truce/fold"
)

// lineKind classifies a line of text.
type lineKind uint8

const (
	lBlank     lineKind = iota
	lBody               // body text
	lFurniture          // page furniture, captions, bylines, date lines
	lBullet             // a bullet point: kept unless it repeats the body
)

type line struct {
	text string
	kind lineKind
}

// build cleans text (plain text, or the text HTML extraction produced) into
// a: title, paragraphs, dateline, outlet, sentences. A non-empty title is
// the headline known from HTML metadata.
func build(a *Article, text, title string) {
	if strings.IndexByte(text, '\r') >= 0 && strings.IndexByte(text, '\n') < 0 {
		text = strings.ReplaceAll(text, "\r", "\n") // old Mac line ends
	}
	lines := splitLines(text)
	bodyAt := firstBodyLine(lines)
	for i := range lines {
		l := &lines[i]
		if l.text == "" {
			l.kind = lBlank
			continue
		}
		l.kind = a.classify(l.text, i < bodyAt)
		if l.kind == lBullet {
			l.text = strings.TrimSpace(strings.TrimLeft(l.text, "•·▪*-–— \t"))
		}
	}
	// The headline: the first body line above the body that reads like one.
	if title == "" && countKind(lines, lBody)+countKind(lines, lBullet) > 1 {
		for i := 0; i <= bodyAt && i < len(lines); i++ {
			if lines[i].kind != lBody {
				continue
			}
			// A headline may end in '?' or '!' and so look like the body; a
			// line continued in lower case below is hard-wrapped copy.
			wrapped := i+1 < len(lines) && lines[i+1].kind == lBody && startsLower(lines[i+1].text)
			if !wrapped && headlineLike(lines[i].text) && (i < bodyAt || !strings.HasSuffix(strings.TrimRight(lines[i].text, "\"'”’"), ".")) {
				title = lines[i].text
				lines[i].kind = lFurniture
			}
			break
		}
	}
	a.Title = cleanTitle(strings.Join(strings.Fields(title), " "))
	if a.Title != "" {
		tkey := ""
		for i := range lines {
			l := &lines[i]
			if l.kind == lFurniture || l.kind == lBlank || len(l.text) > len(a.Title)+40 || len(l.text)+16 < len(a.Title) {
				continue
			}
			if l.text == a.Title || strings.EqualFold(l.text, a.Title) {
				l.kind = lFurniture
				continue
			}
			if tkey == "" {
				tkey = fold.Key(a.Title)
			}
			if k := fold.Key(l.text); k == tkey || strings.HasPrefix(k, tkey+" ") && hasSiteSeparator(l.text[min(len(l.text), max(0, len(a.Title)-4)):]) {
				l.kind = lFurniture // the headline repeated, maybe with a site name
			}
		}
	}
	paras := joinWrapped(lines)
	paras = dropRepeats(paras)
	a.assemble(paras)
}

func countKind(lines []line, k lineKind) int {
	n := 0
	for _, l := range lines {
		if l.kind == k {
			n++
		}
	}
	return n
}

// cleanTitle drops the wire prefixes of a headline: "UPDATE 2-",
// "EXCLUSIVE-", "WRAPUP 1-".
func cleanTitle(t string) string {
	for _, p := range []string{"UPDATE ", "WRAPUP ", "REFILE-", "EXCLUSIVE-", "CORRECTED-", "ANALYSIS-", "FACTBOX-"} {
		if !strings.HasPrefix(t, p) {
			continue
		}
		rest := t[len(p):]
		if strings.HasSuffix(p, " ") { // "UPDATE 2-"
			i := 0
			for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
				i++
			}
			if i == 0 || i >= len(rest) || rest[i] != '-' {
				return t
			}
			rest = rest[i+1:]
		}
		if rest = strings.TrimSpace(rest); rest != "" {
			return rest
		}
	}
	return t
}

// hasSiteSeparator reports whether s holds the separator of a site name
// appended to a headline: "Headline | Site", "Headline - Site".
func hasSiteSeparator(s string) bool {
	return strings.Contains(s, " | ") || strings.Contains(s, " - ") || strings.Contains(s, " – ") || strings.Contains(s, " — ") || strings.Contains(s, " :: ")
}

// splitLines splits text into lines with white space trimmed and runs of
// white space collapsed.
func splitLines(text string) []line {
	n := strings.Count(text, "\n") + 1
	lines := make([]line, 0, n)
	for len(text) > 0 {
		var s string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			s, text = text[:i], text[i+1:]
		} else {
			s, text = text, ""
		}
		lines = append(lines, line{text: normSpace(s)})
	}
	return lines
}

// normSpace trims s and collapses runs of white space (including
// no-break and zero-width spaces) into one space; it does not allocate when
// s is already clean.
func normSpace(s string) string {
	s = strings.TrimFunc(s, isSpace)
	clean := true
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c == '\t' || c == '\r' || c == '\f' || c == '\v' || (c == ' ' && prevSpace) {
			if c >= utf8.RuneSelf {
				r, _ := utf8.DecodeRuneInString(s[i:])
				if !isSpace(r) && r != '\u200b' && r != '\ufeff' {
					prevSpace = false
					continue
				}
			}
			clean = false
			break
		}
		prevSpace = c == ' '
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prevSpace = false
	for _, r := range s {
		if r == '\u200b' || r == '\ufeff' || r == '\u00ad' {
			continue
		}
		if isSpace(r) {
			if !prevSpace {
				b.WriteByte(' ')
			}
			prevSpace = true
			continue
		}
		prevSpace = false
		b.WriteRune(r)
	}
	return b.String()
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\f' || r == '\v' || r == '\u00a0' || r == '\u200b' || r == '\ufeff' || (r > 0x7f && unicode.IsSpace(r))
}

// firstBodyLine returns the index of the first line that reads like body
// copy (long, several words, ending a sentence); lines above it form the
// header where headline, bylines and date lines live.
func firstBodyLine(lines []line) int {
	for i, l := range lines {
		if len(l.text) >= 80 && endsSentence(l.text) && !isBulletLine(l.text) && !isCaption(l.text) {
			return i
		}
	}
	return len(lines)
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, "\"'”’)]")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "…")
}

// headlineLike reports whether s can be a headline: short, no final full
// stop, not a dateline paragraph.
func headlineLike(s string) bool {
	if len(s) > 200 || len(s) < 8 || startsLower(s) || strings.HasSuffix(s, ":") || strings.HasSuffix(s, ",") {
		return false
	}
	if sentenceBreak(s) {
		return false // two sentences: a paragraph, not a headline
	}
	if i := strings.LastIndexByte(s, ' '); i >= 0 && danglingWords[s[i+1:]] {
		return false // "... under the aegis of": a wrapped line
	}
	if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "...") && !endsInitialism(s) && !isUpperWord(s) {
		return false
	}
	if d, ok := parseDateline(s); ok && len(s)-d.end > 100 {
		return false // a first paragraph that lacks its full stop
	}
	return strings.Count(s, " ") < 35
}

// danglingWords end wrapped lines, never headlines.
var danglingWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "and": true, "to": true, "in": true, "for": true,
	"with": true, "by": true, "on": true, "at": true, "from": true, "that": true, "or": true,
}

// sentenceBreak reports whether s has a full stop after a word of four or
// more letters followed by a capital: the end of a sentence inside it.
func sentenceBreak(s string) bool {
	for i := strings.Index(s, ". "); i >= 0; {
		j := i
		for j > 0 && isASCIILetter(s[j-1]) {
			j--
		}
		if i-j >= 4 && i+2 < len(s) && s[i+2] >= 'A' && s[i+2] <= 'Z' {
			return true
		}
		k := strings.Index(s[i+2:], ". ")
		if k < 0 {
			break
		}
		i += 2 + k
	}
	return false
}

// endsInitialism reports whether s ends with dotted initials ("U.S.",
// "D.C."), which a headline may.
func endsInitialism(s string) bool {
	i := strings.LastIndexByte(s, ' ')
	return initialism(strings.TrimSuffix(s[i+1:], "."))
}

// classify decides what a non-empty line is; header says whether it lies
// above the first body line.
func (a *Article) classify(s string, header bool) lineKind {
	if !hasAlnum(s) {
		return lFurniture
	}
	if isBulletLine(s) {
		return lBullet
	}
	if len(s) <= 64 {
		var buf [64]byte
		k := lowerKey(s, buf[:])
		if furnitureExact[k] {
			return lFurniture
		}
		if o, ok := outletLines[k]; ok {
			a.setOutlet(o)
			return lFurniture
		}
	}
	for _, p := range prefixesByByte[lowerByte(s[0])] {
		if hasPrefixFold(s, p) {
			if hasPrefixFold(s, "(reporting by") || hasPrefixFold(s, "reporting by") || hasPrefixFold(s, "additional reporting") || hasPrefixFold(s, "editing by") || hasPrefixFold(s, "writing by") {
				a.setOutlet("Reuters")
			}
			a.outletFromCredit(s)
			return lFurniture
		}
	}
	if len(s) <= 24 && readingTime(s) {
		return lFurniture
	}
	if len(s) < 200 && containsFold(s, "contributed to this report") {
		a.outletFromCredit(s)
		return lFurniture
	}
	if len(s) <= 120 && strings.ContainsAny(s, "0123456789") {
		if d, ok := dateLine(s, header); ok {
			if a.Published.IsZero() {
				a.Published = d.Time()
			}
			return lFurniture
		}
	}
	if isCaption(s) {
		return lFurniture
	}
	if header && isByline(s) {
		a.outletFromCredit(s)
		return lFurniture
	}
	return lBody
}

// readingTime reports whether s is a "3 min read" line.
func readingTime(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	rest := strings.ToLower(strings.TrimSpace(s[i:]))
	return rest == "min read" || rest == "mins read" || rest == "minute read" || rest == "minutes read" || rest == "min" || rest == "-min read"
}

func hasAlnum(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func isBulletLine(s string) bool {
	if strings.HasPrefix(s, "•") || strings.HasPrefix(s, "·") || strings.HasPrefix(s, "▪") {
		return true
	}
	return len(s) > 2 && (s[0] == '*' || s[0] == '-') && s[1] == ' '
}

// lowerKey lower-cases s into buf and drops trailing punctuation, for
// exact furniture lookups.
func lowerKey(s string, buf []byte) string {
	n := 0
	for i := 0; i < len(s) && n < len(buf); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	for n > 0 && (buf[n-1] == ':' || buf[n-1] == '.' || buf[n-1] == ' ' || buf[n-1] == '|' || buf[n-1] == '>') {
		n--
	}
	return string(buf[:n])
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

var furnitureExact = map[string]bool{}

func init() {
	for _, s := range strings.Split(`short url|follow|following|share|share this|share this article|share this story|share on facebook|share on twitter|
tweet|email|e-mail|print|comments|comment|advertisement|ad|sponsored|sponsored content|read more|more|related|related articles|related stories|
related content|recommended|most read|most popular|trending|subscribe|sign up|sign in|log in|login|register|skip to main content|skip to content|
listen|listen to this article|copy link|link copied|facebook|twitter|whatsapp|linkedin|telegram|reddit|messenger|pinterest|x|menu|search|home|
close|loading|loading...|back to top|next article|previous article|topics|tags|font size|accept|accept all|reject all|manage cookies|
cookie settings|show comments|hide caption|toggle caption|enlarge this image|view comments|watch|play video|video|audio|gallery|open in app|
save|bookmark|copy|copied|whatsapp twitter facebook|facebook twitter|facebook twitter email|continue reading|show more|see more|top stories|
latest news|news|world|europe|middle east|asia|politics|opinion|in pictures|live|breaking news|go to comments|view gallery`, "|") {
		furnitureExact[strings.TrimSpace(s)] = true
	}
}

// outletLines are lines that name the outlet on their own.
var outletLines = map[string]string{
	"associated press": "AP", "the associated press": "AP", "ap": "AP", "reuters": "Reuters",
	"afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
	"by associated press": "AP", "by the associated press": "AP", "by reuters": "Reuters", "by afp": "AFP",
}

var furniturePrefixes = []string{
	"read more", "read also", "also read", "see also", "related:", "more:", "follow us", "follow @",
	"follow the latest", "sign up", "subscribe to", "subscribe now", "click here", "listen to", "watch:", "video:",
	"copyright", "©", "(c) ", "all rights reserved", "this story has been corrected", "our standards",
	"we use cookies", "this website uses cookies", "this site uses cookies", "by using this site",
	"by continuing to", "accept cookies", "cookies help", "reporting by", "(reporting by",
	"additional reporting by", "writing by", "editing by", "compiled by", "get the latest", "download the app",
	"join our", "support our journalism", "share this", "share on", "image caption", "image source",
	"image copyright", "media caption", "getty images", "photo:", "file photo:", "image:", "picture:",
	"caption:", "file - ", "file – ", "file — ", "photograph:", "last modified", "this article was",
	"this content was", "© ", "reading time", "gift this article", "save article", "sign in to",
	"comments (", "view comments", "most viewed", "more on this story", "related topics",
}

// prefixesByByte groups furniturePrefixes by their first byte.
var prefixesByByte = map[byte][]string{}

func init() {
	for _, p := range furniturePrefixes {
		b := lowerByte(p[0])
		prefixesByByte[b] = append(prefixesByByte[b], p)
	}
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// setOutlet records the outlet if none was found before.
func (a *Article) setOutlet(o string) {
	if a.Outlet == "" {
		a.Outlet = o
	}
}

// outletFromCredit finds a wire service named in a byline or credit line.
func (a *Article) outletFromCredit(s string) {
	switch {
	case containsFold(s, "associated press") || strings.Contains(s, "(AP)") || strings.HasSuffix(s, " AP"):
		a.setOutlet("AP")
	case containsFold(s, "reuters"):
		a.setOutlet("Reuters")
	case containsFold(s, "agence france") || strings.Contains(s, "AFP"):
		a.setOutlet("AFP")
	}
}

// isByline reports whether s is a byline: "By Jane Doe", "By JANE DOE
// Associated Press".
func isByline(s string) bool {
	if !hasPrefixFold(s, "by ") || len(s) > 120 {
		return false
	}
	rest := s[3:]
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsUpper(r) && strings.Count(rest, " ") < 12 && !endsSentence(s)
}

// captionCredits are the credits at the end of a photo caption.
var captionCredits = []string{"afp", "reuters", "ap", "ap photo", "getty", "epa", "photo", "anadolu", "tass",
	"sputnik", "xinhua", "handout", "image", "ria novosti", "efe", "via", "file", "pool", "dpa", "upi"}

// isCaption reports whether s is a photo caption: it ends with a credit
// in parentheses ("(AFP)", "(AP Photo/Jane Doe)"), carries an agency photo
// credit ("REUTERS/Stringer"), or starts "Photo:".
func isCaption(s string) bool {
	if len(s) > 600 {
		return false
	}
	// Captions are a sentence or two; a long paragraph that ends with a
	// wire credit is copy.
	if strings.HasSuffix(s, ")") && len(s) <= 350 {
		if i := strings.LastIndexByte(s, '('); i >= 0 && len(s)-i < 80 {
			credit := strings.ToLower(s[i+1 : len(s)-1])
			for _, c := range captionCredits {
				if credit == c || strings.HasPrefix(credit, c+" ") || strings.HasPrefix(credit, c+"/") || strings.Contains(credit, "photo") {
					return true
				}
			}
		}
	}
	tail := s[max(0, len(s)-60):]
	return strings.Contains(tail, "REUTERS/") || strings.Contains(tail, "AFP/") || strings.Contains(tail, "/AFP") ||
		strings.Contains(tail, "AP Photo/") || strings.Contains(tail, "Getty Images") ||
		strings.Contains(tail, "Photograph: ") || strings.Contains(tail, "Photo: ") && !endsSentence(s)
}

// joinWrapped turns the kept lines into paragraphs, joining hard-wrapped
// lines: a body line continues the one before when it starts in lower case,
// or when the line before is long, directly above it and ends no sentence.
func joinWrapped(lines []line) []line {
	out := make([]line, 0, len(lines))
	var parts []string // the lines of the last paragraph, when wrapped
	flush := func() {
		if len(parts) > 1 {
			out[len(out)-1].text = strings.Join(parts, " ")
		}
		parts = parts[:0]
	}
	blank := false // a blank line since the last kept one
	for _, l := range lines {
		switch l.kind {
		case lBlank:
			blank = true
			continue
		case lFurniture:
			continue
		}
		if n := len(out); n > 0 && l.kind == lBody && out[n-1].kind == lBody {
			prev := parts[len(parts)-1]
			if startsLower(l.text) || (!blank && !endsSentence(prev) && len(prev) >= 50 && !strings.HasSuffix(prev, ":")) {
				parts = append(parts, l.text)
				blank = false
				continue
			}
		}
		flush()
		blank = false
		out = append(out, l)
		parts = append(parts, l.text)
	}
	flush()
	return out
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// maxBulletChecks caps the bullet points compared with the body.
const maxBulletChecks = 32

// dropRepeats removes paragraphs that repeat an earlier one and bullet
// points whose text appears in the body.
func dropRepeats(paras []line) []line {
	seen := make(map[string]bool, len(paras))
	out := paras[:0]
	hasBullets := false
	for _, p := range paras {
		if seen[p.text] {
			continue
		}
		seen[p.text] = true
		if p.kind == lBullet {
			hasBullets = true
		}
		out = append(out, p)
	}
	if !hasBullets {
		return out
	}
	var body strings.Builder
	for _, p := range out {
		if p.kind == lBody {
			body.WriteString(p.text)
			body.WriteByte('\n')
		}
	}
	bodyText := body.String()
	bodyKey := ""
	var buf []byte
	kept := out[:0]
	checked := 0
	for _, p := range out {
		// Summaries are a handful of bullets at the top; checking a long
		// list against a long body would be quadratic.
		if p.kind == lBullet && checked < maxBulletChecks {
			checked++
			// Most summaries copy a sentence as it stands; else compare keys.
			if t := strings.TrimRight(p.text, ".!? "); len(t) > 8 && strings.Contains(bodyText, t) {
				continue
			}
			if bodyKey == "" {
				bodyKey = string(matchKey(make([]byte, 0, len(bodyText)+2), bodyText))
			}
			buf = matchKey(buf[:0], p.text)
			if len(buf) > 2 && strings.Contains(bodyKey, string(buf)) {
				continue
			}
		}
		kept = append(kept, p)
	}
	return kept
}

// matchKey appends to dst the key of s for duplicate detection: letters
// and digits lower-cased, apostrophes dropped, every other run of
// characters one space, with a space at both ends.
func matchKey(dst []byte, s string) []byte {
	dst = append(dst, ' ')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'A' && c <= 'Z':
				dst = append(dst, c+'a'-'A')
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				dst = append(dst, c)
			case c == '\'':
			default:
				if dst[len(dst)-1] != ' ' {
					dst = append(dst, ' ')
				}
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '’' || r == 'ʼ':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		default:
			if dst[len(dst)-1] != ' ' {
				dst = append(dst, ' ')
			}
		}
	}
	if dst[len(dst)-1] != ' ' {
		dst = append(dst, ' ')
	}
	return dst
}

// assemble writes the paragraphs into a.Text, finds the dateline in the
// first body paragraph and splits sentences.
func (a *Article) assemble(paras []line) {
	size := 0
	for _, p := range paras {
		size += len(p.text) + 1
	}
	var b strings.Builder
	b.Grow(size)
	a.Paragraphs = make([]Span, 0, len(paras))
	for i, p := range paras {
		if i > 0 {
			b.WriteByte('\n')
		}
		start := b.Len()
		b.WriteString(p.text)
		a.Paragraphs = append(a.Paragraphs, Span{start, b.Len()})
	}
	a.Text = b.String()
	dateline := -1
	for i, p := range paras {
		if p.kind != lBody {
			continue
		}
		if d, ok := parseDateline(p.text); ok {
			dateline = i
			off := a.Paragraphs[i].Start
			a.Dateline, a.DatelinePlace, a.DatelineCountry = d.text, d.place, d.country
			a.datelineDate = d.date
			if d.outlet != "" {
				a.Outlet = d.outlet
			}
			a.DatelineSpan = Span{off, off + d.end}
		}
		break
	}
	a.Sentences = make([]Sentence, 0, len(a.Text)/100+len(paras))
	for i, p := range a.Paragraphs {
		start := p.Start
		if i == dateline {
			start = a.DatelineSpan.End
		}
		a.Sentences = splitSentences(a.Text, start, p.End, i, a.Sentences)
	}
}
