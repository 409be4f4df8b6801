package truce

import "time"

// Action is what an obligation binds its party to do.
type Action string

const (
	ActionHandOver     Action = "hand_over"     // pass control of the territory to the beneficiary
	ActionWithdraw     Action = "withdraw"      // leave the territory
	ActionAllowPassage Action = "allow_passage" // let people and goods pass through the territory
	ActionOther        Action = "other"
)

// Valid reports whether a is a known action.
func (a Action) Valid() bool {
	return a == ActionHandOver || a == ActionWithdraw || a == ActionAllowPassage || a == ActionOther
}

// Agreement is a ceasefire, truce or peace agreement with its obligations.
type Agreement struct {
	ID          string       `json:"id" yaml:"id"`
	Title       string       `json:"title" yaml:"title"`
	Signed      Date         `json:"signed" yaml:"signed"`
	Effective   Date         `json:"effective,omitempty" yaml:"effective"`
	Parties     []string     `json:"parties" yaml:"parties"`
	Broker      string       `json:"broker,omitempty" yaml:"broker"`
	Source      string       `json:"source,omitempty" yaml:"source"` // URL of the text
	Notes       string       `json:"notes,omitempty" yaml:"notes"`
	Obligations []Obligation `json:"obligations" yaml:"obligations"`
	CreatedAt   time.Time    `json:"created_at,omitzero" yaml:"-"`
}

// Obligation is what one party must do under an agreement, by when.
type Obligation struct {
	AgreementID string      `json:"agreement" yaml:"-"`
	ID          string      `json:"id" yaml:"id"`
	Party       string      `json:"party" yaml:"party"`
	Action      Action      `json:"action" yaml:"action"`
	Territory   string      `json:"territory,omitempty" yaml:"territory"`
	TerritoryID int64       `json:"territory_id,omitempty" yaml:"-"`
	To          string      `json:"to,omitempty" yaml:"to"` // the beneficiary
	Due         Date        `json:"due,omitempty" yaml:"due"`
	Description string      `json:"description,omitempty" yaml:"description"`
	Amendments  []Amendment `json:"amendments,omitempty" yaml:"-"`
}

// Amendment changes an obligation's due date, agreed on a given day.
type Amendment struct {
	ID           int64       `json:"id,omitempty" yaml:"-"`
	AgreementID  string      `json:"agreement" yaml:"-"`
	ObligationID string      `json:"obligation" yaml:"obligation"`
	NewDue       Date        `json:"new_due" yaml:"new_due"`
	AgreedOn     Date        `json:"agreed_on" yaml:"agreed_on"`
	Source       string      `json:"source,omitempty" yaml:"source"` // URL or citation
	EventID      int64       `json:"event_id,omitempty" yaml:"-"`    // the event that reported it
	Evidence     *Evidence   `json:"evidence,omitempty" yaml:"-"`
	Review       ReviewState `json:"review,omitempty" yaml:"-"` // amendments found in reports start as candidates
	Note         string      `json:"note,omitempty" yaml:"note"`
}

// DueAt returns the obligation's due date as known on day at: the original
// due date moved by every accepted amendment agreed on or before at, and
// the amendments applied, in the order they were agreed. A zero at means
// "as known today", applying every accepted amendment.
func (o Obligation) DueAt(at Date) (Date, []Amendment) {
	due := o.Due
	var applied []Amendment
	var lastAgreed Date
	for _, a := range o.Amendments {
		if a.Review != "" && a.Review != ReviewAccepted {
			continue
		}
		if !at.IsZero() && a.AgreedOn > at {
			continue
		}
		applied = append(applied, a)
		if a.AgreedOn >= lastAgreed {
			lastAgreed, due = a.AgreedOn, a.NewDue
		}
	}
	return due, applied
}

// ObligationState is an obligation's status at a given day. It is computed
// from evidence, never typed in.
type ObligationState string

const (
	Pending ObligationState = "pending"  // not met, not yet due
	Met     ObligationState = "met"      // met on or before its due date
	MetLate ObligationState = "met_late" // met after its due date
	Overdue ObligationState = "overdue"  // not met and past its due date
)

// ObligationStatus is the computed status of an obligation at a day, with
// the evidence that decided it.
type ObligationStatus struct {
	Agreement   string          `json:"agreement"`
	Obligation  Obligation      `json:"obligation"`
	At          Date            `json:"at"`
	Due         Date            `json:"due"`
	OriginalDue Date            `json:"original_due"`
	Amendments  []Amendment     `json:"amendments"`
	State       ObligationState `json:"status"`
	MetOn       Date            `json:"met_on"`
	// Deciding is the control entry that met the obligation, if any.
	Deciding *ControlEntry `json:"deciding,omitempty"`
	Evidence []Evidence    `json:"evidence"`
}
