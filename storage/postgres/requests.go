package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

type requests struct {
	q   conn
	row string // ends the SELECT that locks the row ByID reads (tx.rowLock)
}

func (t *tx) Requests() enroll.RequestRepo { return requests{q: t.q, row: t.rowLock("card_requests")} }

// requestCols and requestJoins add the names a request is shown with, so no
// caller has to look them up row by row.
const requestCols = `SELECT r.id, r.cardholder_id, c.first_name, c.last_name, c.department,
	r.reason, r.template_id, r.activation_mode, r.activation_date, r.email_when_ready, r.note,
	r.status, r.requested_by, rb.name, r.responded_by, coalesce(sb.name, ''), r.responded_at,
	r.response_note, r.credential_id, r.created_at, r.updated_at, r.version, c.thumbnail`

const requestJoins = `
	JOIN cardholders c ON c.id = r.cardholder_id
	JOIN operators rb ON rb.id = r.requested_by
	LEFT JOIN operators sb ON sb.id = r.responded_by`

// Create starts every request at version 1, whatever the caller passed.
func (rr requests) Create(ctx context.Context, r *enroll.CardRequest) error {
	var id, version int64
	err := rr.q.QueryRowContext(ctx, `INSERT INTO card_requests
		(cardholder_id, reason, template_id, activation_mode, activation_date, email_when_ready, note,
		 status, requested_by, responded_by, responded_at, response_note, credential_id,
		 created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id, version`,
		r.CardholderID, r.Reason, idOrNull(r.TemplateID), string(r.Activation.Mode), msOrNull(r.Activation.Date),
		r.EmailWhenReady, r.Note, string(r.Status), r.RequestedBy, idOrNull(r.RespondedBy), msOrNull(r.RespondedAt),
		r.ResponseNote, idOrNull(r.CredentialID), r.CreatedAt.UnixMilli(), r.UpdatedAt.UnixMilli()).Scan(&id, &version)
	if err != nil {
		return requestWriteErr("creating card request", err)
	}
	r.ID, r.Version = id, version
	return nil
}

// Update is the optimistic lock that keeps two stations from both answering
// one request: it writes only over the version the caller read. Under READ
// COMMITTED a concurrent writer of the same row makes this UPDATE wait, then
// re-check the version against the committed row, so only one of two wins.
func (rr requests) Update(ctx context.Context, r *enroll.CardRequest) error {
	res, err := rr.q.ExecContext(ctx, `UPDATE card_requests SET
		cardholder_id = ?, reason = ?, template_id = ?, activation_mode = ?, activation_date = ?,
		email_when_ready = ?, note = ?, status = ?, requested_by = ?, responded_by = ?, responded_at = ?,
		response_note = ?, credential_id = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`,
		r.CardholderID, r.Reason, idOrNull(r.TemplateID), string(r.Activation.Mode), msOrNull(r.Activation.Date),
		r.EmailWhenReady, r.Note, string(r.Status), r.RequestedBy, idOrNull(r.RespondedBy), msOrNull(r.RespondedAt),
		r.ResponseNote, idOrNull(r.CredentialID), r.UpdatedAt.UnixMilli(), r.ID, r.Version)
	if err != nil {
		return requestWriteErr(fmt.Sprintf("updating card request %d", r.ID), err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("updating card request %d: %w", r.ID, err)
	}
	if n == 0 {
		var one int
		err := rr.q.QueryRowContext(ctx, "SELECT 1 FROM card_requests WHERE id = ?", r.ID).Scan(&one)
		if err != nil {
			return notFound(err, fmt.Sprintf("card request %d", r.ID))
		}
		return fmt.Errorf("card request %d (version %d): %w", r.ID, r.Version, enroll.ErrStale)
	}
	r.Version++
	return nil
}

// requestWriteErr maps a missing reference to ErrNotFound; a missing badge
// template is a foreign key here (a trigger in SQLite), told apart by its
// constraint's name.
func requestWriteErr(what string, err error) error {
	if isForeignKey(err) {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.ConstraintName == "card_requests_template_id_fkey" {
			return fmt.Errorf("%s: its badge template does not exist: %w", what, enroll.ErrNotFound)
		}
		return fmt.Errorf("%s: its cardholder, operator or credential does not exist: %w", what, enroll.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// ByID in a write transaction locks the row first, in a statement of its
// own: a SELECT ... FOR UPDATE that waited for another station's answer
// returns the answered row but keeps the names it had joined before (the
// responder's none), so the names are read after the lock, in a statement
// that sees that answer whole.
func (rr requests) ByID(ctx context.Context, id int64) (enroll.CardRequest, error) {
	if rr.row != "" {
		var one int
		err := rr.q.QueryRowContext(ctx, "SELECT 1 FROM card_requests WHERE id = ?"+rr.row, id).Scan(&one)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return enroll.CardRequest{}, fmt.Errorf("locking card request %d: %w", id, err)
		}
	}
	r, err := sqlvalue.ScanRequest(rr.q.QueryRowContext(ctx, requestCols+" FROM card_requests r"+requestJoins+" WHERE r.id = ?", id))
	if err != nil {
		return enroll.CardRequest{}, notFound(err, fmt.Sprintf("card request %d", id))
	}
	return r, nil
}

// requestFilter only tests columns of card_requests itself, so the queue can
// be filtered and paged without reading a cardholder row per request. Every
// word of the text must start a word of the cardholder's name, the reason,
// the note or the requester's name (requests_fts holds those words, kept by
// triggers); the matching ids are then checked against the status index.
func requestFilter(q enroll.RequestQuery) *filter {
	f := &filter{}
	if q.Status != "" {
		f.Add("r.status = ?", string(q.Status))
	}
	if q.CardholderID != 0 {
		f.Add("r.cardholder_id = ?", q.CardholderID)
	}
	if strings.TrimSpace(q.Text) != "" {
		if hasSearchWords(q.Text) {
			f.Add("r.id IN (SELECT request_id FROM requests_fts WHERE words @@ carddesk_search_query(?))", q.Text)
		} else {
			f.Add("false") // only punctuation: no word can match it
		}
	}
	return f
}

// requestOrder is the ORDER BY of a sort inside the paging subquery (alias
// r, with the cardholder as c and the requester as rb when the sort needs
// them) and outside it (the joined row). Names sort ignoring case through
// lower(), as SQLite's COLLATE NOCASE, byte for byte (see cardholderOrder).
func requestOrder(sort enroll.RequestSort) (inner, joins, outer string) {
	const tie = "r.created_at, r.id"
	switch sort {
	case enroll.SortNewest:
		return "r.created_at DESC, r.id DESC", "", "r.created_at DESC, r.id DESC"
	case enroll.SortCardholder:
		by := `lower(c.last_name) COLLATE "C", lower(c.first_name) COLLATE "C", ` + tie
		return by, " JOIN cardholders c ON c.id = r.cardholder_id", by
	case enroll.SortReason: // requests without a reason last, not first
		by := `r.reason = '', lower(r.reason) COLLATE "C", ` + tie
		return by, "", by
	case enroll.SortRequester:
		by := `lower(rb.name) COLLATE "C", ` + tie
		return by, " JOIN operators rb ON rb.id = r.requested_by", by
	}
	return tie, "", tie
}

// requestPageQuery selects one page in a subquery so that the joins run for
// the rows shown only, not for every row an OFFSET skips.
func requestPageQuery(q enroll.RequestQuery) (string, []any) {
	f := requestFilter(q)
	inner, joins, outer := requestOrder(q.Sort)
	return requestCols + " FROM (SELECT r.* FROM card_requests r" + joins + f.Where() +
		" ORDER BY " + inner + page(q.Limit, q.Offset) + ") r" + requestJoins + " ORDER BY " + outer, f.Args
}

// prefixPage is the page of a search for one short word in the queue of
// one status, oldest or newest first: the entries of its prefix in
// request_prefixes are its matches in that order (the page is chosen before
// the join, so the plan cannot hash every match first).
func prefixPage(q enroll.RequestQuery, prefix string) (string, []any) {
	dir := ""
	if q.Sort == enroll.SortNewest {
		dir = " DESC"
	}
	_, _, outer := requestOrder(q.Sort)
	return requestCols + " FROM (SELECT r.* FROM (SELECT p.request_id FROM request_prefixes p" +
		" WHERE p.prefix = ? AND p.status = ? ORDER BY p.prefix" + dir + ", p.status" + dir + ", p.created_at" + dir +
		", p.request_id" + dir + page(q.Limit, q.Offset) + ") p JOIN card_requests r ON r.id = p.request_id) r" +
		requestJoins + " ORDER BY " + outer, []any{prefix, string(q.Status)}
}

// shortWord is a search the prefix tables answer: one word of up to
// prefixLen letters, n requests matching it.
type shortWord struct {
	prefix string
	n      int
	ok     bool
}

// shortSearch reads the prefix counters when q is such a search, whatever
// its other filters but the cardholder.
func (rr requests) shortSearch(ctx context.Context, q enroll.RequestQuery) (shortWord, error) {
	if !hasSearchWords(q.Text) || !mayBeShort(q.Text) || q.CardholderID != 0 {
		return shortWord{}, nil
	}
	plan, err := planSearch(ctx, rr.q, "requests", q.Text, string(q.Status))
	if err != nil {
		return shortWord{}, err
	}
	prefix, ok := plan.short()
	if !ok {
		return shortWord{}, nil
	}
	return shortWord{prefix, int(plan.terms[0].n), true}, nil
}

func (rr requests) List(ctx context.Context, q enroll.RequestQuery) ([]enroll.CardRequest, error) {
	w, err := rr.shortSearch(ctx, q)
	if err != nil {
		return nil, err
	}
	return rr.list(ctx, q, w)
}

func (rr requests) list(ctx context.Context, q enroll.RequestQuery, w shortWord) ([]enroll.CardRequest, error) {
	query, args := requestPageQuery(q)
	if w.ok && q.Status != "" && (q.Sort == enroll.SortOldest || q.Sort == enroll.SortNewest) {
		query, args = prefixPage(q, w.prefix)
	}
	rows, err := rr.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("listing card requests: %w", err)
	}
	return collect(rows, sqlvalue.ScanRequest, "listing card requests")
}

// Page is List and Count in one transaction.
func (rr requests) Page(ctx context.Context, q enroll.RequestQuery) ([]enroll.CardRequest, int, error) {
	w, err := rr.shortSearch(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	out, err := rr.list(ctx, q, w)
	if err != nil {
		return nil, 0, err
	}
	n, err := rr.count(ctx, q, w)
	return out, n, err
}

func (rr requests) Count(ctx context.Context, q enroll.RequestQuery) (int, error) {
	w, err := rr.shortSearch(ctx, q)
	if err != nil {
		return 0, err
	}
	return rr.count(ctx, q, w)
}

// count reads the prefix counter for one short word and counts through the
// indexes otherwise.
func (rr requests) count(ctx context.Context, q enroll.RequestQuery, w shortWord) (int, error) {
	if w.ok {
		return w.n, nil
	}
	f := requestFilter(q)
	var n int
	if err := rr.q.QueryRowContext(ctx, "SELECT count(*) FROM card_requests r"+f.Where(), f.Args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting card requests: %w", err)
	}
	return n, nil
}
