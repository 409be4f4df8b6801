package dates_test

import (
	"fmt"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/dates"
)

func ExampleFind() {
	// A report published on Wednesday 25 November 2020.
	ref := truce.MustDate("2020-11-25")
	text := "The army entered Kalbajar, the ministry said Wednesday. The handover was due on Nov. 15; Aghdam was turned over last week. Lachin is due to follow by Dec. 1. The region was held by Armenian forces since 1994."
	for _, m := range dates.Find(text, ref) {
		fmt.Printf("%-12q %s precision=%d kind=%s future=%v year=%v\n", m.Text, m.Date, m.Precision, m.Kind, m.Future, m.Year)
	}
	// Output:
	// "Wednesday"  2020-11-25 precision=1 kind=weekday future=false year=false
	// "Nov. 15"    2020-11-15 precision=1 kind=absolute future=false year=false
	// "last week"  2020-11-16 precision=2 kind=relative future=false year=false
	// "by Dec. 1"  2020-12-01 precision=1 kind=until future=true year=false
	// "since 1994" 1994-01-01 precision=3 kind=since future=false year=true
}

func ExampleResolve() {
	m, ok := dates.Resolve("early Sunday", truce.MustDate("2020-11-25"))
	fmt.Println(m.Date, ok)
	// Output: 2020-11-22 true
}
