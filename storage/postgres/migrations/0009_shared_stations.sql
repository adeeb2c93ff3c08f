-- Live updates between stations: every change to what a station shows
-- notifies the channel carddesk_changes with the changed table as
-- "schema.table", and each signed-in station LISTENs there (live.go) and
-- reads again what it shows, instead of polling the database.
--
-- Row triggers, not statement triggers: a statement trigger fires for an
-- UPDATE that changed no row too (every expiry check, every production
-- sync round), which would wake every station for nothing. PostgreSQL
-- delivers a payload only once per transaction, so a statement that
-- changes many rows still sends one notification per table, at commit;
-- a rolled-back transaction sends none. The schema is in the payload so
-- that two CardDesk schemas in one database do not wake each other.
-- SQLite has no counterpart: one station has its file to itself.
CREATE FUNCTION carddesk_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('carddesk_changes', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER card_requests_notify_change AFTER INSERT OR UPDATE OR DELETE ON card_requests
    FOR EACH ROW EXECUTE FUNCTION carddesk_notify_change();
CREATE TRIGGER cardholders_notify_change AFTER INSERT OR UPDATE OR DELETE ON cardholders
    FOR EACH ROW EXECUTE FUNCTION carddesk_notify_change();
CREATE TRIGGER credentials_notify_change AFTER INSERT OR UPDATE OR DELETE ON credentials
    FOR EACH ROW EXECUTE FUNCTION carddesk_notify_change();
CREATE TRIGGER ordered_cards_notify_change AFTER INSERT OR UPDATE OR DELETE ON ordered_cards
    FOR EACH ROW EXECUTE FUNCTION carddesk_notify_change();
CREATE TRIGGER temp_cards_notify_change AFTER INSERT OR UPDATE OR DELETE ON temp_cards
    FOR EACH ROW EXECUTE FUNCTION carddesk_notify_change();
CREATE TRIGGER reader_configs_notify_change AFTER INSERT OR UPDATE OR DELETE ON reader_configs
    FOR EACH ROW EXECUTE FUNCTION carddesk_notify_change();
CREATE TRIGGER printer_profiles_notify_change AFTER INSERT OR UPDATE OR DELETE ON printer_profiles
    FOR EACH ROW EXECUTE FUNCTION carddesk_notify_change();
CREATE TRIGGER card_formats_notify_change AFTER INSERT OR UPDATE OR DELETE ON card_formats
    FOR EACH ROW EXECUTE FUNCTION carddesk_notify_change();

-- The cardholder list sorts names byte for byte after lower() (COLLATE "C"),
-- as SQLite does, whatever collation the server gave the database: a
-- locale's collation skips spaces and punctuation, so the order, the paging
-- and a cardholder's position would depend on how the database was created.
-- The name index must be in that collation to serve the list.
DROP INDEX cardholders_name;
CREATE INDEX cardholders_name ON cardholders ((lower(last_name) COLLATE "C"), (lower(first_name) COLLATE "C"), id);

-- Search as you type keeps each cardholder's words in a stored column: a
-- query that walks the name index for one page tests the words of every row
-- it passes, and computing them there (normalize and two regexps per row)
-- made a page of a common prefix take 70 ms. The GIN index moves onto it.
--
-- The words keep no positions (strip): a prefix search never asks where a
-- word stands, and without them the words take about half the room, which
-- counting a broad search (visiting every match) feels most.
CREATE OR REPLACE FUNCTION carddesk_search_words(s text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN strip(to_tsvector('pg_catalog.simple', carddesk_search_text(s)));
UPDATE requests_fts SET words = strip(words);
ALTER TABLE cardholders ADD COLUMN search_words TSVECTOR GENERATED ALWAYS AS (carddesk_search_words(
    first_name || ' ' || last_name || ' ' || email || ' ' || department || ' ' || external_id)) STORED;
DROP INDEX cardholders_fts;
CREATE INDEX cardholders_fts ON cardholders USING gin (search_words);
