-- Badge templates: the template file (badge.Template as JSON) under a
-- unique name. At most one is the station's default.
CREATE TABLE badge_templates (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL COLLATE NOCASE,
    json       TEXT    NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT badge_templates_name_unique UNIQUE (name)
) STRICT;

CREATE UNIQUE INDEX badge_templates_one_default ON badge_templates (is_default) WHERE is_default = 1;

-- card_requests.template_id becomes a real reference. A column cannot gain a
-- foreign key without rebuilding the table, so triggers hold it: no request
-- may name a missing template, and a deleted template leaves the requests
-- that named it without one (the station refuses to delete a template that
-- pending requests use). Ids stored before templates existed named nothing.
UPDATE card_requests SET template_id = NULL WHERE template_id IS NOT NULL;

CREATE INDEX card_requests_template ON card_requests (template_id) WHERE template_id IS NOT NULL;

CREATE TRIGGER card_requests_template_insert BEFORE INSERT ON card_requests
WHEN NEW.template_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM badge_templates WHERE id = NEW.template_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: unknown badge template');
END;

CREATE TRIGGER card_requests_template_update BEFORE UPDATE OF template_id ON card_requests
WHEN NEW.template_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM badge_templates WHERE id = NEW.template_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: unknown badge template');
END;

CREATE TRIGGER badge_templates_delete AFTER DELETE ON badge_templates
BEGIN
    UPDATE card_requests SET template_id = NULL WHERE template_id = OLD.id;
END;

-- The centre of the badge photo's crop, 0..1 of the photo's width and
-- height. After the photo so that lists never read past it.
ALTER TABLE cardholders ADD COLUMN photo_crop_x REAL NOT NULL DEFAULT 0.5;
ALTER TABLE cardholders ADD COLUMN photo_crop_y REAL NOT NULL DEFAULT 0.5;
