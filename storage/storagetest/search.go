package storagetest

import (
	"fmt"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

var searchTests = []storeTest{
	{"CardholderSearch/Order", testSearchOrder},
	{"CardholderSearch/WordPrefix", testSearchText},
	{"CardholderSearch/OddInput", testSearchOddInput},
}

func search(t *testing.T, s enroll.Store, q enroll.CardholderQuery) ([]enroll.Cardholder, int) {
	t.Helper()
	return listCount(t, s, func(tx enroll.Tx) ([]enroll.Cardholder, error) { return tx.Cardholders().Search(t.Context(), q) },
		func(tx enroll.Tx) (int, error) { return tx.Cardholders().Count(t.Context(), q) })
}

func testSearchOrder(t *testing.T, s enroll.Store) {
	withPhoto := person("Piet", "de Vries", "Sales", "")
	withPhoto.Photo, withPhoto.Thumbnail = png(1), png(2)
	inactive := person("Anna", "Dekker", "Sales", "")
	inactive.Status = enroll.CardholderInactive
	cs := addCardholders(t, s,
		person("Jan", "Dekker", "Sales", ""), // 0
		withPhoto,                            // 1
		person("Jan", "Bakker", "Sales", ""), // 2
		inactive,                             // 3
		person("Jan", "Dekker", "Sales", ""), // 4: namesake, after 0 by id
		person("zoë", "bakker", "Sales", "")) // 5: lower case sorts with upper case
	// last name, first name, id; ignoring case, so "de Vries" sits between
	// "Bakker" and "Dekker".
	order := []int64{cs[2].ID, cs[5].ID, cs[1].ID, cs[3].ID, cs[0].ID, cs[4].ID}

	got, n := search(t, s, enroll.CardholderQuery{})
	equalIDs(t, ids(got, cardholderID), order, "Search order")
	if n != 6 {
		t.Errorf("Count = %d, want 6", n)
	}
	for _, c := range got {
		if c.Photo != nil {
			t.Errorf("Search must leave out Photo (cardholder %d)", c.ID)
		}
		if c.ID == cs[1].ID {
			equal(t, c.Thumbnail, withPhoto.Thumbnail, "Search returns the thumbnail")
			if !c.HasPhoto {
				t.Error("Search must set HasPhoto")
			}
		} else if c.HasPhoto {
			t.Errorf("HasPhoto set on cardholder %d without photo", c.ID)
		}
	}

	got, _ = search(t, s, enroll.CardholderQuery{Offset: 2, Limit: 3})
	equalIDs(t, ids(got, cardholderID), order[2:5], "Search page 2")
	got, _ = search(t, s, enroll.CardholderQuery{Offset: 4})
	equalIDs(t, ids(got, cardholderID), order[4:], "Search offset without limit")

	got, n = search(t, s, enroll.CardholderQuery{Status: enroll.CardholderInactive})
	equalIDs(t, ids(got, cardholderID), []int64{cs[3].ID}, "Search by status")
	if n != 1 {
		t.Errorf("Count(inactive) = %d, want 1", n)
	}
}

func testSearchText(t *testing.T, s enroll.Store) {
	cs := addCardholders(t, s,
		person("Jan", "Jansen", "Finance", "HR-000123"),         // 0
		person("Janneke", "van den Berg", "Sales", "HR-000124"), // 1
		person("Bernard", "Smit", "Research & Development", ""), // 2
		person("Anna", "Bergman", "Finance", "HR-000200"),       // 3
		person("Piet", "O'Brien", "IT Operations", "EXT-77"),    // 4
	)
	inactive := cs[1]
	inactive.Status, inactive.UpdatedAt = enroll.CardholderInactive, at(1)
	update(t, s, func(tx enroll.Tx) error { return tx.Cardholders().Update(t.Context(), inactive) })

	id := func(i ...int) []int64 {
		out := []int64{}
		for _, x := range i {
			out = append(out, cs[x].ID)
		}
		return out
	}
	for _, tc := range []struct {
		text   string
		status enroll.CardholderStatus
		want   []int64 // in list order
	}{
		{"jan", "", id(0, 1)},                   // first names Jan, Janneke; last name Jansen
		{"JANS", "", id(0)},                     // case does not matter
		{"ans", "", id()},                       // not the start of a word
		{"ber", "", id(3, 2, 1)},                // Bergman, Bernard Smit, van den Berg
		{"berg", "", id(3, 1)},                  // a word inside a multi-word last name
		{"jan ber", "", id(1)},                  // every word must match
		{"ber jan", "", id(1)},                  // in any order
		{"fin", "", id(3, 0)},                   // department
		{"research dev", "", id(2)},             // words of a department
		{"HR-0001", "", id(0, 1)},               // external id prefix
		{"000200", "", id(3)},                   // number part of an external id
		{"ext-77", "", id(4)},                   // external id, other case
		{"bernard.smit", "", id(2)},             // e-mail address
		{"o'brien", "", id(4)},                  // apostrophe
		{"jan", enroll.CardholderActive, id(0)}, // with a status filter
		{"  jan   ", "", id(0, 1)},              // surrounding blanks
		{"", enroll.CardholderInactive, id(1)},  // no text: status only
	} {
		got, n := search(t, s, enroll.CardholderQuery{Text: tc.text, Status: tc.status})
		what := fmt.Sprintf("Search(%q, %q)", tc.text, tc.status)
		equalIDs(t, ids(got, cardholderID), tc.want, what)
		if n != len(tc.want) {
			t.Errorf("Count for %s = %d, want %d", what, n, len(tc.want))
		}
	}

	got, n := search(t, s, enroll.CardholderQuery{Text: "ber", Limit: 2})
	equalIDs(t, ids(got, cardholderID), id(3, 2), "Search with text and limit")
	if n != 3 {
		t.Errorf("Count ignores Limit: got %d, want 3", n)
	}
	got, _ = search(t, s, enroll.CardholderQuery{Text: "ber", Offset: 1, Limit: 1})
	equalIDs(t, ids(got, cardholderID), id(2), "Search with text, offset and limit")
}

// Whatever an operator types, search answers instead of failing on the
// query syntax of the store.
func testSearchOddInput(t *testing.T, s enroll.Store) {
	cs := addCardholders(t, s, person("Jan", "Jansen", "Sales", "HR-1"))
	for _, text := range []string{
		`"`, `jan"`, `"jan`, `*`, `jan*`, `(jan`, `jan)`, `-jan`, `jan -`, `+`, `AND`, `OR jan`,
		`NOT`, `NEAR(jan)`, `^jan`, `jan:`, `first_name:jan`, `%`, `_`, `\`, `'`, `;`, `jan'; DROP TABLE x; --`,
	} {
		var err error
		view(t, s, func(tx enroll.Tx) error {
			_, err = tx.Cardholders().Search(t.Context(), enroll.CardholderQuery{Text: text})
			if err == nil {
				_, err = tx.Cardholders().Count(t.Context(), enroll.CardholderQuery{Text: text})
			}
			return nil
		})
		if err != nil {
			t.Errorf("Search(%q): %v", text, err)
		}
	}
	got, _ := search(t, s, enroll.CardholderQuery{Text: `"jan"`})
	equalIDs(t, ids(got, cardholderID), []int64{cs[0].ID}, `quotes around a word are ignored`)
}
