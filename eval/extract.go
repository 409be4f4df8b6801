package eval

import (
	"context"
	"fmt"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/extract"
)

// extractAdapter runs truce's extractor as an Extractor.
type extractAdapter struct{ x *extract.Extractor }

// FromExtract returns an Extractor that runs x on plain text and returns
// its events as domain events (extract.Event.ToDomain).
func FromExtract(x *extract.Extractor) Extractor { return extractAdapter{x} }

// Extract implements Extractor.
func (a extractAdapter) Extract(ctx context.Context, text string, published truce.Date) ([]truce.Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, err := a.x.ExtractText(text, published, "")
	if err != nil {
		return nil, fmt.Errorf("eval: extract: %w", err)
	}
	out := make([]truce.Event, len(res.Events))
	for i, e := range res.Events {
		out[i] = e.ToDomain()
	}
	return out, nil
}
