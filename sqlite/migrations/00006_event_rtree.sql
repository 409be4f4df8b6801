-- +goose Up
-- event_rtree indexes each event's point and day for EventFilter.BBox (the
-- map's "events in a box"). The B-tree index on (lat, lon) bounds lat only,
-- so a box read a whole band of latitude around the world, and a box with a
-- date range was read through events_date, looking up every event of the
-- period in the table. The R*Tree finds the events in the box (and period)
-- directly, and gives their day so that a page in date order is sorted from
-- its small rows. Its coordinates are 32-bit floats rounded outwards: the
-- box search returns the few events just outside the box too, which the
-- queries drop by the exact lat and lon of events.
-- The day is stored as date / 2^24: exact (a whole number below 2^24
-- scaled by a power of two), and so small next to degrees that the tree
-- groups events by place, not by time (with days as they are, a box read
-- twenty times more nodes).
CREATE VIRTUAL TABLE event_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat, min_day, max_day);
INSERT INTO event_rtree(id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)
    SELECT id, lon, lon, lat, lat, date / 16777216.0, date / 16777216.0 FROM events;

-- +goose StatementBegin
CREATE TRIGGER event_rtree_insert AFTER INSERT ON events
BEGIN
    INSERT INTO event_rtree(id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)
    VALUES (NEW.id, NEW.lon, NEW.lon, NEW.lat, NEW.lat, NEW.date / 16777216.0, NEW.date / 16777216.0);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER event_rtree_update AFTER UPDATE OF id, lat, lon, date ON events
BEGIN
    DELETE FROM event_rtree WHERE id = OLD.id;
    INSERT INTO event_rtree(id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)
    VALUES (NEW.id, NEW.lon, NEW.lon, NEW.lat, NEW.lat, NEW.date / 16777216.0, NEW.date / 16777216.0);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER event_rtree_delete AFTER DELETE ON events
BEGIN
    DELETE FROM event_rtree WHERE id = OLD.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER event_rtree_delete;
DROP TRIGGER event_rtree_update;
DROP TRIGGER event_rtree_insert;
DROP TABLE event_rtree;
