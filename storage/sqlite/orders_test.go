package sqlite

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// orderWorld stores a cardholder with a credential, a personal card ordered
// for them and produced with that credential, and a temporary card in the
// stock, all linked to one another.
func orderWorld(t *testing.T, db *DB) (enroll.Cardholder, enroll.Credential, enroll.OrderedCard) {
	t.Helper()
	ctx := t.Context()
	now := time.Now().UTC().Truncate(time.Millisecond)
	h := enroll.Cardholder{FirstName: "Anna", LastName: "Dąbrowska", Status: enroll.CardholderActive,
		CreatedAt: now, UpdatedAt: now}
	k := enroll.Credential{Format: "h10301", Bits: "1", Status: enroll.CredentialInactive, CreatedAt: now, UpdatedAt: now}
	c := enroll.OrderedCard{CardID: "c-1", OrderID: "o-1", Kind: enroll.KindPersonal, Status: enroll.OrderProduced,
		Photo: []byte{0xff, 0xd8, 0xff}, CreatedAt: now, UpdatedAt: now}
	tmp := enroll.OrderedCard{CardID: "c-2", OrderID: "o-2", Kind: enroll.KindTemporary, Status: enroll.OrderProduced,
		CreatedAt: now, UpdatedAt: now}
	err := db.Update(ctx, func(tx enroll.Tx) error {
		if err := tx.Cardholders().Create(ctx, &h); err != nil {
			return err
		}
		k.CardholderID = h.ID
		if err := tx.Credentials().Create(ctx, &k); err != nil {
			return err
		}
		c.CardholderID, c.CredentialID = h.ID, k.ID
		if err := tx.OrderedCards().Create(ctx, &c); err != nil {
			return err
		}
		if err := tx.OrderedCards().Create(ctx, &tmp); err != nil {
			return err
		}
		return tx.TempCards().Create(ctx, &enroll.TempCard{CardID: tmp.CardID, Status: enroll.TempAssigned,
			CardholderID: h.ID, CreatedAt: now, UpdatedAt: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	return h, k, c
}

// Cardholders and credentials are never deleted by CardDesk; should any
// SQL try, an ordered or temporary card must not be left pointing at
// nothing, and a temporary card must not lose its ordered card.
func TestOrderedCardsKeepTheirReferences(t *testing.T) {
	db := openTemp(t)
	h, k, _ := orderWorld(t, db)
	for _, stmt := range []string{
		fmt.Sprintf("DELETE FROM cardholders WHERE id = %d", h.ID),
		fmt.Sprintf("DELETE FROM credentials WHERE id = %d", k.ID),
		"DELETE FROM ordered_cards WHERE card_id = 'c-2'",
	} {
		_, err := db.w.ExecContext(t.Context(), stmt)
		if !isForeignKey(err) {
			t.Errorf("%s: got %v, want a foreign key refusal", stmt, err)
		}
	}
}

// A status or kind the code does not know never reaches the tables.
func TestOrderTablesRefuseUnknownValues(t *testing.T) {
	db := openTemp(t)
	orderWorld(t, db)
	for _, stmt := range []string{
		"UPDATE ordered_cards SET status = 'lost' WHERE card_id = 'c-1'",
		"UPDATE ordered_cards SET kind = 'visitor' WHERE card_id = 'c-1'",
		"UPDATE ordered_cards SET send_started = 2 WHERE card_id = 'c-1'",
		"UPDATE temp_cards SET status = 'lost' WHERE card_id = 'c-2'",
	} {
		_, err := db.w.ExecContext(t.Context(), stmt)
		if err == nil || !strings.Contains(err.Error(), "CHECK constraint failed") {
			t.Errorf("%s: got %v, want a CHECK refusal", stmt, err)
		}
	}
	ctx := t.Context()
	err := db.Update(ctx, func(tx enroll.Tx) error {
		c, err := tx.OrderedCards().ByID(ctx, "c-1")
		if err != nil {
			return err
		}
		c.Status = "lost"
		return tx.OrderedCards().Update(ctx, &c)
	})
	if err == nil || errors.Is(err, enroll.ErrNotFound) || errors.Is(err, enroll.ErrStale) {
		t.Errorf("Update to an unknown status: got %v, want a plain refusal", err)
	}
}

// checkOrdersWork: the order tables accept cards for the cardholder and
// credential a station already had (TestUpgradeFromEveryVersion).
func checkOrdersWork(t *testing.T, db *DB, holder, credential int64) {
	t.Helper()
	ctx := t.Context()
	now := time.Now().UTC().Truncate(time.Millisecond)
	c := enroll.OrderedCard{CardID: "c-1", OrderID: "o-1", Kind: enroll.KindTemporary, Status: enroll.OrderProduced,
		CredentialID: credential, CreatedAt: now, UpdatedAt: now}
	tc := enroll.TempCard{CardID: c.CardID, Status: enroll.TempAssigned, CardholderID: holder,
		CredentialID: credential, Until: now.Truncate(24 * time.Hour), CreatedAt: now, UpdatedAt: now}
	err := db.Update(ctx, func(tx enroll.Tx) error {
		if err := tx.OrderedCards().Create(ctx, &c); err != nil {
			return err
		}
		return tx.TempCards().Create(ctx, &tc)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, func(tx enroll.Tx) error {
		held, err := tx.TempCards().AssignedTo(ctx, holder)
		if err != nil {
			return err
		}
		if len(held) != 1 || held[0].CredentialID != credential {
			t.Errorf("cardholder %d holds %+v, want the one temporary card", holder, held)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
