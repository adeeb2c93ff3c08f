package ui

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/postgres"
	"github.com/carddesk/carddesk/storage/postgres/pgtest"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// pgStations opens one fresh PostgreSQL database twice, as two desks do:
// each station has its own connections.
func pgStations(t *testing.T) (here, there *enroll.Station, dsn string) {
	t.Helper()
	here, there, _, dsn = pgStationsDB(t)
	return here, there, dsn
}

// pgStationsDB is pgStations with the other desk's database, for what its
// services cannot do in a test (order a card from a producer).
func pgStationsDB(t *testing.T) (here, there *enroll.Station, thereDB *postgres.DB, dsn string) {
	t.Helper()
	dsn = pgtest.NewDatabase(t)
	open := func() (*enroll.Station, *postgres.DB) {
		db, err := postgres.Open(context.Background(), dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return enroll.New(db, enroll.Options{Password: uitest.CheapPasswords}), db
	}
	here, _ = open()
	there, thereDB = open()
	return here, there, thereDB, dsn
}

// within runs the desk's UI work until ok holds, failing the test when it
// does not within d (eventually allows five seconds).
func within(t *testing.T, desk *Desk, d time.Duration, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); ; time.Sleep(2 * time.Millisecond) {
		desk.wait()
		if ok() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s\nthe window shows: %s", d, what, uitest.Texts(desk.session.win.Content()))
		}
	}
}

// On a shared PostgreSQL database, what another desk does shows here
// within a second with no ticker at all (the test desk has none): the
// pending count everywhere it appears, and the request list, also when
// only a cardholder's name changed and the count did not.
func TestLiveDeskFollowsAnotherDesk(t *testing.T) {
	here, there, dsn := pgStations(t)
	admin := setupAdmin(t, here)
	people := addCardholders(t, here, admin, "Anna", "Bert")
	d, s := signedInDesk(t, here, "postgres", admin)
	if d.pendingInterval() != 0 {
		t.Fatalf("the test desk polls every %v", d.pendingInterval())
	}
	s.open(secRequests)
	d.wait()
	r := s.requestsScreen()
	listed := func() string { return uitest.Texts(r.Content()) }
	// Until the session listens, a change elsewhere goes unheard: wait
	// for the listener's connection.
	within(t, d, 10*time.Second, "the session listens", func() bool { return listening(t, dsn) == 1 })

	var req enroll.CardRequest
	for _, step := range []struct {
		what   string
		change func()
		shown  func() bool
	}{
		{"a request filed at the other desk is counted and listed",
			func() { req = fileRequest(t, there, admin, people[0], "Lost card") },
			func() bool {
				return s.count == 1 && strings.Contains(listed(), "Card requests: 1 pending") &&
					strings.Contains(listed(), "Anna Tester") && s.top.badge.Visible() && s.top.badge.Text() == "1"
			}},
		{"its cardholder renamed there shows in the list, the count unchanged",
			func() {
				c := people[0]
				c.FirstName = "Anneke"
				if _, err := there.Cardholders.Update(context.Background(), admin, c); err != nil {
					t.Fatal(err)
				}
			},
			func() bool { return s.count == 1 && strings.Contains(listed(), "Anneke Tester") }},
		{"the request denied there leaves the pending list",
			func() {
				if _, err := there.Requests.Deny(context.Background(), admin, []int64{req.ID}, "no"); err != nil {
					t.Fatal(err)
				}
			},
			func() bool {
				return s.count == 0 && strings.Contains(listed(), "Card requests: 0 pending") &&
					!strings.Contains(listed(), "Anneke Tester") && !s.top.badge.Visible()
			}},
	} {
		start := time.Now()
		step.change()
		within(t, d, time.Second, step.what, step.shown)
		t.Logf("%s: after %v", step.what, time.Since(start))
	}
}

// Each section on display shows what another desk changed within a
// second, keeping what it was showing otherwise.
func TestLiveSectionsFollowAnotherDesk(t *testing.T) {
	here, there, thereDB, dsn := pgStationsDB(t)
	ctx := context.Background()
	admin := setupAdmin(t, here)
	addCardholders(t, here, admin, "Anna")
	d := newTestDesk(t, here, "postgres")
	d.cfg.Readers = simulatedHub(t, here)
	d.signedIn(admin)
	d.wait()
	s := d.session
	within(t, d, 10*time.Second, "the session listens", func() bool { return listening(t, dsn) == 1 })
	shows := func(id sectionID, parts ...string) func() bool {
		return func() bool {
			texts := uitest.Texts(s.screens[id].Content())
			for _, p := range parts {
				if want := !strings.HasPrefix(p, "!"); strings.Contains(texts, strings.TrimPrefix(p, "!")) != want {
					return false
				}
			}
			return true
		}
	}
	for _, c := range []struct {
		section sectionID
		what    string
		change  func() error
		shown   func() bool
	}{
		{secCardholders, "a cardholder added there", func() error {
			_, err := there.Cardholders.Add(ctx, admin, enroll.Cardholder{FirstName: "Cora", LastName: "Tester"})
			return err
		}, shows(secCardholders, "Anna Tester", "Cora Tester")},
		{secCredentials, "a card enrolled there", func() error {
			_, err := there.Credentials.Enroll(ctx, admin, enroll.NewCredential{Format: "h10301",
				Fields: map[string]string{"facility": "12", "card": "4242"}})
			return err
		}, shows(secCredentials, "4242", "1 credential")},
		{secOrders, "a temporary card ordered there", func() error {
			now := time.Now().UTC().Truncate(time.Millisecond)
			return thereDB.Update(ctx, func(tx enroll.Tx) error {
				return tx.OrderedCards().Create(ctx, &enroll.OrderedCard{CardID: "4f0c4b8e-1111-4000-8000-000000000001",
					OrderID: "o1", Kind: enroll.KindTemporary, Status: enroll.OrderProcessing, OrderedBy: "admin",
					CreatedAt: now, UpdatedAt: now})
			})
		}, shows(secOrders, "Desk stock", "1 card")},
		{secDevices, "the simulated reader given a format there", func() error {
			return there.Devices.Configure(ctx, admin, enroll.ReaderConfig{Name: simulatedName(t, s),
				Kind: enroll.ReaderSimulated, Format: "csn32"})
		}, shows(secDevices, "!Card serial number (by UID length)")},
	} {
		s.open(c.section)
		d.wait()
		if c.shown() {
			t.Fatalf("%s: shown before it happened", c.what)
		}
		start := time.Now()
		if err := c.change(); err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		within(t, d, time.Second, c.what, c.shown)
		t.Logf("%s: after %v", c.what, time.Since(start))
	}
}

// simulatedName is the name of the desk's simulated reader.
func simulatedName(t *testing.T, s *session) string {
	t.Helper()
	for _, st := range s.d.cfg.Readers.States() {
		if st.Info.Kind == enroll.ReaderSimulated {
			return st.Info.Name
		}
	}
	t.Fatal("the desk has no simulated reader")
	return ""
}

// listening counts the connections to the database dsn that LISTEN: the
// session's listener, once it is ready.
func listening(t *testing.T, dsn string) int {
	t.Helper()
	n, err := strconv.Atoi(pgtest.Shared(t).Psql(t, dsn, `SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN %'`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A desk polls the pending count as configured where the database cannot
// report changes, and only as a safety net where it can; a desk without
// a ticker (the tests') gets none either way.
func TestPendingInterval(t *testing.T) {
	lite, _ := newTestStation(t)
	live, _, _ := pgStations(t)
	for _, c := range []struct {
		name  string
		st    *enroll.Station
		every time.Duration
		want  time.Duration
	}{
		{"sqlite", lite, pendingEvery, pendingEvery},
		{"sqlite without ticker", lite, 0, 0},
		{"postgres", live, pendingEvery, liveSafetyEvery},
		{"postgres without ticker", live, 0, 0},
	} {
		d := &Desk{st: c.st, pendingEvery: c.every}
		if got := d.pendingInterval(); got != c.want {
			t.Errorf("%s: every %v, want %v", c.name, got, c.want)
		}
	}
}
