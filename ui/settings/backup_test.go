package settings

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// The Station tab says when the last backup was made and where, and
// Back up now makes one there, in the audit log.
func TestBackupSectionSaysWhenTheLastBackupWasMade(t *testing.T) {
	st, dbPath := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	h, s, _ := openSettings(t, st, admin, tabStation)
	dir := filepath.Join(filepath.Dir(dbPath), "backups")
	texts := uitest.Texts(s.station.box)
	for _, want := range []string{"Backups kept", "Backup folder", "Database backup", "No backup in " + dir + " yet.",
		"the newest 7 are kept in " + dir} {
		if !strings.Contains(texts, want) {
			t.Errorf("the station tab lacks %q:\n%s", want, texts)
		}
	}
	button(t, s.station.box, "Back up now").OnTapped()
	h.Wait()
	h.Wait()
	if m := h.LastMessage(); !strings.HasPrefix(m, "Backup written: carddesk-") || !strings.HasSuffix(m, ".db (0 cardholders)") {
		t.Errorf("message %q", m)
	}
	texts = uitest.Texts(s.station.box)
	if !strings.Contains(texts, "Last backup: ") ||
		!strings.Contains(texts, "("+dir+string(filepath.Separator)+"carddesk-") {
		t.Errorf("after Back up now:\n%s", texts)
	}
	evs, _, err := st.Audit.List(context.Background(), admin, enroll.AuditQuery{Action: "db.backup"})
	if err != nil || len(evs) != 1 {
		t.Errorf("audit: %v, %v", evs, err)
	}
}

// Keeping no copies says that daily backups are off.
func TestBackupSectionSaysWhenDailyBackupsAreOff(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	if err := st.Settings.Set(context.Background(), admin, "backup.keep", "0"); err != nil {
		t.Fatal(err)
	}
	_, s, _ := openSettings(t, st, admin, tabStation)
	if texts := uitest.Texts(s.station.box); !strings.Contains(texts, "Daily backups are off (copies kept: 0).") {
		t.Errorf("the station tab:\n%s", texts)
	}
}
