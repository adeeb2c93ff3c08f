package storagetest

import (
	"errors"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

var txTests = []storeTest{
	{"Tx/RollbackOnError", testRollback},
	{"Tx/ViewIsReadOnly", testViewReadOnly},
}

var errBoom = errors.New("boom")

// An error from the callback undoes every write of the transaction, across
// all repositories.
func testRollback(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	err := s.Update(ctx, func(tx enroll.Tx) error {
		op := enroll.Operator{Name: "tom", Role: enroll.RoleAdmin, CreatedAt: t0}
		if err := tx.Operators().Create(ctx, &op); err != nil {
			return err
		}
		c := person("Tim", "Tak", "Sales", "HR-1")
		if err := tx.Cardholders().Create(ctx, &c); err != nil {
			return err
		}
		if err := tx.Cardholders().CreateMany(ctx, GenCardholders(3, 1)[1:]); err != nil {
			return err
		}
		r := enroll.CardRequest{CardholderID: c.ID, RequestedBy: op.ID, Status: enroll.RequestPending,
			Activation: enroll.Activation{Mode: enroll.ActivateNever}, CreatedAt: t0, UpdatedAt: t0}
		if err := tx.Requests().Create(ctx, &r); err != nil {
			return err
		}
		k := credential("H10301", "0001", nil)
		if err := tx.Credentials().Create(ctx, &k); err != nil {
			return err
		}
		if err := tx.Reasons().Create(ctx, &enroll.Reason{Text: "x"}); err != nil {
			return err
		}
		if err := tx.Settings().Set(ctx, "k", "v"); err != nil {
			return err
		}
		if err := tx.Audit().Append(ctx, &enroll.AuditEvent{At: t0, Action: "x"}); err != nil {
			return err
		}
		if err := tx.Outbox().Enqueue(ctx, &enroll.Mail{To: "x@example.com", CreatedAt: t0}); err != nil {
			return err
		}
		oc := orderedCard(1, enroll.KindTemporary, 0)
		if err := tx.OrderedCards().Create(ctx, &oc); err != nil {
			return err
		}
		tc := enroll.TempCard{CardID: oc.CardID, Status: enroll.TempUnassigned, CreatedAt: t0, UpdatedAt: t0}
		if err := tx.TempCards().Create(ctx, &tc); err != nil {
			return err
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("Update returned %v, want the callback's error", err)
	}
	view(t, s, func(tx enroll.Tx) error {
		counts := map[string]func() (int, error){
			"operators":   func() (int, error) { return tx.Operators().Count(ctx) },
			"cardholders": func() (int, error) { return tx.Cardholders().Count(ctx, enroll.CardholderQuery{}) },
			"search":      func() (int, error) { return tx.Cardholders().Count(ctx, enroll.CardholderQuery{Text: "tim"}) },
			"requests":    func() (int, error) { return tx.Requests().Count(ctx, enroll.RequestQuery{}) },
			"credentials": func() (int, error) { return tx.Credentials().Count(ctx, enroll.CredentialQuery{}) },
			"audit":       func() (int, error) { return tx.Audit().Count(ctx, enroll.AuditQuery{}) },
			"reasons":     func() (int, error) { rs, err := tx.Reasons().List(ctx); return len(rs), err },
			"settings":    func() (int, error) { m, err := tx.Settings().All(ctx); return len(m), err },
			"mail":        func() (int, error) { ms, err := tx.Outbox().List(ctx, ""); return len(ms), err },
			"orders":      func() (int, error) { return tx.OrderedCards().Count(ctx, enroll.OrderedCardQuery{}) },
			"temp cards":  func() (int, error) { cs, err := tx.TempCards().List(ctx, ""); return len(cs), err },
		}
		for what, count := range counts {
			n, err := count()
			if err != nil {
				return err
			}
			if n != 0 {
				t.Errorf("%s: %d rows survived the rollback", what, n)
			}
		}
		return nil
	})
}

func testViewReadOnly(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	err := s.View(ctx, func(tx enroll.Tx) error {
		return tx.Operators().Create(ctx, &enroll.Operator{Name: "sneaky", Role: enroll.RoleAdmin, CreatedAt: t0})
	})
	if err == nil {
		t.Error("a write inside View must fail")
	}
	n := read(t, s, func(tx enroll.Tx) (int, error) { return tx.Operators().Count(ctx) })
	if n != 0 {
		t.Errorf("View wrote %d operators", n)
	}
}
