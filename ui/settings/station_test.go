package settings

import (
	"context"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// The station tab shows words and real controls, never a raw key or a
// text box holding "false".
func TestStationSettingsAreControlsWithWords(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	h, s, _ := openSettings(t, st, admin, tabStation)
	texts := uitest.Texts(s.station.box)
	for _, raw := range []string{"readers.", "usecase.", "production.", "station.name", "false", "true"} {
		if strings.Contains(texts, raw) {
			t.Errorf("the station tab shows %q:\n%s", raw, texts)
		}
	}
	for _, want := range []string{"Simulated card reader", "USB readers without a smart-card service", "Card readers"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the station tab lacks %q", want)
		}
	}
	for _, key := range []string{"readers.simulated.enabled", "readers.ccid.enabled"} {
		if _, ok := s.station.inputs[key].(*toggleInput); !ok {
			t.Errorf("%s is a %T, not an on/off switch", key, s.station.inputs[key])
		}
	}
	// Card production and its use cases have a tab of their own.
	for key := range s.station.inputs {
		if isProductionKey(key) || isMailKey(key) {
			t.Errorf("the station tab shows %s", key)
		}
	}
	// Switching the simulated reader on stores "true".
	in := s.station.inputs["readers.simulated.enabled"].(*toggleInput)
	in.check.SetChecked(true)
	s.station.saveChanges()
	h.Wait()
	got, err := st.Settings.Get(context.Background(), admin, "readers.simulated.enabled")
	if err != nil || got.Value != "true" {
		t.Fatalf("stored %q, %v", got.Value, err)
	}
	if m := h.LastMessage(); m != "Setting saved" {
		t.Errorf("message %q", m)
	}
}

// The value in force shows where it differs from the stored one; where
// only one value can be in force (the demo's simulated reader, CCID on a
// build without direct USB), the box shows it, fixed, and says why.
func TestStationSettingsSayWhatIsInForce(t *testing.T) {
	const sim, ccid = "readers.simulated.enabled", "readers.ccid.enabled"
	noUSB := "On this system, card readers are used through the system's smart-card service (WinSCard) and badge printers " +
		"through the Windows print spooler. CardDesk does not access USB devices directly, so the option for USB readers " +
		"without a smart-card service is not available here."
	cases := []struct {
		name    string
		key     string
		force   enroll.ReadersInForce
		stored  string
		want    string // the note
		checked bool
		fixed   bool // the box cannot be changed
	}{
		{"demo", sim, enroll.ReadersInForce{Demo: true, ReaderOptions: enroll.ReaderOptions{Simulated: true}}, "false",
			"Always on in the demo.", true, true},
		{"switched off, still running", sim, enroll.ReadersInForce{ReaderOptions: enroll.ReaderOptions{Simulated: true}}, "false",
			"On now; off once CardDesk starts again.", false, false},
		{"switched on, not yet running", sim, enroll.ReadersInForce{}, "true", "Off now; on once CardDesk starts again.", true, false},
		{"as stored", sim, enroll.ReadersInForce{}, "false", "", false, false},
		{"CCID as stored", ccid, enroll.ReadersInForce{ReaderOptions: enroll.ReaderOptions{CCID: true}}, "true", "", true, false},
		{"CCID switched on, not yet running", ccid, enroll.ReadersInForce{}, "true", "Off now; on once CardDesk starts again.", true, false},
		{"CCID without direct USB", ccid, enroll.ReadersInForce{NoDirectUSB: true}, "false", noUSB, false, true},
		{"CCID switched on without direct USB", ccid, enroll.ReadersInForce{NoDirectUSB: true}, "true", noUSB, false, true},
		{"the simulated reader without direct USB", sim, enroll.ReadersInForce{NoDirectUSB: true}, "false", "", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, _ := uitest.Station(t)
			admin := uitest.SetupAdmin(t, st)
			if err := st.Settings.Set(context.Background(), admin, c.key, c.stored); err != nil {
				t.Fatal(err)
			}
			h := uitest.NewHost(t, st, admin)
			h.Hub = enroll.NewReaderHub(st.Devices, nil, nil)
			h.Hub.SetInForce(c.force)
			s := New(h)
			h.Show(s)
			s.Shown()
			h.Wait()
			s.tabs.SelectIndex(tabStation)
			h.Wait()
			in := s.station.inputs[c.key].(*toggleInput)
			note := in.note.String()
			if !in.note.Visible() {
				note = ""
			}
			if note != c.want {
				t.Errorf("note %q, want %q", note, c.want)
			}
			if in.check.Checked != c.checked || in.check.Disabled() != c.fixed {
				t.Errorf("the box is checked %v, disabled %v; want checked %v, disabled %v",
					in.check.Checked, in.check.Disabled(), c.checked, c.fixed)
			}
			if _, changed := in.edited(); changed {
				t.Error("the box counts as an edit before any")
			}
		})
	}
}

// The encryption choice names its options in words and stores the value.
func TestMailEncryptionIsAChoiceInWords(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	h, s, _ := openSettings(t, st, admin, tabMail)
	in := s.mail.form.inputs["smtp.tls"].(*choiceInput)
	if got := in.sel.Selected; got != "STARTTLS (usually port 587)" {
		t.Errorf("default shown as %q", got)
	}
	in.sel.SetSelected("No encryption")
	if v, ok := in.edited(); !ok || v != "none" {
		t.Errorf("edited = %q, %v", v, ok)
	}
	s.mail.form.saveChanges()
	h.Wait()
	got, err := st.Settings.Get(context.Background(), admin, "smtp.tls")
	if err != nil || got.Value != "none" {
		t.Errorf("stored %q, %v", got.Value, err)
	}
}
