package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// The first-run screen says the station's minimum in the password field,
// and a password one character short is refused there, naming it.
func TestSetupPasswordFieldSaysTheMinimum(t *testing.T) {
	st, path := newTestStation(t)
	d := newTestDesk(t, st, path)
	d.Show()
	if d.entry == nil || d.entry.setup == nil {
		t.Fatal("no create-administrator screen")
	}
	s := d.entry.setup
	if got := st.Operators.MinPasswordLength(); got != 12 {
		t.Fatalf("the test station's minimum is %d; the test expects 12", got)
	}
	if got, want := s.pass.PlaceHolder, "At least 12 characters"; got != want {
		t.Errorf("password placeholder %q, want %q", got, want)
	}
	tests := []struct {
		password string
		wantMsg  bool
	}{
		{"elevenchars", true},
		{"twelve chars", false},
	}
	for _, tc := range tests {
		s.name.SetText("admin")
		s.pass.SetText(tc.password)
		s.repeat.SetText(tc.password)
		test.Tap(s.submit)
		d.wait()
		if tc.wantMsg {
			if got := s.fields.Field("password").Message(); !strings.Contains(got, "at least 12 characters") {
				t.Errorf("%q: message %q; want it to name the minimum", tc.password, got)
			}
			continue
		}
		if d.session == nil {
			t.Errorf("%q: not signed in; message %q", tc.password, s.fields.Field("password").Message())
		}
	}
}
