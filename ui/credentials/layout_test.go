package credentials

import (
	"os"
	"os/exec"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/assets"
	"github.com/carddesk/carddesk/enroll"
)

// The section gets a 1024×700 window less the navigation and the menu
// bar; its dialogs may take what the window has (dialogs.Size keeps 92%).
var (
	sectionRoom = fyne.NewSize(800, 600)
	dialogRoom  = fyne.NewSize(1024*0.92, 700*0.92)
)

func TestScreenAndDialogsFitASmallWindow(t *testing.T) { fits(t, "en") }

// Dutch words are longer. Fyne reads the language once, from the
// environment, so the check runs again in a process of its own.
func TestScreenAndDialogsFitASmallWindowInDutch(t *testing.T) {
	if os.Getenv("CARDDESK_TEST_DUTCH") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestScreenAndDialogsFitASmallWindowInDutch$")
		cmd.Env = append(os.Environ(), "CARDDESK_TEST_DUTCH=1", "LANG=nl_NL.UTF-8", "LC_ALL=", "LANGUAGE=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("in Dutch: %v\n%s", err, out)
		}
		return
	}
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		t.Fatal(err)
	}
	fits(t, "nl")
}

// fits opens the screen with a selected card and each dialog, and checks
// what each needs.
func fits(t *testing.T, language string) {
	f := newFixture(t, "Anna", "Bert")
	_, anna, _, _ := seed(f)
	hub, _ := startHub(t, f.st)
	s := f.open(hub)
	f.pick(anna.ID)
	check := func(what string, need, room fyne.Size) {
		t.Helper()
		if need.Width > room.Width || need.Height > room.Height {
			t.Errorf("%s needs %v; it has %v", what, need, room)
		}
	}
	check("the section", s.Content().MinSize(), sectionRoom)
	capture(t, f, "credentials-"+language+".png", sectionRoom)

	f.h.Win.Resize(fyne.NewSize(1024, 700))
	f.tap(s.enrollBtn)
	check("Enroll manually", s.enrolling.form.Dialog.MinSize(), dialogRoom)
	capture(t, f, "credentials-enroll-"+language+".png", fyne.NewSize(1024, 700))
	s.enrolling.form.Dialog.Hide()
	f.wait()

	f.tap(s.acts.expiry)
	check("Expiry", s.acts.expiring.form.Dialog.MinSize(), dialogRoom)
	capture(t, f, "credentials-expiry-"+language+".png", fyne.NewSize(1024, 700))
	s.acts.expiring.form.Dialog.Hide()
	f.wait()

	if err := f.st.Credentials.SetStatus(f.ctx, f.admin, anna.ID, enroll.CredentialInactive); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.Credentials.Unassign(f.ctx, f.admin, anna.ID); err != nil {
		t.Fatal(err)
	}
	s.Reload()
	f.wait()
	f.tap(s.acts.assign)
	check("Assign", s.acts.assigning.form.Dialog.MinSize(), dialogRoom)
	capture(t, f, "credentials-assign-"+language+".png", fyne.NewSize(1024, 700))
	s.acts.assigning.form.Dialog.Hide()
	f.wait()

	f.tap(s.batchBtn)
	f.h.Eventually("the reader to wait", func() bool { return s.batch.wait.Waiting() })
	check("Enroll cards at a reader", s.batch.dlg.MinSize(), dialogRoom)
	capture(t, f, "credentials-batch-"+language+".png", fyne.NewSize(1024, 700))
	s.batch.dlg.Hide()
	f.wait()

	h := ShowHolder(f.h, f.people[0], nil)
	f.wait()
	check("a cardholder's credentials", h.dlg.MinSize(), dialogRoom)
	capture(t, f, "credentials-holder-"+language+".png", fyne.NewSize(1024, 700))
}
