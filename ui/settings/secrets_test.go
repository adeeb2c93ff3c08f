package settings

import (
	"context"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// A station that lacks the key of the stored password says so at the
// field and when it tries to use it.
func TestMailTabWithoutTheKey(t *testing.T) {
	_, db, path := uitest.StationDB(t)
	st := enroll.New(db, enroll.Options{Password: uitest.CheapPasswords, Mail: notify.SMTP{}, Secrets: uitest.Secrets(path)})
	admin := uitest.SetupAdmin(t, st)
	for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.from": "desk@example.com", "smtp.password": "s3cret!"} {
		if err := st.Settings.Set(context.Background(), admin, k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Rename(path+".key", path+".key.away"); err != nil {
		t.Fatal(err)
	}
	// The next start of the station (a running one keeps the key it read).
	st = enroll.New(db, enroll.Options{Password: uitest.CheapPasswords, Mail: notify.SMTP{}, Secrets: uitest.Secrets(path)})
	h, s, _ := openSettings(t, st, admin, tabMail)
	pw := s.mail.form.inputs["smtp.password"].(*secretInput)
	if !strings.Contains(pw.entry.PlaceHolder, "lacks the key") || pw.remove.Disabled() {
		t.Errorf("password field: placeholder %q, remove disabled %v", pw.entry.PlaceHolder, pw.remove.Disabled())
	}
	test.Tap(s.mail.send)
	h.Wait()
	if got := s.mail.result.Text; !strings.Contains(got, "This station lacks the key") || !strings.Contains(got, path+".key") {
		t.Errorf("test mail without the key: %q", got)
	}
}
