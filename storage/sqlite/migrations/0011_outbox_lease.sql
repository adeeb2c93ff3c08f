-- Version 11 keeps a mail's lease (a process is sending it right now) apart
-- from its backoff (next_attempt_at), so "send now" can skip the backoff
-- without taking a message another desk is in the middle of sending, and
-- records when the message was handed to the server, so a sender that
-- stops after that point never has the message sent a second time.
ALTER TABLE mail_outbox ADD COLUMN leased_until INTEGER;
ALTER TABLE mail_outbox ADD COLUMN leased_by TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN handed_over_at INTEGER;
