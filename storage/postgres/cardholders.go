package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

type cardholders struct{ q conn }

func (t *tx) Cardholders() enroll.CardholderRepo { return cardholders{t.q} }

// cardholderListCols never includes photo: lists show the thumbnail.
const cardholderListCols = `c.id, c.external_id, c.first_name, c.last_name, c.email, c.department,
	c.status, c.created_at, c.updated_at, c.photo IS NOT NULL`

// cardholderWords are a cardholder's search words: a stored column
// (migrations/0009_shared_stations.sql) that the GIN index cardholders_fts
// holds, and that a walk of the name index tests row by row.
const cardholderWords = `c.search_words`

// cardholderOrder is the list order: last name, first name, id, ignoring
// case, as the index cardholders_name holds it. Names compare byte for byte
// after lower() (COLLATE "C"), as in SQLite, whatever collation the server
// gave the database: a locale's collation skips spaces and punctuation
// ("de Vries" would follow "Dekker"), and each station's order, paging and
// Position must not depend on how the database was created.
const cardholderOrder = `lower(c.last_name) COLLATE "C", lower(c.first_name) COLLATE "C", c.id`

const insertCardholder = `INSERT INTO cardholders
	(external_id, first_name, last_name, email, department, status, created_at, updated_at, thumbnail, photo,
	 photo_crop_x, photo_crop_y)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

func cardholderArgs(c *enroll.Cardholder) []any {
	return []any{c.ExternalID, c.FirstName, c.LastName, c.Email, c.Department, string(c.Status),
		c.CreatedAt.UnixMilli(), c.UpdatedAt.UnixMilli(), blobOrNull(c.Thumbnail), blobOrNull(c.Photo),
		c.PhotoCropX, c.PhotoCropY}
}

// Create and Update are recoverable: after ErrDuplicate enroll looks up,
// in the same transaction, who holds the external id.
func (r cardholders) Create(ctx context.Context, c *enroll.Cardholder) error {
	var id int64
	if err := r.q.recoverable(ctx, func() error {
		return r.q.QueryRowContext(ctx, insertCardholder, cardholderArgs(c)...).Scan(&id)
	}); err != nil {
		return cardholderWriteErr("creating", c, err)
	}
	c.ID = id
	c.HasPhoto = len(c.Photo) > 0
	return nil
}

// CreateMany runs inside a savepoint so that it inserts all rows or none even
// when the caller goes on with the transaction after an error (in
// PostgreSQL the failed statement would otherwise abort the whole
// transaction). The search index is an index here, so there is no trigger
// to set aside as in SQLite.
//
// The rows go in chunks of createManyChunk, each one INSERT ... SELECT FROM
// unnest of one array per column: one round trip per chunk instead of per
// row (100,000 rows took 15 s row by row on the rig). A chunk that fails is
// undone and inserted again row by row, so the error names the row, as
// SQLite's does. Like SQLite's, CreateMany leaves the ids of cs unset.
func (r cardholders) CreateMany(ctx context.Context, cs []enroll.Cardholder) (err error) {
	if len(cs) == 0 {
		return nil
	}
	if _, err := r.q.ExecContext(ctx, "SAVEPOINT create_many"); err != nil {
		return fmt.Errorf("importing cardholders: %w", err)
	}
	defer func() {
		// The rollback must run even if ctx was cancelled.
		bg := context.WithoutCancel(ctx)
		if err != nil {
			_, _ = r.q.ExecContext(bg, "ROLLBACK TO SAVEPOINT create_many")
		}
		if _, rerr := r.q.ExecContext(bg, "RELEASE SAVEPOINT create_many"); rerr != nil && err == nil {
			err = fmt.Errorf("importing cardholders: %w", rerr)
		}
	}()
	for start := 0; start < len(cs); start += createManyChunk {
		end := min(start+createManyChunk, len(cs))
		if err := r.insertChunk(ctx, cs, start, end); err != nil {
			return err
		}
	}
	return nil
}

const createManyChunk = 1000

const insertCardholderChunk = `INSERT INTO cardholders
	(external_id, first_name, last_name, email, department, status, created_at, updated_at, thumbnail, photo,
	 photo_crop_x, photo_crop_y)
	SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
		?::bigint[], ?::bigint[], ?::bytea[], ?::bytea[], ?::float8[], ?::float8[])`

// insertChunk inserts cs[start:end] in one statement, behind a savepoint of
// its own; when that fails, it inserts the rows one by one to find the one
// at fault and return its error.
func (r cardholders) insertChunk(ctx context.Context, cs []enroll.Cardholder, start, end int) error {
	if _, err := r.q.ExecContext(ctx, "SAVEPOINT create_many_chunk"); err != nil {
		return fmt.Errorf("importing cardholders: %w", err)
	}
	n := end - start
	ext, first, last, email, dept, status := make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n)
	created, updated := make([]int64, n), make([]int64, n)
	thumb, photo := make([][]byte, n), make([][]byte, n)
	cropX, cropY := make([]float64, n), make([]float64, n)
	for i := range n {
		c := &cs[start+i]
		ext[i], first[i], last[i], email[i], dept[i], status[i] = c.ExternalID, c.FirstName, c.LastName,
			c.Email, c.Department, string(c.Status)
		created[i], updated[i] = c.CreatedAt.UnixMilli(), c.UpdatedAt.UnixMilli()
		if len(c.Thumbnail) > 0 {
			thumb[i] = c.Thumbnail
		}
		if len(c.Photo) > 0 {
			photo[i] = c.Photo
		}
		cropX[i], cropY[i] = c.PhotoCropX, c.PhotoCropY
	}
	_, err := r.q.ExecContext(ctx, insertCardholderChunk, ext, first, last, email, dept, status,
		created, updated, thumb, photo, cropX, cropY)
	if err == nil {
		if _, err := r.q.ExecContext(ctx, "RELEASE SAVEPOINT create_many_chunk"); err != nil {
			return fmt.Errorf("importing cardholders: %w", err)
		}
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("importing cardholders: %w", err)
	}
	if _, rerr := r.q.ExecContext(ctx, "ROLLBACK TO SAVEPOINT create_many_chunk"); rerr != nil {
		return fmt.Errorf("importing cardholders: %w", err)
	}
	// conn rebinds only its Exec/Query methods; a prepared statement is
	// rebound here.
	stmt, perr := r.q.Tx.PrepareContext(ctx, rebind(strings.TrimSuffix(insertCardholder, " RETURNING id")))
	if perr != nil {
		return fmt.Errorf("importing cardholders: %w", err)
	}
	defer stmt.Close()
	for i := start; i < end; i++ {
		if _, err := stmt.ExecContext(ctx, cardholderArgs(&cs[i])...); err != nil {
			return fmt.Errorf("importing cardholder %d of %d: %w", i+1, len(cs), cardholderWriteErr("creating", &cs[i], err))
		}
	}
	// Row by row it went through: report what failed the chunk.
	return fmt.Errorf("importing cardholders %d to %d of %d: %w", start+1, end, len(cs), err)
}

func (r cardholders) Update(ctx context.Context, c enroll.Cardholder) error {
	var res sql.Result
	err := r.q.recoverable(ctx, func() (err error) {
		res, err = r.q.ExecContext(ctx, `UPDATE cardholders SET
			external_id = ?, first_name = ?, last_name = ?, email = ?, department = ?, status = ?,
			updated_at = ?, thumbnail = ?, photo = ?, photo_crop_x = ?, photo_crop_y = ?
			WHERE id = ?`,
			c.ExternalID, c.FirstName, c.LastName, c.Email, c.Department, string(c.Status),
			c.UpdatedAt.UnixMilli(), blobOrNull(c.Thumbnail), blobOrNull(c.Photo),
			c.PhotoCropX, c.PhotoCropY, c.ID)
		return err
	})
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

// ExistingExternalIDs passes the ids as one array so any number of them
// costs one statement, each probing the unique index.
func (r cardholders) ExistingExternalIDs(ctx context.Context, ids []string) (map[string]bool, error) {
	found := map[string]bool{}
	if len(ids) == 0 {
		return found, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT external_id FROM cardholders
		WHERE external_id <> '' AND external_id = ANY(?::text[])`, ids)
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
// The transaction's connection is busy while it streams: fn must not query
// the store (no caller does).
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

// Departments are distinct and sorted ignoring case, as SQLite's COLLATE
// NOCASE column gives them: of names that differ in case alone one is listed.
func (r cardholders) Departments(ctx context.Context) ([]string, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT min(department COLLATE "C") FROM cardholders
		WHERE department <> '' GROUP BY lower(department) ORDER BY lower(department) COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("listing departments: %w", err)
	}
	return collect(rows, func(s scanner) (string, error) {
		var d string
		return d, s.Scan(&d)
	}, "listing departments")
}

// hasSearchWords reports whether text holds a word to search for: as with
// SQLite's ftsQuery, letters and numbers make up words and everything else
// separates them, so text of blanks and punctuation alone is no filter.
// (carddesk_search_query would make it an empty query, matching nothing.)
func hasSearchWords(text string) bool {
	return strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) })
}

// cardholderFilter selects by the words of q.Text (every word the start of
// some word, through the GIN index cardholders_fts) and by status.
func cardholderFilter(q enroll.CardholderQuery) *filter {
	f := &filter{}
	if hasSearchWords(q.Text) {
		f.Add(cardholderWords+" @@ carddesk_search_query(?)", q.Text)
	}
	if q.Status != "" {
		f.Add("c.status = ?", string(q.Status))
	}
	return f
}

// Search chooses the page's ids first (MATERIALIZED keeps PostgreSQL from
// merging the two steps), so the card and request lookups run for the rows
// of the page only.
func (r cardholders) Search(ctx context.Context, q enroll.CardholderQuery) ([]enroll.Cardholder, error) {
	ids, args, err := r.pageIDs(ctx, q)
	if err != nil {
		return nil, err
	}
	rows, err := r.q.QueryContext(ctx, "WITH p AS MATERIALIZED ("+ids+")"+
		" SELECT "+cardholderListCols+", c.thumbnail, "+cardSummaryCols+
		" FROM p JOIN cardholders c ON c.id = p.id"+cardSummaryJoin+
		" ORDER BY "+cardholderOrder, args...)
	if err != nil {
		return nil, fmt.Errorf("searching cardholders: %w", err)
	}
	return collect(rows, sqlvalue.ScanListedCardholder, "searching cardholders")
}

// pageIDs is the query for the ids of the page Search shows, and its
// arguments, in one of four plans:
//
//   - no words: the first rows of the name index;
//   - one word of up to prefixLen letters: the first entries of its prefix
//     in cardholder_prefixes, which are its matches in list order;
//   - few matches expected: every match through the GIN index, sorted;
//   - many: the entries of the rarest word's prefix in list order, each
//     tested against every word until the page is full.
//
// PostgreSQL's planner cannot choose among these (its statistics say little
// about how many words start with a prefix; it walked the name index for
// "yı", a few dozen matches, for 60 ms), so the prefix counters choose.
func (r cardholders) pageIDs(ctx context.Context, q enroll.CardholderQuery) (string, []any, error) {
	f := cardholderFilter(q)
	walk := "SELECT c.id FROM cardholders c" + f.Where() + " ORDER BY " + cardholderOrder + page(q.Limit, q.Offset)
	if !hasSearchWords(q.Text) {
		return walk, f.Args, nil
	}
	plan, err := planSearch(ctx, r.q, "cardholders", q.Text, string(q.Status))
	if err != nil {
		return "", nil, err
	}
	entries := &filter{}
	if q.Status != "" {
		entries.Add("p.status = ?", string(q.Status))
	}
	const order = " ORDER BY p.prefix, p.last, p.first, p.cardholder_id"
	if prefix, ok := plan.short(); ok {
		entries.Add("p.prefix = ?", prefix)
		return "SELECT p.cardholder_id AS id FROM cardholder_prefixes p" + entries.Where() + order + page(q.Limit, q.Offset), entries.Args, nil
	}
	if len(plan.terms) == 0 || plan.estimate() <= sparse {
		// OFFSET 0 keeps the subquery whole, so the filter runs first.
		return `SELECT id FROM (SELECT c.id, lower(c.last_name) COLLATE "C" AS last, lower(c.first_name) COLLATE "C" AS first
		FROM cardholders c` + f.Where() + " OFFSET 0) m ORDER BY last, first, id" + page(q.Limit, q.Offset), f.Args, nil
	}
	// The words are read in a subquery per entry: joined, a cached generic
	// plan (no values known) hashes every match before sorting, 15 ms where
	// the walk takes 1.
	entries.Add("p.prefix = ?", plan.drive().word)
	entries.Add("(SELECT "+cardholderWords+" FROM cardholders c WHERE c.id = p.cardholder_id) @@ carddesk_search_query(?)", q.Text)
	return "SELECT p.cardholder_id AS id FROM cardholder_prefixes p" + entries.Where() + order + page(q.Limit, q.Offset), entries.Args, nil
}

// cardSummaryCols and cardSummaryJoin add enroll.CardSummary to a list of
// cardholders c: the card to show (k: active before inactive, newest
// first) and the counts, each an index probe per row (credentials_cardholder,
// card_requests_cardholder).
const cardSummaryCols = `k.id, k.format, k.fields::text, k.status,
	(SELECT count(*) FROM credentials h WHERE h.cardholder_id = c.id AND h.status IN ('active', 'inactive')),
	(SELECT count(*) FROM card_requests r WHERE r.cardholder_id = c.id AND r.status = 'pending')`

const cardSummaryJoin = `
	LEFT JOIN credentials k ON k.id = (SELECT h.id FROM credentials h
		WHERE h.cardholder_id = c.id AND h.status IN ('active', 'inactive')
		ORDER BY h.status = 'active' DESC, h.id DESC LIMIT 1)`

// Count reads the prefix counters where they hold the answer (no words,
// or one short word) and counts the matches through the GIN index
// otherwise, where the words are selective.
func (r cardholders) Count(ctx context.Context, q enroll.CardholderQuery) (int, error) {
	if !hasSearchWords(q.Text) || mayBeShort(q.Text) {
		plan, err := planSearch(ctx, r.q, "cardholders", q.Text, string(q.Status))
		if err != nil {
			return 0, err
		}
		if !hasSearchWords(q.Text) {
			return int(plan.total), nil
		}
		if _, ok := plan.short(); ok {
			return int(plan.terms[0].n), nil
		}
	}
	f := cardholderFilter(q)
	var n int
	if err := r.q.QueryRowContext(ctx, "SELECT count(*) FROM cardholders c"+f.Where(), f.Args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting cardholders: %w", err)
	}
	return n, nil
}

// Position counts the entries of the name index before c's, the order
// Search lists in (the row comparison matches the index cardholders_name).
func (r cardholders) Position(ctx context.Context, c enroll.Cardholder) (int, error) {
	var n int
	err := r.q.QueryRowContext(ctx, `SELECT count(*) FROM cardholders c
		WHERE (`+cardholderOrder+`) < (lower(?::text), lower(?::text), ?)`, c.LastName, c.FirstName, c.ID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("finding cardholder %d in the list: %w", c.ID, err)
	}
	return n, nil
}
