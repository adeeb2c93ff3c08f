package sqlite

import (
	"context"
	"fmt"
	"strings"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

type requests struct{ q *conn }

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
	res, err := rr.q.ExecContext(ctx, `INSERT INTO card_requests
		(cardholder_id, reason, template_id, activation_mode, activation_date, email_when_ready, note,
		 status, requested_by, responded_by, responded_at, response_note, credential_id,
		 created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		r.CardholderID, r.Reason, idOrNull(r.TemplateID), r.Activation.Mode, msOrNull(r.Activation.Date),
		r.EmailWhenReady, r.Note, r.Status, r.RequestedBy, idOrNull(r.RespondedBy), msOrNull(r.RespondedAt),
		r.ResponseNote, idOrNull(r.CredentialID), r.CreatedAt.UnixMilli(), r.UpdatedAt.UnixMilli())
	if err != nil {
		return requestWriteErr("creating card request", err)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("creating card request: %w", err)
	}
	r.Version = 1
	return nil
}

// Update is the optimistic lock that keeps two stations from both answering
// one request: it writes only over the version the caller read.
func (rr requests) Update(ctx context.Context, r *enroll.CardRequest) error {
	res, err := rr.q.ExecContext(ctx, `UPDATE card_requests SET
		cardholder_id = ?, reason = ?, template_id = ?, activation_mode = ?, activation_date = ?,
		email_when_ready = ?, note = ?, status = ?, requested_by = ?, responded_by = ?, responded_at = ?,
		response_note = ?, credential_id = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`,
		r.CardholderID, r.Reason, idOrNull(r.TemplateID), r.Activation.Mode, msOrNull(r.Activation.Date),
		r.EmailWhenReady, r.Note, r.Status, r.RequestedBy, idOrNull(r.RespondedBy), msOrNull(r.RespondedAt),
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

func requestWriteErr(what string, err error) error {
	if sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_TRIGGER && strings.Contains(err.Error(), "unknown badge template") {
		return fmt.Errorf("%s: its badge template does not exist: %w", what, enroll.ErrNotFound)
	}
	if isForeignKey(err) {
		return fmt.Errorf("%s: its cardholder, operator or credential does not exist: %w", what, enroll.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}

func (rr requests) ByID(ctx context.Context, id int64) (enroll.CardRequest, error) {
	r, err := sqlvalue.ScanRequest(rr.q.QueryRowContext(ctx, requestCols+" FROM card_requests r"+requestJoins+" WHERE r.id = ?", id))
	if err != nil {
		return enroll.CardRequest{}, notFound(err, fmt.Sprintf("card request %d", id))
	}
	return r, nil
}

// requestFilter only tests columns of card_requests itself, so the queue can
// be filtered and paged without reading a cardholder row per request. Every
// word of the text must start a word of the cardholder's name, the reason,
// the note or the requester's name (requests_fts holds those words); the
// matching ids are then checked against the status index alone.
func requestFilter(q enroll.RequestQuery) *filter {
	f := &filter{}
	if q.Status != "" {
		f.Add("r.status = ?", q.Status)
	}
	if q.CardholderID != 0 {
		f.Add("r.cardholder_id = ?", q.CardholderID)
	}
	if strings.TrimSpace(q.Text) != "" {
		if m := ftsQuery(q.Text); m != "" {
			f.Add("r.id IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?)", m)
		} else {
			f.Add("0") // only punctuation: no word can match it
		}
	}
	return f
}

// requestOrder is the ORDER BY of a sort inside the paging subquery (alias
// r, with the cardholder as c and the requester as rb when the sort needs
// them) and outside it (the joined row).
func requestOrder(sort enroll.RequestSort) (inner, joins, outer string) {
	const tie = "r.created_at, r.id"
	switch sort {
	case enroll.SortNewest:
		return "r.created_at DESC, r.id DESC", "", "r.created_at DESC, r.id DESC"
	case enroll.SortCardholder:
		by := "c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, " + tie
		return by, " JOIN cardholders c ON c.id = r.cardholder_id", by
	case enroll.SortReason: // requests without a reason last, not first
		by := "r.reason = '', r.reason COLLATE NOCASE, " + tie
		return by, "", by
	case enroll.SortRequester:
		by := "rb.name COLLATE NOCASE, " + tie
		return by, " JOIN operators rb ON rb.id = r.requested_by", by
	}
	return tie, "", tie
}

// pageQuery selects one page in a subquery so that the joins run for the
// rows shown only, not for every row an OFFSET skips.
func pageQuery(q enroll.RequestQuery) (string, []any) {
	f := requestFilter(q)
	inner, joins, outer := requestOrder(q.Sort)
	return requestCols + " FROM (SELECT r.* FROM card_requests r" + joins + f.Where() +
		" ORDER BY " + inner + page(q.Limit, q.Offset) + ") r" + requestJoins + " ORDER BY " + outer, f.Args
}

func (rr requests) List(ctx context.Context, q enroll.RequestQuery) ([]enroll.CardRequest, error) {
	query, args := pageQuery(q)
	rows, err := rr.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("listing card requests: %w", err)
	}
	return collect(rows, sqlvalue.ScanRequest, "listing card requests")
}

// Page is List and Count in one read transaction. A window count in the
// list query was measured slower: it makes SQLite materialise every
// matching row, where the count alone reads the status index only.
func (rr requests) Page(ctx context.Context, q enroll.RequestQuery) ([]enroll.CardRequest, int, error) {
	out, err := rr.List(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	n, err := rr.Count(ctx, q)
	return out, n, err
}

func (rr requests) Count(ctx context.Context, q enroll.RequestQuery) (int, error) {
	f := requestFilter(q)
	var n int
	if err := rr.q.QueryRowContext(ctx, "SELECT count(*) FROM card_requests r"+f.Where(), f.Args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting card requests: %w", err)
	}
	return n, nil
}
