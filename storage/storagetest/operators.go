package storagetest

import (
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

var operatorTests = []storeTest{
	{"Operators/CreateAndRead", testOperatorCreateRead},
	{"Operators/Update", testOperatorUpdate},
	{"Operators/NotFound", testOperatorNotFound},
	{"Operators/DuplicateName", testOperatorDuplicate},
}

func testOperatorCreateRead(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	carol := addOperator(t, s, "carol")
	bob := addOperator(t, s, "Bob")
	admin := enroll.Operator{Name: "alice", Role: enroll.RoleAdmin, PasswordHash: "h",
		LastSignInAt: at(5), CreatedAt: at(1)}
	update(t, s, func(tx enroll.Tx) error { return tx.Operators().Create(ctx, &admin) })
	if carol.ID == 0 || bob.ID == 0 || admin.ID == 0 || carol.ID == bob.ID || bob.ID == admin.ID {
		t.Fatalf("Create must set distinct ids, got %d %d %d", carol.ID, bob.ID, admin.ID)
	}

	view(t, s, func(tx enroll.Tx) error {
		got, err := tx.Operators().ByID(ctx, admin.ID)
		if err != nil {
			return err
		}
		equal(t, got, admin, "ByID")
		got, err = tx.Operators().ByName(ctx, "BOB")
		if err != nil {
			return err
		}
		equal(t, got, bob, "ByName is case-insensitive")
		n, err := tx.Operators().Count(ctx)
		if err != nil {
			return err
		}
		if n != 3 {
			t.Errorf("Count = %d, want 3", n)
		}
		all, err := tx.Operators().List(ctx)
		if err != nil {
			return err
		}
		// Ordered by name, ignoring case, as people read a list.
		equal(t, all, []enroll.Operator{admin, bob, carol}, "List")
		return nil
	})
}

func testOperatorUpdate(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	op := addOperator(t, s, "dave")
	op.Name, op.Email, op.Role = "David", "david@example.com", enroll.RoleAdmin
	op.PasswordHash, op.FailedSignIns, op.LockedUntil, op.LastSignInAt = "new-hash", 3, at(15), at(2)
	update(t, s, func(tx enroll.Tx) error { return tx.Operators().Update(ctx, op) })
	got := read(t, s, func(tx enroll.Tx) (enroll.Operator, error) { return tx.Operators().ByID(ctx, op.ID) })
	equal(t, got, op, "after Update")

	op.LockedUntil, op.FailedSignIns = time.Time{}, 0
	update(t, s, func(tx enroll.Tx) error { return tx.Operators().Update(ctx, op) })
	got = read(t, s, func(tx enroll.Tx) (enroll.Operator, error) { return tx.Operators().ByName(ctx, "david") })
	equal(t, got, op, "zero LockedUntil round-trips as zero")
}

func testOperatorNotFound(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	addOperator(t, s, "erin")
	err := s.View(ctx, func(tx enroll.Tx) error { _, err := tx.Operators().ByID(ctx, 9999); return err })
	wantErr(t, err, enroll.ErrNotFound, "ByID of a missing operator")
	err = s.View(ctx, func(tx enroll.Tx) error { _, err := tx.Operators().ByName(ctx, "nobody"); return err })
	wantErr(t, err, enroll.ErrNotFound, "ByName of a missing operator")
	err = s.Update(ctx, func(tx enroll.Tx) error {
		return tx.Operators().Update(ctx, enroll.Operator{ID: 9999, Name: "ghost", Role: enroll.RoleOperator})
	})
	wantErr(t, err, enroll.ErrNotFound, "Update of a missing operator")
}

func testOperatorDuplicate(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	addOperator(t, s, "Admin")
	frank := addOperator(t, s, "frank")
	err := s.Update(ctx, func(tx enroll.Tx) error {
		return tx.Operators().Create(ctx, &enroll.Operator{Name: "admin", Role: enroll.RoleOperator, CreatedAt: t0})
	})
	wantErr(t, err, enroll.ErrDuplicate, "Create with a name differing only in case")
	frank.Name = "ADMIN"
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.Operators().Update(ctx, frank) })
	wantErr(t, err, enroll.ErrDuplicate, "Update to a taken name")
	n := read(t, s, func(tx enroll.Tx) (int, error) { return tx.Operators().Count(ctx) })
	if n != 2 {
		t.Errorf("Count = %d after refused writes, want 2", n)
	}
}
