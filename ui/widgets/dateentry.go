package widgets

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// DateEntry takes a date as YYYY-MM-DD, typed or picked from a calendar.
// widget.DateEntry is not used: it parses the locale's format (01/02/2006
// for en_US), and the desk, the CLI and the spec all speak ISO dates.
type DateEntry struct {
	Entry
	picker *NoFocusButton // clicks only: Tab goes on to the next field
	popUp  *widget.PopUp
}

// NewDateEntry is an empty date entry with its calendar button.
func NewDateEntry() *DateEntry {
	e := &DateEntry{}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = lang.L("YYYY-MM-DD")
	e.picker = NewNoFocusButton(theme.CalendarIcon(), e.openCalendar)
	e.ActionItem = e.picker
	return e
}

// Date parses the text: empty is no date (the zero time, ok), text that
// is no date is not ok.
func (e *DateEntry) Date() (d time.Time, ok bool) {
	text := strings.TrimSpace(e.Text)
	if text == "" {
		return time.Time{}, true
	}
	d, err := time.Parse(time.DateOnly, text)
	return d, err == nil
}

// SetDate shows d and closes the calendar if it is open.
func (e *DateEntry) SetDate(d time.Time) {
	e.SetText(d.Format(time.DateOnly))
	if e.popUp != nil {
		e.popUp.Hide()
	}
}

// openCalendar shows a calendar under the entry, at the date typed or
// else today.
func (e *DateEntry) openCalendar() {
	start, ok := e.Date()
	if !ok || start.IsZero() {
		start = time.Now()
	}
	drv := fyne.CurrentApp().Driver()
	c := drv.CanvasForObject(e)
	if c == nil {
		return
	}
	e.popUp = widget.NewPopUp(widget.NewCalendar(start, e.SetDate), c)
	e.popUp.ShowAtPosition(drv.AbsolutePositionForObject(e).Add(fyne.NewPos(0, e.Size().Height)))
	e.popUp.Resize(fyne.NewSize(e.Size().Width, e.popUp.MinSize().Height))
}

// Enable enables the text and the calendar button.
func (e *DateEntry) Enable() {
	e.picker.Enable()
	e.Entry.Enable()
}

// Disable disables the text and the calendar button.
func (e *DateEntry) Disable() {
	e.picker.Disable()
	e.Entry.Disable()
}
