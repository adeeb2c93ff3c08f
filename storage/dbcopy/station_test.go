package dbcopy

import (
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/carddesk/carddesk/demo"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/production"
	"github.com/carddesk/carddesk/production/producertest"
	"github.com/carddesk/carddesk/storage/postgres"
	"github.com/carddesk/carddesk/storage/postgres/pgtest"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// store is a station's database as the station uses it.
type store interface {
	enroll.Store
	io.Closer
}

func openStore(t *testing.T, dsn string) store {
	t.Helper()
	var db store
	var err error
	if isURL(dsn) {
		db, err = postgres.Open(t.Context(), dsn, nil)
	} else {
		db, err = sqlite.Open(t.Context(), dsn, nil)
	}
	if err != nil {
		t.Fatalf("opening %s: %v", Redact(dsn), err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newDSN is a database of the test's own, of the kind asked for; a
// PostgreSQL one skips the test without the rig.
func newDSN(t *testing.T, kind string) string {
	t.Helper()
	if kind == "postgres" {
		return pgtest.NewDatabase(t)
	}
	return filepath.Join(t.TempDir(), "station.db")
}

// stationOn opens a station over db as the desk would, with the demo's
// options: the demo administrator's short password is accepted.
func stationOn(db enroll.Store, spool string) *enroll.Station {
	opts := demo.Options(nil)
	opts.Spooler = demo.Spooler(spool, nil)
	opts.Producers = production.NewFactory(production.Options{Timeout: 5 * time.Second})
	opts.Secrets = testSecrets
	return enroll.New(db, opts)
}

// facts are what the tests look for in the copies of a populated station.
type facts struct {
	admin   enroll.Actor       // demo, who copies
	holder  enroll.Cardholder  // has a photo
	request enroll.CardRequest // denied, with a note
	// deletedReason is the id of the newest reason, deleted: no copy may
	// hand it out again.
	deletedReason int64
}

// populate fills the database at dsn through the enroll services: the
// demo's station (operators, reasons, settings, cardholders with photos,
// credentials, requests pending, completed and denied), and on top what the
// demo leaves out: a custom card format, a reader and a printer set up, a
// badge template of the station's own (and a default one deleted), a print
// job, queued mail, a deleted reason, ordered cards and temporary cards.
func populate(t *testing.T, dsn string) facts {
	t.Helper()
	ctx := t.Context()
	db := openStore(t, dsn)
	defer db.Close()
	opts := demo.Options(nil)
	opts.Spooler = demo.Spooler(t.TempDir(), nil)
	opts.Producers = production.NewFactory(production.Options{Timeout: 5 * time.Second})
	opts.Secrets = testSecrets
	st := enroll.New(db, opts)
	if err := demo.Seed(ctx, st, opts); err != nil {
		t.Fatalf("demo.Seed: %v", err)
	}
	a, err := st.Operators.SignIn(ctx, demo.Operator, demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	f, err := st.Formats.Find(ctx, "h10301")
	must("format h10301", err)
	f.ID, f.Name = "site26", "Site 26 bits"
	_, err = st.Formats.Create(ctx, a, f)
	must("custom format", err)
	must("reader", st.Devices.Configure(ctx, a, enroll.ReaderConfig{Name: "Desk wedge",
		Kind: enroll.ReaderKeyboard, Format: "site26", Meaning: enroll.WedgeNumber, Fields: map[string]string{"facility": "7"}}))
	_, err = st.Printing.SetProfile(ctx, a, enroll.PrinterProfile{Printer: demo.Printer, OffsetX: 1.5, Scale: 98.5, Duplex: true})
	must("printer profile", err)

	tpls, err := st.Templates.List(ctx, a)
	must("templates", err)
	data, err := st.Templates.Export(ctx, a, tpls[0].ID)
	must("template export", err)
	var file map[string]any
	must("template file", json.Unmarshal(data, &file))
	file["name"] = "Front desk badge"
	data, err = json.Marshal(file)
	must("template file", err)
	custom, err := st.Templates.Import(ctx, a, "front-desk.json", data, false)
	must("template import", err)
	for _, tp := range tpls {
		if !tp.IsDefault {
			must("template delete", st.Templates.Delete(ctx, a, tp.ID))
			break
		}
	}

	withPhoto, err := st.Cardholders.Search(ctx, a, enroll.CardholderQuery{Status: enroll.CardholderActive})
	must("cardholders", err)
	withPhoto = slices.DeleteFunc(withPhoto, func(c enroll.Cardholder) bool { return !c.HasPhoto })
	if len(withPhoto) == 0 {
		t.Fatal("the demo has no cardholder with a photo")
	}
	holder := withPhoto[0]
	_, err = st.Printing.Print(ctx, a, enroll.PrintRequest{Printer: demo.Printer, TemplateID: custom.ID,
		CardholderIDs: []int64{holder.ID}})
	must("print", err)

	pending, _, err := st.Requests.List(ctx, a, enroll.RequestQuery{Status: enroll.RequestPending})
	must("requests", err)
	var mailed enroll.CardRequest
	for _, r := range pending {
		if r.EmailWhenReady && r.Note != "" {
			mailed = r
			break
		}
	}
	if mailed.ID == 0 {
		t.Fatal("the demo has no pending request with a note and mail when ready")
	}
	_, err = st.Requests.Deny(ctx, a, []int64{mailed.ID}, "Copied station test")
	must("deny", err)
	if n, err := st.Outbox.Pending(ctx, a); err != nil || n == 0 {
		t.Fatalf("outbox: %d queued, %v; want the denied request's mail", n, err)
	}

	reasons, err := st.Reasons.List(ctx, a)
	must("reasons", err)
	// The newest reason's id is gone from the table but not from the
	// counter: a copy must not hand it out again.
	deleted := reasons[len(reasons)-1].ID
	must("reason delete", st.Reasons.Delete(ctx, a, deleted))

	srv, err := producertest.Start(producertest.Options{})
	must("producer", err)
	defer srv.Close()
	must("production", demo.SetUpProduction(ctx, st, srv.URL()))
	srv.Tick()
	srv.Tick()
	_, err = st.Orders.Sync(ctx, a, true)
	must("sync", err)
	temps, _, err := st.Orders.List(ctx, a, enroll.OrderedCardQuery{Kind: enroll.KindTemporary, Status: enroll.OrderProduced})
	must("ordered cards", err)
	if len(temps) < 2 {
		t.Fatalf("%d temporary cards produced, want 2 or more", len(temps))
	}
	for _, c := range temps[:2] {
		_, err := st.TempCards.Initialize(ctx, a, c.CardID)
		must("temp card initialize", err)
	}
	_, err = st.TempCards.Assign(ctx, a, temps[0].CardID, withPhoto[1].ID, time.Now().AddDate(0, 0, 7))
	must("temp card assign", err)

	got, err := st.Requests.Get(ctx, a, mailed.ID)
	must("request", err)
	return facts{admin: a, holder: holder, request: got, deletedReason: deleted}
}

// tableRows reads every row of a table in key order, each value as the
// SQLite store keeps it (flags 0/1, JSON in canonical form), so the two
// dialects' rows compare equal when they hold the same data.
func readRows(t *testing.T, ctx context.Context, s *side, tb table) ([]string, [][]any) {
	t.Helper()
	cols, err := s.d.columns(ctx, s.read, tb.name)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = ident(c.name)
	}
	// The same column order on both sides (TestSameSchemaAsSQLite).
	slices.Sort(names)
	rows, err := s.read.QueryContext(ctx, "SELECT "+joinComma(names)+" FROM "+ident(tb.name)+" ORDER BY "+ident(tb.key))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	kinds := map[string]kind{}
	for _, c := range cols {
		kinds[ident(c.name)] = c.kind
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, n := range names {
			to := kinds[n]
			switch to {
			case kindBoolean:
				to = kindInteger
			case kindJSON:
				to = kindText
			}
			v, err := convert(vals[i], column{name: n, from: kinds[n], to: to})
			if err != nil {
				t.Fatal(err)
			}
			vals[i] = v
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return names, out
}

func joinComma(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ", "
		}
		out += v
	}
	return out
}
