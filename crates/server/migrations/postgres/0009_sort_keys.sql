-- People are listed by a key folded in Rust (case and accents: "Élodie, Émile, Zoé"), so that both
-- engines sort them alike whatever their collations: byte order ("C"), as SQLite compares text.
-- Rows written before this get theirs when the server opens the database; every later write keeps
-- it.
ALTER TABLE children ADD COLUMN sort_key TEXT COLLATE "C";
ALTER TABLE accounts ADD COLUMN sort_key TEXT COLLATE "C";
CREATE INDEX children_by_sort_key ON children (sort_key);
