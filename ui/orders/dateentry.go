package orders

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/ui/widgets"
)

// dateEntry takes a date as YYYY-MM-DD, typed or picked from a calendar,
// as the cardholder dialogs do (widget.DateEntry parses the locale's
// format; the desk speaks ISO dates).
type dateEntry struct {
	widgets.Entry
	picker *widgets.NoFocusButton // clicks only: Tab goes on to the next field
	popUp  *widget.PopUp
}

func newDateEntry() *dateEntry {
	e := &dateEntry{}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = lang.L("YYYY-MM-DD")
	e.picker = widgets.NewNoFocusButton(theme.CalendarIcon(), e.openCalendar)
	e.ActionItem = e.picker
	return e
}

// date parses the text: empty is no date (ok), text that is no date is
// not ok.
func (e *dateEntry) date() (d time.Time, ok bool) {
	text := strings.TrimSpace(e.Text)
	if text == "" {
		return time.Time{}, true
	}
	d, err := time.Parse(time.DateOnly, text)
	return d, err == nil
}

func (e *dateEntry) setDate(d time.Time) {
	e.SetText(d.Format(time.DateOnly))
	if e.popUp != nil {
		e.popUp.Hide()
	}
}

func (e *dateEntry) openCalendar() {
	start, ok := e.date()
	if !ok || start.IsZero() {
		start = time.Now()
	}
	drv := fyne.CurrentApp().Driver()
	c := drv.CanvasForObject(e)
	if c == nil {
		return
	}
	e.popUp = widget.NewPopUp(widget.NewCalendar(start, e.setDate), c)
	e.popUp.ShowAtPosition(drv.AbsolutePositionForObject(e).Add(fyne.NewPos(0, e.Size().Height)))
	e.popUp.Resize(fyne.NewSize(e.Size().Width, e.popUp.MinSize().Height))
}

func (e *dateEntry) Enable() {
	e.picker.Enable()
	e.Entry.Enable()
}

func (e *dateEntry) Disable() {
	e.picker.Disable()
	e.Entry.Disable()
}
