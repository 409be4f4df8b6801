package truce

import "time"

// Source is a report truce has read: a news article, a press release, a
// post.
type Source struct {
	ID          int64     `json:"id,omitempty"`
	URL         string    `json:"url,omitempty"` // canonical URL, unique when set
	Outlet      string    `json:"outlet,omitempty"`
	Title       string    `json:"title,omitempty"`
	Published   time.Time `json:"published,omitzero"`
	Dateline    string    `json:"dateline,omitempty"` // "BAKU, Azerbaijan"
	Language    string    `json:"language,omitempty"` // ISO 639-1
	Text        string    `json:"text"`
	ContentHash string    `json:"content_hash"` // hex SHA-256 of the normalised text, unique
	SimHash     uint64    `json:"simhash,omitempty"`
	// DuplicateOf links a near-duplicate (a republished wire copy) to the
	// first source with that text; zero for an original.
	DuplicateOf int64     `json:"duplicate_of,omitempty"`
	FetchedAt   time.Time `json:"fetched_at,omitzero"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
}
