-- +goose Up
-- Dates (truce.Date) are integer day numbers, comparable as plain integers;
-- times are bigint Unix nanoseconds in UTC (NULL for "no time"), so that a
-- record moved from SQLite keeps every time to the nanosecond (timestamptz
-- keeps microseconds).
--
-- Spatial indexes use PostgreSQL's built-in geometric types and GiST (no
-- extension needed): events are indexed by point(lon, lat), territories by
-- their bounding box.

CREATE TABLE sources (
    id           bigserial PRIMARY KEY,
    url          text UNIQUE,            -- NULL when the source has none
    outlet       text NOT NULL DEFAULT '',
    title        text NOT NULL DEFAULT '',
    published    bigint,
    dateline     text NOT NULL DEFAULT '',
    language     text NOT NULL DEFAULT '',
    text         text NOT NULL DEFAULT '',
    content_hash text NOT NULL UNIQUE,
    simhash      bigint NOT NULL DEFAULT 0,
    duplicate_of bigint REFERENCES sources(id),
    fetched_at   bigint,
    created_at   bigint NOT NULL
);
CREATE INDEX sources_published ON sources(published);

CREATE TABLE actors (
    id      bigserial PRIMARY KEY,
    name    text NOT NULL UNIQUE,
    country text NOT NULL DEFAULT '',
    kind    text NOT NULL DEFAULT '',
    aliases text[] NOT NULL DEFAULT '{}'
);

-- actor_keys holds the folded name (rank 0) and aliases (rank 1) of actors.
CREATE TABLE actor_keys (
    key      text NOT NULL,
    actor_id bigint NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    rank     int NOT NULL,
    PRIMARY KEY (key, actor_id)
);
CREATE INDEX actor_keys_actor ON actor_keys(actor_id);

CREATE TABLE territories (
    id        bigserial PRIMARY KEY,
    name      text NOT NULL UNIQUE,
    kind      text NOT NULL,
    kind_rank int NOT NULL,              -- 0 most specific (locality) .. 5 country
    country   text NOT NULL DEFAULT '',
    code      text NOT NULL DEFAULT '',
    geonameid bigint NOT NULL DEFAULT 0,
    parent_id bigint REFERENCES territories(id),
    aliases   text[] NOT NULL DEFAULT '{}',
    geometry  text,                      -- GeoJSON Polygon or MultiPolygon, as given (compacted)
    min_lon   double precision, min_lat double precision, max_lon double precision, max_lat double precision
);
CREATE INDEX territories_country ON territories(country);
CREATE INDEX territories_bbox ON territories USING gist (box(point(min_lon, min_lat), point(max_lon, max_lat)))
    WHERE min_lon IS NOT NULL;

-- territory_keys holds folded names (rank 0), aliases (1) and codes (2).
CREATE TABLE territory_keys (
    key          text NOT NULL,
    territory_id bigint NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    rank         int NOT NULL,
    PRIMARY KEY (key, territory_id)
);
CREATE INDEX territory_keys_territory ON territory_keys(territory_id);

CREATE TABLE events (
    id               bigserial PRIMARY KEY,
    type             text NOT NULL,
    subtype          text NOT NULL,
    date             int NOT NULL,
    date_end         int NOT NULL DEFAULT 0,
    date_precision   int NOT NULL,
    loc_name         text NOT NULL DEFAULT '',
    lat              double precision NOT NULL,
    lon              double precision NOT NULL,
    country          text NOT NULL DEFAULT '',
    admin1           text NOT NULL DEFAULT '',
    admin2           text NOT NULL DEFAULT '',
    geonameid        bigint NOT NULL DEFAULT 0,
    geo_precision    int NOT NULL DEFAULT 0,
    actor1_id        bigint NOT NULL REFERENCES actors(id),
    actor2_id        bigint REFERENCES actors(id),
    fatalities_low   int, fatalities_high int,
    injured_low      int, injured_high int,
    status           text NOT NULL,
    review           text NOT NULL,
    confidence       double precision NOT NULL DEFAULT 0,
    ctl_territory_id bigint REFERENCES territories(id),
    ctl_territory    text,               -- the name as reported; NULL: no control change
    ctl_to_id        bigint REFERENCES actors(id),
    ctl_from_id      bigint REFERENCES actors(id),
    notes            text NOT NULL DEFAULT '',
    version          int NOT NULL DEFAULT 1,   -- optimistic concurrency
    created_at       bigint NOT NULL,
    updated_at       bigint NOT NULL
);
CREATE INDEX events_date ON events(date, id);
CREATE INDEX events_subtype ON events(subtype, date);
CREATE INDEX events_review ON events(review, date);
CREATE INDEX events_point ON events USING gist (point(lon, lat));
CREATE INDEX events_actor1 ON events(actor1_id);
CREATE INDEX events_actor2 ON events(actor2_id) WHERE actor2_id IS NOT NULL;
CREATE INDEX events_ctl_to ON events(ctl_to_id) WHERE ctl_to_id IS NOT NULL;
CREATE INDEX events_ctl_from ON events(ctl_from_id) WHERE ctl_from_id IS NOT NULL;
CREATE INDEX events_ctl_territory ON events(ctl_territory_id) WHERE ctl_territory_id IS NOT NULL;

CREATE TABLE evidence (
    id         bigserial PRIMARY KEY,
    event_id   bigint NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    source_id  bigint REFERENCES sources(id),
    text       text NOT NULL,
    start      int NOT NULL DEFAULT 0,
    "end"      int NOT NULL DEFAULT 0,
    claimed_by text NOT NULL DEFAULT '',
    stance     text NOT NULL DEFAULT ''
);
CREATE INDEX evidence_event ON evidence(event_id);
CREATE INDEX evidence_source ON evidence(source_id) WHERE source_id IS NOT NULL;

-- event_text holds each event's notes and evidence, folded (fold.Key), for
-- EventFilter.Text, with a GIN index over its 'simple' tsvector (folding
-- already removed case and diacritics; no stemming, as in SQLite).
CREATE TABLE event_text (
    event_id bigint PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    body     text NOT NULL
);
CREATE INDEX event_text_search ON event_text USING gin (to_tsvector('simple', body));

CREATE TABLE control_entries (
    id            bigserial PRIMARY KEY,
    territory_id  bigint NOT NULL REFERENCES territories(id),
    at            int NOT NULL,
    controller_id bigint NOT NULL REFERENCES actors(id),
    from_id       bigint REFERENCES actors(id),
    status        text NOT NULL,
    event_id      bigint REFERENCES events(id) ON DELETE CASCADE,
    from_event    boolean NOT NULL DEFAULT false, -- written by accepting event_id
    note          text NOT NULL DEFAULT '',
    created_by    text NOT NULL DEFAULT '',
    created_at    bigint NOT NULL
);
-- Covering index of the control snapshot: ControlEntries reads from it
-- with index-only scans and resolves names from small maps.
CREATE INDEX control_entries_territory_at ON control_entries(territory_id, at, id)
    INCLUDE (controller_id, from_id, status, event_id);
CREATE INDEX control_entries_event ON control_entries(event_id) WHERE event_id IS NOT NULL;

CREATE TABLE agreements (
    id         text PRIMARY KEY,
    title      text NOT NULL,
    signed     int NOT NULL DEFAULT 0,
    effective  int NOT NULL DEFAULT 0,
    parties    text[] NOT NULL DEFAULT '{}',
    broker     text NOT NULL DEFAULT '',
    source     text NOT NULL DEFAULT '',
    notes      text NOT NULL DEFAULT '',
    created_at bigint NOT NULL
);

CREATE TABLE obligations (
    agreement_id text NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    id           text NOT NULL,
    seq          int NOT NULL,
    party        text NOT NULL DEFAULT '',
    action       text NOT NULL,
    territory    text NOT NULL DEFAULT '',
    territory_id bigint REFERENCES territories(id),
    to_party     text NOT NULL DEFAULT '',
    due          int NOT NULL DEFAULT 0,
    description  text NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, id)
);

CREATE TABLE amendments (
    id            bigserial PRIMARY KEY,
    agreement_id  text NOT NULL,
    obligation_id text NOT NULL,
    new_due       int NOT NULL,
    agreed_on     int NOT NULL,
    source        text NOT NULL DEFAULT '',
    event_id      bigint REFERENCES events(id) ON DELETE SET NULL,
    evidence      text,                  -- JSON truce.Evidence
    review        text NOT NULL,
    note          text NOT NULL DEFAULT '',
    FOREIGN KEY (agreement_id, obligation_id) REFERENCES obligations(agreement_id, id) ON DELETE CASCADE
);
CREATE INDEX amendments_obligation ON amendments(agreement_id, obligation_id);

CREATE TABLE audit (
    id        bigserial PRIMARY KEY,
    at        bigint NOT NULL,
    "user"    text NOT NULL,
    action    text NOT NULL,
    entity    text NOT NULL,
    entity_id text NOT NULL,
    before    text,                      -- JSON, byte for byte as written
    after     text
);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_user ON audit("user");

-- The audit log is append-only.
-- +goose StatementBegin
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- +goose Down
DROP TABLE audit;
DROP FUNCTION audit_append_only();
DROP TABLE amendments;
DROP TABLE obligations;
DROP TABLE agreements;
DROP TABLE control_entries;
DROP TABLE event_text;
DROP TABLE evidence;
DROP TABLE events;
DROP TABLE territory_keys;
DROP TABLE territories;
DROP TABLE actor_keys;
DROP TABLE actors;
DROP TABLE sources;
