package sqlite

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/storagetest"
)

// Names are typed without accents at the desk; SQLite's tokenizer folds them.
func TestSearchIgnoresDiacritics(t *testing.T) {
	db := openTemp(t)
	ctx := t.Context()
	now := time.Now()
	people := []enroll.Cardholder{
		{FirstName: "Zoë", LastName: "Öztürk", Status: enroll.CardholderActive, CreatedAt: now, UpdatedAt: now},
		{FirstName: "José", LastName: "García", Status: enroll.CardholderActive, CreatedAt: now, UpdatedAt: now},
	}
	if err := db.Update(ctx, func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(ctx, people) }); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]int{"zoe oz": 1, "ZOË": 1, "jose garc": 1, "garcía": 1, "o": 1, "x": 0} {
		var n int
		err := db.View(ctx, func(tx enroll.Tx) error {
			var err error
			n, err = tx.Cardholders().Count(ctx, enroll.CardholderQuery{Text: text})
			return err
		})
		if err != nil || n != want {
			t.Errorf("Count(%q) = %d, %v; want %d", text, n, err, want)
		}
	}
}

// A page read through its window of the search index (listkey.go) must be
// the page of all matches sorted: same rows, same order, at every offset,
// including pages that start or end inside a bucket many names share
// ("van der ...") and names that differ only in case or past the bucket.
func TestSearchWindowIsThePageOfAllMatches(t *testing.T) {
	db := openTemp(t)
	ctx := t.Context()
	people := storagetest.GenCardholders(3000, 5)
	now := time.Now()
	for i, last := range []string{"VAN DER MEER", "van der meer", "Van Der Meer", "van der", "van", "Van",
		"'t Hart", "o'Brien", "", "123", "Ölmez", "Øster", "Ärzt", "Zeta", "zeta", "Łukasiewicz",
		strings.Repeat("\xff", 12)} { // the last bucket there is
		for j := range 3 {
			people = append(people, enroll.Cardholder{FirstName: fmt.Sprint("Eva", j), LastName: last,
				Department: "Edge", Status: []enroll.CardholderStatus{enroll.CardholderActive, enroll.CardholderInactive}[(i+j)%2],
				CreatedAt: now, UpdatedAt: now})
		}
	}
	if err := db.Update(ctx, func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(ctx, people) }); err != nil {
		t.Fatal(err)
	}
	var qs []enroll.CardholderQuery
	for _, text := range []string{"e", "eva", "van", "van der", "d v", "edge", "jansen", "o", "zzz", "ö", "ł"} {
		for _, status := range []enroll.CardholderStatus{"", enroll.CardholderInactive} {
			for _, offset := range []int{0, 1, 37, 99, 100, 1000, 2950, 5000} {
				for _, limit := range []int{1, 40, 100} {
					qs = append(qs, enroll.CardholderQuery{Text: text, Status: status, Offset: offset, Limit: limit})
				}
			}
			qs = append(qs, enroll.CardholderQuery{Text: text, Status: status})
		}
	}
	windowed := 0
	err := db.View(ctx, func(tx enroll.Tx) error {
		r := tx.Cardholders().(cardholders)
		for _, q := range qs {
			got, err := r.Search(ctx, q)
			if err != nil {
				return err
			}
			match := ftsQuery(q.Text)
			want, err := r.page(ctx, q, match, allMatches())
			if err != nil {
				return err
			}
			if !slices.EqualFunc(got, want, func(a, b enroll.Cardholder) bool { return a.ID == b.ID }) {
				t.Errorf("%+v: %d rows through the window, %d of all matches sorted", q, len(got), len(want))
				for i := range min(len(got), len(want)) {
					if got[i].ID != want[i].ID {
						t.Logf("first difference, row %d: %q %q (bucket %d) instead of %q %q (bucket %d)", i, got[i].LastName, got[i].FirstName, listBucket(got[i].LastName, got[i].FirstName), want[i].LastName, want[i].FirstName, listBucket(want[i].LastName, want[i].FirstName))
						break
					}
				}
			}
			n, err := r.Count(ctx, enroll.CardholderQuery{Text: q.Text, Status: q.Status})
			if err != nil {
				return err
			}
			if q.Limit == 0 && len(want) != n {
				t.Errorf("%+v: Count %d, Search %d", q, n, len(want))
			}
			if q.Limit > 0 {
				if w, err := r.window(ctx, q, match); err == nil && w.hi != allMatches().hi && len(got) > 0 {
					windowed++
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The test must have read pages through a bounded window.
	if windowed < len(qs)/4 {
		t.Errorf("only %d of %d queries read a bounded window", windowed, len(qs))
	}
}

func TestFTSQuery(t *testing.T) {
	for in, want := range map[string]string{
		"":               "",
		"   ":            "",
		"jan":            `"jan"*`,
		" jan  ber ":     `"jan"* AND "ber"*`,
		`o"brien`:        `"o""brien"*`,
		"- * ( )":        "",
		"HR-0001":        `"HR-0001"*`,
		"NEAR(a b) OR c": `"NEAR(a"* AND "b)"* AND "OR"* AND "c"*`,
	} {
		if got := ftsQuery(in); got != want {
			t.Errorf("ftsQuery(%q) = %s, want %s", in, got, want)
		}
	}
}
