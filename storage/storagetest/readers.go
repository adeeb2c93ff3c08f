package storagetest

import (
	"errors"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

var readerTests = []storeTest{
	{"Readers/PutListDelete", testReaderConfigs},
}

func testReaderConfigs(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	wedge := enroll.ReaderConfig{Name: "Desk wedge", Kind: enroll.ReaderKeyboard, Format: "h10301",
		Meaning: enroll.WedgeNumber, Fields: map[string]string{"facility": "12"}, UpdatedAt: at(1)}
	usb := enroll.ReaderConfig{Name: "ACS ACR122U 00 00", Kind: enroll.ReaderPCSC, Format: "acme32", UpdatedAt: at(2)}
	update(t, s, func(tx enroll.Tx) error {
		for _, c := range []enroll.ReaderConfig{wedge, usb} {
			if err := tx.Readers().Put(ctx, c); err != nil {
				return err
			}
		}
		usb.Format = "" // a second Put replaces
		usb.UpdatedAt = at(3)
		return tx.Readers().Put(ctx, usb)
	})
	view(t, s, func(tx enroll.Tx) error {
		all, err := tx.Readers().List(ctx)
		if err != nil {
			return err
		}
		equal(t, all, []enroll.ReaderConfig{usb, wedge}, "List (by name)")
		got, err := tx.Readers().ByName(ctx, wedge.Name)
		if err != nil {
			return err
		}
		equal(t, got, wedge, "ByName")
		if _, err := tx.Readers().ByName(ctx, "nope"); !errors.Is(err, enroll.ErrNotFound) {
			t.Errorf("ByName of a missing reader: %v; want ErrNotFound", err)
		}
		return nil
	})
	update(t, s, func(tx enroll.Tx) error { return tx.Readers().Delete(ctx, wedge.Name) })
	update(t, s, func(tx enroll.Tx) error {
		if err := tx.Readers().Delete(ctx, wedge.Name); !errors.Is(err, enroll.ErrNotFound) {
			t.Errorf("second Delete: %v; want ErrNotFound", err)
		}
		return nil
	})
	view(t, s, func(tx enroll.Tx) error {
		all, err := tx.Readers().List(ctx)
		equal(t, all, []enroll.ReaderConfig{usb}, "List after Delete")
		return err
	})
}
