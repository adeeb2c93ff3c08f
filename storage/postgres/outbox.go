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

const mailCols = `id, recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at,
	leased_until, leased_by, handed_over_at`

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

// Due returns queued messages nobody holds a lease on at now, the longest
// waiting first (no next attempt set means "now"); without force only
// those whose backoff is over.
func (r outbox) Due(ctx context.Context, now time.Time, force bool, limit int) ([]enroll.Mail, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT "+mailCols+` FROM mail_outbox
		WHERE status = ? AND (leased_until IS NULL OR leased_until <= ?)
		AND (? OR next_attempt_at IS NULL OR next_attempt_at <= ?)
		ORDER BY coalesce(next_attempt_at, created_at), id`+page(limit, 0)+r.lock,
		string(enroll.MailQueued), now.UnixMilli(), force, now.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("reading due mail: %w", err)
	}
	return collect(rows, sqlvalue.ScanMail, "reading due mail")
}

func (r outbox) Leased(ctx context.Context, now time.Time) ([]enroll.Mail, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT "+mailCols+` FROM mail_outbox
		WHERE status = ? AND leased_until > ? ORDER BY id`+r.lock, string(enroll.MailQueued), now.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("reading leased mail: %w", err)
	}
	return collect(rows, sqlvalue.ScanMail, "reading leased mail")
}

func (r outbox) MarkSent(ctx context.Context, id int64, at time.Time) error {
	res, err := r.q.ExecContext(ctx, `UPDATE mail_outbox
		SET status = ?, sent_at = ?, attempts = attempts + 1, next_attempt_at = NULL, last_error = '',
			leased_until = NULL, leased_by = '', handed_over_at = NULL
		WHERE id = ?`, string(enroll.MailSent), msOrNull(at), id)
	if err != nil {
		return fmt.Errorf("marking mail %d sent: %w", id, err)
	}
	return mustAffect(res, "mail", id)
}

func (r outbox) MarkFailed(ctx context.Context, id int64, reason string, next time.Time) error {
	res, err := r.q.ExecContext(ctx, `UPDATE mail_outbox
		SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
			leased_until = NULL, leased_by = '', handed_over_at = NULL
		WHERE id = ?`, reason, msOrNull(next), id)
	if err != nil {
		return fmt.Errorf("marking mail %d failed: %w", id, err)
	}
	return mustAffect(res, "mail", id)
}

func (r outbox) Lease(ctx context.Context, id int64, until time.Time, holder string) error {
	res, err := r.q.ExecContext(ctx, `UPDATE mail_outbox SET leased_until = ?, leased_by = ?, handed_over_at = NULL
		WHERE id = ? AND status = ?`, until.UnixMilli(), holder, id, string(enroll.MailQueued))
	if err != nil {
		return fmt.Errorf("leasing mail %d: %w", id, err)
	}
	return mustAffect(res, "queued mail", id)
}

func (r outbox) HandOver(ctx context.Context, id int64, holder string, at time.Time) error {
	res, err := r.q.ExecContext(ctx, `UPDATE mail_outbox SET handed_over_at = ?
		WHERE id = ? AND status = ? AND leased_by = ? AND leased_until > ?`,
		at.UnixMilli(), id, string(enroll.MailQueued), holder, at.UnixMilli())
	if err != nil {
		return fmt.Errorf("handing over mail %d: %w", id, err)
	}
	return mustAffect(res, "mail leased by this process", id)
}

func (r outbox) MarkUncertain(ctx context.Context, id int64, reason string) error {
	res, err := r.q.ExecContext(ctx, `UPDATE mail_outbox
		SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = NULL,
			leased_until = NULL, leased_by = ''
		WHERE id = ?`, string(enroll.MailUncertain), reason, id)
	if err != nil {
		return fmt.Errorf("marking mail %d uncertain: %w", id, err)
	}
	return mustAffect(res, "mail", id)
}

func (r outbox) Requeue(ctx context.Context, id int64) error {
	res, err := r.q.ExecContext(ctx, `UPDATE mail_outbox
		SET status = ?, next_attempt_at = NULL, handed_over_at = NULL, leased_until = NULL, leased_by = ''
		WHERE id = ? AND status = ?`, string(enroll.MailQueued), id, string(enroll.MailUncertain))
	if err != nil {
		return fmt.Errorf("queueing mail %d again: %w", id, err)
	}
	return mustAffect(res, "uncertain mail", id)
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
