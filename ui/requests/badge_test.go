package requests

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// guestAndStaff adds a one-sided Guest template, made the station's
// default, and a two-sided Staff template.
func guestAndStaff(t *testing.T, f *fixture) []enroll.BadgeTemplate {
	t.Helper()
	ts := uitest.AddTemplates(t, f.st, f.admin, uitest.OneSided("Guest"), uitest.TwoSided("Staff"))
	uitest.DefaultTemplate(t, f.st, f.admin, ts[0].ID)
	return ts
}

// staffRequest adds guestAndStaff, files a request for the first person
// that names Staff, and opens the screen.
func staffRequest(t *testing.T, f *fixture) []enroll.BadgeTemplate {
	t.Helper()
	ts := guestAndStaff(t, f)
	if _, err := f.st.Requests.Create(context.Background(), f.admin, enroll.NewRequest{CardholderID: f.people[0].ID,
		TemplateID: ts[1].ID, Activation: enroll.Activation{Mode: enroll.ActivateEnrollment}}); err != nil {
		t.Fatal(err)
	}
	f.open(t, nil)
	return ts
}

// drawn waits for the open preview to read and draw the badge.
func (f *fixture) drawn(t *testing.T) {
	t.Helper()
	if f.s.previewing == nil {
		t.Fatal("no badge preview")
	}
	f.h.Eventually("the badge drawn", func() bool { return !f.s.previewing.Busy() })
}

func TestModifyPicksTheBadgeTemplate(t *testing.T) {
	f := newFixture(t, "Anna")
	ts := guestAndStaff(t, f)
	ctx := context.Background()
	r, err := f.st.Requests.Create(ctx, f.admin, enroll.NewRequest{CardholderID: f.people[0].ID, Reason: "New employee",
		TemplateID: ts[1].ID, Activation: enroll.Activation{Mode: enroll.ActivateEnrollment}})
	if err != nil {
		t.Fatal(err)
	}
	f.open(t, nil)

	// The request filed without a template starts at the station's default.
	clickRow(t, f.s.list, 0, 0)
	f.s.Modify()
	f.wait()
	if n, _ := f.s.modifying.Value(); n.TemplateID != ts[0].ID {
		t.Errorf("a request without a template preselects %d, want the default %d", n.TemplateID, ts[0].ID)
	}
	f.h.Dialogs.CloseAll()
	f.wait()

	// The other keeps its own, and the one chosen is saved.
	clickRow(t, f.s.list, 1, 0)
	f.s.Modify()
	f.wait()
	n, _ := f.s.modifying.Value()
	if n.TemplateID != ts[1].ID {
		t.Errorf("the request's template %d is not preselected: %d", ts[1].ID, n.TemplateID)
	}
	n.TemplateID = ts[0].ID
	f.s.modifying.OnSubmit(n)
	f.wait()
	got, err := f.st.Requests.Get(ctx, f.admin, r.ID)
	if err != nil || got.TemplateID != ts[0].ID || got.Reason != "New employee" {
		t.Errorf("after modify: %+v, %v", got, err)
	}
}

func TestPreviewBadgeOfTheSelectedRequest(t *testing.T) {
	f := newFixture(t, "Anna")
	ts := staffRequest(t, f)

	f.s.PreviewBadge() // nothing selected: a word, no dialog
	if f.h.Dialogs.Len() != 0 || !strings.Contains(f.h.LastMessage(), "Select one card request") {
		t.Errorf("with nothing selected: %d dialogs, status %q", f.h.Dialogs.Len(), f.h.LastMessage())
	}

	// The request with its own template, and no card yet.
	clickRow(t, f.s.list, 1, 0)
	f.s.PreviewBadge()
	f.drawn(t)
	p := f.s.previewing
	if tm, _ := p.Template(); tm.ID != ts[1].ID {
		t.Errorf("the preview shows template %q, not the request's", tm.Name)
	}
	if p.Shown[badge.Front] == nil || p.Shown[badge.Back] == nil {
		t.Fatalf("a two-sided template shows %d sides", len(p.Shown))
	}
	wantTexts(t, "preview", uitest.TopDialogTexts(f.h.Win), "Anna Tester", "Front", "Back", "has no card yet")
	f.h.Win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if f.h.Dialogs.Len() != 0 || f.s.previewing != nil {
		t.Fatal("Escape did not close the preview")
	}

	// The request without a template previews with the station's default.
	clickRow(t, f.s.list, 0, 0)
	f.s.PreviewBadge()
	f.drawn(t)
	if tm, _ := f.s.previewing.Template(); tm.ID != ts[0].ID {
		t.Errorf("a request without a template previews %q, not the default", tm.Name)
	}
	f.h.Dialogs.CloseAll()
	f.wait()
}

func TestRequestDetailsNameTheBadgeTemplate(t *testing.T) {
	f := newFixture(t, "Anna")
	staffRequest(t, f)

	doubleClickRow(t, f.s.list, 0)
	wantTexts(t, "request without a template", detailsTexts(t, f), "Badge template", "Guest (default)")
	f.h.Dialogs.CloseAll()
	f.wait()

	doubleClickRow(t, f.s.list, 1)
	texts := detailsTexts(t, f)
	wantTexts(t, "request with a template", texts, "Badge template", "Staff")
	// Preview badge… opens over the details, which stay.
	test.Tap(f.s.detailing.preview)
	f.drawn(t)
	if f.h.Dialogs.Len() != 2 || f.s.detailing == nil {
		t.Fatalf("%d dialogs after Preview badge…", f.h.Dialogs.Len())
	}
	if len(f.s.previewing.Shown) != 2 {
		t.Errorf("the preview shows %d sides", len(f.s.previewing.Shown))
	}
	f.h.Dialogs.DismissTop()
	if f.s.previewing != nil || f.s.detailing == nil {
		t.Error("Escape closed the wrong dialog")
	}
	f.h.Dialogs.CloseAll()
	f.wait()
}

func TestRequestDetailsWithoutTemplates(t *testing.T) {
	f := newFixture(t, "Anna")
	uitest.NoTemplates(t, f.st, f.admin)
	f.open(t, nil)
	doubleClickRow(t, f.s.list, 0)
	wantTexts(t, "no templates", detailsTexts(t, f), "Badge template", "None")
	if !f.s.detailing.preview.Disabled() {
		t.Error("Preview badge… is on without templates")
	}
	f.h.Dialogs.CloseAll()
	f.wait()
}
