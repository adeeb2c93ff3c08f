package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

func (t *tx) OrderedCards() enroll.OrderedCardRepo {
	return orderedCards{q: t.q, claim: t.claimLock(), row: t.rowLock("ordered_cards")}
}

type orderedCards struct {
	q     conn
	claim string // ends Due's SELECT (tx.claimLock)
	row   string // ends ByID's SELECT (tx.rowLock)
}

// orderedCardCols leaves the photo out; ByID and Due append it, because
// they are the reads a send is made from. fields is JSONB, read as text.
const orderedCardCols = `card_id, order_id, kind, status, cardholder_id, layout_id, fields::text, ordered_by,
	station, attempts, last_error, send_started, next_attempt, lease_until, producer_version,
	failure_reason, credential_id, chip_uid, received_at, created_at, updated_at, version, lease_holder`

// Create starts every card at version 1, whatever the caller passed.
func (r orderedCards) Create(ctx context.Context, c *enroll.OrderedCard) error {
	fields, err := sqlvalue.FieldsJSON(c.Fields)
	if err != nil {
		return fmt.Errorf("storing ordered card %s: %w", c.CardID, err)
	}
	_, err = r.q.ExecContext(ctx, `INSERT INTO ordered_cards
		(card_id, order_id, kind, status, cardholder_id, layout_id, fields, ordered_by, station,
		 attempts, last_error, send_started, next_attempt, lease_until, producer_version, failure_reason,
		 credential_id, chip_uid, received_at, created_at, updated_at, version, photo, lease_holder)
		VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		c.CardID, c.OrderID, string(c.Kind), string(c.Status), idOrNull(c.CardholderID), c.LayoutID, fields, c.OrderedBy, c.Station,
		c.Attempts, c.LastError, c.SendStarted, msOrNull(c.NextAttempt), msOrNull(c.LeaseUntil), c.ProducerVersion,
		c.FailureReason, idOrNull(c.CredentialID), c.ChipUID, msOrNull(c.ReceivedAt), c.CreatedAt.UnixMilli(),
		c.UpdatedAt.UnixMilli(), blobOrNull(c.Photo), c.LeaseHolder)
	if err != nil {
		return orderedCardWriteErr("storing", c.CardID, err)
	}
	c.Version = 1
	return nil
}

// Update writes the card's progress only. What was ordered (order, kind,
// cardholder, layout, fields, photo, who and where, CreatedAt) stays as
// created: every send of a card must carry the same body, or the producer
// refuses it (422), and a card read by List, which has no photo, must not
// lose its photo when it is written back.
func (r orderedCards) Update(ctx context.Context, c *enroll.OrderedCard) error {
	res, err := r.q.ExecContext(ctx, `UPDATE ordered_cards SET
		status = ?, attempts = ?, last_error = ?, send_started = ?, next_attempt = ?, lease_until = ?, lease_holder = ?,
		producer_version = ?, failure_reason = ?, credential_id = ?, chip_uid = ?, received_at = ?, updated_at = ?,
		version = version + 1
		WHERE card_id = ? AND version = ?`,
		string(c.Status), c.Attempts, c.LastError, c.SendStarted, msOrNull(c.NextAttempt), msOrNull(c.LeaseUntil), c.LeaseHolder,
		c.ProducerVersion, c.FailureReason, idOrNull(c.CredentialID), c.ChipUID, msOrNull(c.ReceivedAt),
		c.UpdatedAt.UnixMilli(), c.CardID, c.Version)
	if err != nil {
		return orderedCardWriteErr("updating", c.CardID, err)
	}
	if err := checkVersion(ctx, r.q, res, "ordered_cards", "ordered card", c.CardID, c.Version); err != nil {
		return err
	}
	c.Version++
	return nil
}

// checkVersion tells a stale version from a missing row when an optimistic
// update keyed by card_id matched nothing.
func checkVersion(ctx context.Context, q conn, res sql.Result, table, entity, key string, version int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("updating %s %s: %w", entity, key, err)
	}
	if n > 0 {
		return nil
	}
	var one int
	// table is one of our constants, never input.
	if err := q.QueryRowContext(ctx, "SELECT 1 FROM "+table+" WHERE card_id = ?", key).Scan(&one); err != nil {
		return notFound(err, fmt.Sprintf("%s %s", entity, key))
	}
	return fmt.Errorf("%s %s (version %d): %w", entity, key, version, enroll.ErrStale)
}

func orderedCardWriteErr(verb, cardID string, err error) error {
	switch {
	case isUnique(err):
		return fmt.Errorf("%s ordered card %s: %w", verb, cardID, enroll.ErrDuplicate)
	case isForeignKey(err):
		return fmt.Errorf("%s ordered card %s: its cardholder or credential does not exist: %w",
			verb, cardID, enroll.ErrNotFound)
	}
	return fmt.Errorf("%s ordered card %s: %w", verb, cardID, err)
}

func (r orderedCards) ByID(ctx context.Context, cardID string) (enroll.OrderedCard, error) {
	c, err := sqlvalue.ScanOrderedCardWithPhoto(r.q.QueryRowContext(ctx,
		"SELECT "+orderedCardCols+", photo FROM ordered_cards WHERE card_id = ?"+r.row, cardID))
	if err != nil {
		return enroll.OrderedCard{}, notFound(err, "ordered card "+cardID)
	}
	return c, nil
}

func orderedCardFilter(q enroll.OrderedCardQuery) *filter {
	f := &filter{}
	if q.Status != "" {
		f.Add("status = ?", string(q.Status))
	}
	if q.Kind != "" {
		f.Add("kind = ?", string(q.Kind))
	}
	if q.CardholderID != 0 {
		f.Add("cardholder_id = ?", q.CardholderID)
	}
	if q.OrderID != "" {
		f.Add("order_id = ?", q.OrderID)
	}
	return f
}

func (r orderedCards) List(ctx context.Context, q enroll.OrderedCardQuery) ([]enroll.OrderedCard, error) {
	f := orderedCardFilter(q)
	rows, err := r.q.QueryContext(ctx, "SELECT "+orderedCardCols+" FROM ordered_cards"+f.Where()+
		" ORDER BY created_at DESC, card_id DESC"+page(q.Limit, q.Offset), f.Args...)
	if err != nil {
		return nil, fmt.Errorf("listing ordered cards: %w", err)
	}
	return collect(rows, func(s scanner) (enroll.OrderedCard, error) { return sqlvalue.ScanOrderedCard(s) },
		"listing ordered cards")
}

func (r orderedCards) Count(ctx context.Context, q enroll.OrderedCardQuery) (int, error) {
	f := orderedCardFilter(q)
	var n int
	if err := r.q.QueryRowContext(ctx, "SELECT count(*) FROM ordered_cards"+f.Where(), f.Args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting ordered cards: %w", err)
	}
	return n, nil
}

// Due reads the photo too: the sync sends what it reads here. No lease or
// no next attempt (NULL, the zero time) is always in the past. A limit of
// 0 or less means no limit.
func (r orderedCards) Due(ctx context.Context, now time.Time, all bool, limit int) ([]enroll.OrderedCard, error) {
	f := &filter{}
	f.Add("status = ?", string(enroll.OrderProcessing))
	f.Add("(lease_until IS NULL OR lease_until <= ?)", now.UnixMilli())
	if !all {
		f.Add("(next_attempt IS NULL OR next_attempt <= ?)", now.UnixMilli())
	}
	rows, err := r.q.QueryContext(ctx, "SELECT "+orderedCardCols+", photo FROM ordered_cards"+f.Where()+
		" ORDER BY created_at, card_id"+page(limit, 0)+r.claim, f.Args...)
	if err != nil {
		return nil, fmt.Errorf("reading due ordered cards: %w", err)
	}
	return collect(rows, sqlvalue.ScanOrderedCardWithPhoto, "reading due ordered cards")
}

func (r orderedCards) Leased(ctx context.Context, now time.Time) ([]enroll.OrderedCard, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT "+orderedCardCols+`, photo FROM ordered_cards
		WHERE status = ? AND lease_until > ? ORDER BY created_at, card_id`+r.claim, string(enroll.OrderProcessing), now.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("reading leased ordered cards: %w", err)
	}
	return collect(rows, sqlvalue.ScanOrderedCardWithPhoto, "reading leased ordered cards")
}
