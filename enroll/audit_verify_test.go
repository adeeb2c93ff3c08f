package enroll_test

import (
	"errors"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// Verify walks the chain the services wrote, for anyone who may read the
// audit log, and says when it checked.
func TestAuditLogVerify(t *testing.T) {
	e := newEnv(t)
	piet := e.operator(t, "piet")
	for _, name := range []string{"Jansen", "Bakker", "Visser"} {
		if _, err := e.st.Cardholders.Add(e.ctx, piet, enroll.Cardholder{FirstName: "Jan", LastName: name}); err != nil {
			t.Fatal(err)
		}
	}
	e.clock.Add(time.Minute)
	v, err := e.st.Audit.Verify(e.ctx, piet)
	if err != nil {
		t.Fatal(err)
	}
	evs, n, err := e.st.Audit.List(e.ctx, piet, enroll.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if !v.Intact() || v.Events != int64(n) || n < 4 || v.Head != (enroll.AuditLink{Seq: evs[0].Seq, Hash: evs[0].Hash}) {
		t.Errorf("Verify = %+v, want intact with %d events up to the newest, %+v", v, n, evs[0])
	}
	if !v.CheckedAt.Equal(e.clock.Now().Truncate(time.Millisecond)) {
		t.Errorf("CheckedAt = %v, want the clock's %v", v.CheckedAt, e.clock.Now())
	}
	var pe *enroll.PermissionError
	if _, err := e.st.Audit.Verify(e.ctx, enroll.Actor{}); !errors.As(err, &pe) || pe.Permission != enroll.PermViewAudit {
		t.Errorf("Verify without an operator: %v, want a PermissionError for %s", err, enroll.PermViewAudit)
	}
}
