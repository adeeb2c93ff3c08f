package sqlite

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/enroll"
)

// Two stations (two processes in real life, two *DB here, each with its own
// writer connection) answer the same request at once: the version check must
// hold across connections, not only inside one pool.
func TestTwoStationsRaceForOneRequest(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "shared.db")
	a, err := Open(ctx, path, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, path, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	t0 := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	op := enroll.Operator{Name: "desk", Role: enroll.RoleOperator, CreatedAt: t0}
	holder := enroll.Cardholder{FirstName: "Jan", LastName: "Jansen", Status: enroll.CardholderActive, CreatedAt: t0, UpdatedAt: t0}
	err = a.Update(ctx, func(tx enroll.Tx) error {
		if err := tx.Operators().Create(ctx, &op); err != nil {
			return err
		}
		return tx.Cardholders().Create(ctx, &holder)
	})
	if err != nil {
		t.Fatal(err)
	}

	const rounds = 10
	for round := range rounds {
		r := enroll.CardRequest{CardholderID: holder.ID, RequestedBy: op.ID, Status: enroll.RequestPending,
			Activation: enroll.Activation{Mode: enroll.ActivateNever}, CreatedAt: t0, UpdatedAt: t0}
		if err := a.Update(ctx, func(tx enroll.Tx) error { return tx.Requests().Create(ctx, &r) }); err != nil {
			t.Fatal(err)
		}
		var wg, read sync.WaitGroup
		read.Add(2)
		errs := make([]error, 2)
		for i, db := range []*DB{a, b} {
			wg.Go(func() {
				var mine enroll.CardRequest
				err := db.View(ctx, func(tx enroll.Tx) error {
					var err error
					mine, err = tx.Requests().ByID(ctx, r.ID)
					return err
				})
				read.Done()
				read.Wait() // both have read version 1 before either writes
				if err != nil {
					errs[i] = err
					return
				}
				mine.Status, mine.RespondedBy, mine.RespondedAt = enroll.RequestCompleted, op.ID, t0.Add(time.Minute)
				errs[i] = db.Update(ctx, func(tx enroll.Tx) error { return tx.Requests().Update(ctx, &mine) })
			})
		}
		wg.Wait()
		won, stale := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, enroll.ErrStale):
				stale++
			default:
				t.Fatalf("round %d: unexpected error %v", round, err)
			}
		}
		if won != 1 || stale != 1 {
			t.Fatalf("round %d: %d won, %d stale; want exactly one of each", round, won, stale)
		}
	}
}
