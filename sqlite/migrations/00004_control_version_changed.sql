-- +goose Up
-- control_version.changed counts the changes other than added entries
-- (entries changed or deleted, actors or territory names changed). While it
-- stays, every change since a reader's version n added entries with ids
-- above those it holds, which it may read alone.
ALTER TABLE control_version ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER control_version_update;
DROP TRIGGER control_version_delete;
DROP TRIGGER control_version_actor;
DROP TRIGGER control_version_territory;
-- +goose StatementBegin
CREATE TRIGGER control_version_update AFTER UPDATE ON control_entries
BEGIN UPDATE control_version SET n = n + 1, changed = changed + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER control_version_delete AFTER DELETE ON control_entries
BEGIN UPDATE control_version SET n = n + 1, changed = changed + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER control_version_actor AFTER UPDATE ON actors
BEGIN UPDATE control_version SET n = n + 1, changed = changed + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER control_version_territory AFTER UPDATE OF name ON territories
BEGIN UPDATE control_version SET n = n + 1, changed = changed + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER control_version_update;
DROP TRIGGER control_version_delete;
DROP TRIGGER control_version_actor;
DROP TRIGGER control_version_territory;
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
ALTER TABLE control_version DROP COLUMN changed;
