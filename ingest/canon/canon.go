// Package canon gives a report the two keys that make it stored once: its
// canonical URL (tracking parameters, fragments and default ports
// removed) and the hash of its normalised text.
package canon

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/truce-monitor/truce/fold"
)

// trackingParams are query parameters that say how a reader arrived, not
// what they read. Parameters starting with "utm_" are dropped too.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true, "mc_cid": true, "mc_eid": true,
	"igshid": true, "ref": true, "ref_src": true, "ref_url": true, "cmpid": true, "ocid": true, "ito": true,
	"smid": true, "share": true, "src": true, "rss": true, "feature": true, "at_medium": true, "at_campaign": true,
	"_ga": true, "_gl": true, "mkt_tok": true, "spm": true, "sr_share": true, "partner": true, "taid": true,
}

// URL returns the canonical form of a report's URL: scheme and host in
// lower case, "www." kept (sites differ), default ports, the fragment,
// tracking parameters (utm_*, fbclid, gclid, ...) and a trailing "?"
// removed, the other parameters sorted, and an empty path written "/".
// Only http and https URLs are accepted.
func URL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canon: url %q: %w", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("canon: url %q: want an http or https URL", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("canon: url %q: no host", raw)
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "80" && u.Scheme == "http" || port == "443" && u.Scheme == "https" {
		port = ""
	}
	u.Host = host
	if port != "" {
		u.Host = host + ":" + port
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			delete(q, k)
		}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		vs := q[k]
		sort.Strings(vs)
		for _, v := range vs {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	u.RawQuery = b.String()
	u.ForceQuery = false
	return u.String(), nil
}

// Text returns the normalised form of a report's text that its content
// hash is computed over: folded with fold.Key (lower case, no diacritics,
// no punctuation, single spaces), so that a copy that differs in
// typography only has the same hash.
func Text(text string) string { return fold.Key(text) }

// Hash returns the hex SHA-256 of the normalised text.
func Hash(text string) string {
	sum := sha256.Sum256([]byte(Text(text)))
	return hex.EncodeToString(sum[:])
}
