package credentials

import (
	"encoding/json"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// detailsPane shows the selected credential: its number and format, its
// fields, status, holder and dates, and its history from the audit log,
// newest first. It scrolls on its own.
type detailsPane struct {
	box     fyne.CanvasObject
	hint    *widget.Label
	card    *fyne.Container
	number  *widget.Label
	format  *widget.RichText
	form    *fyne.Container
	status  *widget.Label
	holder  *widget.Label
	name    *widget.Label
	active  *widget.Label
	expires *widget.Label
	created *widget.Label
	bits    *widget.Label
	history *widget.RichText
}

func newDetailsPane() *detailsPane {
	d := &detailsPane{hint: widget.NewLabel(lang.L("Select a credential to see its details and history."))}
	d.hint.Wrapping = fyne.TextWrapWord
	d.hint.Importance = widget.LowImportance
	value := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		l.Selectable = true
		return l
	}
	d.number = widgets.Heading("")
	d.number.Wrapping = fyne.TextWrapWord
	d.format = widgets.Hint("")
	d.status, d.holder, d.name, d.active, d.expires, d.created = value(), value(), value(), value(), value(), value()
	d.bits = value()
	d.bits.Wrapping = fyne.TextWrapBreak
	d.bits.SizeName = theme.SizeNameCaptionText
	d.form = container.New(layout.NewFormLayout(),
		widgets.Bold(lang.L("Status")), d.status,
		widgets.Bold(lang.L("Cardholder")), d.holder,
		widgets.Bold(lang.L("Name")), d.name,
		widgets.Bold(lang.L("Activation")), d.active,
		widgets.Bold(lang.L("Expires")), d.expires,
		widgets.Bold(lang.L("Enrolled")), d.created,
		widgets.Bold(lang.L("Bits")), d.bits,
	)
	d.history = widget.NewRichText()
	d.history.Wrapping = fyne.TextWrapWord
	d.card = container.NewVBox(d.number, d.format, d.form, widget.NewSeparator(), widgets.Bold(lang.L("History")), d.history)
	d.box = container.NewVScroll(container.NewPadded(container.NewVBox(d.hint, d.card)))
	d.show(nil, nil)
	return d
}

// show fills the pane with k and its events, newest first; nil events
// are still loading. A nil k shows the hint.
func (d *detailsPane) show(k *enroll.Credential, events []enroll.AuditEvent) {
	if k == nil {
		d.hint.SetText(lang.L("Select a credential to see its details and history."))
		d.hint.Show()
		d.card.Hide()
		return
	}
	d.hint.Hide()
	d.card.Show()
	number, rest := cardLines(*k)
	d.number.SetText(number)
	widgets.SetHint(d.format, rest)
	d.status.Importance = statusImportance(k.Status)
	if k.Status == enroll.CredentialInactive {
		d.status.Importance = widget.MediumImportance
	}
	d.status.SetText(words.CredentialStatus(k.Status))
	holder := k.CardholderName
	if k.CardholderID == 0 {
		holder = lang.L("Not assigned")
	}
	d.holder.SetText(holder)
	name := k.Name
	if name == "" {
		name = "—"
	}
	d.name.SetText(name)
	active := words.DateOrEmpty(k.ActivationDate)
	if active == "" {
		active = lang.L("Not yet")
	}
	d.active.SetText(active)
	d.expires.SetText(words.Date(k.ExpiresAt))
	d.created.SetText(words.Time(k.CreatedAt))
	d.bits.SetText(k.Bits)
	d.showHistory(*k, events)
}

// failed says why the details could not be read.
func (d *detailsPane) failed(why string) {
	d.card.Hide()
	d.hint.SetText(why)
	d.hint.Show()
}

// showHistory lists the events: what happened in bold, when and by whom
// after it, what changed on the next line, and the log's own words under
// that.
func (d *detailsPane) showHistory(k enroll.Credential, events []enroll.AuditEvent) {
	quiet := widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText}
	var segs []widget.RichTextSegment
	switch {
	case events == nil:
		segs = append(segs, &widget.TextSegment{Text: lang.L("Loading…"), Style: quiet})
	case len(events) == 0:
		segs = append(segs, &widget.TextSegment{Text: lang.L("Nothing recorded yet."), Style: quiet})
	}
	for i, e := range events {
		if i > 0 {
			segs = append(segs, &widget.SeparatorSegment{})
		}
		head := widget.RichTextStyleStrong
		head.Inline = true
		meta := quiet
		segs = append(segs,
			&widget.TextSegment{Text: words.AuditAction(e.Action), Style: head},
			&widget.TextSegment{Text: "  " + when(e), Style: meta})
		for _, line := range changes(e) {
			segs = append(segs, &widget.TextSegment{Text: line, Style: widget.RichTextStyleParagraph})
		}
		if text := recorded(k, e.Details); text != "" {
			segs = append(segs, &widget.TextSegment{Text: text, Style: quiet})
		}
	}
	d.history.Segments = segs
	d.history.Refresh()
}

// when is an event's time and operator: "2026-03-01 09:30 · admin".
func when(e enroll.AuditEvent) string {
	if e.Operator == "" {
		return words.Time(e.At)
	}
	return words.Time(e.At) + " · " + e.Operator
}

// recorded is the log's details without the format and bits the pane
// shows already ("h10301 0101…: taken from Anna" reads "taken from Anna").
func recorded(k enroll.Credential, details string) string {
	rest, ok := strings.CutPrefix(details, k.Format+" "+k.Bits)
	if !ok {
		return details
	}
	return strings.TrimSpace(strings.TrimPrefix(rest, ":"))
}

// changes words what an event changed, from the card as it was before and
// after: its status, its holder, its expiry date. An enrollment says how
// the card began.
func changes(e enroll.AuditEvent) []string {
	var before, after enroll.Credential
	if e.After == "" || json.Unmarshal([]byte(e.After), &after) != nil {
		return nil
	}
	if e.Before == "" || json.Unmarshal([]byte(e.Before), &before) != nil {
		lines := []string{lang.X("credentials.history.status", "Status: {{.Status}}",
			map[string]any{"Status": words.CredentialStatus(after.Status)})}
		if after.CardholderID != 0 {
			lines = append(lines, lang.X("credentials.history.holder", "Cardholder: {{.Name}}", map[string]any{"Name": after.CardholderName}))
		}
		return lines
	}
	var lines []string
	change := func(what, from, to string) {
		if from != to {
			lines = append(lines, lang.X("credentials.history.change", "{{.What}}: {{.From}} → {{.To}}",
				map[string]any{"What": what, "From": from, "To": to}))
		}
	}
	change(lang.L("Status"), words.CredentialStatus(before.Status), words.CredentialStatus(after.Status))
	change(lang.L("Cardholder"), holderName(before), holderName(after))
	change(lang.L("Expires"), words.Date(before.ExpiresAt), words.Date(after.ExpiresAt))
	return lines
}

func holderName(k enroll.Credential) string {
	if k.CardholderID == 0 {
		return lang.L("Not assigned")
	}
	return k.CardholderName
}
