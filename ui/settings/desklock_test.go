package settings

import (
	"context"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// The desk lock's idle time is on the Station tab in words, with what 0
// means; a value out of range is refused at its field.
func TestStationTabSetsTheDeskLock(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	h, s, _ := openSettings(t, st, admin, tabStation)
	texts := uitest.Texts(s.station.box)
	for _, want := range []string{"Lock the desk after (minutes)", "0: never by itself", "Ctrl+L"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the station tab lacks %q:\n%s", want, texts)
		}
	}
	in, ok := s.station.inputs[enroll.DeskLockKey].(*textInput)
	if !ok {
		t.Fatalf("%s is a %T", enroll.DeskLockKey, s.station.inputs[enroll.DeskLockKey])
	}
	if in.entry.Text != "10" {
		t.Errorf("default shown as %q", in.entry.Text)
	}
	uitest.TypeInto(in.entry, "2000")
	s.station.saveChanges()
	h.Wait()
	if msg := s.station.fields.Field(enroll.DeskLockKey).Message(); msg != `"2000" is not a number of minutes from 0 to 1440` {
		t.Errorf("message %q", msg)
	}
	uitest.TypeInto(in.entry, "5")
	s.station.saveChanges()
	h.Wait()
	if d, err := st.Settings.DeskLock(context.Background()); err != nil || d.Minutes() != 5 {
		t.Errorf("stored %v, %v", d, err)
	}
}
