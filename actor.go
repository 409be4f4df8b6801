package truce

// ActorKind is the type of a party, after ACLED's actor types (inter codes).
type ActorKind string

// Actor kinds. ACLED's inter codes: 1 state forces, 2 rebel groups,
// 3 political militias, 4 identity militias, 5 rioters, 6 protesters,
// 7 civilians, 8 external/other forces. Governments (ministries,
// presidents) are coded with their state's forces (1) by ACLED; truce keeps
// them apart so that "the Defense Ministry said" is not read as a troop
// movement.
const (
	KindStateForces      ActorKind = "state_forces"
	KindGovernment       ActorKind = "government"
	KindRebelGroup       ActorKind = "rebel_group"
	KindPoliticalMilitia ActorKind = "political_militia"
	KindIdentityMilitia  ActorKind = "identity_militia"
	KindRioters          ActorKind = "rioters"
	KindProtesters       ActorKind = "protesters"
	KindCivilians        ActorKind = "civilians"
	KindExternalForces   ActorKind = "external_forces" // peacekeepers, foreign and international forces
	KindOther            ActorKind = "other"
)

// ActorKinds lists every kind, in inter-code order.
var ActorKinds = []ActorKind{
	KindStateForces, KindGovernment, KindRebelGroup, KindPoliticalMilitia,
	KindIdentityMilitia, KindRioters, KindProtesters, KindCivilians,
	KindExternalForces, KindOther,
}

// Valid reports whether k is a known kind.
func (k ActorKind) Valid() bool {
	for _, v := range ActorKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Inter returns ACLED's interaction code for the kind (0 when none applies).
func (k ActorKind) Inter() int {
	switch k {
	case KindStateForces, KindGovernment:
		return 1
	case KindRebelGroup:
		return 2
	case KindPoliticalMilitia:
		return 3
	case KindIdentityMilitia:
		return 4
	case KindRioters:
		return 5
	case KindProtesters:
		return 6
	case KindCivilians:
		return 7
	case KindExternalForces, KindOther:
		return 8
	}
	return 0
}

// Actor is a party to events and agreements.
type Actor struct {
	ID      int64     `json:"id,omitempty"`
	Name    string    `json:"name"`              // canonical name, unique
	Country string    `json:"country,omitempty"` // ISO 3166-1 alpha-3
	Kind    ActorKind `json:"kind,omitempty"`
	Aliases []string  `json:"aliases,omitempty"`
}

// Ref returns the actor without its id and aliases, as events and outputs
// carry it.
func (a Actor) Ref() Actor { return Actor{Name: a.Name, Country: a.Country, Kind: a.Kind} }
