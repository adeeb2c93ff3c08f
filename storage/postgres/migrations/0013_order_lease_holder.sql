-- Version 13 names the process that holds an ordered card's lease, as
-- version 11 does for mail: a desk that stopped mid-sync (a crash, a power
-- cut) frees its cards at once when it starts again on the same computer,
-- instead of leaving them until the two-minute lease runs out.
ALTER TABLE ordered_cards ADD COLUMN lease_holder TEXT NOT NULL DEFAULT '';
