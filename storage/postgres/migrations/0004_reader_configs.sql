-- What an administrator set per card reader. Keyboard-wedge readers exist
-- only as rows here; readers the devices layer finds are matched by name.
-- The settings are one JSON object (enroll.ReaderConfig) so a new option
-- needs no migration. TEXT, not JSONB: the station only ever reads it whole,
-- and gets back exactly the text it wrote.
CREATE TABLE reader_configs (
    name       TEXT    PRIMARY KEY,
    kind       TEXT    NOT NULL,
    config     TEXT    NOT NULL,
    updated_at BIGINT  NOT NULL
);
