package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// golden is what the golden files record of an Article.
type golden struct {
	Title           string     `json:"title"`
	Published       string     `json:"published"`
	PublishedSource string     `json:"published_source"`
	Dateline        string     `json:"dateline"`
	DatelinePlace   string     `json:"dateline_place"`
	DatelineCountry string     `json:"dateline_country"`
	DatelineDate    truce.Date `json:"dateline_date"`
	Outlet          string     `json:"outlet"`
	Language        string     `json:"language"`
	Paragraphs      int        `json:"paragraphs"`
	Sentences       []string   `json:"sentences"`
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		ext := filepath.Ext(f)
		if ext != ".txt" && ext != ".html" {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Read(data, Options{})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			checkOffsets(t, a)
			g := golden{
				Title: a.Title, PublishedSource: a.PublishedSource, Dateline: a.Dateline,
				DatelinePlace: a.DatelinePlace, DatelineCountry: a.DatelineCountry, DatelineDate: a.DatelineDate,
				Outlet: a.Outlet, Language: a.Language, Paragraphs: len(a.Paragraphs),
			}
			if !a.Published.IsZero() {
				g.Published = a.Published.UTC().Format(time.RFC3339)
			}
			for _, s := range a.Sentences {
				g.Sentences = append(g.Sentences, s.Text)
			}
			got, _ := json.MarshalIndent(g, "", "  ")
			got = append(got, '\n')
			path := strings.TrimSuffix(f, ext) + ".golden.json"
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n%s", f, path, got)
			}
		})
	}
	if n < 5 {
		t.Fatalf("found %d fixtures, want at least 5", n)
	}
}

// checkOffsets checks the offset contract: paragraphs and sentences are
// spans of Text, in order, sentences inside their paragraph.
func checkOffsets(t *testing.T, a *Article) {
	t.Helper()
	prev := 0
	for i, p := range a.Paragraphs {
		if p.Start < prev || p.End <= p.Start || p.End > len(a.Text) {
			t.Fatalf("paragraph %d = %+v out of order or range (text %d bytes)", i, p, len(a.Text))
		}
		prev = p.End
	}
	prev = 0
	for i, s := range a.Sentences {
		if s.Start < prev || s.End <= s.Start || s.End > len(a.Text) || a.Text[s.Start:s.End] != s.Text {
			t.Fatalf("sentence %d [%d:%d] %q does not match Text", i, s.Start, s.End, s.Text)
		}
		p := a.Paragraphs[s.Paragraph]
		if s.Start < p.Start || s.End > p.End {
			t.Fatalf("sentence %d %+v outside paragraph %d %+v", i, s, s.Paragraph, p)
		}
		if strings.TrimSpace(s.Text) != s.Text {
			t.Fatalf("sentence %d has untrimmed space: %q", i, s.Text)
		}
		prev = s.End
	}
	if a.DatelineSpan.End > 0 && a.Text[a.DatelineSpan.Start:a.DatelineSpan.End] == "" {
		t.Fatalf("empty dateline span")
	}
	if !utf8.ValidString(a.Text) {
		t.Fatalf("Text is not valid UTF-8")
	}
}

const seedPath = "../../shared/seed/kalbajar-handover-2020-11-25.txt"

// TestSeed reads the report truce started from, when the shared folder is
// there.
func TestSeed(t *testing.T) {
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skip("seed article not present:", err)
	}
	a, err := Read(data, Options{})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	checkOffsets(t, a)
	if want := "Azerbaijani troops enter further territory ceded by Armenia"; a.Title != want {
		t.Errorf("Title = %q, want %q", a.Title, want)
	}
	if got := a.Published.Format(time.DateOnly); got != "2020-11-25" || a.PublishedSource != "text" {
		t.Errorf("Published = %s (%s), want 2020-11-25 from text", got, a.PublishedSource)
	}
	if a.Dateline != "BAKU, Azerbaijan" || a.DatelinePlace != "BAKU" || a.DatelineCountry != "Azerbaijan" {
		t.Errorf("Dateline = %q (%q, %q)", a.Dateline, a.DatelinePlace, a.DatelineCountry)
	}
	if got := a.Text[a.DatelineSpan.Start:a.DatelineSpan.End]; got != "BAKU, Azerbaijan: " {
		t.Errorf("dateline span covers %q", got)
	}
	if !strings.HasPrefix(a.Sentences[0].Text, "The Azerbaijani army has entered") {
		t.Errorf("first sentence = %q, want it to start after the dateline", a.Sentences[0].Text)
	}
	for _, gone := range []string{"Short Url", "Follow", "Updated 25 November", "Nov. 21, 2020", "(AFP)", "•"} {
		if strings.Contains(a.Text, gone) {
			t.Errorf("Text still contains %q", gone)
		}
	}
	if strings.Contains(a.Text, a.Title) {
		t.Errorf("Text repeats the headline")
	}
	for _, once := range []string{"Heavy fighting over Nagorno-Karabakh broke out on Sept. 27", "Ahead of the handover, some ethnic Armenians"} {
		if n := strings.Count(a.Text, once); n != 1 {
			t.Errorf("%q appears %d times, want once", once, n)
		}
	}
	found := false
	for _, s := range a.Sentences {
		if strings.HasPrefix(s.Text, "Kalbajar was expected to be handed over on Nov. 15, but") {
			found = strings.HasSuffix(s.Text, "after a request from Armenia.")
		}
	}
	if !found {
		t.Errorf("the Nov. 15 sentence is not kept whole")
	}
	if len(a.Sentences) != 13 {
		t.Errorf("%d sentences, want 13", len(a.Sentences))
	}
}

func TestReadErrors(t *testing.T) {
	deep := `<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2022-03-01T10:00:00Z"}</script>` + strings.Repeat("<div>", 5000) + "<p>KYIV, Ukraine (AP) — Shelling hit the city on Monday, officials said. Two people were hurt and a school was damaged in the attack.</p>" + strings.Repeat("</div>", 5000)
	tests := []struct {
		name    string
		data    string
		opts    Options
		want    error // nil: no error
		article bool  // an Article comes back
		check   func(*testing.T, *Article)
	}{
		{name: "empty", data: "", want: ErrEmpty},
		{name: "white space", data: " \n\t\r\n ", want: ErrEmpty},
		{name: "png", data: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", want: ErrBinary},
		{name: "pdf", data: "%PDF-1.7\n%âãÏÓ\n1 0 obj", want: ErrBinary},
		{name: "nul bytes", data: "Troops withdrew\x00\x00 from the town.", want: ErrBinary},
		{name: "only furniture", data: "Share\nFollow\nAdvertisement\n", want: ErrEmpty},
		{
			name: "headline only, repeated", data: "Truce holds in Karabakh\n\nTruce holds in Karabakh.\n", article: true,
			check: func(t *testing.T, a *Article) {
				if a.Title != "Truce holds in Karabakh" || a.Text != a.Title {
					t.Errorf("title %q, text %q", a.Title, a.Text)
				}
			},
		},
		{
			name: "one line without a full stop", data: "On 9 May 2020, shelling was reported near Horlivka [size=no report]\n", article: true,
			check: func(t *testing.T, a *Article) {
				if a.Title != "" || len(a.Sentences) != 1 {
					t.Errorf("title %q, %d sentences; want the line as body", a.Title, len(a.Sentences))
				}
			},
		},
		{name: "html only scripts", data: "<html><head><script>var a = 1;</script></head><body><script>track()</script></body></html>", want: ErrEmpty},
		{
			name: "too large", data: strings.Repeat("Armenian forces left the district on Friday, officials said.\n", 100),
			opts: Options{MaxBytes: 1000}, want: ErrTooLarge, article: true,
			check: func(t *testing.T, a *Article) {
				if !a.Truncated || len(a.Text) > 1000 || len(a.Paragraphs) == 0 {
					t.Errorf("Truncated=%v, %d bytes, %d paragraphs", a.Truncated, len(a.Text), len(a.Paragraphs))
				}
			},
		},
		{
			name: "not english", data: "Война в Карабахе\n\nБАКУ — Азербайджанские войска вошли в Кельбаджарский район в среду, сообщило министерство обороны. Перемирие было заключено при посредничестве России.",
			want: ErrNotEnglish, article: true,
			check: func(t *testing.T, a *Article) {
				if a.Language != "ru" {
					t.Errorf("Language = %q, want ru", a.Language)
				}
			},
		},
		{
			name: "french", data: "Les troupes azerbaïdjanaises sont entrées mercredi dans le district de Kalbajar, cédé par l'Arménie dans le cadre de l'accord de cessez-le-feu signé sous l'égide de la Russie.",
			want: ErrNotEnglish, article: true,
			check: func(t *testing.T, a *Article) {
				if a.Language != "fr" {
					t.Errorf("Language = %q, want fr", a.Language)
				}
			},
		},
		{
			name: "short spanish", data: "El ejército entró en la ciudad durante la noche del martes",
			want: ErrNotEnglish, article: true,
		},
		{
			name: "short english headline", data: "Azerbaijani troops enter Kalbajar district",
			article: true,
		},
		{
			name: "html in windows-1252", data: "<html><head><meta charset=\"windows-1252\"><title>Truce</title></head><body><p>The ministry\x92s statement said the \x93truce\x94 held overnight in Aghdam, and monitors reported no shelling on Sunday.</p></body></html>",
			article: true,
			check: func(t *testing.T, a *Article) {
				if !strings.Contains(a.Text, "ministry’s statement said the “truce” held") {
					t.Errorf("Text = %q", a.Text)
				}
			},
		},
		{
			name: "windows-1252", data: "Ceasefire holds\n\nThe ministry\x92s statement said the \x93truce\x94 held overnight in Aghdam, and monitors reported no shelling.",
			article: true,
			check: func(t *testing.T, a *Article) {
				if !strings.Contains(a.Text, "ministry’s statement said the “truce” held") || len(a.Warnings) == 0 {
					t.Errorf("Text = %q, warnings %v", a.Text, a.Warnings)
				}
			},
		},
		{
			name: "deeply nested html", data: deep, article: true,
			check: func(t *testing.T, a *Article) {
				if a.Dateline != "KYIV, Ukraine" || len(a.Sentences) != 2 || len(a.Warnings) == 0 {
					t.Errorf("dateline %q, %d sentences, warnings %v", a.Dateline, len(a.Sentences), a.Warnings)
				}
				if a.PublishedSource != "meta" || a.Published.Format(time.DateOnly) != "2022-03-01" {
					t.Errorf("published %v (%s), want 2022-03-01 from JSON-LD", a.Published, a.PublishedSource)
				}
			},
		},
		{
			name: "given date wins", data: "Truce holds\nUpdated 25 November 2020\n\nBAKU, Azerbaijan: The army entered the district on Wednesday, the ministry said in a statement.",
			opts: Options{Published: time.Date(2020, 11, 26, 8, 0, 0, 0, time.UTC)}, article: true,
			check: func(t *testing.T, a *Article) {
				if a.PublishedSource != "given" || a.Published.Day() != 26 {
					t.Errorf("Published = %v (%s), want the given 26 Nov", a.Published, a.PublishedSource)
				}
			},
		},
		{
			name: "html meta date", data: `<html><head><meta property="article:published_time" content="2020-11-20T09:30:00Z"><title>Aghdam handed over</title></head><body><article><p>Azerbaijani troops entered the Aghdam district on Friday after Armenian forces withdrew under the truce agreement signed earlier this month.</p><p>Updated 22 November 2020</p></article></body></html>`,
			opts: Options{ContentType: "text/html; charset=utf-8"}, article: true,
			check: func(t *testing.T, a *Article) {
				if a.PublishedSource != "meta" || a.Published.Format(time.DateOnly) != "2020-11-20" {
					t.Errorf("Published = %v (%s), want 2020-11-20 from meta", a.Published, a.PublishedSource)
				}
				if a.Title != "Aghdam handed over" {
					t.Errorf("Title = %q", a.Title)
				}
			},
		},
		{
			name: "short html title repeated with site name", data: `<html><head><meta property="og:title" content="Q"></head><body><p>Q | S</p><p>Russian peacekeepers arrived in Stepanakert on Tuesday, the Russian Defense Ministry said in a statement.</p></body></html>`,
			opts: Options{ContentType: "text/html"}, article: true,
			check: func(t *testing.T, a *Article) {
				if a.Title != "Q" || strings.Contains(a.Text, "Q | S") {
					t.Errorf("title %q, text %q", a.Title, a.Text)
				}
			},
		},
		{
			name: "plain text declared html", data: "Truce holds\n\nBAKU, Azerbaijan: The army entered the district on Wednesday, the ministry said. Shelling stopped.",
			opts: Options{ContentType: "text/html"}, article: true,
			check: func(t *testing.T, a *Article) {
				if a.Title != "Truce holds" || a.Dateline != "BAKU, Azerbaijan" || len(a.Warnings) == 0 {
					t.Errorf("title %q, dateline %q, warnings %v", a.Title, a.Dateline, a.Warnings)
				}
			},
		},
		{
			name: "reuters dateline date", data: "MOSCOW, Nov 10 (Reuters) - Russia will send peacekeepers to the region, the Kremlin said on Tuesday.",
			opts: Options{Published: time.Date(2020, 11, 10, 4, 0, 0, 0, time.UTC)}, article: true,
			check: func(t *testing.T, a *Article) {
				if a.DatelineDate.String() != "2020-11-10" || a.Outlet != "Reuters" || a.Title != "" {
					t.Errorf("dateline date %s, outlet %q, title %q", a.DatelineDate, a.Outlet, a.Title)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Read([]byte(tt.data), tt.opts)
			if tt.want == nil && err != nil {
				t.Fatalf("Read: %v", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("Read error = %v, want %v", err, tt.want)
			}
			if tt.want != nil && truce.ErrorCode(err) != truce.EINVALID {
				t.Errorf("ErrorCode = %q, want invalid", truce.ErrorCode(err))
			}
			if (a != nil) != tt.article {
				t.Fatalf("article returned = %v, want %v", a != nil, tt.article)
			}
			if a != nil {
				checkOffsets(t, a)
			}
			if tt.check != nil {
				tt.check(t, a)
			}
		})
	}
}

func TestDateline(t *testing.T) {
	tests := []struct {
		para                         string
		ok                           bool
		text, place, country, outlet string
		date                         string
		body                         string // what follows the dateline
	}{
		{"BAKU, Azerbaijan: The army entered.", true, "BAKU, Azerbaijan", "BAKU", "Azerbaijan", "", "", "The army entered."},
		{"KYIV, Ukraine (AP) — Shelling resumed.", true, "KYIV, Ukraine", "KYIV", "Ukraine", "AP", "", "Shelling resumed."},
		{"MOSCOW, Nov 10 (Reuters) - Russia said.", true, "MOSCOW, Nov 10", "MOSCOW", "", "Reuters", "Nov 10", "Russia said."},
		{"YEREVAN (AFP) - Protesters gathered.", true, "YEREVAN", "YEREVAN", "", "AFP", "", "Protesters gathered."},
		{"Beirut, Lebanon – A ceasefire began.", true, "Beirut, Lebanon", "Beirut", "Lebanon", "", "", "A ceasefire began."},
		{"ST. PETERSBURG, Russia (AP) — Talks began.", true, "ST. PETERSBURG, Russia", "ST. PETERSBURG", "Russia", "AP", "", "Talks began."},
		{"UNITED NATIONS (AP) — The council met.", true, "UNITED NATIONS", "UNITED NATIONS", "", "AP", "", "The council met."},
		{"SEVERN, Md. (WBAL) — A man was arrested.", true, "SEVERN, Md.", "SEVERN", "Md.", "WBAL", "", "A man was arrested."},
		{"STEPANAKERT, Nagorno-Karabakh -- Sirens sounded.", true, "STEPANAKERT, Nagorno-Karabakh", "STEPANAKERT", "Nagorno-Karabakh", "", "", "Sirens sounded."},
		{"MOSCOW--Russia said the truce held.", true, "MOSCOW", "MOSCOW", "", "", "", "Russia said the truce held."},
		{"NAGORNO-KARABAKH — Sirens sounded.", true, "NAGORNO-KARABAKH", "NAGORNO-KARABAKH", "", "", "", "Sirens sounded."},
		{"BAKU, Dec. 13, 2020 - Four soldiers were killed.", true, "BAKU, Dec. 13, 2020", "BAKU", "", "", "Dec. 13, 2020", "Four soldiers were killed."},
		{"AGHDAM, Azerbaijan, Nov. 20, 2020 — Troops entered.", true, "AGHDAM, Azerbaijan, Nov. 20, 2020", "AGHDAM", "Azerbaijan", "", "Nov. 20, 2020", "Troops entered."},
		{"BAKU, 2020 - Troops entered.", false, "", "", "", "", "", ""},
		{"(CNN) — Russia said the truce held.", true, "", "", "", "CNN", "", "Russia said the truce held."},
		{"The ministry said: troops withdrew.", false, "", "", "", "", "", ""},
		{"President Ilham Aliyev — speaking on TV — said so.", false, "", "", "", "", "", ""},
		{"Officials said the truce held. Later: more news.", false, "", "", "", "", "", ""},
		{"Azerbaijan’s Defense Ministry said Wednesday.", false, "", "", "", "", "", ""},
		{"Russia: the deal holds.", false, "", "", "", "", "", ""},
		{"BAKU:", false, "", "", "", "", "", ""},
	}
	for _, tt := range tests {
		d, ok := parseDateline(tt.para)
		if ok != tt.ok {
			t.Errorf("parseDateline(%q) ok = %v, want %v (%+v)", tt.para, ok, tt.ok, d)
			continue
		}
		if !ok {
			continue
		}
		if d.text != tt.text || d.place != tt.place || d.country != tt.country || d.outlet != tt.outlet || d.date != tt.date || tt.para[d.end:] != tt.body {
			t.Errorf("parseDateline(%q) = %+v, body %q", tt.para, d, tt.para[d.end:])
		}
	}
}

// sentenceCases are paragraphs with their sentences, written for the
// abbreviations and quotes of news copy.
var sentenceCases = []struct {
	text  string
	want  []string
	known bool // a known failure: an initialism before a proper noun
}{
	{"Kalbajar was to be handed over on Nov. 15, but the date moved. Troops waited.",
		[]string{"Kalbajar was to be handed over on Nov. 15, but the date moved.", "Troops waited."}, false},
	{"Fighting broke out on Sept. 27. It killed thousands.",
		[]string{"Fighting broke out on Sept. 27.", "It killed thousands."}, false},
	{"Lt. Col. Ivan Petrov and Gen. Ruslan Ivanov spoke. They met at St. George's church.",
		[]string{"Lt. Col. Ivan Petrov and Gen. Ruslan Ivanov spoke.", "They met at St. George's church."}, false},
	{"U.S. officials welcomed the deal. The U.N. did too.",
		[]string{"U.S. officials welcomed the deal.", "The U.N. did too."}, false},
	{"Sanctions were imposed by the U.S. The ministry objected.",
		[]string{"Sanctions were imposed by the U.S.", "The ministry objected."}, false},
	{"Prices rose 3.5 percent. Inflation hit 4.2%.",
		[]string{"Prices rose 3.5 percent.", "Inflation hit 4.2%."}, false},
	{"“We will not retreat,” he said. “Never.” The crowd cheered.",
		[]string{"“We will not retreat,” he said.", "“Never.”", "The crowd cheered."}, false},
	{"The shelling began at 10 p.m. Monday and ended at 4 a.m. The army said so.",
		[]string{"The shelling began at 10 p.m. Monday and ended at 4 a.m.", "The army said so."}, false},
	{"John F. Kennedy was mentioned. Why? Nobody knew!",
		[]string{"John F. Kennedy was mentioned.", "Why?", "Nobody knew!"}, false},
	{"He cited Resolution No. 884. It was adopted in 1993.",
		[]string{"He cited Resolution No. 884.", "It was adopted in 1993."}, false},
	{"The ministry said (in a statement.) that troops left. Then it paused...",
		[]string{"The ministry said (in a statement.) that troops left.", "Then it paused..."}, false},
	{"Dr. Anna Smith arrived. 15 people were hurt.",
		[]string{"Dr. Anna Smith arrived.", "15 people were hurt."}, false},
	{"no final stop", []string{"no final stop"}, false},
	{"The talks in Moscow ended at 2 a.m. Officials gave no details.",
		[]string{"The talks in Moscow ended at 2 a.m.", "Officials gave no details."}, false},
	{"He said the U.S.-brokered truce failed. Mr. Pashinyan disagreed.",
		[]string{"He said the U.S.-brokered truce failed.", "Mr. Pashinyan disagreed."}, false},
	{"Armenian forces were to leave by Dec. 1. The handover went ahead.",
		[]string{"Armenian forces were to leave by Dec. 1.", "The handover went ahead."}, false},
	{"The deal was backed by the U.S. Russia objected.",
		[]string{"The deal was backed by the U.S.", "Russia objected."}, true},
	{"He paused... and then left. “Where are the monitors?” asked one resident.",
		[]string{"He paused... and then left.", "“Where are the monitors?” asked one resident."}, false},
	{"Lt. Gen. Rustam Muradov commands the force. It has 1,960 troops.",
		[]string{"Lt. Gen. Rustam Muradov commands the force.", "It has 1,960 troops."}, false},
	{"The E.U. and the U.K. condemned the attack on Ganja. Azerbaijan said 10 people died.",
		[]string{"The E.U. and the U.K. condemned the attack on Ganja.", "Azerbaijan said 10 people died."}, false},
	{"Police in Severn, Md. arrested two men. Sens. Tom Udall and Martin Heinrich spoke. Call ext. 1133. The case is open.",
		[]string{"Police in Severn, Md. arrested two men.", "Sens. Tom Udall and Martin Heinrich spoke.", "Call ext. 1133.", "The case is open."}, false},
	{"The bomb went off at 9:30 a.m. (0630 GMT) near a checkpoint. Two guards died.",
		[]string{"The bomb went off at 9:30 a.m. (0630 GMT) near a checkpoint.", "Two guards died."}, false},
	{"Shelling hit Stepanakert on Oct. 2. Residents sheltered in basements.",
		[]string{"Shelling hit Stepanakert on Oct. 2.", "Residents sheltered in basements."}, false},
}

func TestSentences(t *testing.T) {
	tests := sentenceCases
	for _, tt := range tests {
		if tt.known {
			continue
		}
		var got []string
		for _, s := range splitSentences(tt.text, 0, len(tt.text), 0, nil) {
			if tt.text[s.Start:s.End] != s.Text {
				t.Fatalf("offsets of %q wrong", s.Text)
			}
			got = append(got, s.Text)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("split(%q)\n got %q\nwant %q", tt.text, got, tt.want)
		}
	}
}

func TestFurniture(t *testing.T) {
	text := strings.Join([]string{
		"Truce monitors arrive in Aghdam",
		"",
		"Truce monitors arrive in Aghdam | Caucasus Daily",
		"By Jane Roe, Associated Press",
		"Posted on 21 Nov 2020 at 10:15 GMT",
		"Skip to main content",
		"3 min read",
		"Reading time: 4 minutes",
		"Share this article",
		"Russian peacekeepers set up posts near Aghdam on Nov. 21, 2020. (AP Photo/Staff)",
		"FILE PHOTO: A checkpoint near Lachin. REUTERS/Stringer",
		"- Monitors arrived on Saturday",
		"- The mission has 60 staff",
		"",
		"Monitors arrived on Saturday in the Aghdam district, two days after Azerbaijani troops took control of it, officials said.",
		"Advertisement",
		"Read more: How the truce was agreed",
		"This website uses cookies to ensure you get the best experience on our website.",
		"They will report to both sides, a spokesman said.",
		"Associated Press writer John Doe in Moscow contributed to this report.",
		"Copyright 2020 The Associated Press. All rights reserved.",
	}, "\n")
	a, err := Read([]byte(text), Options{})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	want := "The mission has 60 staff\nMonitors arrived on Saturday in the Aghdam district, two days after Azerbaijani troops took control of it, officials said.\nThey will report to both sides, a spokesman said."
	if a.Text != want {
		t.Errorf("Text =\n%s\nwant\n%s", a.Text, want)
	}
	if a.Title != "Truce monitors arrive in Aghdam" || a.Outlet != "AP" || a.Published.Format(time.DateOnly) != "2020-11-21" {
		t.Errorf("title %q, outlet %q, published %v", a.Title, a.Outlet, a.Published)
	}
}

func TestCleanTitle(t *testing.T) {
	tests := map[string]string{
		"UPDATE 2-Russia says truce holds":      "Russia says truce holds",
		"EXCLUSIVE-Armenia to hand over Lachin": "Armenia to hand over Lachin",
		"UPDATE ON TALKS: no deal":              "UPDATE ON TALKS: no deal",
		"Truce holds":                           "Truce holds",
		"UPDATE 3-":                             "UPDATE 3-",
	}
	for in, want := range tests {
		if got := cleanTitle(in); got != want {
			t.Errorf("cleanTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCaptions(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Armenian soldiers patrol near Askeran on Nov. 21, 2020. (AFP)", true},
		{"A checkpoint near Lachin. REUTERS/Stringer", true},
		{"Displaced families return to Agdam. Photograph: Jane Roe/The Desk", true},
		{"Residents queue for bread in Stepanakert. Photo: Staff", true},
		{"Troops left the town on Friday, officials said (AP).", false},
		{strings.Repeat("Armenian forces withdrew from the district on Friday, officials said. ", 6) + "(AP)", false},
		{"The ministry said the truce held overnight across the front line.", false},
	}
	for _, tt := range tests {
		if got := isCaption(tt.line); got != tt.want {
			t.Errorf("isCaption(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestLineEnds(t *testing.T) {
	for name, text := range map[string]string{
		"crlf": "Truce holds\r\n\r\nBAKU, Azerbaijan: The army entered the district on Wednesday.\r\nShelling stopped on Thursday, officials said.\r\n",
		"cr":   "Truce holds\r\rBAKU, Azerbaijan: The army entered the district on Wednesday.\rShelling stopped on Thursday, officials said.\r",
		"lf":   "Truce holds\n\nBAKU, Azerbaijan: The army entered the district on Wednesday.\nShelling stopped on Thursday, officials said.\n",
	} {
		a, err := Read([]byte(text), Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if a.Title != "Truce holds" || a.Dateline != "BAKU, Azerbaijan" || len(a.Paragraphs) != 2 || strings.ContainsRune(a.Text, '\r') {
			t.Errorf("%s: title %q, dateline %q, %d paragraphs, text %q", name, a.Title, a.Dateline, len(a.Paragraphs), a.Text)
		}
	}
}

func TestHardWrap(t *testing.T) {
	text := "Truce takes effect\n\nBeirut, Lebanon – A ceasefire came into force at 4 a.m.\non Wednesday, after more than a year of fire.\n\nDisplaced families\nset off for the south.\n"
	a, err := Read([]byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Paragraphs) != 2 || len(a.Sentences) != 2 || a.DatelinePlace != "Beirut" {
		t.Errorf("%d paragraphs, %d sentences, dateline %q: %q", len(a.Paragraphs), len(a.Sentences), a.Dateline, a.Text)
	}
}

// FuzzRead checks that Read never panics, that errors come with the right
// Article, and that the offset contract holds. The seed corpus is in
// testdata/fuzz/FuzzRead.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"BAKU, Azerbaijan: The army entered.", "<html><body><p>KYIV (AP) — Hi. There.</p></body></html>",
		"\xff\xfe\x00T", "Title\n\n  • a\n  • b\n\na. b. c.", "<div><div><p>x</p>", "Nov. 15. U.S. St.",
	} {
		f.Add([]byte(s), "")
		f.Add([]byte(s), "text/html")
	}
	f.Fuzz(func(t *testing.T, data []byte, ct string) {
		a, err := Read(data, Options{ContentType: ct, MaxBytes: 1 << 16})
		if err != nil && a == nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrBinary) {
				t.Fatalf("error without article is %v", err)
			}
			return
		}
		if a == nil {
			t.Fatal("nil article without error")
		}
		checkOffsets(t, a)
	})
}

// FuzzBuild drives the clean-up directly with a title, as the HTML path
// gives one, without the cost of HTML extraction.
func FuzzBuild(f *testing.F) {
	f.Add("Q | S\nBAKU, Azerbaijan: The army entered. It left.", "Q")
	f.Add("Title\n\n  • a b c\nTitle - Site\nA long line of body text that ends here.", "Title")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, text, title string) {
		if !utf8.ValidString(text) || !utf8.ValidString(title) {
			return
		}
		a := &Article{}
		build(a, text, title)
		checkOffsets(t, a)
	})
}

func seedSized(b *testing.B) []byte {
	data, err := os.ReadFile(seedPath)
	if err != nil {
		data, err = os.ReadFile("testdata/ap-kyiv.txt")
		if err != nil {
			b.Fatal(err)
		}
		for len(data) < 3000 {
			data = append(data, data...)
		}
	}
	return data
}

func BenchmarkReadText(b *testing.B) {
	data := seedSized(b)
	b.SetBytes(int64(len(data)))
	cpu := cpuTime()
	for b.Loop() {
		if _, err := Read(data, Options{ContentType: "text/plain"}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

func BenchmarkReadHTML(b *testing.B) {
	data, err := os.ReadFile("testdata/aghdam.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	cpu := cpuTime()
	for b.Loop() {
		if _, err := Read(data, Options{ContentType: "text/html"}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

func BenchmarkSentences(b *testing.B) {
	data := seedSized(b)
	a, err := Read(data, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(a.Text)))
	var out []Sentence
	for b.Loop() {
		out = out[:0]
		for i, p := range a.Paragraphs {
			out = splitSentences(a.Text, p.Start, p.End, i, out)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(out)), "ns/sentence")
}

// TestReadConcurrent reads the fixtures from several goroutines at once
// (run it with -race) and checks that each gets the serial result.
func TestReadConcurrent(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.*")
	type job struct {
		data []byte
		want string
	}
	var jobs []job
	for _, f := range files {
		if ext := filepath.Ext(f); ext != ".txt" && ext != ".html" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Read(data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, job{data, a.Title + "\n" + a.Text})
	}
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		go func() {
			for i := range jobs {
				j := jobs[(i+g)%len(jobs)]
				a, err := Read(j.data, Options{})
				if err == nil && a.Title+"\n"+a.Text != j.want {
					err = errors.New("concurrent read differs from serial read")
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for g := 0; g < 8; g++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestDatelinePublished: a dateline that states its year dates a report
// that carries no other date; one without a year, or a given date, wins
// over nothing and loses to the caller's.
func TestDatelinePublished(t *testing.T) {
	tests := []struct {
		text   string
		given  time.Time
		want   string // publication day, "" for none
		source string
	}{
		{"Clash near Hadrut\n\nBAKU, Dec. 13, 2020 - Four soldiers were killed near Hadrut on Sunday, the ministry said.", time.Time{}, "2020-12-13", "dateline"},
		{"MOSCOW, Nov 10 (Reuters) - Russian peacekeepers began deploying on Tuesday, the ministry said.", time.Time{}, "", "none"},
		{"BAKU, Dec. 13, 2020 - Four soldiers were killed near Hadrut on Sunday, the ministry said.", time.Date(2020, 12, 14, 0, 0, 0, 0, time.UTC), "2020-12-14", "given"},
	}
	for _, tt := range tests {
		a, err := Read([]byte(tt.text), Options{Published: tt.given})
		if err != nil {
			t.Fatalf("Read(%q): %v", tt.text, err)
		}
		got := ""
		if !a.Published.IsZero() {
			got = a.Published.Format(time.DateOnly)
		}
		if got != tt.want || a.PublishedSource != tt.source {
			t.Errorf("Read(%q): published %q (%s), want %q (%s)", tt.text, got, a.PublishedSource, tt.want, tt.source)
		}
	}
}
