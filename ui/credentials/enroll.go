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
	h       screen.Host
	formats []cardformat.Format
	format  cardformat.Format
	pick    *widgets.Select
	inputs  []valueInput
	name    *widgets.Entry
	status  *widgets.Select
	fields  *widgets.FieldSet
	form    *dialogs.Form
	size    fyne.Size // the dialog's size once shown: it only grows
	done    func(enroll.Credential)
	made    enroll.Credential
}

// valueInput is the entry of one field of the format.
type valueInput struct {
	field cardformat.Field
	entry *widgets.Entry
}

// openEnroll shows the dialog; done gets the card enrolled, closed runs
// when the dialog closes.
func openEnroll(h screen.Host, done func(enroll.Credential), closed func()) *enrollDialog {
	d := &enrollDialog{h: h, done: done, fields: widgets.NewFieldSet()}
	d.pick = widgets.NewSelect(nil, func(string) { d.formatChosen() })
	d.pick.PlaceHolder = lang.L("Loading formats…")
	d.name = widgets.NewEntry()
	d.name.SetPlaceHolder(lang.L("Optional, e.g. Spare card 12"))
	d.status = widgets.NewSelect([]string{words.CredentialStatus(enroll.CredentialActive), words.CredentialStatus(enroll.CredentialInactive)}, nil)
	d.status.SetSelectedIndex(0)
	d.fields.Add("format", lang.L("Card format"), d.pick)
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
	st, ctx, actor := d.h.Station(), d.h.Jobs().Context(), d.h.Actor()
	widgets.Go(d.h.Jobs(), func() ([]enroll.FormatInfo, error) {
		return st.Formats.List(ctx, actor)
	}, func(list []enroll.FormatInfo, err error) {
		if d.form.Closed() {
			return
		}
		if err != nil {
			d.fields.SetGeneral(words.Explain(err))
			return
		}
		names := make([]string, len(list))
		d.formats = make([]cardformat.Format, len(list))
		for i, fi := range list {
			d.formats[i] = fi.Format
			names[i] = words.FormatTitle(fi.Format)
		}
		d.pick.PlaceHolder = lang.L("Choose a card format")
		d.pick.SetOptions(names)
		for i, f := range d.formats {
			if f.ID == "h10301" {
				d.pick.SetSelectedIndex(i)
			}
		}
	})
}

// formatChosen puts one entry per field of the format under it; a fixed
// field shows its value.
func (d *enrollDialog) formatChosen() {
	i := d.pick.SelectedIndex()
	if i < 0 || i >= len(d.formats) {
		return
	}
	for _, in := range d.inputs {
		d.fields.Remove(in.field.Name)
	}
	d.fields.Remove("name")
	d.fields.Remove("status")
	d.format = d.formats[i]
	d.inputs = d.inputs[:0]
	for _, fd := range d.format.Fields {
		in := valueInput{field: fd, entry: widgets.NewEntry()}
		in.entry.SetPlaceHolder(fd.Min().String() + "–" + fd.Max().String())
		if fd.Fixed != nil {
			in.entry.SetText(cardformat.ValueOf(*fd.Fixed).String())
			in.entry.Disable()
		}
		in.entry.OnChanged = func(string) { d.check(in) }
		in.entry.OnSubmitted = func(string) { d.form.Submit() }
		d.inputs = append(d.inputs, in)
		d.fields.Add(fd.Name, words.CardField(fd.Name), in.entry)
	}
	d.addTail()
	d.fields.SetGeneral("")
	d.keepSize()
	for _, in := range d.inputs {
		if !in.entry.Disabled() {
			d.h.Window().Canvas().Focus(in.entry)
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
func (d *enrollDialog) check(in valueInput) {
	text := strings.TrimSpace(in.entry.Text)
	msg := ""
	if _, err := in.field.ParseValue(text); text != "" && in.field.Fixed == nil && err != nil {
		if m, ok := words.CardValue(err); ok {
			msg = m
		} else {
			msg = words.Explain(err)
		}
	}
	d.fields.Set(in.field.Name, msg)
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
		if t := strings.TrimSpace(in.entry.Text); t != "" && in.field.Fixed == nil {
			n.Fields[in.field.Name] = t
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
