-- Batch imports recognise a child by the secretariat's own identifier when the file has one,
-- otherwise by last name, first name and birth date folded to lower case without accents (the
-- folding is done by the server, which also fills `match_key` for children recorded before).

ALTER TABLE children ADD COLUMN external_id TEXT;
ALTER TABLE children ADD COLUMN match_key TEXT;

CREATE UNIQUE INDEX children_by_external_id ON children (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX children_by_match_key ON children (match_key);
