package storeutil

import (
	"fmt"

	"github.com/truce-monitor/truce"
)

// CheckEvents runs CheckEvent on each of es before a bulk import; the
// EINVALID error names the index of the first invalid event.
func CheckEvents(es []*truce.Event) error {
	for i, e := range es {
		if err := CheckEvent(e); err != nil {
			return truce.Errorf(truce.EINVALID, "event %d: %s", i, truce.ErrorMessage(err))
		}
	}
	return nil
}

// Import is the audit record of a bulk import of events.
type Import struct {
	Count   int   `json:"count"`
	FirstID int64 `json:"first_id"`
	LastID  int64 `json:"last_id"`
}

// ImportOf returns the audit entity id ("first-last") and record of the
// import of es, which must be non-empty and hold their ids in order.
func ImportOf(es []*truce.Event) (string, Import) {
	first, last := es[0].ID, es[len(es)-1].ID
	return fmt.Sprintf("%d-%d", first, last), Import{Count: len(es), FirstID: first, LastID: last}
}

// ForgetIDs zeroes the ids and versions of es after a write that failed,
// so that none of them claims to be stored.
func ForgetIDs(es []*truce.Event) {
	for _, e := range es {
		e.ID, e.Version = 0, 0
	}
}
