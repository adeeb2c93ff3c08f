package postgres

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// What the cardholder and request repositories do beyond the shared
// contract (storagetest): PostgreSQL's own folding of case and diacritics,
// and the plans that keep search on the indexes doc.go names.

func groupBPerson(first, last, dept, ext string) enroll.Cardholder {
	at := time.UnixMilli(1_700_000_000_000).UTC()
	return enroll.Cardholder{FirstName: first, LastName: last, Department: dept, ExternalID: ext,
		Email: strings.ToLower(first) + "@example.com", Status: enroll.CardholderActive,
		CreatedAt: at, UpdatedAt: at, PhotoCropX: 0.5, PhotoCropY: 0.5}
}

func TestGroupBCardholders(t *testing.T) {
	t.Parallel()
	db, _ := openTest(t)
	ctx := t.Context()
	write := func(fn func(r cardholders) error) {
		t.Helper()
		if err := db.withTx(ctx, false, func(q *sql.Tx) error { return fn(cardholders{conn{q}}) }); err != nil {
			t.Fatal(err)
		}
	}

	jan := groupBPerson("Jan", "Bergström", "Sales", "HR-1")
	write(func(r cardholders) error { return r.Create(ctx, &jan) })
	many := []enroll.Cardholder{
		groupBPerson("Zoë", "de Vries", "sales", "HR-2"),
		groupBPerson("ana", "bakker", "Finance", ""),
		groupBPerson("Éva", "Dekker", "", ""),
	}
	write(func(r cardholders) error { return r.CreateMany(ctx, many) })

	// A failed CreateMany leaves nothing behind and the transaction usable.
	write(func(r cardholders) error {
		err := r.CreateMany(ctx, []enroll.Cardholder{groupBPerson("X", "Y", "", "HR-9"), groupBPerson("Q", "R", "", "HR-1")})
		if !errors.Is(err, enroll.ErrDuplicate) || !strings.Contains(err.Error(), `"HR-1"`) || !strings.Contains(err.Error(), "2 of 2") {
			t.Errorf("CreateMany with a taken id: %v", err)
		}
		n, err := r.Count(ctx, enroll.CardholderQuery{})
		if err != nil || n != 4 {
			t.Errorf("Count after a failed CreateMany in the same transaction = %d, %v; want 4", n, err)
		}
		return nil
	})

	var list []enroll.Cardholder
	write(func(r cardholders) (err error) { list, err = r.Search(ctx, enroll.CardholderQuery{}); return err })
	var names []string
	for _, c := range list {
		names = append(names, c.LastName)
	}
	// Case is ignored; "de Vries" sorts before "Dekker" (the rig's C.UTF-8
	// collation compares code points, as SQLite does).
	if want := []string{"bakker", "Bergström", "de Vries", "Dekker"}; !slices.Equal(names, want) {
		t.Errorf("Search order %v, want %v", names, want)
	}
	for i, c := range list {
		write(func(r cardholders) error {
			n, err := r.Position(ctx, c)
			if err != nil || n != i {
				t.Errorf("Position(%s) = %d, %v; want %d", c.LastName, n, err, i)
			}
			return nil
		})
	}

	for _, tc := range []struct {
		text string
		want int
	}{
		{"bergstrom", 1}, {"BERGSTRÖ", 1}, {"zoe", 1}, {"eva", 1}, {"example", 4}, {"hr 2", 1},
		{"'&|!:*()", 4}, // nothing to search for: no filter, as in SQLite
		{"sal", 2}, {"ab", 0},
	} {
		write(func(r cardholders) error {
			got, err := r.Search(ctx, enroll.CardholderQuery{Text: tc.text})
			if err != nil || len(got) != tc.want {
				t.Errorf("Search(%q) = %d rows, %v; want %d", tc.text, len(got), err, tc.want)
			}
			n, err := r.Count(ctx, enroll.CardholderQuery{Text: tc.text})
			if err != nil || n != tc.want {
				t.Errorf("Count(%q) = %d, %v; want %d", tc.text, n, err, tc.want)
			}
			return nil
		})
	}

	var depts []string
	write(func(r cardholders) (err error) { depts, err = r.Departments(ctx); return err })
	if len(depts) != 2 || !strings.EqualFold(depts[1], "sales") || depts[0] != "Finance" {
		t.Errorf("Departments = %q, want Finance and one Sales", depts)
	}
}

// The queries as the repositories write them take the indexes.
func TestGroupBPlans(t *testing.T) {
	t.Parallel()
	db, _ := openTest(t)
	ctx := t.Context()
	plan := func(q string, args ...any) string {
		t.Helper()
		var out []string
		err := db.withTx(ctx, false, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
				return err
			}
			out = query(t, conn{tx}, "EXPLAIN "+q, scanString, args...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, "\n")
	}
	f := cardholderFilter(enroll.CardholderQuery{Text: "jan"})
	if p := plan("SELECT count(*) FROM cardholders c"+f.Where(), f.Args...); !strings.Contains(p, "cardholders_fts") {
		t.Errorf("Count does not use cardholders_fts:\n%s", p)
	}
	if p := plan(`SELECT count(*) FROM cardholders c WHERE (`+cardholderOrder+`) < (lower(?::text), lower(?::text), ?)`,
		"Dekker", "Jan", 5); !strings.Contains(p, "cardholders_name") {
		t.Errorf("Position does not use cardholders_name:\n%s", p)
	}
	if p := plan("SELECT c.id FROM cardholders c ORDER BY " + cardholderOrder + " LIMIT 50"); !strings.Contains(p, "cardholders_name") {
		t.Errorf("the list does not walk cardholders_name:\n%s", p)
	}
	rf := requestFilter(enroll.RequestQuery{Text: "jan lost"})
	if p := plan("SELECT count(*) FROM card_requests r"+rf.Where(), rf.Args...); !strings.Contains(p, "requests_fts_words") {
		t.Errorf("the request search does not use requests_fts_words:\n%s", p)
	}
}

func TestGroupBRequests(t *testing.T) {
	t.Parallel()
	db, _ := openTest(t)
	ctx := context.Background()
	f := fixture{t, db}
	op := f.operator("Rita")
	holder := f.cardholder("Jan", "Jansen")
	var r enroll.CardRequest
	err := db.withTx(ctx, false, func(q *sql.Tx) error {
		rr := requests{q: conn{q}}
		r = enroll.CardRequest{CardholderID: holder, Reason: "Lost", Status: enroll.RequestPending, RequestedBy: op,
			Activation: enroll.Activation{Mode: "never"}, CreatedAt: time.UnixMilli(1000).UTC(), UpdatedAt: time.UnixMilli(1000).UTC()}
		if err := rr.Create(ctx, &r); err != nil {
			return err
		}
		if r.ID == 0 || r.Version != 1 {
			t.Errorf("Create set id %d, version %d", r.ID, r.Version)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A failed statement aborts a PostgreSQL transaction: the caller's
	// transaction fails with it.
	err = db.withTx(ctx, false, func(q *sql.Tx) error {
		bad := r
		bad.TemplateID = 999
		return requests{q: conn{q}}.Create(ctx, &bad)
	})
	if !errors.Is(err, enroll.ErrNotFound) || !strings.Contains(err.Error(), "badge template") {
		t.Errorf("Create naming a missing template: %v", err)
	}
	err = db.withTx(ctx, true, func(q *sql.Tx) error {
		rr := requests{q: conn{q}}
		for text, want := range map[string]int{"jans lo": 1, "rita": 1, "ritax": 0, "!!": 0, " ": 1} {
			got, n, err := rr.Page(ctx, enroll.RequestQuery{Text: text})
			if err != nil || len(got) != want || n != want {
				t.Errorf("Page(%q) = %d rows, count %d, %v; want %d", text, len(got), n, err, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
