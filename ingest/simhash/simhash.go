// Package simhash recognises near-duplicate reports: a wire story that
// several outlets republish with small edits (another headline, a
// sentence cut, a word changed).
//
// A report's fingerprint is Charikar's SimHash over hashed word shingles
// (runs of Shingle words of the folded text): texts that share most
// shingles get fingerprints that differ in few bits. Fingerprints find
// candidates cheaply (Index.Near); Resemblance, the Jaccard similarity of
// the shingle sets, confirms them.
package simhash

import (
	"math/bits"
	"slices"

	"github.com/truce-monitor/truce/fold"
)

// Shingle is the number of words in a shingle.
const Shingle = 3

// FNV-1a 64-bit constants.
const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

// Shingles returns the hashes of the word shingles of text, folded with
// fold.Key so that case, diacritics and punctuation do not count, sorted
// and without repeats. A text shorter than Shingle words gives one
// shingle of all its words, an empty text none.
func Shingles(text string) []uint64 {
	key := fold.Key(text)
	if key == "" {
		return nil
	}
	var starts [Shingle]int // ring of the last Shingle word starts
	n := 0
	out := make([]uint64, 0, len(key)/5)
	wordStart := 0
	for i := 0; i <= len(key); i++ {
		if i < len(key) && key[i] != ' ' {
			continue
		}
		starts[n%Shingle] = wordStart
		n++
		if n >= Shingle {
			// the shingle starts Shingle-1 words back
			out = append(out, fnv(key[starts[(n-Shingle)%Shingle]:i]))
		}
		wordStart = i + 1
	}
	if n < Shingle {
		out = append(out, fnv(key))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// fnv is the 64-bit FNV-1a hash of s.
func fnv(s string) uint64 {
	h := uint64(offset64)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime64
	}
	return h
}

// Sum returns the 64-bit SimHash of text's shingles; 0 for an empty text.
func Sum(text string) uint64 { return Of(Shingles(text)) }

// Of returns the SimHash of a set of shingle hashes: bit i is set when
// more shingles have bit i set (after mixing) than not.
func Of(shingles []uint64) uint64 {
	if len(shingles) == 0 {
		return 0
	}
	var v [64]int32
	for _, h := range shingles {
		h = mix(h)
		for i := range 64 {
			if h&(1<<i) != 0 {
				v[i]++
			} else {
				v[i]--
			}
		}
	}
	var s uint64
	for i, c := range v {
		if c > 0 {
			s |= 1 << i
		}
	}
	return s
}

// mix spreads the bits of an FNV hash (splitmix64's finaliser), so that
// each fingerprint bit is a fair coin per shingle.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Distance returns the number of bits in which a and b differ.
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// Resemblance returns the Jaccard similarity |a∩b| / |a∪b| of two sorted
// sets of shingle hashes (as Shingles returns them); 0 when both are
// empty.
func Resemblance(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// Index holds fingerprints and finds those near a given one. The zero
// Index is empty and ready to use; it is not safe for concurrent writes.
type Index struct {
	ids    []int64
	hashes []uint64
}

// Match is a fingerprint found by Near.
type Match struct {
	ID       int64
	Distance int
	pos      int // order of addition
}

// Add adds the fingerprint of the item id. A zero fingerprint (an empty
// text) is not added.
func (x *Index) Add(id int64, h uint64) {
	if h == 0 {
		return
	}
	x.ids = append(x.ids, id)
	x.hashes = append(x.hashes, h)
}

// Len returns the number of fingerprints held.
func (x *Index) Len() int { return len(x.ids) }

// Near returns the items whose fingerprints differ from h in at most
// maxDist bits, nearest first, ties newest first (the item added last):
// a stream's copies are mostly of recent reports. At most limit are
// returned (0: no limit); with a limit the scan keeps only the best, so a
// long stream of similar texts costs no sorting. A scan with a popcount
// per item: 100,000 fingerprints take about 0.1 ms.
func (x *Index) Near(h uint64, maxDist, limit int) []Match {
	if h == 0 {
		return nil
	}
	better := func(a, b Match) bool { return a.Distance < b.Distance || a.Distance == b.Distance && a.pos > b.pos }
	var out []Match
	for i, g := range x.hashes {
		d := bits.OnesCount64(g ^ h)
		if d > maxDist {
			continue
		}
		m := Match{ID: x.ids[i], Distance: d, pos: i}
		if limit <= 0 || len(out) < limit {
			out = append(out, m)
		} else if better(m, out[len(out)-1]) {
			out[len(out)-1] = m
		} else {
			continue
		}
		// keep out sorted: move the new match up to its place
		for j := len(out) - 1; j > 0 && better(out[j], out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// Defaults for deciding that two reports are near-duplicates: fingerprints
// within DefaultMaxDistance bits find the candidates, and a resemblance of
// at least DefaultMinResemblance confirms one. A wire copy with a changed
// word or an added credit line resembles its original at 0.8–1.0; two
// outlets' own reports of the same event share few three-word shingles
// (below 0.1).
const (
	DefaultMaxDistance    = 12
	DefaultMinResemblance = 0.5
)

// SketchSize is the number of minima a Sketch keeps.
const SketchSize = 32

// Sketch is a MinHash signature of a shingle set: for each of SketchSize
// hash functions, the least hash of a shingle. Two sketches agree in a
// fraction of places that estimates the resemblance of the sets (standard
// error about 0.09 at 0.5), in 128 bytes instead of the shingles.
type Sketch [SketchSize]uint32

// sketchSeeds are the odd multipliers of the sketch's hash functions.
var sketchSeeds = func() (s [SketchSize]uint64) {
	x := uint64(0x9E3779B97F4A7C15)
	for i := range s {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		s[i] = x | 1
	}
	return s
}()

// SketchOf returns the sketch of a shingle set; an empty set gives the
// zero Sketch.
func SketchOf(shingles []uint64) Sketch {
	var s Sketch
	if len(shingles) == 0 {
		return s
	}
	for i := range s {
		s[i] = ^uint32(0)
	}
	for _, h := range shingles {
		for i, seed := range sketchSeeds {
			v := h * seed
			v ^= v >> 29
			if m := uint32(v >> 32); m < s[i] {
				s[i] = m
			}
		}
	}
	return s
}

// Estimate returns the estimated resemblance of the sets two sketches
// were made from.
func (s Sketch) Estimate(o Sketch) float64 {
	n := 0
	for i := range s {
		if s[i] == o[i] {
			n++
		}
	}
	return float64(n) / SketchSize
}
