package demo

import "github.com/truce-monitor/truce"

// Canonical names of the case's actors, used everywhere in the record.
const (
	Azerbaijan      = "Azerbaijan"                          // the government, a party to the statement
	Armenia         = "Armenia"                             // the government, a party to the statement
	Russia          = "Russia"                              // the government, the broker
	AzerbaijanForce = "Military Forces of Azerbaijan"       // ACLED's name for the army
	ArmeniaForce    = "Military Forces of Armenia"          // ACLED's name for the army
	KarabakhForce   = "Military Forces of Nagorno-Karabakh" // the Artsakh Defence Army
	RussiaForce     = "Military Forces of Russia"           // the peacekeeping contingent
)

// Canonical names of the case's territories.
const (
	Aghdam          = "Aghdam"
	Kalbajar        = "Kalbajar"
	Lachin          = "Lachin"
	Fuzuli          = "Fuzuli"
	Jabrayil        = "Jabrayil"
	Zangilan        = "Zangilan"
	Qubadli         = "Qubadli"
	NagornoKarabakh = "Nagorno-Karabakh"
	LachinCorridor  = "Lachin corridor"
	ShushaTown      = "Shusha"
	JabrayilTown    = "Jabrayil town"
	FuzuliTown      = "Fuzuli town"
)

// actors of the case. The forces of the Nagorno-Karabakh authorities are
// coded as a rebel group with no country: no state recognised the
// self-proclaimed republic, coding them AZE would count them as Azerbaijan
// wherever a beneficiary or a map colour is matched by country, and coding
// them ARM would assert Armenia's control of the area, which Armenia
// denied. With kind rebel_group and no country they never match an
// obligation whose beneficiary is Azerbaijan or Armenia.
var actors = []truce.Actor{
	{Name: AzerbaijanForce, Country: "AZE", Kind: truce.KindStateForces,
		Aliases: []string{"Azerbaijani army", "Azerbaijani troops", "Azerbaijani forces", "Azerbaijani army units", "Azerbaijan Armed Forces"}},
	{Name: ArmeniaForce, Country: "ARM", Kind: truce.KindStateForces,
		Aliases: []string{"Armenian forces", "Armenian army", "Armenian troops", "Armenian Armed Forces"}},
	{Name: KarabakhForce, Kind: truce.KindRebelGroup,
		Aliases: []string{"ethnic Armenian forces", "Artsakh Defence Army", "Artsakh Defense Army", "Nagorno-Karabakh Defence Army", "Karabakh Armenian forces"}},
	{Name: RussiaForce, Country: "RUS", Kind: truce.KindExternalForces,
		Aliases: []string{"Russian peacekeepers", "Russian peacekeeping contingent", "Russian peacekeeping forces"}},
	{Name: Azerbaijan, Country: "AZE", Kind: truce.KindGovernment,
		Aliases: []string{"Government of Azerbaijan", "Azerbaijani government", "Republic of Azerbaijan"}},
	{Name: Armenia, Country: "ARM", Kind: truce.KindGovernment,
		Aliases: []string{"Government of Armenia", "Armenian government", "Republic of Armenia"}},
	{Name: Russia, Country: "RUS", Kind: truce.KindGovernment,
		Aliases: []string{"Government of Russia", "Russian government", "Russian Federation"}},
	{Name: "Protesters (Armenia)", Country: "ARM", Kind: truce.KindProtesters},
	{Name: "Rioters (Armenia)", Country: "ARM", Kind: truce.KindRioters},
	{Name: "Civilians (Azerbaijan)", Country: "AZE", Kind: truce.KindCivilians},
	{Name: "Civilians (Armenia)", Country: "ARM", Kind: truce.KindCivilians},
}

// district is one of the seven Azerbaijani districts around the former
// autonomous oblast, with the ISO 3166-2 code of its polygon in
// karabakh.geojson and the spellings it is known by.
type district struct {
	Name    string
	Code    string // ISO 3166-2
	Aliases []string
}

var districts = []district{
	{Aghdam, "AZ-AGM", []string{"Agdam", "Ağdam", "Akna", "Aghdam District", "Agdam Rayon", "Aghdam Rayon"}},
	{Kalbajar, "AZ-KAL", []string{"Kəlbəcər", "Kelbajar", "Kalbacar", "Kelbadzhar", "Karvachar", "Qarvachar", "Kalbajar District", "Kalbajar Rayon"}},
	{Lachin, "AZ-LAC", []string{"Laçın", "Lacin", "Berdzor", "Lachin District", "Lachin Rayon"}},
	{Fuzuli, "AZ-FUZ", []string{"Füzuli", "Fizuli", "Varanda", "Fuzuli District", "Fuzuli Rayon"}},
	{Jabrayil, "AZ-CAB", []string{"Cəbrayıl", "Jabrail", "Jebrail", "Cabrayil", "Jrakan", "Jabrayil District", "Jabrayil Rayon"}},
	{Zangilan, "AZ-ZAN", []string{"Zəngilan", "Zangelan", "Kovsakan", "Zangilan District", "Zangilan Rayon"}},
	{Qubadli, "AZ-QBI", []string{"Qubadlı", "Gubadly", "Kubatly", "Kubatli", "Kashunik", "Qubadli District", "Qubadli Rayon"}},
}

// corridorPath is the road of the Lachin corridor from Stepanakert past
// Shusha (west of the town, which point 6 of the statement leaves out of
// the corridor), through Lisagor and Lachin town to the Armenian border
// near Kornidzor, on the way to Goris. The points are approximate (a few
// kilometres), from general maps, not surveyed.
var corridorPath = []lonLat{
	{46.752, 39.815}, // Stepanakert
	{46.715, 39.775}, // below Shusha, west of the town
	{46.670, 39.720}, // Lisagor
	{46.550, 39.599}, // Lachin (Berdzor)
	{46.500, 39.575}, // Armenian border near Kornidzor
}

// corridorWidthKm is the width of the corridor set by point 6 of the
// statement.
const corridorWidthKm = 5

// town is a town whose capture the case records apart from its district,
// as an approximate disc around its centre.
type town struct {
	Name     string
	Centre   lonLat
	RadiusKm float64
	Aliases  []string
}

var towns = []town{
	{JabrayilTown, lonLat{47.028, 39.399}, 2, []string{"Jabrayil city", "Cəbrayıl şəhəri"}},
	{FuzuliTown, lonLat{47.145, 39.601}, 2, []string{"Fuzuli city", "Füzuli şəhəri"}},
}

// Shusha's area is the Natural Earth polygon of the town (AZ.SS).
var shushaAliases = []string{"Shushi", "Şuşa", "Susa", "Shusha town", "Shusha city"}

// baseline is a manual control entry: who held a territory from a day on,
// with a short citation.
type baseline struct {
	Territory  string
	At         string
	Controller string
	From       string
	Status     truce.ControlStatus
	Note       string
}

const (
	noteIndependence = "Held by Azerbaijan when it restored its independence (Constitutional Act on State Independence, 18 Oct 1991)."
	noteHRW1994      = "Human Rights Watch, Azerbaijan: Seven Years of Conflict in Nagorno-Karabakh (1994)"
	noteCeasefire    = "Taken by Azerbaijani forces in the October–November 2020 offensive; held by Azerbaijan when point 1 of the trilateral statement froze the sides' positions on 10 Nov 2020."
)

var baselines = []baseline{
	{Aghdam, "1991-10-18", AzerbaijanForce, "", truce.Assessed, noteIndependence},
	{Kalbajar, "1991-10-18", AzerbaijanForce, "", truce.Assessed, noteIndependence},
	{Lachin, "1991-10-18", AzerbaijanForce, "", truce.Assessed, noteIndependence},
	{Fuzuli, "1991-10-18", AzerbaijanForce, "", truce.Assessed, noteIndependence},
	{Jabrayil, "1991-10-18", AzerbaijanForce, "", truce.Assessed, noteIndependence},
	{Zangilan, "1991-10-18", AzerbaijanForce, "", truce.Assessed, noteIndependence},
	{Qubadli, "1991-10-18", AzerbaijanForce, "", truce.Assessed, noteIndependence},
	{ShushaTown, "1991-10-18", AzerbaijanForce, "", truce.Assessed, noteIndependence},
	{JabrayilTown, "1991-10-18", AzerbaijanForce, "", truce.Assessed, noteIndependence},
	{FuzuliTown, "1991-10-18", AzerbaijanForce, "", truce.Assessed, noteIndependence},
	{LachinCorridor, "1991-10-18", AzerbaijanForce, "", truce.Assessed, noteIndependence},

	{ShushaTown, "1992-05-08", KarabakhForce, AzerbaijanForce, truce.Assessed,
		"Taken by ethnic Armenian forces on 8–9 May 1992 (T. de Waal, Black Garden, 2003)."},
	{Lachin, "1992-05-18", KarabakhForce, AzerbaijanForce, truce.Assessed,
		"Taken by ethnic Armenian forces on 18 May 1992, opening a land link to Armenia (T. de Waal, Black Garden, 2003)."},
	{LachinCorridor, "1992-05-18", KarabakhForce, AzerbaijanForce, truce.Assessed,
		"The road through Lachin, held by ethnic Armenian forces from 18 May 1992 (T. de Waal, Black Garden, 2003). Corridor polygon approximate."},
	{Kalbajar, "1993-04-02", KarabakhForce, AzerbaijanForce, truce.Assessed,
		"Taken by ethnic Armenian forces in early April 1993 (UN Security Council resolution 822, 30 Apr 1993)."},
	{Aghdam, "1993-07-23", KarabakhForce, AzerbaijanForce, truce.Assessed,
		"Taken by ethnic Armenian forces on 23 Jul 1993 (UN Security Council resolution 853, 29 Jul 1993)."},
	{Fuzuli, "1993-08-23", KarabakhForce, AzerbaijanForce, truce.Assessed,
		"Taken by ethnic Armenian forces on 23 Aug 1993 (" + noteHRW1994 + ")."},
	{FuzuliTown, "1993-08-23", KarabakhForce, AzerbaijanForce, truce.Assessed,
		"Taken by ethnic Armenian forces on 23 Aug 1993 (" + noteHRW1994 + ")."},
	{Jabrayil, "1993-08-23", KarabakhForce, AzerbaijanForce, truce.Assessed,
		"Taken by ethnic Armenian forces on 23 Aug 1993 (" + noteHRW1994 + ")."},
	{JabrayilTown, "1993-08-23", KarabakhForce, AzerbaijanForce, truce.Assessed,
		"Taken by ethnic Armenian forces on 23 Aug 1993 (" + noteHRW1994 + ")."},
	{Qubadli, "1993-08-31", KarabakhForce, AzerbaijanForce, truce.Assessed,
		"Taken by ethnic Armenian forces on 31 Aug 1993 (" + noteHRW1994 + ")."},
	{Zangilan, "1993-10-29", KarabakhForce, AzerbaijanForce, truce.Assessed,
		"Taken by ethnic Armenian forces on 29 Oct 1993 (UN Security Council resolution 884, 12 Nov 1993)."},
	{NagornoKarabakh, "1994-05-12", KarabakhForce, "", truce.Assessed,
		"Held by ethnic Armenian forces when the ceasefire of the Bishkek Protocol took effect on 12 May 1994."},

	// District control at the end of the 2020 war. The towns of Jabrayil
	// and Fuzuli change hands by events (below); the districts were taken
	// village by village over weeks, so the record sets them at the day the
	// ceasefire froze the positions rather than at any one capture.
	{Jabrayil, "2020-11-10", AzerbaijanForce, KarabakhForce, truce.Assessed, noteCeasefire},
	{Fuzuli, "2020-11-10", AzerbaijanForce, KarabakhForce, truce.Assessed,
		"Most of the district; " + noteCeasefire},
	{Zangilan, "2020-11-10", AzerbaijanForce, KarabakhForce, truce.Assessed, noteCeasefire},
	{Qubadli, "2020-11-10", AzerbaijanForce, KarabakhForce, truce.Assessed, noteCeasefire},
}

// quote is a span of a report that an event cites.
type quote struct {
	Text      string
	ClaimedBy string
	Stance    truce.Stance
}

// caseEvent is an event of the case with the report that backs it.
type caseEvent struct {
	Key    string // short name, unique in the case
	Report string // file in case/reports
	Event  truce.Event
	Quotes []quote
}

func actor(name string) truce.Actor { return truce.Actor{Name: name} }
func actorp(name string) *truce.Actor {
	a := actor(name)
	return &a
}

// Locations of the case's events.
var (
	lineOfContact = truce.Location{Name: "Line of contact (Nagorno-Karabakh)", Lat: 39.75, Lon: 46.95, Country: "AZE", Precision: truce.GeoRegional}
	ganja         = truce.Location{Name: "Ganja", Lat: 40.6828, Lon: 46.3606, Country: "AZE", Admin1: "Ganja", Precision: truce.GeoExact}
	jabrayilLoc   = truce.Location{Name: "Jabrayil", Lat: 39.3992, Lon: 47.0284, GeoNameID: 148141, Country: "AZE", Admin1: "Jabrayil", Precision: truce.GeoExact}
	fuzuliLoc     = truce.Location{Name: "Fuzuli", Lat: 39.6009, Lon: 47.1453, GeoNameID: 148106, Country: "AZE", Admin1: "Fuzuli", Precision: truce.GeoExact}
	shushaLoc     = truce.Location{Name: "Shusha", Lat: 39.7601, Lon: 46.7499, GeoNameID: 147105, Country: "AZE", Admin1: "Shusha", Precision: truce.GeoExact}
	moscow        = truce.Location{Name: "Moscow", Lat: 55.7558, Lon: 37.6173, Country: "RUS", Precision: truce.GeoExact}
	yerevan       = truce.Location{Name: "Yerevan", Lat: 40.1772, Lon: 44.5035, Country: "ARM", Admin1: "Yerevan", Precision: truce.GeoExact}
	charektar     = truce.Location{Name: "Charektar", Lat: 40.14, Lon: 46.25, Country: "AZE", Admin1: "Kalbajar", Precision: truce.GeoNear}
	baku          = truce.Location{Name: "Baku", Lat: 40.4093, Lon: 49.8671, Country: "AZE", Admin1: "Baku", Precision: truce.GeoExact}
	corridorLoc   = truce.Location{Name: "Lachin corridor", Lat: 39.70, Lon: 46.64, Country: "AZE", Precision: truce.GeoNear}
	aghdamLoc     = truce.Location{Name: "Aghdam", Lat: 39.9910, Lon: 46.9274, GeoNameID: 148619, Country: "AZE", Admin1: "Aghdam", Precision: truce.GeoExact}
	kalbajarLoc   = truce.Location{Name: "Kalbajar", Lat: 40.1098, Lon: 46.0445, GeoNameID: 586268, Country: "AZE", Admin1: "Kalbajar", Precision: truce.GeoExact}
	lachinLoc     = truce.Location{Name: "Lachin", Lat: 39.5988, Lon: 46.5505, GeoNameID: 147625, Country: "AZE", Admin1: "Lachin", Precision: truce.GeoExact}
)

// extensionKey names the event that reports the Kalbajar amendment.
const extensionKey = "kalbajar-extension"

var events = []caseEvent{
	{Key: "fighting-erupts", Report: "2020-09-27-fighting-erupts.txt",
		Event: truce.Event{SubType: truce.ArmedClash, Date: truce.MustDate("2020-09-27"), Location: lineOfContact,
			Actor1: actor(AzerbaijanForce), Actor2: actorp(KarabakhForce),
			Fatalities: &truce.Range{Low: 16, High: 21}, Confidence: 0.95,
			Notes: "Fighting along the whole line of contact on the first day of the 2020 war; 16 Nagorno-Karabakh servicemen and five Azerbaijani civilians reported killed."},
		Quotes: []quote{
			{Text: "Heavy fighting broke out along the line of contact around Nagorno-Karabakh early on Sunday, with Azerbaijan and the region's ethnic Armenian authorities each accusing the other of starting it."},
			{Text: "The authorities in Nagorno-Karabakh said 16 of their servicemen had been killed and more than a hundred wounded on the first day.", ClaimedBy: "Nagorno-Karabakh authorities"},
			{Text: "Azerbaijani officials said a family of five had been killed when shells hit the village of Gashalti.", ClaimedBy: "Azerbaijani officials"},
		}},
	{Key: "jabrayil-town", Report: "2020-10-09-jabrayil.txt",
		Event: truce.Event{SubType: truce.GovernmentRegainsTerritory, Date: truce.MustDate("2020-10-09"), Location: jabrayilLoc,
			Actor1: actor(AzerbaijanForce), Actor2: actorp(KarabakhForce), Confidence: 0.8,
			Control: &truce.ControlChange{Territory: JabrayilTown, To: actor(AzerbaijanForce), From: actorp(KarabakhForce)},
			Notes:   "Azerbaijan announced the capture of the town and nearby villages; Nagorno-Karabakh officials denied it. The record changes control of the town only: the district was taken over the following weeks."},
		Quotes: []quote{
			{Text: "President Ilham Aliyev said on Friday that Azerbaijani forces had taken the town of Jabrayil and several villages around it", ClaimedBy: "President of Azerbaijan"},
			{Text: "Officials in Nagorno-Karabakh denied that the town had fallen and said fighting in the area was continuing.", ClaimedBy: "Nagorno-Karabakh officials", Stance: truce.Denies},
		}},
	{Key: "ganja-strike", Report: "2020-10-11-ganja-strike.txt",
		Event: truce.Event{SubType: truce.ShellingArtilleryMissile, Date: truce.MustDate("2020-10-11"), Location: ganja,
			Actor1: actor(ArmeniaForce), Actor2: actorp("Civilians (Azerbaijan)"),
			Fatalities: &truce.Range{Low: 10, High: 10}, Injured: &truce.Range{Low: 34, High: 34}, Confidence: 0.8,
			Notes: "Missile strike on a residential area of Ganja. Azerbaijan attributed it to Armenian forces; Armenia denied firing at the city."},
		Quotes: []quote{
			{Text: "A missile struck a residential neighbourhood of Ganja, Azerbaijan's second-largest city, in the early hours of Sunday, killing ten civilians and wounding 34, Azerbaijani prosecutors said.", ClaimedBy: "Azerbaijani prosecutors"},
			{Text: "Azerbaijani officials said the missile had been fired by Armenian forces.", ClaimedBy: "Azerbaijani officials"},
			{Text: "Armenia's Defence Ministry denied that its forces had fired at Ganja.", ClaimedBy: "Armenia's Defence Ministry", Stance: truce.Denies},
		}},
	{Key: "fuzuli-town", Report: "2020-10-17-fuzuli.txt",
		Event: truce.Event{SubType: truce.GovernmentRegainsTerritory, Date: truce.MustDate("2020-10-17"), Location: fuzuliLoc,
			Actor1: actor(AzerbaijanForce), Actor2: actorp(KarabakhForce), Confidence: 0.8,
			Control: &truce.ControlChange{Territory: FuzuliTown, To: actor(AzerbaijanForce), From: actorp(KarabakhForce)},
			Notes:   "Azerbaijan announced the capture of the town; much of the district stayed contested until the ceasefire."},
		Quotes: []quote{
			{Text: "Azerbaijani troops have retaken the town of Fuzuli and several nearby villages, President Ilham Aliyev said in a televised address on Saturday.", ClaimedBy: "President of Azerbaijan"},
			{Text: "Much of the surrounding Fuzuli district remained contested as fighting went on to the north."},
		}},
	{Key: "shusha", Report: "2020-11-08-shusha.txt",
		Event: truce.Event{SubType: truce.GovernmentRegainsTerritory, Date: truce.MustDate("2020-11-08"), Location: shushaLoc,
			Actor1: actor(AzerbaijanForce), Actor2: actorp(KarabakhForce), Confidence: 0.9,
			Control: &truce.ControlChange{Territory: ShushaTown, To: actor(AzerbaijanForce), From: actorp(KarabakhForce)},
			Notes:   "Azerbaijan announced the capture on 8 Nov; the Nagorno-Karabakh authorities acknowledged the loss on 9 Nov."},
		Quotes: []quote{
			{Text: "President Ilham Aliyev announced on Sunday that Azerbaijani forces had taken Shusha", ClaimedBy: "President of Azerbaijan"},
			{Text: "On Monday a spokesman for the Nagorno-Karabakh leader acknowledged that Shushi was out of their control.", ClaimedBy: "Nagorno-Karabakh authorities"},
		}},
	{Key: "trilateral-statement", Report: "2020-11-10-trilateral-statement.txt",
		Event: truce.Event{SubType: truce.AgreementEvent, Date: truce.MustDate("2020-11-10"), Location: moscow,
			Actor1: actor(Azerbaijan), Actor2: actorp(Armenia), Confidence: 0.99,
			Notes: "Trilateral statement of the leaders of Azerbaijan, Armenia and Russia, signed overnight 9–10 Nov; full ceasefire from 00:00 Moscow time on 10 Nov."},
		Quotes: []quote{
			{Text: "The leaders of Armenia, Azerbaijan and Russia signed a statement overnight ending six weeks of war over Nagorno-Karabakh, with a complete ceasefire in force from midnight Moscow time."},
			{Text: "Armenia is to return the Kalbajar district to Azerbaijan by Nov. 15, the Aghdam district by Nov. 20 and the Lachin district by Dec. 1."},
		}},
	{Key: "yerevan-storming", Report: "2020-11-10-yerevan-storming.txt",
		Event: truce.Event{SubType: truce.ViolentDemonstration, Date: truce.MustDate("2020-11-10"), Location: yerevan,
			Actor1: actor("Rioters (Armenia)"), Confidence: 0.95,
			Injured: &truce.Range{Low: 1, High: 1},
			Notes:   "Protesters against the ceasefire broke into the government headquarters and parliament overnight; the speaker of parliament was beaten."},
		Quotes: []quote{
			{Text: "Hundreds of angry protesters broke into the government headquarters and the parliament building in Yerevan overnight, hours after Prime Minister Nikol Pashinyan announced the ceasefire deal with Azerbaijan."},
			{Text: "The speaker of parliament, Ararat Mirzoyan, was beaten by protesters and taken to hospital."},
		}},
	{Key: "peacekeepers", Report: "2020-11-13-peacekeepers.txt",
		Event: truce.Event{SubType: truce.NonViolentTransfer, Date: truce.MustDate("2020-11-10"), DateEnd: truce.MustDate("2020-11-13"), Location: corridorLoc,
			Actor1: actor(RussiaForce), Actor2: actorp(KarabakhForce), Confidence: 0.9,
			Control: &truce.ControlChange{Territory: LachinCorridor, To: actor(RussiaForce), From: actorp(KarabakhForce)},
			Notes:   "Russian peacekeepers deployed from 10 Nov and took the Lachin corridor under control (point 6 of the statement)."},
		Quotes: []quote{
			{Text: "Russian peacekeepers have set up observation posts along the Lachin corridor, the only road linking Nagorno-Karabakh with Armenia, Russia's Defence Ministry said on Friday.", ClaimedBy: "Russia's Defence Ministry"},
			{Text: "The ministry said the corridor was now under the control of the peacekeeping contingent.", ClaimedBy: "Russia's Defence Ministry"},
		}},
	{Key: "yerevan-rally", Report: "2020-11-11-yerevan-rally.txt",
		Event: truce.Event{SubType: truce.PeacefulProtest, Date: truce.MustDate("2020-11-11"), Location: yerevan,
			Actor1: actor("Protesters (Armenia)"), Confidence: 0.9,
			Notes: "Opposition rally in Freedom Square demanding the prime minister's resignation over the ceasefire."},
		Quotes: []quote{
			{Text: "Thousands of people gathered in Freedom Square in central Yerevan on Wednesday to demand the resignation of Prime Minister Nikol Pashinyan over the deal that ended the fighting in Nagorno-Karabakh."},
		}},
	{Key: "kalbajar-fires", Report: "2020-11-14-kalbajar-fires.txt",
		Event: truce.Event{SubType: truce.LootingPropertyDestruction, Date: truce.MustDate("2020-11-13"), DateEnd: truce.MustDate("2020-11-14"), Location: charektar,
			Actor1: actor("Civilians (Armenia)"), Confidence: 0.9,
			Notes: "Departing ethnic Armenian residents burned their own houses before the district's handover."},
		Quotes: []quote{
			{Text: "Ethnic Armenian residents of the Kalbajar district set fire to their own houses on Friday and Saturday before leaving for Armenia, days before the district is due to pass to Azerbaijan."},
		}},
	{Key: extensionKey, Report: "2020-11-15-kalbajar-extension.txt",
		Event: truce.Event{SubType: truce.AgreementEvent, Date: truce.MustDate("2020-11-15"), Location: baku,
			Actor1: actor(Azerbaijan), Actor2: actorp(Armenia), Confidence: 0.95,
			Notes: "Azerbaijan agreed at Armenia's request to move the Kalbajar handover from 15 to 25 Nov."},
		Quotes: []quote{
			{Text: "Azerbaijan has agreed to give Armenia ten more days to leave the Kalbajar district, moving the handover from Nov. 15 to Nov. 25, an aide to President Ilham Aliyev said on Sunday.", ClaimedBy: "Office of the President of Azerbaijan"},
		}},
	{Key: "aghdam-handover", Report: "2020-11-20-aghdam.txt",
		Event: truce.Event{SubType: truce.NonViolentTransfer, Date: truce.MustDate("2020-11-20"), Location: aghdamLoc,
			Actor1: actor(AzerbaijanForce), Actor2: actorp(ArmeniaForce), Confidence: 0.95,
			Control: &truce.ControlChange{Territory: Aghdam, To: actor(AzerbaijanForce), From: actorp(KarabakhForce)},
			Notes:   "Handover of the Aghdam district under point 5 of the trilateral statement."},
		Quotes: []quote{
			{Text: "Azerbaijani troops entered the Aghdam district on Friday, the first of three districts that Armenia is returning under the ceasefire agreement, Azerbaijan's Defence Ministry said.", ClaimedBy: "Azerbaijan's Defence Ministry"},
		}},
	{Key: "kalbajar-handover", Report: "2020-11-25-kalbajar.txt",
		Event: truce.Event{SubType: truce.NonViolentTransfer, Date: truce.MustDate("2020-11-25"), Location: kalbajarLoc,
			Actor1: actor(AzerbaijanForce), Actor2: actorp(ArmeniaForce), Confidence: 0.95,
			Control: &truce.ControlChange{Territory: Kalbajar, To: actor(AzerbaijanForce), From: actorp(KarabakhForce)},
			Notes:   "Handover of the Kalbajar district on the date extended on 15 Nov."},
		Quotes: []quote{
			{Text: "Azerbaijani army units moved into the Kalbajar district on Wednesday, ten days later than first agreed, the Defence Ministry in Baku said.", ClaimedBy: "Azerbaijan's Defence Ministry"},
		}},
	{Key: "lachin-handover", Report: "2020-12-01-lachin.txt",
		Event: truce.Event{SubType: truce.NonViolentTransfer, Date: truce.MustDate("2020-12-01"), Location: lachinLoc,
			Actor1: actor(AzerbaijanForce), Actor2: actorp(ArmeniaForce), Confidence: 0.95,
			Control: &truce.ControlChange{Territory: Lachin, To: actor(AzerbaijanForce), From: actorp(KarabakhForce)},
			Notes:   "Handover of the Lachin district; the corridor through it stays with the Russian peacekeepers."},
		Quotes: []quote{
			{Text: "Azerbaijani forces entered the Lachin district on Tuesday, the last of the three districts Armenia had to hand back under the November ceasefire, Azerbaijan's Defence Ministry said.", ClaimedBy: "Azerbaijan's Defence Ministry"},
			{Text: "The five-kilometre corridor that runs through the district between Nagorno-Karabakh and Armenia remains under the control of Russian peacekeepers."},
		}},
}
