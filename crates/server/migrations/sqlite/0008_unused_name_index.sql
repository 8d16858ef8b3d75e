-- No query reads children by their exact name: lists sort names without case (NOCASE on SQLite,
-- lower() on PostgreSQL), which this index cannot serve, and imports find children by
-- `match_key`. It only made every write of a child slower.
DROP INDEX children_by_name;
