package agreement_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/truce-monitor/truce/agreement"
)

// FuzzParse feeds Parse arbitrary files: it must never panic, every problem
// must name the file, and a file it accepts must survive Format and a
// second Parse unchanged.
func FuzzParse(f *testing.F) {
	for _, glob := range []string{"testdata/good/*.yaml", "testdata/bad/*.yaml", "../demo/case/*.yaml"} {
		files, _ := filepath.Glob(glob)
		for _, path := range files {
			b, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add([]byte("id: x\ntitle: t\nsigned: 2020-02-29\nparties: [a]\nobligations: []\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, amendments, err := agreement.Parse(bytes.NewReader(data), "f.yaml")
		if err != nil {
			ps := agreement.AsProblems(err)
			if ps == nil {
				t.Fatalf("error is not Problems: %v", err)
			}
			for _, p := range ps {
				if p.File != "f.yaml" || p.Msg == "" {
					t.Fatalf("problem without file or message: %+v", p)
				}
			}
			return
		}
		out, err := agreement.Format(a, amendments)
		if err != nil {
			t.Fatalf("Format: %v", err)
		}
		a2, amendments2, err := agreement.Parse(bytes.NewReader(out), "g.yaml")
		if err != nil {
			t.Fatalf("Parse(Format(x)): %v\n%s", err, out)
		}
		if !reflect.DeepEqual(a, a2) || !reflect.DeepEqual(amendments, amendments2) {
			t.Fatalf("round trip changed the agreement:\n%+v\n%+v\n%+v\n%+v\n%s", a, a2, amendments, amendments2, out)
		}
	})
}
