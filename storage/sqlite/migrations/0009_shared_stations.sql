-- Version 9 is for stations that share a PostgreSQL database: triggers that
-- notify the other stations of every change (live updates without polling),
-- and cardholder names and search words stored and indexed in the order
-- SQLite already has. A SQLite file has one station to itself, which polls
-- and sees its own changes at once, and its NOCASE columns and FTS5 tables
-- need nothing new; the file keeps both stores at the same schema version.
SELECT 1;
