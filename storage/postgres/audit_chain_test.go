package postgres

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/postgres/pgtest"
	"github.com/carddesk/carddesk/storage/storagetest"
)

// Someone with the owner's password edits the audit log behind the
// stations' backs: they disable the triggers, change rows and enable the
// triggers again. audit verify names the event they touched.
func TestAuditTampering(t *testing.T) {
	t.Parallel()
	storagetest.CheckAuditTampering(t, func(t *testing.T) storagetest.Tamper {
		db, dsn := openTest(t)
		other := openDSN(t, dsn) // another session than the station's
		return storagetest.Tamper{Store: db, BehindBack: func(t *testing.T, stmts ...string) {
			all := append([]string{"ALTER TABLE audit_events DISABLE TRIGGER USER"}, stmts...)
			all = append(all, "ALTER TABLE audit_events ENABLE TRIGGER USER")
			for _, s := range all {
				if _, err := other.pool.ExecContext(t.Context(), s); err != nil {
					t.Fatalf("%s: %v", s, err)
				}
			}
		}}
	})
}

// Stations append at the same time, each in transactions that go on after
// their event; the advisory lock lines the events up in one chain, in the
// order the transactions commit.
func TestAuditChainConcurrentStations(t *testing.T) {
	t.Parallel()
	_, dsn := openTest(t)
	stations := []*DB{openDSN(t, dsn), openDSN(t, dsn), openDSN(t, dsn)}
	const perWriter, writers = 15, 6
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := stations[w%len(stations)]
			for i := range perWriter {
				// Two events per change, with the rest of the change
				// between and after them, still uncommitted.
				err := db.Update(context.Background(), func(tx enroll.Tx) error {
					for j := range 2 {
						e := enroll.AuditEvent{At: time.Now(), Operator: fmt.Sprint("writer ", w), Action: "settings.update",
							Details: fmt.Sprintf("change %d.%d", i, j)}
						if err := tx.Audit().Append(context.Background(), &e); err != nil {
							return err
						}
						time.Sleep(time.Millisecond)
					}
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var v enroll.AuditVerification
	err := stations[0].View(t.Context(), func(tx enroll.Tx) error {
		var err error
		v, err = enroll.VerifyAuditChain(t.Context(), tx.Audit())
		return err
	})
	if err != nil || !v.Intact() || v.Events != 2*writers*perWriter {
		t.Errorf("verification after %d concurrent appends: %+v, %v", 2*writers*perWriter, v, err)
	}
}

// A shared database with a long audit log from before the chain (version
// 11) gets every event chained by the upgrade, a batch at a time, in id
// order.
func TestUpgradeChainsLongAuditLog(t *testing.T) {
	t.Parallel()
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	chain := slices.IndexFunc(ms, func(m migration) bool { return m.Name == "0012_audit_chain.sql" })
	dsn := pgtest.NewDatabase(t)
	old, err := open(t.Context(), dsn, nil, ms[:chain])
	if err != nil {
		t.Fatal(err)
	}
	const n = 2500
	_, err = old.pool.ExecContext(t.Context(), `INSERT INTO audit_events (at, operator, action, details)
		SELECT i * 1000, 'olga', 'cardholder.update', 'change ' || i FROM generate_series(1, $1) AS i`, n)
	old.Close()
	if err != nil {
		t.Fatal(err)
	}

	db := openDSN(t, dsn)
	var v enroll.AuditVerification
	err = db.View(t.Context(), func(tx enroll.Tx) error {
		v, err = enroll.VerifyAuditChain(t.Context(), tx.Audit())
		return err
	})
	if err != nil || !v.Intact() || v.Events != n || v.Head.Seq != n {
		t.Fatalf("after the upgrade: %+v, %v", v, err)
	}
}
