-- People are listed by a key folded in Rust (case and accents: "Élodie, Émile, Zoé"), so that both
-- engines sort them alike whatever their collations. Rows written before this get theirs when the
-- server opens the database; every later write keeps it.
ALTER TABLE children ADD COLUMN sort_key TEXT;
ALTER TABLE accounts ADD COLUMN sort_key TEXT;
CREATE INDEX children_by_sort_key ON children (sort_key);

-- Dues are listed with the registration they pay for (PostgreSQL has had it since 0005).
CREATE INDEX registrations_by_due ON registrations (due_id);
