package truce

import (
	"context"
	"time"
)

// Store keeps the record. The embedded SQLite store (sqlite/) and the
// PostgreSQL store (postgres/) implement it; storetest/ holds the one
// conformance suite both pass.
//
// Every method that changes the record writes an audit entry naming the
// user from the context (see WithUser) in the same transaction. Methods
// return *Error values with codes ENOTFOUND, EINVALID and ECONFLICT for the
// caller's mistakes; anything else is internal.
type Store interface {
	SourceStore
	ActorStore
	TerritoryStore
	EventStore
	ControlStore
	AgreementStore
	AuditStore
	// Close releases the store's resources.
	Close() error
}

// SourceStore keeps the reports truce has read.
type SourceStore interface {
	// PutSource stores s once: a source whose URL or content hash is
	// already stored is not stored again; s.ID is set to the stored
	// source's id either way and created says whether it was new.
	PutSource(ctx context.Context, s *Source) (created bool, err error)
	// Source returns the source with the given id.
	Source(ctx context.Context, id int64) (*Source, error)
	// Sources returns the sources matching the filter, newest first.
	Sources(ctx context.Context, f SourceFilter) ([]*Source, error)
}

// SourceFilter selects sources. Zero fields do not filter.
type SourceFilter struct {
	IDs         []int64
	URL         string
	ContentHash string
	Since       time.Time // published at or after
	Limit       int
	Offset      int
}

// ActorStore keeps the parties.
type ActorStore interface {
	// PutActor creates the actor, or updates the one with the same name,
	// and sets a.ID.
	PutActor(ctx context.Context, a *Actor) error
	// FindActor returns the actor whose name or alias matches name, ignoring
	// case and diacritics.
	FindActor(ctx context.Context, name string) (*Actor, error)
	// Actors returns every actor, by name.
	Actors(ctx context.Context) ([]*Actor, error)
}

// TerritoryStore keeps the areas whose control is tracked.
type TerritoryStore interface {
	// PutTerritory creates the territory, or updates the one with the same
	// name, and sets t.ID. The geometry, when set, must be a GeoJSON Polygon
	// or MultiPolygon.
	PutTerritory(ctx context.Context, t *Territory) error
	// Territory returns the territory with the given id.
	Territory(ctx context.Context, id int64) (*Territory, error)
	// FindTerritory returns the territory whose name, alias or code matches
	// name, ignoring case and diacritics ("Kəlbəcər" finds Kalbajar). When
	// several match, the most specific kind wins (locality over admin2 over
	// admin1 over country).
	FindTerritory(ctx context.Context, name string) (*Territory, error)
	// Territories returns the territories matching the filter, by name.
	Territories(ctx context.Context, f TerritoryFilter) ([]*Territory, error)
}

// TerritoryFilter selects territories. Zero fields do not filter.
type TerritoryFilter struct {
	IDs      []int64
	Kinds    []TerritoryKind
	Country  string
	BBox     *BBox // territories whose bounding box meets this box
	Geometry bool  // return geometries too (they can be large)
	Limit    int
	Offset   int
}

// EventStore keeps events and their evidence.
type EventStore interface {
	// CreateEvent validates and stores e with its evidence, creating the
	// actors it names, resolving its control change's territory by name,
	// and sets e.ID and e.Version.
	CreateEvent(ctx context.Context, e *Event) error
	// CreateEvents stores many events in one transaction (bulk import); it
	// fails whole when one event is invalid.
	CreateEvents(ctx context.Context, es []*Event) error
	// Event returns the event with the given id, with its evidence.
	Event(ctx context.Context, id int64) (*Event, error)
	// Events returns the events matching the filter and the number of
	// matches without Limit and Offset.
	Events(ctx context.Context, f EventFilter) ([]*Event, int, error)
	// UpdateEvent replaces the stored event's fields (not its evidence)
	// with e's. e.Version must equal the stored version, or the update
	// fails with ECONFLICT; on success e.Version is bumped.
	UpdateEvent(ctx context.Context, e *Event) error
	// ReviewEvent sets the event's review state. version must equal the
	// stored version (0 skips the check). Accepting an event that
	// transfers territory adds its control entry; rejecting it removes it.
	ReviewEvent(ctx context.Context, id int64, state ReviewState, note string, version int) (*Event, error)
	// AddEvidence adds a piece of evidence to an event.
	AddEvidence(ctx context.Context, eventID int64, ev *Evidence) error
}

// EventFilter selects events. Zero fields do not filter.
type EventFilter struct {
	IDs      []int64
	From, To Date // events whose date lies in [From, To]
	BBox     *BBox
	SubTypes []SubEventType
	Types    []EventType
	Actor    string // name of actor1 or actor2
	Country  string // location country, ISO 3166-1 alpha-3
	Review   []ReviewState
	Status   []Status
	Text     string // full-text search over notes and evidence
	SourceID int64
	// Order is "date" (default, oldest first), "-date", or "-confidence".
	Order  string
	Limit  int
	Offset int
	// NoEvidence leaves the events' Evidence empty and Sources zero: for
	// readers that only draw or count events (maps, histograms), which
	// would otherwise read every event's evidence.
	NoEvidence bool
}

// ControlStore keeps control of territory over time.
type ControlStore interface {
	// AddControlEntry stores a manual change of control (an analyst's
	// entry, or the baseline a case starts from) and sets c.ID.
	AddControlEntry(ctx context.Context, c *ControlEntry) error
	// ControlEntries returns the changes of control matching the filter:
	// manual entries and those of accepted events that transfer territory,
	// ordered by territory, then day, then id.
	ControlEntries(ctx context.Context, f ControlFilter) ([]ControlEntry, error)
}

// ControlFilter selects control entries. Zero fields do not filter.
type ControlFilter struct {
	TerritoryIDs []int64
	Until        Date // entries on or before this day
}

// AgreementStore keeps agreements, their obligations and amendments.
type AgreementStore interface {
	// PutAgreement stores a, replacing the agreement with the same ID and
	// its obligations (amendments stored with AddAmendment are kept when
	// their obligation still exists). Obligations' territories are resolved
	// by name.
	PutAgreement(ctx context.Context, a *Agreement) error
	// Agreement returns the agreement with the given id, with obligations
	// and their amendments.
	Agreement(ctx context.Context, id string) (*Agreement, error)
	// Agreements returns every agreement, by signing date.
	Agreements(ctx context.Context) ([]*Agreement, error)
	// AddAmendment stores an amendment to an obligation and sets a.ID.
	AddAmendment(ctx context.Context, a *Amendment) error
	// ReviewAmendment accepts or rejects a candidate amendment.
	ReviewAmendment(ctx context.Context, id int64, state ReviewState) error
}

// AuditStore reads the audit log.
type AuditStore interface {
	// Audit returns the audit entries matching the filter, oldest first.
	Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}

// AuditFilter selects audit entries. Zero fields do not filter.
type AuditFilter struct {
	Entity   string
	EntityID string
	User     string
	Since    time.Time
	Limit    int
}
