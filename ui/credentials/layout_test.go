package credentials

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/assets"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
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
	if !uitest.InDutch(t) {
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
	hub, _ := uitest.SimulatedHub(t, f.st)
	s := f.open(hub)
	f.pick(anna.ID)
	check := func(what string, need, room fyne.Size) {
		t.Helper()
		if need.Width > room.Width || need.Height > room.Height {
			t.Errorf("%s needs %v; it has %v", what, need, room)
		}
	}
	// checkDialog checks the open dialog d, pictures it as
	// credentials-name-language.png and closes it.
	checkDialog := func(what, name string, d *dialog.CustomDialog) {
		t.Helper()
		check(what, d.MinSize(), dialogRoom)
		f.h.Capture("credentials-"+name+"-"+language+".png", fyne.NewSize(1024, 700))
		d.Hide()
		f.wait()
	}
	check("the section", s.Content().MinSize(), sectionRoom)
	f.h.Capture("credentials-"+language+".png", sectionRoom)

	f.h.Win.Resize(fyne.NewSize(1024, 700))
	f.tap(s.enrollBtn)
	checkDialog("Enroll manually", "enroll", s.enrolling.form.Dialog)

	f.tap(s.acts.expiry)
	checkDialog("Expiry", "expiry", s.acts.expiring.form.Dialog)

	if err := f.st.Credentials.SetStatus(f.ctx, f.admin, anna.ID, enroll.CredentialInactive); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.Credentials.Unassign(f.ctx, f.admin, anna.ID); err != nil {
		t.Fatal(err)
	}
	s.Reload()
	f.wait()
	f.tap(s.acts.assign)
	checkDialog("Assign", "assign", s.acts.assigning.form.Dialog)

	f.tap(s.batchBtn)
	f.h.Eventually("the reader to wait", func() bool { return s.batch.wait.Waiting() })
	checkDialog("Enroll cards at a reader", "batch", s.batch.dlg)

	h := ShowHolder(f.h, f.people[0], nil)
	f.wait()
	check("a cardholder's credentials", h.dlg.MinSize(), dialogRoom)
	f.h.Capture("credentials-holder-"+language+".png", fyne.NewSize(1024, 700))
}
