package postgres

import (
	"context"
	"fmt"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storeutil"
)

// CreateEventBatches stores the events of every batch next returns, in
// one transaction, so that an import of any size holds one batch in
// memory at a time. next is called until it returns no events; when it
// is called again, the events of the batch before have their ids. When
// next fails, or an event is invalid (the error names its index in the
// whole import), nothing is stored and the error is returned as is. As
// CreateEvents, the import is audited by one entry (action "import",
// entity "event", entity id "first-last", after {"count", "first_id",
// "last_id"}).
//
// Each batch's new actors are created in name order (see
// resolveActorsInOrder), but not the import's as a whole: an import that
// meets a concurrent writer creating the same new actors in another order
// may fail as a deadlock, storing nothing; running it again succeeds.
func (db *DB) CreateEventBatches(ctx context.Context, next func() ([]*truce.Event, error)) error {
	var es []*truce.Event
	err := db.write(ctx, func(t *tx) error {
		var imp storeutil.Import
		for {
			var err error
			if es, err = next(); err != nil || len(es) == 0 {
				es = nil
				if err != nil {
					return err
				}
				break
			}
			for i, e := range es {
				if err := storeutil.CheckEvent(e); err != nil {
					return truce.Errorf(truce.EINVALID, "event %d: %s", imp.Count+i, truce.ErrorMessage(err))
				}
			}
			if err := t.insertEvents(es, imp.Count); err != nil {
				return err
			}
			if imp.Count == 0 {
				imp.FirstID = es[0].ID
			}
			imp.Count += len(es)
			imp.LastID = es[len(es)-1].ID
		}
		if imp.Count == 0 {
			return nil
		}
		return t.audit("import", "event", fmt.Sprintf("%d-%d", imp.FirstID, imp.LastID), nil, imp)
	})
	if err != nil {
		storeutil.ForgetIDs(es)
	}
	return err
}
