package agreement

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/truce-monitor/truce"
)

// file mirrors the agreement file format for writing.
type file struct {
	ID          string       `yaml:"id"`
	Title       string       `yaml:"title"`
	Signed      string       `yaml:"signed"`
	Effective   string       `yaml:"effective,omitempty"`
	Parties     []string     `yaml:"parties,flow"`
	Broker      string       `yaml:"broker,omitempty"`
	Source      string       `yaml:"source,omitempty"`
	Notes       string       `yaml:"notes,omitempty"`
	Obligations []obligation `yaml:"obligations"`
	Amendments  []amendment  `yaml:"amendments,omitempty"`
}

type obligation struct {
	ID          string `yaml:"id"`
	Party       string `yaml:"party"`
	Action      string `yaml:"action"`
	Territory   string `yaml:"territory,omitempty"`
	To          string `yaml:"to,omitempty"`
	Due         string `yaml:"due,omitempty"`
	Description string `yaml:"description,omitempty"`
}

type amendment struct {
	Obligation string `yaml:"obligation"`
	NewDue     string `yaml:"new_due"`
	AgreedOn   string `yaml:"agreed_on"`
	Source     string `yaml:"source,omitempty"`
	Note       string `yaml:"note,omitempty"`
}

// Format writes an agreement and its amendments in the agreement file
// format, so that Parse reads them back unchanged. Accepted amendments
// attached to the obligations (as a store returns them) are written too,
// after those given and without repeating them; candidate and rejected
// ones are left out, since every amendment in a file counts as accepted.
func Format(a *truce.Agreement, amendments []truce.Amendment) ([]byte, error) {
	if a == nil {
		return nil, fmt.Errorf("agreement: format: nil agreement")
	}
	f := file{
		ID: a.ID, Title: a.Title, Signed: a.Signed.String(), Effective: a.Effective.String(),
		Parties: a.Parties, Broker: a.Broker, Source: a.Source, Notes: a.Notes,
		Obligations: []obligation{},
	}
	if f.Parties == nil {
		f.Parties = []string{}
	}
	seen := map[[3]string]bool{}
	add := func(am truce.Amendment) {
		seen[[3]string{am.ObligationID, am.NewDue.String(), am.AgreedOn.String()}] = true
		f.Amendments = append(f.Amendments, amendment{
			Obligation: am.ObligationID, NewDue: am.NewDue.String(), AgreedOn: am.AgreedOn.String(),
			Source: am.Source, Note: am.Note,
		})
	}
	for _, am := range amendments {
		add(am)
	}
	for _, o := range a.Obligations {
		f.Obligations = append(f.Obligations, obligation{
			ID: o.ID, Party: o.Party, Action: string(o.Action), Territory: o.Territory, To: o.To,
			Due: o.Due.String(), Description: o.Description,
		})
	}
	for _, o := range a.Obligations {
		for _, am := range o.Amendments {
			am.ObligationID = o.ID
			accepted := am.Review == "" || am.Review == truce.ReviewAccepted
			if accepted && !seen[[3]string{o.ID, am.NewDue.String(), am.AgreedOn.String()}] {
				add(am)
			}
		}
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("agreement: format %q: %w", a.ID, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("agreement: format %q: %w", a.ID, err)
	}
	return b.Bytes(), nil
}
