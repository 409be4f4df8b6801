-- +goose Up
-- Users and API tokens of a served record. Tokens are kept as the hex
-- SHA-256 of their secret only; the secret is shown once, at creation.

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    created_at INTEGER NOT NULL,
    disabled   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    name       TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    hash       TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    last_use   INTEGER,
    revoked    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tokens_user ON tokens(user_id);

-- Users and tokens are never deleted (the audit log names them): they are
-- disabled or revoked instead.
-- +goose StatementBegin
CREATE TRIGGER users_no_delete BEFORE DELETE ON users
BEGIN SELECT RAISE(ABORT, 'users are disabled, not deleted'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER tokens_no_delete BEFORE DELETE ON tokens
BEGIN SELECT RAISE(ABORT, 'tokens are revoked, not deleted'); END;
-- +goose StatementEnd
-- A revoked token stays revoked.
-- +goose StatementBegin
CREATE TRIGGER tokens_no_unrevoke BEFORE UPDATE OF revoked ON tokens
WHEN OLD.revoked = 1 AND NEW.revoked = 0
BEGIN SELECT RAISE(ABORT, 'a revoked token cannot be restored'); END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE tokens;
DROP TABLE users;
