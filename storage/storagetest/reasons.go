package storagetest

import (
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

var reasonTests = []storeTest{
	{"Reasons/CRUD", testReasons},
}

func testReasons(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	rs := []enroll.Reason{{Text: "Lost card", Position: 2}, {Text: "New employee", Position: 0}, {Text: "Damaged", Position: 1}}
	update(t, s, func(tx enroll.Tx) error {
		for i := range rs {
			if err := tx.Reasons().Create(ctx, &rs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	list := func() []enroll.Reason {
		return read(t, s, func(tx enroll.Tx) ([]enroll.Reason, error) { return tx.Reasons().List(ctx) })
	}
	equal(t, list(), []enroll.Reason{rs[1], rs[2], rs[0]}, "List by position")

	rs[0].Text, rs[0].Position = "Lost or stolen card", -1
	update(t, s, func(tx enroll.Tx) error { return tx.Reasons().Update(ctx, rs[0]) })
	update(t, s, func(tx enroll.Tx) error { return tx.Reasons().Delete(ctx, rs[2].ID) })
	equal(t, list(), []enroll.Reason{rs[0], rs[1]}, "List after update and delete")

	err := s.Update(ctx, func(tx enroll.Tx) error { return tx.Reasons().Delete(ctx, rs[2].ID) })
	wantErr(t, err, enroll.ErrNotFound, "Delete of a deleted reason")
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.Reasons().Update(ctx, rs[2]) })
	wantErr(t, err, enroll.ErrNotFound, "Update of a deleted reason")
}
