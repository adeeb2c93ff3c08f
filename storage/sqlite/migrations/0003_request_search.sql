-- Searching the request queue matched names through the cardholder index
-- and LIKEs on every pending row, which costs a table lookup per row. One
-- word index per request (cardholder name, reason, note, requester) makes a
-- search a single index lookup whose rowids are checked against the status
-- index alone. Contentless: the words live in their own tables already.
CREATE VIRTUAL TABLE requests_fts USING fts5 (
    words,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

INSERT INTO requests_fts (rowid, words)
SELECT r.id, c.first_name || ' ' || c.last_name || ' ' || r.reason || ' ' || r.note || ' ' || o.name
FROM card_requests r
JOIN cardholders c ON c.id = r.cardholder_id
JOIN operators o ON o.id = r.requested_by;

CREATE TRIGGER requests_fts_insert AFTER INSERT ON card_requests BEGIN
    INSERT INTO requests_fts (rowid, words)
    SELECT new.id, c.first_name || ' ' || c.last_name || ' ' || new.reason || ' ' || new.note || ' ' || o.name
    FROM cardholders c, operators o
    WHERE c.id = new.cardholder_id AND o.id = new.requested_by;
END;

CREATE TRIGGER requests_fts_update
AFTER UPDATE OF cardholder_id, reason, note, requested_by ON card_requests BEGIN
    DELETE FROM requests_fts WHERE rowid = old.id;
    INSERT INTO requests_fts (rowid, words)
    SELECT new.id, c.first_name || ' ' || c.last_name || ' ' || new.reason || ' ' || new.note || ' ' || o.name
    FROM cardholders c, operators o
    WHERE c.id = new.cardholder_id AND o.id = new.requested_by;
END;

CREATE TRIGGER requests_fts_delete AFTER DELETE ON card_requests BEGIN
    DELETE FROM requests_fts WHERE rowid = old.id;
END;

-- A renamed cardholder or operator is found under the new name.
CREATE TRIGGER requests_fts_cardholder_renamed
AFTER UPDATE OF first_name, last_name ON cardholders BEGIN
    DELETE FROM requests_fts WHERE rowid IN (SELECT id FROM card_requests WHERE cardholder_id = new.id);
    INSERT INTO requests_fts (rowid, words)
    SELECT r.id, new.first_name || ' ' || new.last_name || ' ' || r.reason || ' ' || r.note || ' ' || o.name
    FROM card_requests r JOIN operators o ON o.id = r.requested_by
    WHERE r.cardholder_id = new.id;
END;

CREATE TRIGGER requests_fts_operator_renamed
AFTER UPDATE OF name ON operators BEGIN
    DELETE FROM requests_fts WHERE rowid IN (SELECT id FROM card_requests WHERE requested_by = new.id);
    INSERT INTO requests_fts (rowid, words)
    SELECT r.id, c.first_name || ' ' || c.last_name || ' ' || r.reason || ' ' || r.note || ' ' || new.name
    FROM card_requests r JOIN cardholders c ON c.id = r.cardholder_id
    WHERE r.requested_by = new.id;
END;
