package postgres

import (
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// fixture inserts the rows the tests below need, by SQL.
type fixture struct {
	t  *testing.T
	db *DB
}

func (f fixture) id(q string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.db.pool.QueryRowContext(f.t.Context(), q+" RETURNING id", args...).Scan(&id); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	return id
}

func (f fixture) operator(name string) int64 {
	return f.id("INSERT INTO operators (name, role, created_at) VALUES ($1, 'admin', 0)", name)
}

func (f fixture) cardholder(first, last string) int64 {
	return f.id(`INSERT INTO cardholders (first_name, last_name, email, department, status, created_at, updated_at)
		VALUES ($1, $2, lower($1) || '@example.com', 'Facilities', 'active', 0, 0)`, first, last)
}

func (f fixture) request(cardholder, operator int64, reason, note string) int64 {
	return f.id(`INSERT INTO card_requests (cardholder_id, reason, note, activation_mode, status, requested_by, created_at, updated_at)
		VALUES ($1, $2, $3, 'never', 'pending', $4, 0, 0)`, cardholder, reason, note, operator)
}

func (f fixture) exec(q string, args ...any) error {
	_, err := f.db.pool.ExecContext(f.t.Context(), q, args...)
	return err
}

func (f fixture) must(q string, args ...any) {
	f.t.Helper()
	if err := f.exec(q, args...); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
}

// requestsMatching searches the request word index as the repositories will.
func (f fixture) requestsMatching(text string) []int64 {
	f.t.Helper()
	return query(f.t, f.db.pool, `SELECT request_id FROM requests_fts WHERE words @@ carddesk_search_query($1)
		ORDER BY request_id`, func(r *sql.Rows) (id int64, err error) { return id, r.Scan(&id) }, text)
}

// cardholderSearch matches the stored words that the index cardholders_fts
// holds.
const cardholderSearch = `search_words @@ carddesk_search_query($1)`

func (f fixture) cardholdersMatching(text string) []int64 {
	f.t.Helper()
	return query(f.t, f.db.pool, "SELECT id FROM cardholders WHERE "+cardholderSearch+" ORDER BY id",
		func(r *sql.Rows) (id int64, err error) { return id, r.Scan(&id) }, text)
}

func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// The audit log resists even SQL that bypasses the repositories.
func TestAuditLogRefusesChanges(t *testing.T) {
	t.Parallel()
	db, _ := openTest(t)
	f := fixture{t, db}
	f.must("INSERT INTO audit_events (at, operator, action, details) VALUES (1, 'olga', 'x.y', 'kept')")
	for _, stmt := range []string{
		"UPDATE audit_events SET details = 'changed'",
		"DELETE FROM audit_events",
		"TRUNCATE audit_events",
	} {
		if err := f.exec(stmt); err == nil || !strings.Contains(err.Error(), "the audit log is append-only") {
			t.Errorf("%s: got %v, want an append-only refusal", stmt, err)
		}
	}
	var details string
	if err := db.pool.QueryRowContext(t.Context(), "SELECT details FROM audit_events").Scan(&details); err != nil || details != "kept" {
		t.Errorf("audit event now %q (%v)", details, err)
	}
	// Rows inserted behind the repositories' back have no place in the
	// chain (seq 0, which is unique): the second one needs a seq of its own.
	f.must("INSERT INTO audit_events (at, action, seq) VALUES (2, 'still.appendable', 1)")
}

// requests_fts follows its requests, their cardholders and requesters.
func TestRequestWordsFollow(t *testing.T) {
	t.Parallel()
	db, _ := openTest(t)
	f := fixture{t, db}
	olga := f.operator("Olga")
	piet := f.operator("Piet")
	jan := f.cardholder("Jan", "Bergström")
	ana := f.cardholder("Ana", "Núñez")
	r1 := f.request(jan, olga, "Lost card", "")
	r2 := f.request(ana, piet, "New starter", "Building C")
	want := func(text string, ids ...int64) {
		t.Helper()
		if got := f.requestsMatching(text); !slices.Equal(got, ids) {
			t.Errorf("requests matching %q: %v, want %v", text, got, ids)
		}
	}
	// Insert: name, reason, note and requester; prefixes of every word,
	// without case or diacritics.
	want("jan", r1)
	want("BERGSTROM", r1)
	want("berg lost", r1)
	want("nun", r2)
	want("núñez", r2)
	want("build", r2)
	want("olg", r1)
	want("piet starter", r2)
	want("jan starter")
	want("card", r1)

	// Update of a searched column; a deleted request leaves no words behind.
	f.must("UPDATE card_requests SET reason = 'Damaged card', note = 'cracked' WHERE id = $1", r1)
	want("lost")
	want("damaged crack", r1)
	f.must("UPDATE card_requests SET requested_by = $1 WHERE id = $2", piet, r1)
	want("piet", r1, r2)
	want("olga")
	f.must("UPDATE card_requests SET cardholder_id = $1 WHERE id = $2", ana, r1)
	want("ana", r1, r2)
	want("jan")

	// Renamed cardholders and operators are found under the new name.
	f.must("UPDATE cardholders SET last_name = 'Øvergaard' WHERE id = $1", ana)
	want("øvergaard", r1, r2) // ø is a letter of its own, as in SQLite's unicode61
	want("nunez")
	f.must("UPDATE operators SET name = 'Pieter' WHERE id = $1", piet)
	want("pieter", r1, r2)

	// An update that SETs the columns without changing them leaves the
	// words row alone (the triggers' WHEN).
	xmin := func() string {
		var x string
		if err := db.pool.QueryRowContext(t.Context(), "SELECT xmin::text FROM requests_fts WHERE request_id = $1", r2).Scan(&x); err != nil {
			t.Fatal(err)
		}
		return x
	}
	before := xmin()
	f.must(`UPDATE card_requests SET reason = reason, note = note, cardholder_id = cardholder_id,
		requested_by = requested_by, status = 'approved' WHERE id = $1`, r2)
	f.must("UPDATE cardholders SET first_name = first_name, last_name = last_name, photo = '\\x00' WHERE id = $1", ana)
	f.must("UPDATE operators SET name = name WHERE id = $1", piet)
	if after := xmin(); after != before {
		t.Errorf("an update that changed no searched column rewrote the words (xmin %s -> %s)", before, after)
	}

	f.must("DELETE FROM card_requests WHERE id = $1", r1)
	want("ana", r2)
	var n int
	if err := db.pool.QueryRowContext(t.Context(), "SELECT count(*) FROM requests_fts").Scan(&n); err != nil || n != 1 {
		t.Errorf("requests_fts has %d rows (%v), want 1", n, err)
	}
}

// The cardholder search index: prefixes of every searched column, without
// case or diacritics, used by a query that repeats its expression.
func TestCardholderSearch(t *testing.T) {
	t.Parallel()
	db, _ := openTest(t)
	f := fixture{t, db}
	jan := f.cardholder("Jan", "Bergström")
	ana := f.cardholder("Ana-María", "O'Brien")
	zoe := f.cardholder("Zoë", "Łukasz")
	f.must("UPDATE cardholders SET external_id = 'HR-0042', department = 'R&D' WHERE id = $1", zoe)
	want := func(text string, ids ...int64) {
		t.Helper()
		if got := f.cardholdersMatching(text); !slices.Equal(got, ids) {
			t.Errorf("cardholders matching %q: %v, want %v", text, got, ids)
		}
	}
	want("j", jan)
	want("bergstrom", jan)
	want("BERGSTRÖ", jan)
	want("maria", ana)
	want("ana mar", ana)
	want("brien", ana)
	want("o'brien", ana)
	want("zoe", zoe)
	want("łuk", zoe)
	want("0042", zoe)
	want("hr 0042", zoe)
	want("d", zoe)
	want("example", jan, ana, zoe)
	want("ab")
	want("jan ana")
	want("'&|!:*()") // nothing to search for matches nothing: the repositories leave the filter out
	f.must("UPDATE cardholders SET first_name = 'Janne' WHERE id = $1", jan)
	want("janne", jan)

	// The planner takes the GIN index.
	var plan []string
	err := db.withTx(t.Context(), false, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(t.Context(), "SET LOCAL enable_seqscan = off"); err != nil {
			return err
		}
		plan = query(t, tx, "EXPLAIN SELECT id FROM cardholders WHERE "+cardholderSearch, scanString, "jan")
		return nil
	})
	if err != nil || !strings.Contains(strings.Join(plan, "\n"), "cardholders_fts") {
		t.Errorf("the search does not use cardholders_fts (%v):\n%s", err, strings.Join(plan, "\n"))
	}
}

// The constraints the repositories rely on.
func TestConstraints(t *testing.T) {
	t.Parallel()
	db, _ := openTest(t)
	f := fixture{t, db}
	ctx := t.Context()
	olga := f.operator("Olga")
	jan := f.cardholder("Jan", "Jansen")
	for _, c := range []struct {
		what, stmt, state string
		args              []any
	}{
		{"an operator name differing in case", "INSERT INTO operators (name, role, created_at) VALUES ('OLGA', 'admin', 0)", "23505", nil},
		{"a template name differing in case", "INSERT INTO badge_templates (name, json, created_at, updated_at) VALUES ('employee', '{}', 0, 0)", "23505", nil},
		{"a second default template", "INSERT INTO badge_templates (name, json, is_default, created_at, updated_at) VALUES ('x', '{}', true, 0, 0)", "23505", nil},
		{"a request naming a missing template", `INSERT INTO card_requests (cardholder_id, template_id, activation_mode, status, requested_by, created_at, updated_at)
			VALUES ($1, 999, 'never', 'pending', $2, 0, 0)`, "23503", []any{jan, olga}},
		{"a credential of a missing cardholder", "INSERT INTO credentials (format, bits, status, cardholder_id, created_at, updated_at) VALUES ('H10301', '1', 'active', 999, 0, 0)", "23503", nil},
		{"the same bits twice", "INSERT INTO credentials (format, bits, status, created_at, updated_at) VALUES ('H10301', '1', 'active', 0, 0), ('H10301', '1', 'active', 0, 0)", "23505", nil},
		{"fields that are not an object", "INSERT INTO credentials (format, bits, status, fields, created_at, updated_at) VALUES ('H10301', '2', 'active', '[1]', 0, 0)", "23514", nil},
		{"an unknown order status", "INSERT INTO ordered_cards (card_id, order_id, kind, status, created_at, updated_at) VALUES ('c1', 'o1', 'personal', 'lost', 0, 0)", "23514", nil},
		{"an unknown card kind", "INSERT INTO ordered_cards (card_id, order_id, kind, status, created_at, updated_at) VALUES ('c1', 'o1', 'gold', 'ordered', 0, 0)", "23514", nil},
		{"an unknown temp card status", `WITH o AS (INSERT INTO ordered_cards (card_id, order_id, kind, status, created_at, updated_at)
			VALUES ('t0', 'o1', 'temporary', 'produced', 0, 0))
			INSERT INTO temp_cards (card_id, status, created_at, updated_at) VALUES ('t0', 'lent', 0, 0)`, "23514", nil},
		{"two assigned temp cards", `WITH o AS (INSERT INTO ordered_cards (card_id, order_id, kind, status, created_at, updated_at)
			VALUES ('t1', 'o1', 'temporary', 'produced', 0, 0), ('t2', 'o1', 'temporary', 'produced', 0, 0))
			INSERT INTO temp_cards (card_id, status, cardholder_id, created_at, updated_at) VALUES ('t1', 'assigned', $1, 0, 0), ('t2', 'assigned', $1, 0, 0)`,
			"23505", []any{jan}},
	} {
		if err := f.exec(c.stmt, c.args...); sqlState(err) != c.state {
			t.Errorf("%s: %v, want SQLSTATE %s", c.what, err, c.state)
		}
	}

	// A deleted template leaves the requests that named it without one.
	tmpl := f.id("INSERT INTO badge_templates (name, json, created_at, updated_at) VALUES ('Contractor', '{}', 0, 0)")
	req := f.id(`INSERT INTO card_requests (cardholder_id, template_id, activation_mode, status, requested_by, created_at, updated_at)
		VALUES ($1, $2, 'never', 'pending', $3, 0, 0)`, jan, tmpl, olga)
	f.must("DELETE FROM badge_templates WHERE id = $1", tmpl)
	var template sql.NullInt64
	if err := db.pool.QueryRowContext(ctx, "SELECT template_id FROM card_requests WHERE id = $1", req).Scan(&template); err != nil || template.Valid {
		t.Errorf("the request's template after deleting it: %v (%v), want NULL", template, err)
	}

	// JSON goes in and comes back as a string through database/sql, as the
	// repositories will pass it; the template file byte for byte.
	const fields = `{"card": "42", "facility": "7"}`
	const doc = "{\n  \"name\": \"Contractor\",  \"b\": 1, \"a\": 2\n}"
	f.must("INSERT INTO credentials (format, bits, status, fields, created_at, updated_at) VALUES ('H10301', '3', 'active', $1, 0, 0)", fields)
	f.must("INSERT INTO badge_templates (name, json, created_at, updated_at) VALUES ('Contractor', $1, 0, 0)", doc)
	var gotFields, card, gotDoc string
	if err := db.pool.QueryRowContext(ctx, `SELECT fields, fields ->> 'card', (SELECT json FROM badge_templates WHERE name = 'Contractor')
		FROM credentials WHERE bits = '3'`).Scan(&gotFields, &card, &gotDoc); err != nil {
		t.Fatal(err)
	}
	if gotFields != fields || card != "42" || gotDoc != doc {
		t.Errorf("JSON round trip: fields %s (card %s), template %q", gotFields, card, gotDoc)
	}
}
