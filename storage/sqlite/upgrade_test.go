package sqlite

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/enroll"
)

// A station at any earlier schema version keeps its data when a newer
// CardDesk opens it, finds it by search, and ends up with exactly the
// schema a fresh install has (every table, index, trigger and view as
// SQLite stores its definition).
func TestUpgradeFromEveryVersion(t *testing.T) {
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	freshPath := filepath.Join(t.TempDir(), "fresh.db")
	fresh, err := Open(t.Context(), freshPath, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	fresh.Close()
	want := schemaOf(t, freshPath)
	if len(want) < 20 {
		t.Fatalf("a fresh schema of %d objects", len(want))
	}
	for v := 1; v < len(ms); v++ {
		t.Run(fmt.Sprint("from version ", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "carddesk.db")
			old, err := open(t.Context(), path, zaptest.NewLogger(t), ms[:v])
			if err != nil {
				t.Fatal(err)
			}
			old.Close()
			// Rows as version 1 stored them, behind the code's back since
			// today's repositories use columns added later.
			rawExec(t, path,
				`INSERT INTO operators (id, name, role, created_at) VALUES (1, 'Olga', 'admin', 0)`,
				`INSERT INTO cardholders (id, first_name, last_name, status, created_at, updated_at)
					VALUES (1, 'Zoë', 'Jansen', 'active', 0, 0)`,
				`INSERT INTO credentials (id, format, bits, fields, status, cardholder_id, created_at, updated_at)
					VALUES (1, 'h10301', '10000000100000000000001011', '{"facility":"1","card":"5"}', 'active', 1, 0, 0)`,
				`INSERT INTO card_requests (id, cardholder_id, reason, activation_mode, status, requested_by, credential_id, created_at, updated_at)
					VALUES (1, 1, 'Lost card', 'never', 'pending', 1, 1, 0, 0)`,
				`INSERT INTO settings (key, value) VALUES ('station.name', 'Front desk')`)

			db, err := Open(t.Context(), path, zaptest.NewLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if db.SchemaVersion() != len(ms) {
				t.Errorf("SchemaVersion = %d, want %d", db.SchemaVersion(), len(ms))
			}
			checkUpgradedData(t, db)
			if got := schemaOf(t, path); !slices.Equal(got, want) {
				t.Errorf("schema after upgrade differs from a fresh install's:\n got %q\nwant %q", got, want)
			}
		})
	}
}

// checkUpgradedData reads the version-1 rows through today's repositories.
func checkUpgradedData(t *testing.T, db *DB) {
	t.Helper()
	ctx := t.Context()
	err := db.View(ctx, func(tx enroll.Tx) error {
		if cs, err := tx.Cardholders().Search(ctx, enroll.CardholderQuery{Text: "zoe jans"}); err != nil || len(cs) != 1 {
			t.Errorf("cardholder search: %d found, %v", len(cs), err)
		}
		if k, err := tx.Credentials().ByID(ctx, 1); err != nil || k.Fields["card"] != "5" || k.CardholderID != 1 {
			t.Errorf("credential: %+v, %v", k, err)
		}
		if r, err := tx.Requests().ByID(ctx, 1); err != nil || r.CardholderName == "" || r.Version != 1 {
			t.Errorf("request: %+v, %v", r, err)
		}
		if rs, err := tx.Requests().List(ctx, enroll.RequestQuery{Text: "olga lost"}); err != nil || len(rs) != 1 {
			t.Errorf("request search by requester and reason: %d found, %v", len(rs), err)
		}
		if v, ok, err := tx.Settings().Get(ctx, "station.name"); err != nil || !ok || v != "Front desk" {
			t.Errorf("setting: %q %v %v", v, ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// schemaOf lists the file's schema objects with their stored definitions.
func schemaOf(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
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
	return out
}
