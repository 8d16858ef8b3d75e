-- API tokens for scripts (cron jobs): a name, a scope, the hash of the secret. A token acts with
-- its creator's rights within its scope; each use is kept with the token's name.

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    scope        TEXT    NOT NULL CHECK (scope IN ('read', 'export', 'payments', 'import')),
    token_hash   TEXT    NOT NULL UNIQUE,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);

CREATE TABLE token_uses (
    id       INTEGER PRIMARY KEY,
    token_id INTEGER NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    method   TEXT    NOT NULL,
    path     TEXT    NOT NULL
);

CREATE INDEX token_uses_by_token ON token_uses (token_id, at);
