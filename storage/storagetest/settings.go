package storagetest

import (
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

var settingTests = []storeTest{
	{"Settings/GetSetAll", testSettings},
}

func testSettings(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	view(t, s, func(tx enroll.Tx) error {
		v, ok, err := tx.Settings().Get(ctx, "mail.host")
		if err != nil || ok || v != "" {
			t.Errorf("Get of a missing key = %q, %v, %v; want \"\", false, nil", v, ok, err)
		}
		all, err := tx.Settings().All(ctx)
		if err != nil || len(all) != 0 {
			t.Errorf("All on an empty store = %v, %v", all, err)
		}
		return nil
	})
	update(t, s, func(tx enroll.Tx) error {
		for k, v := range map[string]string{"mail.host": "smtp.example.com", "mail.port": "25", "empty": ""} {
			if err := tx.Settings().Set(ctx, k, v); err != nil {
				return err
			}
		}
		return tx.Settings().Set(ctx, "mail.port", "587") // overwrite
	})
	view(t, s, func(tx enroll.Tx) error {
		v, ok, err := tx.Settings().Get(ctx, "mail.port")
		if err != nil || !ok || v != "587" {
			t.Errorf("Get(mail.port) = %q, %v, %v; want 587", v, ok, err)
		}
		v, ok, err = tx.Settings().Get(ctx, "empty")
		if err != nil || !ok || v != "" {
			t.Errorf("Get(empty) = %q, %v, %v; want \"\", true", v, ok, err)
		}
		all, err := tx.Settings().All(ctx)
		if err != nil {
			return err
		}
		equal(t, all, map[string]string{"mail.host": "smtp.example.com", "mail.port": "587", "empty": ""}, "All")
		return nil
	})
}
