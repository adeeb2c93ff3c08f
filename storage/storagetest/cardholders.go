package storagetest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

var cardholderTests = []storeTest{
	{"Cardholders/CreateAndRead", testCardholderCreateRead},
	{"Cardholders/Update", testCardholderUpdate},
	{"Cardholders/NotFound", testCardholderNotFound},
	{"Cardholders/DuplicateExternalID", testCardholderDuplicate},
	{"Cardholders/CreateManyAllOrNone", testCardholderCreateMany},
	{"Cardholders/Each", testCardholderEach},
	{"Cardholders/ExistingExternalIDs", testExistingExternalIDs},
	{"Cardholders/Departments", testDepartments},
}

func testCardholderCreateRead(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	withPhoto := person("Anna", "Bakker", "Finance", "HR-1")
	withPhoto.Photo, withPhoto.Thumbnail = png(1), png(2)
	withPhoto.CreatedAt, withPhoto.UpdatedAt = at(-60), at(-30)
	withPhoto.PhotoCropX, withPhoto.PhotoCropY = 0.25, 0.75
	plain := person("Bob", "Smit", "", "")
	cs := addCardholders(t, s, withPhoto, plain)
	if cs[0].ID == 0 || cs[1].ID == 0 || cs[0].ID == cs[1].ID {
		t.Fatalf("Create must set distinct ids, got %d %d", cs[0].ID, cs[1].ID)
	}
	want := cs[0]
	want.HasPhoto = true
	got := read(t, s, func(tx enroll.Tx) (enroll.Cardholder, error) { return tx.Cardholders().ByID(ctx, cs[0].ID) })
	equal(t, got, want, "ByID with photo")
	got = read(t, s, func(tx enroll.Tx) (enroll.Cardholder, error) { return tx.Cardholders().ByID(ctx, cs[1].ID) })
	want = cs[1]
	want.HasPhoto = false
	equal(t, got, want, "ByID without photo")
}

func testCardholderUpdate(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	c := person("Cees", "Visser", "Security", "HR-7")
	c.Photo, c.Thumbnail = png(3), png(4)
	c = addCardholders(t, s, c)[0]

	c.FirstName, c.LastName, c.Email, c.Department = "Kees", "de Visser", "kees@example.nl", "Facilities"
	c.ExternalID, c.Status, c.UpdatedAt = "HR-8", enroll.CardholderInactive, at(10)
	c.Photo, c.Thumbnail, c.HasPhoto = nil, nil, false
	update(t, s, func(tx enroll.Tx) error { return tx.Cardholders().Update(ctx, c) })
	got := read(t, s, func(tx enroll.Tx) (enroll.Cardholder, error) { return tx.Cardholders().ByID(ctx, c.ID) })
	equal(t, got, c, "Update removes the photo when given none")

	c.Photo, c.Thumbnail, c.HasPhoto = png(5), png(6), true
	c.PhotoCropX, c.PhotoCropY = 0.3, 0.6
	update(t, s, func(tx enroll.Tx) error { return tx.Cardholders().Update(ctx, c) })
	got = read(t, s, func(tx enroll.Tx) (enroll.Cardholder, error) { return tx.Cardholders().ByID(ctx, c.ID) })
	equal(t, got, c, "Update stores a new photo and its crop centre")

	// Search must see the new name and forget the old one.
	found := read(t, s, func(tx enroll.Tx) ([]enroll.Cardholder, error) {
		return tx.Cardholders().Search(ctx, enroll.CardholderQuery{Text: "kees"})
	})
	equalIDs(t, ids(found, cardholderID), []int64{c.ID}, "search for the new name")
	found = read(t, s, func(tx enroll.Tx) ([]enroll.Cardholder, error) {
		return tx.Cardholders().Search(ctx, enroll.CardholderQuery{Text: "cees"})
	})
	equalIDs(t, ids(found, cardholderID), []int64{}, "search for the old name")
}

func testCardholderNotFound(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	err := s.View(ctx, func(tx enroll.Tx) error { _, err := tx.Cardholders().ByID(ctx, 4242); return err })
	wantErr(t, err, enroll.ErrNotFound, "ByID of a missing cardholder")
	c := person("No", "Body", "", "")
	c.ID = 4242
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.Cardholders().Update(ctx, c) })
	wantErr(t, err, enroll.ErrNotFound, "Update of a missing cardholder")
}

func testCardholderDuplicate(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	cs := addCardholders(t, s,
		person("Dirk", "Dekker", "", "HR-1"),
		person("Els", "Dekker", "", "HR-2"),
		person("Fay", "Dekker", "", ""), // several people without an external id are fine
		person("Gijs", "Dekker", "", ""))

	// After ErrDuplicate the transaction goes on: enroll then looks up who
	// holds the external id, to name them to the operator.
	holderOfHR1 := func(tx enroll.Tx, what string) {
		found, err := tx.Cardholders().Search(ctx, enroll.CardholderQuery{Text: "HR-1"})
		if err != nil || len(found) != 1 || found[0].ID != cs[0].ID {
			t.Errorf("%s, the same transaction's search for HR-1: %v, %v; want Dirk Dekker", what, ids(found, cardholderID), err)
		}
	}
	err := s.Update(ctx, func(tx enroll.Tx) error {
		c := person("Hans", "Dekker", "", "HR-1")
		err := tx.Cardholders().Create(ctx, &c)
		holderOfHR1(tx, "after Create with a taken external id")
		return err
	})
	wantErr(t, err, enroll.ErrDuplicate, "Create with a taken external id")
	if !containsQuoted(err, "HR-1") {
		t.Errorf("duplicate error %q should name the external id", err)
	}

	els := cs[1]
	els.ExternalID = "HR-1"
	err = s.Update(ctx, func(tx enroll.Tx) error {
		err := tx.Cardholders().Update(ctx, els)
		holderOfHR1(tx, "after Update to a taken external id")
		return err
	})
	wantErr(t, err, enroll.ErrDuplicate, "Update to a taken external id")

	err = s.Update(ctx, func(tx enroll.Tx) error {
		return tx.Cardholders().CreateMany(ctx, []enroll.Cardholder{person("Ida", "Dekker", "", "HR-9"), person("Jop", "Dekker", "", "HR-2")})
	})
	wantErr(t, err, enroll.ErrDuplicate, "CreateMany with an id already stored")

	err = s.Update(ctx, func(tx enroll.Tx) error {
		return tx.Cardholders().CreateMany(ctx, []enroll.Cardholder{person("Kim", "Dekker", "", "HR-5"), person("Lex", "Dekker", "", "HR-5")})
	})
	wantErr(t, err, enroll.ErrDuplicate, "CreateMany with the same id twice")

	n := read(t, s, func(tx enroll.Tx) (int, error) { return tx.Cardholders().Count(ctx, enroll.CardholderQuery{}) })
	if n != 4 {
		t.Errorf("Count = %d after refused writes, want 4", n)
	}
}

func containsQuoted(err error, s string) bool {
	return err != nil && strings.Contains(err.Error(), strconv.Quote(s))
}

// CreateMany is all-or-none by itself, even when the caller carries on with
// the transaction after its error.
func testCardholderCreateMany(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	addCardholders(t, s, person("Mia", "Maas", "", "HR-3"))
	batch := GenCardholders(40, 7)
	batch[25].ExternalID = "HR-3"
	update(t, s, func(tx enroll.Tx) error {
		err := tx.Cardholders().CreateMany(ctx, batch)
		if !errors.Is(err, enroll.ErrDuplicate) {
			t.Errorf("CreateMany with a taken id: got %v, want ErrDuplicate", err)
		}
		return nil // commit whatever CreateMany left behind: it must be nothing
	})
	n := read(t, s, func(tx enroll.Tx) (int, error) { return tx.Cardholders().Count(ctx, enroll.CardholderQuery{}) })
	if n != 1 {
		t.Fatalf("Count = %d after a failed CreateMany, want 1", n)
	}

	batch[25].ExternalID = "HR-900025"
	update(t, s, func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(ctx, batch) })
	update(t, s, func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(ctx, nil) })
	n = read(t, s, func(tx enroll.Tx) (int, error) { return tx.Cardholders().Count(ctx, enroll.CardholderQuery{}) })
	if n != 41 {
		t.Fatalf("Count = %d after CreateMany of 40, want 41", n)
	}
	var got []enroll.Cardholder
	view(t, s, func(tx enroll.Tx) error {
		return tx.Cardholders().Each(ctx, func(c enroll.Cardholder) error { got = append(got, c); return nil })
	})
	for i, c := range got[1:] {
		want := batch[i]
		want.ID = c.ID
		equal(t, c, want, fmt.Sprintf("imported row %d", i))
	}
}

func testCardholderEach(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	a := person("Zed", "Adams", "", "")
	a.Photo, a.Thumbnail = png(7), png(8)
	cs := addCardholders(t, s, a, person("Amy", "Zwart", "", ""), person("Bo", "Meer", "", ""))
	var got []enroll.Cardholder
	view(t, s, func(tx enroll.Tx) error {
		return tx.Cardholders().Each(ctx, func(c enroll.Cardholder) error { got = append(got, c); return nil })
	})
	equalIDs(t, ids(got, cardholderID), ids(cs, cardholderID), "Each is in id order")
	if len(got) > 0 && (got[0].Photo != nil || !got[0].HasPhoto) {
		t.Errorf("Each: Photo must be left out (got %d bytes) and HasPhoto set (got %v)", len(got[0].Photo), got[0].HasPhoto)
	}

	stop := errors.New("stop")
	calls := 0
	err := s.View(ctx, func(tx enroll.Tx) error {
		return tx.Cardholders().Each(ctx, func(enroll.Cardholder) error { calls++; return stop })
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Each must stop at fn's error and return it: got %v after %d calls", err, calls)
	}
}

func testExistingExternalIDs(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	addCardholders(t, s, person("A", "A", "", "HR-1"), person("B", "B", "", "HR-2"), person("C", "C", "", ""))
	got := read(t, s, func(tx enroll.Tx) (map[string]bool, error) {
		return tx.Cardholders().ExistingExternalIDs(ctx, []string{"HR-1", "HR-3", "", "HR-2"})
	})
	equal(t, got, map[string]bool{"HR-1": true, "HR-2": true}, "ExistingExternalIDs")
	got = read(t, s, func(tx enroll.Tx) (map[string]bool, error) {
		return tx.Cardholders().ExistingExternalIDs(ctx, nil)
	})
	if len(got) != 0 {
		t.Errorf("ExistingExternalIDs(nil) = %v, want empty", got)
	}
}

func testDepartments(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	addCardholders(t, s, person("A", "A", "Sales", ""), person("B", "B", "Finance", ""),
		person("C", "C", "", ""), person("D", "D", "Sales", ""), person("E", "E", "Legal", ""))
	got := read(t, s, func(tx enroll.Tx) ([]string, error) { return tx.Cardholders().Departments(ctx) })
	equal(t, got, []string{"Finance", "Legal", "Sales"}, "Departments: distinct, sorted, no empty one")
}

func cardholderID(c enroll.Cardholder) int64 { return c.ID }
