// Package storeutil holds the dialect-free logic that the SQLite and
// PostgreSQL stores share: checks made before a write, audit snapshots and
// the keys names are looked up by. It knows nothing of SQL.
package storeutil

import (
	"encoding/json"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
)

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

// CheckActor checks that a has a name with letters or digits in it (its
// lookup key is not empty) and a known kind, if any. Errors are EINVALID.
func CheckActor(a *truce.Actor) error {
	if a.Name == "" {
		return truce.Errorf(truce.EINVALID, "actor has no name")
	}
	if fold.Key(a.Name) == "" {
		return truce.Errorf(truce.EINVALID, "actor name %q has no letters or digits", a.Name)
	}
	if a.Kind != "" && !a.Kind.Valid() {
		return truce.Errorf(truce.EINVALID, "actor %q: unknown kind %q", a.Name, a.Kind)
	}
	return nil
}

// NonNil returns s, or an empty slice when s is nil, so that it is stored
// as a JSON [] rather than null.
func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// TextBody is what a store's full-text index holds for an event: its notes
// and evidence, folded, one per line.
func TextBody(notes string, evidence []truce.Evidence) string {
	var b strings.Builder
	b.WriteString(fold.Key(notes))
	for _, ev := range evidence {
		b.WriteByte('\n')
		b.WriteString(fold.Key(ev.Text))
	}
	return b.String()
}

// WithField returns v's JSON object with one more field, key set to value,
// for audit snapshots that record more than the entity.
func WithField(v any, key string, value any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	if m[key], err = json.Marshal(value); err != nil {
		return nil, err
	}
	return json.Marshal(m)
}
