package settings

import (
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// The operator dialogs say the station's minimum in the password field,
// and a password one character short is refused at that field, naming it.
func TestOperatorPasswordFieldsSayTheMinimum(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	h, s, _ := openSettings(t, st, admin, tabOperators)
	tab := s.operators
	if got := st.Operators.MinPasswordLength(); got != 12 {
		t.Fatalf("the test station's minimum is %d; the test expects 12", got)
	}
	short := strings.Repeat("x", enroll.MinPasswordLength-1)

	tests := []struct {
		name string
		open func() *openForm
		pass int // index of the password entry; the repetition follows it
	}{
		{"add operator", func() *openForm {
			f := tab.add()
			f.fields.Entries()[0].SetText("piet")
			return f
		}, 2},
		{"reset password", func() *openForm {
			tab.list.Select(0)
			return tab.resetSelected()
		}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.open()
			if f == nil {
				t.Fatal("no dialog")
			}
			defer f.Dialog.Hide()
			es := f.fields.Entries()
			if got, want := es[tc.pass].PlaceHolder, "At least 12 characters"; got != want {
				t.Errorf("password placeholder %q, want %q", got, want)
			}
			es[tc.pass].SetText(short)
			es[tc.pass+1].SetText(short)
			submit(h, f)
			if got := f.fields.Field("password").Message(); !strings.Contains(got, "at least 12 characters") {
				t.Errorf("message at the password field %q; want it to name the minimum", got)
			}
		})
	}
}
