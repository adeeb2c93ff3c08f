package crashtest

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// importRows is the size of the import the issue asks to kill.
const importRows = 100_000

// writeCardholderCSV writes n cardholders with unique external ids.
func writeCardholderCSV(t *testing.T, n int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "staff.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "external_id,first_name,last_name,email,department,status")
	for i := range n {
		fmt.Fprintf(w, "E%06d,First%d,Last%d,p%d@example.org,Dept %d,active\n", i, i, i, i, i%40)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// testImport: cardholders import is one transaction, so a kill leaves
// either no row of the file or every row with its one audit event, and an
// interrupted import can simply be run again.
func testImport(t *testing.T) {
	csv := writeCardholderCSV(t, importRows)
	last := fmt.Sprintf("Last%d", importRows-1)
	state := func(s *station, open func(*testing.T, *station, func(*sql.DB))) (rows, events int) {
		open(t, s, func(db *sql.DB) {
			rows = count(t, db, "SELECT count(*) FROM cardholders")
			events = audited(t, db, "cardholder.import")
		})
		return rows, events
	}
	scenario{
		name: "import", seed: 0x1000, iterations: 8, short: 3, whole: "change present",
		base: newStation(t),
		args: []string{"cardholders", "import", csv},
		check: func(t *testing.T, s *station, k killed) string {
			rows, events := state(s, inspect)
			outcome := "change present"
			switch {
			case rows == importRows && events == 1:
			case rows == 0 && events == 0:
				outcome = "change absent, imported by a second run"
				s.must("cardholders", "import", csv)
				if rows, events = state(s, peek); rows != importRows || events != 1 {
					t.Fatalf("the second import left %d cardholders and %d import events, want %d and 1", rows, events, importRows)
				}
			default:
				t.Fatalf("after %s: %d cardholders and %d import events; want 0 and 0 or %d and 1", k, rows, events, importRows)
			}
			found := mustJSON[[]map[string]any](s, "cardholders", "list", "--search", last)
			if len(found) != 1 {
				t.Fatalf("after %s: searching %s finds %d cardholders, want 1", k, last, len(found))
			}
			return outcome
		},
	}.run(t)
}
