package demo

import (
	"bytes"
	"fmt"

	"github.com/truce-monitor/truce"
	"gopkg.in/yaml.v3"
)

// Agreement returns the case's agreement, parsed from its file.
func Agreement() (*truce.Agreement, error) {
	b, err := AgreementYAML()
	if err != nil {
		return nil, err
	}
	var a truce.Agreement
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil {
		return nil, fmt.Errorf("demo: %s: %w", AgreementFile, err)
	}
	for i := range a.Obligations {
		a.Obligations[i].AgreementID = a.ID
	}
	return &a, nil
}
