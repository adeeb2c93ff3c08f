package dbcopy

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/postgres/pgtest"
	"github.com/carddesk/carddesk/storage/sqlite"
	"github.com/carddesk/carddesk/storage/storagetest"
)

// photoBytes is the size of a badge photo as a desk's camera gives it,
// after the station's downscaling; thumbBytes its list thumbnail.
const (
	photoBytes = 60 << 10
	thumbBytes = 6 << 10
)

// BenchmarkCopy copies a SQLite station of many cardholders with photos
// (CARDDESK_BENCH_CARDHOLDERS, default 5,000) into a new SQLite file and into
// PostgreSQL (with the rig), and reports the rows per second and the peak
// heap, which must not grow with the station: rows are streamed in batches.
//
//	CARDDESK_BENCH_CARDHOLDERS=100000 scripts/pg-rig.sh run go test -run '^$' -bench Copy -benchtime 1x ./storage/dbcopy/
func BenchmarkCopy(b *testing.B) {
	n := 5000
	if s := os.Getenv("CARDDESK_BENCH_CARDHOLDERS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("CARDDESK_BENCH_CARDHOLDERS: %v", err)
		}
	}
	src := filepath.Join(b.TempDir(), "source.db")
	fillCardholders(b, src, n)
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			var rows int64
			var peak uint64
			start := time.Now()
			for b.Loop() {
				dst := filepath.Join(b.TempDir(), "copy.db")
				if kind == "postgres" {
					dst = pgtest.NewDatabase(b)
				}
				stop := watchHeap(&peak)
				res, err := Copy(b.Context(), src, dst, Options{})
				stop()
				if err != nil {
					b.Fatal(err)
				}
				rows += res.Rows()
			}
			b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// fillCardholders writes n cardholders with photo and thumbnail straight
// through the store, in transactions of a thousand: the services' argon2
// and image checks would make the setup take longer than the copy.
func fillCardholders(b *testing.B, path string, n int) {
	b.Helper()
	db, err := sqlite.Open(b.Context(), path, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	photo := func(size int) []byte {
		p := make([]byte, size)
		for i := range p {
			p[i] = byte(rng.Uint32())
		}
		return p
	}
	people := storagetest.GenCardholders(n, 42)
	for i := 0; i < n; i += 1000 {
		batch := people[i:min(n, i+1000)]
		for j := range batch {
			batch[j].Photo, batch[j].Thumbnail = photo(photoBytes), photo(thumbBytes)
		}
		if err := db.Update(b.Context(), func(tx enroll.Tx) error {
			return tx.Cardholders().CreateMany(b.Context(), batch)
		}); err != nil {
			b.Fatal(err)
		}
		for j := range batch {
			batch[j].Photo, batch[j].Thumbnail = nil, nil
		}
	}
}

// watchHeap samples the heap in use until stop is called, keeping the
// highest value seen in peak.
func watchHeap(peak *uint64) (stop func()) {
	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for !done.Load() {
			runtime.ReadMemStats(&m)
			*peak = max(*peak, m.HeapInuse)
			time.Sleep(20 * time.Millisecond)
		}
	})
	return func() { done.Store(true); wg.Wait() }
}
