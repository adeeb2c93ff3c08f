package cardholders

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

func (f *fixture) openAdd() *CardholderDialog {
	f.t.Helper()
	f.tap(f.s.add)
	f.wait()
	if f.s.editor == nil {
		f.t.Fatal("Add did not open the cardholder dialog")
	}
	return f.s.editor
}

func (f *fixture) count() int {
	f.t.Helper()
	n, err := f.st.Cardholders.Count(f.ctx, f.admin, enroll.CardholderQuery{})
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func TestAddShowsMessagesAtFieldsThenStores(t *testing.T) {
	f := newFixture(t, nil)
	d := f.openAdd()
	if d.msgs["last_name"].Visible() {
		t.Error("an untouched empty form already shows errors")
	}
	f.typ(d.first, "Ada")
	f.typ(d.email, "ada.example.com")
	if msg := d.msgs["email"]; !msg.Visible() || !strings.Contains(msg.Text, "not a valid e-mail address") {
		t.Errorf("while typing, e-mail message = %q (visible %v)", msg.Text, msg.Visible())
	}
	f.tap(d.save)
	f.wait()
	if got := d.msgs["last_name"].Text; got != "Required" || !d.msgs["last_name"].Visible() {
		t.Errorf("last name message = %q, want %q", got, "Required")
	}
	if d.msgs["first_name"].Visible() {
		t.Errorf("first name shows %q although it is valid", d.msgs["first_name"].Text)
	}
	if n := f.count(); n != 0 {
		t.Fatalf("invalid input stored %d cardholders", n)
	}

	f.typ(d.last, "Lovelace")
	f.typeInto(d.email, "ada@example.com")
	f.typ(d.dept, "Engineering")
	f.typ(d.extID, "HR-1815")
	if d.msgs["last_name"].Visible() || d.msgs["email"].Visible() {
		t.Error("messages stay after the input was fixed")
	}
	f.tap(d.save)
	f.wait()
	if f.s.editor != nil {
		t.Error("the dialog is still open after a successful save")
	}
	cs := f.allCardholders()
	if len(cs) != 1 {
		t.Fatalf("%d cardholders stored, want 1", len(cs))
	}
	got := cs[0]
	if got.FirstName != "Ada" || got.LastName != "Lovelace" || got.Email != "ada@example.com" ||
		got.Department != "Engineering" || got.ExternalID != "HR-1815" || got.Status != enroll.CardholderActive {
		t.Errorf("stored %+v", got)
	}
	if f.s.count.Text != "1 cardholder" || f.row(0).name.Text != "Ada Lovelace" {
		t.Errorf("list not refreshed: %q, row %q", f.s.count.Text, f.row(0).name.Text)
	}
	if f.s.selected == nil || f.s.selected.ID != got.ID {
		t.Error("the new cardholder is not selected after saving")
	}
	if !strings.Contains(f.lastStatus(), "Ada Lovelace") {
		t.Errorf("status %q does not name the cardholder", f.lastStatus())
	}
}

func TestDuplicateExternalIDShowsAtItsField(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Bea", "Bos", "HR-7")) })
	d := f.openAdd()
	f.typ(d.first, "Cas")
	f.typ(d.last, "Claes")
	f.typ(d.extID, "HR-7")
	f.tap(d.save)
	f.wait()
	if f.s.editor == nil {
		t.Fatal("the dialog closed although the save failed")
	}
	if msg := d.msgs["external_id"]; !msg.Visible() || !strings.Contains(msg.Text, "already has the external ID HR-7") {
		t.Errorf("external id message = %q (visible %v)", msg.Text, msg.Visible())
	}
	if d.save.Disabled() {
		t.Error("Save stays disabled after a refused save")
	}
	if n := f.count(); n != 1 {
		t.Errorf("%d cardholders stored, want 1", n)
	}
}

func TestEditChangesCardholder(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Dirk", "de Vries", "HR-9")) })
	f.tapRow(0)
	f.tap(f.s.edit)
	f.wait()
	d := f.s.editor
	if d == nil {
		t.Fatal("Edit did not open the dialog")
	}
	if d.first.Text != "Dirk" || d.last.Text != "de Vries" || d.extID.Text != "HR-9" {
		t.Fatalf("dialog shows %q %q %q", d.first.Text, d.last.Text, d.extID.Text)
	}
	f.typeInto(&d.dept.Entry, "Security")
	d.status.SetSelected("Inactive")
	f.tap(d.save)
	f.wait()
	cs := f.allCardholders()
	if len(cs) != 1 || cs[0].Department != "Security" || cs[0].Status != enroll.CardholderInactive {
		t.Fatalf("after edit: %+v", cs)
	}
	if r := f.row(0); r.dept.Text != "Security" || r.state.Text != "Inactive" {
		t.Errorf("row shows %q / %q after edit", r.dept.Text, r.state.Text)
	}
	if !f.s.request.Disabled() {
		t.Error("Request card stays enabled after the cardholder was made inactive")
	}
}

func TestPhotoIsStoredWithThumbnail(t *testing.T) {
	f := newFixture(t, nil)
	d := f.openAdd()
	f.typ(d.first, "Fenna")
	f.typ(d.last, "Foto")

	f.pickFile(uitest.WriteFile(t, "tiny.png", testPhoto(t, 8, 8)))
	f.tap(d.choosePhoto)
	f.wait()
	if msg := d.msgs["photo"]; !msg.Visible() || !strings.Contains(msg.Text, "8x8") {
		t.Errorf("a too small photo shows %q (visible %v) at the photo field", msg.Text, msg.Visible())
	}
	if len(d.photo) != 0 || !d.removePhoto.Disabled() {
		t.Error("a refused photo was taken")
	}

	photo := testPhoto(t, 300, 400)
	f.pickFile(uitest.WriteFile(t, "fenna.PNG", photo))
	f.tap(d.choosePhoto)
	f.wait()
	if d.msgs["photo"].Visible() {
		t.Errorf("a good photo shows %q", d.msgs["photo"].Text)
	}
	if d.removePhoto.Disabled() || d.photoImg.Resource == nil || d.photoImg.Resource.Name() != "photo.png" {
		t.Error("the chosen photo is not previewed")
	}
	f.tap(d.save)
	f.wait()
	cs := f.allCardholders()
	if len(cs) != 1 {
		t.Fatalf("%d cardholders stored", len(cs))
	}
	if !cs[0].HasPhoto || len(cs[0].Thumbnail) == 0 {
		t.Fatalf("stored without photo/thumbnail: has=%v thumb=%d bytes", cs[0].HasPhoto, len(cs[0].Thumbnail))
	}
	full, err := f.st.Cardholders.Get(f.ctx, f.admin, cs[0].ID)
	if err != nil || string(full.Photo) != string(photo) {
		t.Errorf("stored photo differs from the chosen file (err %v)", err)
	}
	if f.row(0).thumb.Image == nil {
		t.Error("the list row shows no thumbnail")
	}

	// Remove it again through the edit dialog.
	f.tap(f.s.edit)
	f.wait()
	f.tap(f.s.editor.removePhoto)
	f.tap(f.s.editor.save)
	f.wait()
	if c, _ := f.st.Cardholders.Get(f.ctx, f.admin, cs[0].ID); c.HasPhoto || len(c.Photo) != 0 {
		t.Error("Remove photo did not remove it")
	}
}

func TestCancelStoresNothing(t *testing.T) {
	f := newFixture(t, nil)
	d := f.openAdd()
	f.typ(d.first, "Gijs")
	f.typ(d.last, "Geen")
	f.tap(d.cancel)
	f.wait()
	if f.s.editor != nil || f.count() != 0 {
		t.Error("Cancel left the dialog open or stored the cardholder")
	}
}

func TestStoreRefusalStaysUntilItsFieldChanges(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Bea", "Bos", "HR-7")) })
	d := f.openAdd()
	f.typ(d.first, "Cas")
	f.typ(d.last, "Claes")
	f.typ(d.extID, "HR-7")
	f.tap(d.save)
	f.wait()
	f.typ(d.email, "cas@example.com")
	if !d.msgs["external_id"].Visible() {
		t.Error("typing in another field hid the taken-external-id message")
	}
	f.typ(d.extID, "b")
	if d.msgs["external_id"].Visible() {
		t.Errorf("message %q stays after the external id changed", d.msgs["external_id"].Text)
	}
	f.tap(d.save)
	f.wait()
	if n := f.count(); n != 2 {
		t.Errorf("%d cardholders after fixing the external id, want 2", n)
	}
}

func TestEscapeCancelsAndKeyboardReturnsToList(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Hugo", "Hout", "HR-1")) })
	d := f.openAdd()
	f.typ(d.first, "Half")
	f.key(fyne.KeyEscape)
	f.wait()
	if f.s.editor != nil || f.count() != 1 {
		t.Fatal("Escape in the form did not cancel it")
	}
	if f.win.Canvas().Focused() != f.s.list {
		t.Errorf("after the dialog closed the keyboard focus is on %T, want the list", f.win.Canvas().Focused())
	}
}
