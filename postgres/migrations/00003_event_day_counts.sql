-- +goose Up
-- The histogram (GET /api/histogram, EventCounts) counts events per day and
-- type, with their fatalities, by review state and period: this index
-- holds every column it reads, in the order it groups by (an index-only
-- scan instead of reading the table). Mirrors SQLite's 00007.
CREATE INDEX events_day_counts ON events(date, type, review, fatalities_low);

-- +goose Down
DROP INDEX events_day_counts;
