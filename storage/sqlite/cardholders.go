package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

type cardholders struct{ q *conn }

// listCols never includes photo: lists show the thumbnail, and reading the
// photo would pull its overflow pages for every row.
const cardholderListCols = `c.id, c.external_id, c.first_name, c.last_name, c.email, c.department,
	c.status, c.created_at, c.updated_at, c.photo IS NOT NULL`

const insertCardholder = `INSERT INTO cardholders
	(external_id, first_name, last_name, email, department, status, created_at, updated_at, thumbnail, photo,
	 photo_crop_x, photo_crop_y)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func cardholderArgs(c *enroll.Cardholder) []any {
	return []any{c.ExternalID, c.FirstName, c.LastName, c.Email, c.Department, c.Status,
		c.CreatedAt.UnixMilli(), c.UpdatedAt.UnixMilli(), blobOrNull(c.Thumbnail), blobOrNull(c.Photo),
		c.PhotoCropX, c.PhotoCropY}
}

func (r cardholders) Create(ctx context.Context, c *enroll.Cardholder) error {
	res, err := r.q.ExecContext(ctx, insertCardholder, cardholderArgs(c)...)
	if err != nil {
		return cardholderWriteErr("creating", c, err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("creating cardholder: %w", err)
	}
	c.HasPhoto = len(c.Photo) > 0
	return nil
}

// CreateMany runs inside a savepoint so that it inserts all rows or none even
// when the caller goes on with the transaction after an error.
//
// It also sets the search index's insert trigger aside while it works: fired
// per row, the trigger makes FTS5 flush its pending terms at every statement
// (a 100,000-row import took 8.6 s); one INSERT ... SELECT afterwards builds
// the same index entries in a single pass (the import then takes 1.2-1.5 s).
// The trigger is recreated from its own stored SQL, and the savepoint undoes
// the swap on any error.
func (r cardholders) CreateMany(ctx context.Context, cs []enroll.Cardholder) (err error) {
	if len(cs) == 0 {
		return nil
	}
	if _, err := r.q.ExecContext(ctx, "SAVEPOINT create_many"); err != nil {
		return fmt.Errorf("importing cardholders: %w", err)
	}
	if _, err := r.q.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", bulkCacheKiB)); err != nil {
		return fmt.Errorf("importing cardholders: %w", err)
	}
	defer func() {
		// The rollback must run even if ctx was cancelled.
		bg := context.WithoutCancel(ctx)
		if err != nil {
			_, _ = r.q.ExecContext(bg, "ROLLBACK TO create_many")
		}
		if _, rerr := r.q.ExecContext(bg, "RELEASE create_many"); rerr != nil && err == nil {
			err = fmt.Errorf("importing cardholders: %w", rerr)
		}
		// Back to the small cache: the imported pages are not kept for the session.
		_, _ = r.q.ExecContext(bg, fmt.Sprintf("PRAGMA cache_size = -%d", writerCacheKiB))
	}()
	var trigger string
	var lastID int64
	err = r.q.QueryRowContext(ctx, `SELECT
		(SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'cardholders_fts_insert'),
		(SELECT coalesce(max(id), 0) FROM cardholders)`).Scan(&trigger, &lastID)
	if err != nil {
		return fmt.Errorf("importing cardholders: reading search index trigger: %w", err)
	}
	if _, err := r.q.ExecContext(ctx, "DROP TRIGGER cardholders_fts_insert"); err != nil {
		return fmt.Errorf("importing cardholders: %w", err)
	}
	if err := r.insertAll(ctx, cs); err != nil {
		return err
	}
	// New rows get ids above every existing one: rowids grow from max(id)
	// and this transaction is the only writer. They go in in the index's key
	// order (listkey.go), as FTS5 writes out its pending terms whenever a key
	// comes in below the one before.
	if _, err := r.q.ExecContext(ctx, `INSERT INTO cardholders_fts
		(rowid, first_name, last_name, email, department, external_id)
		SELECT list_key, first_name, last_name, email, department, external_id
		FROM cardholders_search WHERE id > ? ORDER BY list_key`,
		lastID); err != nil {
		return fmt.Errorf("importing cardholders: indexing for search: %w", err)
	}
	if _, err := r.q.ExecContext(ctx, trigger); err != nil {
		return fmt.Errorf("importing cardholders: restoring search index trigger: %w", err)
	}
	return nil
}

func (r cardholders) insertAll(ctx context.Context, cs []enroll.Cardholder) error {
	stmt, err := r.q.PrepareContext(ctx, insertCardholder)
	if err != nil {
		return fmt.Errorf("importing cardholders: %w", err)
	}
	defer stmt.Close()
	for i := range cs {
		if _, err := stmt.ExecContext(ctx, cardholderArgs(&cs[i])...); err != nil {
			return fmt.Errorf("importing cardholder %d of %d: %w", i+1, len(cs), cardholderWriteErr("creating", &cs[i], err))
		}
	}
	return nil
}

func (r cardholders) Update(ctx context.Context, c enroll.Cardholder) error {
	res, err := r.q.ExecContext(ctx, `UPDATE cardholders SET
		external_id = ?, first_name = ?, last_name = ?, email = ?, department = ?, status = ?,
		updated_at = ?, thumbnail = ?, photo = ?, photo_crop_x = ?, photo_crop_y = ?
		WHERE id = ?`,
		c.ExternalID, c.FirstName, c.LastName, c.Email, c.Department, c.Status,
		c.UpdatedAt.UnixMilli(), blobOrNull(c.Thumbnail), blobOrNull(c.Photo),
		c.PhotoCropX, c.PhotoCropY, c.ID)
	if err != nil {
		return cardholderWriteErr("updating", &c, err)
	}
	return mustAffect(res, "cardholder", c.ID)
}

// cardholderWriteErr names the person by id or external id, never by photo.
func cardholderWriteErr(verb string, c *enroll.Cardholder, err error) error {
	if isUnique(err) {
		return fmt.Errorf("%s cardholder: external id %q: %w", verb, c.ExternalID, enroll.ErrDuplicate)
	}
	return fmt.Errorf("%s cardholder %q: %w", verb, c.FullName(), err)
}

func (r cardholders) ByID(ctx context.Context, id int64) (enroll.Cardholder, error) {
	var thumb, photo []byte
	var cropX, cropY float64
	row := r.q.QueryRowContext(ctx, "SELECT "+cardholderListCols+
		", c.thumbnail, c.photo, c.photo_crop_x, c.photo_crop_y FROM cardholders c WHERE c.id = ?", id)
	c, err := sqlvalue.ScanCardholder(row, &thumb, &photo, &cropX, &cropY)
	if err != nil {
		return enroll.Cardholder{}, notFound(err, fmt.Sprintf("cardholder %d", id))
	}
	c.Thumbnail, c.Photo, c.PhotoCropX, c.PhotoCropY = thumb, photo, cropX, cropY
	return c, nil
}

// ExistingExternalIDs passes the ids as one JSON array so any number of them
// costs one statement, each probing the unique index.
func (r cardholders) ExistingExternalIDs(ctx context.Context, ids []string) (map[string]bool, error) {
	found := map[string]bool{}
	if len(ids) == 0 {
		return found, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("checking external ids: %w", err)
	}
	rows, err := r.q.QueryContext(ctx, `SELECT external_id FROM cardholders
		WHERE external_id <> '' AND external_id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, fmt.Errorf("checking external ids: %w", err)
	}
	got, err := collect(rows, func(s scanner) (string, error) {
		var id string
		return id, s.Scan(&id)
	}, "checking external ids")
	if err != nil {
		return nil, err
	}
	for _, id := range got {
		found[id] = true
	}
	return found, nil
}

// Each streams rows so an export of 100,000 cardholders never holds them all.
func (r cardholders) Each(ctx context.Context, fn func(enroll.Cardholder) error) error {
	rows, err := r.q.QueryContext(ctx, "SELECT "+cardholderListCols+" FROM cardholders c ORDER BY c.id")
	if err != nil {
		return fmt.Errorf("reading cardholders: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := sqlvalue.ScanCardholder(rows)
		if err != nil {
			return fmt.Errorf("reading cardholders: %w", err)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading cardholders: %w", err)
	}
	return nil
}

func (r cardholders) Departments(ctx context.Context) ([]string, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT DISTINCT department FROM cardholders
		WHERE department <> '' ORDER BY department`)
	if err != nil {
		return nil, fmt.Errorf("listing departments: %w", err)
	}
	return collect(rows, func(s scanner) (string, error) {
		var d string
		return d, s.Scan(&d)
	}, "listing departments")
}
