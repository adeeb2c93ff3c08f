package postgres

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/storagetest"
)

// checkPrefixes compares the prefix tables and their counters with what
// the rows they follow say they must hold; any difference fails t.
func checkPrefixes(t *testing.T, db *DB) {
	t.Helper()
	ctx := t.Context()
	for _, c := range []struct{ what, query string }{
		{"cardholder prefixes missing", `SELECT w, lower(last_name), lower(first_name), id, status
			FROM cardholders, carddesk_prefixes(search_words) w
			EXCEPT ALL SELECT prefix, last, first, cardholder_id, status FROM cardholder_prefixes`},
		{"cardholder prefixes left over", `SELECT prefix, last, first, cardholder_id, status FROM cardholder_prefixes
			EXCEPT ALL SELECT w, lower(last_name), lower(first_name), id, status
			FROM cardholders, carddesk_prefixes(search_words) w`},
		{"cardholder counters wrong", `SELECT prefix, status, count(*) FROM cardholder_prefixes GROUP BY 1, 2
			EXCEPT SELECT prefix, status, n FROM search_prefix_counts WHERE list = 'cardholders' AND n <> 0`},
		{"cardholder counters left over", `SELECT prefix, status, n FROM search_prefix_counts WHERE list = 'cardholders' AND n <> 0
			EXCEPT SELECT prefix, status, count(*) FROM cardholder_prefixes GROUP BY 1, 2`},
		{"request prefixes missing", `SELECT w, r.status, r.created_at, r.id
			FROM card_requests r JOIN requests_fts f ON f.request_id = r.id, carddesk_prefixes(f.words) w
			EXCEPT ALL SELECT prefix, status, created_at, request_id FROM request_prefixes`},
		{"request prefixes left over", `SELECT prefix, status, created_at, request_id FROM request_prefixes
			EXCEPT ALL SELECT w, r.status, r.created_at, r.id
			FROM card_requests r JOIN requests_fts f ON f.request_id = r.id, carddesk_prefixes(f.words) w`},
		{"request counters wrong", `SELECT prefix, status, count(*) FROM request_prefixes GROUP BY 1, 2
			EXCEPT SELECT prefix, status, n FROM search_prefix_counts WHERE list = 'requests' AND n <> 0`},
		{"request counters left over", `SELECT prefix, status, n FROM search_prefix_counts WHERE list = 'requests' AND n <> 0
			EXCEPT SELECT prefix, status, count(*) FROM request_prefixes GROUP BY 1, 2`},
	} {
		rows, err := db.pool.QueryContext(ctx, c.query)
		if err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		cols, _ := rows.Columns()
		var bad []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			bad = append(bad, fmt.Sprint(vals...))
		}
		rows.Close()
		if len(bad) > 0 {
			t.Errorf("%s (%d), e.g. %v", c.what, len(bad), bad[:min(len(bad), 5)])
		}
	}
}

// checkSearches compares Search and Count, which read the prefix tables
// where they can, with a plain scan of the rows, for every one- to
// three-letter start of the cardholders' words and pairs of them.
func checkSearches(t *testing.T, db *DB, texts []string) {
	t.Helper()
	ctx := t.Context()
	for _, text := range texts {
		for _, status := range []enroll.CardholderStatus{"", enroll.CardholderActive, enroll.CardholderInactive} {
			var want []int64
			rows, err := db.pool.QueryContext(ctx, `SELECT id FROM cardholders c
				WHERE search_words @@ carddesk_search_query($1) AND ($2 = '' OR status = $2)
				ORDER BY `+cardholderOrder, text, string(status))
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				want = append(want, id)
			}
			rows.Close()
			q := enroll.CardholderQuery{Text: text, Status: status, Limit: 7, Offset: len(want) / 3}
			err = db.View(ctx, func(tx enroll.Tx) error {
				n, err := tx.Cardholders().Count(ctx, q)
				if err != nil {
					return err
				}
				if n != len(want) {
					t.Errorf("Count(%q, %q) = %d, want %d", text, status, n, len(want))
				}
				got, err := tx.Cardholders().Search(ctx, q)
				if err != nil {
					return err
				}
				var ids []int64
				for _, c := range got {
					ids = append(ids, c.ID)
				}
				end := min(len(want), q.Offset+q.Limit)
				if w := want[min(q.Offset, end):end]; !slices.Equal(ids, w) {
					t.Errorf("Search(%q, %q) at %d = %v, want %v", text, status, q.Offset, ids, w)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

// searchTexts are the starts of words that cs's rows hold, one to four
// letters, and pairs of two-letter starts.
func searchTexts(cs []enroll.Cardholder) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] && hasSearchWords(s) { // punctuation alone is no filter
			seen[s] = true
			out = append(out, s)
		}
	}
	for i, c := range cs {
		if i%9 != 0 {
			continue
		}
		for _, w := range strings.Fields(strings.ToLower(c.FirstName + " " + c.LastName + " " + c.Department)) {
			r := []rune(w)
			for n := 1; n <= 4 && n <= len(r); n++ {
				add(string(r[:n]))
			}
		}
		f, l := []rune(strings.ToLower(c.FirstName)), []rune(strings.ToLower(c.LastName))
		add(string(f[:min(2, len(f))]) + " " + string(l[:min(2, len(l))]))
	}
	return out
}

// TestPrefixesFollowChanges makes every kind of change the prefix tables
// follow (imports, edits of names, e-mail and status, one row and many rows
// at once, deletions, answered requests, renamed requesters) and checks
// after each that the tables and counters are what the rows say, and that
// searches read from them find what a scan finds.
func TestPrefixesFollowChanges(t *testing.T) {
	t.Parallel()
	db, _ := openTest(t)
	ctx := t.Context()
	rows := storagetest.GenCardholders(400, 7)
	update := func(fn func(tx enroll.Tx) error) {
		t.Helper()
		if err := db.Update(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	exec := func(query string, args ...any) {
		t.Helper()
		if _, err := db.pool.ExecContext(ctx, query, args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	update(func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(ctx, rows) })
	checkPrefixes(t, db)

	// Requests, from two operators.
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	update(func(tx enroll.Tx) error {
		var ops []int64
		for _, name := range []string{"Olivia Desk", "Bram Balie"} {
			op := enroll.Operator{Name: name, Role: enroll.RoleOperator, CreatedAt: at}
			if err := tx.Operators().Create(ctx, &op); err != nil {
				return err
			}
			ops = append(ops, op.ID)
		}
		for i := range 150 {
			when := at.Add(time.Duration(i) * time.Minute)
			r := enroll.CardRequest{CardholderID: int64(i*3%len(rows)) + 1, RequestedBy: ops[i%2],
				Reason: []string{"Lost card", "New employee", "Visitor"}[i%3], Status: enroll.RequestPending,
				Activation: enroll.Activation{Mode: enroll.ActivateEnrollment}, CreatedAt: when, UpdatedAt: when}
			if err := tx.Requests().Create(ctx, &r); err != nil {
				return err
			}
		}
		return nil
	})
	checkPrefixes(t, db)

	// One cardholder edited through the repository: new names and e-mail.
	update(func(tx enroll.Tx) error {
		c, err := tx.Cardholders().ByID(ctx, 4)
		if err != nil {
			return err
		}
		c.FirstName, c.LastName, c.Email = "Zoë", "Ǆurić-Quist", "zq@quist.example"
		return tx.Cardholders().Update(ctx, c)
	})
	// Many at once, in single statements: status, names (which also
	// rewrites their requests' words), a change to nothing.
	exec(`UPDATE cardholders SET status = 'inactive' WHERE id % 5 = 0`)
	exec(`UPDATE cardholders SET last_name = 'van ' || last_name WHERE id % 7 = 0`)
	exec(`UPDATE cardholders SET first_name = upper(first_name) WHERE id % 11 = 0`)
	exec(`UPDATE cardholders SET department = department`)
	checkPrefixes(t, db)

	// Requests answered (status only), edited (words only), both at once,
	// a requester renamed, requests and cardholders deleted.
	exec(`UPDATE card_requests SET status = 'completed' WHERE id % 4 = 0`)
	exec(`UPDATE card_requests SET reason = 'Damaged badge' WHERE id % 6 = 1`)
	exec(`UPDATE card_requests SET status = 'denied', note = 'kapot' WHERE id % 10 = 3`)
	exec(`UPDATE operators SET name = 'Yara Front' WHERE name = 'Olivia Desk'`)
	exec(`DELETE FROM card_requests WHERE id % 9 = 2`)
	exec(`DELETE FROM cardholders c WHERE id % 13 = 0 AND NOT EXISTS (SELECT FROM card_requests r WHERE r.cardholder_id = c.id)`)
	checkPrefixes(t, db)

	var current []enroll.Cardholder
	update(func(tx enroll.Tx) error {
		return tx.Cardholders().Each(ctx, func(c enroll.Cardholder) error { current = append(current, c); return nil })
	})
	checkSearches(t, db, append(searchTexts(current), "zo", "ǆu", "quist", "qu", "van", "v", "e"))
}

// TestPrefixCountersTwoStations: two connections importing and editing
// cardholders at once neither deadlock on the shared counters nor lose a
// count.
func TestPrefixCountersTwoStations(t *testing.T) {
	t.Parallel()
	db, dsn := openTest(t)
	other, err := Open(t.Context(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for i, station := range []*DB{db, other} {
		wg.Go(func() {
			rows := storagetest.GenCardholders(300, int64(i+1))
			for j := range rows {
				rows[j].ExternalID = fmt.Sprintf("S%d-%d", i, j)
			}
			for k := 0; k < len(rows); k += 20 {
				err := station.Update(ctx, func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(ctx, rows[k:k+20]) })
				if err != nil {
					errs <- err
					return
				}
			}
			_, err := station.pool.ExecContext(ctx, `UPDATE cardholders SET status = 'inactive' WHERE external_id LIKE $1`,
				fmt.Sprintf("S%d-%%1", i))
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	checkPrefixes(t, db)
}
