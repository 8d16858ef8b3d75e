-- An address counts once its owner has proven it with a code sent to it. Accounts active before
-- this were let in by a person (approved by the Patro, created by the operator or by the
-- secretariat's own member file): they are taken as proven; pending ones must prove theirs.
ALTER TABLE accounts ADD COLUMN email_verified_at INTEGER;
UPDATE accounts SET email_verified_at = updated_at WHERE status = 'active';

-- At most one address being proven per account: its own at sign-up, or the new one it asks to
-- change to. Asking again replaces the code.
CREATE TABLE email_verifications (
    account_id       INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    email            TEXT    NOT NULL,
    email_normalized TEXT    NOT NULL,
    code_hash        TEXT    NOT NULL,
    expires_at       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0
);

-- The audit log also keeps the privileged acts on accounts: whom they were about, and from where.
ALTER TABLE audit_log ADD COLUMN account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE audit_log ADD COLUMN ip TEXT;
CREATE INDEX audit_log_by_time ON audit_log (at);
