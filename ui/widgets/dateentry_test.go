package widgets

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// The desk speaks ISO dates: empty is no date, anything else must be
// YYYY-MM-DD.
func TestDateEntryReadsISODates(t *testing.T) {
	test.NewTempApp(t)
	e := NewDateEntry()
	for _, c := range []struct {
		text string
		want time.Time
		ok   bool
	}{
		{"", time.Time{}, true},
		{"  ", time.Time{}, true},
		{"2030-01-31", time.Date(2030, 1, 31, 0, 0, 0, 0, time.UTC), true},
		{" 2030-01-31 ", time.Date(2030, 1, 31, 0, 0, 0, 0, time.UTC), true},
		{"31-01-2030", time.Time{}, false},
		{"01/31/2030", time.Time{}, false},
	} {
		e.SetText(c.text)
		got, ok := e.Date()
		if ok != c.ok || (ok && !got.Equal(c.want)) {
			t.Errorf("%q: %v %v, want %v %v", c.text, got, ok, c.want, c.ok)
		}
	}
	e.SetDate(time.Date(2031, 12, 1, 0, 0, 0, 0, time.UTC))
	if e.Text != "2031-12-01" {
		t.Errorf("SetDate shows %q", e.Text)
	}
}

// Disabling the entry disables its calendar button too.
func TestDateEntryDisablesItsCalendar(t *testing.T) {
	test.NewTempApp(t)
	e := NewDateEntry()
	e.Disable()
	if !e.Disabled() || !e.picker.Disabled() {
		t.Errorf("disabled: entry %v, calendar %v", e.Disabled(), e.picker.Disabled())
	}
	e.Enable()
	if e.Disabled() || e.picker.Disabled() {
		t.Errorf("enabled: entry %v, calendar %v", e.Disabled(), e.picker.Disabled())
	}
}
