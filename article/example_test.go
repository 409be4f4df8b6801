package article_test

import (
	"fmt"

	"github.com/truce-monitor/truce/article"
)

func ExampleRead() {
	report := `Azerbaijan takes control of Lachin

Short Url
Updated 1 December 2020
Share

LACHIN, Azerbaijan (AP) — Azerbaijani troops entered the Lachin district on Tuesday, the last of three areas Armenia agreed to hand over under the Russian-brokered truce. Russian peacekeepers guard the road through it.
Advertisement`
	a, err := article.Read([]byte(report), article.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title)
	fmt.Println(a.Published.Format("2006-01-02"), a.PublishedSource)
	fmt.Printf("%s | %s | %s | %s\n", a.Dateline, a.DatelinePlace, a.DatelineCountry, a.Outlet)
	for _, s := range a.Sentences {
		fmt.Printf("[%d:%d] %s\n", s.Start, s.End, s.Text)
	}
	// Output:
	// Azerbaijan takes control of Lachin
	// 2020-12-01 text
	// LACHIN, Azerbaijan | LACHIN | Azerbaijan | AP
	// [28:172] Azerbaijani troops entered the Lachin district on Tuesday, the last of three areas Armenia agreed to hand over under the Russian-brokered truce.
	// [173:220] Russian peacekeepers guard the road through it.
}
