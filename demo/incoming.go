package demo

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"time"

	"github.com/truce-monitor/truce/ingest"
)

// Incoming returns the case's unreviewed reports (case/incoming/): news
// from December 2020, after the handovers, that truce demo runs through
// the extractor so that the review queue holds candidate events for an
// analyst to accept or reject, right and wrong ones alike. Each report is
// dated by its file name and stored under ReportURL's sibling folder.
func Incoming() ([]ingest.Report, error) {
	names, err := fs.Glob(caseFS, "case/incoming/*.txt")
	if err != nil {
		return nil, fmt.Errorf("demo: incoming reports: %w", err)
	}
	slices.Sort(names)
	rs := make([]ingest.Report, 0, len(names))
	for _, name := range names {
		data, err := caseFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("demo: incoming report %s: %w", name, err)
		}
		base := path.Base(name)
		published, err := time.Parse(time.DateOnly, base[:min(len(base), len(time.DateOnly))])
		if err != nil {
			return nil, fmt.Errorf("demo: incoming report %s: file name does not start with a date: %w", base, err)
		}
		rs = append(rs, ingest.Report{
			Name:        base,
			URL:         IncomingURL + base,
			Outlet:      Outlet,
			ContentType: "text/plain",
			Published:   published,
			Data:        data,
		})
	}
	return rs, nil
}

// IncomingURL is the address the case's incoming reports are stored
// under: the folder in the project's repository.
const IncomingURL = "https://github.com/truce-monitor/truce/blob/main/demo/case/incoming/"
