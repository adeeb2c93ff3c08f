package storagetest

import (
	"testing"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

var formatTests = []storeTest{
	{"Formats/CRUD", testFormats},
	{"Formats/CountByFormat", testCountByFormat},
}

// customFormat is a valid 40-bit layout with a fixed field, overlapping
// parity masks and an unused bit, so every part of a definition round-trips.
func customFormat(id string) cardformat.Format {
	span := func(a, b int) []int {
		var out []int
		for p := a; p <= b; p++ {
			out = append(out, p)
		}
		return out
	}
	site := uint64(7)
	return cardformat.Format{
		ID: id, Name: "Site " + id, Length: 40, Kind: cardformat.KindWiegand,
		Fields: []cardformat.Field{
			{Name: "site", Bits: span(1, 4), Fixed: &site},
			{Name: "facility", Bits: span(5, 16)},
			{Name: "card", Bits: span(17, 37)},
		},
		Parity: []cardformat.ParityCheck{
			{Type: cardformat.Even, Position: 0, Mask: span(1, 19)},
			{Type: cardformat.Odd, Position: 39, Mask: append([]int{0}, span(19, 37)...)},
		},
		Unused: []int{38},
	}
}

func testFormats(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	a := enroll.StoredFormat{Format: customFormat("site40"), CreatedAt: at(0), UpdatedAt: at(0)}
	b := enroll.StoredFormat{Format: customFormat("acme40"), CreatedAt: at(1), UpdatedAt: at(1)}
	update(t, s, func(tx enroll.Tx) error {
		if err := tx.Formats().Create(ctx, a); err != nil {
			return err
		}
		return tx.Formats().Create(ctx, b)
	})
	list := func() []enroll.StoredFormat {
		return read(t, s, func(tx enroll.Tx) ([]enroll.StoredFormat, error) { return tx.Formats().List(ctx) })
	}
	equal(t, list(), []enroll.StoredFormat{b, a}, "List by id")
	got := read(t, s, func(tx enroll.Tx) (enroll.StoredFormat, error) { return tx.Formats().ByID(ctx, "site40") })
	equal(t, got, a, "ByID")

	err := s.Update(ctx, func(tx enroll.Tx) error { return tx.Formats().Create(ctx, a) })
	wantErr(t, err, enroll.ErrDuplicate, "Create of a taken id")

	a.Format.Name, a.Format.Length = "Site 41", 41
	a.Format.Unused = []int{38, 40}
	a.UpdatedAt = at(5)
	update(t, s, func(tx enroll.Tx) error { return tx.Formats().Update(ctx, a) })
	got = read(t, s, func(tx enroll.Tx) (enroll.StoredFormat, error) { return tx.Formats().ByID(ctx, "site40") })
	equal(t, got, a, "ByID after Update")

	update(t, s, func(tx enroll.Tx) error { return tx.Formats().Delete(ctx, "acme40") })
	equal(t, list(), []enroll.StoredFormat{a}, "List after Delete")
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.Formats().Delete(ctx, "acme40") })
	wantErr(t, err, enroll.ErrNotFound, "Delete of a deleted format")
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.Formats().Update(ctx, b) })
	wantErr(t, err, enroll.ErrNotFound, "Update of a deleted format")
	err = s.View(ctx, func(tx enroll.Tx) error { _, err := tx.Formats().ByID(ctx, "acme40"); return err })
	wantErr(t, err, enroll.ErrNotFound, "ByID of a deleted format")
}

func testCountByFormat(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	empty := read(t, s, func(tx enroll.Tx) (map[string]int, error) { return tx.Credentials().CountByFormat(ctx) })
	equal(t, len(empty), 0, "CountByFormat of an empty store")
	update(t, s, func(tx enroll.Tx) error {
		for i, k := range []struct{ format, bits string }{
			{"h10301", "0001"}, {"h10301", "0010"}, {"site40", "0001"},
		} {
			c := enroll.Credential{Format: k.format, Bits: k.bits, Status: enroll.CredentialActive, CreatedAt: at(i), UpdatedAt: at(i)}
			if err := tx.Credentials().Create(ctx, &c); err != nil {
				return err
			}
		}
		return nil
	})
	got := read(t, s, func(tx enroll.Tx) (map[string]int, error) { return tx.Credentials().CountByFormat(ctx) })
	equal(t, got, map[string]int{"h10301": 2, "site40": 1}, "CountByFormat")
}
