package storagetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// The benchmarks both stores run on the same data, so their numbers compare:
// search as you type over 100,000 cardholders, and the request list with
// 10,000 pending requests. The goal for both is a p95 under 10 ms.

// Latencies times each query so the report shows the slow tail a typing
// operator feels, not only the mean.
type Latencies []time.Duration

// Time runs fn once and keeps how long it took.
func (l *Latencies) Time(b *testing.B, fn func() error) {
	start := time.Now()
	if err := fn(); err != nil {
		b.Fatal(err)
	}
	*l = append(*l, time.Since(start))
}

// Report adds the p50, p95 and slowest time in ms to the benchmark's result.
func (l Latencies) Report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	s := slices.Clone(l)
	slices.Sort(s)
	ms := func(q float64) float64 {
		return float64(s[min(len(s)-1, int(q*float64(len(s))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.95), "p95-ms")
	b.ReportMetric(ms(1), "max-ms")
}

// Typed returns what operators type while searching rows: the first one to
// three letters of first names, of each last name's last word and of
// departments, and some two-word prefixes.
func Typed(rows []enroll.Cardholder) []string {
	var qs []string
	prefixes := func(s string) {
		r := []rune(strings.ToLower(s))
		for n := 1; n <= 3 && n <= len(r); n++ {
			qs = append(qs, string(r[:n]))
		}
	}
	for i := 0; i < len(rows); i += max(1, len(rows)/60) {
		c := rows[i]
		prefixes(c.FirstName)
		words := strings.Fields(c.LastName)
		prefixes(words[len(words)-1])
		prefixes(c.Department)
		qs = append(qs, strings.ToLower(c.FirstName[:1]+" "+words[len(words)-1][:2]))
	}
	return qs
}

// BenchCardholderSearch searches s, which holds rows, as an operator types:
// a page of 100 and the count, in one read transaction.
func BenchCardholderSearch(b *testing.B, s enroll.Store, rows []enroll.Cardholder) {
	qs := Typed(rows)
	ctx := b.Context()
	var lat Latencies
	i := 0
	for b.Loop() {
		q := enroll.CardholderQuery{Text: qs[i%len(qs)], Limit: 100}
		i++
		lat.Time(b, func() error {
			return s.View(ctx, func(tx enroll.Tx) error {
				if _, err := tx.Cardholders().Search(ctx, q); err != nil {
					return err
				}
				_, err := tx.Cardholders().Count(ctx, q)
				return err
			})
		})
	}
	lat.Report(b)
}

// SeedRequests files 10,000 pending requests and as many answered ones for
// the cardholders s holds (ids 1..len(rows)), from ten operators.
func SeedRequests(b *testing.B, s enroll.Store, rows []enroll.Cardholder) {
	if err := FileRequests(b.Context(), s, len(rows)); err != nil {
		b.Fatal(err)
	}
}

// FileRequests is SeedRequests for any caller (the desktop benchmark's
// station generator, scripts/bench-desktop): ten operators operator0..9
// without a password, and 20,000 requests for cardholders 1..cardholders,
// every other one still pending, in one transaction.
func FileRequests(ctx context.Context, s enroll.Store, cardholders int) error {
	base := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	return s.Update(ctx, func(tx enroll.Tx) error {
		var ops []int64
		for i := range 10 {
			op := enroll.Operator{Name: fmt.Sprint("operator", i), Role: enroll.RoleOperator, CreatedAt: base}
			if err := tx.Operators().Create(ctx, &op); err != nil {
				return err
			}
			ops = append(ops, op.ID)
		}
		reasons := []string{"New employee", "Lost card", "Damaged card", "Visitor", "Name change"}
		for i := range 20_000 {
			at := base.Add(time.Duration(i) * time.Minute)
			r := enroll.CardRequest{CardholderID: int64(i*7%cardholders) + 1, RequestedBy: ops[i%len(ops)],
				Reason: reasons[i%len(reasons)], Status: enroll.RequestPending,
				Activation: enroll.Activation{Mode: enroll.ActivateEnrollment}, CreatedAt: at, UpdatedAt: at}
			if i%2 == 1 {
				r.Status, r.RespondedBy, r.RespondedAt = enroll.RequestCompleted, ops[0], at.Add(time.Hour)
			}
			if err := tx.Requests().Create(ctx, &r); err != nil {
				return fmt.Errorf("request %d: %w", i, err)
			}
		}
		return nil
	})
}

// BenchRequestList pages through the pending requests SeedRequests filed
// and searches them.
func BenchRequestList(b *testing.B, s enroll.Store, rows []enroll.Cardholder) {
	ctx := b.Context()
	qs := []enroll.RequestQuery{
		{Status: enroll.RequestPending, Limit: 100},
		{Status: enroll.RequestPending, Limit: 100, Offset: 5000},
	}
	for _, w := range Typed(rows)[:40] {
		qs = append(qs, enroll.RequestQuery{Status: enroll.RequestPending, Text: w, Limit: 100})
	}
	var lat Latencies
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		i++
		lat.Time(b, func() error {
			return s.View(ctx, func(tx enroll.Tx) error {
				_, _, err := tx.Requests().Page(ctx, q)
				return err
			})
		})
	}
	lat.Report(b)
}
