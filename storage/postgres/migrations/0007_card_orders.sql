-- Cards ordered from an external card producer (production.md), one row
-- per card. card_id is the UUID the desk makes before anything is sent: it
-- is the producer's key and the idempotency key of every send, so it is
-- the primary key here too rather than a local integer. TEXT, not UUID, so
-- it comes back exactly as the desk wrote it.
-- The CHECKs list enroll.OrderStatus and enroll.CardKind: a status the code
-- does not know must never reach the table, where no state machine would
-- recognise it again.
CREATE TABLE ordered_cards (
    card_id          TEXT    PRIMARY KEY,
    order_id         TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('personal', 'temporary')),
    status           TEXT    NOT NULL
        CHECK (status IN ('processing', 'ordered', 'in_production', 'produced', 'failed', 'aborted')),
    cardholder_id    BIGINT  REFERENCES cardholders (id),
    layout_id        TEXT    NOT NULL DEFAULT '',
    -- field name -> value, as sent; JSONB like credentials.fields
    fields           JSONB   NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(fields) = 'object'),
    ordered_by       TEXT    NOT NULL DEFAULT '',
    station          TEXT    NOT NULL DEFAULT '',
    attempts         BIGINT  NOT NULL DEFAULT 0,
    last_error       TEXT    NOT NULL DEFAULT '',
    send_started     BOOLEAN NOT NULL DEFAULT false,
    next_attempt     BIGINT,
    lease_until      BIGINT,
    producer_version BIGINT  NOT NULL DEFAULT 0,
    failure_reason   TEXT    NOT NULL DEFAULT '',
    credential_id    BIGINT  REFERENCES credentials (id),
    chip_uid         TEXT    NOT NULL DEFAULT '',
    received_at      BIGINT,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    version          BIGINT  NOT NULL DEFAULT 1,
    photo            BYTEA
);

-- The sync's queue: processing cards whose next attempt has come.
CREATE INDEX ordered_cards_due ON ordered_cards (status, next_attempt);
-- The orders list, newest first, one page at a time.
CREATE INDEX ordered_cards_created ON ordered_cards (created_at, card_id);
CREATE INDEX ordered_cards_order ON ordered_cards (order_id);
CREATE INDEX ordered_cards_cardholder ON ordered_cards (cardholder_id) WHERE cardholder_id IS NOT NULL;

-- The desk's stock of temporary cards: produced temporary cards an operator
-- initialized. The row shares its ordered card's id.
CREATE TABLE temp_cards (
    card_id       TEXT    PRIMARY KEY REFERENCES ordered_cards (card_id),
    status        TEXT    NOT NULL CHECK (status IN ('unassigned', 'assigned', 'expired', 'locked')),
    cardholder_id BIGINT  REFERENCES cardholders (id),
    until         BIGINT, -- assigned until this day (UTC midnight); NULL: no end
    credential_id BIGINT  REFERENCES credentials (id),
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    version       BIGINT  NOT NULL DEFAULT 1
);

CREATE INDEX temp_cards_status ON temp_cards (status);
CREATE INDEX temp_cards_cardholder ON temp_cards (cardholder_id, status) WHERE cardholder_id IS NOT NULL;
-- A cardholder holds at most one assigned temporary card. The service checks
-- it too, but only the index holds when two stations assign at once.
CREATE UNIQUE INDEX temp_cards_one_assigned ON temp_cards (cardholder_id) WHERE status = 'assigned';
