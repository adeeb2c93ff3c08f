package sqlite

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/storagetest"
)

func benchDB(b *testing.B, path string) *DB {
	b.Helper()
	db, err := Open(b.Context(), path, nil)
	if err != nil {
		b.Fatal(err)
	}
	return db
}

func importRows(b *testing.B, db *DB, rows []enroll.Cardholder) {
	b.Helper()
	err := db.Update(b.Context(), func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(b.Context(), rows) })
	if err != nil {
		b.Fatal(err)
	}
}

func BenchmarkImport100k(b *testing.B) {
	rows := storagetest.GenCardholders(100_000, 1)
	dir := b.TempDir()
	n := 0
	for b.Loop() {
		b.StopTimer()
		n++
		db := benchDB(b, filepath.Join(dir, fmt.Sprintf("import%d.db", n)))
		b.StartTimer()
		importRows(b, db, rows)
		b.StopTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// latencies times each query so the report shows the slow tail a typing
// operator feels, not only the mean.
type latencies []time.Duration

func (l *latencies) time(b *testing.B, fn func() error) {
	start := time.Now()
	if err := fn(); err != nil {
		b.Fatal(err)
	}
	*l = append(*l, time.Since(start))
}

func (l latencies) report(b *testing.B) {
	s := slices.Clone(l)
	slices.Sort(s)
	ms := func(q float64) float64 {
		return float64(s[min(len(s)-1, int(q*float64(len(s))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.95), "p95-ms")
	b.ReportMetric(ms(1), "max-ms")
}

// big builds a file database of 100,000 generated cardholders, closes it, and
// reopens it, returning the reopen time in ms (it includes the integrity check).
func big(b *testing.B) (*DB, []enroll.Cardholder, float64) {
	b.Helper()
	rows := storagetest.GenCardholders(100_000, 1)
	path := filepath.Join(b.TempDir(), "big.db")
	db := benchDB(b, path)
	importRows(b, db, rows)
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	db = benchDB(b, path)
	openMS := float64(time.Since(start)) / float64(time.Millisecond)
	b.Cleanup(func() { db.Close() })
	return db, rows, openMS
}

// typed returns what operators type while searching: the first one to three
// letters of first names, of each word of last names and of departments, and
// some two-word prefixes.
func typed(rows []enroll.Cardholder) []string {
	var qs []string
	prefixes := func(s string) {
		r := []rune(strings.ToLower(s))
		for n := 1; n <= 3 && n <= len(r); n++ {
			qs = append(qs, string(r[:n]))
		}
	}
	for i := 0; i < len(rows); i += len(rows) / 60 {
		c := rows[i]
		prefixes(c.FirstName)
		words := strings.Fields(c.LastName)
		prefixes(words[len(words)-1])
		prefixes(c.Department)
		qs = append(qs, strings.ToLower(c.FirstName[:1]+" "+words[len(words)-1][:2]))
	}
	return qs
}

func BenchmarkCardholderSearch100k(b *testing.B) {
	db, rows, openMS := big(b)
	qs := typed(rows)
	ctx := b.Context()
	var lat latencies
	i := 0
	for b.Loop() {
		q := enroll.CardholderQuery{Text: qs[i%len(qs)], Limit: 100}
		i++
		lat.time(b, func() error {
			return db.View(ctx, func(tx enroll.Tx) error {
				if _, err := tx.Cardholders().Search(ctx, q); err != nil {
					return err
				}
				_, err := tx.Cardholders().Count(ctx, q)
				return err
			})
		})
	}
	lat.report(b)
	b.ReportMetric(openMS, "open-ms")
}

func BenchmarkRequestList10k(b *testing.B) {
	db, rows, openMS := big(b)
	ctx := b.Context()
	base := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	err := db.Update(ctx, func(tx enroll.Tx) error {
		var ops []int64
		for i := range 10 {
			op := enroll.Operator{Name: fmt.Sprint("operator", i), Role: enroll.RoleOperator, CreatedAt: base}
			if err := tx.Operators().Create(ctx, &op); err != nil {
				return err
			}
			ops = append(ops, op.ID)
		}
		reasons := []string{"New employee", "Lost card", "Damaged card", "Visitor", "Name change"}
		// 10,000 pending requests and as many answered ones in the history.
		for i := range 20_000 {
			at := base.Add(time.Duration(i) * time.Minute)
			r := enroll.CardRequest{CardholderID: int64(i*7%len(rows)) + 1, RequestedBy: ops[i%len(ops)],
				Reason: reasons[i%len(reasons)], Status: enroll.RequestPending,
				Activation: enroll.Activation{Mode: enroll.ActivateEnrollment}, CreatedAt: at, UpdatedAt: at}
			if i%2 == 1 {
				r.Status, r.RespondedBy, r.RespondedAt = enroll.RequestCompleted, ops[0], at.Add(time.Hour)
			}
			if err := tx.Requests().Create(ctx, &r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	qs := []enroll.RequestQuery{
		{Status: enroll.RequestPending, Limit: 100},
		{Status: enroll.RequestPending, Limit: 100, Offset: 5000},
	}
	for _, w := range typed(rows)[:40] {
		qs = append(qs, enroll.RequestQuery{Status: enroll.RequestPending, Text: w, Limit: 100})
	}
	var lat latencies
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		i++
		lat.time(b, func() error {
			return db.View(ctx, func(tx enroll.Tx) error {
				_, _, err := tx.Requests().Page(ctx, q)
				return err
			})
		})
	}
	lat.report(b)
	b.ReportMetric(openMS, "open-ms")
}
