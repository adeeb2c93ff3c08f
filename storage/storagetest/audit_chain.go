package storagetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// verify checks the store's whole chain as audit verify does.
func verify(t *testing.T, s enroll.Store) enroll.AuditVerification {
	t.Helper()
	return read(t, s, func(tx enroll.Tx) (enroll.AuditVerification, error) {
		return enroll.VerifyAuditChain(t.Context(), tx.Audit())
	})
}

// A log longer than a page of the verification (1000 events) is chained
// link by link, stored as chained, and verifies whole.
func testAuditChainLong(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	const n = 2001
	es := make([]enroll.AuditEvent, n)
	for i := range es {
		es[i] = enroll.AuditEvent{At: at(i % 7), Operator: "olga", Action: "cardholder.update",
			Entity: "cardholder", EntityID: fmt.Sprint(i), Details: fmt.Sprintf("change %d", i)}
	}
	es = appendEvents(t, s, es...)
	for i, e := range es {
		prev := enroll.AuditGenesis
		if i > 0 {
			prev = es[i-1].Hash
		}
		if e.Seq != int64(i+1) || e.PrevHash != prev || e.Hash != enroll.AuditHash(e) {
			t.Fatalf("event %d: seq %d, prev %s, hash %s: not chained to the one before", i, e.Seq, e.PrevHash, e.Hash)
		}
	}
	stored := read(t, s, func(tx enroll.Tx) ([]enroll.AuditEvent, error) {
		return tx.Audit().Chain(ctx, enroll.AuditPosition{Seq: 1000, ID: es[999].ID}, 3)
	})
	equal(t, stored, es[1000:1003], "Chain after the 1000th event")
	v := verify(t, s)
	if !v.Intact() || v.Events != n || v.Head != (enroll.AuditLink{Seq: n, Hash: es[n-1].Hash}) {
		t.Errorf("verification of %d chained events: %+v", n, v)
	}
}

// A rolled-back append leaves no gap: the next event follows the last
// committed one.
func testAuditChainRollback(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	first := appendEvents(t, s, enroll.AuditEvent{At: at(0), Operator: "olga", Action: "settings.update"})
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
	later := appendEvents(t, s, enroll.AuditEvent{At: at(2), Operator: "olga", Action: "settings.update"})
	if later[0].Seq != 2 || later[0].PrevHash != first[0].Hash {
		t.Errorf("after a rollback: seq %d, prev %s; want 2 after %s", later[0].Seq, later[0].PrevHash, first[0].Hash)
	}
	if v := verify(t, s); !v.Intact() || v.Events != 2 {
		t.Errorf("verification: %+v", v)
	}
}

// Tamper is a store and a way to run SQL on its database behind its back,
// with the triggers that keep the audit log append-only lifted for the
// statements and put back after them, as someone with the database file
// or its owner's password could.
type Tamper struct {
	Store enroll.Store
	// BehindBack runs the statements; they use no parameters.
	BehindBack func(t *testing.T, stmts ...string)
}

// CheckAuditTampering holds a store's audit verification to what someone
// who edits the database behind CardDesk's back can do: each change to a
// chain of five events must be found at the event where it was made, and
// named as what it was. open gives a fresh, empty store for each case.
func CheckAuditTampering(t *testing.T, open func(t *testing.T) Tamper) {
	for _, tc := range []struct {
		name string
		// stmts tamper with the five events; es are them as appended.
		stmts func(es []enroll.AuditEvent) []string
		kind  enroll.AuditBreakKind
		at    int64 // the Seq of the event named
		ok    int64 // events that check out before it
	}{
		{"details changed", func([]enroll.AuditEvent) []string {
			return []string{"UPDATE audit_events SET details = 'nothing happened' WHERE seq = 3"}
		}, enroll.AuditChanged, 3, 2},
		{"time moved", func([]enroll.AuditEvent) []string {
			return []string{"UPDATE audit_events SET at = at + 1 WHERE seq = 2"}
		}, enroll.AuditChanged, 2, 1},
		{"operator changed", func([]enroll.AuditEvent) []string {
			return []string{"UPDATE audit_events SET operator = 'piet' WHERE seq = 5"}
		}, enroll.AuditChanged, 5, 4},
		{"two events swap details", func(es []enroll.AuditEvent) []string {
			return []string{
				fmt.Sprintf("UPDATE audit_events SET details = '%s' WHERE seq = 1", es[1].Details),
				fmt.Sprintf("UPDATE audit_events SET details = '%s' WHERE seq = 2", es[0].Details),
			}
		}, enroll.AuditChanged, 1, 0},
		{"an event deleted", func([]enroll.AuditEvent) []string {
			return []string{"DELETE FROM audit_events WHERE seq = 3"}
		}, enroll.AuditMissing, 4, 2},
		{"the first events deleted", func([]enroll.AuditEvent) []string {
			return []string{"DELETE FROM audit_events WHERE seq <= 2"}
		}, enroll.AuditMissing, 3, 0},
		{"an event rewritten with a new hash", func(es []enroll.AuditEvent) []string {
			e := es[2]
			e.Details = "nothing happened"
			return []string{fmt.Sprintf("UPDATE audit_events SET details = '%s', hash = '%s' WHERE seq = 3",
				e.Details, enroll.AuditHash(e))}
		}, enroll.AuditUnlinked, 4, 3},
		{"an event added without the chain", func([]enroll.AuditEvent) []string {
			return []string{"INSERT INTO audit_events (at, operator, action, details) VALUES (0, 'olga', 'cardholder.delete', 'added')"}
		}, enroll.AuditInserted, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp := open(t)
			es := fiveEvents(t, tp.Store)
			tp.BehindBack(t, tc.stmts(es)...)
			v := verify(t, tp.Store)
			if v.Intact() {
				t.Fatalf("the tampered log verifies: %+v", v)
			}
			b := v.Break
			if b.Kind != tc.kind || b.Event.Seq != tc.at || v.Events != tc.ok {
				t.Errorf("break %s at #%d after %d events, want %s at #%d after %d: %s",
					b.Kind, b.Event.Seq, v.Events, tc.kind, tc.at, tc.ok, b.Describe())
			}
			if tc.at > 0 && b.Event.ID != es[tc.at-1].ID {
				t.Errorf("break names event %d, want %d", b.Event.ID, es[tc.at-1].ID)
			}
		})
	}
	// What the chain cannot show by itself: the newest events removed
	// leave a shorter chain that checks out. Only the head hash kept from
	// an earlier check tells.
	t.Run("newest event deleted", func(t *testing.T) {
		tp := open(t)
		es := fiveEvents(t, tp.Store)
		tp.BehindBack(t, "DELETE FROM audit_events WHERE seq = 5")
		v := verify(t, tp.Store)
		if !v.Intact() || v.Events != 4 || v.Head.Hash != es[3].Hash || v.Head.Hash == es[4].Hash {
			t.Errorf("verification: %+v", v)
		}
	})
}

func fiveEvents(t *testing.T, s enroll.Store) []enroll.AuditEvent {
	t.Helper()
	es := make([]enroll.AuditEvent, 5)
	for i := range es {
		es[i] = enroll.AuditEvent{At: at(i), OperatorID: 1, Operator: "olga", Action: "cardholder.update",
			Entity: "cardholder", EntityID: fmt.Sprint(i + 1), Details: fmt.Sprintf("renamed %d", i+1),
			Before: `{"n":1}`, After: `{"n":2}`}
	}
	es = appendEvents(t, s, es...)
	if v := verify(t, s); !v.Intact() || v.Events != 5 {
		t.Fatalf("before tampering: %+v", v)
	}
	return es
}

// VersionOneAudit inserts, in either store's SQL, audit events as version
// 1 stored them: no place in a chain, no hash. An upgrade chains them.
const VersionOneAudit = `INSERT INTO audit_events (at, operator_id, operator, action, entity, entity_id, details, before, after)
	VALUES (1000, 1, 'Olga', 'cardholder.create', 'cardholder', '1', 'created Zoë Jansen', '', '{"id":1}'),
	(2000, 1, 'Olga', 'request.create', 'card_request', '1', 'Lost card', '', '{"id":1}'),
	(3000, NULL, '', 'operator.sign_in_failed', 'operator', '', 'unknown user mallory', '', '')`

// AuditChainVersion is the schema version that chains the audit log; a
// database at it or later takes no raw audit rows (they have no place in
// the chain), so upgrade tests write VersionOneAudit's events through the
// repository instead (AppendVersionOneAudit).
const AuditChainVersion = 12

// AppendVersionOneAudit appends VersionOneAudit's events through s.
func AppendVersionOneAudit(t *testing.T, s enroll.Store) {
	t.Helper()
	ev := func(ms int64, op int64, name, action, entity, id, details, after string) enroll.AuditEvent {
		return enroll.AuditEvent{At: time.UnixMilli(ms).UTC(), OperatorID: op, Operator: name, Action: action,
			Entity: entity, EntityID: id, Details: details, After: after}
	}
	appendEvents(t, s,
		ev(1000, 1, "Olga", "cardholder.create", "cardholder", "1", "created Zoë Jansen", `{"id":1}`),
		ev(2000, 1, "Olga", "request.create", "card_request", "1", "Lost card", `{"id":1}`),
		ev(3000, 0, "", "operator.sign_in_failed", "operator", "", "unknown user mallory", ""))
}

// CheckVersionOneAudit checks that the events of VersionOneAudit were
// chained by the upgrade, in the order they were written, and that a new
// event follows them.
func CheckVersionOneAudit(t *testing.T, s enroll.Store) {
	t.Helper()
	v := verify(t, s)
	if !v.Intact() || v.Events != 3 {
		t.Fatalf("the upgraded audit log: %+v", v)
	}
	es := read(t, s, func(tx enroll.Tx) ([]enroll.AuditEvent, error) {
		return tx.Audit().Chain(t.Context(), enroll.AuditPosition{}, 10)
	})
	for i, want := range []string{"cardholder.create", "request.create", "operator.sign_in_failed"} {
		if es[i].Action != want || es[i].Seq != int64(i+1) {
			t.Errorf("chained event %d: #%d %s, want #%d %s", i, es[i].Seq, es[i].Action, i+1, want)
		}
	}
	appendEvents(t, s, enroll.AuditEvent{At: at(0), Operator: "Olga", Action: "settings.update"})
	if v := verify(t, s); !v.Intact() || v.Events != 4 {
		t.Errorf("after a new event: %+v", v)
	}
}
