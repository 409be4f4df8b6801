package truce

import (
	"encoding/json"
	"time"
)

// AuditEntry records one write to the record: who made it, when, to what,
// and the entity before and after. The audit log is append-only.
type AuditEntry struct {
	ID       int64           `json:"id"`
	At       time.Time       `json:"at"`
	User     string          `json:"user"`
	Action   string          `json:"action"`    // create, update, review, import, delete, ...
	Entity   string          `json:"entity"`    // event, agreement, territory, actor, source, control, amendment
	EntityID string          `json:"entity_id"` // the entity's id as text
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
}
