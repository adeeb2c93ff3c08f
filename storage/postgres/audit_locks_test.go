package postgres

import (
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// Two stations take a row lock and append to the audit log in opposite
// orders at the same moment, as a producer sync's page of changes and a
// sent card's update do. Neither may end as a deadlock: the chain's lock
// is taken only at the commit, after every row lock.
func TestAuditAndRowLocksInEitherOrder(t *testing.T) {
	t.Parallel()
	db, _ := openTest(t)
	f := fixture{t, db}
	olga := f.operator("Olga")
	req := f.request(f.cardholder("Jan", "Jansen"), olga, "Lost card", "")
	ctx := within(t)
	locked, appended := make(chan struct{}), make(chan struct{})
	errs := make(chan error, 2)
	go func() { // locks the request, then appends once the other has appended
		errs <- db.Update(ctx, func(x enroll.Tx) error {
			if _, err := x.Requests().ByID(ctx, req); err != nil {
				return err
			}
			close(locked)
			<-appended
			time.Sleep(100 * time.Millisecond) // the other now waits for the request
			return x.Audit().Append(ctx, &enroll.AuditEvent{At: time.Now(), Operator: "Olga", Action: "request.modify"})
		})
	}()
	go func() { // appends, then wants the request
		<-locked
		errs <- db.Update(ctx, func(x enroll.Tx) error {
			if err := x.Audit().Append(ctx, &enroll.AuditEvent{At: time.Now(), Operator: "Olga", Action: "request.deny"}); err != nil {
				return err
			}
			close(appended)
			_, err := x.Requests().ByID(ctx, req)
			return err
		})
	}()
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	var v enroll.AuditVerification
	if err := db.View(ctx, func(x enroll.Tx) error {
		var err error
		v, err = enroll.VerifyAuditChain(ctx, x.Audit())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !v.Intact() || v.Events != 2 {
		t.Errorf("audit chain after both: %+v", v)
	}
}
