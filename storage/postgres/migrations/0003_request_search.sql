-- Searching the request queue: one word index entry per request (cardholder
-- name, reason, note, requester) makes a search a single index lookup. SQLite
-- keeps the words in a contentless FTS5 table; here requests_fts holds them as
-- a tsvector per request, searched with
--   words @@ carddesk_search_query($1)
-- through a GIN index. The triggers below keep it in step, as SQLite's do; a
-- deleted request takes its words along (ON DELETE CASCADE instead of
-- SQLite's requests_fts_delete trigger).
CREATE TABLE requests_fts (
    request_id BIGINT   PRIMARY KEY REFERENCES card_requests (id) ON DELETE CASCADE,
    words      TSVECTOR NOT NULL
);

CREATE INDEX requests_fts_words ON requests_fts USING gin (words);

INSERT INTO requests_fts (request_id, words)
SELECT r.id, carddesk_search_words(c.first_name || ' ' || c.last_name || ' ' || r.reason || ' ' || r.note || ' ' || o.name)
FROM card_requests r
JOIN cardholders c ON c.id = r.cardholder_id
JOIN operators o ON o.id = r.requested_by;

-- Writers do not wait for each other here as they do in SQLite, so row locks
-- order the words of a request against a rename that runs at the same time:
-- the words are computed, in a statement of their own, only once a trigger
-- holds the lock that a concurrent writer of the same words would need too
-- (the cardholder and requester FOR SHARE here; the requests_fts rows in the
-- rename triggers below, taken in request order so two renames cannot
-- deadlock). Under READ COMMITTED that statement then sees what the other
-- writer committed, so whichever comes second writes the full truth and no
-- request keeps a stale name.
CREATE FUNCTION requests_fts_put() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    holder    text;
    requester text;
BEGIN
    SELECT c.first_name || ' ' || c.last_name, o.name INTO holder, requester
    FROM cardholders c, operators o
    WHERE c.id = NEW.cardholder_id AND o.id = NEW.requested_by
    FOR SHARE OF c, o;
    IF FOUND THEN
        INSERT INTO requests_fts (request_id, words)
        VALUES (NEW.id, carddesk_search_words(holder || ' ' || NEW.reason || ' ' || NEW.note || ' ' || requester))
        ON CONFLICT (request_id) DO UPDATE SET words = excluded.words;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER requests_fts_insert AFTER INSERT ON card_requests
    FOR EACH ROW EXECUTE FUNCTION requests_fts_put();

-- UPDATE OF fires whenever the columns are SET, changed or not; the WHEN
-- spares the index the rewrite when they are not.
CREATE TRIGGER requests_fts_update AFTER UPDATE OF cardholder_id, reason, note, requested_by ON card_requests
    FOR EACH ROW
    WHEN (OLD.cardholder_id IS DISTINCT FROM NEW.cardholder_id OR OLD.reason IS DISTINCT FROM NEW.reason
        OR OLD.note IS DISTINCT FROM NEW.note OR OLD.requested_by IS DISTINCT FROM NEW.requested_by)
    EXECUTE FUNCTION requests_fts_put();

-- A renamed cardholder or operator is found under the new name.
CREATE FUNCTION requests_fts_cardholder_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM requests_fts f JOIN card_requests r ON r.id = f.request_id
    WHERE r.cardholder_id = NEW.id ORDER BY f.request_id FOR UPDATE OF f;
    INSERT INTO requests_fts (request_id, words)
    SELECT r.id, carddesk_search_words(NEW.first_name || ' ' || NEW.last_name || ' ' || r.reason || ' ' || r.note || ' ' || o.name)
    FROM card_requests r JOIN operators o ON o.id = r.requested_by
    WHERE r.cardholder_id = NEW.id
    ON CONFLICT (request_id) DO UPDATE SET words = excluded.words;
    RETURN NULL;
END
$$;

CREATE TRIGGER requests_fts_cardholder_renamed AFTER UPDATE OF first_name, last_name ON cardholders
    FOR EACH ROW
    WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name OR OLD.last_name IS DISTINCT FROM NEW.last_name)
    EXECUTE FUNCTION requests_fts_cardholder_renamed();

CREATE FUNCTION requests_fts_operator_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM requests_fts f JOIN card_requests r ON r.id = f.request_id
    WHERE r.requested_by = NEW.id ORDER BY f.request_id FOR UPDATE OF f;
    INSERT INTO requests_fts (request_id, words)
    SELECT r.id, carddesk_search_words(c.first_name || ' ' || c.last_name || ' ' || r.reason || ' ' || r.note || ' ' || NEW.name)
    FROM card_requests r JOIN cardholders c ON c.id = r.cardholder_id
    WHERE r.requested_by = NEW.id
    ON CONFLICT (request_id) DO UPDATE SET words = excluded.words;
    RETURN NULL;
END
$$;

CREATE TRIGGER requests_fts_operator_renamed AFTER UPDATE OF name ON operators
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION requests_fts_operator_renamed();
