package credentials

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// statusItem runs the Set status menu's item for status, as a click does,
// and says whether it was enabled.
func statusItem(f *fixture, a *Actions, status string) bool {
	f.t.Helper()
	for _, it := range a.StatusItems() {
		if it.Label == status {
			if it.Disabled {
				return false
			}
			it.Action()
			f.wait()
			return true
		}
	}
	f.t.Fatalf("the status menu has no %q", status)
	return false
}

func detailsText(s *Screen) string { return uitest.Texts(s.details.box) }

// expiry opens Expiry… on the card picked.
func (f *fixture) expiry(s *Screen) *expiryDialog {
	f.t.Helper()
	f.tap(s.acts.expiry)
	return s.acts.expiring
}

// expireOn sets the Expiry dialog to a day, typed, and submits it.
func (f *fixture) expireOn(d *expiryDialog, day string) {
	f.t.Helper()
	d.mode.SetSelected("On date")
	uitest.TypeInto(d.date, day)
	f.tap(d.form.OKButton())
}

// The details show the selected card as stored, with its history from the
// audit log, newest first; every action adds to it.
func TestDetailsAndHistoryFollowTheActions(t *testing.T) {
	f := newFixture(t, "Anna", "Bert")
	_, anna, _, _ := seed(f)
	s := f.openAt(anna)
	has(t, "the details", detailsText(s), "4712", "Standard 26-bit (H10301) · Facility code 12",
		"Active", "Anna Tester", "Anna's", "Never", anna.Bits, "History", "Card assigned", "Cardholder: Not assigned → Anna Tester",
		"Card registered", "Status: Active", "admin")
	hist := s.details.history.String()
	if strings.Index(hist, "Card assigned") > strings.Index(hist, "Card registered") {
		t.Errorf("the history is not newest first: %s", hist)
	}
	if !s.acts.assign.Disabled() || s.acts.unassign.Disabled() || s.acts.status.Disabled() || s.acts.expiry.Disabled() {
		t.Error("an assigned active card: Assign should be off, the rest on")
	}
	f.h.Capture("credentials-details.png", fyne.NewSize(832, 620))

	changed := f.h.ChangedN
	if !statusItem(f, s.acts, "Lost") {
		t.Fatal("Lost is off for an active card")
	}
	if got := f.get(anna.ID).Status; got != enroll.CredentialLost {
		t.Fatalf("the card is %s", got)
	}
	if f.h.ChangedN == changed || !strings.Contains(f.h.LastMessage(), "Status set to Lost") {
		t.Errorf("after Lost: changed %d, status bar %q", f.h.ChangedN-changed, f.h.LastMessage())
	}
	hist = s.details.history.String()
	if !strings.HasPrefix(hist, "Card status changed") || !strings.Contains(hist, "Status: Active → Lost") {
		t.Errorf("the history after Lost: %s", hist)
	}
	if !s.acts.unassign.Disabled() || !strings.Contains(s.acts.hint.Text, "A lost card stays with its cardholder") {
		t.Errorf("a lost card: Unassign on %v, hint %q", !s.acts.unassign.Disabled(), s.acts.hint.Text)
	}

	// Stolen asks first: it is final.
	statusItem(f, s.acts, "Stolen")
	if f.get(anna.ID).Status != enroll.CredentialLost || s.acts.question == nil {
		t.Fatal("Stolen did not ask first")
	}
	f.confirm(s.acts)
	if got := f.get(anna.ID).Status; got != enroll.CredentialStolen {
		t.Fatalf("the card is %s after confirming", got)
	}
	if !s.acts.status.Disabled() || !strings.Contains(s.acts.hint.Text, "Stolen is final") {
		t.Errorf("a stolen card: Set status on %v, hint %q", !s.acts.status.Disabled(), s.acts.hint.Text)
	}
	for _, it := range s.acts.StatusItems() {
		if !it.Disabled {
			t.Errorf("%s is on for a stolen card", it.Label)
		}
	}
	has(t, "the details of a stolen card", detailsText(s), "Stolen", "Status: Lost → Stolen")
}

// A card that changed at another station is refused by the service, and
// the refusal says why in words: stolen is final.
func TestStolenIsFinalRefusalInWords(t *testing.T) {
	f := newFixture(t, "Anna", "Bert")
	_, _, _, lost := seed(f)
	s := f.openAt(lost)
	if err := f.st.Credentials.SetStatus(f.ctx, f.admin, lost.ID, enroll.CredentialStolen); err != nil {
		t.Fatal(err)
	}
	if !statusItem(f, s.acts, "Active") {
		t.Fatal("Active is off for a lost card")
	}
	if got := alertText(s.acts); got != "Stolen is final: a stolen card can never be used again. Enroll a new card instead." {
		t.Errorf("the refusal says %q", got)
	}
	if s.acts.alert.Title != "The status was not changed" {
		t.Errorf("the refusal is titled %q", s.acts.alert.Title)
	}
	// The screen reads the card again: it shows stolen now.
	if f.get(lost.ID).Status != enroll.CredentialStolen || !strings.Contains(detailsText(s), "Stolen") {
		t.Errorf("after the refusal the details say %s", detailsText(s))
	}
}

// Expiry: never, a date, a date in the past (refused at the field), today
// (expired at once), and text that is no date.
func TestExpiryNeverDateAndPast(t *testing.T) {
	f := newFixture(t, "Anna", "Bert")
	spare, _, _, _ := seed(f)
	s := f.openAt(spare)
	d := f.expiry(s)
	if d == nil || d.mode.Selected != "Never" || !d.date.Disabled() {
		t.Fatal("Expiry… opened no dialog at Never")
	}
	f.expireOn(d, "2020-01-01")
	if msg := d.fields.Field("expires").Message(); msg != "2020-01-01 has passed; choose today or a later day" || d.form.Closed() {
		t.Errorf("a past date: field says %q, closed %v", msg, d.form.Closed())
	}
	uitest.TypeInto(d.date, "31-12-2099")
	f.tap(d.form.OKButton())
	if msg := d.fields.Field("expires").Message(); !strings.Contains(msg, "YYYY-MM-DD") {
		t.Errorf("text that is no date: field says %q", msg)
	}
	uitest.TypeInto(d.date, "2099-12-31")
	f.tap(d.form.OKButton())
	if !d.form.Closed() {
		t.Fatalf("a later date was refused: %q %q", d.fields.Field("expires").Message(), d.fields.General.Text)
	}
	k := f.get(spare.ID)
	if k.ExpiresAt.Format(time.DateOnly) != "2099-12-31" || !strings.Contains(f.h.LastMessage(), "Expiry date set to 2099-12-31") {
		t.Errorf("stored %v, status bar %q", k.ExpiresAt, f.h.LastMessage())
	}
	has(t, "the list and the details", uitest.Texts(s.Content()), "2099-12-31", "Card expiry date set", "Expires: Never → 2099-12-31")

	// Never again.
	d = f.expiry(s)
	if d.mode.Selected != "On date" || d.date.Text != "2099-12-31" {
		t.Errorf("the dialog opens at %q %q", d.mode.Selected, d.date.Text)
	}
	d.mode.SetSelected("Never")
	f.tap(d.form.OKButton())
	if k := f.get(spare.ID); !k.ExpiresAt.IsZero() || !strings.Contains(f.h.LastMessage(), "Set to never expire") {
		t.Errorf("never: stored %v, status bar %q", k.ExpiresAt, f.h.LastMessage())
	}

	// Today: the card no longer works from today on.
	f.expireOn(f.expiry(s), time.Now().Format(time.DateOnly))
	if k := f.get(spare.ID); k.Status != enroll.CredentialExpired {
		t.Errorf("expiring today left the card %s", k.Status)
	}
	if s.acts.status.Disabled() || !strings.Contains(s.acts.hint.Text, "brings the card back") {
		t.Errorf("an expired card: Set status off %v, hint %q", s.acts.status.Disabled(), s.acts.hint.Text)
	}
	// Brought back by hand: active, and the past day no longer counts.
	if !statusItem(f, s.acts, "Active") {
		t.Fatal("Active is off for an expired card")
	}
	if k := f.get(spare.ID); k.Status != enroll.CredentialActive || !k.ExpiresAt.IsZero() {
		t.Errorf("brought back, the card is %s, expires %v", k.Status, k.ExpiresAt)
	}
	has(t, "the history", s.details.history.String(), "Status: Expired → Active", "Expires: "+time.Now().Format(time.DateOnly)+" → Never")
}

// A lost card cannot expire: the refusal explains what a lost card can do.
func TestExpiryOfALostCardIsRefusedInWords(t *testing.T) {
	f := newFixture(t, "Anna", "Bert")
	_, _, _, lost := seed(f)
	s := f.openAt(lost)
	d := f.expiry(s)
	f.expireOn(d, time.Now().Format(time.DateOnly))
	if got := d.fields.General.Text; got != "A lost card can be found again (active or inactive) or reported stolen; it cannot become expired." {
		t.Errorf("the refusal says %q", got)
	}
}

// Unassign names the holder and takes the card back; Assign gives an
// available card to the cardholder picked. Cards changed elsewhere are
// refused in words.
func TestUnassignAndAssign(t *testing.T) {
	f := newFixture(t, "Anna", "Bert")
	spare, anna, bert, _ := seed(f)
	s := f.openAt(anna)
	f.tap(s.acts.unassign)
	if s.acts.question == nil || !strings.Contains(uitest.TopDialogTexts(f.h.Win), "Take Standard 26-bit (H10301) · Facility code 12 · Card number 4712 back from Anna Tester?") {
		t.Fatalf("Unassign asks %s", uitest.TopDialogTexts(f.h.Win))
	}
	f.confirm(s.acts)
	k := f.get(anna.ID)
	if k.CardholderID != 0 || k.Status != enroll.CredentialInactive {
		t.Fatalf("after Unassign the card is %+v", k)
	}
	if !strings.Contains(f.h.LastMessage(), "Taken back from Anna Tester") {
		t.Errorf("the status bar says %q", f.h.LastMessage())
	}
	has(t, "the details", detailsText(s), "Card taken back", "Cardholder: Anna Tester → Not assigned", "taken from Anna Tester")

	// Assign it to Bert.
	if s.acts.assign.Disabled() {
		t.Fatal("Assign is off for an available card")
	}
	f.tap(s.acts.assign)
	d := s.acts.assigning
	f.tap(d.form.OKButton())
	if msg := d.fields.Field("cardholder").Message(); msg != "Pick the cardholder the card is for." {
		t.Errorf("nobody picked: %q", msg)
	}
	uitest.TypeInto(d.pick.Search, "Bert")
	f.wait()
	if !d.pick.Pick(f.people[1].ID) {
		t.Fatal("Bert is not offered")
	}
	f.tap(d.form.OKButton())
	k = f.get(anna.ID)
	if !d.form.Closed() || k.CardholderID != f.people[1].ID || k.Status != enroll.CredentialActive {
		t.Fatalf("after Assign: closed %v, card %+v", d.form.Closed(), k)
	}
	has(t, "the list", uitest.Texts(s.Content()), "Card assigned", "Cardholder: Not assigned → Bert Tester")
	if !strings.Contains(f.h.LastMessage(), "Assigned to Bert Tester") {
		t.Errorf("the status bar says %q", f.h.LastMessage())
	}

	// The spare card went to Anna at another station meanwhile.
	f.pick(spare.ID)
	f.tap(s.acts.assign)
	d = s.acts.assigning
	f.give(spare, 0)
	d.pick.Load()
	f.wait()
	d.pick.Pick(f.people[1].ID)
	f.tap(d.form.OKButton())
	if got := d.fields.General.Text; !strings.Contains(got, "belongs to Anna Tester") || d.form.Closed() {
		t.Errorf("assigning a card someone holds: %q", got)
	}
	d.form.Dialog.Hide()
	f.wait()

	// Bert reported his card lost at another station: it stays with him.
	f.pick(bert.ID)
	if err := f.st.Credentials.SetStatus(f.ctx, f.admin, bert.ID, enroll.CredentialLost); err != nil {
		t.Fatal(err)
	}
	s.current.Status = enroll.CredentialActive // as the screen saw it before
	s.acts.Refresh()
	f.tap(s.acts.unassign)
	f.confirm(s.acts)
	if got := alertText(s.acts); got != "A lost card stays with its cardholder, where it was reported; it cannot be unassigned." {
		t.Errorf("unassigning a lost card: %q", got)
	}
	if f.get(bert.ID).CardholderID != f.people[1].ID {
		t.Error("the lost card left its holder")
	}
}

// An operator without the permission sees the actions off, and why.
func TestActionsNeedThePermission(t *testing.T) {
	f := newFixture(t, "Anna")
	k := f.card("4711", "")
	h := uitest.NewHost(t, f.st, enroll.Actor{ID: 99, Name: "guest", Role: "viewer"})
	a := NewActions(h, func() (enroll.Credential, bool) { return k, true }, func() {}, true)
	for _, b := range []interface{ Disabled() bool }{a.status, a.expiry, a.assign, a.unassign} {
		if !b.Disabled() {
			t.Error("an action is on without the permission")
		}
	}
	if !strings.Contains(a.hint.Text, "enroll credentials") {
		t.Errorf("the hint says %q", a.hint.Text)
	}
}
