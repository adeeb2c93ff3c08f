package sqlite

import (
	"context"
	"fmt"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

type tempCards struct{ q *conn }

const tempCardSelect = `SELECT card_id, status, cardholder_id, until, credential_id, created_at, updated_at, version
	FROM temp_cards`

// Create starts every card at version 1, whatever the caller passed.
func (r tempCards) Create(ctx context.Context, c *enroll.TempCard) error {
	_, err := r.q.ExecContext(ctx, `INSERT INTO temp_cards
		(card_id, status, cardholder_id, until, credential_id, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
		c.CardID, c.Status, idOrNull(c.CardholderID), msOrNull(c.Until), idOrNull(c.CredentialID),
		c.CreatedAt.UnixMilli(), c.UpdatedAt.UnixMilli())
	if err != nil {
		return tempCardWriteErr("storing", c, err)
	}
	c.Version = 1
	return nil
}

// Update leaves CreatedAt as created; everything else is the card's state.
func (r tempCards) Update(ctx context.Context, c *enroll.TempCard) error {
	res, err := r.q.ExecContext(ctx, `UPDATE temp_cards SET
		status = ?, cardholder_id = ?, until = ?, credential_id = ?, updated_at = ?, version = version + 1
		WHERE card_id = ? AND version = ?`,
		c.Status, idOrNull(c.CardholderID), msOrNull(c.Until), idOrNull(c.CredentialID),
		c.UpdatedAt.UnixMilli(), c.CardID, c.Version)
	if err != nil {
		return tempCardWriteErr("updating", c, err)
	}
	if err := checkVersion(ctx, r.q, res, "temp_cards", "temporary card", c.CardID, c.Version); err != nil {
		return err
	}
	c.Version++
	return nil
}

// tempCardWriteErr tells the card's own id taken (primary key) from a
// cardholder who already holds an assigned card (temp_cards_one_assigned).
func tempCardWriteErr(verb string, c *enroll.TempCard, err error) error {
	switch {
	case sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return fmt.Errorf("%s temporary card %s: %w", verb, c.CardID, enroll.ErrDuplicate)
	case isUnique(err):
		return fmt.Errorf("%s temporary card %s: cardholder %d already holds an assigned temporary card: %w",
			verb, c.CardID, c.CardholderID, enroll.ErrDuplicate)
	case isForeignKey(err):
		return fmt.Errorf("%s temporary card %s: its ordered card, cardholder or credential does not exist: %w",
			verb, c.CardID, enroll.ErrNotFound)
	}
	return fmt.Errorf("%s temporary card %s: %w", verb, c.CardID, err)
}

func (r tempCards) ByID(ctx context.Context, cardID string) (enroll.TempCard, error) {
	c, err := sqlvalue.ScanTempCard(r.q.QueryRowContext(ctx, tempCardSelect+" WHERE card_id = ?", cardID))
	if err != nil {
		return enroll.TempCard{}, notFound(err, "temporary card "+cardID)
	}
	return c, nil
}

func (r tempCards) List(ctx context.Context, status enroll.TempCardStatus) ([]enroll.TempCard, error) {
	f := &filter{}
	if status != "" {
		f.Add("status = ?", status)
	}
	return r.query(ctx, "listing temporary cards", f.Where()+" ORDER BY created_at DESC, card_id DESC", f.Args...)
}

func (r tempCards) AssignedTo(ctx context.Context, cardholderID int64) ([]enroll.TempCard, error) {
	return r.query(ctx, fmt.Sprintf("reading temporary cards of cardholder %d", cardholderID),
		" WHERE cardholder_id = ? AND status = ? ORDER BY created_at, card_id", cardholderID, enroll.TempAssigned)
}

// Overdue compares with the instant day, so a card assigned until today
// is overdue only from tomorrow on when day is today's midnight.
func (r tempCards) Overdue(ctx context.Context, day time.Time) ([]enroll.TempCard, error) {
	return r.query(ctx, "reading overdue temporary cards",
		" WHERE status = ? AND until IS NOT NULL AND until < ? ORDER BY until, card_id",
		enroll.TempAssigned, day.UnixMilli())
}

func (r tempCards) query(ctx context.Context, what, tail string, args ...any) ([]enroll.TempCard, error) {
	rows, err := r.q.QueryContext(ctx, tempCardSelect+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return collect(rows, sqlvalue.ScanTempCard, what)
}
