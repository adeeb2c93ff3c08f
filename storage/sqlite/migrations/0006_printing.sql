-- The print log: one row per cardholder badge sent to a printer, written
-- before the job is submitted so a refused job is still on record.
CREATE TABLE print_jobs (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    operator_id   INTEGER NOT NULL,
    operator      TEXT    NOT NULL,
    cardholder_id INTEGER NOT NULL REFERENCES cardholders (id),
    request_id    INTEGER,
    template_id   INTEGER NOT NULL,
    printer       TEXT    NOT NULL,
    job_ref       TEXT    NOT NULL DEFAULT '',
    state         TEXT    NOT NULL,
    message       TEXT    NOT NULL DEFAULT '',
    reason        TEXT    NOT NULL DEFAULT '',
    copies        INTEGER NOT NULL DEFAULT 1,
    sides         TEXT    NOT NULL DEFAULT '',
    updated_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX print_jobs_at ON print_jobs (at DESC, id DESC);
CREATE INDEX print_jobs_cardholder ON print_jobs (cardholder_id, state);

-- An administrator's corrections per printer queue.
CREATE TABLE printer_profiles (
    printer     TEXT    PRIMARY KEY,
    offset_x    REAL    NOT NULL DEFAULT 0,
    offset_y    REAL    NOT NULL DEFAULT 0,
    scale       REAL    NOT NULL DEFAULT 0,
    rotate_back INTEGER NOT NULL DEFAULT 0,
    duplex      INTEGER NOT NULL DEFAULT 0,
    template_id INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL
) STRICT;
