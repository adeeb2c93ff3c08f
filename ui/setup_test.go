package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/enroll"
)

func TestFirstRunCreatesAdministratorAndOpensMainWindow(t *testing.T) {
	st, path := newTestStation(t)
	d := newTestDesk(t, st, path)
	d.Show()
	if d.entry == nil || d.entry.setup == nil {
		t.Fatal("a station without operators must open the create-administrator screen")
	}
	s := d.entry.setup

	// Invalid input: the station's messages appear at their fields.
	test.Type(s.name, "has spaces")
	test.Type(s.email, "not-an-address")
	test.Type(s.pass, "short")
	test.Type(s.repeat, "short")
	test.Tap(s.submit)
	d.wait()
	for _, key := range []string{"name", "email", "password"} {
		if msg := s.fields.Field(key).Message(); msg == "" {
			t.Errorf("no message at field %q", key)
		}
	}
	if d.session != nil {
		t.Fatal("invalid input must not sign in")
	}

	// A repeat that differs is caught in the UI, before the station is asked.
	s.name.SetText("admin")
	s.email.SetText("admin@example.com")
	s.pass.SetText(adminPassword)
	s.repeat.SetText(adminPassword + "x")
	test.Tap(s.submit)
	d.wait()
	if got := s.fields.Field("repeat").Message(); got != "The passwords do not match." {
		t.Errorf("repeat message = %q", got)
	}
	if s.fields.Field("name").Message() != "" {
		t.Errorf("old message kept at name: %q", s.fields.Field("name").Message())
	}
	if needs, _ := st.Operators.NeedsSetup(context.Background()); !needs {
		t.Fatal("a mismatched repeat must not create the administrator")
	}

	// Valid input, submitted with Enter: signs in as the new administrator.
	s.repeat.SetText(adminPassword)
	s.repeat.TypedKey(enterKey())
	d.wait()
	if d.session == nil {
		t.Fatal("main window not shown after creating the administrator")
	}
	if d.entry != nil {
		t.Error("setup window still open")
	}
	if a := d.session.actor; a.Name != "admin" || a.Role != enroll.RoleAdmin {
		t.Errorf("signed in as %+v", a)
	}
	if title := d.session.win.Title(); !strings.HasPrefix(title, "CardDesk — ") {
		t.Errorf("window title %q", title)
	}
}
