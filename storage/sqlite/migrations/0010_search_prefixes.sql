-- Version 10 gives PostgreSQL what SQLite's FTS5 tables already have: counts
-- and pages of a short prefix read from an index instead of from every
-- matching row. Nothing is missing here; the file keeps both stores at the
-- same schema version.
SELECT 1;
