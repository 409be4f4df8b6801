// Package eval measures truce's event extraction against annotated data
// sets that live outside the project: ACLED coder notes, the CASE 2021
// task 2 snippets and UCDP GED headlines. Each scorer reads a set from a
// path, runs an Extractor over it on a pool of workers and returns a report
// that prints as a table or as JSON.
//
// The sets are for internal evaluation only; nothing in this package embeds
// or copies their content.
package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/article"
	"github.com/truce-monitor/truce/gazetteer"
)

// Extractor finds the events a text reports. published is the day the text
// was published, against which relative dates ("on Monday") resolve.
// Implementations must be safe for concurrent use: the scorers call
// Extract from several goroutines.
type Extractor interface {
	Extract(ctx context.Context, text string, published truce.Date) ([]truce.Event, error)
}

// ExtractorFunc adapts a function to the Extractor interface.
type ExtractorFunc func(ctx context.Context, text string, published truce.Date) ([]truce.Event, error)

// Extract calls f.
func (f ExtractorFunc) Extract(ctx context.Context, text string, published truce.Date) ([]truce.Event, error) {
	return f(ctx, text, published)
}

// Options tune a run.
type Options struct {
	// Limit scores only the first Limit rows of the set; 0 means all.
	Limit int
	// Sample scores Sample rows spread evenly over the whole set (every
	// len/Sample-th row) instead of its first rows; 0 means all. With
	// Limit, the sample is taken from the first Limit rows.
	Sample int
	// Workers is the number of goroutines calling the extractor; 0 means
	// one per CPU.
	Workers int
	// Progress, when set, is called after each row with the number of rows
	// done and the total. It is called from several goroutines.
	Progress func(done, total int)
	// Places, when set, measures how far the gazetteer lets location go:
	// the ACLED scorer counts the notes naming a place that has a reading
	// within 25 km of the coded point (ACLEDReport.LocationReachable).
	Places Scanner
}

// Scanner finds toponyms with every reading of each;
// *gazetteer.Gazetteer is one.
type Scanner interface {
	Scan(text string) []gazetteer.Mention
}

func (o Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.NumCPU()
}

// spread returns n elements of rows spread evenly over it, in order, or
// rows itself when n is 0 or not smaller than len(rows).
func spread[T any](rows []T, n int) []T {
	if n <= 0 || n >= len(rows) {
		return rows
	}
	out := make([]T, n)
	for i := range n {
		out[i] = rows[i*len(rows)/n]
	}
	return out
}

// Ratio is a count of hits out of a total.
type Ratio struct {
	Hit   int `json:"hit"`
	Total int `json:"total"`
}

// Add counts one case, a hit when ok.
func (r *Ratio) Add(ok bool) {
	r.Total++
	if ok {
		r.Hit++
	}
}

// Rate returns Hit/Total, or 0 when there is nothing counted.
func (r Ratio) Rate() float64 {
	if r.Total == 0 {
		return 0
	}
	return float64(r.Hit) / float64(r.Total)
}

// String formats the ratio as "0.912 (912/1000)".
func (r Ratio) String() string {
	if r.Total == 0 {
		return "n/a (0/0)"
	}
	return fmt.Sprintf("%.3f (%d/%d)", r.Rate(), r.Hit, r.Total)
}

// MarshalJSON adds the rate to the counts.
func (r Ratio) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Hit   int     `json:"hit"`
		Total int     `json:"total"`
		Rate  float64 `json:"rate"`
	}{r.Hit, r.Total, round3(r.Rate())})
}

// maxErrorSamples is how many extractor errors a report quotes.
const maxErrorSamples = 5

// sampleError appends "id: err" to samples unless it holds enough.
func sampleError(samples []string, id string, err error) []string {
	if len(samples) >= maxErrorSamples {
		return samples
	}
	msg := err.Error()
	if r, ok := article.Reason(err); ok {
		msg = r
	}
	if s := id + ": " + msg; !slices.Contains(samples, s) {
		samples = append(samples, s)
	}
	return samples
}

// outcome is what one extractor call gave for one row.
type outcome struct {
	events []truce.Event
	err    error
}

// extractAll runs x over texts on a pool of workers and returns the
// outcomes in input order. It stops early, returning ctx's error, when ctx
// is cancelled.
func extractAll(ctx context.Context, x Extractor, n int, input func(i int) (string, truce.Date), opts Options) ([]outcome, error) {
	out := make([]outcome, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	var done atomic.Int64
	for range min(opts.workers(), max(n, 1)) {
		wg.Go(func() {
			for i := range jobs {
				text, pub := input(i)
				out[i] = safeExtract(ctx, x, text, pub)
				if opts.Progress != nil {
					opts.Progress(int(done.Add(1)), n)
				}
			}
		})
	}
feed:
	for i := range n {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("eval: cancelled: %w", err)
	}
	return out, nil
}

// safeExtract calls x and turns a panic into an error, so that one bad row
// does not end a run of thousands.
func safeExtract(ctx context.Context, x Extractor, text string, pub truce.Date) (o outcome) {
	defer func() {
		if r := recover(); r != nil {
			o = outcome{err: fmt.Errorf("extractor panicked: %v", r)}
		}
	}()
	ev, err := x.Extract(ctx, text, pub)
	return outcome{events: ev, err: err}
}
