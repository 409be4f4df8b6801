package extract

import (
	"strings"

	"github.com/truce-monitor/truce"
)

// cue is a sentence feature that classification rules test.
type cue uint32

const (
	cueArmed       cue = 1 << iota // weapons, military words
	cueSport                       // match reports
	cueFinance                     // market reports
	cueCivilian                    // civilian victims
	cueIntervene                   // police intervention in a protest
	cueViolentDemo                 // violence by demonstrators
	cueTransfer                    // a handover context
	cueFight                       // fighting around a capture
	cueSign                        // an agreement was signed, brokered, reached
	cueNegated                     // a failed, denied or prevented happening
	cueAircraft                    // aircraft
	cueTerritory                   // a territory noun (village, region, positions)
	cueCasualty                    // killed, wounded, dead
	cueProtest                     // a protest noun or verb
	cueIndustrial                  // an industrial accident: a plant, a gas leak
	cueTransferDoc                 // the report is about a handover (its title or another sentence)
	cueWithdrawal                  // a side withdrew, pulled out or vacated
	cueUnopposed                   // no fight was fought: "without resistance", "in the hands of"
)

// trigger flags.
const (
	tViolent    = 1 << iota // needs an armed context; suppressed in sport and finance
	tTerritory              // needs a territory object (a place or a territory noun)
	tWeak                   // never an event: only keeps the shorter triggers inside it from firing
	tCapture                // a capture verb: regains, overtakes or transfer by context
	tEnter                  // an entry verb: transfer by context, capture after fighting, else movement
	tAgreement              // an agreement noun: needs a signing verb
	tKill                   // a killing verb: attack on civilians when the victims are civilians
	tAttackVerb             // a generic attack verb: clash or attack by the target
	tArrest                 // arrest verb
	tProtest                // protest word
	tRiot                   // riot or brawl word
	tLoot                   // property destruction
	tWithdraw               // a withdrawal: a transfer after a handover, else a movement
)

type triggerDef struct {
	pattern string
	sub     truce.SubEventType
	weight  float64
	flags   int
}

// triggers are the words and phrases that report events. Longer phrases
// win over the shorter ones they contain.
var triggers = []triggerDef{
	// Battles
	{"clash|clashes|clashed|clashing", truce.ArmedClash, 2.2, tViolent},
	{"fighting|fought|battle|battles|battled|battling|firefight|gunfight|gunbattle|skirmish|skirmishes|hostilities|combat", truce.ArmedClash, 1.6, tViolent},
	{"fight|fights", truce.ArmedClash, 1.0, tViolent},
	{"(gun battle|gun-battle|gun battles|gun-battles|gun-fight|gun fight|encounter|encounters|fire fight|armed confrontation|armed clashes|heavy fighting|fierce fighting|shoot-out|shootout|shoot-outs|shootouts|gun shots|gunshots|exchange of gunfire)", truce.ArmedClash, 2.6, tViolent},
	{"(thwarted|foiled|repelled|repulsed|repelling|repulsing) _? _? _? (incursion|attack|assault|infiltration|advance|offensive|attempt|attempts)", truce.ArmedClash, 3.0, tViolent},
	{"(exchanged|exchange|exchanges|exchanging|traded|trading) (fire|gunfire|shots)", truce.ArmedClash, 3, tViolent},
	{"(exchanged|exchange|exchanges|exchanging|traded|trading) _? (artillery|artillery fire|mortar fire|mortars|shells|shelling|rockets|heavy weapons|heavy fire)", truce.ArmedClash, 3.5, tViolent},
	{"in both directions", truce.ArmedClash, 3.4, tViolent},
	{"(retaliated|returned fire|returned the fire|returning fire|return fire|fired back|shot back|responded with fire|responded with gunfire)", truce.ArmedClash, 2.0, tViolent},
	{"(inter-clan|intra-clan|clan-based|clan|tribal|inter-tribal|gang|gang-related) (violence|clashes|clash|fighting|fights|feud)", truce.ArmedClash, 3.0, 0},
	{"(operation|operations|offensive|raid|raids) against", truce.ArmedClash, 1.9, tViolent},
	{"(leaving|left) _? _? _? (militants|fighters|rebels|soldiers|insurgents|terrorists|gunmen|militiamen) (dead|killed)", truce.ArmedClash, 2.4, tViolent},
	{"(exchange|exchanges) of (fire|gunfire)", truce.ArmedClash, 3, tViolent},
	{"small arms|weapons", truce.ArmedClash, 3.2, tViolent},
	{"(sniper|snipers|sniper fire|sniper rifles|machine guns|machineguns|machine-guns|machine gun|automatic weapons|rifles|assault rifles)", truce.ArmedClash, 2.1, tViolent},
	{"(grenade launchers|grenade launcher|heavy machine guns|heavy machineguns|heavy machine-guns|anti-aircraft guns|ifvs|infantry fighting vehicles|recoilless|agl|agls)", truce.ShellingArtilleryMissile, 2.3, tViolent},
	{"(clashes|clash|fighting|battles|gunfights|firefights) (took place|erupted|broke out|occurred|continued|raged|flared|resumed)", truce.ArmedClash, 3.3, tViolent},
	{"(gunfire|opened fire|open fire|opening fire|fired on|fired at|fired upon|shot at|shooting|fired|firing)", truce.ArmedClash, 1.3, tViolent | tAttackVerb},
	{"(fired|firing|fire) with", truce.ArmedClash, 2.0, tViolent},
	{"(opened gun fire|opened gunfire|open gun fire|gun fire)", truce.ArmedClash, 1.3, tViolent | tAttackVerb},
	{"(drive-by shooting|drive-by shootings|drive-by attack)", truce.ArmedClash, 2.6, tViolent | tAttackVerb},
	{"(ambush|ambushed|ambushes)", truce.ArmedClash, 2.4, tViolent | tAttackVerb},
	{"(attacked|attack|attacks|attacking|assault|assaulted|raid|raided|raids|offensive|stormed|counterattack|counter-attack)", truce.ArmedClash, 1.1, tViolent | tAttackVerb},
	{"(recaptured|retook|regained|retaken|liberated|recapture|retake|regain|re-captured|re-capture|re-took|re-taken|recapturing|retaking|regaining|liberating|liberation of|reclaimed|recovered|freed|took back|taken back|take back|taking back|won back|wrested back|drove _ _? _? _? out of|expelled _ _? _? _? from|pushed _ _? _? _? out of|cleared _ _? of)", truce.GovernmentRegainsTerritory, 3, tTerritory | tCapture},
	{"(captured|seized|capture|seize|capturing|seizing|overran|overrun|overrunning|overtook|overtaken|took control|taking control|take control|takes control|seize control|seizing control|gain control|gains control|gaining control|wrested control|wrest control|taken control|seized control|gained control|took the control|taken the control|assumed control|established control|took over|taken over|take over|taking over|takes over|gained ground|gaining ground|gains ground|fell to|fall of|advanced into|occupied|made territorial gains|making territorial gains)", truce.NonStateActorOvertakes, 2.8, tTerritory | tCapture},
	{"(entered|entering|enter|enters|moved into|rolled into|marched into|arrived in)", truce.NonViolentTransfer, 2.0, tTerritory | tEnter},
	// Non-violent transfer
	{"(handed over|hand over|handing over|hands over|handover|hand-over|handed control|hands control|handing control|handed authority|handed back|hands back|turned over|turn over|turning over|ceded|cede|cedes|ceding|transferred|transfer of|returned to|returned the _? _? _? to|return of|relinquished)", truce.NonViolentTransfer, 2.5, tTerritory},
	{"(encroached|encroaching|encroach|encroaches) (on|upon|into)", truce.NonViolentTransfer, 2.6, tTerritory | tViolent},
	{"(withdrew from|withdrawn from|withdraw from|withdraws from|withdrawing from|pulled out of|pull out of|left the|evacuated from|vacated)", truce.NonViolentTransfer, 1.5, tTerritory | tWithdraw},
	// Explosions/Remote violence
	{"(shell|shells|shelled|shelling|shellfire|artillery|mortar|mortars|howitzer|howitzers|rocket|rockets|missile|missiles|mlrs|smerch|tochka|iskander|bombardment|bombarded|bombarding|heavy weapons|tank fire|tanks|rocket launchers|cluster munitions|cluster bombs|ballistic|grad|grads|katyusha|anti-tank)", truce.ShellingArtilleryMissile, 3, tViolent},
	{"(primarily heavy weapons)", truce.ShellingArtilleryMissile, 3.5, tViolent},
	{"(atgm|atgms|anti-tank guided missile|anti-tank guided missiles|anti-tank missile|anti-tank missiles)", truce.ShellingArtilleryMissile, 3.1, tViolent}, // below "small arms": with them, a clash
	{"(airstrike|airstrikes|air strike|air strikes|air raid|air raids|airstrike|warplane|warplanes|fighter jets|jets|helicopter gunship|helicopter gunships|aerial bombardment|aerial bombardments|aerial attack|aerial attacks|bombing raid|air attack|air attacks|air force)", truce.AirDroneStrike, 3.4, tViolent},
	{"(drone strike|drone strikes|drone attack|drone attacks|combat drone|kamikaze drone|loitering munition|loitering munitions)", truce.AirDroneStrike, 3.6, tViolent},
	{"(drone|drones|uav|uavs|bayraktar)", truce.AirDroneStrike, 2.4, tViolent},
	{"(dropped|dropping|drops) _? _? (grenade|grenades|bomb|bombs|explosives|munitions) from", truce.AirDroneStrike, 3.8, tViolent},
	{"(bombed|bombing|bombings|bombs)", truce.AirDroneStrike, 1.4, tViolent},
	{"(chemical weapon|chemical weapons|chemical attack|chemical attacks|chlorine gas|chlorine munitions|chlorine bombs|chlorine attack|sarin|mustard gas|toxic gas|nerve agent|poison gas|poisonous gas|poisonous chemicals|toxic chemicals|chemical munitions)", truce.ChemicalWeapon, 4, 0},
	{"(suicide bomber|suicide bombers|suicide bombing|suicide bombings|suicide attack|suicide attacks|suicide car bomb|suicide car bombs|suicide vest|suicide vests|blew himself up|blew herself up|blew themselves up|svbied|self-detonated|suicide attacker|suicide attackers|killing themselves|killing himself)", truce.SuicideBomb, 4.2, tViolent},
	{"(ied|ieds|improvised explosive|roadside bomb|roadside bombs|landmine|landmines|land mine|land mines|mine exploded|mine explosion|stepped on a mine|car bomb|car bombs|vbied|explosive device|explosive devices|bomb exploded|bomb blast|unexploded ordnance|unexploded ordinance|booby trap|booby-trapped|sticky bomb|magnetic bomb|motorcycle bomb|explosive-laden|anti-personnel mine|anti-tank mine|mine blast)", truce.RemoteExplosive, 3.6, tViolent},
	{"(explosion|exploded|detonated|detonation|blast|explosive|explosives)", truce.RemoteExplosive, 1.9, tViolent},
	{"(blew up|blown up|blowing up|detonating|detonated|dynamited) _? _? _? (railway|railway track|rail track|track|tracks|bridge|tower|towers|pylon|pylons|pipeline|gas pipeline|oil pipeline|power line|power lines|transmission towers|transmission tower)", truce.RemoteExplosive, 3.0, 0},
	{"(uvied|uvieds|pbied|rcied|under-vehicle ied)", truce.RemoteExplosive, 3.6, 0},
	{"(explosions|blasts|projectiles|projectile|bursts of fire)", truce.ShellingArtilleryMissile, 2.0, tViolent},
	{"(grenade|grenades|hand grenade|hand grenades|threw a grenade|grenade attack)", truce.Grenade, 3.2, tViolent},
	{"(rpg|rpgs|rpg grenades|rocket-propelled grenade|rocket-propelled grenades|rocket propelled grenades)", truce.ShellingArtilleryMissile, 3.3, tViolent},
	{"(stun grenade|stun grenades|flash grenade|flash grenades|flash-bang|flashbang|sound grenades|tear gas bombs|tear gas bomb|teargas bombs|sound bombs|stun bombs|smoke bombs|tear gas canisters|tear gas shells)", truce.ProtestWithIntervention, 0, tWeak},
	// Violence against civilians
	{"(raped|rape|raping|rapes|sexual violence|sexual assault|sexually assaulted|sexually abused|gang-raped)", truce.SexualViolence, 4.2, 0},
	{"(abducted|abduct|abduction|abductions|kidnapped|kidnap|kidnapping|kidnappings|kidnappers|taken hostage|held hostage|forcibly disappeared|forced disappearance|took hostage)", truce.AbductionForcedDisappearance, 3.2, 0},
	{"(killed|kill|killing|killings|murdered|murder|shot dead|shot and killed|shot and injured|shot and wounded|was shot|were shot|been shot|shot to death|gunned down|hacked to death|chopped to death|beaten to death|stoned to death|burnt alive|burned alive|hacked|stabbed|beat|beaten|beating|executed|execution|assassinated|assassination|tortured|lynched|body was found|bodies were found|body of|bodies of|found dead|corpse|corpses|massacre|massacred|torture|under torture|died in custody|ill-treatment)", truce.Attack, 1.2, tKill},
	{"shot (him|her|them|him dead|her dead|them dead)", truce.Attack, 1.2, tKill},
	{"(wounded|injured|severely wounded|seriously wounded|seriously injured) (a|an|one|two|three|four|five)", truce.Attack, 1.2, tKill},
	{"(human remains|human head|human heads|dismembered body|dismembered bodies) (was|were|have been) (found|discovered|dumped|located)", truce.Attack, 2.4, 0},
	{"shot (a|an|one|two|three|four|five|the|several) _? (man|woman|person|people|men|women|boy|girl|civilian|civilians|farmer|driver|trader|resident|residents|villager|villagers|youth|youths|student|teacher|journalist|policeman|soldier|officer|guard|member|leader)", truce.Attack, 1.2, tKill},
	// Protests
	{"(did|held|staged|organized|organised|carried out) a (motorcade|cacerolazo|car rally)", truce.PeacefulProtest, 2.6, tProtest},
	{"(cacerolazo|pot-banging|banged pots|banging pots)", truce.PeacefulProtest, 2.6, tProtest},
	{"(gathered|assembled) _? _? _? _? (to demand|demanding|to protest|to denounce|to reject|to condemn)", truce.PeacefulProtest, 2.5, tProtest},
	{"gathered", truce.PeacefulProtest, 1.5, tProtest},
	{"(burning|burnt|burned|burn|burnt) _? _? (tires|tyres|tire|tyre)", truce.PeacefulProtest, 2.7, tProtest},
	{"(barricaded|barricading) _? _? (road|roads|street|streets|entrance|highway|the main entrance)", truce.PeacefulProtest, 2.7, tProtest},
	{"(cut off|closed) the (streets|roads|road|highway)", truce.PeacefulProtest, 2.4, tProtest},
	{"(to demonstrate|demonstrate against|demonstrating)", truce.PeacefulProtest, 2.3, tProtest},
	{"blocked (the|a) _? (road|highway|street|bridge|avenue|motorway|roads|streets|traffic)", truce.PeacefulProtest, 2.4, tProtest},
	{"(workers|employees|labourers|laborers|staff|teachers|nurses|doctors|residents|villagers|farmers|traders|vendors|students|drivers|relatives) _? _? _? _? _? _? (demanded|demanding|denouncing|denounced)", truce.PeacefulProtest, 2.3, tProtest},
	{"blocked _ _? _? (avenue|street|road|highway|bridge|boulevard)", truce.PeacefulProtest, 2.4, tProtest},
	{"(have taken to the streets|had taken to the streets|came out on the roads|came out on the streets|came out onto the streets|blocked the roads|blocked the entrance|blocked the main road|gheraoed|squatted on|staged a sit-in|staged a demonstration|staged a rally|protest procession|protest processions|brought out a procession|brought out processions|took out a procession|took out processions|torch procession|agitation|agitations|hunger strike|indefinite fast|fast unto death|relay hunger strike|staged a strike|launched a strike|called a strike|called for a strike|called for strike|observed a strike|observed strike|continued a strike|continued the strike|were striking|went on a strike|indefinite blockade|countrywide blockade|nationwide blockade|transport blockade|road blockade|blocked traffic|blocked trains|blocked the highway|blocked the national highway|blocked a highway|blocked the railway|blocked rail|sat on rail tracks|rail roko|gathered to protest|gathered to demand|gathered to express|dharna|dharnas|hartal|hartals|bandh|gherao|rasta roko|chakka jam|human chain|road blockade|general strike|indefinite strike|nationwide strike|token strike|continued their strike|continued its strike|strike continued|march|marches|walkout|staged a walkout|protest|protests|protested|protesting|protesters|protestors|demonstration|demonstrations|demonstrators|demonstrated|rally|rallies|rallied|marched|sit-in|picket|picketed|picketing|vigil|took to the streets|taking to the streets|take to the streets|went on strike|on strike|hunger strike|strikers|protest march|blocked the road|blocked the highway|blocked roads|gathered in front of|gathered outside)", truce.PeacefulProtest, 2.5, tProtest},
	// Riots
	{"(riot|riots|rioted|rioting|rioters|unrest)", truce.ViolentDemonstration, 2.6, tRiot},
	{"(threw|throwing|hurled|hurling|pelted|pelting) _? _? (stones|rocks|bricks|bottles|molotov|molotovs|acid|petrol bombs)", truce.MobViolence, 2.8, tRiot},
	{"(mob|lynch mob|lynched|brawl|brawled|scuffle|scuffled|scuffles|physical fight|fistfight|fist fight|melee|fight broke out)", truce.MobViolence, 2.7, tRiot},
	// Strategic developments
	{"(ceasefire|cease-fire|truce|agreement|deal|accord|peace deal|peace agreement|memorandum|armistice|peace treaty|treaty|protocol)", truce.AgreementEvent, 1.2, tAgreement},
	{"(cessation of hostilities|cessation of hostility)", truce.AgreementEvent, 1.2, tAgreement},
	{"(group|groups|militia|militias|militiamen|rebels|fighters|militants|combatants) _? (surrendered|surrender)", truce.AgreementEvent, 3.0, 0},
	{"(swap|exchange) of _? _? _? (prisoners|detainees|captives|bodies|prisoners of war|pows)", truce.AgreementEvent, 3.4, 0},
	{"(prisoner exchange|prisoner swap|exchanged prisoners|swapped prisoners|exchange of prisoners|exchange of bodies|exchanged bodies|peace talks|ceasefire talks|truce talks|peace negotiations|release of all|surrendered to|surrendered their weapons|laid down their arms|handed themselves over|evacuation deal)", truce.AgreementEvent, 3.4, 0},
	{"(arrested|arrest|arrests|arresting|detained|detain|detaining|detention|taken into custody|apprehended|rounded up|arrest campaign)", truce.Arrests, 3.0, tArrest},
	{"(established|establish|establishing|set up|sets up|setting up|built|erected|opened a|opened an|opened new|opened the|opened two|opened three|opened several|building|installed|created|creating|constructed|constructing) _? _? _? _? _? (base|bases|headquarters|outpost|outposts|observation post|observation posts|posts|military post|military posts|military base|command post|garrison|observation point|observation points|military point|military points)", truce.HeadquartersEstablished, 3.3, 0},
	{"(base|headquarters|outpost|observation post|observation point|military post|point) (was|were|has been|had been) (established|set up|built|erected)", truce.HeadquartersEstablished, 3.3, 0},
	{"(transform|transformed|transforming|turned|turning|converted|converting) _ _? _? _? _? into _? (barracks|base|bases|headquarters|outpost|outposts|military base|military bases|military post|military posts|garrison)", truce.HeadquartersEstablished, 3.4, 0},
	{"(seized|seize|confiscated|found|discovered|recovered|uncovered|seizure of|seizing) _? _? _? (weapons|arms|ammunition|ammunitions|explosives|rifles|pistols|firearms|guns|grenades|explosive devices|bombs|magazines|rounds|munitions|mines|landmines|ieds|detonators)", truce.DisruptedWeaponsUse, 3.9, tViolent},
	{"(explosive devices|explosive device|explosives|weapons|ammunition|bombs|bomb|ied|ieds|grenades|rifles|firearms) (were|was|have been|has been) (found|discovered|seized|defused|recovered|confiscated|intercepted)", truce.DisruptedWeaponsUse, 3.9, tViolent},
	{"(destroyed|destroying|dismantled|captured) _? _? _? (weapons|rockets|explosives|ammunition|ieds|improvised explosive devices|arms depot|weapons depot|pistols|rifles|bullets|hideout|hideouts|tunnel|tunnels)", truce.DisruptedWeaponsUse, 3.9, tViolent},
	{"(pistols|rifles|bullets|weapons|ammunition|arms|rockets|explosives) (were|was|have been|has been) (captured|seized|found|confiscated|destroyed)", truce.DisruptedWeaponsUse, 3.9, tViolent},
	{"(cache|caches|arms depot|weapons depot|bomb disposal|controlled explosion|bomb squad)", truce.DisruptedWeaponsUse, 3.0, tViolent},
	{"(exploded|detonated|went off|blew up) prematurely", truce.DisruptedWeaponsUse, 4.2, 0},
	{"(did not explode|failed to explode|didn't explode)", truce.DisruptedWeaponsUse, 4.2, 0},
	{"(they were planting|they were making|they were transporting|they were transferring|were planting|while planting|while making) _? _? (exploded|detonated|went off)", truce.DisruptedWeaponsUse, 4.2, 0},
	{"(detonated|defused|neutralized|neutralised) _? _? (bomb|bombs|device|devices|ied|ieds|explosives) planted", truce.DisruptedWeaponsUse, 4.2, 0},
	{"(defused|defuse|dismantled|demined|demining|de-mining|mine clearance|mine-clearing|mine clearing|cleared of mines|clearing mines|clear mines|cleared mines|cleared landmines|cleared the mines|removed mines|sappers|looking for mines|searching for mines|shot down|downed|intercepted|interception|intercept|neutralised|neutralized|weapons cache|arms cache|seized weapons|seized ammunition|confiscated weapons|destroyed _? _? drone|destroyed _? _? drones|destroyed _? _? uav|destroyed _? _? uavs|air defense|air defence)", truce.DisruptedWeaponsUse, 3.8, tViolent},
	{"(joint patrol|joint patrols|patrol|patrols|patrolled|patrolling|convoy|convoys|reinforcements|reinforced|deployed|deployment|redeployed|redeployment|withdrew|withdrawn|withdrawal of troops|pulled out|military exercises|drills|heightened security|security measures|security posture|curfew|sealed off|mobilization|mobilisation|recruited|recruitment|training camp|merged|defected|defection|disbanded|dissolved|movement of forces|martial law|state of emergency|were formed|was formed|formed a new|pull back|pulled back|pulling back|dispatched|sent reinforcements|fortify|fortified|fortifying|stationed|mobilized|mobilised|massing|amassed|buildup|build-up)", truce.ChangeToGroupActivity, 1.8, 0},
	{"(looted|looting|loot|plundered|pillaged|ransacked|set fire to|set on fire|set _ on fire|set _ _ on fire|set _ _ _ on fire|set _ ablaze|set _ _ ablaze|torched|burned down|burnt down|burned houses|burnt houses|burned homes|burned their houses|burned their homes|destroyed houses|destroyed homes|demolished|vandalized|vandalised|confiscated|seized property|stole|stolen|extorted|extortion|royalties|arson|set alight|torching|torch|been burned|been burnt|were burned|were burnt|destruction of|vandalism|arson attack|razed)", truce.LootingPropertyDestruction, 3.1, tLoot},
	{"(destroyed|demolished|razed|uprooted|bulldozed|cut down|chopped down|felled) _? _? _? (houses|homes|huts|shops|crops|trees|seedlings|saplings|vines|orchards|shelters|hideouts|airstrip|buildings|tractors|fences|plantations|fields)", truce.LootingPropertyDestruction, 2.6, tLoot},
	// Change to group/activity: fortifications, defections, bans, aid by armed groups, sieges
	{"(established|built|set up|erected|dug|reinforced) _? _? (fortifications|fortification|trenches|barricades|defensive positions)", truce.ChangeToGroupActivity, 3.2, 0},
	{"(joined|defected to) the _? (taliban|rebels|rebel|insurgency|insurgents|militants|militia|militias|ranks|islamic|al-shabaab|separatists|opposition)", truce.ChangeToGroupActivity, 2.4, tViolent},
	{"(defected to|switched sides|changed sides)", truce.ChangeToGroupActivity, 2.4, tViolent},
	{"(ban|bans|banned|banning|prohibited|prohibition) _? _? _? _? _? _? (marches|protests|demonstrations|rallies|sit-ins)", truce.ChangeToGroupActivity, 3.6, 0},
	{"(delivered|distributed|handed out) _? _? (food|food packages|aid|aid packages|boxes|supplies|groceries)", truce.ChangeToGroupActivity, 2.2, tViolent},
	{"(besieged|laid siege|imposed a siege|under siege|encircled)", truce.ChangeToGroupActivity, 2.0, 0},
	// Other: releases of prisoners, warning shots, remnants of past wars
	{"(released|release|releasing|freed|frees|releases|release of|prisoner release|prisoners release) _? _? _? (prisoners|detainees|inmates|captives)", truce.OtherDevelopment, 3.5, 0},
	{"(prisoners|detainees|inmates|captives) (were|was|have been|had been) (released|freed)", truce.OtherDevelopment, 3.5, 0},
	{"(were|was|been) (released|freed) from _? _? (prison|prisons|jail|jails|custody|captivity)", truce.OtherDevelopment, 3.5, 0},
	{"(released|freed) _? _? (soldiers|servicemen|policemen|members) (held|kept) as (prisoners|captives|hostages)", truce.OtherDevelopment, 3.5, 0},
	// Other: people displaced by fighting, migrants returning
	{"(families|villagers|residents|civilians|people|individuals|households|inhabitants) _? _? _? _? _? (fled|evacuated|were displaced|have been displaced|had been displaced|were evacuated)", truce.OtherDevelopment, 2.0, tViolent},
	{"(migrants|refugees|returnees|evacuees) _? _? _? _? _? (returned|arrived|were repatriated|were deported|were returned)", truce.OtherDevelopment, 2.6, 0},
	{"(forced|drove) _? _? _? _? _? _? _? (to flee|to evacuate|to leave their homes|out of their homes|from their homes)", truce.OtherDevelopment, 3.6, 0},
	{"(evacuated|displaced|fled) (following|after|due to|amid)", truce.OtherDevelopment, 3.6, 0},
	{"(warning shots|warning shot|shots in the air|shots into the air|fired in the air|fired into the air|firing in the air|firing into the air)", truce.OtherDevelopment, 3.7, 0},
	{"(prevented|preventing|prevent|prevents|stopped|stopping) _ _? _? _? _? _? from (entering|passing|crossing|reaching|advancing|moving)", truce.OtherDevelopment, 2.7, 0},
	{"(blocked|blocking) _ _? _? (patrol|convoy|column)", truce.OtherDevelopment, 2.7, 0},
}

// cues are the words and phrases of the sentence features.
var cues = []struct {
	pattern string
	c       cue
}{
	{"(weapon|weapons|gun|guns|rifle|rifles|mortar|mortars|artillery|shell|shells|shelling|rocket|rockets|missile|missiles|drone|drones|uav|tank|tanks|positions|position|frontline|front line|front|line of contact|contact line|troops|soldiers|soldier|forces|military|army|fighters|militants|rebels|gunmen|insurgents|checkpoint|base|ammunition|sniper|airstrike|airstrikes|warplanes|war|ied|mine|mines|landmine|bomb|bombs|explosive|explosives|grenade|grenades|militia|servicemen|ceasefire|cease-fire|truce|offensive|armed|gunfire|ambush|mm|heavy|caliber|calibre|bullet|bullets|fighter|commander|members|member|faction|factions|battalion|brigade|division|regiment|unit|units|jihadist|jihadists|separatists|police|security|bomber|bombers|bombing|bombings|suicide|terrorist|terrorists|attacker|attackers|explosion|explosions|blast|chemical|pistols|firearms|ammunitions|munitions)", cueArmed},
	{"(match|matches|striker|strikers|goalkeeper|midfielder|defender|defenders|goal|goals|league|championship|tournament|fans|referee|coach|season|cup|penalty|kick-off|kickoff|scored|score|scoring|visitors|hosts|half-time|halftime|second half|first half|equaliser|equalizer|winger|playoff|playoffs|squad|teammate|teammates|innings|wicket|touchdown|quarterback|olympic|olympics|derby|flares|stadium|football|soccer|cricket|basketball|rugby|tennis|champions|title|titles|trophy|medal|medals|tie-break|tiebreak|grand slam|sets|semi-final|semifinal|quarter-final|quarterfinal|final|grand prix|podium|world number one|hat-trick|chess|checkmate)", cueSport},
	{"(shares|share price|stocks|stock|prices|price|market|markets|index|investors|investor|trading|traders|bond|bonds|yields|currency|dollar|euro|earnings|revenue|profit|profits|nasdaq|dow|ftse|futures|brent|crude|oil prices|inflation|economy|economic|bank|banks|central bank|interest rates|sell-off|selloff|rally|rallied|plunged|slumped|surged|soared|tumbled|quarter|quarterly|percent|%|gdp|exports|imports|commodity|commodities|equities|wall street)", cueFinance},
	{"(civilian|civilians|suspect|suspects|fishermen|fisherman|off-duty|man|men|woman|women|child|children|boy|girl|boys|girls|resident|residents|driver|drivers|employee|employees|inmate|inmates|nurse|victim|victims|owner|trader|traders|merchant|businessman|pastor|sheikh|imam|priest|cleric|mukhtar|lawyer|judge|activist|nurse|villager|villagers|farmer|farmers|shepherd|journalist|journalists|his body|her body|body of|family|doctor|teacher|student|students|elderly|old man|old woman|hawker|worker|workers|people|person|persons|citizen|citizens|pedestrian|passers-by|worshippers|refugees|displaced|teenager|infant|baby|houses|house|home|homes|mosque|school|hospital|market)", cueCivilian},
	{"(dispersed|disperse|dispersing|intervened|intervene|broke up|break up|detained|arrested|arrests|tear gas|teargas|water cannon|water cannons|stopped the|blocked the protesters|removed the protesters|prevented the protesters|pushed back|cordoned off|forcibly removed|rubber bullets|stun grenades|pepper spray)", cueIntervene},
	{"(burning tires|burning tyres|burnt tires|burned tires|burned tyres|set tires|barricade|barricades|barricaded|barricading|tried to retaliate|violence erupted|escalating violence|turned violent|threw stones|threw rocks|hurled stones|throwing stones|stone-throwing|molotov|molotov cocktails|clashed with|brawl|brawled|scuffled|scuffle|scuffles|set fire|set on fire|burned|burnt|vandalized|vandalised|smashed|stormed|attacked police|attacked the police|turned over one of the cars|overturned|violent|tried to break|pelted|riot)", cueViolentDemo},
	{"(burning|burned|burnt) _? (tires|tyres|objects)", cueViolentDemo},
	{"(ceded|cede|handover|hand over|handed over|handed control|handed authority|handed back|evacuation deal|evacuation agreement|turned over|turn over|under the agreement|under the deal|under the truce|ceasefire|cease-fire|truce|peace deal|transfer|return of|returned)", cueTransfer},
	{"(fighting|fought|clashes|clashed|battle|battles|offensive|assault|attack|counteroffensive|counter-offensive|heavy fighting|killed|shelling|bombardment|bombardments|air strikes|airstrikes|gunfire)", cueFight},
	{"(withdrawal|withdrew|withdrawn|withdraw|withdraws|withdrawing|pulled out|pull out|pulling out|pullout|pull-out|vacated|deserted)", cueWithdrawal},
	{"(without resistance|without any resistance|without a fight|without fighting|without any fighting|without a shot|without firing|without a single shot|encountered any resistance|encountering any resistance|no resistance|unopposed|in the hands of|without clashes|without any clashes|without bloodshed|peacefully)", cueUnopposed},
	{"(signed|sign|signing|brokered|brokering|agreed|agree|reached|struck|concluded|announced|mediated|sealed|negotiated|declared|came into force|took effect|entered into force|violated|violation|violations|broke)", cueSign},
	{"(failed|failed to|denied|deny|denies|not|no|never|prevented|foiled|attempted|tried|false|fake|rejected)", cueNegated},
	{"(warplane|warplanes|aircraft|jet|jets|helicopter|helicopters|air force|airstrike|airstrikes|air strike|drone|drones|uav|uavs|plane|planes)", cueAircraft},
	{"(village|villages|town|towns|city|cities|region|regions|district|districts|province|territory|territories|area|areas|positions|position|hill|heights|height|settlement|settlements|neighborhood|neighbourhood|outskirts|countryside|oblast|governorate|rayon|border|airport|base|bases|checkpoint|checkpoints|crossing|highway|road|corridor|control|hills|hilltop|hilltops|stronghold|strongholds|camp|camps|outpost|outposts|castle|fort|bastion|port|locality|localities|check points|points)", cueTerritory},
	{"(killed|dead|died|death|deaths|wounded|injured|casualties|fatalities|body|bodies|killing|toll)", cueCasualty},
	{"(protest|protests|protested|protesters|protestors|demonstration|demonstrations|demonstrators|rally|rallies|march|marched|sit-in|picket|activists)", cueProtest},
	{"(gas plant|power plant|nuclear power plant|chemical plant|factory|refinery|pipeline|propane|transformer|boiler|furnace|gas leak|gas cylinder|gas cylinders|fireworks|coal mine|mine shaft|industrial|reactor|containers exploded|tank exploded|tanker exploded)", cueIndustrial},
}

// classifier holds the compiled triggers and cues.
type classifier struct {
	trig *matcher
	cue  *matcher
}

func newClassifier() (*classifier, error) {
	c := &classifier{trig: newMatcher(nil), cue: newMatcher(nil)}
	for i, t := range triggers {
		if err := c.trig.add(t.pattern, i); err != nil {
			return nil, err
		}
	}
	for i, q := range cues {
		if err := c.cue.add(q.pattern, i); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// cuesOf returns the sentence's features. Sport and market words count
// only when two or more different ones occur: one "market" or "fans" makes
// no match report.
func (c *classifier) cuesOf(toks []token, buf []hit) cue {
	var cs cue
	var sport, fin [2]string
	for _, h := range c.cue.find(toks, buf[:0]) {
		q := cues[h.id].c
		switch q {
		case cueCivilian:
			if toks[h.start].cap && h.start > 0 {
				continue // "Donbass People's Militia": a name, not people
			}
		case cueSport:
			if countDistinct(&sport, toks[h.start].text) < 2 {
				continue
			}
		case cueFinance:
			if countDistinct(&fin, toks[h.start].text) < 2 {
				continue
			}
		case cueFight:
			if withoutBefore(toks, h.start) {
				cs |= cueUnopposed // "without involving in any armed clashes"
				continue
			}
		case cueIntervene:
			if negatedBefore(toks, h.start) {
				continue // "police watched but did not intervene"
			}
			if violenceInCause(toks, h.start) {
				continue // "demanded that the MP, accused of corruption and arrested in 2018, be returned to prison"
			}
		case cueViolentDemo:
			if toks[h.start].text == "stormed" && forcesBefore(toks, h.start) {
				continue // "Israeli forces stormed the town": the forces' raid, not the protesters' violence
			}
			if violenceInCause(toks, h.start) {
				continue // "demanded to free those arrested after the clashes": the cause, not the protest's violence
			}
		case cueWithdrawal:
			if h.start >= 2 && toks[h.start-1].text == "to" && (toks[h.start-2].text == "forced" || toks[h.start-2].text == "compelled") {
				cs |= cueFight // "were forced to withdraw": pushed out by fighting
			}
		}
		cs |= q
	}
	for _, t := range toks {
		if t.digit && strings.HasSuffix(t.text, "mm") {
			cs |= cueArmed
		}
	}
	return cs
}

// countDistinct records w in seen and returns how many different words
// it has seen (at most 2).
func countDistinct(seen *[2]string, w string) int {
	switch {
	case seen[0] == "" || seen[0] == w:
		seen[0] = w
		if seen[1] != "" {
			return 2
		}
		return 1
	default:
		seen[1] = w
		return 2
	}
}

// candidate is the classification of a sentence.
type candidate struct {
	sub          truce.SubEventType
	weight       float64
	start, end   int // trigger tokens [start, end)
	flags        int
	all          []hit // every trigger hit
	cues         cue
	calibreShell bool
	civAttack    bool // civilians killed or hurt, and the arrest only spoken of
}

// classify picks the sentence's event type from its triggers, cues and
// actors; ok is false when the sentence reports no event.
func (c *classifier) classify(toks []token, cs cue, acts []actorHit, hasPlace bool, buf []hit) (candidate, bool) {
	hits := longest(c.trig.find(toks, buf[:0]))
	// calibres ("82mm", "122-mm") are artillery and mortars
	calibre := false
	for _, t := range toks {
		if t.digit && (strings.HasSuffix(t.text, "mm") || strings.HasSuffix(t.text, "-mm")) {
			calibre = true
		}
	}
	armedActor, civActor, protActor, rioterActor := false, false, false, false
	for _, a := range acts {
		switch k := a.entry.kind; {
		case k == truce.KindRioters:
			rioterActor = true
		case armed(k):
			armedActor = true
		case k == truce.KindCivilians:
			civActor = true
		case k == truce.KindProtesters:
			protActor = true
		}
	}
	nonConflict := cs&(cueSport|cueFinance) != 0 && !armedActor
	if nonConflict {
		cs &^= cueArmed // "shot", "attacked" and "fired" are a match's words here
	}
	best := candidate{cues: cs, all: hits}
	civAttack := false
	bestID := 0
	for _, h := range hits {
		t := &triggers[h.id]
		w := t.weight
		sub := t.sub
		if t.flags&tWeak != 0 {
			continue // "flash grenades": words that only keep shorter triggers from firing
		}
		if insideName(acts, h) {
			continue // "the regime's Air Force Intelligence" is no air strike
		}
		if sub == truce.OtherDevelopment && disasterDisplacement(toks, h) {
			continue // people evacuated from a flood
		}
		if sub == truce.OtherDevelopment && w == 3.6 && displacedWords[toks[h.start].text] && (!spanHas(toks[:h.end], displacedPeople) || !fledFighting(toks, h)) {
			continue // "the gunmen fled after clashes erupted": fighters, not people displaced
		}
		if sub == truce.OtherDevelopment && w == 3.6 && (toks[h.start].text == "forced" || toks[h.start].text == "drove") && harmed(toks) {
			continue // "a battle left one villager dead and forced 100 people to leave their homes": the battle is the event
		}
		if t.flags&tViolent != 0 && withoutBefore(toks, h.start) {
			continue // "took the towns without any armed clashes"
		}
		if t.flags&tViolent != 0 && (nonConflict || (cs&cueArmed == 0 && !armedActor && !calibre)) {
			switch {
			case nonConflict:
				continue
			case sub == truce.OtherDevelopment && fledFighting(toks, h):
				// "500 families evacuated following the eruption of hostilities"
				w = 3.6
			case sub == truce.ArmedClash && protActor && t.flags&tAttackVerb == 0:
				// "clashes broke out between pro-Ukrainian and pro-Russian activists"
				sub, w = truce.MobViolence, 2.0
			case sub == truce.ArmedClash && t.flags&tAttackVerb != 0 && !armedActor && mobAgent(toks, h.start) &&
				(cs&cueCivilian != 0 || harmed(toks) || spanHas(toks, mobWeaponWords)):
				// "a group of people attacked a media office"
				sub, w = truce.MobViolence, 2.0
			case spanHas(toks[h.start:h.end], warWords) || strikePhrase(toks[h.start:h.end]):
				// "three air raids were reported on Sirwah", "shelling hit the
				// town": words of war need no weapon or force beside them
			case sub == truce.ArmedClash && (w >= 3.3 || spanHas(toks[h.start:h.end], gunfightWords) && (h.start == 0 || toks[h.start-1].text != "penalty")):
				// "fighting erupted": a war needs no weapon named
			case sub == truce.ArmedClash && (civActor || rioterActor || mobAgent(toks, h.start) || spanHas(toks, mobWeaponWords)) && spanHas(toks[h.start:h.end], fightWords):
				// "two mobs clashed", "a clash between two farmer groups"
				sub, w = truce.MobViolence, 2.0
			default:
				continue
			}
		}
		if cs&cueIndustrial != 0 && !armedActor && sub == truce.RemoteExplosive && w < 2 {
			continue // "a tank at the gas plant exploded": an accident
		}
		if amidBefore(toks, h.start) {
			w -= 1.5 // "amid regime shelling on the area": background to the main event
		}
		if nonConflict && (t.flags&(tRiot|tLoot|tKill|tCapture|tEnter|tWithdraw|tTerritory) != 0 || sub == truce.ChangeToGroupActivity) {
			continue // "took control of the match", "left the stadium", "the visitors moved into the lead"
		}
		if sub == truce.DisruptedWeaponsUse {
			switch disruptedKind(toks, h, hits) {
			case disruptLab:
				sub, w = truce.LootingPropertyDestruction, 2.4 // "police dismantled a cocaine lab"
			case disruptNone:
				continue // "intercepted a car and shot the driver"
			case disruptBeside:
				w = 1.0 // "air strikes killed dozens and destroyed heavy weapons": the strike is the event
			}
		}
		if sub == truce.AbductionForcedDisappearance && (abductionBackground(toks, h) || victimKilled(toks)) {
			// "executed three men who confessed to be kidnappers", "was
			// kidnapped and killed": the killing, not the abduction, is the event
			w = 1.0
		}
		if anniversaryOf(toks, h) {
			continue // "marking the August 21 grenade attack anniversary": a past event remembered
		}
		if claimedBefore(toks, h.start) {
			continue // "claimed responsibility for the attack": a claim, reported after the event
		}
		if t.flags&tProtest == 0 && protestCause(toks, hits, h) {
			continue // "protested against the alleged rape of two women": the cause, not the event
		}
		if t.flags&tCapture != 0 && prizeObject(toks, h.end) {
			continue // "captured his sixth title", "seized the lead": a prize, not territory
		}
		if t.flags&tCapture != 0 && h.start > 0 && strings.HasSuffix(toks[h.start].text, "ing") && contestWords[toks[h.start-1].text] {
			continue // "clashed over taking control of a market": the cause of the clash
		}
		if t.flags&(tCapture|tEnter) != 0 && h.start > 0 && (toks[h.start-1].text == "to" && !achievedBefore(toks, h.start-1) || toks[h.start-1].text == "attempting") {
			continue // "foiled their move to enter", "tried to seize": not done
		}
		if t.flags&tCapture != 0 {
			switch goodsObject(toks, h.end) {
			case goodsLand:
				sub, w = truce.LootingPropertyDestruction, 2.8 // "seized Palestinian-owned land"
			case goodsOther:
				// "police seized 1 ton of marijuana", "militants seized a
				// vehicle": property taken, ACLED's looting/property destruction,
				// below the attack it may be part of
				sub, w = truce.LootingPropertyDestruction, 1.8
			case goodsWeapons:
				sub, w = truce.DisruptedWeaponsUse, 3.0 // "seized 8 hand-grenades, one AK-47"
			}
			if protActor && !armedActor || protestHit(hits) {
				continue // "demonstrators symbolically took over the ministry", "protesters who had occupied the residence"
			}
			if toks[h.end-1].text == "ground" && cs&cueArmed == 0 && !armedActor {
				continue // "firefighters gained ground against the blaze"
			}
			if buildingObject(toks, h.end) {
				continue // "occupied the parliament", "took control of the hospital": a building, not territory
			}
			if captureNeedsPlace(toks[h.start].text) && !territoryAfter(toks, h.end) {
				continue // "92 civilians were freed", "a sachet was recovered"
			}
			if toks[h.start].text == "occupied" && (h.start > 0 && adjectivePrev[toks[h.start-1].text] || participleBefore(toks, h.start)) {
				continue // "in the occupied territories": a state, not the act
			}
			if personSubject(toks, h.start) {
				sub, w = truce.ArmedClash, 2.0 // "3 militants were killed, injured or captured"
			} else if toks[h.end-1].text == "control" {
				w = 3.3 // "gained control over Al Hummah position": the change of hands outranks the shelling before it
			}
			if sub != truce.LootingPropertyDestruction && sub != truce.DisruptedWeaponsUse && sub != truce.ArmedClash &&
				territoryObject(toks, h.end) && !passiveBy(toks, h.end) {
				// "captured strategic hills after air and artillery strikes": ACLED
				// codes the change of hands, not the fighting that won it
				w = max(w, 3.45)
			}
		}
		if t.flags&tArrest != 0 && arrestBackground(toks, h) {
			continue // "had previously been detained", "an arrest warrant"
		}
		if t.flags&tTerritory != 0 && sub != truce.LootingPropertyDestruction && sub != truce.DisruptedWeaponsUse && !hasPlace && cs&cueTerritory == 0 && !properAfter(toks, h.end) &&
			toks[h.end-1].text != "ground" && toks[h.end-1].text != "gains" {
			continue
		}
		if t.flags&tAgreement != 0 {
			if cs&cueSign == 0 || endedBefore(toks, h.start) {
				continue // "after the group announced the end of its unilateral ceasefire": no agreement made
			}
			w = 2.6
			if violatedBefore(toks, h.start) {
				// "violated the ceasefire and wounded a soldier": the violation
				// is fighting, not an agreement
				if !armedActor && cs&cueArmed == 0 {
					continue
				}
				sub, w = truce.ArmedClash, 2.0
			}
		}
		if t.flags&tKill != 0 {
			switch {
			case cs&cueCivilian != 0 || civActor:
				w = 2.0
				civAttack = true
			case armedTarget(toks, h, acts) && toks[h.start].text != "killed" && toks[h.start].text != "killing",
				armedActor && cs&cueArmed != 0 && nArmed(acts) >= 2:
				// "gunmen assassinated a QSD member": fighting between armed men
				sub, w = truce.ArmedClash, 1.5
			case spanHas(toks[h.start:h.end], murderWords) && !armedVictim(toks, h.start, acts):
				w = 1.8 // "hacked to death", "was murdered": no accident, whoever did it
				civAttack = true
			case armedVictimAfter(toks, h.end):
				// "IS fighters shot dead a regime's lieutenant", "the PMF killed
				// 4 IS militants": armed men on both sides
				sub, w = truce.ArmedClash, 1.5
			case armedActor && unarmedObject(toks, h, acts):
				// "gunmen shot and killed a shopkeeper": armed men and an
				// unarmed victim
				w = 1.6
				civAttack = true
			case armedActor && killedByArmed(toks, h, acts):
				// "a village head was killed by the Naxals": armed men
				// killing someone who bears no arms
				w = 1.6
				civAttack = true
			default:
				continue
			}
		}
		if t.flags&tAttackVerb != 0 && (civActor || cs&cueCivilian != 0 || civilianPlace(toks, h.end)) && !armedTarget(toks, h, acts) {
			sub, w = truce.Attack, w+0.8
			civAttack = true
		}
		if t.flags&tCapture != 0 && sub == truce.NonStateActorOvertakes && toks[h.start].text == "occupied" && cs&(cueFight|cueCasualty) == 0 {
			// "the army has occupied a 3-sq km area inside the border": an
			// occupation with no fighting told is a non-violent transfer
			sub = truce.NonViolentTransfer
		}
		if t.flags&tCapture != 0 && sub == truce.ArmedClash {
			// decided above: people, not territory, were taken
		} else if t.flags&tCapture != 0 && personObject(toks, h.end) {
			// "captured 2 rebels": fighters taken, no territory
			sub, w = truce.ArmedClash, 2.0
		} else if t.flags&tCapture != 0 && unopposed(cs) {
			sub = truce.NonViolentTransfer // "took Palmyra after the army pulled out", "entered without a fight"
		}
		if t.flags&tLoot != 0 && h.start > 0 {
			switch toks[h.start-1].text {
			case "their", "the", "his", "her", "its", "for", "of", "a", "an":
				w = 1.0 // "their demolished houses": a state, not the act
			}
		}
		if t.flags&tWithdraw != 0 && toks[h.start].text == "evacuated" && cs&cueCivilian != 0 {
			continue // "civilians were evacuated from the neighbourhood": people moved, no territory
		}
		if t.flags&tWithdraw != 0 && cs&(cueTransfer|cueTransferDoc) == 0 && (cs&cueFight != 0 || cs&cueUnopposed == 0 && !takerBeside(toks, hits, h)) {
			// "forces have withdrawn from the port city", "withdrew from the
			// area after heavy gunfire": a move or a retreat, no handover
			sub, w = truce.ChangeToGroupActivity, 1.9
		}
		if t.flags&tEnter != 0 {
			switch {
			case cs&cueTransfer == 0 && cs&cueFight != 0 && (civAttack || cs&cueCivilian != 0) && !spanHas(toks, fightWords):
				continue // "gunmen entered the village and killed two people": the killing is the event
			case cs&cueTransfer != 0 || cs&(cueTransferDoc|cueUnopposed|cueWithdrawal) != 0 && cs&cueFight == 0:
				w = 2.6 // "entered the town after the army withdrew", "had not encountered any resistance"
			case cs&cueFight != 0 && toks[h.start].text != "arrived":
				sub = truce.NonStateActorOvertakes
			default:
				sub, w = truce.ChangeToGroupActivity, 1.7
			}
		}
		if t.flags&tProtest != 0 && (toks[h.start].text == "march" || toks[h.start].text == "marches") && (toks[h.start].cap && h.start > 0 || h.end < len(toks) && toks[h.end].digit || h.start > 0 && toks[h.start-1].digit) {
			continue // the month, not a march
		}
		if t.flags&tProtest != 0 && armedActor && !protActor && !civActor && toks[h.start].text == "blocked" {
			continue // "HTS members blocked the road": no protest
		}
		if t.flags&tProtest != 0 && nonConflict && toks[h.start].text == "staged" {
			continue // "fans staged a rally outside the stadium"
		}
		if sub == truce.OtherDevelopment && (protestHit(hits) || riotHit(hits) || spanHas(toks, crowdWords)) {
			continue // "protested to demand the release of prisoners", "warning shots to disperse the crowd"
		}
		if sub == truce.OtherDevelopment && h.end < len(toks) && (toks[h.end].text == "'s" || toks[h.end].text == "'") {
			continue // "released three prisoners' letters"
		}
		if t.flags&tProtest != 0 && nonConflict && h.end-h.start == 1 {
			switch toks[h.start].text {
			case "rally", "rallied", "rallies":
				continue // "shares rallied"
			case "strikers", "vigil", "protested", "protest":
				if !protestHeld(toks, h.start) {
					continue // "the strikers", "players protested the call"
				}
				// "market traders held a protest": a protest, market words or not
			}
		}
		if toks[h.start].text == "gathered" && h.end-h.start == 1 && !spanHas(toks, demandWords) {
			continue // people gathered, no demand: no protest
		}
		if sub == truce.ChangeToGroupActivity && (patrolWords[toks[h.start].text] || toks[h.start].text == "reinforcements") && violenceBeside(hits) {
			continue // "opened fire on a convoy", "were patrolling when gang members started shooting"
		}
		if sub == truce.ChangeToGroupActivity && h.start > 0 {
			switch toks[h.start-1].text {
			case "remain", "remains", "remained", "still", "already", "are", "is":
				continue // "peacekeepers remain deployed": a state, not a change
			}
		}
		w -= 0.005 * float64(h.start) // the main clause comes first
		if w > best.weight {
			best.sub, best.weight, best.start, best.end, best.flags = sub, w, h.start, h.end, t.flags
			bestID = h.id
		}
	}
	if calibre && best.weight < 3 && !nonConflict {
		best.sub, best.weight, best.flags = truce.ShellingArtilleryMissile, 3, tViolent
		best.calibreShell = true
	}
	if best.weight == 0 {
		return best, false
	}
	if civAttack && best.sub == truce.Arrests && !arrestVerb(toks, []hit{{id: bestID, start: best.start, end: best.end}}) {
		best.civAttack = true // decided in refine, after the protest rules
	}
	if civAttack && best.sub == truce.ArmedClash && !spanHas(toks[best.start:best.end], fightWords) && !spanHas(toks[best.start:best.end], exchangeWords) {
		// "exchanged fire across the LoC, killing a civilian" stays a clash
		// guns fired at civilians: an attack, whatever the gun
		best.sub = truce.Attack
	}
	if best.sub == truce.OtherDevelopment && triggers[bestID].weight == 3.5 && underDeal(toks) {
		best.sub = truce.AgreementEvent // "the release of 5,000 prisoners as part of the deal"
	}
	if (best.sub == truce.RemoteExplosive || best.sub == truce.ShellingArtilleryMissile) && spanHas(toks, remnantWords) {
		best.sub = truce.OtherDevelopment // "a landmine laid during the Iran-Iraq war", "accidentally stepped on a mine"
	}
	if best.sub == truce.ChangeToGroupActivity && withdrawWords[toks[best.start].text] && cs&cueFight == 0 &&
		(cs&cueUnopposed != 0 || takerBeside(toks, hits, hit{start: best.start, end: best.end})) {
		// "withdrew from the crossing, which allowed Daesh to seize it",
		// "leaving it in the hands of opposition fighters": a handover
		best.sub = truce.NonViolentTransfer
	}
	if best.sub == truce.NonViolentTransfer && (toks[best.start].text == "returned" || toks[best.start].text == "transferred") && (spanHas(toks[:best.start], migrantWords) || peopleBefore(toks, best.start) || spanHas(toks[best.start:best.end], captiveWords)) {
		// "300 Venezuelan refugees returned from Colombia", "12 Azerbaijanis
		// were returned to Baku": people, not land
		best.sub = truce.OtherDevelopment
		if underDeal(toks) {
			best.sub = truce.AgreementEvent
		}
	}
	if best.sub == truce.LootingPropertyDestruction && civAttack && harmed(toks) && !protActor && !protestHit(hits) {
		// "killed seventeen villagers and burned houses": the killing is the event
		best.sub = truce.Attack
	}
	if (best.sub == truce.Attack || best.sub == truce.ArmedClash) && best.flags&(tKill|tAttackVerb) != 0 && best.weight < 2.5 &&
		spanHas(toks, blastWords) && !spanHas(toks, gunfireWords) && !spanHas(toks, fightWords) {
		// "three civilians were killed when a bomb attached to a motorbike
		// exploded": the blast is how they were killed
		best.sub = truce.RemoteExplosive
	}
	if best.sub == truce.Grenade {
		switch {
		case cs&cueAircraft != 0:
			best.sub = truce.AirDroneStrike // "a drone with grenades attached"
		case spanHas(toks, gunfireWords) && civAttack:
			best.sub = truce.Attack // "targeted civilians with a grenade before opening fire on them"
		case spanHas(toks, gunfireWords):
			best.sub = truce.ArmedClash // "attacked a patrol using grenades and firearms"
		}
	}
	if best.sub == truce.ShellingArtilleryMissile && !best.calibreShell && hasClashWord(toks, hits) && (nArmed(acts) >= 2 || spanHas(toks, bothSidesWords)) {
		// "LNA and GNA forces clashed with heavy artillery fire": the
		// artillery is the clash's weapon
		best.sub = truce.ArmedClash
	}
	if best.sub == truce.SuicideBomb && toks[best.start].text == "killing" && spanHas(toks, grenadeWords) && !spanHas(toks, suicideWords) {
		best.sub = truce.Grenade // "set off a grenade ..., killing himself"
	}
	if best.sub == truce.SuicideBomb && (armedActor || cs&cueArmed != 0) && suicideInBattle(toks) {
		best.sub = truce.ArmedClash // a bomber stopped, or blowing himself up in a fight
	}
	if (!armedActor || best.sub != truce.LootingPropertyDestruction && !armedAgent(toks, acts, best.start, best.end) &&
		!spanHas(toks, crowdGunWords) && !spanHas(toks, gunfireWords)) && mobAgent(toks, best.start) {
		// "villagers assaulted police personnel": the police are the victims
		switch best.sub {
		case truce.Attack, truce.ArmedClash, truce.LootingPropertyDestruction:
			// violence by a crowd with no armed group in it
			if !spanHas(toks, settlerWords) {
				best.sub = truce.MobViolence
			}
		}
	}
	if best.sub == truce.ArmedClash && spanHas(toks[best.start:best.end], fightWords) && crowdAgainstForces(toks, acts, best) {
		// "locals pelted stones and clashed with police", "a clash between
		// two groups of the Shaikh community": unorganised people fighting
		best.sub = truce.MobViolence
	}
	if best.sub == truce.Arrests {
		switch {
		case spanHas(toks, demandWords):
			best.sub = truce.ProtestWithIntervention // "arrested when they were demanding fuel"
		case spanHas(toks, mobWeaponWords) || spanHas(toks, lynchWords):
			best.sub = truce.MobViolence // "arrested after they attacked police with sticks and stones"
		case spanHas(toks, gunfireWords) && attackBeside(hits):
			best.sub = truce.ArmedClash // "targeted a vehicle with gunshots, then arrested them"
		}
	}
	if best.sub == truce.Arrests && armedActor && killedInFight(toks) {
		// "killing 5 IS militants and arresting 8": the arrests are part of the fight
		best.sub = truce.ArmedClash
	}
	if best.sub == truce.Arrests && abuseBeside(toks, hits) {
		best.sub = truce.Attack // "beat three men and then detained them": ACLED codes the violence
	}
	best = refine(best, toks, cs, protActor, armedActor)
	return best, true
}

// abuseWords are violence done to people held or being taken.
var abuseWords = map[string]bool{"beat": true, "beaten": true, "beating": true, "tortured": true, "torture": true}

// abuseBeside reports a beating or torture told as an act beside an arrest,
// not as its reason ("arrested for beating", "suspected of torture").
func abuseBeside(toks []token, hits []hit) bool {
	for _, h := range hits {
		if triggers[h.id].flags&tKill == 0 || !abuseWords[toks[h.start].text] {
			continue
		}
		if h.start > 0 {
			switch toks[h.start-1].text {
			case "for", "of", "over", "after", "suspected", "accused", "alleged", "allegedly":
				continue
			}
		}
		return true
	}
	return false
}

// properAfter reports whether a proper noun follows the trigger ending at
// i ("entered Aghdam"): a place even when the gazetteer does not know it.
func properAfter(toks []token, i int) bool {
	if i < len(toks) && toks[i].text == "the" {
		i++
	}
	return i < len(toks) && toks[i].cap && !toks[i].punct
}

// fightWords name fighting itself, between armed parties, whoever it kills.
var fightWords = map[string]bool{
	"fighting": true, "clashes": true, "clash": true, "clashed": true, "battle": true, "battles": true,
	"fought": true, "hostilities": true, "combat": true, "skirmishes": true, "firefight": true, "gunfight": true,
	"shoot-out": true, "shootout": true, "shoot-outs": true, "shootouts": true, "gunbattle": true,
}

// riotWords are rioting itself, coded a violent demonstration.
var riotWords = map[string]bool{"riot": true, "riots": true, "rioted": true, "rioting": true, "rioters": true}

// hasClashWord reports a clash trigger: at a protest, a clash with the
// police makes a violent demonstration.
func hasClashWord(toks []token, hits []hit) bool {
	for _, h := range hits {
		if triggers[h.id].sub == truce.ArmedClash && spanHas(toks[h.start:h.end], fightWords) {
			return true
		}
	}
	return false
}

func spanHas(toks []token, words map[string]bool) bool {
	for _, t := range toks {
		if words[t.text] {
			return true
		}
	}
	return false
}

// personObject reports whether people follow a capture verb ending at i:
// "captured 2 rebels", "seized a soldier".
func personObject(toks []token, i int) bool {
	for k := i; k < len(toks) && k < i+5; k++ {
		switch toks[k].text {
		case "rebels", "rebel", "soldiers", "soldier", "fighters", "fighter", "members", "member", "operatives",
			"militants", "militant", "servicemen", "serviceman", "men", "man", "officers", "officer", "commander",
			"commanders", "prisoners", "people", "civilians", "gunmen", "troops", "personnel", "recruits", "suspects",
			"suspect", "thief", "thieves", "robber", "robbers", "woman", "women", "boy", "girl", "hostages":
			if siteAfter(toks, k+1) {
				return false // "captured rebel positions", "seized the militants' base"
			}
			return true
		case "in", "at", "near", "from", "of", "control", "town", "village", "city", "district", "region", "area", "positions":
			return false
		}
		if toks[k].punct {
			return false
		}
	}
	return false
}

// prizes are what a contest is won by; taken, they are no territory.
var prizes = map[string]bool{
	"title": true, "titles": true, "trophy": true, "cup": true, "crown": true, "medal": true, "lead": true,
	"set": true, "sets": true, "game": true, "games": true, "victory": true, "win": true,
	"championship": true, "pole": true, "initiative": true, "headlines": true, "majority": true,
}

// prizeObject reports whether the object of a capture verb ending at i is
// a prize ("seized the first set", "captured his sixth title"): the verb's
// next noun, within four words.
func prizeObject(toks []token, i int) bool {
	for k := i; k < len(toks) && k < i+5; k++ {
		t := toks[k]
		if prizes[t.text] {
			return true
		}
		if t.punct {
			return false
		}
		switch t.text {
		case "of", "in", "at", "near", "from", "on", "control":
			return false
		}
	}
	return false
}

// arrestVerb reports an arrest made, not one spoken of ("against the
// possible arrest of").
func arrestVerb(toks []token, hits []hit) bool {
	for _, h := range hits {
		if triggers[h.id].sub != truce.Arrests {
			continue
		}
		switch toks[h.start].text {
		case "arrested", "detained", "detaining", "arresting", "apprehended", "rounded":
			return true
		}
	}
	return false
}

// nArmed counts the armed actors named in a sentence.
func nArmed(acts []actorHit) int {
	n := 0
	for _, a := range acts {
		if armed(a.entry.kind) {
			n++
		}
	}
	return n
}

// insideName reports whether a trigger lies inside a longer actor name.
func insideName(acts []actorHit, h hit) bool {
	for _, a := range acts {
		if a.end-a.start > 1 && !a.entry.hasD && h.start >= a.start && h.end <= a.end {
			return true
		}
	}
	return false
}

// amidBefore reports whether the trigger at i follows "amid" in its clause.
func amidBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		switch toks[k].text {
		case "amid", "amidst":
			return true
		case ",", ".", ";":
			return false
		}
	}
	return false
}

// armedTarget reports whether the first actor after the trigger bears arms
// (an attack on positions is a clash, one on civilians an attack).
func armedTarget(toks []token, h hit, acts []actorHit) bool {
	for _, a := range acts {
		if a.start >= h.end {
			return armed(a.entry.kind)
		}
	}
	for i := h.end; i < len(toks) && i < h.end+6; i++ {
		switch toks[i].text {
		case "positions", "position", "troops", "soldiers", "checkpoint", "base", "post", "convoy", "patrol":
			return true
		}
	}
	return false
}

// refine applies ACLED's precedence rules between related sub-event types.
func refine(c candidate, toks []token, cs cue, protActor, armedActor bool) candidate {
	has := func(sub truce.SubEventType) bool {
		for _, h := range c.all {
			if triggers[h.id].sub == sub {
				return true
			}
		}
		return false
	}
	protest := has(truce.PeacefulProtest) || (protActor && cs&cueProtest != 0)
	switch c.sub {
	case truce.PeacefulProtest:
		mob := false
		for _, h := range c.all {
			if triggers[h.id].sub == truce.MobViolence && !violenceInCause(toks, h.start) {
				mob = true // not "against the detention of men accused of hurling stones"
			}
		}
		var clash []hit
		for _, h := range c.all {
			if !protestCause(toks, c.all, h) {
				clash = append(clash, h) // not "took place after days of armed clashes"
			}
		}
		violent := cs&cueViolentDemo != 0 || mob || hasClashWord(toks, clash) || violenceByProtesters(toks)
		force := forceOn(toks)
		switch {
		case !violent && force == forceSevere:
			// lethal force on a peaceful protest; violent protesters make
			// a violent demonstration whatever was done to them
			c.sub = truce.ExcessiveForceProtesters
		case violent:
			c.sub = truce.ViolentDemonstration
		case cs&cueIntervene != 0 || arrestAtProtest(toks, c.all) || force == forceAssault:
			// dispersed, arrested, or attacked with no one reported hurt
			c.sub = truce.ProtestWithIntervention
		}
	case truce.ArmedClash, truce.Attack:
		if c.flags&(tAttackVerb|tKill|tArrest) != 0 && spanHas(toks, protestNouns) && forceOnProtesters(toks) &&
			cs&cueViolentDemo == 0 && !hasClashWord(toks, c.all) && !violenceByProtesters(toks) {
			// "forces opened fire on the protesters": the shooting is the
			// force used on their protest
			c.sub = truce.ExcessiveForceProtesters
		}
	case truce.Arrests:
		switch {
		case protestAsReason(toks, c.all):
			// "arrested for participating in protests", "accused of having
			// taken part in a protest last weekend": an arrest, not at a protest
		case has(truce.PeacefulProtest) && arrestVerb(toks, c.all):
			c.sub = truce.ProtestWithIntervention // arrests at a protest
		case has(truce.PeacefulProtest):
			c.sub = truce.PeacefulProtest // "protested against the arrest of"
		case c.civAttack:
			c.sub = truce.Attack // "died under torture after three years of detention"
		}
	case truce.MobViolence:
		if protest || spanHas(toks, riotWords) {
			// "rioters hurled a Molotov cocktail at a bank": rioting is a
			// violent demonstration
			c.sub = truce.ViolentDemonstration
		}
	case truce.ViolentDemonstration:
		if protest && cs&cueViolentDemo == 0 && !hasClashWord(toks, c.all) && toks[c.start].text == "unrest" && forceOnProtesters(toks) {
			c.sub = truce.ExcessiveForceProtesters // "opened fire on protesters as unrest continued"
			break
		}
		// riots with no demonstration behind them are mob violence
		if !protest && (cs&cueProtest == 0) && !spanHas(toks[c.start:c.end], riotWords) {
			c.sub = truce.MobViolence
		}
	case truce.LootingPropertyDestruction:
		if protest {
			c.sub = truce.ViolentDemonstration
		}
	case truce.AirDroneStrike:
		// a bare "bombing" with no aircraft is a bomb attack
		if c.weight < 2 && cs&cueAircraft == 0 {
			c.sub = truce.RemoteExplosive
		}
	}
	return c
}
