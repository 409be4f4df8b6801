package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storeutil"
)

// PutAgreement stores a, replacing the agreement with the same ID and its
// obligations. Amendments stored with AddAmendment stay with obligations
// that still exist; amendments inside a.Obligations are not stored (use
// AddAmendment). Obligation territories are resolved by name; an unknown
// territory is EINVALID.
func (db *DB) PutAgreement(ctx context.Context, a *truce.Agreement) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		// Lock the agreement's row, if any, so that concurrent puts of the
		// same agreement queue.
		if _, err := t.exec(`SELECT 1 FROM agreements WHERE id = $1 FOR UPDATE`, a.ID); err != nil {
			return fmt.Errorf("postgres: lock agreement %q: %w", a.ID, err)
		}
		old, err := t.agreement(a.ID)
		if err != nil && truce.ErrorCode(err) != truce.ENOTFOUND {
			return err
		}
		for i := range a.Obligations {
			o := &a.Obligations[i]
			o.AgreementID = a.ID
			if o.Territory == "" && o.TerritoryID == 0 {
				continue
			}
			cc := truce.ControlChange{TerritoryID: o.TerritoryID, Territory: o.Territory}
			if err := t.resolveControl(&cc); err != nil {
				return truce.Errorf(truce.EINVALID, "agreement %q obligation %q: %s", a.ID, o.ID, truce.ErrorMessage(err))
			}
			if cc.TerritoryID == 0 {
				return truce.Errorf(truce.EINVALID, "agreement %q obligation %q: territory %q is not in the record", a.ID, o.ID, o.Territory)
			}
			o.TerritoryID, o.Territory = cc.TerritoryID, cc.Territory
		}
		args := []any{a.Title, int32(a.Signed), int32(a.Effective), storeutil.NonNil(a.Parties), a.Broker, a.Source, a.Notes}
		if old == nil {
			a.CreatedAt = t.now
			if _, err := t.exec(`INSERT INTO agreements(title, signed, effective, parties, broker, source, notes, created_at, id)
				VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, append(args, t.now.UnixNano(), a.ID)...); err != nil {
				return fmt.Errorf("postgres: insert agreement %q: %w", a.ID, err)
			}
		} else {
			a.CreatedAt = old.CreatedAt
			if _, err := t.exec(`UPDATE agreements SET title=$1, signed=$2, effective=$3, parties=$4, broker=$5, source=$6, notes=$7 WHERE id = $8`,
				append(args, a.ID)...); err != nil {
				return fmt.Errorf("postgres: update agreement %q: %w", a.ID, err)
			}
			keep := map[string]bool{}
			for _, o := range a.Obligations {
				keep[o.ID] = true
			}
			for _, o := range old.Obligations {
				if keep[o.ID] {
					continue
				}
				if _, err := t.exec(`DELETE FROM obligations WHERE agreement_id = $1 AND id = $2`, a.ID, o.ID); err != nil {
					return fmt.Errorf("postgres: delete obligation %q of %q: %w", o.ID, a.ID, err)
				}
			}
		}
		for i, o := range a.Obligations {
			if _, err := t.exec(`INSERT INTO obligations(agreement_id, id, seq, party, action, territory, territory_id, to_party, due, description)
				VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
				ON CONFLICT (agreement_id, id) DO UPDATE SET seq=excluded.seq, party=excluded.party, action=excluded.action,
				territory=excluded.territory, territory_id=excluded.territory_id, to_party=excluded.to_party, due=excluded.due,
				description=excluded.description`,
				a.ID, o.ID, i, o.Party, string(o.Action), o.Territory, idOrNil(o.TerritoryID), o.To, int32(o.Due), o.Description); err != nil {
				return fmt.Errorf("postgres: put obligation %q of %q: %w", o.ID, a.ID, err)
			}
		}
		now, err := t.agreement(a.ID)
		if err != nil {
			return err
		}
		for i := range a.Obligations {
			a.Obligations[i].Amendments = now.Obligations[i].Amendments
		}
		if old == nil {
			return t.audit("create", "agreement", a.ID, nil, now)
		}
		return t.audit("update", "agreement", a.ID, old, now)
	})
}

// agreement reads one agreement with obligations and amendments, or
// ENOTFOUND.
func (t *tx) agreement(id string) (*truce.Agreement, error) {
	as, err := t.agreements(` WHERE id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, truce.Errorf(truce.ENOTFOUND, "agreement %q not found", id)
	}
	return as[0], nil
}

func (t *tx) agreements(whereSQL string, args ...any) ([]*truce.Agreement, error) {
	rows, err := t.query(`SELECT id, title, signed, effective, parties, broker, source, notes, created_at FROM agreements`+
		whereSQL+` ORDER BY signed, id COLLATE "C"`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: agreements: %w", err)
	}
	var out []*truce.Agreement
	byID := map[string]*truce.Agreement{}
	for rows.Next() {
		var a truce.Agreement
		var signed, effective int32
		var created *int64
		if err := rows.Scan(&a.ID, &a.Title, &signed, &effective, &a.Parties, &a.Broker, &a.Source, &a.Notes, &created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("postgres: agreements: %w", err)
		}
		a.Signed, a.Effective, a.CreatedAt = truce.Date(signed), truce.Date(effective), timeOf(created)
		a.Obligations = []truce.Obligation{}
		out = append(out, &a)
		byID[a.ID] = &a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: agreements: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]string, len(out))
	for i, a := range out {
		ids[i] = a.ID
	}
	rows, err = t.query(`SELECT agreement_id, id, party, action, territory, COALESCE(territory_id,0), to_party, due, description
		FROM obligations WHERE agreement_id = ANY($1) ORDER BY agreement_id, seq`, ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: obligations: %w", err)
	}
	for rows.Next() {
		var o truce.Obligation
		var due int32
		if err := rows.Scan(&o.AgreementID, &o.ID, &o.Party, &o.Action, &o.Territory, &o.TerritoryID, &o.To, &due, &o.Description); err != nil {
			rows.Close()
			return nil, fmt.Errorf("postgres: obligations: %w", err)
		}
		o.Due = truce.Date(due)
		a := byID[o.AgreementID]
		a.Obligations = append(a.Obligations, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: obligations: %w", err)
	}
	ams, err := t.amendments(` WHERE agreement_id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	for _, am := range ams {
		a := byID[am.AgreementID]
		for i := range a.Obligations {
			if a.Obligations[i].ID == am.ObligationID {
				a.Obligations[i].Amendments = append(a.Obligations[i].Amendments, am)
			}
		}
	}
	return out, nil
}

// amendments reads amendments by a WHERE clause, in the order agreed.
func (t *tx) amendments(whereSQL string, args ...any) ([]truce.Amendment, error) {
	rows, err := t.query(`SELECT id, agreement_id, obligation_id, new_due, agreed_on, source, COALESCE(event_id,0), evidence, review, note
		FROM amendments`+whereSQL+` ORDER BY agreed_on, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: amendments: %w", err)
	}
	defer rows.Close()
	var out []truce.Amendment
	for rows.Next() {
		var am truce.Amendment
		var newDue, agreed int32
		var ev *string
		if err := rows.Scan(&am.ID, &am.AgreementID, &am.ObligationID, &newDue, &agreed, &am.Source, &am.EventID, &ev, &am.Review, &am.Note); err != nil {
			return nil, fmt.Errorf("postgres: amendments: %w", err)
		}
		am.NewDue, am.AgreedOn = truce.Date(newDue), truce.Date(agreed)
		if ev != nil {
			am.Evidence = new(truce.Evidence)
			if err := json.Unmarshal([]byte(*ev), am.Evidence); err != nil {
				return nil, fmt.Errorf("postgres: amendment %d evidence: %w", am.ID, err)
			}
		}
		out = append(out, am)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: amendments: %w", err)
	}
	return out, nil
}

// Agreement returns the agreement with the given id, with obligations and
// their amendments.
func (db *DB) Agreement(ctx context.Context, id string) (*truce.Agreement, error) {
	var a *truce.Agreement
	err := db.read(ctx, func(t *tx) (err error) {
		a, err = t.agreement(id)
		return err
	})
	return a, err
}

// Agreements returns every agreement, by signing date.
func (db *DB) Agreements(ctx context.Context) ([]*truce.Agreement, error) {
	var as []*truce.Agreement
	err := db.read(ctx, func(t *tx) (err error) {
		as, err = t.agreements("")
		return err
	})
	return as, err
}

// AddAmendment stores an amendment to an obligation and sets a.ID. An
// empty Review means accepted (an analyst's entry); amendments found in
// reports should come as candidates.
func (db *DB) AddAmendment(ctx context.Context, a *truce.Amendment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if ok, err := t.exists(`SELECT 1 FROM obligations WHERE agreement_id = $1 AND id = $2`, a.AgreementID, a.ObligationID); err != nil {
			return err
		} else if !ok {
			return truce.Errorf(truce.ENOTFOUND, "obligation %q of agreement %q not found", a.ObligationID, a.AgreementID)
		}
		if a.EventID != 0 {
			if ok, err := t.exists(`SELECT 1 FROM events WHERE id = $1`, a.EventID); err != nil {
				return err
			} else if !ok {
				return truce.Errorf(truce.EINVALID, "amendment cites event %d, which does not exist", a.EventID)
			}
		}
		ev, err := jsonOrNil(a.Evidence)
		if err != nil {
			return fmt.Errorf("postgres: amendment evidence: %w", err)
		}
		err = t.queryRow(`INSERT INTO amendments(agreement_id, obligation_id, new_due, agreed_on, source, event_id, evidence, review, note)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`, a.AgreementID, a.ObligationID, int32(a.NewDue), int32(a.AgreedOn), a.Source,
			idOrNil(a.EventID), ev, string(a.Review), a.Note).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("postgres: insert amendment: %w", err)
		}
		return t.audit("create", "amendment", itoa(a.ID), nil, a)
	})
}

// ReviewAmendment sets the review state of an amendment.
func (db *DB) ReviewAmendment(ctx context.Context, id int64, state truce.ReviewState) error {
	if !state.Valid() {
		return truce.Errorf(truce.EINVALID, "unknown review state %q: want candidate, accepted or rejected", state)
	}
	return db.write(ctx, func(t *tx) error {
		if _, err := t.exec(`SELECT 1 FROM amendments WHERE id = $1 FOR UPDATE`, id); err != nil {
			return fmt.Errorf("postgres: lock amendment %d: %w", id, err)
		}
		old, err := t.amendments(` WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if len(old) == 0 {
			return truce.Errorf(truce.ENOTFOUND, "amendment %d not found", id)
		}
		if _, err := t.exec(`UPDATE amendments SET review = $1 WHERE id = $2`, string(state), id); err != nil {
			return fmt.Errorf("postgres: review amendment %d: %w", id, err)
		}
		now := old[0]
		now.Review = state
		return t.audit("review", "amendment", itoa(id), old[0], now)
	})
}
