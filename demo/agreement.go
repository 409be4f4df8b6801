package demo

import (
	"bytes"

	"github.com/truce-monitor/truce/agreement"
)

// Agreement returns the case's agreement file parsed, with its amendments
// (the Kalbajar extension). Names are as the file writes them; Build stores
// them in the record's spelling.
func Agreement() (*agreement.Document, error) {
	b, err := AgreementYAML()
	if err != nil {
		return nil, err
	}
	return agreement.ParseDocument(bytes.NewReader(b), "demo/case/"+AgreementFile)
}
