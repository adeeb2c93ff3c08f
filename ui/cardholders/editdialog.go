package cardholders

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// photoPreviewSize is the side of the photo in the dialog, in points.
const photoPreviewSize = 96

// CardholderDialog is the add/edit form for one cardholder. It checks the
// input as the operator types and reports the result through OnSubmit and
// OnCancel; storing is the caller's job, which reports problems back with
// ShowError.
type CardholderDialog struct {
	widget.BaseWidget

	// OnSubmit receives the cardholder to store once the input is valid.
	OnSubmit func(enroll.Cardholder)
	OnCancel func()
	// OnChoosePhoto asks the caller to pick a photo file and hand its bytes
	// to SetPhoto (or its problem to SetPhotoError).
	OnChoosePhoto func()

	validate func(enroll.Cardholder) error
	original enroll.Cardholder
	photo    []byte
	photoErr string
	// touched fields show their messages while typing; the rest wait for
	// the first Save, so an empty new form is not covered in red.
	touched map[string]bool
	// refused holds what the store said about a field (a taken external
	// id), which local checks cannot know; it stays until the field changes.
	refused map[string]string

	first, last, email, extID *widgets.Entry
	dept                      *widgets.SelectEntry
	status                    *widget.RadioGroup
	photoImg                  *canvas.Image
	choosePhoto, removePhoto  *widget.Button
	msgs                      fieldMessages
	general                   *widget.Label
	save, cancel              *widget.Button
	content                   fyne.CanvasObject
}

// NewCardholderDialog builds the form for c (ID 0: a new cardholder).
// validate is st.Cardholders.Validate; departments feed the suggestions.
func NewCardholderDialog(c enroll.Cardholder, departments []string, validate func(enroll.Cardholder) error) *CardholderDialog {
	d := &CardholderDialog{validate: validate, original: c, photo: c.Photo,
		touched: map[string]bool{}, refused: map[string]string{}}
	d.ExtendBaseWidget(d)
	d.first = d.newEntry("first_name", c.FirstName)
	d.last = d.newEntry("last_name", c.LastName)
	d.email = d.newEntry("email", c.Email)
	d.extID = d.newEntry("external_id", c.ExternalID)
	d.dept = widgets.NewSelectEntry(departments)
	d.dept.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	d.dept.SetText(c.Department)
	d.dept.PlaceHolder = lang.L("Type or pick a department")
	d.dept.OnChanged = func(string) { d.changed("department") }
	d.dept.OnSubmitted = func(string) { d.submit() }
	d.status = widget.NewRadioGroup([]string{lang.L("Active"), lang.L("Inactive")}, nil)
	d.status.Horizontal, d.status.Required = true, true
	d.status.SetSelected(words.CardholderStatus(c.Status))
	d.status.OnChanged = func(string) { d.changed("status") }

	d.msgs = fieldMessages{
		"first_name": newFieldMessage(d.first), "last_name": newFieldMessage(d.last),
		"email": newFieldMessage(d.email), "department": selectEntryMessage(d.dept),
		"external_id": newFieldMessage(d.extID), "status": newFieldMessage(nil),
		"photo": newFieldMessage(nil),
	}
	d.general = widgets.Problem()
	d.buildPhoto(c.Thumbnail)
	d.save = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), d.submit)
	d.save.Importance = widget.HighImportance
	d.cancel = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), d.doCancel)
	d.content = d.layout()
	return d
}

func (d *CardholderDialog) doCancel() {
	if d.OnCancel != nil {
		d.OnCancel()
	}
}

func (d *CardholderDialog) newEntry(field, text string) *widgets.Entry {
	e := widgets.NewEntry()
	e.SetText(text)
	e.OnChanged = func(string) { d.changed(field) }
	e.OnSubmitted = func(string) { d.submit() }
	return e
}

func (d *CardholderDialog) buildPhoto(thumb []byte) {
	d.photoImg = canvas.NewImageFromResource(theme.AccountIcon())
	d.photoImg.FillMode = canvas.ImageFillContain
	d.photoImg.SetMinSize(fyne.NewSquareSize(photoPreviewSize))
	d.showThumb(thumb)
	d.choosePhoto = widget.NewButtonWithIcon(lang.L("Choose photo…"), theme.FolderOpenIcon(), func() {
		if d.OnChoosePhoto != nil {
			d.OnChoosePhoto()
		}
	})
	d.removePhoto = widget.NewButtonWithIcon(lang.L("Remove photo"), theme.DeleteIcon(), func() {
		d.photo, d.photoErr = nil, ""
		d.showThumb(nil)
		d.msgs["photo"].set("")
	})
	d.updatePhotoButtons()
}

func (d *CardholderDialog) layout() fyne.CanvasObject {
	field := func(e fyne.CanvasObject, name string) fyne.CanvasObject {
		return widgets.WithMessage(e, d.msgs[name].Label)
	}
	label := func(s string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(s, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	form := container.New(layout.NewFormLayout(),
		label(lang.L("First name")), field(d.first, "first_name"),
		label(lang.L("Last name")), field(d.last, "last_name"),
		label(lang.L("E-mail")), field(d.email, "email"),
		label(lang.L("Department")), field(d.dept, "department"),
		label(lang.L("External ID")), field(d.extID, "external_id"),
		label(lang.L("Status")), field(d.status, "status"),
		label(lang.L("Photo")), field(
			container.NewHBox(d.photoImg, container.NewVBox(d.choosePhoto, d.removePhoto)), "photo"),
	)
	buttons := container.NewHBox(layout.NewSpacer(), d.cancel, d.save)
	return container.NewVBox(form, d.general, widget.NewSeparator(), buttons)
}

func (d *CardholderDialog) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(d.content)
}

// MinSize keeps the entries wide enough for an e-mail address.
func (d *CardholderDialog) MinSize() fyne.Size {
	m := d.BaseWidget.MinSize()
	return fyne.NewSize(max(m.Width, 520), m.Height)
}

// Value is the cardholder as currently entered.
func (d *CardholderDialog) Value() enroll.Cardholder {
	c := d.original
	c.FirstName, c.LastName = d.first.Text, d.last.Text
	c.Email, c.Department, c.ExternalID = d.email.Text, d.dept.Text, d.extID.Text
	c.Status = enroll.CardholderActive
	if d.status.Selected == lang.L("Inactive") {
		c.Status = enroll.CardholderInactive
	}
	c.Photo = d.photo
	c.HasPhoto = len(d.photo) > 0
	return c
}

// Focus puts the cursor in the first field.
func (d *CardholderDialog) Focus(c fyne.Canvas) { c.Focus(d.first) }

func (d *CardholderDialog) changed(field string) {
	d.touched[field] = true
	delete(d.refused, field)
	d.check(func(f string) bool { return d.touched[f] })
}

// check validates everything but the photo (checked once when chosen, as
// decoding it again on every key would be slow) and shows the messages of
// the fields only selects.
func (d *CardholderDialog) check(only func(string) bool) bool {
	c := d.Value()
	c.Photo = nil
	err := d.validate(c)
	notPhoto := func(f string) bool { return f != "photo" && (only == nil || only(f)) }
	d.setGeneral(d.msgs.show(err, notPhoto))
	for f, msg := range d.refused {
		if m := d.msgs[f]; m != nil && !m.Visible() {
			m.set(msg)
		}
	}
	return err == nil
}

func (d *CardholderDialog) submit() {
	if d.save.Disabled() {
		return
	}
	if !d.check(nil) {
		for f := range d.msgs {
			d.touched[f] = true
		}
		return
	}
	if d.OnSubmit != nil {
		d.OnSubmit(d.Value())
	}
}

// ShowError puts the messages of a failed save at their fields.
func (d *CardholderDialog) ShowError(err error) {
	for f := range d.msgs {
		d.touched[f] = true
	}
	rest := d.msgs.show(err, nil)
	var ve *enroll.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Fields {
			d.refused[fe.Field] = fe.Localize(lang.X)
		}
	}
	if d.photoErr != "" {
		d.msgs["photo"].set(d.photoErr)
	}
	if rest == nil && !isValidation(err) {
		rest = []string{words.Explain(err)}
	}
	d.setGeneral(rest)
}

func (d *CardholderDialog) setGeneral(lines []string) {
	widgets.SetMessage(d.general, strings.Join(lines, "\n"))
}

// SetBusy disables Save while the cardholder is being stored.
func (d *CardholderDialog) SetBusy(busy bool) {
	if busy {
		d.save.Disable()
		d.save.SetText(lang.L("Saving…"))
		return
	}
	d.save.Enable()
	d.save.SetText(lang.L("Save"))
}

// SetPhoto takes a chosen photo that passed validation, with its thumbnail.
func (d *CardholderDialog) SetPhoto(photo, thumb []byte) {
	d.photo, d.photoErr = photo, ""
	d.msgs["photo"].set("")
	d.showThumb(thumb)
}

// SetPhotoError shows why a chosen photo cannot be used; the previous photo stays.
func (d *CardholderDialog) SetPhotoError(msg string) {
	d.photoErr = msg
	d.msgs["photo"].set(msg)
}

func (d *CardholderDialog) showThumb(thumb []byte) {
	if len(thumb) > 0 {
		d.photoImg.Resource = fyne.NewStaticResource("photo.png", thumb)
	} else {
		d.photoImg.Resource = theme.AccountIcon()
	}
	d.photoImg.Refresh()
	d.updatePhotoButtons()
}

func (d *CardholderDialog) updatePhotoButtons() {
	if d.removePhoto == nil {
		return
	}
	widgets.SetEnabled(d.removePhoto, len(d.photo) > 0)
}
