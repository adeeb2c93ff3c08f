-- Version 14 numbers SQLite's cardholder search index in list order. Here
-- the prefix tables of version 10 already keep cardholders in list order;
-- the file keeps both stores at the same schema version.
SELECT 1;
