package enroll_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/production"
	"github.com/carddesk/carddesk/production/producertest"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// benchOrders is a station and a simulator for the sync benchmarks, with
// the database at hand to store cards in bulk outside the timer.
type benchOrders struct {
	db    *sqlite.DB
	st    *enroll.Station
	admin enroll.Actor
	sim   *producertest.Server
	n     int // cards stored so far, for unique ids
}

func newBenchOrders(b *testing.B) *benchOrders {
	b.Helper()
	ctx := context.Background()
	sim, err := producertest.Start(producertest.Options{ClientID: "desk", ClientSecret: "s3cret"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(sim.Close)
	path := filepath.Join(b.TempDir(), "b.db")
	db, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	st := enroll.New(db, enroll.Options{Producers: production.NewFactory(production.Options{}),
		Password: enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}, Secrets: testSecrets(b, path)})
	admin, err := st.Operators.Setup(ctx, "admin", "", "admin-pass-1234")
	if err != nil {
		b.Fatal(err)
	}
	if err := st.Settings.SetMany(ctx, admin, []enroll.KeyValue{{Key: "production.url", Value: sim.URL()},
		{Key: "production.client_id", Value: "desk"}, {Key: "production.client_secret", Value: "s3cret"}}); err != nil {
		b.Fatal(err)
	}
	return &benchOrders{db: db, st: st, admin: admin, sim: sim}
}

// queue stores n temporary cards waiting to be sent.
func (o *benchOrders) queue(b *testing.B, n int) []string {
	b.Helper()
	ids := make([]string, n)
	now := time.Now().UTC().Truncate(time.Millisecond)
	err := o.db.Update(context.Background(), func(tx enroll.Tx) error {
		for i := range ids {
			o.n++
			ids[i] = fmt.Sprintf("00000000-0000-4000-8000-%012d", o.n)
			c := enroll.OrderedCard{CardID: ids[i], OrderID: "bench", Kind: enroll.KindTemporary, Status: enroll.OrderProcessing,
				LayoutID: "visitor", Fields: map[string]string{}, OrderedBy: "admin", NextAttempt: now, CreatedAt: now, UpdatedAt: now}
			if err := tx.OrderedCards().Create(context.Background(), &c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return ids
}

// BenchmarkSyncQueuedCards sends 1,000 queued cards to the simulator on
// loopback; the goal is at least 500 cards/s.
func BenchmarkSyncQueuedCards(b *testing.B) {
	const n = 1000
	o := newBenchOrders(b)
	var sent time.Duration
	for b.Loop() {
		b.StopTimer()
		o.queue(b, n)
		b.StartTimer()
		start := time.Now()
		res, err := o.st.Orders.Sync(context.Background(), o.admin, true)
		sent += time.Since(start)
		if err != nil || res.Sent != n {
			b.Fatalf("sync %+v, %v", res, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/sent.Seconds(), "cards/s")
}

// BenchmarkApplyChanges applies a changes feed of 10,000 updates; the goal
// is under a second.
func BenchmarkApplyChanges(b *testing.B) {
	const n = 10000
	o := newBenchOrders(b)
	o.queue(b, n)
	if res, err := o.st.Orders.Sync(context.Background(), o.admin, true); err != nil || res.Sent != n {
		b.Fatalf("setup sync %+v, %v", res, err)
	}
	for b.Loop() {
		b.StopTimer()
		if moved := o.sim.Tick(); moved == 0 {
			// Every card is produced: order a fresh set to move.
			o.queue(b, n)
			if _, err := o.st.Orders.Sync(context.Background(), o.admin, true); err != nil {
				b.Fatal(err)
			}
			o.sim.Tick()
		}
		b.StartTimer()
		res, err := o.st.Orders.Sync(context.Background(), o.admin, false)
		if err != nil || res.Updated < n {
			b.Fatalf("sync %+v, %v", res, err)
		}
	}
}
