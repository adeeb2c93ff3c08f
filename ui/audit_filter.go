package ui

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// auditActions are the action prefixes offered in the filter; any other
// prefix can be typed.
var auditActions = []string{"operator.", "cardholder.", "request.", "credential.", "reason.", "setting."}

// auditFilter is the row of filter inputs above the audit log.
type auditFilter struct {
	fields   *fieldSet
	operator *widget.SelectEntry
	action   *widget.SelectEntry
	text     *textEntry
	from, to *textEntry
	box      fyne.CanvasObject
	names    []string // operator names offered in the drop-down
}

// apply runs on Enter; typed runs as the operator types in a text filter
// (dates apply on Enter only, as a half-typed date is not one yet).
func newAuditFilter(apply, typed func()) *auditFilter {
	f := &auditFilter{fields: newFieldSet(), operator: widget.NewSelectEntry(nil),
		action: widget.NewSelectEntry(auditActions), text: newTextEntry(), from: newTextEntry(), to: newTextEntry()}
	f.operator.SetPlaceHolder(lang.L("Any operator"))
	f.action.SetPlaceHolder(lang.L("Any action"))
	f.text.SetPlaceHolder(lang.L("Details or entity id"))
	f.from.SetPlaceHolder(lang.L("YYYY-MM-DD"))
	f.to.SetPlaceHolder(lang.L("YYYY-MM-DD"))
	f.operator.OnSubmitted = func(string) { apply() }
	f.action.OnSubmitted = func(string) { apply() }
	cells := []fyne.CanvasObject{
		f.cell("operator", lang.L("Operator"), f.operator),
		f.cell("action", lang.L("Action starts with"), f.action),
		f.cell("text", lang.L("Text"), f.text),
		f.cell("from", lang.L("From (date)"), f.from),
		f.cell("to", lang.L("To (date, inclusive)"), f.to),
	}
	f.fields.onSubmit(apply)
	for _, e := range []*widget.Entry{&f.operator.Entry, &f.action.Entry, &f.text.Entry} {
		e.OnChanged = func(string) { typed() }
	}
	f.box = container.NewGridWithColumns(len(cells), cells...)
	return f
}

func (f *auditFilter) cell(key, label string, input fyne.CanvasObject) fyne.CanvasObject {
	fl := f.fields.add(key, label, input)
	fl.label.SizeName = theme.SizeNameCaptionText
	return container.NewVBox(fl.label, fl.inputWithMessage())
}

// setOperators offers these names in the operator drop-down.
func (f *auditFilter) setOperators(names []string) {
	f.names = names
	f.operator.SetOptions(names)
}

// query reads the inputs; false (with messages at the fields) when a date is wrong.
func (f *auditFilter) query() (enroll.AuditQuery, bool) {
	f.fields.clear()
	q := enroll.AuditQuery{
		Operator: strings.TrimSpace(f.operator.Text),
		Action:   strings.TrimSpace(f.action.Text),
		Text:     strings.TrimSpace(f.text.Text),
	}
	from, errFrom := parseDay(f.from.Text)
	to, errTo := parseDay(f.to.Text)
	if errFrom != nil {
		f.fields.set("from", errFrom.Error())
	}
	if errTo != nil {
		f.fields.set("to", errTo.Error())
	}
	if errFrom != nil || errTo != nil {
		return q, false
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		f.fields.set("to", lang.L("Must not be before the From date."))
		return q, false
	}
	q.From = from
	if !to.IsZero() {
		q.To = to.AddDate(0, 0, 1) // the list's To is exclusive; the operator means the whole day
	}
	return q, true
}

// clear empties every filter.
func (f *auditFilter) clear() {
	for _, e := range []*widget.Entry{&f.operator.Entry, &f.action.Entry, &f.text.Entry, &f.from.Entry, &f.to.Entry} {
		e.SetText("")
	}
	f.fields.clear()
}

// parseDay reads YYYY-MM-DD as the start of that day in local time; empty is zero.
func parseDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(dateLayout, s, time.Local)
	if err != nil {
		return time.Time{}, errors.New(lang.X("audit.baddate", "Use a date like {{.Example}}",
			map[string]any{"Example": time.Now().Format(dateLayout)}))
	}
	return d, nil
}
