-- A credential's history is read from the audit log by its entity and id;
-- the log only had an index by time.
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id, at);
