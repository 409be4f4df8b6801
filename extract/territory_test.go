package extract

import (
	"testing"

	"github.com/truce-monitor/truce"
)

func TestTerritoryTakenUnopposed(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		// taken after the other side left, or with no fight: a non-violent transfer
		{"Chinese troops have occupied a 4-sq km area of grazing land in Ladakh, herders said on Sunday.", truce.NonViolentTransfer},
		{"About 300 armed tribesmen encroached on a large tract of forest land near Golaghat village on Friday.", truce.NonViolentTransfer},
		// occupied in a fight stays a capture
		{"Government troops occupied three hill posts of the rebels near Laukkai on Sunday in an offensive that killed 12.", truce.GovernmentRegainsTerritory},
		// people transferred under a swap are no territory
		{"Under a deal between Armenia and Azerbaijan, a swap of two prisoners of war took place in Ijevan on Sunday; one soldier was transferred to Azerbaijan.", truce.AgreementEvent},
		{"Islamic State fighters retook Palmyra on Sunday after Syrian army units pulled out of the city.", truce.NonViolentTransfer},
		{"Iraqi federal troops took control of Kirkuk on Monday after Kurdish Peshmerga forces withdrew from the city.", truce.NonViolentTransfer},
		{"Turkish-backed fighters entered Afrin on Sunday and met no resistance from the Kurdish militia.", truce.NonViolentTransfer},
		{"Al-Shabaab fighters seized the town of Bulo Burde on Friday without a fight.", truce.NonViolentTransfer},
		{"Government troops retook three villages near Bambari on Tuesday without any armed clashes, the army said.", truce.NonViolentTransfer},
		{"Army units withdrew from the Walid crossing on Sunday, allowing militants to seize it.", truce.NonViolentTransfer},
		{"Regime forces withdrew from the Mastumah base on Thursday, leaving it in the hands of opposition fighters.", truce.NonViolentTransfer},
		{"Russian forces withdrew from Kherson on Friday and Ukrainian troops entered the city without a fight.", truce.NonViolentTransfer},
		{"The Armenian army withdrew from Lachin on Tuesday under the truce agreement and Azerbaijani forces entered the town.", truce.NonViolentTransfer},
		{"Russian troops pulled back from the west bank of the Dnipro on Wednesday, the defence ministry said.", truce.ChangeToGroupActivity},
		{"The US-led coalition handed control of the Qayyarah air base back to Iraqi forces on Thursday.", truce.NonViolentTransfer},
		// a withdrawal that is only a move, or a retreat from a fight
		{"US troops have withdrawn from a base near Manbij on Monday.", truce.ChangeToGroupActivity},
		{"Al-Shabaab militants attacked an army position near Afgooye on Monday. After heavy gunfire the militants withdrew from the area.", truce.ArmedClash},
		// taken in fighting: the side that took it decides the type
		{"Myanmar army troops were able to capture strategic hills near Laukkai on Tuesday after air and artillery strikes.", truce.GovernmentRegainsTerritory},
		{"Government forces captured rebel positions near Laukkai after heavy fighting on Monday.", truce.GovernmentRegainsTerritory},
		{"Mozambican troops re-captured Mocimboa da Praia on Sunday after heavy fighting with insurgents.", truce.GovernmentRegainsTerritory},
		{"Security forces took back control of the area near Datta Khel after a gunfight with militants on Friday.", truce.GovernmentRegainsTerritory},
		{"Al-Shabaab fighters overran a military base near Kismayo after clashes with soldiers on Monday.", truce.NonStateActorOvertakes},
		{"Hayash tribesmen took control of several checkpoints in Ad Daqiq on Monday as Houthi forces were forced to withdraw.", truce.NonStateActorOvertakes},
	})
}

func TestTerritoryNegatives(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		// buildings at a protest or taken by police, prizes, business and sport
		{"Police occupied the parliament in Bissau on Thursday to keep deputies out.", ""},
		{"Workers occupied the factory in Tigre on Tuesday.", ""},
		{"The visitors took control of the match after the break and won 3-1 at the stadium.", ""},
		{"The company acquired a rival supplier in Ohio for 2 billion dollars, investors said as shares rallied.", ""},
		{"Chelsea took control of the match after half-time and seized the initiative in the second half.", ""},
		{"The mining company took control of the copper mine after acquiring its rival in March.", ""},
		{"Civilians were evacuated from a neighbourhood of Douma on Tuesday.", ""},
	})
}

func TestWithoutBefore(t *testing.T) {
	tests := []struct {
		text string
		i    int // index of the word tested
		want bool
	}{
		{"took the towns without any armed clashes", 5, true},
		{"took the towns after armed clashes", 5, false},
		{"no clashes were reported", 1, true},
		{"without delay , clashes broke out", 3, false},
		{"no armed clashes were reported", 2, true},
		{"fired no fewer than five shells", 5, false},
		{"no one was hurt in the clashes", 6, false},
	}
	for _, tt := range tests {
		toks := tokenize(tt.text, 0, nil)
		if got := withoutBefore(toks, tt.i); got != tt.want {
			t.Errorf("withoutBefore(%q, %d) = %v, want %v", tt.text, tt.i, got, tt.want)
		}
	}
}

func TestTerritoryTakerSide(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"The army units drove the Islamic State fighters out of several villages in Homs province after fierce clashes on Monday.", truce.GovernmentRegainsTerritory},
		{"Syrian troops pushed into the enclave on Wednesday, clashing with insurgents and capturing a village at its southern edge.", truce.GovernmentRegainsTerritory},
		{"According to an army spokesman, Taliban militants gained control of the base in Ghormach district after days of heavy fighting.", truce.NonStateActorOvertakes},
		{"Army troopers have captured two New People's Army (NPA) camps in Abra over the weekend.", truce.GovernmentRegainsTerritory},
		{"Yemeni government forces captured the port of Mokha on Monday.", truce.GovernmentRegainsTerritory},
		{"Soldiers captured two New People's Army (NPA) rebels in a village in Abra on Sunday.", truce.ArmedClash},
		{"Myanmar Armed Forces reported that they captured two hilltops near Laukkai after an assault on MNDAA positions.", truce.GovernmentRegainsTerritory},
		{"Government forces wrested control of a military camp near Aden from separatist fighters after clashes on Saturday.", truce.GovernmentRegainsTerritory},
		{"Two groups of villagers clashed on Saturday over taking control of a disputed wetland in Companiganj, killing two people.", truce.MobViolence},
		{"Police seized counterfeit cosmetics worth 600 million yuan in a warehouse in Wenzhou on Tuesday.", truce.LootingPropertyDestruction},
		{"Moroccan forces kidnapped two children in the occupied city of El Aaiun on Monday, activists said.", truce.AbductionForcedDisappearance},
	})
}

func TestTerritoryControlOfThings(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"Taliban fighters overtook three checkpoints in Aqcha district after attacking them on Friday.", truce.NonStateActorOvertakes},
		{"The Myanmar military used heavy weapons and infantry to take control of six hills near Laukkai on Sunday.", truce.GovernmentRegainsTerritory},
		// control of a riot or of services is no territory: the riot and the
		// state of emergency are the events
		{"Police were able to take control of the riot at the prison in Picsi on Thursday.", truce.ViolentDemonstration},
		{"The government declared a state of emergency in Victoria on Thursday, giving authorities the power to take control of services.", truce.ChangeToGroupActivity},
	})
}

func TestTerritoryReportedTaker(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"An army spokesman in Beni said on Monday that Mai-Mai rebels have taken over four localities in Lubero territory.", truce.NonStateActorOvertakes},
		{"The Myanmar military claimed to have seized an Arakan Army camp near Minbya after clashes on Friday.", truce.GovernmentRegainsTerritory},
		{"Rebel fighters will advance to Al-Bab after seizing the town of Dabiq from the Islamic State, the Turkish foreign minister said on Sunday.", truce.NonStateActorOvertakes},
		{"Islamic State militants gained ground in the western part of Ramadi on Friday after clashes with police.", truce.NonStateActorOvertakes},
		// no territory: fires, footage, people
		{"Firefighters gained ground in their battle against the wildfires near Athens on Tuesday.", ""},
	})
}

func TestDisplacementAndReturns(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		// ACLED's other developments: releases, returns, displacement by fighting
		{"The Taliban released 20 soldiers held as prisoners in Kandahar province on Tuesday as part of the peace process.", truce.OtherDevelopment},
		{"Forty soldiers were released from Taliban prisons in Kunduz province on Thursday.", truce.OtherDevelopment},
		{"About 250 Venezuelan migrants returned from Peru to Maiquetia on Saturday.", truce.OtherDevelopment},
		{"Some 3,000 villagers fled their homes in Paletwa township on Monday as fighting between the army and the Arakan Army spread.", truce.OtherDevelopment},
		// displaced by a disaster: no event of war
		{"Heavy rain flooded three districts of Kelantan on Monday and 1,200 people were evacuated.", ""},
		// the fighting stays the event when its killing is told
		{"Five soldiers were killed in clashes with the Arakan Army near Kyauktaw on Sunday.", truce.ArmedClash},
	})
}

func TestBaseEstablished(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"Local authorities in Taiz allowed forces of a brigade to transform several schools into military barracks on Tuesday.", truce.HeadquartersEstablished},
		{"Turkish troops opened a new observation post near Saraqib on Sunday.", truce.HeadquartersEstablished},
		// fire opened at posts is fighting, not a base
		{"Pakistani troops opened fire at Indian army posts in Poonch district on Tuesday with mortars.", truce.ShellingArtilleryMissile},
	})
}

func TestTerritoryTakenAfterAttack(t *testing.T) {
	x := newTestExtractor(t)
	text := "Taliban militants attacked three check points in Aqcha district on Friday. The Taliban overtook the 3 points."
	subs := subTypesOf(t, x, text, "2020-03-07")
	want := []truce.SubEventType{truce.ArmedClash, truce.NonStateActorOvertakes}
	if len(subs) != len(want) {
		t.Fatalf("%q: got %q, want %q", text, subs, want)
	}
	for i := range want {
		if subs[i] != want[i] {
			t.Errorf("%q: event %d is %q, want %q", text, i, subs[i], want[i])
		}
	}
}

// TestPronounTaker checks that "they" who take a place after a sentence
// naming the government's side take it for the government.
func TestPronounTaker(t *testing.T) {
	x := newTestExtractor(t)
	for _, tt := range []struct {
		text string
		want truce.SubEventType
	}{
		{"Pro-government forces repelled a Houthi attack near Harib on Sunday. They then took control of two hills east of the town.", truce.GovernmentRegainsTerritory},
		{"Houthi fighters attacked army positions near Harib on Sunday. They then took control of two hills east of the town.", truce.NonStateActorOvertakes},
	} {
		got := subTypesOf(t, x, tt.text, "2020-05-12")
		found := false
		for _, s := range got {
			found = found || s == tt.want
		}
		if !found {
			t.Errorf("%q\n  got %v, want a %q", tt.text, got, tt.want)
		}
	}
}
