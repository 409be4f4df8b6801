package timeline

import (
	"context"
	"fmt"

	"github.com/truce-monitor/truce"
)

// Board is the status of agreements' obligations on one day.
type Board struct {
	At          truce.Date `json:"at"`
	Obligations []Row      `json:"obligations"`
}

// Row is one obligation's status on the board's day.
type Row struct {
	Agreement   string                `json:"agreement"`
	ID          string                `json:"id"`
	Party       string                `json:"party"`
	Action      truce.Action          `json:"action"`
	Territory   string                `json:"territory,omitempty"`
	To          string                `json:"to,omitempty"`
	Due         truce.Date            `json:"due"`
	OriginalDue truce.Date            `json:"original_due"`
	Status      truce.ObligationState `json:"status"`
	MetOn       truce.Date            `json:"met_on"`
	Description string                `json:"description,omitempty"`
	// Amendments are the accepted amendments agreed on or before the day,
	// in the order they were agreed.
	Amendments []truce.Amendment `json:"amendments"`
	// Candidates are amendments found in reports and not yet reviewed,
	// agreed on or before the day: they do not move the due day until an
	// analyst accepts them.
	Candidates []truce.Amendment `json:"candidate_amendments,omitempty"`
	// Evidence is what decided the status: the entry that met the
	// obligation, expanded into its event's quoted spans.
	Evidence []Evidence `json:"evidence"`
}

// Obligations returns the status on day at of the obligations of the
// agreement with the given id, or of every agreement when agreementID is
// "". Agreements signed after at are left out (they did not exist yet);
// asking for one of them by id gives an empty board. Rows keep the order
// of the agreements (by signing day) and of their obligations.
func Obligations(ctx context.Context, s truce.Store, agreementID string, at truce.Date) (*Board, error) {
	if at.IsZero() {
		return nil, truce.Errorf(truce.EINVALID, "obligations: no day given")
	}
	var agreements []*truce.Agreement
	if agreementID != "" {
		a, err := s.Agreement(ctx, agreementID)
		if err != nil {
			return nil, fmt.Errorf("obligations: agreement %q: %w", agreementID, err)
		}
		agreements = []*truce.Agreement{a}
	} else {
		all, err := s.Agreements(ctx)
		if err != nil {
			return nil, fmt.Errorf("obligations: agreements: %w", err)
		}
		for _, a := range all {
			// The list may come without obligations: read each whole.
			full, err := s.Agreement(ctx, a.ID)
			if err != nil {
				return nil, fmt.Errorf("obligations: agreement %q: %w", a.ID, err)
			}
			agreements = append(agreements, full)
		}
	}
	board := &Board{At: at, Obligations: []Row{}}

	// Resolve territories and actors once, then read every territory's
	// entries in one call.
	actors := map[string]*truce.Actor{}
	actor := func(name string) (*truce.Actor, error) {
		if name == "" {
			return nil, nil
		}
		if a, ok := actors[name]; ok {
			return a, nil
		}
		a, err := s.FindActor(ctx, name)
		if truce.ErrorCode(err) == truce.ENOTFOUND {
			a, err = nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("obligations: actor %q: %w", name, err)
		}
		actors[name] = a
		return a, nil
	}
	type item struct {
		a *truce.Agreement
		o truce.Obligation
	}
	var items []item
	var ids []int64
	seen := map[int64]bool{}
	for _, a := range agreements {
		if signedOn(a) > at {
			continue
		}
		for _, o := range a.Obligations {
			if o.TerritoryID == 0 && o.Territory != "" {
				t, err := s.FindTerritory(ctx, o.Territory)
				switch {
				case truce.ErrorCode(err) == truce.ENOTFOUND:
				case err != nil:
					return nil, fmt.Errorf("obligations: territory %q: %w", o.Territory, err)
				default:
					o.TerritoryID = t.ID
				}
			}
			if o.TerritoryID != 0 && !seen[o.TerritoryID] {
				seen[o.TerritoryID] = true
				ids = append(ids, o.TerritoryID)
			}
			items = append(items, item{a, o})
		}
	}
	byTerritory := map[int64][]truce.ControlEntry{}
	if len(ids) > 0 {
		entries, err := s.ControlEntries(ctx, truce.ControlFilter{TerritoryIDs: ids, Until: at})
		if err != nil {
			return nil, fmt.Errorf("obligations: control entries: %w", err)
		}
		for _, e := range entries {
			byTerritory[e.TerritoryID] = append(byTerritory[e.TerritoryID], e)
		}
	}
	var lists []*[]Evidence
	for _, it := range items {
		party, err := actor(it.o.Party)
		if err != nil {
			return nil, err
		}
		beneficiary, err := actor(it.o.To)
		if err != nil {
			return nil, err
		}
		var entries []truce.ControlEntry
		if it.o.TerritoryID != 0 {
			entries = byTerritory[it.o.TerritoryID]
		}
		st := Status(it.o, it.a, entries, beneficiary, party, at)
		board.Obligations = append(board.Obligations, rowOf(st))
	}
	for i := range board.Obligations {
		lists = append(lists, &board.Obligations[i].Evidence)
	}
	if err := expandEvidence(ctx, s, lists); err != nil {
		return nil, fmt.Errorf("obligations: %w", err)
	}
	return board, nil
}

func signedOn(a *truce.Agreement) truce.Date {
	if !a.Signed.IsZero() {
		return a.Signed
	}
	return a.Effective
}

// rowOf turns a computed status into a board row with evidence
// placeholders for the deciding entry.
func rowOf(st truce.ObligationStatus) Row {
	o := st.Obligation
	r := Row{
		Agreement:   st.Agreement,
		ID:          o.ID,
		Party:       o.Party,
		Action:      o.Action,
		Territory:   o.Territory,
		To:          o.To,
		Due:         st.Due,
		OriginalDue: st.OriginalDue,
		Status:      st.State,
		MetOn:       st.MetOn,
		Description: o.Description,
		Amendments:  st.Amendments,
		Evidence:    []Evidence{},
	}
	if r.Amendments == nil {
		r.Amendments = []truce.Amendment{}
	}
	for _, am := range o.Amendments {
		if am.Review == truce.ReviewCandidate && (st.At.IsZero() || am.AgreedOn <= st.At) {
			r.Candidates = append(r.Candidates, am)
		}
	}
	if st.Deciding != nil {
		r.Evidence = append(r.Evidence, entryEvidence(*st.Deciding))
	}
	return r
}
