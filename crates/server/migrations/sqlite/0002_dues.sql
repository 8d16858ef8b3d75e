-- What families owe and what they paid: a due per affiliation, camp or hike, or other thing, each
-- with its own structured communication; payments recorded by hand or matched from the bank's
-- statements; bank lines kept whatever their fate; reminders sent.

CREATE TABLE dues (
    id               INTEGER PRIMARY KEY,
    kind             TEXT    NOT NULL CHECK (kind IN ('affiliation', 'activity', 'other')),
    child_id         INTEGER NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    -- "Affiliation 2026-2027", "Camp d'été 2027".
    label            TEXT    NOT NULL,
    amount           INTEGER NOT NULL CHECK (amount >= 0),
    -- The 12 digits of the structured communication; set in the transaction that creates the due.
    reference        TEXT    UNIQUE,
    cancelled_at     INTEGER,
    created_at       INTEGER NOT NULL,
    last_reminded_at INTEGER
);

CREATE INDEX dues_by_child ON dues (child_id);

-- A bank statement's credit or debit, identified the same way each time the statement is read.
CREATE TABLE bank_lines (
    id            TEXT    PRIMARY KEY,
    imported_at   INTEGER NOT NULL,
    booked_on     TEXT    NOT NULL,
    amount        INTEGER NOT NULL,
    counterparty  TEXT,
    reference     TEXT,
    communication TEXT,
    status        TEXT    NOT NULL CHECK (status IN ('matched', 'unmatched', 'debit')),
    due_id        INTEGER REFERENCES dues (id) ON DELETE SET NULL
);

CREATE INDEX bank_lines_by_status ON bank_lines (status, booked_on);

CREATE TABLE payments (
    id          INTEGER PRIMARY KEY,
    due_id      INTEGER NOT NULL REFERENCES dues (id) ON DELETE CASCADE,
    amount      INTEGER NOT NULL,
    paid_on     TEXT    NOT NULL,
    method      TEXT    NOT NULL CHECK (method IN ('transfer', 'cash', 'other')),
    bank_line   TEXT    UNIQUE REFERENCES bank_lines (id) ON DELETE SET NULL,
    recorded_at INTEGER NOT NULL,
    recorded_by TEXT    NOT NULL
);

CREATE INDEX payments_by_due ON payments (due_id);

-- What each due has received; a due is settled when cancelled or paid in full.
CREATE VIEW due_balances AS
SELECT d.id AS due_id,
       d.amount AS amount,
       COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.due_id = d.id), 0) AS paid,
       d.cancelled_at IS NOT NULL AS cancelled
FROM dues d;

CREATE TABLE reminders (
    id         INTEGER PRIMARY KEY,
    due_id     INTEGER NOT NULL REFERENCES dues (id) ON DELETE CASCADE,
    account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    sent_at    INTEGER NOT NULL
);
