package audit

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// areaNames are the names of words.AuditAreas, offered in the filter; an
// action or its prefix (request.deny, format.) can be typed as well.
func areaNames() []string {
	var names []string
	for _, a := range words.AuditAreas() {
		names = append(names, a.Name)
	}
	return names
}

// actionPrefix reads the action filter: an area's name stands for its
// prefix, anything else is taken as typed.
func actionPrefix(text string) string {
	text = strings.TrimSpace(text)
	for _, a := range words.AuditAreas() {
		if strings.EqualFold(text, a.Name) {
			return a.Prefix
		}
	}
	return text
}

// filter is the row of filter inputs above the audit log.
type filter struct {
	fields   *widgets.FieldSet
	operator *widgets.SelectEntry
	action   *widgets.SelectEntry
	text     *widgets.Entry
	from, to *widgets.Entry
	box      fyne.CanvasObject
	names    []string // operator names offered in the drop-down
}

// apply runs on Enter; typed runs as the operator types in a text filter
// (dates apply on Enter only, as a half-typed date is not one yet).
func newFilter(apply, typed func()) *filter {
	f := &filter{fields: widgets.NewFieldSet(), operator: widgets.NewSelectEntry(nil),
		action: widgets.NewSelectEntry(areaNames()), text: widgets.NewEntry(), from: widgets.NewEntry(), to: widgets.NewEntry()}
	f.operator.SetPlaceHolder(lang.L("Any operator"))
	f.action.SetPlaceHolder(lang.L("Any action"))
	f.text.SetPlaceHolder(lang.L("Details or entity id"))
	f.from.SetPlaceHolder(lang.L("YYYY-MM-DD"))
	f.to.SetPlaceHolder(lang.L("YYYY-MM-DD"))
	f.operator.OnSubmitted = func(string) { apply() }
	f.action.OnSubmitted = func(string) { apply() }
	cells := []fyne.CanvasObject{
		f.cell("operator", lang.L("Operator"), f.operator),
		f.cell("action", lang.L("Action"), f.action),
		f.cell("text", lang.L("Text"), f.text),
		f.cell("from", lang.L("From (date)"), f.from),
		f.cell("to", lang.L("To (date, inclusive)"), f.to),
	}
	f.fields.OnSubmit(apply)
	for _, e := range []*widget.Entry{&f.operator.Entry, &f.action.Entry, &f.text.Entry} {
		e.OnChanged = func(string) { typed() }
	}
	f.box = container.NewGridWithColumns(len(cells), cells...)
	return f
}

func (f *filter) cell(key, label string, input fyne.CanvasObject) fyne.CanvasObject {
	fl := f.fields.Add(key, label, input)
	fl.Label.SizeName = theme.SizeNameCaptionText
	return container.NewVBox(fl.Label, fl.WithMessage())
}

// setOperators offers these names in the operator drop-down.
func (f *filter) setOperators(names []string) {
	f.names = names
	f.operator.SetOptions(names)
}

// query reads the inputs; false (with messages at the fields) when a date is wrong.
func (f *filter) query() (enroll.AuditQuery, bool) {
	f.fields.Clear()
	q := enroll.AuditQuery{
		Operator: strings.TrimSpace(f.operator.Text),
		Action:   actionPrefix(f.action.Text),
		Text:     strings.TrimSpace(f.text.Text),
	}
	from, okFrom := parseDay(f.from.Text)
	to, okTo := parseDay(f.to.Text)
	if !okFrom {
		f.fields.Set("from", badDate())
	}
	if !okTo {
		f.fields.Set("to", badDate())
	}
	if !okFrom || !okTo {
		return q, false
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		f.fields.Set("to", lang.L("Must not be before the From date."))
		return q, false
	}
	q.From = from
	if !to.IsZero() {
		q.To = to.AddDate(0, 0, 1) // the list's To is exclusive; the operator means the whole day
	}
	return q, true
}

// clear empties every filter.
func (f *filter) clear() {
	for _, e := range []*widget.Entry{&f.operator.Entry, &f.action.Entry, &f.text.Entry, &f.from.Entry, &f.to.Entry} {
		e.SetText("")
	}
	f.fields.Clear()
}

// parseDay reads YYYY-MM-DD as the start of that day in local time; empty
// is zero, and ok is false when s is not a date.
func parseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	d, err := time.ParseInLocation(words.DateLayout, s, time.Local)
	return d, err == nil
}

// badDate says how to write a date, with today as the example.
func badDate() string {
	return lang.X("audit.baddate", "Use a date like {{.Example}}",
		map[string]any{"Example": time.Now().Format(words.DateLayout)})
}
