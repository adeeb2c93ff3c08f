package postgres

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/postgres/pgtest"
	"github.com/carddesk/carddesk/storage/storagetest"
)

// A shared database at any earlier schema version keeps its data when a
// newer CardDesk opens it, and ends up with exactly the schema a fresh
// install has: the same tables, columns, defaults, constraints, indexes,
// functions and triggers.
func TestUpgradeFromEveryVersion(t *testing.T) {
	t.Parallel()
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	fresh, _ := openTest(t)
	want := catalog(t, fresh.pool)
	if len(want) < 100 {
		t.Fatalf("a fresh schema of %d lines", len(want))
	}
	for v := 1; v < len(ms); v++ {
		t.Run(fmt.Sprint("from version ", v), func(t *testing.T) {
			t.Parallel()
			dsn := pgtest.NewDatabase(t)
			old, err := open(t.Context(), dsn, nil, ms[:v])
			if err != nil {
				t.Fatal(err)
			}
			// Rows as version 1 stored them, written behind the code's back
			// since today's repositories use columns added later; their ids
			// come from the identity sequences, as the app's did (all 1).
			const v1 = `WITH o AS (INSERT INTO operators (name, role, created_at) VALUES ('Olga', 'admin', 0) RETURNING id),
				c AS (INSERT INTO cardholders (first_name, last_name, status, created_at, updated_at)
					VALUES ('Zoë', 'Jansen', 'active', 0, 0) RETURNING id),
				k AS (INSERT INTO credentials (format, bits, fields, status, cardholder_id, created_at, updated_at)
					SELECT 'h10301', '10000000100000000000001011', '{"facility":"1","card":"5"}', 'active', c.id, 0, 0 FROM c
					RETURNING id, cardholder_id),
				s AS (INSERT INTO settings (key, value) VALUES ('station.name', 'Front desk'))
				INSERT INTO card_requests (cardholder_id, reason, activation_mode, status, requested_by, credential_id, created_at, updated_at)
				SELECT k.cardholder_id, 'Lost card', 'never', 'pending', o.id, k.id, 0, 0 FROM o, k`
			if _, err := old.pool.ExecContext(t.Context(), v1); err != nil {
				t.Fatal(err)
			}
			if v >= storagetest.AuditChainVersion {
				storagetest.AppendVersionOneAudit(t, old)
			} else if _, err := old.pool.ExecContext(t.Context(), storagetest.VersionOneAudit); err != nil {
				t.Fatal(err)
			}
			old.Close()

			db, err := Open(t.Context(), dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if db.SchemaVersion() != len(ms) {
				t.Errorf("SchemaVersion = %d, want %d", db.SchemaVersion(), len(ms))
			}
			checkUpgradedData(t, db)
			got := catalog(t, db.pool)
			if d := diffLines(want, got); d != "" {
				t.Errorf("schema after upgrade differs from a fresh install's (- fresh, + upgraded):\n%s", d)
			}
		})
	}
}

// checkUpgradedData reads the version-1 rows through today's repositories
// and writes new ones after them.
func checkUpgradedData(t *testing.T, db *DB) {
	t.Helper()
	ctx := t.Context()
	storagetest.CheckVersionOneRows(t, db)
	storagetest.CheckVersionOneAudit(t, db)
	// New rows get ids past the old ones: no later migration reset the
	// identity sequences.
	err := db.Update(ctx, func(tx enroll.Tx) error {
		c := enroll.Cardholder{FirstName: "Piet", LastName: "Pieters", Status: enroll.CardholderActive}
		if err := tx.Cardholders().Create(ctx, &c); err != nil {
			return err
		}
		r := enroll.CardRequest{CardholderID: c.ID, RequestedBy: 1, Status: enroll.RequestPending,
			Activation: enroll.Activation{Mode: enroll.ActivateNever}}
		if err := tx.Requests().Create(ctx, &r); err != nil {
			return err
		}
		if c.ID != 2 || r.ID != 2 {
			t.Errorf("new cardholder %d and request %d, want 2 and 2", c.ID, r.ID)
		}
		return nil
	})
	if err != nil {
		t.Errorf("writing after the upgrade: %v", err)
	}
}

// catalog describes the public schema as sorted lines, one per column,
// constraint, index, trigger and function.
func catalog(t *testing.T, pool *sql.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT 'column ' || table_name || '.' || column_name || ' #' || ordinal_position || ' ' || data_type ||
			' null=' || is_nullable || ' default=' || coalesce(column_default, '-') || ' identity=' || is_identity
			FROM information_schema.columns WHERE table_schema = 'public'`,
		`SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
			FROM pg_constraint WHERE connamespace = 'public'::regnamespace`,
		`SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'`,
		`SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal`,
		`SELECT 'function ' || p.oid::regprocedure || ' ' || md5(pg_get_functiondef(p.oid))
			FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace`,
	} {
		rows, err := pool.QueryContext(t.Context(), q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	slices.Sort(out)
	return out
}

// diffLines lists the lines only in want (-) and only in got (+).
func diffLines(want, got []string) string {
	var b strings.Builder
	for _, w := range want {
		if _, found := slices.BinarySearch(got, w); !found {
			b.WriteString("- " + w + "\n")
		}
	}
	for _, g := range got {
		if _, found := slices.BinarySearch(want, g); !found {
			b.WriteString("+ " + g + "\n")
		}
	}
	return b.String()
}
