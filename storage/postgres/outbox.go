package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

type outbox struct {
	q    conn
	lock string // ends Due's SELECT (tx.claimLock)
}

func (t *tx) Outbox() enroll.OutboxRepo { return outbox{t.q, t.claimLock()} }

const mailCols = `id, recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at`

// Enqueue stores a message as queued unless the caller says otherwise.
func (r outbox) Enqueue(ctx context.Context, m *enroll.Mail) error {
	if m.Status == "" {
		m.Status = enroll.MailQueued
	}
	var id int64
	err := r.q.QueryRowContext(ctx, `INSERT INTO mail_outbox
		(recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.To, m.Subject, m.Body, string(m.Status), m.Attempts, msOrNull(m.NextAttemptAt), m.LastError,
		m.CreatedAt.UnixMilli(), msOrNull(m.SentAt)).Scan(&id)
	if err != nil {
		return fmt.Errorf("queueing mail %q: %w", m.Subject, err)
	}
	m.ID = id
	return nil
}

// Due returns queued messages whose next attempt is not in the future
// (no next attempt set means "now"), the longest waiting first.
func (r outbox) Due(ctx context.Context, now time.Time, limit int) ([]enroll.Mail, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT "+mailCols+` FROM mail_outbox
		WHERE status = ? AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
		ORDER BY coalesce(next_attempt_at, created_at), id`+page(limit, 0)+r.lock,
		string(enroll.MailQueued), now.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("reading due mail: %w", err)
	}
	return collect(rows, sqlvalue.ScanMail, "reading due mail")
}

func (r outbox) MarkSent(ctx context.Context, id int64, at time.Time) error {
	res, err := r.q.ExecContext(ctx, `UPDATE mail_outbox
		SET status = ?, sent_at = ?, attempts = attempts + 1, next_attempt_at = NULL, last_error = ''
		WHERE id = ?`, string(enroll.MailSent), msOrNull(at), id)
	if err != nil {
		return fmt.Errorf("marking mail %d sent: %w", id, err)
	}
	return mustAffect(res, "mail", id)
}

func (r outbox) MarkFailed(ctx context.Context, id int64, reason string, next time.Time) error {
	res, err := r.q.ExecContext(ctx, `UPDATE mail_outbox
		SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
		WHERE id = ?`, reason, msOrNull(next), id)
	if err != nil {
		return fmt.Errorf("marking mail %d failed: %w", id, err)
	}
	return mustAffect(res, "mail", id)
}

func (r outbox) Lease(ctx context.Context, id int64, until time.Time) error {
	res, err := r.q.ExecContext(ctx, "UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ? AND status = ?",
		until.UnixMilli(), id, string(enroll.MailQueued))
	if err != nil {
		return fmt.Errorf("leasing mail %d: %w", id, err)
	}
	return mustAffect(res, "queued mail", id)
}

func (r outbox) List(ctx context.Context, status enroll.MailStatus) ([]enroll.Mail, error) {
	f := &filter{}
	if status != "" {
		f.Add("status = ?", string(status))
	}
	rows, err := r.q.QueryContext(ctx, "SELECT "+mailCols+" FROM mail_outbox"+f.Where()+
		" ORDER BY created_at DESC, id DESC", f.Args...)
	if err != nil {
		return nil, fmt.Errorf("listing mail: %w", err)
	}
	return collect(rows, sqlvalue.ScanMail, "listing mail")
}
