package agreement_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/truce-monitor/truce/agreement"
)

// BenchmarkParse parses the demo agreement file.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("../demo/case/trilateral-2020-11-10.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := agreement.Parse(bytes.NewReader(data), "trilateral.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidate checks the demo agreement against an in-memory record,
// and a file full of problems, which needs suggestions.
func BenchmarkValidate(b *testing.B) {
	ctx := context.Background()
	for _, path := range []string{"../demo/case/trilateral-2020-11-10.yaml", "testdata/bad/unknown-names.yaml"} {
		b.Run(path, func(b *testing.B) {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			d, err := agreement.ParseDocument(f, path)
			f.Close()
			if err != nil {
				b.Fatal(err)
			}
			s := newStore()
			b.ReportAllocs()
			for b.Loop() {
				d.Validate(ctx, s)
			}
		})
	}
}
