package extract

import (
	"testing"
)

// TestEventDate checks which of a sentence's dates dates its event, with
// the publication date pub: a date told of a background deed, a thing named
// by its date, a span of days running through the report, a state lasting
// since a day.
func TestEventDate(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		name string
		text string
		pub  string
		want string
	}{
		// the nearest date still dates the event
		{"weekday", "An elderly man was killed in a clash over a land dispute in Pabna, Bangladesh, on Friday.", "2015-12-05", "2015-12-04"},
		{"date after a clash over", "Two groups clashed in Bangladesh over control of a cattle market on Thursday night.", "2015-01-02", "2015-01-01"},
		{"relative clause is the event", "Police said the gunmen who attacked the bus in Pakistan on Wednesday were arrested.", "2015-05-15", "2015-05-13"},

		// a date in a clause told of a grievance or a cause: the protest
		// itself is undated, so the report's day
		{"after a killing", "Residents protested in Ferguson, United States, after a police officer shot dead Michael Brown on August 9.", "2014-08-11", "2014-08-11"},
		{"against a killing", "Villagers in Chhattisgarh, India, protested against the killing of a tribal man by police on January 6.", "2015-01-16", "2015-01-16"},
		{"over clashes", "Activists held a protest in India over the clashes in Madikeri on November 10.", "2015-11-12", "2015-11-12"},
		{"who clause", "Farmers protested in India demanding the arrest of the men who killed two Dalit children on October 20.", "2015-10-30", "2015-10-30"},
		{"ahead of talks", "Students marched in Myanmar against the education law ahead of talks with the government on Feb. 1.", "2015-01-29", "2015-01-29"},
		{"threatened", "Teachers protested in India and threatened a hunger strike from July 24.", "2015-07-10", "2015-07-10"},

		// a date naming a thing
		{"the election of a date", "Party workers clashed in Kolkata, India, before the April 18 municipal election.", "2015-04-14", "2015-04-14"},
		{"the fatal shooting of a date", "Farmers marched in Myanmar demanding action against the police involved in the fatal Dec. 22 shooting of a protester.", "2015-01-19", "2015-01-19"},

		// a span of days through the report: the report's day; after it,
		// its first day
		{"span through the report", "Farmers protested in Punjab, India, from 24-26 September against the farm bills.", "2020-09-25", "2020-09-25"},
		{"span before the report", "Farmers protested in Punjab, India, from 24-26 September against the farm bills.", "2020-09-28", "2020-09-24"},
		{"two dates spanned", "University employees protested in India for a week (31 Jan - 6 Feb) against the vice-chancellor.", "2015-02-03", "2015-02-03"},
		{"rolling days", "Guest lecturers have been protesting in Kerala, India, for the last four days.", "2015-04-15", "2015-04-15"},
		{"past 24 hours", "Two Ukrainian soldiers were killed in clashes with separatists in Ukraine in the past 24 hours.", "2015-03-17", "2015-03-16"},

		// a state lasting since a day, and a tally since a day
		{"ongoing since", "Students have been on hunger strike in India since Monday night.", "2015-01-07", "2015-01-07"},
		{"tally since", "Three Ukrainian soldiers were killed in clashes with separatists in Ukraine since Sunday.", "2015-03-18", "2015-03-15"},

		// two days joined by "and" through the report, like a span
		{"two days through the report", "Youths staged a sit-in in Kathmandu, Nepal, on Monday and Tuesday against the draft constitution.", "2015-07-07", "2015-07-07"},
		{"two days before the report", "Youths staged a sit-in in Kathmandu, Nepal, on Monday and Tuesday against the draft constitution.", "2015-07-08", "2015-07-06"},

		// a deed named by its day with "'s"
		{"possessive day", "Student activists staged strikes in Bangladesh protesting Sunday's police attack on their leaders.", "2015-05-12", "2015-05-12"},

		// a clause closed by a comma before the trigger
		{"clause before the trigger", "After police shot dead a protester in Kashmir on Friday, crowds clashed with security forces.", "2015-04-19", "2015-04-19"},
		{"complement before the trigger", "Police said that on Monday, militants attacked a checkpoint in Pakistan.", "2015-04-15", "2015-04-13"},

		// more background: a start told of a state, a deed protested, a
		// month a state lasts since
		{"protest started", "Farmers in Greater Noida, India, continued a protest started in December against plot allotments.", "2015-01-07", "2015-01-07"},
		{"to protest the torching", "Party workers held a rally in Nepal to protest the torching of their office two days ago.", "2015-01-21", "2015-01-21"},
		{"unpaid since a month", "Municipal workers in Pakistan protested and went on strike for not having their salaries paid since July.", "2015-08-10", "2015-08-10"},
		{"indefinite since", "Traders in Nepal enforced an indefinite strike since Wednesday against the government decision.", "2015-04-03", "2015-04-03"},
		{"election named with a place", "A Congress candidate for the April 18 Kolkata municipal election was attacked with bombs in India.", "2015-04-07", "2015-04-07"},

		// two days of a month through the report; a day's tally is the day before
		{"two days of a month", "Students in Manipur, India, called a general strike and took out protests on 4 and 5 August.", "2015-08-05", "2015-08-05"},
		{"past day", "Four Ukrainian soldiers were killed in clashes with separatists in Ukraine over the past day.", "2018-10-22", "2018-10-21"},

		// a label before the opening date
		{"label", "Non-violent activity: Around 8 May 2020 (from 7 - 8 May), the Taliban released 20 prisoners in Afghanistan.", "2020-05-10", "2020-05-08"},

		// a date in brackets fixes a relative day
		{"yesterday with a date", "A party activist was killed in a clash in Bangladesh yesterday (15 April) night.", "2015-04-16", "2015-04-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := first(t, x, tt.text, tt.pub)
			if e == nil {
				t.Fatalf("no event in %q", tt.text)
			}
			if got := e.Date.String(); got != tt.want {
				t.Errorf("date %s, want %s (%q, published %s)", got, tt.want, tt.text, tt.pub)
			}
		})
	}
}
