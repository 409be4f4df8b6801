-- +goose Up
-- Events in a box are found through event_rtree (00006) since; the (lat,
-- lon) index served nothing else, and every insert paid for it.
DROP INDEX events_latlon;

-- +goose Down
CREATE INDEX events_latlon ON events(lat, lon);
