-- Version 14 numbers the cardholder search index in list order (last name
-- first) instead of by cardholder id, so a search reads its first page from
-- the first matches the index hands out, however many rows match. Before,
-- SQLite copied every match out of the index and sorted or walked them: 30 ms
-- when one letter matched all 100,000 cardholders. The key is
-- carddesk_list_key(last_name, first_name, id) (listkey.go): a bucket of
-- the name, in list order, above the id, which the search masks back out.
--
-- The index reads its content through a view, as its keys are not a column
-- of cardholders; FTS5 reads it only to rebuild or check itself.
DROP TRIGGER cardholders_fts_insert;
DROP TRIGGER cardholders_fts_delete;
DROP TRIGGER cardholders_fts_update;
DROP TABLE cardholders_fts;

CREATE VIEW cardholders_search AS
SELECT carddesk_list_key(last_name, first_name, id) AS list_key, id,
       first_name, last_name, email, department, external_id
FROM cardholders;

CREATE VIRTUAL TABLE cardholders_fts USING fts5 (
    first_name, last_name, email, department, external_id,
    content = 'cardholders_search',
    content_rowid = 'list_key',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

-- As in version 1: a bulk import indexes every row in one statement.
INSERT INTO cardholders_fts (cardholders_fts, rank) VALUES ('hashsize', 67108864);
-- In key order: FTS5 writes out what it holds each time a key comes in
-- below the one before.
INSERT INTO cardholders_fts (rowid, first_name, last_name, email, department, external_id)
SELECT list_key, first_name, last_name, email, department, external_id
FROM cardholders_search ORDER BY list_key;

CREATE TRIGGER cardholders_fts_insert AFTER INSERT ON cardholders BEGIN
    INSERT INTO cardholders_fts (rowid, first_name, last_name, email, department, external_id)
    VALUES (carddesk_list_key(new.last_name, new.first_name, new.id),
            new.first_name, new.last_name, new.email, new.department, new.external_id);
END;

CREATE TRIGGER cardholders_fts_delete AFTER DELETE ON cardholders BEGIN
    INSERT INTO cardholders_fts (cardholders_fts, rowid, first_name, last_name, email, department, external_id)
    VALUES ('delete', carddesk_list_key(old.last_name, old.first_name, old.id),
            old.first_name, old.last_name, old.email, old.department, old.external_id);
END;

-- Only the searched columns: saving a new photo must not rewrite the index.
-- A new name moves the row to its new key.
CREATE TRIGGER cardholders_fts_update
AFTER UPDATE OF first_name, last_name, email, department, external_id ON cardholders BEGIN
    INSERT INTO cardholders_fts (cardholders_fts, rowid, first_name, last_name, email, department, external_id)
    VALUES ('delete', carddesk_list_key(old.last_name, old.first_name, old.id),
            old.first_name, old.last_name, old.email, old.department, old.external_id);
    INSERT INTO cardholders_fts (rowid, first_name, last_name, email, department, external_id)
    VALUES (carddesk_list_key(new.last_name, new.first_name, new.id),
            new.first_name, new.last_name, new.email, new.department, new.external_id);
END;
