package dbcopy

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/demo"
	"github.com/carddesk/carddesk/enroll"
)

// dump is every row of every copied table, values as readRows gives them.
type dump map[string]tableDump

type tableDump struct {
	cols []string
	rows [][]any
}

func dumpAll(t *testing.T, dsn string) dump {
	t.Helper()
	s, err := open(t.Context(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.db.Close()
	d := dump{}
	for _, tb := range tables {
		cols, rows := readRows(t, t.Context(), s, tb)
		d[tb.name] = tableDump{cols, rows}
	}
	return d
}

func (d dump) counts() []TableCount {
	out := make([]TableCount, len(tables))
	for i, tb := range tables {
		out[i] = TableCount{Table: tb.name, Rows: int64(len(d[tb.name].rows))}
	}
	return out
}

// sameRows compares a copy with its source row for row. The copy's audit
// log holds the source's events and then one db.copy event for each copy
// made on the way (copies).
func sameRows(t *testing.T, what string, want, got dump, copies int) {
	t.Helper()
	for _, tb := range tables {
		w, g := want[tb.name], got[tb.name]
		if !slices.Equal(w.cols, g.cols) {
			t.Errorf("%s: %s: columns %v, want %v", what, tb.name, g.cols, w.cols)
			continue
		}
		rows := g.rows
		if tb.name == "audit_events" {
			action := slices.Index(g.cols, ident("action"))
			if len(rows) != len(w.rows)+copies {
				t.Errorf("%s: audit_events: %d rows, want %d and %d db.copy", what, len(rows), len(w.rows), copies)
				continue
			}
			for _, r := range rows[len(w.rows):] {
				if r[action] != auditAction {
					t.Errorf("%s: audit_events: an extra event %v, want %s", what, r, auditAction)
				}
			}
			rows = rows[:len(w.rows)]
		}
		if len(rows) != len(w.rows) {
			t.Errorf("%s: %s: %d rows, want %d", what, tb.name, len(rows), len(w.rows))
			continue
		}
		for i := range rows {
			if !reflect.DeepEqual(rows[i], w.rows[i]) {
				t.Errorf("%s: %s: row %d differs:\n got %s\nwant %s", what, tb.name, i, show(g.cols, rows[i]), show(w.cols, w.rows[i]))
				break
			}
		}
	}
}

// show prints a row with blobs shortened.
func show(cols []string, row []any) string {
	parts := make([]string, len(row))
	for i, v := range row {
		if b, ok := v.([]byte); ok {
			v = fmt.Sprintf("[%d bytes]", len(b))
		}
		parts[i] = fmt.Sprintf("%s=%#v", cols[i], v)
	}
	return strings.Join(parts, " ")
}

func copyOK(t *testing.T, from, to string, by enroll.Actor) Result {
	t.Helper()
	res, err := Copy(t.Context(), from, to, Options{By: by})
	if err != nil {
		t.Fatalf("Copy %s -> %s: %v", Redact(from), Redact(to), err)
	}
	return res
}

// TestRoundTrip copies a populated station to the other kind of database
// and back, and finds every row of every table unchanged in both copies;
// both copies work as stations: sign-in, search, new rows with new ids.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		kinds [3]string
	}{
		{"SQLite to PostgreSQL and back", [3]string{"sqlite", "postgres", "sqlite"}},
		{"PostgreSQL to SQLite and back", [3]string{"postgres", "sqlite", "postgres"}},
		{"SQLite to SQLite", [3]string{"sqlite", "sqlite", "sqlite"}},
		{"PostgreSQL to PostgreSQL", [3]string{"postgres", "postgres", "postgres"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			src, mid, back := newDSN(t, c.kinds[0]), newDSN(t, c.kinds[1]), newDSN(t, c.kinds[2])
			f := populate(t, src)
			want := dumpAll(t, src)
			for _, tb := range tables {
				if len(want[tb.name].rows) == 0 {
					t.Errorf("the populated station has no %s: the round trip would not test them", tb.many)
				}
			}

			res := copyOK(t, src, mid, f.admin)
			if !slices.Equal(res.Tables, want.counts()) {
				t.Errorf("Copy counted %v, want %v", res.Tables, want.counts())
			}
			copyOK(t, mid, back, f.admin)
			sameRows(t, c.kinds[1], want, dumpAll(t, mid), 1)
			sameRows(t, c.kinds[2], want, dumpAll(t, back), 2)

			for _, dsn := range []string{mid, back} {
				worksAsStation(t, dsn, f, want)
			}
		})
	}
}

// worksAsStation uses a copy as the desk would: the administrator signs
// in with the password of the source, search finds what it found there,
// the copy's audit event names who copied, and what is added now gets ids
// the source never handed out.
func worksAsStation(t *testing.T, dsn string, f facts, src dump) {
	t.Helper()
	ctx := t.Context()
	db := openStore(t, dsn)
	defer db.Close()
	st := stationOn(db, t.TempDir())
	a, err := st.Operators.SignIn(ctx, demo.Operator, demo.Password)
	if err != nil {
		t.Fatalf("%s: sign in: %v", Redact(dsn), err)
	}

	found, err := st.Cardholders.Search(ctx, a, enroll.CardholderQuery{Text: f.holder.FirstName + " " + f.holder.LastName})
	if err != nil || !slices.ContainsFunc(found, func(c enroll.Cardholder) bool { return c.ID == f.holder.ID }) {
		t.Errorf("%s: searching %q: %v, %d found, not cardholder %d", Redact(dsn), f.holder.FullName(), err, len(found), f.holder.ID)
	}
	if h, err := st.Cardholders.Get(ctx, a, f.holder.ID); err != nil || len(h.Photo) == 0 {
		t.Errorf("%s: cardholder %d: %v, photo of %d bytes", Redact(dsn), f.holder.ID, err, len(h.Photo))
	}
	reqs, _, err := st.Requests.List(ctx, a, enroll.RequestQuery{Text: f.request.CardholderName + " " + f.request.Note})
	if err != nil || !slices.ContainsFunc(reqs, func(r enroll.CardRequest) bool { return r.ID == f.request.ID }) {
		t.Errorf("%s: searching the requests for %q: %v, %d found, not request %d", Redact(dsn),
			f.request.CardholderName+" "+f.request.Note, err, len(reqs), f.request.ID)
	}
	evs, _, err := st.Audit.List(ctx, a, enroll.AuditQuery{Action: auditAction})
	if err != nil || len(evs) == 0 || evs[0].Operator != demo.Operator || evs[0].OperatorID != f.admin.ID ||
		!strings.Contains(evs[0].Details, "copied") {
		t.Errorf("%s: the copy's audit event: %v, %+v", Redact(dsn), err, evs)
	}

	c, err := st.Cardholders.Add(ctx, a, enroll.Cardholder{FirstName: "Nieuw", LastName: "Na de kopie", Status: enroll.CardholderActive})
	if err != nil {
		t.Fatalf("%s: adding a cardholder: %v", Redact(dsn), err)
	}
	if top := maxOf(src, "cardholders"); c.ID <= top {
		t.Errorf("%s: a new cardholder got id %d, the source's go up to %d", Redact(dsn), c.ID, top)
	}
	r, err := st.Reasons.Add(ctx, a, "After the copy")
	if err != nil {
		t.Fatalf("%s: adding a reason: %v", Redact(dsn), err)
	}
	if r.ID <= f.deletedReason {
		t.Errorf("%s: a new reason got id %d, the source handed out %d already", Redact(dsn), r.ID, f.deletedReason)
	}
}

// maxOf is the highest id of a table in a dump.
func maxOf(d dump, table string) int64 {
	td := d[table]
	at := slices.Index(td.cols, ident("id"))
	var top int64
	for _, r := range td.rows {
		top = max(top, r[at].(int64))
	}
	return top
}

// smallStation sets up a station with an administrator and n cardholders.
func smallStation(t *testing.T, dsn, admin string, n int) enroll.Actor {
	t.Helper()
	ctx := t.Context()
	db := openStore(t, dsn)
	defer db.Close()
	st := stationOn(db, t.TempDir())
	a, err := st.Operators.Setup(ctx, admin, "", "long enough password")
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := st.Cardholders.Add(ctx, a, enroll.Cardholder{FirstName: fmt.Sprint("Person ", i+1), LastName: "Jansen",
			Status: enroll.CardholderActive}); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// TestRefusesTargetWithData: a target with station data is refused by what
// it holds, and left exactly as it was.
func TestRefusesTargetWithData(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ from, to string }{
		{"sqlite", "postgres"},
		{"postgres", "sqlite"},
		{"sqlite", "sqlite"},
	} {
		t.Run(c.from+" to "+c.to, func(t *testing.T) {
			t.Parallel()
			src, dst := newDSN(t, c.from), newDSN(t, c.to)
			a := smallStation(t, src, "admin", 3)
			smallStation(t, dst, "other", 2)
			before := dumpAll(t, dst)
			_, err := Copy(t.Context(), src, dst, Options{By: a})
			var ne *NotEmptyError
			if !errors.As(err, &ne) {
				t.Fatalf("Copy into a station with data: %v, want *NotEmptyError", err)
			}
			// Setup and two cardholders: three audit events.
			want := "already holds 1 operator, 2 cardholders and 3 audit events; db copy only fills an empty station"
			if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), Redact(dst)) {
				t.Errorf("error %q, want it to name %s and say %q", err, Redact(dst), want)
			}
			if u, perr := url.Parse(dst); perr == nil && u.User != nil {
				if pw, ok := u.User.Password(); ok && strings.Contains(err.Error(), pw) {
					t.Errorf("the error shows the password: %q", err)
				}
			}
			sameRows(t, "the refused target", before, dumpAll(t, dst), 0)
		})
	}
}

// refuseInserts makes the target reject the rows of one table, as a full
// disk or a broken row would midway through a copy.
func refuseInserts(t *testing.T, dsn, table string) {
	t.Helper()
	s, err := open(t.Context(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.db.Close()
	stmts := []string{`CREATE TRIGGER test_refuse BEFORE INSERT ON ` + table + ` BEGIN
		SELECT RAISE(ABORT, 'refused by the test'); END`}
	if isURL(dsn) {
		stmts = []string{`CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
			`CREATE TRIGGER test_refuse BEFORE INSERT ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION test_refuse()`}
	}
	for _, q := range stmts {
		if _, err := s.write.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFailureLeavesTargetAsItWas: when the target refuses a row late in
// the copy, nothing of it stays: the target is the empty station it was,
// with the migrations' default templates.
func TestFailureLeavesTargetAsItWas(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ from, to string }{
		{"sqlite", "postgres"},
		{"postgres", "sqlite"},
	} {
		t.Run(c.from+" to "+c.to, func(t *testing.T) {
			t.Parallel()
			src, dst := newDSN(t, c.from), newDSN(t, c.to)
			a := smallStation(t, src, "admin", 5)
			openStore(t, dst).Close() // an empty station
			refuseInserts(t, dst, "audit_events")
			before := dumpAll(t, dst)
			_, err := Copy(t.Context(), src, dst, Options{By: a})
			if err == nil || !strings.Contains(err.Error(), "refused by the test") || !strings.Contains(err.Error(), "audit_events") {
				t.Fatalf("Copy into a target that refuses audit events: %v", err)
			}
			after := dumpAll(t, dst)
			sameRows(t, "the target after the failed copy", before, after, 0)
			if len(after["badge_templates"].rows) == 0 {
				t.Error("the failed copy took the default badge templates along")
			}
			for _, tb := range tables {
				if !tb.seeded && len(after[tb.name].rows) > 0 {
					t.Errorf("the failed copy left %d %s", len(after[tb.name].rows), tb.many)
				}
			}
		})
	}
}

// TestNewTargetFileRemovedOnFailure: a SQLite target the copy created is
// gone again when the copy fails.
func TestNewTargetFileRemovedOnFailure(t *testing.T) {
	t.Parallel()
	src := newDSN(t, "sqlite")
	a := smallStation(t, src, "admin", 1)
	s, err := open(t.Context(), src, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A table no CardDesk made: the copy refuses to leave its rows behind.
	if _, err := s.write.ExecContext(t.Context(), "CREATE TABLE scratch (x INTEGER) STRICT"); err != nil {
		t.Fatal(err)
	}
	s.db.Close()
	dst := filepath.Join(t.TempDir(), "new", "copy.db")
	_, err = Copy(t.Context(), src, dst, Options{By: a})
	if err == nil || !strings.Contains(err.Error(), "scratch") {
		t.Fatalf("Copy from a source with an unknown table: %v", err)
	}
	for _, p := range []string{dst, dst + "-wal", dst + "-shm"} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is left behind (%v)", p, err)
		}
	}
}

// TestRefusedBeforeOpening: what is wrong with the two names is refused
// before anything is created.
func TestRefusedBeforeOpening(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "desk.db")
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.db")
	target := filepath.Join(dir, "target.db")
	for _, c := range []struct {
		name, from, to string
		want           error
		says           string
	}{
		{"one file", db, db, &SameDatabaseError{}, "same database"},
		{"one file, two names", db, filepath.Join(dir, ".", "..", filepath.Base(dir), "desk.db"), &SameDatabaseError{}, "same database"},
		{"one PostgreSQL database", "postgres://u:secret@db.example.org/desk", "postgresql://u:other@db.example.org:5432/desk?sslmode=require",
			&SameDatabaseError{}, "postgres://u:xxxxx@db.example.org/desk"},
		{"missing source", missing, target, &NoSourceError{}, "no CardDesk database at " + missing},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Copy(t.Context(), c.from, c.to, Options{})
			if err == nil || reflect.TypeOf(err) != reflect.TypeOf(c.want) || !strings.Contains(err.Error(), c.says) {
				t.Fatalf("Copy(%s, %s): %v, want a %T saying %q", c.from, c.to, err, c.want, c.says)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("the error shows a password: %v", err)
			}
			for _, p := range []string{missing, target} {
				if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("%s was created", p)
				}
			}
		})
	}
	if !errors.Is(&NoSourceError{Path: missing}, fs.ErrNotExist) {
		t.Error("NoSourceError is not fs.ErrNotExist")
	}
}

// TestPlanCoversSchema: every table of both schemas is copied or derived,
// and each copied table comes after the tables it references.
func TestPlanCoversSchema(t *testing.T) {
	t.Parallel()
	refs := map[string]string{
		"sqlite": `SELECT m.name, p."table" FROM sqlite_schema m, pragma_foreign_key_list(m.name) p WHERE m.type = 'table'`,
		"postgres": `SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint
			WHERE contype = 'f' AND connamespace = to_regnamespace(current_schema())`,
	}
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			s, err := open(t.Context(), newDSN(t, kind), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer s.db.Close()
			if err := knowsSchema(t.Context(), s.d, s.read); err != nil {
				t.Fatal(err)
			}
			rows, err := s.read.QueryContext(t.Context(), refs[kind])
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var child, parent string
				if err := rows.Scan(&child, &parent); err != nil {
					t.Fatal(err)
				}
				n++
				ci := slices.IndexFunc(tables, func(tb table) bool { return tb.name == child })
				pi := slices.IndexFunc(tables, func(tb table) bool { return tb.name == parent })
				if ci < 0 {
					continue // requests_fts: derived
				}
				if pi > ci {
					t.Errorf("%s references %s, which is copied after it", child, parent)
				}
			}
			if n < 10 {
				t.Errorf("only %d foreign keys read", n)
			}
		})
	}
}

func TestConvert(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		in       any
		from, to kind
		want     any
		err      bool
	}{
		{"NULL stays NULL", nil, kindInteger, kindBoolean, nil, false},
		{"SQLite flag to boolean", int64(1), kindInteger, kindBoolean, true, false},
		{"SQLite flag 0", int64(0), kindInteger, kindBoolean, false, false},
		{"no flag", int64(2), kindInteger, kindBoolean, nil, true},
		{"boolean to SQLite flag", true, kindBoolean, kindInteger, int64(1), false},
		{"JSONB bytes to canonical text", []byte(`{"facility": 1, "card": "5"}`), kindJSON, kindText, `{"card":"5","facility":1}`, false},
		{"JSON text into JSONB", `{"card":"5"}`, kindText, kindJSON, `{"card":"5"}`, false},
		{"JSONB that is no object", []byte(`[1, 2]`), kindJSON, kindText, `[1,2]`, false},
		{"integral REAL", int64(1), kindReal, kindReal, float64(1), false},
		{"blob", []byte{1, 2}, kindBlob, kindBlob, []byte{1, 2}, false},
		{"text into integer", "x", kindText, kindInteger, nil, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := convert(c.in, column{name: "c", from: c.from, to: c.to})
			if (err != nil) != c.err || !reflect.DeepEqual(got, c.want) {
				t.Errorf("convert(%#v, %s -> %s) = %#v, %v; want %#v (error %v)", c.in, c.from, c.to, got, err, c.want, c.err)
			}
		})
	}
}

func TestNotEmptyErrorNamesRows(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		holds []TableCount
		want  string
	}{
		{[]TableCount{{"operators", 1}}, "target x already holds 1 operator; "},
		{[]TableCount{{"operators", 3}, {"cardholders", 120}}, "target x already holds 3 operators and 120 cardholders; "},
		{[]TableCount{{"operators", 3}, {"cardholders", 1}, {"audit_events", 9}},
			"target x already holds 3 operators, 1 cardholder and 9 audit events; "},
	} {
		if got := (&NotEmptyError{Target: "x", Holds: c.holds}).Error(); !strings.HasPrefix(got, c.want) {
			t.Errorf("%v: %q, want it to start %q", c.holds, got, c.want)
		}
	}
}
