-- +goose Up
-- Control entries are read whole, in territory, day and id order, for the
-- whole map at once (snapshots, diffs). An index holding every column they
-- are read with lets that read walk one index in order, without a table
-- lookup per row. It replaces control_entries_territory_at, its prefix.
CREATE INDEX control_entries_covering ON control_entries(territory_id, at, id,
    controller_id, from_id, status, event_id, note, created_by, created_at);
DROP INDEX control_entries_territory_at;

-- +goose Down
CREATE INDEX control_entries_territory_at ON control_entries(territory_id, at, id);
DROP INDEX control_entries_covering;
