-- Staff's second factor (TOTP, RFC 6238) and recovery codes, when an account became responsable
-- (the grace period to enrol counts from then), and when a session was last used (staff sessions
-- end after some hours without use).

CREATE TABLE second_factors (
    account_id   BIGINT  PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    -- Base32. The server must read it back to check codes, so it cannot be hashed.
    secret       TEXT    NOT NULL,
    -- NULL while the enrolment waits for its first code.
    enabled_at   BIGINT,
    -- The last time step whose code was accepted: a code is good once, even within its step.
    last_step    BIGINT
);

CREATE TABLE recovery_codes (
    account_id BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash  TEXT    NOT NULL,
    PRIMARY KEY (account_id, code_hash)
);

ALTER TABLE accounts ADD COLUMN responsable_since BIGINT;

-- Responsables already there get their grace period from the upgrade.
UPDATE accounts SET responsable_since = CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)
WHERE role = 'responsable';

ALTER TABLE sessions ADD COLUMN last_used_at BIGINT NOT NULL DEFAULT 0;

UPDATE sessions SET last_used_at = created_at;

-- Staff sessions opened before the upgrade end within the staff's lifetime (7 days by default).
UPDATE sessions SET expires_at = created_at + 7 * 86400
WHERE expires_at > created_at + 7 * 86400
  AND account_id IN (SELECT id FROM accounts WHERE role IN ('animateur', 'responsable'));
