-- API tokens expire. A token made before expiry existed lives a year from its creation, the
-- default for new ones; the column's default (already expired) is never relied on, every INSERT
-- names its expiry.
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_at = created_at + 365 * 86400;

-- Counts of requests per action and subject (an IP, an address, an address seen from one IP) in
-- a fixed window: what refuses a flood of sign-ups, reset requests or wrong passwords, on every
-- server that shares the database. Failed logins are counted here now, per address and IP and per
-- IP, rather than per address alone (which let anyone lock an address out for everyone).
CREATE TABLE rate_limits (
    action       TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (action, subject)
);

CREATE INDEX rate_limits_by_window ON rate_limits (window_start);

DROP TABLE login_failures;

-- Old token uses are pruned by date.
CREATE INDEX token_uses_by_time ON token_uses (at);
