-- Custom card formats. The definition is the format file an export writes
-- (cardformat/FORMAT-FILE.md), so what the station stores, what it exports
-- and what it imports are one text, validated by one parser.
CREATE TABLE card_formats (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    definition TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);

CREATE INDEX credentials_format ON credentials (format);
