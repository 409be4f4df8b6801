package eval

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// NegativeDoc is a report in which no event should be found: a sports
// result, a market report.
type NegativeDoc struct {
	Name      string
	Published truce.Date
	Text      string
}

// ReadNegatives reads the *.txt files of a folder (or one file) as reports
// without events. A first line holding only a date (YYYY-MM-DD) is the
// publication date and not part of the text.
func ReadNegatives(path string, limit int) ([]NegativeDoc, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	files := []string{path}
	if fi.IsDir() {
		files, _ = filepath.Glob(filepath.Join(path, "*.txt"))
		if len(files) == 0 {
			return nil, fmt.Errorf("eval: no *.txt files in %s", path)
		}
		sort.Strings(files)
	}
	var docs []NegativeDoc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		d := NegativeDoc{Name: filepath.Base(f), Text: string(b)}
		first, rest, _ := strings.Cut(d.Text, "\n")
		if p, err := truce.ParseDate(strings.TrimSpace(first)); err == nil {
			d.Published, d.Text = p, rest
		}
		if strings.TrimSpace(d.Text) == "" {
			return nil, fmt.Errorf("eval: %s: empty report", f)
		}
		docs = append(docs, d)
		if limit > 0 && len(docs) >= limit {
			break
		}
	}
	return docs, nil
}

// NegativesReport counts the events found where there are none.
type NegativesReport struct {
	Path    string  `json:"path"`
	Docs    int     `json:"docs"`
	Errors  int     `json:"errors"`
	Elapsed Seconds `json:"elapsed_s"`
	// Clean counts the reports with no event found.
	Clean Ratio `json:"clean"`
	// FalseEvents lists every event found, by report.
	FalseEvents []FalseEvent `json:"false_events"`
}

// FalseEvent is an event found in a report that has none.
type FalseEvent struct {
	Doc      string             `json:"doc"`
	SubType  truce.SubEventType `json:"subtype"`
	Evidence string             `json:"evidence,omitempty"`
}

// Negatives runs x over the reports at path, which report no event.
func Negatives(ctx context.Context, x Extractor, path string, opts Options) (*NegativesReport, error) {
	docs, err := ReadNegatives(path, opts.Limit)
	if err != nil {
		return nil, err
	}
	docs = spread(docs, opts.Sample)
	start := time.Now()
	outs, err := extractAll(ctx, x, len(docs), func(i int) (string, truce.Date) { return docs[i].Text, docs[i].Published }, opts)
	if err != nil {
		return nil, err
	}
	rep := &NegativesReport{Path: path, Docs: len(docs), Elapsed: Seconds(time.Since(start))}
	for i, o := range outs {
		if o.err != nil {
			rep.Errors++
		}
		rep.Clean.Add(len(o.events) == 0 && o.err == nil)
		for _, e := range o.events {
			fe := FalseEvent{Doc: docs[i].Name, SubType: e.SubType}
			if len(e.Evidence) > 0 {
				fe.Evidence = e.Evidence[0].Text
			}
			rep.FalseEvents = append(rep.FalseEvents, fe)
		}
	}
	return rep, nil
}

// WriteTable writes the report as a readable text table.
func (r *NegativesReport) WriteTable(w io.Writer) error {
	tw, ew := newTable(w)
	ew.printf("reports without events\t%s\n", r.Path)
	ew.printf("reports\t%d (extractor errors %d)\n", r.Docs, r.Errors)
	ew.printf("clean (no event found)\t%s\n", r.Clean)
	if len(r.FalseEvents) > 0 {
		ew.printf("\nreport\tevent found\tevidence\n")
		for _, f := range r.FalseEvents {
			ew.printf("%s\t%s\t%s\n", f.Doc, f.SubType, f.Evidence)
		}
	}
	return flush(tw, ew)
}
