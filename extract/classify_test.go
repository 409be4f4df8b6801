package extract

import (
	"testing"

	"github.com/truce-monitor/truce"
)

// TestSportWording checks that contest words do not become territorial
// events: prizes taken are no territory, and in a match report leaving,
// entering and taking control are the game's words.
func TestSportWording(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		name string
		text string
		want int // events expected
	}{
		{"tennis report", "Ashleigh Barty won the Wimbledon title on Saturday, beating Karolina Pliskova in three sets in London.\n" +
			"Pliskova seized the second set in a tie-break before Barty took control of the match.\n" +
			"It was the Australian's second Grand Slam title.", 0},
		{"football report", "Chelsea won the Champions League final in Porto on Saturday, beating Manchester City 1-0.\n" +
			"Kai Havertz scored the only goal just before half-time.\n" +
			"City attacked for most of the second half but their fans left the stadium disappointed.", 0},
		{"prize in a war report", "Rebel negotiators captured the initiative at the talks in Geneva on Tuesday, officials said.", 0},
		// the rules must not hide real captures
		{"capture of a town", "Taliban fighters captured the town of Ghazni on Friday after two days of fighting.", 1},
		{"seized a military post", "Rebels seized a military post near Kidal on Monday after clashes with the army.", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := x.ExtractText(tt.text, truce.MustDate("2021-07-12"), "")
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Events) != tt.want {
				for _, e := range r.Events {
					t.Logf("  %s: %+v", e.SubType, e.Evidence)
				}
				t.Errorf("%d events, want %d", len(r.Events), tt.want)
			}
		})
	}
}

func TestPrizeObject(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"captured his sixth title on Sunday", true},
		{"seized the first set", true},
		{"captured the town of Ghazni", false},
		{"seized control of the match", false},
		{"captured two soldiers", false},
		{"took over , the lead", false},
	}
	for _, tt := range tests {
		toks := tokenize(tt.text, 0, nil)
		if got := prizeObject(toks, 1); got != tt.want {
			t.Errorf("prizeObject(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestArrestWithAbuse checks that an arrest with a beating or torture is
// coded an attack, and one made for a beating stays an arrest.
func TestArrestWithAbuse(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		text string
		want truce.SubEventType
	}{
		{"Police in Harare beat two street vendors and then detained them on Tuesday.", truce.Attack},
		{"Soldiers detained a farmer and tortured him at their base in Kasai on Monday.", truce.Attack},
		{"Police in Harare arrested two men for beating a street vendor on Tuesday.", truce.Arrests},
		{"Police arrested four journalists in Minsk on Saturday.", truce.Arrests},
	}
	for _, tt := range tests {
		e := first(t, x, tt.text, "2020-05-12")
		got := truce.SubEventType("")
		if e != nil {
			got = e.SubType
		}
		if got != tt.want {
			t.Errorf("%q\n  got %q, want %q", tt.text, got, tt.want)
		}
	}
}
