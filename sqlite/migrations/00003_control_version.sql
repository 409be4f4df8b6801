-- +goose Up
-- control_version counts the changes to what ControlEntries returns: its
-- entries, and the actors they name (country and kind may change). A
-- reader that kept the entries of version n in memory may serve them again
-- while the count is still n, whichever process made the changes.
CREATE TABLE control_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO control_version(id, n) VALUES (1, 0);

-- +goose StatementBegin
CREATE TRIGGER control_version_insert AFTER INSERT ON control_entries
BEGIN UPDATE control_version SET n = n + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER control_version_update AFTER UPDATE ON control_entries
BEGIN UPDATE control_version SET n = n + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER control_version_delete AFTER DELETE ON control_entries
BEGIN UPDATE control_version SET n = n + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER control_version_actor AFTER UPDATE ON actors
BEGIN UPDATE control_version SET n = n + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER control_version_territory AFTER UPDATE OF name ON territories
BEGIN UPDATE control_version SET n = n + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER control_version_territory;
DROP TRIGGER control_version_actor;
DROP TRIGGER control_version_delete;
DROP TRIGGER control_version_update;
DROP TRIGGER control_version_insert;
DROP TABLE control_version;
