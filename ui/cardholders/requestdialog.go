package cardholders

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/badgeview"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// RequestDialog asks for a card for one cardholder: reason, when the card
// becomes active, whether to mail the requester, and a note.
type RequestDialog struct {
	widget.BaseWidget

	// OnSubmit receives the request to file.
	OnSubmit func(enroll.NewRequest)
	OnCancel func()

	holder     enroll.Cardholder
	holderName *widget.Label
	holderInfo *widget.Label

	reason     *widgets.Select
	other      *widgets.Entry
	template   *widgets.Select
	templates  []enroll.BadgeTemplate
	activation *widget.RadioGroup
	date       *widgets.DateEntry
	mail       *widget.Check
	mailHint   *widget.Label
	note       *widgets.Entry
	msgs       fieldMessages
	general    *widget.Label
	submit     *widget.Button
	cancel     *widget.Button
	content    fyne.CanvasObject
}

// NewRequestDialog builds the dialog for c with the administrator's reasons.
func NewRequestDialog(c enroll.Cardholder, reasons []string) *RequestDialog {
	d := &RequestDialog{holder: c}
	d.ExtendBaseWidget(d)
	d.other = widgets.NewEntry()
	d.other.PlaceHolder = lang.L("Describe the reason")
	d.other.Hide()
	d.date = widgets.NewDateEntry()
	d.note = widgets.NewMultiLineEntry(3)
	d.note.PlaceHolder = lang.L("Anything the enrollment desk should know")
	d.msgs = fieldMessages{
		"reason": newFieldMessage(d.other), "activation": newFieldMessage(&d.date.Entry),
		"note": newFieldMessage(d.note), "template": newFieldMessage(nil),
	}

	d.reason = widgets.NewSelect(append(append([]string(nil), reasons...), otherReason()), d.reasonChosen)
	d.reason.PlaceHolder = lang.L("(no reason)")
	d.template = widgets.NewSelect(nil, func(string) { d.msgs["template"].set("") })
	d.template.PlaceHolder = lang.L("(no templates)")
	d.template.Disable()
	d.activation = widget.NewRadioGroup([]string{lang.L("Never"), lang.L("After enrollment"), lang.L("On date")}, nil)
	d.activation.Required = true
	d.activation.SetSelected(lang.L("After enrollment"))
	d.date.Disable()
	d.activation.OnChanged = d.activationChosen
	d.date.OnChanged = func(string) { d.checkDate() }

	d.mail = widget.NewCheck(lang.L("E-mail me when the card is ready"), nil)
	d.mailHint = widget.NewLabel("")
	d.mailHint.Importance, d.mailHint.SizeName, d.mailHint.Wrapping = widget.WarningImportance, theme.SizeNameCaptionText, fyne.TextWrapWord
	d.mailHint.Hide()
	d.general = widgets.Problem()
	d.submit = widget.NewButtonWithIcon(lang.L("Request card"), theme.MailSendIcon(), d.doSubmit)
	d.submit.Importance = widget.HighImportance
	d.cancel = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), d.doCancel)
	d.content = d.layout()
	return d
}

func (d *RequestDialog) doCancel() {
	if d.OnCancel != nil {
		d.OnCancel()
	}
}

func otherReason() string { return lang.L("Other…") }

func (d *RequestDialog) layout() fyne.CanvasObject {
	label := func(s string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(s, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	form := container.New(layout.NewFormLayout(),
		label(lang.L("Reason")), widgets.WithMessage(container.NewVBox(d.reason, d.other), d.msgs["reason"].Label),
		label(lang.L("Badge template")), widgets.WithMessage(d.template, d.msgs["template"].Label),
		label(lang.L("Activation")), widgets.WithMessage(container.NewVBox(d.activation, d.date), d.msgs["activation"].Label),
		layout.NewSpacer(), container.NewVBox(d.mail, d.mailHint),
		label(lang.L("Note")), widgets.WithMessage(d.note, d.msgs["note"].Label),
	)
	buttons := container.NewHBox(layout.NewSpacer(), d.cancel, d.submit)
	return container.NewVBox(d.holderCard(), widget.NewSeparator(), form, d.general, widget.NewSeparator(), buttons)
}

// holderCard says whose card this is, so nobody requests one for the wrong person.
func (d *RequestDialog) holderCard() fyne.CanvasObject {
	img := canvas.NewImageFromResource(theme.AccountIcon())
	if len(d.holder.Thumbnail) > 0 {
		img = canvas.NewImageFromResource(fyne.NewStaticResource("thumb.png", d.holder.Thumbnail))
	}
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(64))
	name := widget.NewLabelWithStyle(d.holder.FullName(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameSubHeadingText
	details := []string{}
	for _, s := range []string{d.holder.Department, d.holder.ExternalID, d.holder.Email} {
		if s != "" {
			details = append(details, s)
		}
	}
	info := widget.NewLabel(strings.Join(details, " · "))
	info.Truncation = fyne.TextTruncateEllipsis
	d.holderName, d.holderInfo = name, info
	return container.NewBorder(nil, nil, img, nil, container.NewVBox(name, info))
}

func (d *RequestDialog) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(d.content)
}

func (d *RequestDialog) MinSize() fyne.Size {
	m := d.BaseWidget.MinSize()
	return fyne.NewSize(max(m.Width, 520), m.Height)
}

func (d *RequestDialog) reasonChosen(s string) {
	if s == otherReason() {
		d.other.Show()
		if c := fyne.CurrentApp().Driver().CanvasForObject(d); c != nil {
			c.Focus(d.other)
		}
	} else {
		d.other.Hide()
		d.msgs["reason"].set("")
	}
	d.Refresh()
}

func (d *RequestDialog) activationChosen(s string) {
	if s == lang.L("On date") {
		d.date.Enable()
		if c := fyne.CurrentApp().Driver().CanvasForObject(d); c != nil {
			c.Focus(d.date)
		}
	} else {
		d.date.Disable()
		d.msgs["activation"].set("")
	}
}

// checkDate explains a date that cannot be read while it is typed; whether
// it lies in the past is the service's call at submit.
func (d *RequestDialog) checkDate() {
	if _, ok := d.date.Date(); ok {
		d.msgs["activation"].set("")
		return
	}
	d.msgs["activation"].set(lang.L("Type the date as YYYY-MM-DD, for example 2030-01-31."))
}

// Value is the request as entered; ok is false when the date cannot be read.
func (d *RequestDialog) Value() (enroll.NewRequest, bool) {
	n := enroll.NewRequest{CardholderID: d.holder.ID, EmailWhenReady: d.mail.Checked, Note: d.note.Text}
	if i := d.template.SelectedIndex(); i >= 0 && i < len(d.templates) {
		n.TemplateID = d.templates[i].ID
	}
	switch d.reason.Selected {
	case "":
	case otherReason():
		n.Reason = d.other.Text
	default:
		n.Reason = d.reason.Selected
	}
	switch d.activation.Selected {
	case lang.L("Never"):
		n.Activation.Mode = enroll.ActivateNever
	case lang.L("On date"):
		n.Activation.Mode = enroll.ActivateOnDate
		date, ok := d.date.Date()
		if !ok {
			return n, false
		}
		n.Activation.Date = date
	default:
		n.Activation.Mode = enroll.ActivateEnrollment
	}
	return n, true
}

func (d *RequestDialog) doSubmit() {
	n, ok := d.Value()
	if !ok {
		d.checkDate()
		return
	}
	if d.OnSubmit != nil {
		d.OnSubmit(n)
	}
}

// ShowError puts a refused request's messages at their fields, and anything
// else (an inactive cardholder, a permission) above the buttons.
func (d *RequestDialog) ShowError(err error) {
	rest := d.msgs.show(err, nil)
	if rest == nil && !isValidation(err) {
		rest = []string{words.Explain(err)}
	}
	widgets.SetMessage(d.general, strings.Join(rest, "\n"))
}

// SetRequest fills the dialog with a filed request, for the desk to modify
// it: a reason no longer in the list shows as typed text.
func (d *RequestDialog) SetRequest(r enroll.CardRequest) {
	switch {
	case r.Reason == "":
		d.reason.ClearSelected()
	case slices.Contains(d.reason.Options, r.Reason) && r.Reason != otherReason():
		d.reason.SetSelected(r.Reason)
	default:
		d.reason.SetSelected(otherReason())
		d.other.SetText(r.Reason)
	}
	switch r.Activation.Mode {
	case enroll.ActivateNever:
		d.activation.SetSelected(lang.L("Never"))
	case enroll.ActivateOnDate:
		d.activation.SetSelected(lang.L("On date"))
		if !r.Activation.Date.IsZero() {
			d.date.SetDate(r.Activation.Date)
		}
	default:
		d.activation.SetSelected(lang.L("After enrollment"))
	}
	d.mail.SetChecked(r.EmailWhenReady)
	if r.RequestedByName != "" { // the desk edits someone else's request: "me" is the requester
		d.mail.Text = lang.X("request.mailrequester", "E-mail {{.Name}} when the card is ready", map[string]any{"Name": r.RequestedByName})
		d.mail.Refresh()
	}
	d.note.SetText(r.Note)
}

// SetTemplates offers the station's badge templates, preselecting template
// id, else the station's default.
func (d *RequestDialog) SetTemplates(ts []enroll.BadgeTemplate, id int64) {
	d.templates = ts
	names := make([]string, len(ts))
	chosen := -1
	for i, t := range ts {
		names[i] = badgeview.TemplateName(t)
		if t.ID == id || (chosen < 0 && t.IsDefault) {
			chosen = i
		}
	}
	d.template.SetOptions(names)
	widgets.SetEnabled(d.template, len(ts) > 0)
	if chosen >= 0 {
		d.template.SetSelectedIndex(chosen)
	}
}

// SetSubmitText renames the submit button ("Save changes" when modifying).
func (d *RequestDialog) SetSubmitText(text string) {
	d.submit.SetText(text)
	d.submit.SetIcon(theme.DocumentSaveIcon())
}

// FocusFirst puts the cursor in the reason, so the dialog works from the keyboard.
func (d *RequestDialog) FocusFirst(c fyne.Canvas) { c.Focus(d.reason) }

// SetNoMailAddress tells the requester that the flag cannot lead to a mail.
func (d *RequestDialog) SetNoMailAddress() {
	d.mailHint.SetText(lang.L("Your operator account has no e-mail address, so no mail can be sent. An administrator can add one."))
	d.mailHint.Show()
}

// SetBusy disables the submit button while the request is filed.
func (d *RequestDialog) SetBusy(busy bool) {
	widgets.SetEnabled(d.submit, !busy)
}

// holderCardText is what the header says about the cardholder.
func (d *RequestDialog) holderCardText() string {
	return d.holderName.Text + "\n" + d.holderInfo.Text
}
