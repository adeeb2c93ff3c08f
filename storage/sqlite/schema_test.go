package sqlite

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// The audit log must resist even SQL that bypasses the repositories.
func TestAuditLogRefusesChanges(t *testing.T) {
	db := openTemp(t)
	ctx := t.Context()
	e := enroll.AuditEvent{At: time.Now(), Operator: "olga", Action: "x.y", Details: "kept"}
	if err := db.Update(ctx, func(tx enroll.Tx) error { return tx.Audit().Append(ctx, &e) }); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"UPDATE audit_events SET details = 'changed'",
		"DELETE FROM audit_events",
	} {
		_, err := db.w.ExecContext(ctx, stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: got %v, want an append-only refusal", stmt, err)
		}
	}
	var details string
	if err := db.r.QueryRowContext(ctx, "SELECT details FROM audit_events").Scan(&details); err != nil || details != "kept" {
		t.Errorf("audit event now %q (%v)", details, err)
	}
}

// A request or credential pointing at a missing row is reported as not found
// rather than as a raw constraint failure.
func TestMissingReferencesAreNotFound(t *testing.T) {
	db := openTemp(t)
	ctx := t.Context()
	now := time.Now()
	err := db.Update(ctx, func(tx enroll.Tx) error {
		return tx.Requests().Create(ctx, &enroll.CardRequest{CardholderID: 77, RequestedBy: 88,
			Status: enroll.RequestPending, Activation: enroll.Activation{Mode: enroll.ActivateNever},
			CreatedAt: now, UpdatedAt: now})
	})
	if !errors.Is(err, enroll.ErrNotFound) {
		t.Errorf("request for a missing cardholder: %v, want ErrNotFound", err)
	}
	err = db.Update(ctx, func(tx enroll.Tx) error {
		return tx.Credentials().Create(ctx, &enroll.Credential{Format: "H10301", Bits: "1", CardholderID: 77,
			Status: enroll.CredentialActive, CreatedAt: now, UpdatedAt: now})
	})
	if !errors.Is(err, enroll.ErrNotFound) {
		t.Errorf("credential for a missing cardholder: %v, want ErrNotFound", err)
	}
}
