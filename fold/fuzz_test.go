package fold

import (
	"strings"
	"testing"
)

// FuzzSkeleton: any text folds to a key whose skeletons are deterministic,
// never panic, hold no byte outside the key's alphabet and keep at least
// MinSkeleton letters when not empty.
func FuzzSkeleton(f *testing.F) {
	for _, s := range []string{"Deir ez-Zor", "Nad-e Ali", "Zaporizhzhia", "Київ", "al", "a e i", "x", "Ra’s al ‘Ayn", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		for _, fam := range Families {
			sk := Skeleton(k, fam)
			if sk != Skeleton(k, fam) {
				t.Fatalf("Skeleton(%q) not deterministic", k)
			}
			if sk == "" {
				continue
			}
			if strings.ContainsAny(sk, "~\t\n") || strings.HasPrefix(sk, " ") || strings.HasSuffix(sk, " ") {
				t.Fatalf("Skeleton(%q, %c) = %q: bad bytes or spaces", k, fam, sk)
			}
			if n := len(strings.ReplaceAll(sk, " ", "")); n < MinSkeleton {
				t.Fatalf("Skeleton(%q, %c) = %q: %d letters, want ≥ %d", k, fam, sk, n, MinSkeleton)
			}
		}
	})
}
