package extract

import (
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
)

// subTypesOf returns the sub-event types extracted from text, in order.
func subTypesOf(t *testing.T, x *Extractor, text, pub string) []truce.SubEventType {
	t.Helper()
	r, err := x.ExtractText(text, truce.MustDate(pub), "")
	if err != nil {
		t.Fatalf("ExtractText(%q): %v", text, err)
	}
	var out []truce.SubEventType
	for _, e := range r.Events {
		out = append(out, e.SubType)
	}
	return out
}

// checkSubTypes runs table rows whose first event must have the wanted
// sub-event type ("" for no event).
func checkSubTypes(t *testing.T, rows []struct {
	text string
	want truce.SubEventType
}) {
	t.Helper()
	x := newTestExtractor(t)
	for _, tt := range rows {
		got := truce.SubEventType("")
		if subs := subTypesOf(t, x, tt.text, "2020-05-12"); len(subs) > 0 {
			got = subs[0]
		}
		if got != tt.want {
			t.Errorf("%q\n  got %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestSuicideBombInBattle(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"A suicide bomber killed four civilians at a market in Maiduguri on Sunday.", truce.SuicideBomb},
		{"Two policemen were killed in a suicide attack on their checkpoint in Quetta on Tuesday.", truce.SuicideBomb},
		{"Army troops shot dead a suicide bomber at a checkpoint near Gao on Monday before he could detonate his vest.", truce.ArmedClash},
		{"Police intercepted two suicide bombers near the stadium in Kano on Friday.", truce.ArmedClash},
		{"A militant blew himself up with a suicide vest during an exchange of fire with soldiers in Mir Ali on Wednesday.", truce.ArmedClash},
		{"A prisoner set off a grenade in a police van in Sopore on Wednesday, killing himself and injuring four policemen.", truce.Grenade},
	})
	// the bomber chased or challenged, told in the sentences after the blast
	x := newTestExtractor(t)
	for _, tt := range []struct {
		text string
		want truce.SubEventType
	}{
		{"A suicide bomber blew himself up near an army camp in Bannu on Monday. Soldiers had chased him and another man across the fields.", truce.ArmedClash},
		{"A Taliban suicide bomber drove a car into a police base in Gereshk on Monday, killing six. Police fired at the car when the driver refused to stop.", truce.ArmedClash},
		{"A suicide bomber blew himself up at a market in Maiduguri on Monday. Four people were killed and dozens wounded.", truce.SuicideBomb},
	} {
		got := subTypesOf(t, x, tt.text, "2020-05-12")
		if len(got) == 0 || got[0] != tt.want {
			t.Errorf("%q\n  got %v, want %q first", tt.text, got, tt.want)
		}
	}
}

func TestExcessiveForce(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"Security forces opened fire on peaceful protesters in Nasiriyah on Tuesday, killing three.", truce.ExcessiveForceProtesters},
		{"Four protesters were shot dead by soldiers during a march in Khartoum on Monday.", truce.ExcessiveForceProtesters},
		{"Police used live ammunition to disperse a rally of teachers in Harare on Tuesday.", truce.ExcessiveForceProtesters},
		// tear gas and rubber bullets are an intervention
		{"Police fired tear gas and rubber bullets at protesters in Santiago on Tuesday.", truce.ProtestWithIntervention},
		{"Soldiers suppressed the weekly march in Kafr Qaddum on Friday by firing rubber bullets and tear gas at the marchers.", truce.ProtestWithIntervention},
		// the killing is the protest's cause
		{"Hundreds protested in Lagos on Tuesday over the killing of a driver by police.", truce.PeacefulProtest},
		{"The family of a constable who was shot dead held a protest outside a hospital in Jaipur on Tuesday.", truce.PeacefulProtest},
		// violence by the demonstrators
		{"Demonstrators threw stones at police in Srinagar on Tuesday and two were shot dead.", truce.ViolentDemonstration},
		{"Journalists covering the rally in Brasilia were beaten up by demonstrators on Sunday.", truce.ViolentDemonstration},
		// shots into the air are a warning, not force on the crowd
		{"Police fired live ammunition into the air to disperse a march of traders in Lubumbashi on Tuesday.", truce.ProtestWithIntervention},
		// an attack on a protest that hurt no one is an intervention
		{"Men loyal to the mayor attacked a sit-in of teachers outside the town hall in Dhaka on Monday.", truce.ProtestWithIntervention},
		{"Men loyal to the mayor attacked a sit-in of teachers outside the town hall in Dhaka on Monday, injuring six.", truce.ExcessiveForceProtesters},
		// the shooting told as the sentence's event
		{"Soldiers opened fire on the demonstrators in Mandalay on Saturday.", truce.ExcessiveForceProtesters},
		{"Police arrested the protesters in Aden on Saturday and opened fire on the demonstrators who tried to gather again.", truce.ExcessiveForceProtesters},
	})
}

func TestCaptureObjects(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"Rebels seized the town of Kidal on Monday after clashes with the army.", truce.NonStateActorOvertakes},
		{"Government forces repelled a rebel attack near Marib on Monday and then took control of the Al Hummah position.", truce.GovernmentRegainsTerritory},
		{"Federal police seized two tons of cocaine in a truck near Santos on Monday.", truce.LootingPropertyDestruction},
		{"Highway police seized on the BR-116 highway near Seropedica on Monday 1 ton of marijuana.", truce.LootingPropertyDestruction},
		{"Gendarmerie forces seized 8 hand-grenades and an AK-47 rifle near Hakkari on Monday.", truce.DisruptedWeaponsUse},
		{"Gunmen attacked the village of Dogo on Monday and seized livestock.", truce.Attack},
		{"Soldiers seized farmland belonging to villagers near Hebron on Monday.", truce.LootingPropertyDestruction},
		{"Four militants were killed, injured or captured during an army operation in Tunceli on Monday.", truce.ArmedClash},
		{"Protesters symbolically took over the finance ministry in Xalapa on Monday to demand aid.", truce.PeacefulProtest},
		// people and goods captured are no territory
		{"A group of citizens captured a thief in Juliaca on Monday and beat him.", truce.Attack},
		{"Militants seized four motorbikes at a toll booth in Sienso on Monday.", truce.LootingPropertyDestruction},
		{"Soldiers foiled a move by militants to enter Mohmand Agency on Monday.", ""},
		{"Twenty hostages were freed by police from a rebel prison in Tarinkot on Monday.", ""},
	})
}

func TestArrestFollowUp(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		text string
		want []truce.SubEventType
	}{
		{"Police arrested four journalists in Minsk on Saturday.", []truce.SubEventType{truce.Arrests}},
		// the arrests after a happening are its sequel
		{"Residents set fire to a police post in Kisumu on Saturday.\nThree people were arrested.", []truce.SubEventType{truce.LootingPropertyDestruction}},
		{"Gunmen shot dead a trader in Mogadishu on Saturday.\nPolice later arrested two suspects in connection with the killing.", []truce.SubEventType{truce.Attack}},
		// an arrest told as background is no event
		{"Police said the man had previously been detained on drug charges.", nil},
	}
	for _, tt := range tests {
		got := subTypesOf(t, x, tt.text, "2020-05-12")
		if len(got) != len(tt.want) {
			t.Errorf("%q\n  got %q, want %q", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q\n  got %q, want %q", tt.text, got, tt.want)
			}
		}
	}
}

func TestRecallCues(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		// a shoot-out is armed whatever else the sentence names
		{"A shoot-out took place in the Mare neighbourhood of Rio on Sunday.", truce.ArmedClash},
		// anti-tank guided missiles, infrastructure blown up, under-vehicle bombs
		{"Opposition factions destroyed a regime tank near Kafr Nabl on Sunday using an ATGM.", truce.ShellingArtilleryMissile},
		{"Government forces fired anti-tank guided missiles, heavy machine guns and small arms at rebel positions near Avdiivka on Sunday.", truce.ArmedClash},
		{"Separatists blew up a railway track near Sibi on Sunday.", truce.RemoteExplosive},
		{"A UVIED attached to the car of a district official exploded in Mogadishu on Sunday.", truce.RemoteExplosive},
		{"Clan militiamen opened gun fire on a market in Galkayo on Sunday, wounding a trader.", truce.Attack},
		// workers' demands are protests
		{"Workers of a construction company in Monclova demanded the payment of their salaries on Sunday.", truce.PeacefulProtest},
		{"Thousands of migrant labourers blocked the traffic on the highway near Sendhwa on Sunday.", truce.PeacefulProtest},
		{"Three air raids were reported on Sirwah district on Sunday.", truce.AirDroneStrike},
		{"The LNA air force targeted a GNA camp in Tagiura on Sunday.", truce.AirDroneStrike},
		{"Unidentified tribesmen clashed near Lawdar on Sunday over a vengeance dispute.", truce.ArmedClash},
		{"Gang clashes broke out in Cite Soleil on Sunday.", truce.ArmedClash},
		{"Two human heads were found beside a road in Tetecala on Sunday.", truce.Attack},
		{"Unknown gunmen severely wounded a civilian near Tin Ahara on Sunday.", truce.Attack},
		{"Brazil won the penalty shootout in Rio on Sunday.", ""},
		// South Asian protest words
		{"Hundreds of farmers staged a dharna outside the collectorate in Nagpur on Monday.", truce.PeacefulProtest},
		{"Opposition parties enforced a day-long hartal across Dhaka on Monday.", truce.PeacefulProtest},
		{"Teachers continued their strike in Patna on Monday to demand unpaid salaries.", truce.PeacefulProtest},
		{"Two monks completed a 500 kilometre march to Bangkok on Monday to petition the prime minister.", truce.PeacefulProtest},
		{"In March 2015 the council met in Bangkok.", ""},
		{"Farmers blocked trains near Jalandhar on Monday over the delayed procurement of wheat.", truce.PeacefulProtest},
		{"Jamaat activists brought out a procession in Khulna on Monday.", truce.PeacefulProtest},
		{"Gym owners did a motorcade in Uberlandia on Monday to demand the reopening of gyms.", truce.PeacefulProtest},
		{"Market traders held a protest in Rustavi on Monday.", truce.PeacefulProtest},
		{"Retired soldiers gathered at Martyrs' Square in Beirut on Monday, demanding their pensions.", truce.PeacefulProtest},
		{"Shareholders gathered in London on Monday for the bank's annual meeting.", ""},
		{"Players protested the call in the second half of the match.", ""},
		{"Demonstrators barricaded roads with burning tires in El Hamma on Monday to demand aid.", truce.ViolentDemonstration},
		{"Residents closed road 40 by burning rubber tires in Ain Oussara on Monday, denouncing their lack of water.", truce.ViolentDemonstration},
		// how long a grievance has lasted is not the protest's date
		{"Council employees protested in Sukkur on Monday against not being paid for the last 17 months.", truce.PeacefulProtest},
		// armed men killing someone unarmed; armed victims make a clash
		{"A village head was killed by Maoist rebels in Dantewada on Monday.", truce.Attack},
		{"A village head was hacked to death in Bogra on Thursday night.", truce.Attack},
	})
}

func TestCeasefireViolationAndGovernmentSide(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		// Yemen's Popular and Southern Resistance fight for the government
		{"Southern Resistance fighters took control of two hills near Mukayras from the Houthis on Sunday.", truce.GovernmentRegainsTerritory},
		{"Popular Resistance fighters took control of the Al Alam area from the Houthis on Sunday after heavy fighting.", truce.GovernmentRegainsTerritory},
		{"The FARDC took control of a militia stronghold near Djugu on Sunday after clashes.", truce.GovernmentRegainsTerritory},
		{"Azerbaijani forces violated the ceasefire and wounded an Armenian soldier in Tavush on Sunday.", truce.ArmedClash},
		{"Armenia and Azerbaijan signed a ceasefire agreement in Moscow on Sunday.", truce.AgreementEvent},
		{"Pro-government militias took control of the village of Kharab in Marib on Sunday after clashes with the Houthis.", truce.GovernmentRegainsTerritory},
		{"Houthi rebels took control of the village of Kharab in Marib on Sunday after clashes with government forces.", truce.NonStateActorOvertakes},
	})
}

func TestMobViolence(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"A suspected thief was beaten up by locals at a bus terminal in Manaus on Friday.", truce.MobViolence},
		{"A group of people attacked a newspaper office in Hyderabad on Friday.", truce.MobViolence},
		{"Two village groups clashed over a land dispute in Samastipur on Friday, injuring twelve people.", truce.MobViolence},
		{"Residents pelted stones at a police van in Godhra on Friday.", truce.MobViolence},
		{"Two mobs clashed with each other in Pratapgarh on Friday over a property dispute.", truce.MobViolence},
		{"Party supporters clashed with machetes in Ndaro on Friday, injuring seven.", truce.MobViolence},
		// rioting is a violent demonstration
		{"Rioters hurled Molotov cocktails at a bank in Tripoli on Friday.", truce.ViolentDemonstration},
		// people fighting the police or each other, no armed group among them
		{"Migrant workers clashed with police in Surat on Friday after they were stopped at a check post.", truce.MobViolence},
		{"A clash broke out between two groups of the Mahar community in Khairpur on Friday, injuring six men.", truce.MobViolence},
		{"Villagers assaulted three policemen at a market in Motihari on Friday.", truce.MobViolence},
		// armed men are no mob
		{"Gunmen attacked a police post in Zamfara on Friday, killing two officers.", truce.ArmedClash},
		{"Gang members clashed with police in Nuevo Laredo on Friday.", truce.ArmedClash},
		{"Villagers clashed with police in Pabna on Friday and two officers were hit by bullets.", truce.ArmedClash},
		{"Soldiers clashed with militants near the village in Kupwara on Friday as residents fled.", truce.ArmedClash},
		// the crowd is not the agent of a later clause
		{"Residents of Ibadan complained on Friday after hoodlums looted shops and set them on fire.", truce.LootingPropertyDestruction},
	})
}

func TestProtestFollowUps(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"About 500 migrant workers staged a protest in Surat on Saturday. Police dispersed them and arrested nearly 60 of them.", truce.ProtestWithIntervention},
		{"Around 40 people held a protest in Gomel on Saturday. Twenty of them were arrested by the police.", truce.ProtestWithIntervention},
		{"Garment workers staged a demonstration in Gazipur on Saturday demanding unpaid wages. They clashed with police on the highway.", truce.ViolentDemonstration},
		{"Dozens held a demonstration in Jaghuri on Saturday. Demonstrators clashed with police forces. One demonstrator was killed.", truce.ViolentDemonstration},
		// live fire on the protest told in the next sentence; forces storming a town are no violent protesters
		{"Soldiers stormed the village of Nabi Saleh on Friday and dispersed the weekly march with tear gas. The soldiers also fired live bullets at the marchers.", truce.ExcessiveForceProtesters},
		{"Soldiers stormed the village of Nabi Saleh on Friday and dispersed the weekly march with tear gas.", truce.ProtestWithIntervention},
		{"Protesters stormed the parliament in Bishkek on Friday.", truce.ViolentDemonstration},
		// the arrest is the protest's cause
		{"Journalists protested in Karachi on Saturday against the arrest of their editor. He was arrested in connection with a tax case.", truce.PeacefulProtest},
		// violence told as the protest's cause leaves it peaceful
		{"Relatives of inmates protested in Ahvaz on Saturday, demanding visits banned since the prison riot in March.", truce.PeacefulProtest},
		{"Activists protested in Sidon on Saturday against the detention of two men accused of hurling a Molotov cocktail at a bank.", truce.PeacefulProtest},
		{"Farmers protested in Whim on Saturday over water pollution that destroyed their crops.", truce.PeacefulProtest},
		{"Teachers went on strike in Hinche on Saturday and barricaded themselves into an office of the ministry.", truce.PeacefulProtest},
		{"Protesters threw stones at police in Sidon on Saturday.", truce.ViolentDemonstration},
		{"Residents demonstrating against the curfew vandalized a police station in Koutiala on Saturday.", truce.ViolentDemonstration},
		// "after" in news tells the violence the protest came to, not its cause
		{"Demonstrators returned to the square in Santiago on Saturday after protesters clashed with police.", truce.ViolentDemonstration},
		// the month is no march
		{"On 21 March 2020, two soldiers were wounded following an ambush by Taliban militants in Shinwar district.", truce.ArmedClash},
		// tear gas bombs are crowd control, not explosions: the protest's intervention
		{"Residents of the Moinho community protested in Sao Paulo on Saturday after a man was arrested. Military police intervened and used tear gas bombs.", truce.ProtestWithIntervention},
		// violence in the cause of a protest is no event of its own
		{"Dozens of women protested in Ghazni on Saturday, condemning the alleged rape of two girls.", truce.PeacefulProtest},
		// an intervention denied is none
		{"Thousands of opposition supporters marched in Yerevan on Tuesday, demanding the prime minister resign. Police watched the march but did not intervene.", truce.PeacefulProtest},
		{"Students rallied in Tbilisi on Friday. Police never dispersed the rally.", truce.PeacefulProtest},
		// a protest for someone's release: his arrest told after it is its cause
		{"About 20 people protested in Mogilev on Friday, demanding the release of a blogger. The blogger was arrested on Wednesday on an administrative charge.", truce.PeacefulProtest},
	})
}

// TestOneSideNamedTwice: a side named twice in a sentence ("opposition
// supporters … protesters") is actor1 only, never also actor2.
func TestOneSideNamedTwice(t *testing.T) {
	x := newTestExtractor(t)
	res, err := x.ExtractText("YEREVAN, Dec. 8, 2020 - Thousands of opposition supporters blocked streets in central Yerevan on Tuesday, demanding that Prime Minister Nikol Pashinyan resign.\n\nProtesters marched towards the government building. Police watched the march but did not intervene, witnesses said.\n", truce.MustDate("2020-12-08"), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) == 0 {
		t.Fatal("no event")
	}
	for _, e := range res.Events {
		if e.Actor2 != nil && e.Actor2.Name == e.Actor1.Name {
			t.Errorf("%s: actor1 and actor2 are both %q", e.SubType, e.Actor1.Name)
		}
	}
}

func TestGrenadeKinds(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"Militants hurled a grenade at an army vehicle in Anantnag on Wednesday.", truce.Grenade},
		{"Armed men attacked a police patrol with grenades and firearms in Celaya on Wednesday.", truce.ArmedClash},
		{"Houthi forces fired RPG grenades at residential areas of At Tuhayta on Wednesday.", truce.ShellingArtilleryMissile},
		{"Azerbaijani forces used a drone with grenades attached to attack Armenian positions near Chinari on Wednesday.", truce.AirDroneStrike},
	})
}

func TestOtherDevelopments(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"The Afghan government released 98 Taliban prisoners from Pul-e Charkhi prison near Kabul on Sunday.", truce.OtherDevelopment},
		{"The government promised on Sunday to release 500 prisoners in Kabul as part of the deal with the Taliban.", truce.AgreementEvent},
		{"Turkish border guards fired warning shots near the village of Tychero on Sunday.", truce.OtherDevelopment},
		{"Protesters blocked the airport road in Beirut on Sunday, calling for the release of prisoners.", truce.PeacefulProtest},
		{"A farmer was injured on Sunday by a landmine laid during the Iran-Iraq war near Mehran.", truce.OtherDevelopment},
		{"More than 300 Venezuelan refugees returned to Venezuela from Colombia on Sunday.", truce.OtherDevelopment},
		{"A roadside bomb wounded three soldiers near Mehran on Sunday.", truce.RemoteExplosive},
		{"Three civilians were killed when a bomb attached to a motorbike exploded near a prison in Mehtar Lam on Sunday.", truce.RemoteExplosive},
		// people displaced by fighting, told as the sentence's main event
		{"Fighting between the army and the KIA forced about 300 villagers to flee their homes near Hpakant on Sunday.", truce.OtherDevelopment},
		{"About 500 families in Datu Piang evacuated following the eruption of hostilities between two clans on Sunday.", truce.OtherDevelopment},
		// the fighting told first, the flight after it
		{"Fighting broke out between the army and the KIA near Hpakant on Sunday, forcing hundreds of villagers to flee.", truce.ArmedClash},
		{"A battle between the army and the KIA near Hpakant on Sunday left one villager dead and forced 100 people to leave their homes.", truce.ArmedClash},
		{"The gunmen fled after clashes erupted with the guards of the house in Al Khawkhah on Sunday.", truce.ArmedClash},
	})
}

func TestArmedVictims(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"Taliban militants shot and killed an Afghan soldier in Maidan Shar on Monday.", truce.ArmedClash},
		{"Taliban militants ambushed and killed two Arbakis in Tagab district on Monday.", truce.ArmedClash},
		{"An Armenian soldier was killed by Azerbaijani forces in Tavush on Monday.", truce.ArmedClash},
		{"Unidentified gunmen shot and injured a police officer in Katsina on Monday.", truce.ArmedClash},
		{"Gunmen shot and killed a shopkeeper in Katsina on Monday.", truce.Attack},
		{"Islamic State fighters shot dead a regime lieutenant in the desert of Deir-ez-Zor on Monday.", truce.ArmedClash},
		{"The Badr Organization killed 4 IS militants in an operation east of Samarra on Monday.", truce.ArmedClash},
		{"Militias carried out an operation against IS in Waqf on Monday, leaving 2 IS militants dead.", truce.ArmedClash},
		{"A Maoist rebel was shot dead in a gun-battle with security forces in Sukma on Monday.", truce.ArmedClash},
		{"Houthi forces exchanged artillery with government forces on the Qaatabah front on Monday.", truce.ArmedClash},
		{"A clash between LNA and GNA forces, involving heavy artillery fire, was reported in Tripoli on Monday.", truce.ArmedClash},
		{"Unknown gunmen opened fire on an army convoy near Dar'a on Monday.", truce.ArmedClash},
		{"Armed men carried out a drive-by shooting against a man in Guaymas on Monday.", truce.Attack},
		{"Militiamen attacked the village of Tieba near Bankass on Monday.", truce.Attack},
		{"Russian peacekeepers began patrols in Stepanakert on Monday.", truce.ChangeToGroupActivity},
		{"Monitors recorded 75 explosions in both directions of the frontline near Vodyane on Monday.", truce.ArmedClash},
		// a past attack remembered is no event
		{"Two party factions clashed in Kaliakair on Friday during a programme marking the grenade attack anniversary.", truce.ArmedClash},
		{"Officials laid wreaths in Srebrenica on Saturday to commemorate the massacre of 1995.", ""},
		// a claim about an earlier attack is no event
		{"An Islamist militant group claimed responsibility for the attack on a newspaper in Paris.", ""},
		// the target fought back: a clash
		{"Police officers were shot at by a wanted man in Sangre Grande on Monday. The officers returned fire, killing him.", truce.ArmedClash},
		{"Militants threw a grenade at a police post in Mogadishu on Monday. The police opened gunfire after the explosion.", truce.ArmedClash},
		{"Pakistani troops targeted Indian posts along the Line of Control in Poonch on Monday. The Indian army retaliated.", truce.ArmedClash},
		{"Militants threw a grenade at a police post in Mogadishu on Monday. Nobody was hurt.", truce.Grenade},
		// suspects, fishermen and off-duty men are no combatants; vehicles, shops and clinics shot at are civilian targets
		{"A drug suspect was shot dead by police during a raid in Cabanatuan on Monday.", truce.Attack},
		{"A shoot-out broke out between police and gang members in Sao Goncalo on Monday and a suspect was shot dead.", truce.ArmedClash},
		{"Al Shabaab militants shot and killed an off-duty soldier near Wanlaweyn on Monday.", truce.Attack},
		{"Gunmen shot at an ambulance in Sheikh Zuweid on Monday.", truce.Attack},
		// fire exchanged stays a clash whoever it kills
		{"Indian and Pakistani troops exchanged fire across the Line of Control in Poonch on Monday, killing a civilian.", truce.ArmedClash},
		// a victim told to be a gang member or a drug trafficker: ACLED's armed clash
		{"A man was shot dead by two gunmen in Belem on Monday. The victim had charges against him for drug trafficking.", truce.ArmedClash},
		{"An alleged gang member was shot and killed by unidentified men in Soyapango on Monday.", truce.ArmedClash},
		{"A bus driver was shot dead by alleged gang members in Soyapango on Monday.", truce.Attack},
		{"Two men were shot dead in Fortaleza on Monday amid a drug trafficking dispute, but the victims were not involved in it.", truce.Attack},
		{"A woman was shot dead by three gunmen in Fortaleza on Monday. The victim had passed information about gang activity to the police.", truce.Attack},
		{"Gunmen opened fire in the Garsoor section of Galkayo on Monday, injuring two civilians.", truce.Attack},
	})
}

func TestDisruptedWeaponsKinds(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"Police seized weapons and ammunition from a house in Quetta on Monday.", truce.DisruptedWeaponsUse},
		{"Coalition airstrikes hit Houthi positions in Al Husha on Monday, killing dozens of fighters and destroying heavy weapons.", truce.AirDroneStrike},
		{"Civil police dismantled a cocaine lab in Petrolina on Monday.", truce.LootingPropertyDestruction},
		{"Two Taliban militants were killed when landmines they were planting exploded prematurely near Maidan Shar on Monday.", truce.DisruptedWeaponsUse},
		{"Militants lobbed a grenade at soldiers in Srinagar on Monday but the grenade did not explode.", truce.DisruptedWeaponsUse},
		{"Police detonated a bomb planted at a mosque in Kuala Pembuang on Monday.", truce.DisruptedWeaponsUse},
		{"Militiamen attacked the village of Djongue on Monday, killed seventeen villagers and burned houses.", truce.Attack},
		{"Armed men intercepted the mayor's vehicle in Zacapa on Monday and shot him dead.", truce.Attack},
		// arms recovered where fighters were killed are the fight's spoils
		{"Troops killed four militants and recovered a cache of rifles in a raid near Dalbandin on Monday.", truce.ArmedClash},
		{"Soldiers took control of a rebel stronghold near Beni on Monday, leaving 12 rebels dead and recovering 9 rifles.", truce.GovernmentRegainsTerritory},
		// a killing told as background leaves the arms found the event
		{"Police found and defused a bomb near the airport in Colombo on Monday, a day after blasts killed dozens of people.", truce.DisruptedWeaponsUse},
	})
}

func TestChangeToGroupActivity(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"Resistance forces established new fortifications east of Ad Durayhimi on Friday.", truce.ChangeToGroupActivity},
		{"The governor's office in Van extended the ban on all marches and protests on Friday.", truce.ChangeToGroupActivity},
		{"Members of a cartel delivered food packages to families in Ciudad Victoria on Friday.", truce.ChangeToGroupActivity},
		{"Thirty policemen joined the Taliban in Balkh on Friday.", truce.ChangeToGroupActivity},
		// a patrol or reinforcements hit: the blast or the attack is the event
		{"A roadside bomb hit an army patrol in Maywand on Friday, killing two soldiers.", truce.RemoteExplosive},
		{"An army patrol was deployed to Maywand on Friday.", truce.ChangeToGroupActivity},
	})
}

func TestAbductionAndArrestContext(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"Gunmen kidnapped a man from his house in San Francisco de Ojuera on Sunday.", truce.AbductionForcedDisappearance},
		// an abduction that ends in a killing is coded as the killing
		{"Two farmers were kidnapped and killed by gunmen near Zurmi on Sunday.", truce.Attack},
		{"Gunmen kidnapped a teacher in Kaduna on Sunday and later killed him.", truce.Attack},
		{"Gunmen kidnapped a teacher in Kaduna on Sunday; no one was killed.", truce.AbductionForcedDisappearance},
		{"Soldiers clashed with the gunmen who had abducted a health team near Bannu on Sunday.", truce.ArmedClash},
		// kidnapping named as a charge or its people
		{"Villagers beat a man suspected of kidnapping a child in Fortaleza on Sunday.", truce.MobViolence},
		{"Police shot dead a kidnapping suspect during a raid in Marawi on Sunday.", truce.Attack},
		// law enforcers are the state: they arrest
		{"Law enforcement detained forty alleged gang members in San Salvador on Sunday.", truce.Arrests},
		{"Families who claim their children have been kidnapped by the PKK continued their sit-in in Diyarbakir on Sunday.", truce.PeacefulProtest},
		{"A crowd gathered in Dahuk on Sunday in protest of the abduction of a shepherd.", truce.PeacefulProtest},
		{"Intelligence forces raided a hideout in Kabul on Sunday, killing 5 IS militants and arresting 8.", truce.ArmedClash},
		{"Thirteen people were arrested in Cartagena on Sunday after they attacked police officers with sticks and stones.", truce.MobViolence},
		{"Ten people were arrested by police in Maturin on Sunday when they were demanding the distribution of fuel.", truce.ProtestWithIntervention},
		// a protest as the arrest's reason or consequence is no scene of it
		{"Police arrested 40 people in Minsk on Sunday for participating in protests last week.", truce.Arrests},
		{"Police arrested 12 youths in Mogadishu on Sunday who were accused of having taken part in a protest.", truce.Arrests},
		{"A blogger was arrested in Mogilev on Sunday, causing several protests.", truce.Arrests},
		{"Police arrested 15 people at a protest in Minsk on Sunday.", truce.ProtestWithIntervention},
		{"Police detained four activists taking part in an unauthorised protest in Moscow on Sunday.", truce.ProtestWithIntervention},
		// an arrest as a purpose is not made: the attack is the event
		{"Two policemen were injured when assailants hurled crude bombs at them as they went to arrest a murder suspect in Natore on Sunday.", truce.RemoteExplosive},
		// a road, bridge or avenue blocked, then arrests: the protest's intervention
		{"Hundreds of people blocked the Champoton bridge on Sunday demanding food aid. Police dispersed them and arrested eleven.", truce.ProtestWithIntervention},
	})
}

// TestNoEventWording keeps the recall rules from firing on everyday news
// wording.
func TestNoEventWording(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"The director shot the film in Tbilisi with local people as extras last summer.", ""},
		{"The two teams meet in their first encounter since the final in Madrid on Sunday.", ""},
		{"The bank delivered food packages to poor families in Lagos on Monday.", ""},
		{"Residents joined the celebrations in the town square on Monday.", ""},
		{"The company banned gatherings of more than ten people at its factory in Dhaka.", ""},
		{"Workers at the plant went on a procession to mark the anniversary of its founding.", ""},
		{"Police released the names of the victims of the bus crash in Kandy on Monday.", ""},
		{"Locals attacked the decision of the council in a heated meeting in Gyumri on Sunday.", ""},
		{"The museum released three prisoners' letters written during the war.", ""},
		{"The team's fans staged a rally outside the stadium before the derby on Saturday.", ""},
	})
}

// TestDatelineIsNotTheScene: the dateline place opening the first
// sentence is where the report was filed from; a district named as the
// sentence's subject is the event's place and the territory that changes
// hands.
func TestDatelineIsNotTheScene(t *testing.T) {
	x, err := New(testGazetteer(t))
	if err != nil {
		t.Fatal(err)
	}
	res, err := x.ExtractText("BAKU, Nov. 20, 2020 - The Aghdam district was returned to Azerbaijan on Friday under the ceasefire deal, the Defence Ministry said.\n", truce.MustDate("2020-11-20"), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 1 {
		t.Fatalf("%d events, want 1: %+v", len(res.Events), res.Events)
	}
	e := res.Events[0]
	if e.Location == nil || e.Location.Name != "Aghdam" || e.Control == nil || !strings.EqualFold(e.Control.Territory, "Aghdam") {
		t.Errorf("location %+v, control %+v: want Aghdam", e.Location, e.Control)
	}
}

func TestPeopleReturned(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"A Russian plane flew 44 Armenians home to Yerevan on Monday, while 12 Azerbaijanis were returned to Baku.", truce.OtherDevelopment},
		{"The prisoners were returned to Baku on Monday as part of the exchange deal.", truce.AgreementEvent},
		{"The Aghdam district was returned to Azerbaijan on Friday.", truce.NonViolentTransfer},
		{"Armenia returned the Aghdam district to Azerbaijan on Friday.", truce.NonViolentTransfer},
	})
}

// TestHandedOverBySubject: a first actor who hands territory over gives
// it; control goes to the side it is handed to.
func TestHandedOverBySubject(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Armenia returned the Aghdam district to Azerbaijan on Friday under the ceasefire deal.",
		"Armenia handed over the Kalbajar district to Azerbaijan on Wednesday.",
	} {
		res, err := x.ExtractText(text, truce.MustDate("2020-11-20"), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Events) == 0 || res.Events[0].Control == nil {
			t.Errorf("%q: no change of control: %+v", text, res.Events)
			continue
		}
		c := res.Events[0].Control
		if c.To.Country != "AZE" || c.From == nil || c.From.Country != "ARM" {
			t.Errorf("%q: control to %+v from %+v, want Azerbaijan from Armenia", text, c.To, c.From)
		}
	}
}

func TestAgreementWording(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"The rebel leadership declared a cessation of hostilities with the government in Juba on Sunday.", truce.AgreementEvent},
		{"About 200 militiamen surrendered to the army in Beni on Sunday.", truce.AgreementEvent},
		{"A Mai-Mai group surrendered after talks with the governor in Goma on Sunday.", truce.AgreementEvent},
		// a ceasefire ended is no agreement: the clash is the event
		{"Soldiers and ELN fighters clashed near Saravena on Sunday, days after the ELN announced the end of its unilateral ceasefire.", truce.ArmedClash},
	})
}

func TestPropertyDestruction(t *testing.T) {
	checkSubTypes(t, []struct {
		text string
		want truce.SubEventType
	}{
		{"Settlers cut down about 40 olive trees in the village of Burin on Tuesday.", truce.LootingPropertyDestruction},
		{"Ruling party militiamen destroyed six houses belonging to opposition members in Ngozi on Tuesday.", truce.LootingPropertyDestruction},
		{"Soldiers found and destroyed a clandestine airstrip near Puerto Lempira on Tuesday.", truce.LootingPropertyDestruction},
		// the strike that destroyed them is the event
		{"Airstrikes destroyed several houses in Maarat al-Numan on Tuesday.", truce.AirDroneStrike},
		{"Artillery shelling destroyed two houses in Horlivka on Tuesday.", truce.ShellingArtilleryMissile},
	})
}
