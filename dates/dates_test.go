package dates

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
)

// wed is the publication date of the Kalbajar report: Wednesday 25
// November 2020.
var wed = truce.MustDate("2020-11-25")

const (
	day   = truce.PrecisionDay
	week  = truce.PrecisionWeek
	month = truce.PrecisionMonth
)

func TestFind(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		ref    truce.Date
		want   string // the mention's text
		date   string
		end    string // EndDate, "" for none
		prec   truce.Precision
		kind   Kind
		future bool
		year   bool
	}{
		{"weekday same day", "the ministry said Wednesday.", wed, "Wednesday", "2020-11-25", "", day, Weekday, false, false},
		{"weekday before", "Shelling resumed on Sunday, officials said.", wed, "Sunday", "2020-11-22", "", day, Weekday, false, false},
		{"weekday yesterday", "Troops moved in on Tuesday.", wed, "Tuesday", "2020-11-24", "", day, Weekday, false, false},
		{"thursday is last week", "Talks broke down Thursday.", wed, "Thursday", "2020-11-19", "", day, Weekday, false, false},
		{"early weekday", "The convoy left early Sunday.", wed, "early Sunday", "2020-11-22", "", day, Weekday, false, false},
		{"weekday night", "Drones struck Sunday night.", wed, "Sunday night", "2020-11-22", "", day, Weekday, false, false},
		{"late on weekday", "Fighting ended late on Monday.", wed, "late on Monday", "2020-11-23", "", day, Weekday, false, false},
		{"weekday morning", "He arrived on Tuesday morning.", wed, "Tuesday morning", "2020-11-24", "", day, Weekday, false, false},
		{"future weekday", "The ministers will meet on Friday.", wed, "Friday", "2020-11-27", "", day, Weekday, true, false},
		{"future passive weekday", "Peacekeepers will be deployed on Friday.", wed, "Friday", "2020-11-27", "", day, Weekday, true, false},
		{"past event in a future sentence", "Police will investigate the attack that happened on Sunday.", wed, "Sunday", "2020-11-22", "", day, Weekday, false, false},
		{"had plans", "They had plans to leave on Saturday.", wed, "Saturday", "2020-11-21", "", day, Weekday, false, false},
		{"last weekday", "He spoke last Wednesday.", wed, "last Wednesday", "2020-11-18", "", day, Weekday, false, false},
		{"next weekday", "Talks resume next Monday.", wed, "next Monday", "2020-11-30", "", day, Weekday, true, false},
		{"weekday with date", "on Sunday, Nov. 15, the deadline passed", wed, "Sunday, Nov. 15", "2020-11-15", "", day, Absolute, false, false},
		{"weekday with bracketed date", "vandalized two ambulances on Tuesday [18 August].", truce.MustDate("2015-08-20"), "Tuesday [18 August]", "2015-08-18", "", day, Absolute, false, false},
		{"weekday with numeric date", "attacked on Sunday (14/02) morning", truce.MustDate("2015-02-16"), "Sunday (14/02)", "2015-02-14", "", day, Weekday, false, false},
		{"ago with numeric date", "The strike began five days ago (09/02/2015).", truce.MustDate("2015-02-10"), "five days ago (09/02/2015)", "2015-02-09", "", day, Relative, false, false},
		{"two days and a month", "protests on 4 and 5 August in Manipur", truce.MustDate("2015-08-10"), "4 and 5 August", "2015-08-04", "2015-08-05", day, Interval, false, false},
		{"two day-month dates spanned", "protested for a week (31 Jan - 6 Feb) on campus", truce.MustDate("2015-02-10"), "31 Jan - 6 Feb", "2015-01-31", "2015-02-06", day, Interval, false, false},
		{"two day-month dates across a year", "strikes on 28 December-3 January shut ports", truce.MustDate("2015-01-05"), "28 December-3 January", "2014-12-28", "2015-01-03", day, Interval, false, false},
		{"yesterday with a bracketed date", "was killed in a clash yesterday (15 April) night", truce.MustDate("2015-04-16"), "yesterday (15 April)", "2015-04-15", "", day, Relative, false, false},
		{"last night with a bracketed date", "fired upon a procession last night [4 May] in Imphal", truce.MustDate("2015-05-06"), "last night [4 May]", "2015-05-04", "", day, Relative, false, false},
		{"early on a month and day", "shelling attacks since early Sept. 27, the army said", truce.MustDate("2019-09-28"), "since early Sept. 27", "2019-09-27", "", day, Since, false, false},
		{"early month stays a month", "talks stalled in early September", truce.MustDate("2019-09-28"), "in early September", "2019-09-05", "", month, Absolute, false, false},
		{"today", "Troops withdraw today.", wed, "today", "2020-11-25", "", day, Relative, false, false},
		{"tonight", "A curfew starts tonight.", wed, "tonight", "2020-11-25", "", day, Relative, false, false},
		{"yesterday", "Two soldiers died yesterday.", wed, "yesterday", "2020-11-24", "", day, Relative, false, false},
		{"last night", "Shells fell last night.", wed, "last night", "2020-11-24", "", day, Relative, false, false},
		{"this morning", "Firing stopped this morning.", wed, "this morning", "2020-11-25", "", day, Relative, false, false},
		{"overnight", "Shelling continued overnight.", wed, "overnight", "2020-11-24", "", day, Relative, false, false},
		{"tomorrow", "Monitors arrive tomorrow.", wed, "tomorrow", "2020-11-26", "", day, Relative, true, false},
		{"last week", "Aghdam was turned over last week.", wed, "last week", "2020-11-16", "", week, Relative, false, false},
		{"this week", "Clashes flared this week.", wed, "this week", "2020-11-23", "", week, Relative, false, false},
		{"next week", "Monitors deploy next week.", wed, "next week", "2020-11-30", "", week, Relative, true, false},
		{"two weeks ago", "brokered by Russia two weeks ago", wed, "two weeks ago", "2020-11-11", "", week, Relative, false, false},
		{"a week ago", "It began a week ago.", wed, "a week ago", "2020-11-18", "", week, Relative, false, false},
		{"three days ago", "He was detained three days ago.", wed, "three days ago", "2020-11-22", "", day, Relative, false, false},
		{"10 days ago", "The town fell 10 days ago.", wed, "10 days ago", "2020-11-15", "", day, Relative, false, false},
		{"a few days ago", "It happened a few days ago.", wed, "a few days ago", "2020-11-21", "", week, Relative, false, false},
		{"past 24 hours", "Shelling over the past 24 hours killed three.", wed, "the past 24 hours", "2020-11-24", "2020-11-25", day, Interval, false, false},
		{"last two weeks", "Fighting eased in the last two weeks.", wed, "the last two weeks", "2020-11-11", "2020-11-25", week, Interval, false, false},
		{"recent days", "Hundreds fled in recent days.", wed, "recent days", "2020-11-18", "2020-11-25", week, Interval, false, false},
		{"past few days", "Clashes erupted over the past few days.", wed, "the past few days", "2020-11-18", "2020-11-25", week, Interval, false, false},
		{"the past week", "Monitors logged 40 violations in the past week.", wed, "the past week", "2020-11-18", "2020-11-25", week, Interval, false, false},
		{"last 48 hours", "No shots were fired in the last 48 hours.", wed, "the last 48 hours", "2020-11-23", "2020-11-25", day, Interval, false, false},
		{"last month", "The offensive began last month.", wed, "last month", "2020-10-01", "", month, Relative, false, false},
		{"last month january", "It began last month.", truce.MustDate("2021-01-10"), "last month", "2020-12-01", "", month, Relative, false, false},
		{"earlier this month", "Shusha fell earlier this month.", wed, "earlier this month", "2020-11-01", "", month, Relative, false, false},
		{"this month", "Refugees returned this month.", wed, "this month", "2020-11-01", "", month, Relative, false, false},
		{"Nov. 15", "expected to be handed over on Nov. 15, but", wed, "Nov. 15", "2020-11-15", "", day, Absolute, false, false},
		{"Sept. 27", "broke out on Sept. 27 and", wed, "Sept. 27", "2020-09-27", "", day, Absolute, false, false},
		{"November 15", "On November 15 the deadline passed.", wed, "November 15", "2020-11-15", "", day, Absolute, false, false},
		{"15 November", "On 15 November the deadline passed.", wed, "15 November", "2020-11-15", "", day, Absolute, false, false},
		{"15 Nov 2020", "signed 15 Nov 2020 in Moscow", wed, "15 Nov 2020", "2020-11-15", "", day, Absolute, false, false},
		{"Nov. 15, 2020", "on Nov. 15, 2020, officials said", wed, "Nov. 15, 2020", "2020-11-15", "", day, Absolute, false, false},
		{"iso", "dated 2020-11-15 in the log", wed, "2020-11-15", "2020-11-15", "", day, Absolute, false, false},
		{"dotted", "Updated 25.11.2020 10:15", wed, "25.11.2020", "2020-11-25", "", day, Absolute, false, false},
		{"iso with time", "at 2020-11-20T09:30:00Z", wed, "2020-11-20", "2020-11-20", "", day, Absolute, false, false},
		{"on 9 May 2020", "a parade on 9 May 2020 in Moscow", wed, "9 May 2020", "2020-05-09", "", day, Absolute, false, false},
		{"ordinal", "on the 10th of November", wed, "10th of November", "2020-11-10", "", day, Absolute, false, false},
		{"no year, zero ref, has year", "signed on 10 November 2020", 0, "10 November 2020", "2020-11-10", "", day, Absolute, false, false},
		{"by Dec. 1", "Armenia is due to hand over Lachin by Dec. 1.", wed, "by Dec. 1", "2020-12-01", "", day, Until, true, false},
		{"future deadline next year", "Troops are due to leave by Jan. 15.", wed, "by Jan. 15", "2021-01-15", "", day, Until, true, false},
		{"past deadline", "The deadline was Nov. 1.", wed, "Nov. 1", "2020-11-01", "", day, Absolute, false, false},
		{"year boundary past", "Fighting on Dec. 28 killed three.", truce.MustDate("2021-01-04"), "Dec. 28", "2020-12-28", "", day, Absolute, false, false},
		{"year boundary future cue", "Elections are expected to be held on Jan. 10.", truce.MustDate("2020-12-20"), "Jan. 10", "2021-01-10", "", day, Absolute, true, false},
		{"old date months back", "Fighting broke out on Sept. 27.", truce.MustDate("2021-05-01"), "Sept. 27", "2020-09-27", "", day, Absolute, false, false},
		{"late September", "Fighting escalated in late September.", wed, "in late September", "2020-09-25", "", month, Absolute, false, false},
		{"early October", "Stepanakert was shelled early October.", wed, "early October", "2020-10-05", "", month, Absolute, false, false},
		{"mid-November", "The deal was signed mid-November.", wed, "mid-November", "2020-11-15", "", month, Absolute, false, false},
		{"by the end of", "Armenia is to withdraw by the end of November.", wed, "by the end of November", "2020-11-25", "", month, Until, false, false},
		{"beginning of", "Clashes flared at the beginning of October.", wed, "the beginning of October", "2020-10-05", "", month, Absolute, false, false},
		{"in the middle of", "It began in the middle of September 2020.", wed, "in the middle of September 2020", "2020-09-15", "", month, Absolute, false, false},
		{"end of year", "Talks continue until the end of 2021.", wed, "until the end of 2021", "2021-01-01", "2021-12-31", month, Until, true, true},
		{"in November", "Thousands fled in November.", wed, "in November", "2020-11-01", "", month, Absolute, false, false},
		{"November 2020", "signed in November 2020", truce.MustDate("2021-03-01"), "in November 2020", "2020-11-01", "", month, Absolute, false, false},
		{"in 1994", "a separatist war there ended in 1994.", wed, "in 1994", "1994-01-01", "1994-12-31", month, Absolute, false, true},
		{"since 1994", "under Armenian control since 1994", wed, "since 1994", "1994-01-01", "1994-12-31", month, Since, false, true},
		{"in the 1990s", "a war in the 1990s killed 30,000", wed, "in the 1990s", "1990-01-01", "1999-12-31", month, Absolute, false, true},
		{"since Sept. 27", "killed since Sept. 27", wed, "since Sept. 27", "2020-09-27", "", day, Since, false, false},
		{"between", "between 27 Sep and 10 Nov more than 5,000 died", wed, "between 27 Sep and 10 Nov", "2020-09-27", "2020-11-10", day, Interval, false, false},
		{"between with year", "between 27 Sep and 10 Nov 2020", truce.MustDate("2021-06-01"), "between 27 Sep and 10 Nov 2020", "2020-09-27", "2020-11-10", day, Interval, false, false},
		{"between years", "between 1988 and 1994", wed, "between 1988 and 1994", "1988-01-01", "1994-12-31", month, Interval, false, true},
		{"year then day", "between 2020 and 10 Nov", truce.MustDate("2021-01-20"), "between 2020 and 10 Nov", "2020-01-01", "2020-11-10", month, Interval, false, false},
		{"from to", "from Sept. 27 to Nov. 10", wed, "from Sept. 27 to Nov. 10", "2020-09-27", "2020-11-10", day, Interval, false, false},
		{"day range", "talks on Nov. 9-10 in Moscow", wed, "Nov. 9-10", "2020-11-09", "2020-11-10", day, Interval, false, false},
		{"month range", "fighting from Sept. 27-Nov. 10, 2020", truce.MustDate("2021-03-01"), "Sept. 27-Nov. 10, 2020", "2020-09-27", "2020-11-10", day, Interval, false, false},
		{"day range first", "talks on 9-10 November in Moscow", wed, "9-10 November", "2020-11-09", "2020-11-10", day, Interval, false, false},
		{"last year", "the protests last year", wed, "last year", "2019-01-01", "2019-12-31", month, Relative, false, true},
		{"the weekend", "Shelling eased over the weekend.", wed, "the weekend", "2020-11-21", "", week, Relative, false, false},
		{"earlier today", "Earlier today the ministry said", wed, "Earlier today", "2020-11-25", "", day, Relative, false, false},
		{"upper case", "KALBAJAR, NOV. 15", wed, "NOV. 15", "2020-11-15", "", day, Absolute, false, false},
		{"until", "a curfew until Monday", wed, "until Monday", "2020-11-23", "", day, Until, false, false},
		{"leap day", "on Feb. 29", truce.MustDate("2021-03-05"), "Feb. 29", "2020-02-29", "", day, Absolute, false, false},
		{"leap day four years back", "on Feb. 29", truce.MustDate("2023-06-01"), "Feb. 29", "2020-02-29", "", day, Absolute, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := Find(tt.text, tt.ref)
			if len(ms) != 1 {
				t.Fatalf("Find(%q) = %d mentions %+v, want 1", tt.text, len(ms), ms)
			}
			m := ms[0]
			if m.Text != tt.want || tt.text[m.Start:m.End] != m.Text {
				t.Errorf("text = %q [%d:%d], want %q", m.Text, m.Start, m.End, tt.want)
			}
			if m.Date.String() != tt.date {
				t.Errorf("date = %s, want %s", m.Date, tt.date)
			}
			if m.EndDate.String() != tt.end {
				t.Errorf("end = %s, want %s", m.EndDate, tt.end)
			}
			if m.Precision != tt.prec || m.Kind != tt.kind {
				t.Errorf("precision, kind = %d, %s; want %d, %s", m.Precision, m.Kind, tt.prec, tt.kind)
			}
			if m.Future != tt.future || m.Year != tt.year {
				t.Errorf("future, year = %v, %v; want %v, %v", m.Future, m.Year, tt.future, tt.year)
			}
		})
	}
}

func TestFindNothing(t *testing.T) {
	tests := []string{
		"",
		"Azerbaijan’s Defense Ministry said the army had entered the region.",
		"The ministry may release a statement.",   // "may" the verb
		"Protesters march on parliament.",         // "march" the verb
		"Some 2,000 Russian peacekeepers arrived", // a count
		"killing 15 people in 30 villages",
		"the sun rose over 1234 houses",
		"They staged an overnight protest.",
		"At the end of the day, the start of talks matters.",
		"In the past, the ceasefire failed.",
		"Recent clashes killed three.",
		"Nov. 45 is not a date",
		"version 3.11.2020x of the app",
		"31.02.2020",
		"0001-01-01",
		"on 31 February",
		"Wednesday", // weekday with zero ref
	}
	for _, text := range tests {
		ref := wed
		if text == "Wednesday" {
			ref = 0
		}
		if ms := Find(text, ref); len(ms) != 0 {
			t.Errorf("Find(%q) = %+v, want none", text, ms)
		}
	}
}

func TestAlt(t *testing.T) {
	m, ok := Resolve("on Sunday", wed)
	if !ok || m.Date.String() != "2020-11-22" || m.Alt.String() != "2020-11-29" {
		t.Errorf("Resolve(on Sunday) = %+v, %v; want 2020-11-22 alt 2020-11-29", m, ok)
	}
	m, ok = Resolve("Dec. 1", wed)
	if !ok || m.Date.String() != "2020-12-01" || m.Alt.String() != "2019-12-01" {
		t.Errorf("Resolve(Dec. 1) = %+v, %v; want 2020-12-01 alt 2019-12-01", m, ok)
	}
	m, ok = Resolve("Nov. 15, 2020", wed)
	if !ok || m.Alt != 0 {
		t.Errorf("Resolve(Nov. 15, 2020) alt = %s, want none", m.Alt)
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		expr string
		ok   bool
		date string
	}{
		{"last week", true, "2020-11-16"},
		{"  Nov. 15. ", true, "2020-11-15"},
		{"on 9 May 2020", true, "2020-05-09"},
		{"by Dec. 1", true, "2020-12-01"},
		{"Updated 25 November 2020", false, ""},
		{"the army said Wednesday", false, ""},
		{"Nov. 15 and Nov. 16", false, ""},
		{"", false, ""},
		{"nonsense", false, ""},
	}
	for _, tt := range tests {
		m, ok := Resolve(tt.expr, wed)
		if ok != tt.ok || (ok && m.Date.String() != tt.date) {
			t.Errorf("Resolve(%q) = %s, %v; want %s, %v", tt.expr, m.Date, ok, tt.date, tt.ok)
		}
	}
}

// TestSeed runs Find over the Kalbajar report when the shared folder is
// present and checks the dates it names.
func TestSeed(t *testing.T) {
	b, err := os.ReadFile("../../shared/seed/kalbajar-handover-2020-11-25.txt")
	if err != nil {
		t.Skip("seed article not present:", err)
	}
	got := map[string]string{}
	for _, m := range Find(string(b), wed) {
		got[m.Text] = m.Date.String()
	}
	want := map[string]string{
		"Wednesday":     "2020-11-25",
		"two weeks ago": "2020-11-11",
		"last week":     "2020-11-16",
		"Nov. 15":       "2020-11-15",
		"Sept. 27":      "2020-09-27",
		"in 1994":       "1994-01-01",
		"Nov. 21, 2020": "2020-11-21",
	}
	for text, date := range want {
		if got[text] != date {
			t.Errorf("seed: %q = %q, want %s (all: %v)", text, got[text], date, got)
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"said Wednesday", "between 27 Sep and 10 Nov 2020", "Nov. 9-10", "2020-11-15",
		"in the 1990s", "early Sunday", "three days ago", "by Dec. 1", "mid-", "Nov.",
		"9-10 November", "since", "the weekend", "Feb. 29", "last", "\xff\xfeNov",
	} {
		f.Add(s, int32(wed))
	}
	f.Fuzz(func(t *testing.T, text string, ref int32) {
		if ref < 0 || ref > int32(truce.MustDate("9999-12-31")) {
			ref = int32(wed)
		}
		prev := 0
		for _, m := range Find(text, truce.Date(ref)) {
			if m.Start < prev || m.End <= m.Start || m.End > len(text) {
				t.Fatalf("bad span [%d:%d] after %d in %q", m.Start, m.End, prev, text)
			}
			if m.Text != text[m.Start:m.End] {
				t.Fatalf("Text %q != text[%d:%d]", m.Text, m.Start, m.End)
			}
			if utf8.ValidString(text) && !utf8.ValidString(m.Text) {
				t.Fatalf("span splits a rune: %q", m.Text)
			}
			if m.Date.IsZero() || !m.Precision.Valid() {
				t.Fatalf("mention without date or precision: %+v", m)
			}
			if m.EndDate != 0 && m.EndDate < m.Date {
				t.Fatalf("interval ends before it starts: %+v", m)
			}
			prev = m.End
		}
	})
}

// benchText is a seed-sized report (about 3 KB, 20 sentences) of our own.
var benchText = strings.Repeat(`STEPANAKERT, Nagorno-Karabakh (AP) — Russian peacekeepers set up checkpoints on Sunday along the road to Lachin, a week after the truce was signed on Nov. 10. The ministry said Wednesday that 1,200 troops had arrived by late Monday. Fighting broke out on Sept. 27 and killed thousands before the deal, officials said. Armenian forces are due to leave Lachin by Dec. 1, and Aghdam was handed over last week. The region has been under Armenian control since 1994. `, 4)

func BenchmarkFind(b *testing.B) {
	sentences := float64(strings.Count(benchText, ". "))
	b.SetBytes(int64(len(benchText)))
	var n int
	cpu := cpuTime()
	for b.Loop() {
		n = len(Find(benchText, wed))
	}
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N)/sentences/1000, "cpu-µs/sentence")
	b.ReportMetric(float64(n), "mentions")
}

// cpuTime returns the CPU time the process has used, so that the benchmark
// reports CPU per sentence on a machine shared with other work.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
