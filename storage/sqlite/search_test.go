package sqlite

import (
	"slices"
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

// Both search plans must give the same rows in the same order; only their
// speed differs.
func TestSearchPlansAgree(t *testing.T) {
	db := openTemp(t)
	ctx := t.Context()
	if err := db.Update(ctx, func(tx enroll.Tx) error {
		return tx.Cardholders().CreateMany(ctx, storagetest.GenCardholders(3000, 5))
	}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []enroll.CardholderQuery{
		{Text: "e", Limit: 100},
		{Text: "e", Limit: 50, Offset: 1000},
		{Text: "e", Status: enroll.CardholderInactive, Limit: 40},
		{Text: "d v", Limit: 100},
		{Text: "van", Status: enroll.CardholderActive},
		{Text: "jansen"},
		{Text: "zzz", Limit: 10},
	} {
		var sorted, walked []enroll.Cardholder
		var n int
		err := db.View(ctx, func(tx enroll.Tx) error {
			r := tx.Cardholders().(cardholders)
			var err error
			if sorted, err = r.search(ctx, q, planSort); err != nil {
				return err
			}
			if walked, err = r.search(ctx, q, planWalk); err != nil {
				return err
			}
			n, err = r.Count(ctx, enroll.CardholderQuery{Text: q.Text, Status: q.Status})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(sorted, walked, func(a, b enroll.Cardholder) bool { return a.ID == b.ID }) {
			t.Errorf("%+v: plans disagree: %d vs %d rows", q, len(sorted), len(walked))
		}
		if q.Limit == 0 && len(sorted) != n {
			t.Errorf("%+v: Count %d, Search %d", q, n, len(sorted))
		}
		t.Logf("%+v: %d rows of %d", q, len(sorted), n)
	}
	var broad int
	err := db.View(ctx, func(tx enroll.Tx) error {
		var err error
		broad, err = tx.Cardholders().Count(ctx, enroll.CardholderQuery{Text: "e"})
		return err
	})
	if err != nil || broad <= broadMatch {
		t.Fatalf("test data too small: %q matches %d (%v), need more than %d", "e", broad, err, broadMatch)
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
