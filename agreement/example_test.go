package agreement_test

import (
	"fmt"
	"strings"

	"github.com/truce-monitor/truce/agreement"
)

func ExampleParse() {
	const file = `id: trilateral-2020-11-10
title: Trilateral statement
signed: 2020-11-09
parties: [Azerbaijan, Armenia, Russia]
obligations:
  - id: kalbajar
    party: Armenia
    action: hand_over
    territory: Kalbajar
    to: Azerbaijan
    due: 2020-11-31
`
	_, _, err := agreement.Parse(strings.NewReader(file), "trilateral.yaml")
	fmt.Println(err)
	// Output:
	// trilateral.yaml:11: obligation "kalbajar": bad date "2020-11-31": want YYYY-MM-DD
}
