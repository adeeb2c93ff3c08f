package storagetest

import (
	"fmt"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

var auditTests = []storeTest{
	{"Audit/AppendListCount", testAuditList},
	{"Audit/AppendOnly", testAuditAppendOnly},
	{"Audit/ChainLongLog", testAuditChainLong},
	{"Audit/ChainAfterRollback", testAuditChainRollback},
}

func appendEvents(t *testing.T, s enroll.Store, es ...enroll.AuditEvent) []enroll.AuditEvent {
	t.Helper()
	return createAll(t, s, func(tx enroll.Tx, e *enroll.AuditEvent) error { return tx.Audit().Append(t.Context(), e) }, es...)
}

func testAuditList(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	op := addOperator(t, s, "olga")
	es := appendEvents(t, s,
		enroll.AuditEvent{At: at(0), OperatorID: op.ID, Operator: "olga", Action: "cardholder.create",
			Entity: "cardholder", EntityID: "17", Details: "created Jan Jansen", After: `{"id":17}`},
		enroll.AuditEvent{At: at(1), OperatorID: op.ID, Operator: "olga", Action: "cardholder.update",
			Entity: "cardholder", EntityID: "17", Details: "renamed", Before: `{"id":17}`, After: `{"id":17,"x":1}`},
		enroll.AuditEvent{At: at(2), Operator: "", Action: "operator.sign_in_failed", Entity: "operator",
			Details: "unknown user mallory"},
		enroll.AuditEvent{At: at(3), OperatorID: op.ID, Operator: "olga", Action: "request.deny",
			Entity: "card_request", EntityID: "5", Details: "denied 100% sure"})
	for i := 1; i < len(es); i++ {
		if es[i].ID <= es[i-1].ID {
			t.Fatalf("Append must set increasing ids, got %v", ids(es, eventID))
		}
	}
	for _, tc := range []struct {
		q    enroll.AuditQuery
		want []int // newest first
	}{
		{enroll.AuditQuery{}, []int{3, 2, 1, 0}},
		{enroll.AuditQuery{Operator: "olga"}, []int{3, 1, 0}},
		{enroll.AuditQuery{Action: "cardholder."}, []int{1, 0}},
		{enroll.AuditQuery{Action: "cardholder.update"}, []int{1}},
		{enroll.AuditQuery{Entity: "operator"}, []int{2}},
		{enroll.AuditQuery{Entity: "cardholder", EntityID: "17"}, []int{1, 0}},
		{enroll.AuditQuery{Entity: "cardholder", EntityID: "1"}, []int{}}, // the whole id, not a prefix
		{enroll.AuditQuery{Text: "mallory"}, []int{2}},                    // details
		{enroll.AuditQuery{Text: "17"}, []int{1, 0}},                      // entity id
		{enroll.AuditQuery{Text: "100%"}, []int{3}},                       // LIKE wildcards are literal
		{enroll.AuditQuery{Text: "1_0"}, []int{}},
		{enroll.AuditQuery{From: at(1)}, []int{3, 2, 1}}, // From is inclusive
		{enroll.AuditQuery{To: at(2)}, []int{1, 0}},      // To is exclusive
		{enroll.AuditQuery{From: at(1), To: at(3), Operator: "olga"}, []int{1}},
		{enroll.AuditQuery{Offset: 1, Limit: 2}, []int{2, 1}},
	} {
		what := fmt.Sprintf("List(%+v)", tc.q)
		got, n := listCount(t, s, func(tx enroll.Tx) ([]enroll.AuditEvent, error) { return tx.Audit().List(ctx, tc.q) },
			func(tx enroll.Tx) (int, error) { return tx.Audit().Count(ctx, tc.q) })
		want := []enroll.AuditEvent{}
		for _, i := range tc.want {
			want = append(want, es[i])
		}
		if tc.q.Limit > 0 {
			if n != 4 {
				t.Errorf("Count for %s = %d, want 4 (Count ignores paging)", what, n)
			}
		} else if n != len(want) {
			t.Errorf("Count for %s = %d, want %d", what, n, len(want))
		}
		equal(t, got, want, what)
	}
}

// The interface offers no way to change the log; what is written stays as
// written, and what a failed transaction wrote never appears.
func testAuditAppendOnly(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	first := appendEvents(t, s, enroll.AuditEvent{At: at(0), Operator: "olga", Action: "settings.update",
		Entity: "settings", Details: "mail host"})
	err := s.Update(ctx, func(tx enroll.Tx) error {
		e := enroll.AuditEvent{At: at(1), Operator: "olga", Action: "settings.update", Details: "rolled back"}
		if err := tx.Audit().Append(ctx, &e); err != nil {
			return err
		}
		return errBoom
	})
	if err != errBoom {
		t.Fatalf("Update returned %v, want the callback's error", err)
	}
	later := appendEvents(t, s, enroll.AuditEvent{At: at(2), Operator: "olga", Action: "settings.update",
		Entity: "settings", Details: "mail port"})
	got := read(t, s, func(tx enroll.Tx) ([]enroll.AuditEvent, error) { return tx.Audit().List(ctx, enroll.AuditQuery{}) })
	equal(t, got, []enroll.AuditEvent{later[0], first[0]}, "audit log")
}

func eventID(e enroll.AuditEvent) int64 { return e.ID }
