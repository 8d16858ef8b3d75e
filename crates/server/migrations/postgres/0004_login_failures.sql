-- Failed logins per e-mail address (existing or not), so that guessing a password is slowed down
-- across every server that shares the database.
CREATE TABLE login_failures (
    email_normalized TEXT    PRIMARY KEY,
    window_start     BIGINT  NOT NULL,
    failures         BIGINT  NOT NULL
);
