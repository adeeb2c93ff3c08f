-- Search as you type over a shared database. The first letters an operator
-- types match a large share of the rows ("e" starts the domain of every
-- e-mail address, "v" every "van"), and PostgreSQL counts and sorts matches
-- by visiting each one: 20 ms and more for 100,000 cardholders, where
-- SQLite's FTS5 answers from its index. So each cardholder and request also
-- keeps the first one, two and three letters of each of its words in a
-- B-tree ordered as its list is: a page of a short prefix is the first
-- entries of one index range, and its count a row of a counter table that
-- the triggers below keep in step. Longer words are selective enough for the
-- GIN indexes, with these tables picking the order to walk.
--
-- Each set of prefixes also holds '' (every row has it): the counters then
-- hold the totals per status too.

CREATE FUNCTION carddesk_prefixes(words tsvector) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT ''
    UNION
    SELECT left(w, n) FROM unnest(tsvector_to_array(words)) AS w, generate_series(1, 3) AS n
    WHERE length(w) >= n;
END;

-- Entries of a cardholder in list order (cardholders_name), with the status
-- along so a filtered page reads the index alone.
CREATE TABLE cardholder_prefixes (
    prefix        TEXT   COLLATE "C" NOT NULL,
    last          TEXT   COLLATE "C" NOT NULL,
    first         TEXT   COLLATE "C" NOT NULL,
    cardholder_id BIGINT NOT NULL,
    status        TEXT   NOT NULL
);
CREATE INDEX cardholder_prefixes_order ON cardholder_prefixes (prefix, last, first, cardholder_id) INCLUDE (status);

-- The requests' entries follow the queue's order within a status
-- (card_requests_status_created).
CREATE TABLE request_prefixes (
    prefix     TEXT   COLLATE "C" NOT NULL,
    status     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    request_id BIGINT NOT NULL
);
CREATE INDEX request_prefixes_order ON request_prefixes (prefix, status, created_at, request_id);
CREATE INDEX request_prefixes_request ON request_prefixes (request_id);

-- How many entries each prefix has per status, in each list.
CREATE TABLE search_prefix_counts (
    list   TEXT   NOT NULL, -- 'cardholders' or 'requests'
    prefix TEXT   COLLATE "C" NOT NULL,
    status TEXT   NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (list, prefix, status)
);

-- Counters are changed in key order, so two stations writing at once take
-- their row locks in the same order and cannot deadlock on them.
CREATE TYPE prefix_change AS (prefix TEXT, status TEXT, d BIGINT);
CREATE FUNCTION search_prefix_counts_add(which TEXT, changes prefix_change[]) RETURNS void
    LANGUAGE sql
BEGIN ATOMIC
    INSERT INTO search_prefix_counts AS t (list, prefix, status, n)
    SELECT which, c.prefix, c.status, sum(c.d) FROM unnest(changes) AS c
    GROUP BY c.prefix, c.status
    HAVING sum(c.d) <> 0
    ORDER BY c.prefix, c.status
    ON CONFLICT (list, prefix, status) DO UPDATE SET n = t.n + excluded.n;
END;

-- What the counters need to know of a cardholder, without its photo: a
-- transition table row carries every column, and an import of many
-- cardholders must not hold their photos twice.
CREATE TYPE cardholder_entry AS (id BIGINT, last TEXT, first TEXT, status TEXT, words TSVECTOR);

CREATE FUNCTION cardholder_prefixes_apply(gone cardholder_entry[], came cardholder_entry[]) RETURNS void
    LANGUAGE sql
BEGIN ATOMIC
    WITH removed AS (
        DELETE FROM cardholder_prefixes p
        USING unnest(gone) AS o, carddesk_prefixes(o.words) AS w
        WHERE p.prefix = w AND p.last = lower(o.last) AND p.first = lower(o.first) AND p.cardholder_id = o.id
        RETURNING p.prefix, p.status
    ), added AS (
        INSERT INTO cardholder_prefixes (prefix, last, first, cardholder_id, status)
        SELECT w, lower(c.last), lower(c.first), c.id, c.status
        FROM unnest(came) AS c, carddesk_prefixes(c.words) AS w
        RETURNING prefix, status
    )
    SELECT search_prefix_counts_add('cardholders', array_agg(ROW(prefix, status, d)::prefix_change))
    FROM (SELECT prefix, status, sum(d) AS d FROM (
        SELECT prefix, status, -1 AS d FROM removed
        UNION ALL
        SELECT prefix, status, 1 FROM added) AS x GROUP BY prefix, status) AS y;
END;

CREATE FUNCTION cardholder_prefixes_inserted() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM cardholder_prefixes_apply('{}', (SELECT array_agg(ROW(n.id, n.last_name, n.first_name, n.status, n.search_words)::cardholder_entry)
        FROM new_rows n));
    RETURN NULL;
END
$$;

CREATE FUNCTION cardholder_prefixes_updated() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    gone cardholder_entry[];
    came cardholder_entry[];
BEGIN
    SELECT array_agg(ROW(o.id, o.last_name, o.first_name, o.status, o.search_words)::cardholder_entry),
           array_agg(ROW(n.id, n.last_name, n.first_name, n.status, n.search_words)::cardholder_entry)
    INTO gone, came
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.search_words, lower(o.last_name), lower(o.first_name), o.status)
        IS DISTINCT FROM (n.search_words, lower(n.last_name), lower(n.first_name), n.status);
    IF gone IS NOT NULL THEN
        PERFORM cardholder_prefixes_apply(gone, came);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION cardholder_prefixes_deleted() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM cardholder_prefixes_apply((SELECT array_agg(ROW(o.id, o.last_name, o.first_name, o.status, o.search_words)::cardholder_entry)
        FROM old_rows o), '{}');
    RETURN NULL;
END
$$;

-- Statement triggers: an import of many cardholders changes the counters
-- once per statement, not once per row.
CREATE TRIGGER cardholder_prefixes_insert AFTER INSERT ON cardholders
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cardholder_prefixes_inserted();
CREATE TRIGGER cardholder_prefixes_update AFTER UPDATE ON cardholders
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cardholder_prefixes_updated();
CREATE TRIGGER cardholder_prefixes_delete AFTER DELETE ON cardholders
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cardholder_prefixes_deleted();

-- A request's words live in requests_fts (its triggers follow renames of the
-- cardholder and the requester); its status and time in card_requests. The
-- prefixes follow the words from requests_fts and the status from
-- card_requests. A deleted request takes its words along (ON DELETE CASCADE),
-- and its prefixes go with them.
CREATE FUNCTION request_prefixes_apply(gone BIGINT[], came BIGINT[]) RETURNS void
    LANGUAGE sql
BEGIN ATOMIC
    WITH removed AS (
        DELETE FROM request_prefixes p WHERE p.request_id = ANY (gone)
        RETURNING p.prefix, p.status
    ), added AS (
        INSERT INTO request_prefixes (prefix, status, created_at, request_id)
        SELECT w, r.status, r.created_at, r.id
        FROM requests_fts f JOIN card_requests r ON r.id = f.request_id, carddesk_prefixes(f.words) AS w
        WHERE f.request_id = ANY (came)
        RETURNING prefix, status
    )
    SELECT search_prefix_counts_add('requests', array_agg(ROW(prefix, status, d)::prefix_change))
    FROM (SELECT prefix, status, sum(d) AS d FROM (
        SELECT prefix, status, -1 AS d FROM removed
        UNION ALL
        SELECT prefix, status, 1 FROM added) AS x GROUP BY prefix, status) AS y;
END;

CREATE FUNCTION request_prefixes_inserted() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM request_prefixes_apply('{}', (SELECT array_agg(request_id) FROM new_rows));
    RETURN NULL;
END
$$;

CREATE FUNCTION request_prefixes_updated() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[];
BEGIN
    SELECT array_agg(n.request_id) INTO ids
    FROM old_rows o JOIN new_rows n ON n.request_id = o.request_id
    WHERE o.words IS DISTINCT FROM n.words;
    IF ids IS NOT NULL THEN
        PERFORM request_prefixes_apply(ids, ids);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION request_prefixes_deleted() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM request_prefixes_apply((SELECT array_agg(request_id) FROM old_rows), '{}');
    RETURN NULL;
END
$$;

CREATE TRIGGER request_prefixes_insert AFTER INSERT ON requests_fts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION request_prefixes_inserted();
CREATE TRIGGER request_prefixes_update AFTER UPDATE ON requests_fts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION request_prefixes_updated();
CREATE TRIGGER request_prefixes_delete AFTER DELETE ON requests_fts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION request_prefixes_deleted();

-- An answered request moves to its new status. Only entries still at the
-- old one move: when the same statement also changed the request's words,
-- requests_fts's trigger has already written them at the new status.
CREATE FUNCTION request_prefixes_move(ids BIGINT[], was TEXT[], now TEXT[]) RETURNS void
    LANGUAGE sql
BEGIN ATOMIC
    WITH moved AS (
        UPDATE request_prefixes p SET status = c.now
        FROM unnest(ids, was, now) AS c(id, was, now)
        WHERE p.request_id = c.id AND p.status = c.was
        RETURNING p.prefix, c.was, c.now
    )
    SELECT search_prefix_counts_add('requests', array_agg(ROW(prefix, status, d)::prefix_change))
    FROM (SELECT prefix, status, sum(d) AS d FROM (
        SELECT prefix, was AS status, -1 AS d FROM moved
        UNION ALL
        SELECT prefix, now, 1 FROM moved) AS x GROUP BY prefix, status) AS y;
END;

CREATE FUNCTION request_prefixes_status() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM request_prefixes_move(array_agg(n.id), array_agg(o.status), array_agg(n.status))
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE o.status IS DISTINCT FROM n.status;
    RETURN NULL;
END
$$;

CREATE TRIGGER request_prefixes_status AFTER UPDATE ON card_requests
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION request_prefixes_status();

-- The rows there are now.
SELECT cardholder_prefixes_apply('{}', (SELECT array_agg(ROW(c.id, c.last_name, c.first_name, c.status, c.search_words)::cardholder_entry)
    FROM cardholders c));
SELECT request_prefixes_apply('{}', (SELECT array_agg(request_id) FROM requests_fts));
