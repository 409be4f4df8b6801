package exchange_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/exchange"
)

// fuzzImport imports data in format into one record over and over:
// whatever the bytes, Import answers without panicking, and when it fails
// it stores nothing (the count of events and sources stays the same).
func fuzzImport(f *testing.F, format exchange.Format, seeds ...string) {
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("\xff\xfe\x00bad,\"utf-8\n"))
	f.Add([]byte("\"never closed quote\n1,2,3"))
	s := newStore(f)
	ctx := truce.WithUser(context.Background(), "fuzz")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, nBefore, err := s.Events(ctx, truce.EventFilter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		srcBefore, err := s.Sources(ctx, truce.SourceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = exchange.Import(ctx, s, bytes.NewReader(data), exchange.ImportOptions{Format: format, Name: "fuzz.csv"})
		if err == nil {
			return
		}
		if err.Error() == "" {
			t.Error("an import failed with an empty message")
		}
		_, nAfter, err := s.Events(ctx, truce.EventFilter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		srcAfter, err := s.Sources(ctx, truce.SourceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if nAfter != nBefore || len(srcAfter) != len(srcBefore) {
			t.Errorf("a failed import changed the record: %d→%d events, %d→%d sources", nBefore, nAfter, len(srcBefore), len(srcAfter))
		}
	})
}

// FuzzReadACLED fuzzes the ACLED CSV importer.
func FuzzReadACLED(f *testing.F) {
	fuzzImport(f, exchange.ACLEDCSV, "testdata/acled-small.csv", "testdata/acled-bad.csv")
}

// FuzzReadUCDP fuzzes the UCDP GED CSV importer.
func FuzzReadUCDP(f *testing.F) {
	fuzzImport(f, exchange.UCDPCSV, "testdata/ucdp-small.csv", "testdata/ucdp-bad.csv")
}
