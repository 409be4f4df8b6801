package truce

import "time"

// ControlStatus says how sure the record is of who controls a territory,
// after the Institute for the Study of War's maps: "assessed" control is the
// analysts' judgement backed by evidence; "claimed" control is a party's
// claim that is not (yet) assessed.
type ControlStatus string

const (
	Assessed ControlStatus = "assessed"
	Claimed  ControlStatus = "claimed"
)

// Valid reports whether s is a known control status.
func (s ControlStatus) Valid() bool { return s == Assessed || s == Claimed }

// ControlEntry is one change of control: from At on, Controller holds the
// territory. Entries come from accepted events that transfer territory
// (EventID set) and from analysts' manual entries (EventID zero).
type ControlEntry struct {
	ID          int64         `json:"id,omitempty"`
	TerritoryID int64         `json:"territory_id"`
	Territory   string        `json:"territory,omitempty"` // filled on read
	At          Date          `json:"at"`
	Controller  Actor         `json:"controller"`
	From        *Actor        `json:"from,omitempty"`
	Status      ControlStatus `json:"status"`
	EventID     int64         `json:"event_id,omitempty"`
	Note        string        `json:"note,omitempty"`
	CreatedBy   string        `json:"created_by,omitempty"`
	CreatedAt   time.Time     `json:"created_at,omitzero"`
}

// ControlPeriod is a span [From, To) during which Controller held (or, when
// claimed, was said to hold) a territory. A zero To means "until now".
type ControlPeriod struct {
	TerritoryID int64         `json:"territory_id"`
	Territory   string        `json:"territory"`
	Controller  Actor         `json:"controller"`
	From        Date          `json:"from"`
	To          Date          `json:"to,omitempty"`
	Status      ControlStatus `json:"status"`
	// Entries are the control entries that started the period (the first)
	// and that confirmed it since (the rest).
	Entries []ControlEntry `json:"entries,omitempty"`
}

// Contains reports whether the period covers day d.
func (p ControlPeriod) Contains(d Date) bool {
	return d >= p.From && (p.To.IsZero() || d < p.To)
}
