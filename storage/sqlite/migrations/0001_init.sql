-- 0001: the first CardDesk schema.
-- Times are INTEGER unix milliseconds UTC; NULL stands for the zero time.
-- Tables are STRICT so a wrong Go type fails loudly instead of being stored as text.

CREATE TABLE operators (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL COLLATE NOCASE,
    email           TEXT    NOT NULL DEFAULT '',
    role            TEXT    NOT NULL,
    password_hash   TEXT    NOT NULL DEFAULT '',
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER,
    last_sign_in_at INTEGER,
    created_at      INTEGER NOT NULL,
    CONSTRAINT operators_name_unique UNIQUE (name)
) STRICT;

-- Photo and thumbnail are the last columns so that lists and scans, which
-- never read them, stop before the overflow pages that hold the images.
CREATE TABLE cardholders (
    id          INTEGER PRIMARY KEY,
    external_id TEXT    NOT NULL DEFAULT '',
    first_name  TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
    last_name   TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
    email       TEXT    NOT NULL DEFAULT '',
    department  TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
    status      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    thumbnail   BLOB,
    photo       BLOB
) STRICT;

-- Many cardholders come without an HR number; only real ones must be unique.
CREATE UNIQUE INDEX cardholders_external_id ON cardholders (external_id) WHERE external_id <> '';
-- The cardholder list is ordered by name and paged; id makes the order total.
CREATE INDEX cardholders_name ON cardholders (last_name, first_name, id);
-- Counting one status must not read every row (with thumbnails, one page each).
CREATE INDEX cardholders_status ON cardholders (status);
CREATE INDEX cardholders_department ON cardholders (department);

-- Search as you type matches word prefixes; the prefix index keeps the
-- first few keystrokes, which match the most rows, fast.
CREATE VIRTUAL TABLE cardholders_fts USING fts5 (
    first_name, last_name, email, department, external_id,
    content = 'cardholders',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

-- A CSV import indexes every row in one statement; a larger pending-terms
-- buffer (default 1 MB) means fewer small segments to merge along the way.
INSERT INTO cardholders_fts (cardholders_fts, rank) VALUES ('hashsize', 67108864);

CREATE TRIGGER cardholders_fts_insert AFTER INSERT ON cardholders BEGIN
    INSERT INTO cardholders_fts (rowid, first_name, last_name, email, department, external_id)
    VALUES (new.id, new.first_name, new.last_name, new.email, new.department, new.external_id);
END;

CREATE TRIGGER cardholders_fts_delete AFTER DELETE ON cardholders BEGIN
    INSERT INTO cardholders_fts (cardholders_fts, rowid, first_name, last_name, email, department, external_id)
    VALUES ('delete', old.id, old.first_name, old.last_name, old.email, old.department, old.external_id);
END;

-- Only the searched columns: saving a new photo must not rewrite the index.
CREATE TRIGGER cardholders_fts_update
AFTER UPDATE OF first_name, last_name, email, department, external_id ON cardholders BEGIN
    INSERT INTO cardholders_fts (cardholders_fts, rowid, first_name, last_name, email, department, external_id)
    VALUES ('delete', old.id, old.first_name, old.last_name, old.email, old.department, old.external_id);
    INSERT INTO cardholders_fts (rowid, first_name, last_name, email, department, external_id)
    VALUES (new.id, new.first_name, new.last_name, new.email, new.department, new.external_id);
END;

-- AUTOINCREMENT so a deleted reason's id is never reused and old audit
-- events keep pointing at what they meant.
CREATE TABLE request_reasons (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    text     TEXT    NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE credentials (
    id              INTEGER PRIMARY KEY,
    format          TEXT    NOT NULL,
    bits            TEXT    NOT NULL,
    fields          TEXT    NOT NULL DEFAULT '{}', -- JSON object of field name -> value
    name            TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL,
    cardholder_id   INTEGER REFERENCES cardholders (id),
    activation_date INTEGER,
    expires_at      INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    CONSTRAINT credentials_format_bits_unique UNIQUE (format, bits)
) STRICT;

CREATE INDEX credentials_cardholder ON credentials (cardholder_id);

-- template_id has no foreign key: badge templates are not stored in this schema yet.
CREATE TABLE card_requests (
    id               INTEGER PRIMARY KEY,
    cardholder_id    INTEGER NOT NULL REFERENCES cardholders (id),
    reason           TEXT    NOT NULL DEFAULT '',
    template_id      INTEGER,
    activation_mode  TEXT    NOT NULL,
    activation_date  INTEGER,
    email_when_ready INTEGER NOT NULL DEFAULT 0,
    note             TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL,
    requested_by     INTEGER NOT NULL REFERENCES operators (id),
    responded_by     INTEGER REFERENCES operators (id),
    responded_at     INTEGER,
    response_note    TEXT    NOT NULL DEFAULT '',
    credential_id    INTEGER REFERENCES credentials (id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
) STRICT;

-- The desk's queue: pending requests, oldest first, one page at a time.
CREATE INDEX card_requests_status_created ON card_requests (status, created_at, id);
CREATE INDEX card_requests_cardholder ON card_requests (cardholder_id, created_at, id);
CREATE INDEX card_requests_credential ON card_requests (credential_id) WHERE credential_id IS NOT NULL;

CREATE TABLE settings (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- operator_id has no foreign key: the log must outlive whatever it describes,
-- and sign-in failures of unknown users are logged with no operator.
CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    operator_id INTEGER,
    operator    TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
    action      TEXT    NOT NULL,
    entity      TEXT    NOT NULL DEFAULT '',
    entity_id   TEXT    NOT NULL DEFAULT '',
    details     TEXT    NOT NULL DEFAULT '',
    before      TEXT    NOT NULL DEFAULT '',
    after       TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_events_at ON audit_events (at, id);

-- The audit log is evidence: not even CardDesk itself may change or remove a line.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: events cannot be changed');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: events cannot be deleted');
END;

CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL DEFAULT '',
    body            TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
) STRICT;

CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at, id);
