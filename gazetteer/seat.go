package gazetteer

import "sync"

// seats maps each *Gazetteer to the seats of its first-level areas,
// found once, on first use.
var seats sync.Map // *Gazetteer → *seatTable

type seatTable struct {
	once sync.Once
	m    map[a1Key]int // admin1 area → place index of its seat
}

// Seat returns the seat of first-level area a: the place GeoNames codes
// as its capital (PPLA), else the national capital inside it (Dhaka
// division's seat is Dhaka). Bihar's seat is Patna, Sindh's Karachi,
// though their names differ.
func (g *Gazetteer) Seat(a Place) (Place, bool) {
	v, _ := seats.LoadOrStore(g, &seatTable{})
	t := v.(*seatTable)
	t.once.Do(func() { t.m = g.findSeats() })
	c, ok := g.byISO[a.Country]
	if !ok || a.Admin1Code == "" {
		return Place{}, false
	}
	i, ok := t.m[a1Key{c, a.Admin1Code}]
	if !ok {
		return Place{}, false
	}
	return g.place(i), true
}

func (g *Gazetteer) findSeats() map[a1Key]int {
	m := map[a1Key]int{}
	rank := map[a1Key]int64{} // PPLA over PPLC, then population
	ix := &g.ix
	for i := 0; i < ix.n; i++ {
		code := ix.code(i)
		if code != "PPLA" && code != "PPLC" {
			continue
		}
		c := ix.countryIdx(i)
		if c < 0 || c >= len(g.countries) {
			continue
		}
		k := a1Key{c, ix.str(i, offA1)}
		if k.code == "" {
			continue
		}
		r := ix.pop(i) + 1
		if code == "PPLA" {
			r += 1 << 40
		}
		if r > rank[k] {
			m[k], rank[k] = i, r
		}
	}
	return m
}
