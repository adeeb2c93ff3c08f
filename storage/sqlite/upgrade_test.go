package sqlite

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/storage/storagetest"
)

// A station at any earlier schema version keeps its data when a newer
// CardDesk opens it, finds it by search, can order cards for it, and ends
// up with exactly the
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
			if v >= storagetest.AuditChainVersion {
				storagetest.AppendVersionOneAudit(t, old)
			}
			old.Close()
			audit := storagetest.VersionOneAudit
			if v >= storagetest.AuditChainVersion {
				audit = "SELECT 1"
			}
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
				`INSERT INTO settings (key, value) VALUES ('station.name', 'Front desk')`,
				audit)

			db, err := Open(t.Context(), path, zaptest.NewLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if db.SchemaVersion() != len(ms) {
				t.Errorf("SchemaVersion = %d, want %d", db.SchemaVersion(), len(ms))
			}
			storagetest.CheckVersionOneRows(t, db)
			storagetest.CheckVersionOneAudit(t, db)
			checkOrdersWork(t, db, 1, 1)
			if got := schemaOf(t, path); !slices.Equal(got, want) {
				t.Errorf("schema after upgrade differs from a fresh install's:\n got %q\nwant %q", got, want)
			}
		})
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
