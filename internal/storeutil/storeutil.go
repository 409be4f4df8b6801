// Package storeutil holds the dialect-free logic that the SQLite and
// PostgreSQL stores share: checks made before a write, audit snapshots and
// the keys names are looked up by. It knows nothing of SQL.
package storeutil

import "github.com/truce-monitor/truce"

// CheckEvent validates e (filling Type from SubType) and its evidence
// before a store writes it; a stored event must name its first actor.
// Errors are EINVALID.
func CheckEvent(e *truce.Event) error {
	if e == nil {
		return truce.Errorf(truce.EINVALID, "nil event")
	}
	if err := e.Validate(); err != nil {
		return err
	}
	if e.Actor1.Name == "" {
		return truce.Errorf(truce.EINVALID, "event has no actor1")
	}
	for i := range e.Evidence {
		if err := e.Evidence[i].Validate(); err != nil {
			return err
		}
	}
	return nil
}
