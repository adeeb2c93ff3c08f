package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

// Ctrl+B previews the badge of what is selected: the cardholder on the
// Cardholders section, else the card request.
func TestCtrlBPreviewsTheSelectedBadge(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	people := addCardholders(t, st, admin, "Anna")
	fileRequest(t, st, admin, people[0], "Lost card")
	staff := uitest.AddTemplates(t, st, admin, uitest.TwoSided("Staff"))[0]
	uitest.DefaultTemplate(t, st, admin, staff.ID)
	d, s := signedInDesk(t, st, path, admin)
	ctrlB := uitest.Ctrl(fyne.KeyB)
	preview := func(where string) {
		t.Helper()
		eventually(t, d, where+": the badge drawn", func() bool {
			return strings.Contains(uitest.TopDialogTexts(s.win), "Back")
		})
		if texts := uitest.TopDialogTexts(s.win); !strings.Contains(texts, "Badge preview") ||
			!strings.Contains(texts, "Anna Tester") || !strings.Contains(texts, "Front") {
			t.Errorf("%s: the preview says %s", where, texts)
		}
		s.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
		d.wait()
		if s.dialogs.Len() != 0 {
			t.Fatalf("%s: Escape left %d dialogs", where, s.dialogs.Len())
		}
	}

	s.open(secCardholders)
	d.wait()
	uitest.Shortcut(s.win, ctrlB)
	d.wait()
	if s.dialogs.Len() != 0 || !strings.Contains(s.status.message.Text, "Select a cardholder") {
		t.Errorf("Ctrl+B with nobody selected: %d dialogs, status %q", s.dialogs.Len(), s.status.message.Text)
	}
	if !s.menu.preview.Disabled {
		t.Error("Preview badge is on with nothing selected")
	}
	uitest.Shortcut(s.win, uitest.Ctrl(fyne.KeyF))
	uitest.Key(t, s.win, fyne.KeyReturn) // Enter in the search selects the first cardholder
	d.wait()
	if s.menu.preview.Disabled {
		t.Error("Preview badge stays off with a cardholder selected")
	}
	uitest.Shortcut(s.win, ctrlB)
	preview("Cardholders")
	if s.current != secCardholders {
		t.Error("Ctrl+B on the Cardholders left the section")
	}

	s.open(secRequests)
	d.wait()
	var list *widgets.MultiList
	for _, o := range test.LaidOutObjects(s.screens[secRequests].Content()) {
		if l, ok := o.(*widgets.MultiList); ok {
			list = l
		}
	}
	s.win.Canvas().Focus(list)
	uitest.Key(t, s.win, fyne.KeyHome) // selects the first request
	uitest.Shortcut(s.win, ctrlB)
	preview("Card requests")
}
