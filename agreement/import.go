package agreement

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/fold"
)

// Import reads the agreement file at path, validates it against the record
// and stores it: PutAgreement (replacing an agreement with the same id),
// then AddAmendment for each amendment not stored already, as accepted.
// Names are stored in their canonical form (a territory written
// "Kəlbəcər" is stored as "Kalbajar"). It returns the stored agreement.
//
// Any problem in the file is found before the first write, so bad input
// leaves the store unchanged. Importing the same file twice stores nothing
// new, and an amendment an analyst has since rejected stays rejected.
// Should the store fail between writes, Import puts back the
// agreement it replaced (or, for a new agreement, leaves it) and rejects
// the amendments it added, which is as far as the truce.Store interface
// allows undoing.
func Import(ctx context.Context, s truce.Store, path string) (*truce.Agreement, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("agreement: %w", err)
	}
	defer f.Close()
	d, err := ParseDocument(f, path)
	if err != nil {
		return nil, err
	}
	return d.Store(ctx, s)
}

// Store validates the document against s and stores it as Import does.
func (d *Document) Store(ctx context.Context, s truce.Store) (*truce.Agreement, error) {
	res, err := d.check(ctx, s)
	if err != nil {
		return nil, err
	}
	a := canonical(d.Agreement, res)

	old, err := s.Agreement(ctx, a.ID)
	if err != nil && truce.ErrorCode(err) != truce.ENOTFOUND {
		return nil, fmt.Errorf("agreement: read %q: %w", a.ID, err)
	}
	if err := s.PutAgreement(ctx, a); err != nil {
		return nil, fmt.Errorf("agreement: store %q: %w", a.ID, err)
	}
	stored, err := s.Agreement(ctx, a.ID)
	if err != nil {
		return nil, fmt.Errorf("agreement: read back %q: %w", a.ID, err)
	}
	var added []int64
	for _, am := range d.Amendments {
		if hasAmendment(stored, am) {
			continue
		}
		am.AgreementID = a.ID
		am.Review = truce.ReviewAccepted
		if err := s.AddAmendment(ctx, &am); err != nil {
			err = fmt.Errorf("agreement: store amendment of %q: %w", am.ObligationID, err)
			return nil, errors.Join(err, undo(ctx, s, old, added))
		}
		added = append(added, am.ID)
	}
	if len(added) == 0 {
		return stored, nil
	}
	stored, err = s.Agreement(ctx, a.ID)
	if err != nil {
		return nil, fmt.Errorf("agreement: read back %q: %w", a.ID, err)
	}
	return stored, nil
}

// canonical returns a copy of a with actors' and territories' names as the
// record spells them.
func canonical(a *truce.Agreement, res *resolved) *truce.Agreement {
	c := *a
	actor := func(name string) string {
		if x := res.actors[fold.Key(name)]; x != nil {
			return x.Name
		}
		return name
	}
	c.Parties = make([]string, len(a.Parties))
	for i, p := range a.Parties {
		c.Parties[i] = actor(p)
	}
	c.Broker = actor(a.Broker)
	c.Obligations = make([]truce.Obligation, len(a.Obligations))
	for i, o := range a.Obligations {
		o.AgreementID = a.ID
		o.Party = actor(o.Party)
		o.To = actor(o.To)
		if t := res.territories[fold.Key(o.Territory)]; t != nil {
			o.Territory, o.TerritoryID = t.Name, t.ID
		}
		o.Amendments = nil
		c.Obligations[i] = o
	}
	return &c
}

// hasAmendment reports whether a stored agreement already holds an
// amendment of the same obligation, day agreed and new due day, in any
// review state: an analyst's rejection stands when the file is imported
// again.
func hasAmendment(a *truce.Agreement, am truce.Amendment) bool {
	for _, o := range a.Obligations {
		if o.ID != am.ObligationID {
			continue
		}
		for _, x := range o.Amendments {
			if x.NewDue == am.NewDue && x.AgreedOn == am.AgreedOn {
				return true
			}
		}
	}
	return false
}

// undo puts back the agreement Import replaced and rejects the amendments
// it added.
func undo(ctx context.Context, s truce.Store, old *truce.Agreement, added []int64) error {
	var errs []error
	for _, id := range added {
		if err := s.ReviewAmendment(ctx, id, truce.ReviewRejected); err != nil {
			errs = append(errs, fmt.Errorf("agreement: undo: reject amendment %d: %w", id, err))
		}
	}
	if old != nil {
		if err := s.PutAgreement(ctx, old); err != nil {
			errs = append(errs, fmt.Errorf("agreement: undo: put back %q: %w", old.ID, err))
		}
	}
	return errors.Join(errs...)
}
