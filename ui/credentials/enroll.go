package credentials

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// enrollDialog enrolls one card from typed numbers, as the Manual way of
// connecting a card does: pick a format, type each of its fields (checked
// against its range while typing), a name if it helps, active or not.
// The card is available afterwards, assigned to nobody.
type enrollDialog struct {
	h      screen.Host
	format cardformat.Format
	pick   *screen.FormatPick
	inputs []screen.FieldInput
	name   *widgets.Entry
	status *widgets.Select
	fields *widgets.FieldSet
	form   *dialogs.Form
	size   fyne.Size // the dialog's size once shown: it only grows
	done   func(enroll.Credential)
	made   enroll.Credential
}

// openEnroll shows the dialog; done gets the card enrolled, closed runs
// when the dialog closes.
func openEnroll(h screen.Host, done func(enroll.Credential), closed func()) *enrollDialog {
	d := &enrollDialog{h: h, done: done, fields: widgets.NewFieldSet()}
	d.pick = screen.NewFormatPick(d.formatChosen)
	d.name = widgets.NewEntry()
	d.name.SetPlaceHolder(lang.L("Optional, e.g. Spare card 12"))
	d.status = widgets.NewSelect([]string{words.CredentialStatus(enroll.CredentialActive), words.CredentialStatus(enroll.CredentialInactive)}, nil)
	d.status.SetSelectedIndex(0)
	d.fields.Add("format", lang.L("Card format"), d.pick.Select)
	d.addTail()
	d.form = dialogs.ShowForm(h, h.Jobs(), dialogs.FormSpec{Title: lang.L("Enroll manually"), OK: lang.L("Enroll"),
		Fields: d.fields, Width: 480, Submit: d.submit, Failed: d.failed, Done: d.enrolled,
		Hint: lang.L("Type the numbers printed on the card, or given with it. CardDesk cannot check them against the card itself.")})
	d.form.Dialog.SetOnClosed(closed)
	d.keepSize()
	d.loadFormats()
	return d
}

// addTail adds the fields under the format's own.
func (d *enrollDialog) addTail() {
	d.fields.Add("name", lang.L("Name"), d.name)
	d.fields.Add("status", lang.L("Status"), d.status)
}

// loadFormats offers the built-in and custom formats, the common 26-bit
// card first chosen.
func (d *enrollDialog) loadFormats() {
	d.pick.Load(d.h, func(list []enroll.FormatInfo, err error) {
		if d.form.Closed() {
			return
		}
		if err != nil {
			d.fields.SetGeneral(words.Explain(err))
			return
		}
		d.pick.Fill(list)
	})
}

// formatChosen puts one entry per field of the format under it; a fixed
// field shows its value.
func (d *enrollDialog) formatChosen() {
	format, ok := d.pick.Chosen()
	if !ok {
		return
	}
	for _, in := range d.inputs {
		d.fields.Remove(in.Field.Name)
	}
	d.fields.Remove("name")
	d.fields.Remove("status")
	d.format = format
	d.inputs = d.inputs[:0]
	for _, fd := range d.format.Fields {
		in := screen.NewFieldInput(fd)
		in.Entry.OnChanged = func(string) { d.check(in) }
		in.Entry.OnSubmitted = func(string) { d.form.Submit() }
		d.inputs = append(d.inputs, in)
		d.fields.Add(fd.Name, words.CardField(fd.Name), in.Entry)
	}
	d.addTail()
	d.fields.SetGeneral("")
	d.keepSize()
	for _, in := range d.inputs {
		if !in.Entry.Disabled() {
			d.h.Window().Canvas().Focus(in.Entry)
			break
		}
	}
}

// keepSize lets the dialog grow with the fields of a longer format, and
// never shrink, so nothing moves under the mouse; it keeps room for three
// lines of messages, as every form does.
func (d *enrollDialog) keepSize() {
	line := fyne.MeasureText("Mg", theme.CaptionTextSize(), fyne.TextStyle{}).Height + theme.InnerPadding()
	if size := d.size.Max(d.form.Dialog.MinSize().AddWidthHeight(0, 3*line)); size != d.size {
		d.size = size
		d.form.Dialog.Resize(size)
	}
}

// check says while typing what a field takes, at the field.
func (d *enrollDialog) check(in screen.FieldInput) {
	d.fields.Set(in.Field.Name, in.Problem())
}

// submit is the work of Enroll: the values as typed, fixed fields left to
// the format; the service says what is missing or out of range, at the
// fields.
func (d *enrollDialog) submit() func() error {
	if d.format.ID == "" {
		d.fields.Set("format", lang.L("Choose a card format"))
		return nil
	}
	n := enroll.NewCredential{Format: d.format.ID, Fields: map[string]string{}, Name: strings.TrimSpace(d.name.Text),
		Status: enroll.CredentialActive}
	if d.status.SelectedIndex() == 1 {
		n.Status = enroll.CredentialInactive
	}
	for _, in := range d.inputs {
		if t := in.Typed(); t != "" {
			n.Fields[in.Field.Name] = t
		}
	}
	st, ctx, actor := d.h.Station(), d.h.Jobs().Context(), d.h.Actor()
	return func() error {
		var err error
		d.made, err = st.Credentials.Enroll(ctx, actor, n)
		return err
	}
}

// failed says plainly that a card is enrolled already; the fields show
// the rest.
func (d *enrollDialog) failed(err error) bool {
	var invalid *enroll.ValidationError
	if !errors.As(err, &invalid) {
		return false
	}
	for _, fe := range invalid.Fields {
		if fe.ID == enroll.MsgCredentialEnrolled {
			d.fields.Show(err)
			d.fields.SetGeneral(lang.L("A card with these numbers is enrolled already: search for it in the list."))
			return true
		}
	}
	return false
}

func (d *enrollDialog) enrolled() {
	d.h.Flash(lang.X("credentials.enroll.done", "Enrolled: {{.Card}}", map[string]any{"Card": words.CredentialLabel(d.made)}))
	d.h.Changed()
	d.done(d.made)
}
