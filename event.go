package truce

import "time"

// EventType is one of ACLED's six event types, spelled as ACLED's codebook
// spells it.
type EventType string

const (
	Battles                  EventType = "Battles"
	ExplosionsRemote         EventType = "Explosions/Remote violence"
	ViolenceAgainstCivilians EventType = "Violence against civilians"
	Protests                 EventType = "Protests"
	Riots                    EventType = "Riots"
	StrategicDevelopments    EventType = "Strategic developments"
)

// SubEventType is one of ACLED's 25 sub-event types, spelled as ACLED's
// codebook spells it.
type SubEventType string

const (
	ArmedClash                   SubEventType = "Armed clash"
	GovernmentRegainsTerritory   SubEventType = "Government regains territory"
	NonStateActorOvertakes       SubEventType = "Non-state actor overtakes territory"
	ChemicalWeapon               SubEventType = "Chemical weapon"
	AirDroneStrike               SubEventType = "Air/drone strike"
	SuicideBomb                  SubEventType = "Suicide bomb"
	ShellingArtilleryMissile     SubEventType = "Shelling/artillery/missile attack"
	RemoteExplosive              SubEventType = "Remote explosive/landmine/IED"
	Grenade                      SubEventType = "Grenade"
	SexualViolence               SubEventType = "Sexual violence"
	Attack                       SubEventType = "Attack"
	AbductionForcedDisappearance SubEventType = "Abduction/forced disappearance"
	PeacefulProtest              SubEventType = "Peaceful protest"
	ProtestWithIntervention      SubEventType = "Protest with intervention"
	ExcessiveForceProtesters     SubEventType = "Excessive force against protesters"
	ViolentDemonstration         SubEventType = "Violent demonstration"
	MobViolence                  SubEventType = "Mob violence"
	AgreementEvent               SubEventType = "Agreement"
	Arrests                      SubEventType = "Arrests"
	ChangeToGroupActivity        SubEventType = "Change to group/activity"
	DisruptedWeaponsUse          SubEventType = "Disrupted weapons use"
	HeadquartersEstablished      SubEventType = "Headquarters or base established"
	LootingPropertyDestruction   SubEventType = "Looting/property destruction"
	NonViolentTransfer           SubEventType = "Non-violent transfer of territory"
	OtherDevelopment             SubEventType = "Other"
)

// SubEventTypes lists the 25 sub-event types in codebook order.
var SubEventTypes = []SubEventType{
	ArmedClash, GovernmentRegainsTerritory, NonStateActorOvertakes,
	ChemicalWeapon, AirDroneStrike, SuicideBomb, ShellingArtilleryMissile, RemoteExplosive, Grenade,
	SexualViolence, Attack, AbductionForcedDisappearance,
	PeacefulProtest, ProtestWithIntervention, ExcessiveForceProtesters,
	ViolentDemonstration, MobViolence,
	AgreementEvent, Arrests, ChangeToGroupActivity, DisruptedWeaponsUse, HeadquartersEstablished,
	LootingPropertyDestruction, NonViolentTransfer, OtherDevelopment,
}

// Type returns the event type a sub-event type belongs to, or "" for an
// unknown sub-event type.
func (s SubEventType) Type() EventType {
	switch s {
	case ArmedClash, GovernmentRegainsTerritory, NonStateActorOvertakes:
		return Battles
	case ChemicalWeapon, AirDroneStrike, SuicideBomb, ShellingArtilleryMissile, RemoteExplosive, Grenade:
		return ExplosionsRemote
	case SexualViolence, Attack, AbductionForcedDisappearance:
		return ViolenceAgainstCivilians
	case PeacefulProtest, ProtestWithIntervention, ExcessiveForceProtesters:
		return Protests
	case ViolentDemonstration, MobViolence:
		return Riots
	case AgreementEvent, Arrests, ChangeToGroupActivity, DisruptedWeaponsUse, HeadquartersEstablished,
		LootingPropertyDestruction, NonViolentTransfer, OtherDevelopment:
		return StrategicDevelopments
	}
	return ""
}

// Valid reports whether s is one of the 25 sub-event types.
func (s SubEventType) Valid() bool { return s.Type() != "" }

// TransfersTerritory reports whether events of this sub-event type change
// who controls a territory.
func (s SubEventType) TransfersTerritory() bool {
	return s == NonViolentTransfer || s == GovernmentRegainsTerritory || s == NonStateActorOvertakes
}

// Status says whether an event happened according to its sources.
type Status string

const (
	StatusOccurred Status = "occurred"
	StatusPlanned  Status = "planned"  // announced, expected, due: not (yet) happened
	StatusDisputed Status = "disputed" // sources disagree whether it happened
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == StatusOccurred || s == StatusPlanned || s == StatusDisputed
}

// ReviewState is where an event stands in analysts' review.
type ReviewState string

const (
	ReviewCandidate ReviewState = "candidate"
	ReviewAccepted  ReviewState = "accepted"
	ReviewRejected  ReviewState = "rejected"
)

// Valid reports whether r is a known review state.
func (r ReviewState) Valid() bool {
	return r == ReviewCandidate || r == ReviewAccepted || r == ReviewRejected
}

// Range is a count reported as low and high figures (fatalities, injured).
// ACLED codes the lowest reported figure; Low is that figure.
type Range struct {
	Low  int `json:"low"`
	High int `json:"high"`
}

// ControlChange is the change of control an event reports: the territory
// passes from one actor to another.
type ControlChange struct {
	TerritoryID int64  `json:"territory_id,omitempty"`
	Territory   string `json:"territory"`
	To          Actor  `json:"to"`
	From        *Actor `json:"from,omitempty"`
}

// Stance is whether a piece of evidence asserts or denies the event.
type Stance string

const (
	Asserts Stance = "asserts"
	Denies  Stance = "denies"
)

// Evidence ties an event to the span of a source that reports it.
type Evidence struct {
	ID        int64  `json:"id,omitempty"`
	EventID   int64  `json:"event_id,omitempty"`
	SourceID  int64  `json:"source_id,omitempty"`
	URL       string `json:"url,omitempty"`    // filled on read from the source
	Outlet    string `json:"outlet,omitempty"` // filled on read from the source
	Text      string `json:"text"`             // the quoted span
	Start     int    `json:"start"`            // byte offset of the span in the source text
	End       int    `json:"end"`
	ClaimedBy string `json:"claimed_by,omitempty"` // "Azerbaijan's Defense Ministry"
	Stance    Stance `json:"stance,omitempty"`     // "" means asserts
}

// Event is a happening in the record: who did what to whom, where and when,
// with the evidence that reports it.
type Event struct {
	ID            int64          `json:"id,omitempty"`
	Type          EventType      `json:"type"`
	SubType       SubEventType   `json:"subtype"`
	Date          Date           `json:"date"`
	DateEnd       Date           `json:"date_end,omitempty"` // last day of an interval; zero for a single date
	DatePrecision Precision      `json:"date_precision"`
	Location      Location       `json:"location"`
	Actor1        Actor          `json:"actor1"`
	Actor2        *Actor         `json:"actor2"`
	Fatalities    *Range         `json:"fatalities"`
	Injured       *Range         `json:"injured"`
	Status        Status         `json:"status"`
	Review        ReviewState    `json:"review"`
	Confidence    float64        `json:"confidence"`
	Control       *ControlChange `json:"control"`
	Notes         string         `json:"notes,omitempty"`
	Evidence      []Evidence     `json:"evidence"`
	// Sources is the number of independent sources among the evidence
	// (near-duplicate wire copies count once); filled on read.
	Sources   int       `json:"sources,omitempty"`
	Version   int       `json:"version,omitempty"` // for optimistic concurrency; bumped on each update
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Validate checks the event's fields and fills Type from SubType when it is
// empty. It returns an EINVALID *Error naming the first problem.
func (e *Event) Validate() error {
	if !e.SubType.Valid() {
		return Errorf(EINVALID, "unknown sub-event type %q", e.SubType)
	}
	if e.Type == "" {
		e.Type = e.SubType.Type()
	}
	if e.Type != e.SubType.Type() {
		return Errorf(EINVALID, "sub-event type %q does not belong to event type %q", e.SubType, e.Type)
	}
	if e.Date.IsZero() {
		return Errorf(EINVALID, "event has no date")
	}
	if !e.DateEnd.IsZero() && e.DateEnd < e.Date {
		return Errorf(EINVALID, "event ends (%s) before it starts (%s)", e.DateEnd, e.Date)
	}
	if e.DatePrecision == 0 {
		e.DatePrecision = PrecisionDay
	}
	if !e.DatePrecision.Valid() {
		return Errorf(EINVALID, "bad date precision %d: want 1 (day), 2 (week) or 3 (month)", e.DatePrecision)
	}
	if !e.Location.ValidCoordinates() {
		return Errorf(EINVALID, "coordinates out of range: lat %v lon %v", e.Location.Lat, e.Location.Lon)
	}
	if e.Status == "" {
		e.Status = StatusOccurred
	}
	if !e.Status.Valid() {
		return Errorf(EINVALID, "unknown status %q", e.Status)
	}
	if e.Review == "" {
		e.Review = ReviewCandidate
	}
	if !e.Review.Valid() {
		return Errorf(EINVALID, "unknown review state %q", e.Review)
	}
	if e.Confidence < 0 || e.Confidence > 1 {
		return Errorf(EINVALID, "confidence %v out of [0,1]", e.Confidence)
	}
	for _, r := range []*Range{e.Fatalities, e.Injured} {
		if r != nil && (r.Low < 0 || r.High < r.Low) {
			return Errorf(EINVALID, "bad count range %d–%d", r.Low, r.High)
		}
	}
	if e.Control != nil && e.Control.Territory == "" && e.Control.TerritoryID == 0 {
		return Errorf(EINVALID, "control change names no territory")
	}
	if e.Control != nil && e.Control.To.Name == "" {
		return Errorf(EINVALID, "control change names no new controller")
	}
	return nil
}

// Span returns the first and last day the event may have happened on,
// from its date, interval end and precision.
func (e *Event) Span() (first, last Date) {
	first, last = e.DatePrecision.Span(e.Date)
	if !e.DateEnd.IsZero() && e.DateEnd > last {
		last = e.DateEnd
	}
	return first, last
}
