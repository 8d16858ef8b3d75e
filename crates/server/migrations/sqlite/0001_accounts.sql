-- Accounts of parents and staff, their sessions and password-reset codes.
-- Instants are Unix seconds (UTC); secrets are stored only as SHA-256 or argon2id hashes.

CREATE TABLE accounts (
    id               INTEGER PRIMARY KEY,
    email            TEXT    NOT NULL,
    -- Lower-cased e-mail: one account per address whatever its case.
    email_normalized TEXT    NOT NULL UNIQUE,
    first_name       TEXT    NOT NULL,
    last_name        TEXT    NOT NULL,
    -- E.164 (+32412345678), shown the Belgian way by the API.
    phone            TEXT,
    password_hash    TEXT    NOT NULL,
    role             TEXT    NOT NULL CHECK (role IN ('parent', 'animateur', 'responsable')),
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'active', 'rejected', 'disabled')),
    rejection_reason TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

CREATE INDEX accounts_by_status ON accounts (status, created_at);

CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE INDEX sessions_by_account ON sessions (account_id);

-- At most one live code per account: asking again replaces it.
CREATE TABLE password_resets (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash  TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0
);
