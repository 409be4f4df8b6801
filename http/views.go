package http

import (
	"context"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/timeline"
)

// timelineViews computes the views with the timeline package.
type timelineViews struct{}

func (timelineViews) Periods(entries []truce.ControlEntry) []truce.ControlPeriod {
	return timeline.Periods(entries)
}

func (timelineViews) ControlAt(ctx context.Context, s truce.Store, at truce.Date, names []string) (any, error) {
	return timeline.ControlAt(ctx, s, at, timeline.Query{Territories: names})
}

func (timelineViews) Diff(ctx context.Context, s truce.Store, from, to truce.Date) (any, error) {
	changes, err := timeline.Diff(ctx, s, from, to)
	if changes == nil && err == nil {
		changes = []timeline.Change{}
	}
	return changes, err
}

func (timelineViews) Obligations(ctx context.Context, s truce.Store, agreementID string, at truce.Date) (any, error) {
	return timeline.Obligations(ctx, s, agreementID, at)
}
