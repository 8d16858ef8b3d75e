-- Camps and hikes, registrations, the medical sheet, its confirmations and who read
-- it; documents, news and the help page.

CREATE TABLE activities (
    id               INTEGER PRIMARY KEY,
    kind             TEXT    NOT NULL CHECK (kind IN ('camp', 'hike')),
    name             TEXT    NOT NULL,
    place            TEXT    NOT NULL,
    starts_on        TEXT    NOT NULL,
    ends_on          TEXT    NOT NULL,
    deadline         TEXT    NOT NULL,
    price            INTEGER NOT NULL CHECK (price >= 0),
    solidarity_price INTEGER CHECK (solidarity_price >= 0),
    -- No limit when NULL.
    capacity         INTEGER CHECK (capacity >= 0),
    needs_medical    INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    CHECK (starts_on <= ends_on AND deadline <= starts_on)
);

CREATE INDEX activities_by_start ON activities (starts_on);

CREATE TABLE activity_sections (
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    section_id  INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, section_id)
);

CREATE TABLE activity_leaders (
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, account_id)
);

-- One line per child and activity; a cancelled registration is kept, and reused if the child
-- registers again (at the end of the queue).
CREATE TABLE registrations (
    activity_id          INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    child_id             INTEGER NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    status               TEXT    NOT NULL CHECK (status IN ('registered', 'waitlisted', 'cancelled')),
    -- What this child pays (the solidarity price applied).
    fee                  INTEGER NOT NULL CHECK (fee >= 0),
    -- Owed only once the child holds a place: the due is created when the registration becomes
    -- 'registered' (at once, or when a place frees), and cancelled with it.
    due_id               INTEGER REFERENCES dues (id),
    medical_confirmed_on TEXT,
    -- The waiting list's order.
    queued_at            INTEGER NOT NULL,
    created_at           INTEGER NOT NULL,
    PRIMARY KEY (activity_id, child_id)
);

CREATE INDEX registrations_by_child ON registrations (child_id);
CREATE INDEX registrations_by_status ON registrations (activity_id, status, queued_at);

-- The fiche santé: one per child, updated in place (old versions are not kept).
CREATE TABLE medical_sheets (
    child_id            INTEGER PRIMARY KEY REFERENCES children (id) ON DELETE CASCADE,
    insurer             TEXT,
    blood_group         TEXT,
    allergies           TEXT,
    allergy_actions     TEXT,
    diet                TEXT,
    conditions          TEXT,
    medication          TEXT    NOT NULL DEFAULT '[]',
    tetanus_vaccination TEXT,
    can_swim            INTEGER,
    may_do_sports       INTEGER,
    paracetamol_allowed INTEGER,
    emergency_name      TEXT,
    emergency_phone     TEXT,
    remarks             TEXT,
    consent_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);

-- Every staff reading of a medical sheet, with the activity that justified it.
CREATE TABLE medical_readings (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    staff_id    INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    staff       TEXT    NOT NULL,
    child_id    INTEGER NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE
);

CREATE INDEX medical_readings_by_child ON medical_readings (child_id, at);

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    title        TEXT    NOT NULL,
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB    NOT NULL,
    audience     TEXT    NOT NULL CHECK (audience IN ('all', 'section', 'activity', 'child')),
    audience_id  INTEGER,
    published_at INTEGER NOT NULL,
    published_by TEXT    NOT NULL
);

CREATE TABLE news (
    id           INTEGER PRIMARY KEY,
    title        TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    section_id   INTEGER REFERENCES sections (id) ON DELETE SET NULL,
    published    INTEGER NOT NULL DEFAULT 1,
    published_at INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    author       TEXT    NOT NULL
);

CREATE TABLE news_reads (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    news_id    INTEGER NOT NULL REFERENCES news (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, news_id)
);

-- Pages staff can replace, such as "Utiliser Tempatro".
CREATE TABLE pages (
    name       TEXT    PRIMARY KEY,
    markdown   TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
