-- Children and the parent accounts they are linked to. The dashboard counts these links; the
-- child sheet, sections and affiliations build on this table.

CREATE TABLE children (
    id          INTEGER PRIMARY KEY,
    first_name  TEXT    NOT NULL,
    last_name   TEXT    NOT NULL,
    birth_date  TEXT    NOT NULL,
    street      TEXT    NOT NULL,
    postal_code INTEGER NOT NULL,
    locality    TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE child_parents (
    child_id   INTEGER NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (child_id, account_id)
);

CREATE INDEX child_parents_by_account ON child_parents (account_id);
