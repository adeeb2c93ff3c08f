package enroll_test

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
	"github.com/carddesk/carddesk/notify/smtptest"
	storedsn "github.com/carddesk/carddesk/storage/dsn"
	"github.com/carddesk/carddesk/storage/postgres"
	"github.com/carddesk/carddesk/storage/postgres/pgtest"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// These tests run several stations on one database, as desks share one:
// a SQLite file on one machine, or a PostgreSQL server (the rig of the
// run). Each station has its own connections, so what keeps them apart is
// the database's locking, not anything inside one process.

// backend is a kind of shared database.
type backend struct {
	name string
	new  func(t *testing.T) string // a fresh, empty database
	// waitForWaiter returns once some transaction on dsn waits for
	// another's lock, so a test knows the two overlap.
	waitForWaiter func(t *testing.T, dsn string)
}

var backends = []backend{
	{
		name: "sqlite",
		new:  func(t *testing.T) string { return filepath.Join(t.TempDir(), "shared.db") },
		// SQLite does not say who waits; a waiting BEGIN IMMEDIATE is
		// all there is to wait for, and it starts at once.
		waitForWaiter: func(*testing.T, string) { time.Sleep(300 * time.Millisecond) },
	},
	{
		name: "postgres",
		new:  func(t *testing.T) string { return pgtest.NewDatabase(t) },
		waitForWaiter: func(t *testing.T, dsn string) {
			t.Helper()
			rig := pgtest.Shared(t)
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) {
				n := rig.Psql(t, dsn, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
				if n != "0" {
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
			t.Fatal("no transaction came to wait for the held one")
		},
	},
}

// eachBackend runs fn as a subtest per backend.
func eachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, b) })
	}
}

type sharedStore interface {
	enroll.Store
	io.Closer
}

// openShared opens one station's connection to dsn: a postgres:// URL or a
// SQLite file path, as cmd/carddesk does.
func openShared(t *testing.T, dsn string) sharedStore {
	t.Helper()
	var db sharedStore
	kind, err := storedsn.Of(dsn)
	switch {
	case err != nil:
	case kind == storedsn.Postgres:
		db, err = postgres.Open(t.Context(), dsn, nil)
	default:
		db, err = sqlite.Open(t.Context(), dsn, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// holdingStore keeps its next write transaction open, after its work and
// before the commit, until release is closed: what another station does
// meanwhile overlaps it exactly.
type holdingStore struct {
	enroll.Store
	armed   atomic.Bool
	held    chan struct{} // closed when the transaction is held
	release chan struct{}
}

func newHoldingStore(s enroll.Store) *holdingStore {
	return &holdingStore{Store: s, held: make(chan struct{}), release: make(chan struct{})}
}

func (s *holdingStore) Update(ctx context.Context, fn func(enroll.Tx) error) error {
	return s.Store.Update(ctx, func(tx enroll.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if s.armed.CompareAndSwap(true, false) {
			close(s.held)
			<-s.release
		}
		return nil
	})
}

var fastHashing = enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}

// twoDesks are two stations on one database: ann (admin) at the first,
// ben (operator) at the second. The first runs on a holdingStore.
type twoDesks struct {
	ctx      context.Context
	dsn      string
	hold     *holdingStore
	a, b     *enroll.Station
	ann, ben enroll.Actor
}

func newTwoDesks(t *testing.T, bk backend, opts enroll.Options) *twoDesks {
	t.Helper()
	ctx := t.Context()
	d := &twoDesks{ctx: ctx, dsn: bk.new(t)}
	opts.Password = fastHashing
	d.hold = newHoldingStore(openShared(t, d.dsn))
	d.a = enroll.New(d.hold, opts)
	d.b = enroll.New(openShared(t, d.dsn), opts)
	var err error
	if d.ann, err = d.a.Operators.Setup(ctx, "ann", "ann@example.org", "ann-pass-1234"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.a.Operators.Add(ctx, d.ann, enroll.NewOperator{Name: "ben", Role: enroll.RoleOperator, Password: "ben-pass-1234"}); err != nil {
		t.Fatal(err)
	}
	if d.ben, err = d.b.Operators.SignIn(ctx, "ben", "ben-pass-1234"); err != nil {
		t.Fatal(err)
	}
	return d
}

// pendingRequest files a request, for a new cardholder, at the first desk;
// with a card connected when card > 0.
func (d *twoDesks) pendingRequest(t *testing.T, name string, card int, mail bool) enroll.CardRequest {
	t.Helper()
	c, err := d.a.Cardholders.Add(d.ctx, d.ann, enroll.Cardholder{FirstName: "Race", LastName: name})
	if err != nil {
		t.Fatal(err)
	}
	r, err := d.a.Requests.Create(d.ctx, d.ann, enroll.NewRequest{CardholderID: c.ID, EmailWhenReady: mail})
	if err != nil {
		t.Fatal(err)
	}
	if card > 0 {
		if _, err := d.a.Requests.ConnectManual(d.ctx, d.ann, r.ID, "h10301", h10301(card)); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// Two desks answer the same request at the same moment, one closing it
// and one denying it: exactly one wins, and the other hears who answered,
// how and when.
func TestTwoStationsRaceForOneRequest(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		d := newTwoDesks(t, bk, enroll.Options{})
		wins := map[string]int{}
		for round := range 20 {
			r := d.pendingRequest(t, strconv.Itoa(round), 1000+round, false)
			var wg sync.WaitGroup
			var closeErr, denyErr error
			wg.Go(func() { _, _, closeErr = d.a.Requests.Complete(d.ctx, d.ann, []int64{r.ID}) })
			wg.Go(func() { _, denyErr = d.b.Requests.Deny(d.ctx, d.ben, []int64{r.ID}, "") })
			wg.Wait()
			got, _ := d.b.Requests.Get(d.ctx, d.ben, r.ID)
			var conflict *enroll.ConflictError
			switch {
			case closeErr == nil && errors.As(denyErr, &conflict):
				if got.Status != enroll.RequestCompleted || conflict.By != "ann" || conflict.Status != enroll.RequestCompleted || conflict.At.IsZero() {
					t.Fatalf("round %d: close won, request %+v, loser told %v", round, got, conflict)
				}
				wins["close"]++
			case denyErr == nil && errors.As(closeErr, &conflict):
				if got.Status != enroll.RequestDenied || conflict.By != "ben" || conflict.Status != enroll.RequestDenied || conflict.At.IsZero() {
					t.Fatalf("round %d: deny won, request %+v, loser told %v", round, got, conflict)
				}
				wins["deny"]++
			default:
				t.Fatalf("round %d: close %v, deny %v; want exactly one to win", round, closeErr, denyErr)
			}
		}
		t.Logf("wins: %v", wins)
	})
}

// The second desk answers while the first desk's answer is written but
// not yet committed: it waits for it (a row lock on PostgreSQL, the write
// lock on SQLite), then is told who answered and when, and changes nothing.
func TestAnswerWaitsForTheOtherStation(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		d := newTwoDesks(t, bk, enroll.Options{})
		r := d.pendingRequest(t, "Held", 1000, false)
		d.hold.armed.Store(true)
		closed := make(chan error, 1)
		go func() {
			_, _, err := d.a.Requests.Complete(d.ctx, d.ann, []int64{r.ID})
			closed <- err
		}()
		<-d.hold.held
		denied := make(chan error, 1)
		go func() {
			_, err := d.b.Requests.Deny(d.ctx, d.ben, []int64{r.ID}, "duplicate")
			denied <- err
		}()
		bk.waitForWaiter(t, d.dsn)
		select {
		case err := <-denied:
			t.Fatalf("the deny did not wait for the held close: %v", err)
		default:
		}
		close(d.hold.release)
		if err := <-closed; err != nil {
			t.Fatalf("close: %v", err)
		}
		var conflict *enroll.ConflictError
		if err := <-denied; !errors.As(err, &conflict) || conflict.By != "ann" || conflict.Status != enroll.RequestCompleted || conflict.At.IsZero() {
			t.Fatalf("deny after the close: %v, want a conflict naming ann", err)
		}
		got, err := d.b.Requests.Get(d.ctx, d.ben, r.ID)
		if err != nil || got.Status != enroll.RequestCompleted || got.RespondedByName != "ann" || got.ResponseNote != "" {
			t.Fatalf("request after both: %+v, %v", got, err)
		}
	})
}

// mailDesks are two desks whose outbox sends through a real SMTP server on
// loopback, with n requests answered with "email when ready".
func mailDesks(t *testing.T, bk backend, n int) (*twoDesks, *smtptest.Server) {
	t.Helper()
	srv, err := smtptest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	d := newTwoDesks(t, bk, enroll.Options{Mail: notify.SMTP{Timeout: 5 * time.Second}})
	err = d.a.Settings.SetMany(d.ctx, d.ann, []enroll.KeyValue{{Key: "smtp.host", Value: srv.Host},
		{Key: "smtp.port", Value: strconv.Itoa(srv.Port)}, {Key: "smtp.tls", Value: "none"}, {Key: "smtp.from", Value: "desk@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := range n {
		ids = append(ids, d.pendingRequest(t, "Mail"+strconv.Itoa(i), 0, true).ID)
	}
	if _, err := d.a.Requests.Deny(d.ctx, d.ann, ids, "no card needed"); err != nil {
		t.Fatal(err)
	}
	return d, srv
}

// sentOnce checks that the server got each of the n mails exactly once (all
// go to ann, who filed the requests; each names its cardholder) and the
// outbox holds nothing queued.
func (d *twoDesks) sentOnce(t *testing.T, srv *smtptest.Server, n int) {
	t.Helper()
	got := map[string]int{}
	for _, m := range srv.Messages() {
		got[m.Subject+"\n"+m.Body]++
	}
	if len(got) != n {
		t.Errorf("%d different mails arrived, want %d", len(got), n)
	}
	for m, k := range got {
		if k != 1 {
			t.Errorf("sent %d times: %s", k, m)
		}
	}
	if q, err := d.a.Outbox.List(d.ctx, d.ann, enroll.MailQueued); err != nil || len(q) != 0 {
		t.Errorf("still queued: %d, %v", len(q), err)
	}
}

// Two desks flush one outbox at the same moment: every mail goes out once.
func TestTwoStationsFlushingAtOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		const n = 45 // more than two of Flush's batches
		d, srv := mailDesks(t, bk, n)
		var wg sync.WaitGroup
		for _, desk := range []struct {
			st *enroll.Station
			a  enroll.Actor
		}{{d.a, d.ann}, {d.b, d.ben}} {
			wg.Go(func() {
				if _, err := desk.st.Outbox.Flush(d.ctx, desk.a); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		d.sentOnce(t, srv, n)
	})
}

// On PostgreSQL a desk flushing the outbox does not wait for another desk
// that is claiming mail: it passes over the rows being claimed (SKIP
// LOCKED) and sends the rest, and each mail still goes out once.
func TestFlushPassesOverMailAnotherStationClaims(t *testing.T) {
	d, srv := mailDesks(t, backends[1], 25)
	d.hold.armed.Store(true)
	first := make(chan error, 1)
	go func() {
		_, err := d.a.Outbox.Flush(d.ctx, d.ann)
		first <- err
	}()
	<-d.hold.held // the first desk has claimed a batch and not committed
	done := make(chan enroll.FlushResult, 1)
	go func() {
		res, err := d.b.Outbox.Flush(d.ctx, d.ben)
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	select {
	case res := <-done:
		if res.Sent != 5 {
			t.Errorf("the second desk sent %d, want the 5 the first did not claim", res.Sent)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the second desk waited for the first desk's claim")
	}
	close(d.hold.release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	d.sentOnce(t, srv, 25)
}

// Two desks sync card orders at the same moment: no card is sent twice.
func TestTwoStationsSyncingAtOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		e := newOrderEnvOn(t, bk.new(t), enroll.UseOrderTemporaryCards)
		var cs []enroll.OrderedCard
		for range 6 {
			cs = append(cs, e.temporary(t, 9)...)
		}
		other := stationOn(t, e.path)
		var wg sync.WaitGroup
		for _, st := range []*env{e.env, other} {
			wg.Go(func() {
				if _, err := st.st.Orders.Sync(context.Background(), st.admin, true); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		for _, c := range cs {
			if n := e.sim.Puts(c.CardID); n != 1 {
				t.Errorf("card %s sent %d times", c.CardID, n)
			}
		}
		if !allOrdered(t, e, cs) {
			t.Error("cards left unsent")
		}
	})
}
