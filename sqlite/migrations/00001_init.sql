-- +goose Up
-- Dates (truce.Date) are INTEGER day numbers, comparable as plain integers;
-- times are INTEGER Unix nanoseconds in UTC, NULL for "no time".

CREATE TABLE sources (
    id           INTEGER PRIMARY KEY,
    url          TEXT UNIQUE,            -- NULL when the source has none
    outlet       TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL DEFAULT '',
    published    INTEGER,
    dateline     TEXT NOT NULL DEFAULT '',
    language     TEXT NOT NULL DEFAULT '',
    text         TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL UNIQUE,
    simhash      INTEGER NOT NULL DEFAULT 0,
    duplicate_of INTEGER REFERENCES sources(id),
    fetched_at   INTEGER,
    created_at   INTEGER NOT NULL
);
CREATE INDEX sources_published ON sources(published);

CREATE TABLE actors (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL DEFAULT '',
    kind    TEXT NOT NULL DEFAULT '',
    aliases TEXT NOT NULL DEFAULT '[]' -- JSON array
);

-- actor_keys holds the folded name (rank 0) and aliases (rank 1) of actors.
CREATE TABLE actor_keys (
    key      TEXT NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    rank     INTEGER NOT NULL,
    PRIMARY KEY (key, actor_id)
) WITHOUT ROWID;
CREATE INDEX actor_keys_actor ON actor_keys(actor_id);

CREATE TABLE territories (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,
    kind_rank INTEGER NOT NULL,          -- 0 most specific (locality) .. 5 country
    country   TEXT NOT NULL DEFAULT '',
    code      TEXT NOT NULL DEFAULT '',
    geonameid INTEGER NOT NULL DEFAULT 0,
    parent_id INTEGER REFERENCES territories(id),
    aliases   TEXT NOT NULL DEFAULT '[]',
    geometry  TEXT,                      -- GeoJSON Polygon or MultiPolygon
    min_lon   REAL, min_lat REAL, max_lon REAL, max_lat REAL
);
CREATE INDEX territories_country ON territories(country);

-- territory_keys holds folded names (rank 0), aliases (1) and codes (2).
CREATE TABLE territory_keys (
    key          TEXT NOT NULL,
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    rank         INTEGER NOT NULL,
    PRIMARY KEY (key, territory_id)
) WITHOUT ROWID;
CREATE INDEX territory_keys_territory ON territory_keys(territory_id);

CREATE VIRTUAL TABLE territory_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);

CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    type             TEXT NOT NULL,
    subtype          TEXT NOT NULL,
    date             INTEGER NOT NULL,
    date_end         INTEGER NOT NULL DEFAULT 0,
    date_precision   INTEGER NOT NULL,
    loc_name         TEXT NOT NULL DEFAULT '',
    lat              REAL NOT NULL,
    lon              REAL NOT NULL,
    country          TEXT NOT NULL DEFAULT '',
    admin1           TEXT NOT NULL DEFAULT '',
    admin2           TEXT NOT NULL DEFAULT '',
    geonameid        INTEGER NOT NULL DEFAULT 0,
    geo_precision    INTEGER NOT NULL DEFAULT 0,
    actor1_id        INTEGER NOT NULL REFERENCES actors(id),
    actor2_id        INTEGER REFERENCES actors(id),
    fatalities_low   INTEGER, fatalities_high INTEGER,
    injured_low      INTEGER, injured_high INTEGER,
    status           TEXT NOT NULL,
    review           TEXT NOT NULL,
    confidence       REAL NOT NULL DEFAULT 0,
    ctl_territory_id INTEGER REFERENCES territories(id),
    ctl_territory    TEXT,               -- the name as reported; NULL: no control change
    ctl_to_id        INTEGER REFERENCES actors(id),
    ctl_from_id      INTEGER REFERENCES actors(id),
    notes            TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX events_date ON events(date, id);
CREATE INDEX events_subtype ON events(subtype, date);
CREATE INDEX events_review ON events(review, date);
CREATE INDEX events_latlon ON events(lat, lon);
CREATE INDEX events_actor1 ON events(actor1_id);
CREATE INDEX events_actor2 ON events(actor2_id) WHERE actor2_id IS NOT NULL;

CREATE TABLE evidence (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    source_id  INTEGER REFERENCES sources(id),
    text       TEXT NOT NULL,
    start      INTEGER NOT NULL DEFAULT 0,
    "end"      INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT NOT NULL DEFAULT '',
    stance     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX evidence_event ON evidence(event_id);
CREATE INDEX evidence_source ON evidence(source_id) WHERE source_id IS NOT NULL;

-- event_text indexes each event's notes and evidence, folded (fold.Key), for
-- EventFilter.Text; its rowid is the event id.
CREATE VIRTUAL TABLE event_text USING fts5(body, content = '', contentless_delete = 1, detail = none,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE control_entries (
    id            INTEGER PRIMARY KEY,
    territory_id  INTEGER NOT NULL REFERENCES territories(id),
    at            INTEGER NOT NULL,
    controller_id INTEGER NOT NULL REFERENCES actors(id),
    from_id       INTEGER REFERENCES actors(id),
    status        TEXT NOT NULL,
    event_id      INTEGER REFERENCES events(id) ON DELETE CASCADE,
    from_event    INTEGER NOT NULL DEFAULT 0, -- 1: written by accepting event_id
    note          TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);
CREATE INDEX control_entries_territory_at ON control_entries(territory_id, at, id);
CREATE INDEX control_entries_event ON control_entries(event_id) WHERE event_id IS NOT NULL;

CREATE TABLE agreements (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    signed     INTEGER NOT NULL DEFAULT 0,
    effective  INTEGER NOT NULL DEFAULT 0,
    parties    TEXT NOT NULL DEFAULT '[]',
    broker     TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    notes      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE TABLE obligations (
    agreement_id TEXT NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    party        TEXT NOT NULL DEFAULT '',
    action       TEXT NOT NULL,
    territory    TEXT NOT NULL DEFAULT '',
    territory_id INTEGER REFERENCES territories(id),
    to_party     TEXT NOT NULL DEFAULT '',
    due          INTEGER NOT NULL DEFAULT 0,
    description  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, id)
);

CREATE TABLE amendments (
    id            INTEGER PRIMARY KEY,
    agreement_id  TEXT NOT NULL,
    obligation_id TEXT NOT NULL,
    new_due       INTEGER NOT NULL,
    agreed_on     INTEGER NOT NULL,
    source        TEXT NOT NULL DEFAULT '',
    event_id      INTEGER REFERENCES events(id) ON DELETE SET NULL,
    evidence      TEXT,                  -- JSON truce.Evidence
    review        TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (agreement_id, obligation_id) REFERENCES obligations(agreement_id, id) ON DELETE CASCADE
);
CREATE INDEX amendments_obligation ON amendments(agreement_id, obligation_id);

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    user      TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_entity ON audit(entity, entity_id);

-- The audit log is append-only.
-- +goose StatementBegin
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit;
DROP TABLE amendments;
DROP TABLE obligations;
DROP TABLE agreements;
DROP TABLE control_entries;
DROP TABLE event_text;
DROP TABLE evidence;
DROP TABLE events;
DROP TABLE territory_rtree;
DROP TABLE territory_keys;
DROP TABLE territories;
DROP TABLE actor_keys;
DROP TABLE actors;
DROP TABLE sources;
