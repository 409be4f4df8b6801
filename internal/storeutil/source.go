package storeutil

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/truce-monitor/truce"
)

// PrepareSource checks s before a store writes it and fills an empty
// ContentHash with the hex SHA-256 of s.Text. A source needs a URL, text
// or content hash to be told apart from others. Errors are EINVALID.
func PrepareSource(s *truce.Source) error {
	if s == nil {
		return truce.Errorf(truce.EINVALID, "nil source")
	}
	if s.ContentHash == "" {
		if s.Text == "" && s.URL == "" {
			return truce.Errorf(truce.EINVALID, "source has neither URL, text nor content hash")
		}
		sum := sha256.Sum256([]byte(s.Text))
		s.ContentHash = hex.EncodeToString(sum[:])
	}
	return nil
}
