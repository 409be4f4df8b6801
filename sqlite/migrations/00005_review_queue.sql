-- +goose Up
-- The review queue (GET /api/review, truce review list: candidates by
-- confidence, highest first) reads this index in order and stops at the
-- page's end, instead of sorting every candidate on each request.
CREATE INDEX events_review_queue ON events(review, confidence DESC, date, id);

-- +goose Down
DROP INDEX events_review_queue;
