-- Version 12 makes the audit log a hash chain (enroll/audit_chain.go): each
-- event gets its place in the chain (seq, 1, 2, 3, ...), the hash of the
-- event before it (prev_hash) and its own hash. The Go step
-- (chainAuditEvents) chains the events written before, in id order, the
-- order they were written. It has to write them, so the trigger refusing
-- changes is lifted for it and put back as it was, in this transaction.
-- A row inserted behind CardDesk's back gets seq 0 and no hash, which
-- audit verify reports.
ALTER TABLE audit_events ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN hash TEXT NOT NULL DEFAULT '';
DROP TRIGGER audit_events_no_update;
-- @go-step
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: events cannot be changed');
END;

-- Appends read the end of the chain by seq; audit verify walks it in seq order.
CREATE UNIQUE INDEX audit_events_seq ON audit_events (seq);
