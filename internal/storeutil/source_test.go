package storeutil_test

import (
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storeutil"
)

func TestPrepareSource(t *testing.T) {
	tests := []struct {
		name string
		s    *truce.Source
		want string // error substring
		hash string // ContentHash after
	}{
		{"text hashed", &truce.Source{Text: "abc"}, "", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"url only hashes empty text", &truce.Source{URL: "https://example.org/a"}, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"hash kept", &truce.Source{Text: "abc", ContentHash: "given"}, "", "given"},
		{"nil", nil, "nil source", ""},
		{"empty", &truce.Source{}, "neither URL, text nor content hash", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, storeutil.PrepareSource(tt.s), tt.want)
			if tt.want == "" && tt.s.ContentHash != tt.hash {
				t.Errorf("ContentHash = %q, want %q", tt.s.ContentHash, tt.hash)
			}
		})
	}
}
