-- +goose Up
-- UpdateEvent sets every column, so the R*Tree's update trigger (00006)
-- rewrote the event's entry on each edit; it now fires only when the point
-- or the day changed.
DROP TRIGGER event_rtree_update;
-- +goose StatementBegin
CREATE TRIGGER event_rtree_update AFTER UPDATE OF id, lat, lon, date ON events
WHEN OLD.id IS NOT NEW.id OR OLD.lat IS NOT NEW.lat OR OLD.lon IS NOT NEW.lon OR OLD.date IS NOT NEW.date
BEGIN
    DELETE FROM event_rtree WHERE id = OLD.id;
    INSERT INTO event_rtree(id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)
    VALUES (NEW.id, NEW.lon, NEW.lon, NEW.lat, NEW.lat, NEW.date / 16777216.0, NEW.date / 16777216.0);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER event_rtree_update;
-- +goose StatementBegin
CREATE TRIGGER event_rtree_update AFTER UPDATE OF id, lat, lon, date ON events
BEGIN
    DELETE FROM event_rtree WHERE id = OLD.id;
    INSERT INTO event_rtree(id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)
    VALUES (NEW.id, NEW.lon, NEW.lon, NEW.lat, NEW.lat, NEW.date / 16777216.0, NEW.date / 16777216.0);
END;
-- +goose StatementEnd
