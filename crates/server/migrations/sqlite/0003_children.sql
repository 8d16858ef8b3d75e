-- Sections, cycles, children and their parents, affiliations, link requests, staff sections and
-- the audit log. Dates are ISO text (YYYY-MM-DD); instants Unix seconds; amounts euro cents.

CREATE TABLE sections (
    id       INTEGER PRIMARY KEY,
    name     TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    -- Ages from min_age included to max_age excluded.
    min_age  INTEGER NOT NULL CHECK (min_age >= 0),
    max_age  INTEGER NOT NULL CHECK (max_age > min_age),
    gender   TEXT    CHECK (gender IN ('boy', 'girl')),
    position INTEGER NOT NULL
);

INSERT INTO sections (name, min_age, max_age, position) VALUES
    ('Poussins', 4, 6, 1),
    ('Benjamins', 6, 9, 2),
    ('Chevaliers', 9, 12, 3),
    ('Conquérants', 12, 15, 4),
    ('Aventuriers', 15, 18, 5);

-- A cycle exists once the Patro has opened it with its fees.
CREATE TABLE cycles (
    start_year       INTEGER PRIMARY KEY,
    normal_fee       INTEGER NOT NULL CHECK (normal_fee >= 0),
    solidarity_fee   INTEGER NOT NULL CHECK (solidarity_fee >= 0),
    sibling_discount INTEGER NOT NULL DEFAULT 0 CHECK (sibling_discount >= 0)
);

CREATE TABLE children (
    id                      INTEGER PRIMARY KEY,
    first_name              TEXT    NOT NULL,
    last_name               TEXT    NOT NULL,
    birth_date              TEXT    NOT NULL,
    gender                  TEXT    CHECK (gender IN ('boy', 'girl')),
    street                  TEXT,
    postal_code             INTEGER,
    locality                TEXT,
    image_rights            INTEGER NOT NULL DEFAULT 0,
    image_rights_set_at     INTEGER,
    image_rights_set_by     TEXT,
    primary_contact_name    TEXT,
    primary_contact_phone   TEXT,
    primary_contact_email   TEXT,
    secondary_contact_name  TEXT,
    secondary_contact_phone TEXT,
    secondary_contact_email TEXT,
    doctor_name             TEXT,
    doctor_phone            TEXT,
    created_at              INTEGER NOT NULL,
    -- Bumped by every change: a save made on an older version is refused.
    version                 INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX children_by_name ON children (last_name, first_name);

CREATE TABLE child_parents (
    child_id   INTEGER NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (child_id, account_id)
);

CREATE INDEX child_parents_by_account ON child_parents (account_id);

-- One affiliation per child and cycle.
CREATE TABLE affiliations (
    child_id       INTEGER NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    cycle          INTEGER NOT NULL REFERENCES cycles (start_year),
    section_id     INTEGER REFERENCES sections (id),
    solidarity     INTEGER NOT NULL DEFAULT 0,
    -- What it costs and what was paid for it.
    due_id         INTEGER NOT NULL UNIQUE REFERENCES dues (id),
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (child_id, cycle)
);

CREATE INDEX affiliations_by_cycle ON affiliations (cycle, section_id);

-- The sections an animateur leads.
CREATE TABLE staff_sections (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, section_id)
);

-- "Mon enfant n'apparaît pas".
CREATE TABLE link_requests (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    child_first_name TEXT    NOT NULL,
    child_last_name  TEXT    NOT NULL,
    birth_date       TEXT    NOT NULL,
    message          TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    child_id         INTEGER REFERENCES children (id) ON DELETE SET NULL,
    reason           TEXT,
    created_at       INTEGER NOT NULL
);

CREATE INDEX link_requests_by_status ON link_requests (status, created_at);

-- Every change of a child, a link or an affiliation: who, when, what, old and new values (JSON).
-- Appended only.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    actor_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    actor    TEXT    NOT NULL,
    child_id INTEGER REFERENCES children (id) ON DELETE SET NULL,
    action   TEXT    NOT NULL,
    changes  TEXT    NOT NULL
);

CREATE INDEX audit_log_by_child ON audit_log (child_id, at);
