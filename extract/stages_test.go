package extract

import (
	"os"
	"testing"

	"github.com/truce-monitor/truce"
)

// newTestExtractor returns an extractor without a gazetteer: places are
// countries only, which the stage tests need no more than.
func newTestExtractor(t testing.TB) *Extractor {
	t.Helper()
	x, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// first returns the first event extracted from text, or nil.
func first(t *testing.T, x *Extractor, text string, pub string) *Event {
	t.Helper()
	r, err := x.ExtractText(text, truce.MustDate(pub), "")
	if err != nil {
		t.Fatalf("ExtractText(%q): %v", text, err)
	}
	if len(r.Events) == 0 {
		return nil
	}
	return &r.Events[0]
}

func TestClassify(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		text string
		want truce.SubEventType // "" for no event
	}{
		{"Azerbaijani forces shelled the town of Tartar on Monday, the Defense Ministry said.", truce.ShellingArtilleryMissile},
		{"Israeli warplanes carried out airstrikes on a weapons depot near Damascus on Tuesday.", truce.AirDroneStrike},
		{"A Turkish drone strike hit a car carrying fighters in northern Iraq on Friday.", truce.AirDroneStrike},
		{"Ukrainian troops and separatist fighters clashed near Avdiivka on Sunday.", truce.ArmedClash},
		{"Government forces recaptured the town of Palmyra from Islamic State militants on Thursday.", truce.GovernmentRegainsTerritory},
		{"Taliban fighters captured the district center of Kunduz on Saturday after heavy fighting.", truce.NonStateActorOvertakes},
		{"A roadside bomb exploded next to an army convoy near Kandahar on Sunday, killing three soldiers.", truce.RemoteExplosive},
		{"A suicide bomber blew himself up at a checkpoint in Mogadishu on Wednesday, killing five people.", truce.SuicideBomb},
		{"Gunmen threw a grenade at a police station in Quetta on Tuesday.", truce.Grenade},
		{"Gunmen abducted two aid workers on the road to Maiduguri on Monday.", truce.AbductionForcedDisappearance},
		{"Police arrested four journalists in Minsk on Saturday.", truce.Arrests},
		{"Unknown gunmen shot dead a shepherd near the village on Monday.", truce.Attack},
		{"Thousands of people protested peacefully in Tbilisi on Sunday against the election results.", truce.PeacefulProtest},
		{"Police fired tear gas and dispersed protesters in Minsk on Sunday.", truce.ProtestWithIntervention},
		{"Security forces opened fire on protesters in Baghdad on Friday, killing three demonstrators.", truce.ExcessiveForceProtesters},
		{"Protesters threw stones at police and set fire to cars in Beirut on Saturday.", truce.ViolentDemonstration},
		{"A mob attacked a man accused of theft in the market on Monday.", truce.MobViolence},
		{"Armenia and Azerbaijan signed a ceasefire agreement brokered by Russia on Tuesday.", truce.AgreementEvent},
		{"Russian peacekeepers set up observation posts along the Lachin corridor on Friday.", truce.HeadquartersEstablished},
		{"Sappers defused an anti-tank mine on the road to Shusha on Thursday.", truce.DisruptedWeaponsUse},
		{"Air defense units shot down an Azerbaijani drone over the region on Monday.", truce.DisruptedWeaponsUse},
		{"Soldiers looted shops and set houses on fire in the village on Sunday.", truce.LootingPropertyDestruction},
		{"Azerbaijani troops entered Aghdam on Friday under the terms of the ceasefire as Armenian forces withdrew.", truce.NonViolentTransfer},
		{"Turkish and Russian forces carried out a joint patrol on the M4 highway on Tuesday.", truce.ChangeToGroupActivity},
		{"Syrian government forces fired chlorine gas shells on the town on Saturday.", truce.ChemicalWeapon},
		// no event
		{"The visitors attacked down the left and the striker fired a shot against the post in the second half.", ""},
		{"Fans lit flares as the hosts scored the winner in the last minute of the league match.", ""},
		{"Shares plunged on Tuesday as oil prices fell and investors fled to bonds.", ""},
		{"The minister said the talks would continue next year.", ""},
		{"Nagorno-Karabakh has been under the control of ethnic Armenian forces since a war there ended in 1994.", ""},
	}
	for _, tt := range tests {
		e := first(t, x, tt.text, "2020-11-25")
		got := truce.SubEventType("")
		if e != nil {
			got = e.SubType
		}
		if got != tt.want {
			t.Errorf("%q\n  got %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestCounts(t *testing.T) {
	tests := []struct {
		text            string
		killed, injured *truce.Range
	}{
		{"The attack killed at least 12 people and wounded 30.", &truce.Range{Low: 12, High: 12}, &truce.Range{Low: 30, High: 30}},
		{"Shelling killed hundreds and possibly thousands of people.", &truce.Range{Low: 100, High: 1000}, nil},
		{"Several soldiers were killed and dozens injured.", &truce.Range{Low: 3, High: 3}, &truce.Range{Low: 12, High: 12}},
		{"Two soldiers and a civilian were killed.", &truce.Range{Low: 3, High: 3}, nil},
		{"Neither fatalities nor injuries were reported.", &truce.Range{}, &truce.Range{}},
		{"The army fired 82mm mortars at 5 positions on Sept. 27.", nil, nil},
		{"The death toll rose to 45.", &truce.Range{Low: 45, High: 45}, nil},
		{"killing four civilians and wounding 12 others", &truce.Range{Low: 4, High: 4}, &truce.Range{Low: 12, High: 12}},
	}
	eq := func(a, b *truce.Range) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	for _, tt := range tests {
		k, i := counts(tokenize(tt.text, 0, nil))
		if !eq(k, tt.killed) || !eq(i, tt.injured) {
			t.Errorf("counts(%q) = %v, %v; want %v, %v", tt.text, k, i, tt.killed, tt.injured)
		}
	}
}

func TestStatusAndDates(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		text   string
		status truce.Status
		date   string
		prec   truce.Precision
	}{
		{"Kalbajar was expected to be handed over to Azerbaijan on Nov. 15.", truce.StatusPlanned, "2020-11-15", truce.PrecisionDay},
		{"Armenian forces must withdraw from the Lachin district by Dec. 1 under the deal.", truce.StatusPlanned, "2020-12-01", truce.PrecisionDay},
		{"Azerbaijan's army has entered the Kalbajar district, the ministry said Wednesday.", truce.StatusOccurred, "2020-11-25", truce.PrecisionDay},
		{"Armenia denied that its forces had shelled Ganja on Monday.", truce.StatusDisputed, "2020-11-23", truce.PrecisionDay},
		{"Aghdam was turned over to Azerbaijan last week.", truce.StatusOccurred, "2020-11-16", truce.PrecisionWeek},
		{"On 9 May 2020, Ukrainian forces fired 120mm mortars at positions near Zolote.", truce.StatusOccurred, "2020-05-09", truce.PrecisionDay},
	}
	for _, tt := range tests {
		e := first(t, x, tt.text, "2020-11-25")
		if e == nil {
			t.Errorf("%q: no event", tt.text)
			continue
		}
		if e.Status != tt.status || e.Date.String() != tt.date || e.DatePrecision != tt.prec {
			t.Errorf("%q\n  got %s %s p%d, want %s %s p%d", tt.text, e.Status, e.Date, e.DatePrecision, tt.status, tt.date, tt.prec)
		}
	}
}

func TestAttribution(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The army has entered the region, Azerbaijan’s Defense Ministry said Wednesday.", "Azerbaijan’s Defense Ministry"},
		{"Two drones were downed, according to the Ministry of Defence of Armenia.", "the Ministry of Defence of Armenia"},
		{`“The roads are being cleared of mines,” the Azerbaijani Defense Ministry said.`, "Azerbaijani Defense Ministry"},
		{"The village was shelled, claimed by the separatist authorities.", "the separatist authorities"},
		{"Local officials said in a statement that the town was shelled.", "Local officials"},
		{"The town was shelled on Monday.", ""},
	}
	for _, tt := range tests {
		a, _ := attribute(tt.text, 0, tokenize(tt.text, 0, nil))
		if a.by != tt.want && !(tt.want == "the Ministry of Defence of Armenia" && a.by == "Ministry of Defence of Armenia") &&
			!(tt.want == "the separatist authorities" && a.by == "separatist authorities") {
			t.Errorf("attribute(%q) = %q, want %q", tt.text, a.by, tt.want)
		}
	}
}

func TestActors(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		text string
		want Actor
	}{
		{"Azerbaijani troops advanced", Actor{"Military Forces of Azerbaijan", "AZE", truce.KindStateForces}},
		{"the Armenian army said", Actor{"Military Forces of Armenia", "ARM", truce.KindStateForces}},
		{"ethnic Armenian forces withdrew", Actor{"Nagorno-Karabakh Defense Army", "ARM", truce.KindRebelGroup}},
		{"Russian peacekeepers arrived", Actor{"Peacekeepers of Russia", "RUS", truce.KindExternalForces}},
		{"the Taliban said", Actor{"Taliban", "AFG", truce.KindRebelGroup}},
		{"Houthi rebels fired", Actor{"Houthis (Ansar Allah)", "YEM", truce.KindRebelGroup}},
		{"Islamic State militants attacked", Actor{"Islamic State", "", truce.KindRebelGroup}},
		{"Azerbaijan's Defense Ministry said", Actor{"Government of Azerbaijan", "AZE", truce.KindGovernment}},
		{"the military forces of Ukraine fired", Actor{"Military Forces of Ukraine", "UKR", truce.KindStateForces}},
	}
	for _, tt := range tests {
		hs := x.actors.find(tokenize(tt.text, 0, nil))
		if len(hs) == 0 {
			t.Errorf("%q: no actor", tt.text)
			continue
		}
		if got := x.actors.actor(hs[0], ""); got != tt.want {
			t.Errorf("%q: got %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

func TestSegment(t *testing.T) {
	text := "Troops enter the region\n\nTroops enter the region\nSoldiers on patrol near the line on Nov. 21, 2020. (AFP)\nShort Url\nUpdated 25 November 2020\nFollow\n\nBAKU, Azerbaijan: The army has entered the region, officials said. Gen. Smith arrived on Nov. 15. He left.\n  • Fighting broke out on Sept. 27.\nFighting broke out on Sept. 27."
	p := segment(text)
	if p.title != "Troops enter the region" {
		t.Errorf("title = %q", p.title)
	}
	if p.dateline != "BAKU, Azerbaijan" {
		t.Errorf("dateline = %q", p.dateline)
	}
	var got []string
	for _, s := range p.sents {
		got = append(got, text[s.start:s.end])
	}
	want := []string{"The army has entered the region, officials said.", "Gen. Smith arrived on Nov. 15.", "He left.", "Fighting broke out on Sept. 27."}
	if len(got) != len(want) {
		t.Fatalf("sentences = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("sentence %d = %q, want %q", i, got[i], want[i])
		}
	}
	if p.sents[3].bullet {
		t.Errorf("the body's copy of a summary bullet should be kept, not the bullet")
	}
}

func TestTokenize(t *testing.T) {
	toks := tokenize("Azerbaijan’s cease-fire, U.S. 1,000 82mm Nov. 15", 0, nil)
	var got []string
	for _, tk := range toks {
		got = append(got, tk.text)
	}
	want := []string{"azerbaijan", "'s", "cease-fire", ",", "u.s", ".", "1,000", "82mm", "nov", ".", "15"}
	if len(got) != len(want) {
		t.Fatalf("tokens = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestBadInput(t *testing.T) {
	x := newTestExtractor(t)
	for name, text := range map[string]string{
		"empty":  "",
		"spaces": "   \n\t ",
		"binary": "\x00\x01\x02\x03PK\x03\x04\x00\x00binary",
	} {
		if r, err := x.ExtractText(text, truce.MustDate("2020-11-25"), ""); err == nil {
			t.Errorf("%s: no error, result %+v", name, r)
		}
	}
}

func TestActorsFile(t *testing.T) {
	path := t.TempDir() + "/actors.tsv"
	if err := writeFile(path, "azerbaijani troops\tAzerbaijani Army\tAZE\tstate_forces\n"); err != nil {
		t.Fatal(err)
	}
	x, err := New(nil, WithActorsFile(path))
	if err != nil {
		t.Fatal(err)
	}
	hs := x.actors.find(tokenize("Azerbaijani troops advanced", 0, nil))
	if len(hs) == 0 || x.actors.actor(hs[0], "").Name != "Azerbaijani Army" {
		t.Errorf("override not applied: %+v", hs)
	}
	bad := t.TempDir() + "/bad.tsv"
	if err := writeFile(bad, "troops\tArmy\tAZE\tsoldiers\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := New(nil, WithActorsFile(bad)); err == nil {
		t.Error("a bad kind in the actors file gave no error")
	}
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o644) }

func TestBetweenTwoNations(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Fighting flared between the two ex-Soviet nations on Sunday.", true},
		{"Border clashes between the two neighbours killed 24 soldiers.", true},
		{"The war between the two countries left thousands dead.", true},
		{"Clashes between the two sides killed five.", false}, // sides may be any groups
		{"Fighting between two clans in the district killed three.", false},
		{"Talks between the two nations resumed.", true}, // the words alone; the caller asks for a battle
		{"Two nations fought between 1992 and 1994.", false},
	}
	for _, tt := range tests {
		if got := betweenTwoNations(tokenize(tt.text, 0, nil)); got != tt.want {
			t.Errorf("betweenTwoNations(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	for _, tt := range []struct {
		ctx    []string
		c1, c2 string
		ok     bool
	}{
		{[]string{"AZE", "AZE", "ARM", "RUS"}, "AZE", "ARM", true},
		{[]string{"AZE", "AZE"}, "", "", false},
		{nil, "", "", false},
	} {
		c1, c2, ok := firstTwo(tt.ctx)
		if c1 != tt.c1 || c2 != tt.c2 || ok != tt.ok {
			t.Errorf("firstTwo(%v) = %q %q %v, want %q %q %v", tt.ctx, c1, c2, ok, tt.c1, tt.c2, tt.ok)
		}
	}
}
