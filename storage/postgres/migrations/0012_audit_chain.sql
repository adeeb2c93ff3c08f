-- Version 12 makes the audit log a hash chain (enroll/audit_chain.go): each
-- event gets its place in the chain (seq, 1, 2, 3, ...), the hash of the
-- event before it (prev_hash) and its own hash. The Go step
-- (chainAuditEvents) chains the events written before, in id order. It has
-- to write them, so the trigger refusing changes is off for it and on again
-- in this transaction; no other session sees it off. A row inserted behind
-- CardDesk's back gets seq 0 and no hash, which audit verify reports.
-- Appends take turns on an advisory lock (storage/postgres/audit.go), so
-- the chain stays one line when stations share the database.
ALTER TABLE audit_events
    ADD COLUMN seq       BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN prev_hash TEXT   NOT NULL DEFAULT '',
    ADD COLUMN hash      TEXT   NOT NULL DEFAULT '';
ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
-- @go-step
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;

-- Appends read the end of the chain by seq; audit verify walks it in seq order.
CREATE UNIQUE INDEX audit_events_seq ON audit_events (seq);
