package settings

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// The Audit tab checks the chain when it is opened and again on Verify
// now; an event edited in the database file behind the app's back is
// named there.
func TestAuditTabShowsVerification(t *testing.T) {
	st, path := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	for _, name := range []string{"Jansen", "Visser"} {
		if _, err := st.Cardholders.Add(context.Background(), admin, enroll.Cardholder{FirstName: "Jan", LastName: name}); err != nil {
			t.Fatal(err)
		}
	}
	evs, n, err := st.Audit.List(context.Background(), admin, enroll.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}

	h, s, _ := openSettings(t, st, admin, tabAudit)
	tab := s.audit
	if !strings.HasPrefix(tab.checked.Text, "Last checked: ") || tab.verify.Disabled() {
		t.Errorf("after opening the tab: %q, Verify now disabled %v", tab.checked.Text, tab.verify.Disabled())
	}
	if want := fmt.Sprintf("Intact: all %d events check out.", n); tab.result.Text != want || tab.result.Importance != widget.SuccessImportance {
		t.Errorf("result %q (%v), want %q", tab.result.Text, tab.result.Importance, want)
	}
	if want := fmt.Sprintf("Newest event: #%d, hash %s.", n, evs[0].Hash); !strings.HasPrefix(tab.detail.Text, want) {
		t.Errorf("detail %q, want it to start %q", tab.detail.Text, want)
	}

	// The first Jansen event, the second newest, gets other details.
	target := evs[1]
	editFile(t, path, fmt.Sprintf("UPDATE audit_events SET details = 'nothing happened' WHERE id = %d", target.ID))
	test.Tap(tab.verify)
	h.Wait()
	want := fmt.Sprintf("Broken: event %d (", target.ID)
	if !strings.HasPrefix(tab.result.Text, want) || !strings.HasSuffix(tab.result.Text, ") was changed; it no longer matches its hash.") ||
		tab.result.Importance != widget.DangerImportance {
		t.Errorf("result after tampering %q (%v), want %q… was changed", tab.result.Text, tab.result.Importance, want)
	}
	if want := fmt.Sprintf("The %d events before it check out;", n-2); !strings.HasPrefix(tab.detail.Text, want) {
		t.Errorf("detail after tampering %q, want it to start %q", tab.detail.Text, want)
	}
	if !strings.HasPrefix(tab.checked.Text, "Last checked: ") {
		t.Errorf("checked %q", tab.checked.Text)
	}
}

// editFile runs stmt on the database file through a connection of its
// own, with the audit log's triggers dropped for it and created again.
func editFile(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range []string{"DROP TRIGGER audit_events_no_update", stmt,
		`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN
			SELECT RAISE(ABORT, 'the audit log is append-only: events cannot be changed'); END`} {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}
