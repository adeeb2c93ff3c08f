package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/sqlite"
	"github.com/carddesk/carddesk/storage/storagetest"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// The spec's start-up target: 100,000 cardholders and 10,000 pending requests
// within 1.2x the start of a bare Fyne window.
const (
	benchCardholders = 100_000
	benchPending     = 10_000
)

var benchWindowSize = fyne.NewSize(1240, 780)

// BenchmarkStartBare is the yardstick: a window with a label, first frame rendered.
func BenchmarkStartBare(b *testing.B) {
	a := test.NewTempApp(b)
	for b.Loop() {
		w := a.NewWindow("CardDesk")
		w.SetContent(widget.NewLabel("Hello"))
		w.Resize(benchWindowSize)
		w.Show()
		_ = w.Canvas().Capture()
		w.Close()
	}
}

// BenchmarkStartDesk opens the big database, signs in and renders the main
// window once the pending count and its first page of requests arrived.
func BenchmarkStartDesk(b *testing.B) {
	path, admin := buildBenchDB(b)
	a := uitest.NewApp(b)
	ctx := context.Background()
	var open, session, data, render time.Duration
	lap := func(total *time.Duration, since *time.Time) {
		now := time.Now()
		*total += now.Sub(*since)
		*since = now
	}
	n := 0
	for b.Loop() {
		n++
		t := time.Now()
		db, err := sqlite.Open(ctx, path, zap.NewNop())
		if err != nil {
			b.Fatal(err)
		}
		lap(&open, &t)
		st := enroll.New(db, enroll.Options{Password: uitest.CheapPasswords})
		d := NewDesk(ctx, a, st, Config{DBPath: path, Tray: noTray})
		d.pendingEvery, d.mailEvery, d.syncOrders = 0, 0, false
		d.drain = a.Drain // results are applied here, as on a UI goroutine
		d.signedIn(admin)
		d.session.win.Resize(benchWindowSize)
		lap(&session, &t)
		d.wait() // the pending count and the first page of requests
		lap(&data, &t)
		// The first frame with the requests on screen; thumbnails follow in a
		// later frame as they load.
		_ = d.session.win.Canvas().Capture()
		lap(&render, &t)
		if d.session.count != benchPending {
			b.Fatalf("pending count %d", d.session.count)
		}
		win := d.session.win
		d.Close()
		win.Close()
		_ = db.Close()
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(n) }
	b.ReportMetric(ms(open), "open-ms/op")
	b.ReportMetric(ms(session), "window-ms/op")
	b.ReportMetric(ms(data), "data-ms/op")
	b.ReportMetric(ms(render), "render-ms/op")
}

// buildBenchDB writes the database once per benchmark run (not timed).
func buildBenchDB(b *testing.B) (string, enroll.Actor) {
	b.Helper()
	start := time.Now()
	path := filepath.Join(b.TempDir(), "bench.db")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, zap.NewNop())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	st := enroll.New(db, enroll.Options{Password: uitest.CheapPasswords})
	admin, err := st.Operators.Setup(ctx, "admin", "", adminPassword)
	if err != nil {
		b.Fatal(err)
	}
	people := storagetest.GenCardholders(benchCardholders, 1)
	err = db.Update(ctx, func(tx enroll.Tx) error {
		if err := tx.Cardholders().CreateMany(ctx, people); err != nil {
			return err
		}
		now := time.Now().UTC().Truncate(time.Millisecond)
		for i := range benchPending {
			r := enroll.CardRequest{CardholderID: int64(i*7%benchCardholders + 1), Reason: "New employee",
				Activation: enroll.Activation{Mode: enroll.ActivateEnrollment}, Status: enroll.RequestPending,
				RequestedBy: admin.ID, CreatedAt: now.Add(time.Duration(i) * time.Second), UpdatedAt: now}
			if err := tx.Requests().Create(ctx, &r); err != nil {
				return fmt.Errorf("request %d: %w", i, err)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("built %d cardholders and %d pending requests in %v", benchCardholders, benchPending, time.Since(start))
	return path, admin
}
