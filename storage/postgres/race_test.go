package postgres

import (
	"database/sql"
	"slices"
	"testing"
	"time"
)

// Stations write at the same time under READ COMMITTED; whatever order two
// writes of the same request's words commit in, the words end up whole.
// first runs and holds its transaction open; second starts and must wait
// for it (a lock), then first commits, then second.
func TestRequestWordsConcurrentWriters(t *testing.T) {
	t.Parallel()
	type step func(f fixture, tx *sql.Tx, ids map[string]int64) error
	renameCardholder := func(f fixture, tx *sql.Tx, ids map[string]int64) error {
		_, err := tx.ExecContext(f.t.Context(), "UPDATE cardholders SET first_name = 'Johan' WHERE id = $1", ids["jan"])
		return err
	}
	renameOperator := func(f fixture, tx *sql.Tx, ids map[string]int64) error {
		_, err := tx.ExecContext(f.t.Context(), "UPDATE operators SET name = 'Olivia' WHERE id = $1", ids["olga"])
		return err
	}
	newRequest := func(f fixture, tx *sql.Tx, ids map[string]int64) error {
		var id int64
		err := tx.QueryRowContext(f.t.Context(), `INSERT INTO card_requests
			(cardholder_id, reason, activation_mode, status, requested_by, created_at, updated_at)
			VALUES ($1, 'Second card', 'never', 'pending', $2, 0, 0) RETURNING id`, ids["jan"], ids["olga"]).Scan(&id)
		ids["new"] = id
		return err
	}
	newReason := func(f fixture, tx *sql.Tx, ids map[string]int64) error {
		_, err := tx.ExecContext(f.t.Context(), "UPDATE card_requests SET reason = 'Stolen' WHERE id = $1", ids["request"])
		return err
	}
	for _, c := range []struct {
		name          string
		first, second step
		search        string
		want          []string
	}{
		{"cardholder renamed, then operator", renameCardholder, renameOperator, "johan olivia", []string{"request"}},
		{"operator renamed, then cardholder", renameOperator, renameCardholder, "johan olivia", []string{"request"}},
		{"cardholder renamed, then request made", renameCardholder, newRequest, "johan second", []string{"new"}},
		{"request made, then cardholder renamed", newRequest, renameCardholder, "johan second", []string{"new"}},
		{"operator renamed, then request made", renameOperator, newRequest, "olivia second", []string{"new"}},
		{"request changed, then cardholder renamed", newReason, renameCardholder, "johan stolen", []string{"request"}},
		{"cardholder renamed, then request changed", renameCardholder, newReason, "johan stolen", []string{"request"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			db, _ := openTest(t)
			f := fixture{t, db}
			ids := map[string]int64{"olga": f.operator("Olga"), "jan": f.cardholder("Jan", "Jansen")}
			ids["request"] = f.request(ids["jan"], ids["olga"], "Lost card", "")
			ctx := within(t)
			t1, err := db.pool.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
			if err != nil {
				t.Fatal(err)
			}
			defer t1.Rollback()
			if err := c.first(f, t1, ids); err != nil {
				t.Fatal(err)
			}
			ids2 := map[string]int64{}
			for k, v := range ids {
				ids2[k] = v
			}
			done := make(chan error, 1)
			go func() {
				t2, err := db.pool.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
				if err != nil {
					done <- err
					return
				}
				defer t2.Rollback()
				if err := c.second(f, t2, ids2); err != nil {
					done <- err
					return
				}
				done <- t2.Commit()
			}()
			waitForLock(t, db)
			if err := t1.Commit(); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			for k, v := range ids2 {
				ids[k] = v
			}
			var want []int64
			for _, w := range c.want {
				want = append(want, ids[w])
			}
			if got := f.requestsMatching(c.search); !slices.Equal(got, want) {
				t.Errorf("requests matching %q: %v, want %v", c.search, got, want)
			}
		})
	}
}

// waitForLock waits until a session of db's database waits for a lock.
func waitForLock(t *testing.T, db *DB) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var n int
		if err := db.pool.QueryRowContext(t.Context(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the second writer never waited for the first")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
