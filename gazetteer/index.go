package gazetteer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"unsafe"
)

// The index file is little-endian:
//
//	magic "TRUCEGZ1"
//	8 sections, each a uint32 byte length and the bytes:
//	  strings   every place string, concatenated
//	  codes     feature codes, "\n"-separated (a place holds an index)
//	  countries "ISO3\tISO2\tName\tplace\n" lines
//	  places    recSize-byte records (see off* constants)
//	  keys      sorted folded names, concatenated
//	  keyOffs   uint32 offsets into keys, one more than there are keys
//	  postOffs  uint32 offsets into postings, one more than there are keys
//	  postings  uint32: place index | match flag << 28, best first
//
// Nothing is decoded at load: accessors read the bytes in place.
const magic = "TRUCEGZ1"

const (
	recSize   = 48
	offID     = 0  // uint64
	offLat    = 8  // int32, 1e-6 degree
	offLon    = 12 // int32
	offPop    = 16 // uint32
	offName   = 20 // uint32 offset, length uint16 at 36
	offASCII  = 24 // uint32 offset, length uint16 at 38
	offA1     = 28 // uint32 offset, length uint8 at 40
	offA2     = 32 // uint32 offset, length uint8 at 41
	offCtry   = 42 // uint16 country index, 0xffff none
	offClass  = 44 // byte
	offCode   = 45 // byte index into codes
	flagShift = 28
	idxMask   = 1<<flagShift - 1
)

// lenAt gives where the length of each string field is stored and how wide
// it is.
var lenAt = map[int][2]int{offName: {36, 2}, offASCII: {38, 2}, offA1: {40, 1}, offA2: {41, 1}}

type index struct {
	strs      string
	codes     []string
	countries string
	places    []byte
	n         int
	keys      string
	keyOffs   []byte
	postOffs  []byte
	posts     []byte
	nkeys     int
}

func decodeIndex(b []byte) (index, error) {
	var ix index
	if len(b) < len(magic) || string(b[:len(magic)]) != magic {
		return ix, errors.New("not a gazetteer index (bad magic); rebuild it with `truce gazetteer build`")
	}
	rest := b[len(magic):]
	var secs [8][]byte
	for i := range secs {
		if len(rest) < 4 {
			return ix, fmt.Errorf("truncated index (section %d)", i)
		}
		n := binary.LittleEndian.Uint32(rest)
		rest = rest[4:]
		if uint64(n) > uint64(len(rest)) {
			return ix, fmt.Errorf("truncated index (section %d wants %d bytes, %d left)", i, n, len(rest))
		}
		secs[i], rest = rest[:n], rest[n:]
	}
	ix.strs = bstr(secs[0])
	ix.codes = strings.Split(string(secs[1]), "\n")
	ix.countries = string(secs[2])
	ix.places = secs[3]
	if len(ix.places)%recSize != 0 {
		return ix, errors.New("corrupt index: places section")
	}
	ix.n = len(ix.places) / recSize
	ix.keys = bstr(secs[4])
	ix.keyOffs, ix.postOffs, ix.posts = secs[5], secs[6], secs[7]
	if len(ix.keyOffs)%4 != 0 || len(ix.keyOffs) != len(ix.postOffs) || len(ix.keyOffs) < 4 || len(ix.posts)%4 != 0 {
		return ix, errors.New("corrupt index: key sections")
	}
	ix.nkeys = len(ix.keyOffs)/4 - 1
	if int(ix.u32(ix.keyOffs, ix.nkeys)) != len(ix.keys) || int(ix.u32(ix.postOffs, ix.nkeys))*4 != len(ix.posts) {
		return ix, errors.New("corrupt index: key offsets")
	}
	// Check every string reference once so that accessors cannot panic.
	for i := 0; i < ix.n; i++ {
		for off, la := range lenAt {
			o, l := ix.strRef(i, off, la)
			if o+l > len(ix.strs) {
				return ix, fmt.Errorf("corrupt index: place %d string out of range", i)
			}
		}
		if int(ix.places[i*recSize+offCode]) >= len(ix.codes) {
			return ix, fmt.Errorf("corrupt index: place %d code out of range", i)
		}
	}
	for i := 0; i < ix.nkeys; i++ {
		if ix.u32(ix.keyOffs, i) > ix.u32(ix.keyOffs, i+1) || ix.u32(ix.postOffs, i) > ix.u32(ix.postOffs, i+1) {
			return ix, errors.New("corrupt index: offsets not increasing")
		}
	}
	for i := 0; i < len(ix.posts)/4; i++ {
		if int(ix.u32(ix.posts, i)&idxMask) >= ix.n {
			return ix, errors.New("corrupt index: posting out of range")
		}
	}
	return ix, nil
}

// bstr views b as a string without copying; b is never modified after.
func bstr(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func (ix *index) u32(b []byte, i int) uint32 { return binary.LittleEndian.Uint32(b[i*4:]) }

func (ix *index) rec(i int) []byte { return ix.places[i*recSize : (i+1)*recSize] }

func (ix *index) strRef(i, off int, la [2]int) (int, int) {
	r := ix.rec(i)
	o := int(binary.LittleEndian.Uint32(r[off:]))
	var l int
	if la[1] == 2 {
		l = int(binary.LittleEndian.Uint16(r[la[0]:]))
	} else {
		l = int(r[la[0]])
	}
	return o, l
}

func (ix *index) str(i, off int) string {
	o, l := ix.strRef(i, off, lenAt[off])
	return ix.strs[o : o+l]
}

func (ix *index) id(i int) int64 { return int64(binary.LittleEndian.Uint64(ix.rec(i)[offID:])) }

func (ix *index) latlon(i int) (float64, float64) {
	r := ix.rec(i)
	return float64(int32(binary.LittleEndian.Uint32(r[offLat:]))) / 1e6,
		float64(int32(binary.LittleEndian.Uint32(r[offLon:]))) / 1e6
}

func (ix *index) pop(i int) int64 { return int64(binary.LittleEndian.Uint32(ix.rec(i)[offPop:])) }

func (ix *index) countryIdx(i int) int {
	c := binary.LittleEndian.Uint16(ix.rec(i)[offCtry:])
	if c == 0xffff {
		return -1
	}
	return int(c)
}

func (ix *index) class(i int) string {
	c := ix.rec(i)[offClass]
	if c == 0 {
		return ""
	}
	return classes[c]
}

var classes = func() [256]string {
	var t [256]string
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = string(c)
	}
	return t
}()

func (ix *index) code(i int) string { return ix.codes[ix.rec(i)[offCode]] }

func (ix *index) key(i int) string {
	return ix.keys[ix.u32(ix.keyOffs, i):ix.u32(ix.keyOffs, i+1)]
}

// find returns the position of key k.
func (ix *index) find(k string) (int, bool) {
	i := ix.lowerBound(k)
	return i, i < ix.nkeys && ix.key(i) == k
}

// lowerBound returns the first key position whose key is >= k.
func (ix *index) lowerBound(k string) int {
	lo, hi := 0, ix.nkeys
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ix.key(m) < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// probe finds key k with one search: its position if it is a key, and
// whether longer keys extend it by a word ("k ...").
func (ix *index) probe(k string) (pos int, exact, more bool) {
	i := ix.lowerBound(k)
	if i < ix.nkeys && ix.key(i) == k {
		pos, exact = i, true
		i++
	}
	// Keys hold no byte below ' ', so "k ..." keys come right after k.
	if i < ix.nkeys {
		next := ix.key(i)
		more = len(next) > len(k) && next[len(k)] == ' ' && next[:len(k)] == k
	}
	return pos, exact, more
}

// postings appends the candidates of key position i to dst.
func (ix *index) cands(i int, dst []candidate) []candidate {
	for j := ix.u32(ix.postOffs, i); j < ix.u32(ix.postOffs, i+1); j++ {
		v := ix.u32(ix.posts, int(j))
		dst = append(dst, candidate{idx: int32(v & idxMask), flag: uint8(v >> flagShift)})
	}
	return dst
}

// indexWriter builds the index file.
type indexWriter struct {
	strs    bytes.Buffer
	strIdx  map[string]uint32
	codes   []string
	codeIdx map[string]int
	places  []byte
}

func newIndexWriter() *indexWriter {
	return &indexWriter{strIdx: map[string]uint32{}, codeIdx: map[string]int{"": 0}, codes: []string{""}}
}

func (w *indexWriter) intern(s string) uint32 {
	if o, ok := w.strIdx[s]; ok {
		return o
	}
	o := uint32(w.strs.Len())
	w.strs.WriteString(s)
	w.strIdx[s] = o
	return o
}

// add appends a place record; country is the country index or -1.
func (w *indexWriter) add(p Place, country int) error {
	var r [recSize]byte
	le := binary.LittleEndian
	le.PutUint64(r[offID:], uint64(p.ID))
	le.PutUint32(r[offLat:], uint32(int32(math.Round(p.Lat*1e6))))
	le.PutUint32(r[offLon:], uint32(int32(math.Round(p.Lon*1e6))))
	pop := p.Population
	if pop > math.MaxUint32 {
		pop = math.MaxUint32
	}
	if pop < 0 {
		pop = 0
	}
	le.PutUint32(r[offPop:], uint32(pop))
	trunc := func(s string, max int) string {
		for len(s) > max {
			s = s[:max]
		}
		return s
	}
	name, ascii := trunc(p.Name, 0xffff), trunc(p.ASCIIName, 0xffff)
	a1, a2 := trunc(p.Admin1Code, 0xff), trunc(p.Admin2Code, 0xff)
	le.PutUint32(r[offName:], w.intern(name))
	le.PutUint16(r[36:], uint16(len(name)))
	le.PutUint32(r[offASCII:], w.intern(ascii))
	le.PutUint16(r[38:], uint16(len(ascii)))
	le.PutUint32(r[offA1:], w.intern(a1))
	r[40] = byte(len(a1))
	le.PutUint32(r[offA2:], w.intern(a2))
	r[41] = byte(len(a2))
	if country < 0 {
		le.PutUint16(r[offCtry:], 0xffff)
	} else {
		le.PutUint16(r[offCtry:], uint16(country))
	}
	if len(p.Class) == 1 {
		r[offClass] = p.Class[0]
	}
	ci, ok := w.codeIdx[p.Code]
	if !ok {
		if len(w.codes) == 255 {
			return fmt.Errorf("too many feature codes")
		}
		ci = len(w.codes)
		w.codes = append(w.codes, p.Code)
		w.codeIdx[p.Code] = ci
	}
	r[offCode] = byte(ci)
	w.places = append(w.places, r[:]...)
	return nil
}

// encode writes the file; keys maps folded names to postings sorted best
// first.
func (w *indexWriter) encode(countries string, keys map[string][]uint32) []byte {
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	var kb bytes.Buffer
	koffs := make([]byte, 0, 4*(len(names)+1))
	poffs := make([]byte, 0, 4*(len(names)+1))
	var posts []byte
	le := binary.LittleEndian
	np := 0
	for _, k := range names {
		koffs = le.AppendUint32(koffs, uint32(kb.Len()))
		poffs = le.AppendUint32(poffs, uint32(np))
		kb.WriteString(k)
		for _, v := range keys[k] {
			posts = le.AppendUint32(posts, v)
			np++
		}
	}
	koffs = le.AppendUint32(koffs, uint32(kb.Len()))
	poffs = le.AppendUint32(poffs, uint32(np))
	var out bytes.Buffer
	out.WriteString(magic)
	for _, sec := range [][]byte{w.strs.Bytes(), []byte(strings.Join(w.codes, "\n")), []byte(countries), w.places, kb.Bytes(), koffs, poffs, posts} {
		out.Write(le.AppendUint32(nil, uint32(len(sec))))
		out.Write(sec)
	}
	return out.Bytes()
}
