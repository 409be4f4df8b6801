package article

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// maxDepth is the element nesting beyond which a page is not handed to
// the tree-based extractor (whose recursion it could exhaust) but read by
// the flat fallback.
const maxDepth = 400

// maxElements is the number of elements beyond which a page is read by the
// flat fallback too: the tree-based extractor allocates 3 to 15 KB per
// element, so a 4 MB page of 150,000 spans took a gigabyte (over 500 MB
// resident). News pages have a few thousand elements.
const maxElements = 20000

// readHTML extracts the main text, title and metadata date of an HTML page.
func readHTML(data []byte, opts Options, cs string, a *Article) (text, title string, published time.Time, err error) {
	if !utf8.Valid(data) {
		ct := "text/html"
		if cs != "" {
			ct += "; charset=" + cs
		}
		enc, name, _ := charset.DetermineEncoding(data, ct)
		if out, derr := enc.NewDecoder().Bytes(data); derr == nil && utf8.Valid(out) {
			data = out
			a.Warnings = append(a.Warnings, fmt.Sprintf("HTML decoded from %s", name))
		} else {
			data = []byte(decodeText(data, "", a))
		}
	}
	flat := scanHTML(data)
	tooBig := flat.depth > maxDepth || flat.elements > maxElements
	switch {
	case flat.depth > maxDepth:
		a.Warnings = append(a.Warnings, fmt.Sprintf("HTML nested %d deep: read without the main-text extractor", flat.depth))
	case flat.elements > maxElements:
		a.Warnings = append(a.Warnings, fmt.Sprintf("HTML has %d elements (more than %d): read without the main-text extractor", flat.elements, maxElements))
	default:
		if res := extract(data, opts.URL); res != nil && strings.TrimSpace(res.ContentText) != "" {
			text, title, published = nodeText(res.ContentNode), res.Metadata.Title, res.Metadata.Date
		}
	}
	if strings.TrimSpace(text) == "" {
		text = flat.text
		if !tooBig && text != "" {
			a.Warnings = append(a.Warnings, "main-text extractor found nothing: read all visible text")
		}
	}
	if title == "" {
		title = flat.title
	}
	if published.IsZero() {
		published = flat.published
	}
	if strings.TrimSpace(text) == "" {
		return "", "", time.Time{}, fmt.Errorf("article: %w: the HTML has no visible text", ErrEmpty)
	}
	return text, title, published, nil
}

// extract runs trafilatura; a panic inside it counts as finding nothing.
func extract(data []byte, rawURL string) (res *trafilatura.ExtractResult) {
	defer func() {
		if recover() != nil {
			res = nil
		}
	}()
	opts := trafilatura.Options{
		ExcludeComments: true,
		Deduplicate:     true,
		HtmlDateMode:    trafilatura.Fast,
		MaxTreeSize:     200000,
	}
	if u, err := url.Parse(rawURL); err == nil && rawURL != "" {
		opts.OriginalURL = u
	}
	// Parse here: data is UTF-8 by now, and trafilatura.Extract would run
	// charset detection over the whole page again.
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	res, err = trafilatura.ExtractDocument(doc, opts)
	if err != nil {
		return nil
	}
	return res
}

// blockNames are the elements, HTML's and trafilatura's own ("head",
// "item", "lb", "quote"), that start a new line in nodeText.
var blockNames = map[string]bool{
	"p": true, "div": true, "head": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"list": true, "item": true, "li": true, "ul": true, "ol": true, "quote": true, "blockquote": true, "lb": true,
	"br": true, "row": true, "tr": true, "table": true, "section": true, "article": true, "figure": true,
	"figcaption": true, "pre": true, "code": true, "fw": true, "main": true, "body": true,
}

// nodeText returns the text under n with one line per block element.
func nodeText(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxDepth {
			return
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
		}
		block := n.Type == html.ElementNode && blockNames[n.Data]
		if block {
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
		if block {
			b.WriteByte('\n')
		}
	}
	walk(n, 0)
	return b.String()
}

// flatPage is what a single pass of the HTML tokenizer finds: the visible
// text outside scripts, navigation and footers, the title, a metadata date
// and the deepest nesting.
type flatPage struct {
	text      string
	title     string
	published time.Time
	depth     int
	elements  int // start tags, void and self-closing ones included
}

// skipped are elements whose text is never article text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Footer: true,
	atom.Header: true, atom.Aside: true, atom.Form: true, atom.Button: true, atom.Svg: true,
	atom.Iframe: true, atom.Template: true, atom.Select: true, atom.Figcaption: true, atom.Object: true,
}

// blocks are elements that break lines.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Section: true, atom.Article: true, atom.Tr: true,
	atom.Blockquote: true, atom.Main: true, atom.Ul: true, atom.Ol: true, atom.Table: true, atom.Pre: true,
	atom.Dd: true, atom.Dt: true, atom.Figure: true, atom.Hr: true,
}

var voids = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true, atom.Track: true,
	atom.Wbr: true, atom.Param: true,
}

// scanHTML reads the page with the tokenizer alone: no tree, so any depth
// is safe.
func scanHTML(data []byte) flatPage {
	var p flatPage
	var b strings.Builder
	z := html.NewTokenizer(bytes.NewReader(data))
	depth, skip := 0, 0
	var h1, titleText strings.Builder
	inTitle, inH1, inLD := false, false, false
	ogTitle := ""
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken: // io.EOF or a read error: either way the end
			p.text = b.String()
			p.title = firstNonEmpty(ogTitle, strings.TrimSpace(titleText.String()), strings.TrimSpace(h1.String()))
			return p
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			p.elements++
			if a == atom.Meta && hasAttr {
				prop, content := metaAttrs(z)
				switch prop {
				case "og:title":
					ogTitle = content
				case "article:published_time", "datepublished", "date", "pubdate", "dc.date", "og:published_time":
					if p.published.IsZero() {
						p.published = parseTime(content)
					}
				}
			}
			if a == atom.Time && hasAttr && p.published.IsZero() {
				for {
					k, v, more := z.TagAttr()
					if string(k) == "datetime" {
						p.published = parseTime(string(v))
					}
					if !more {
						break
					}
				}
			}
			if a == atom.Script && hasAttr {
				for {
					k, v, more := z.TagAttr()
					if string(k) == "type" && strings.Contains(string(v), "ld+json") {
						inLD = true
					}
					if !more {
						break
					}
				}
			}
			if tt == html.SelfClosingTagToken || voids[a] {
				if a == atom.Br {
					b.WriteByte('\n')
				}
				continue
			}
			depth++
			p.depth = max(p.depth, depth)
			if skipped[a] || skip > 0 {
				skip++
			}
			inTitle = inTitle || a == atom.Title
			inH1 = inH1 || a == atom.H1
			if blocks[a] {
				b.WriteByte('\n')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if voids[a] {
				continue
			}
			depth = max(depth-1, 0)
			if skip > 0 {
				skip--
			}
			if a == atom.Title {
				inTitle = false
			}
			if a == atom.Script {
				inLD = false
			}
			if a == atom.H1 {
				inH1 = false
			}
			if blocks[a] {
				b.WriteByte('\n')
			}
		case html.TextToken:
			t := z.Text()
			switch {
			case inLD:
				if p.published.IsZero() {
					p.published = jsonLDDate(t)
				}
			case inTitle:
				titleText.Write(t)
			case skip > 0:
			default:
				if inH1 {
					h1.Write(t)
				}
				b.Write(t)
			}
		}
	}
}

// jsonLDDate returns the datePublished of a JSON-LD block, found by
// looking for the key rather than decoding (pages often carry broken
// JSON).
func jsonLDDate(b []byte) time.Time {
	i := bytes.Index(b, []byte(`"datePublished"`))
	if i < 0 {
		return time.Time{}
	}
	rest := b[i+len(`"datePublished"`):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 || len(bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(rest[:j]), []byte(":")))) != 0 {
		return time.Time{}
	}
	rest = rest[j+1:]
	k := bytes.IndexByte(rest, '"')
	if k < 0 || k > 40 {
		return time.Time{}
	}
	return parseTime(string(rest[:k]))
}

// metaAttrs returns the lower-cased property/name/itemprop of a meta tag
// and its content.
func metaAttrs(z *html.Tokenizer) (prop, content string) {
	for {
		k, v, more := z.TagAttr()
		switch string(k) {
		case "property", "name", "itemprop":
			prop = strings.ToLower(string(v))
		case "content":
			content = string(v)
		}
		if !more {
			return prop, content
		}
	}
}

// parseTime parses the date-time formats metadata uses.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return t
		}
	}
	return time.Time{}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
