package truce

import "strings"

// Validate checks that ev quotes some text, that its span is a span
// (0 <= Start <= End) and that its stance is known. It returns an EINVALID
// *Error naming the first problem.
func (ev *Evidence) Validate() error {
	if ev == nil {
		return Errorf(EINVALID, "nil evidence")
	}
	if strings.TrimSpace(ev.Text) == "" {
		return Errorf(EINVALID, "evidence has no text")
	}
	if ev.Start < 0 || ev.End < ev.Start {
		return Errorf(EINVALID, "evidence span [%d, %d) is not a span", ev.Start, ev.End)
	}
	if ev.Stance != "" && ev.Stance != Asserts && ev.Stance != Denies {
		return Errorf(EINVALID, "unknown evidence stance %q", ev.Stance)
	}
	return nil
}

// Validate checks the amendment's dates, review state and evidence, and
// sets an empty Review to ReviewAccepted (an analyst's entry). It returns
// an EINVALID *Error naming the first problem.
func (a *Amendment) Validate() error {
	if a == nil {
		return Errorf(EINVALID, "nil amendment")
	}
	if a.NewDue.IsZero() {
		return Errorf(EINVALID, "amendment has no new due date")
	}
	if a.AgreedOn.IsZero() {
		return Errorf(EINVALID, "amendment has no date it was agreed on")
	}
	if a.Review == "" {
		a.Review = ReviewAccepted
	}
	if !a.Review.Valid() {
		return Errorf(EINVALID, "unknown review state %q", a.Review)
	}
	if a.Evidence != nil {
		return a.Evidence.Validate()
	}
	return nil
}

// Validate checks that the agreement has an id and a title, and that its
// obligations have distinct ids and known actions. It returns an EINVALID
// *Error naming the first problem.
func (a *Agreement) Validate() error {
	if a == nil {
		return Errorf(EINVALID, "nil agreement")
	}
	if a.ID == "" {
		return Errorf(EINVALID, "agreement has no id")
	}
	if a.Title == "" {
		return Errorf(EINVALID, "agreement %q has no title", a.ID)
	}
	seen := map[string]bool{}
	for _, o := range a.Obligations {
		if o.ID == "" {
			return Errorf(EINVALID, "agreement %q: an obligation has no id", a.ID)
		}
		if seen[o.ID] {
			return Errorf(EINVALID, "agreement %q: obligation %q appears twice", a.ID, o.ID)
		}
		seen[o.ID] = true
		if !o.Action.Valid() {
			return Errorf(EINVALID, "agreement %q obligation %q: unknown action %q", a.ID, o.ID, o.Action)
		}
	}
	return nil
}

// Validate checks what a store needs of a user before storing or updating
// it: a name and a known role.
func (u *User) Validate() error {
	if u.Name == "" {
		return Errorf(EINVALID, "user without a name")
	}
	if !u.Role.Valid() {
		return Errorf(EINVALID, "user %q: role %q: want viewer, analyst or admin", u.Name, u.Role)
	}
	return nil
}

// Validate checks a new token on its own: a 64-hex-digit hash and a known
// role.
func (t *Token) Validate() error {
	if len(t.Hash) != 64 {
		return Errorf(EINVALID, "token hash must be 64 hex digits")
	}
	if !t.Role.Valid() {
		return Errorf(EINVALID, "token role %q: want viewer, analyst or admin", t.Role)
	}
	return nil
}

// AllowsToken checks that user u may hold token t: u is enabled and its
// role is at least the token's.
func (u *User) AllowsToken(t *Token) error {
	if u.Disabled {
		return Errorf(EINVALID, "user %q is disabled", u.Name)
	}
	if !u.Role.Allows(t.Role) {
		return Errorf(EINVALID, "a token of %s cannot have role %s (the user is %s)", u.Name, t.Role, u.Role)
	}
	return nil
}
