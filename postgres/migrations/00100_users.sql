-- +goose Up
-- Users and API tokens of a served record, as in the SQLite store
-- (sqlite/migrations/00100_users.sql). Tokens are kept as the hex SHA-256
-- of their secret only; the secret is shown once, at creation.

CREATE TABLE users (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (name <> ''),
    role       text NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    created_at bigint NOT NULL,
    disabled   boolean NOT NULL DEFAULT false
);

CREATE TABLE tokens (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users(id),
    name       text NOT NULL DEFAULT '',
    role       text NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    hash       text NOT NULL UNIQUE CHECK (length(hash) = 64),
    created_at bigint NOT NULL,
    expires_at bigint,
    last_use   bigint,
    revoked    boolean NOT NULL DEFAULT false
);
CREATE INDEX tokens_user ON tokens(user_id);

-- Users and tokens are never deleted (the audit log names them): they are
-- disabled or revoked instead. A revoked token stays revoked.
-- +goose StatementBegin
CREATE FUNCTION users_tokens_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION '% are disabled or revoked, not deleted', TG_TABLE_NAME;
    END IF;
    IF TG_TABLE_NAME = 'tokens' AND OLD.revoked AND NOT NEW.revoked THEN
        RAISE EXCEPTION 'a revoked token cannot be restored';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER users_no_delete BEFORE DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION users_tokens_guard();
CREATE TRIGGER users_no_truncate BEFORE TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION users_tokens_guard();
CREATE TRIGGER tokens_guard BEFORE UPDATE OR DELETE ON tokens
    FOR EACH ROW EXECUTE FUNCTION users_tokens_guard();
CREATE TRIGGER tokens_no_truncate BEFORE TRUNCATE ON tokens
    FOR EACH STATEMENT EXECUTE FUNCTION users_tokens_guard();

-- +goose Down
DROP TABLE tokens;
DROP TABLE users;
DROP FUNCTION users_tokens_guard();
