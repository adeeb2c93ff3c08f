package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func enterKey() *fyne.KeyEvent { return &fyne.KeyEvent{Name: fyne.KeyReturn} }

func TestSignInWrongPasswordThenSuccess(t *testing.T) {
	st, path := newTestStation(t)
	setupAdmin(t, st)
	d := newTestDesk(t, st, path)
	d.Show()
	if d.entry == nil || d.entry.signIn == nil {
		t.Fatal("a station with operators must open the sign-in screen")
	}
	s := d.entry.signIn

	test.Type(s.name, "admin")
	test.Type(s.password, "wrong password")
	s.password.TypedKey(enterKey()) // Enter submits
	d.wait()
	if got := s.fields.General.Text; got != "Wrong user name or password." {
		t.Errorf("message = %q", got)
	}
	if s.password.Text != "" {
		t.Error("the wrong password stays in the field")
	}
	if d.session != nil {
		t.Fatal("signed in with a wrong password")
	}
	if s.working || s.submit.Disabled() {
		t.Error("still busy after the answer")
	}

	test.Type(s.password, adminPassword)
	test.Tap(s.submit)
	d.wait()
	if d.session == nil {
		t.Fatal("main window not shown after a correct password")
	}
	if got := d.session.top.user.Text; !strings.Contains(got, "admin") || !strings.Contains(got, "Administrator") {
		t.Errorf("top bar shows %q", got)
	}
}

func TestSignInUnknownUserGetsTheSameMessage(t *testing.T) {
	st, path := newTestStation(t)
	setupAdmin(t, st)
	d := newTestDesk(t, st, path)
	d.Show()
	s := d.entry.signIn
	test.Type(s.name, "nobody")
	test.Type(s.password, "whatever1")
	test.Tap(s.submit)
	d.wait()
	if got := s.fields.General.Text; got != "Wrong user name or password." {
		t.Errorf("message = %q", got)
	}
}

func TestSignInEmptyFieldsAskAtTheField(t *testing.T) {
	st, path := newTestStation(t)
	setupAdmin(t, st)
	d := newTestDesk(t, st, path)
	d.Show()
	s := d.entry.signIn
	test.Tap(s.submit)
	if s.fields.Field("name").Message() == "" {
		t.Error("no message at the empty user name")
	}
	if s.working {
		t.Error("started checking with an empty form")
	}
}

func TestSignInLockedAccountShowsUntilWhen(t *testing.T) {
	st, path := newTestStation(t)
	setupAdmin(t, st)
	d := newTestDesk(t, st, path)
	d.Show()
	s := d.entry.signIn
	test.Type(s.name, "admin")
	for range 5 {
		s.password.SetText("wrong password")
		test.Tap(s.submit)
		d.wait()
	}
	got := s.fields.General.Text
	if !strings.Contains(got, "locked") || !strings.Contains(got, ":") {
		t.Errorf("after 5 failures the message is %q", got)
	}
	s.password.SetText(adminPassword)
	test.Tap(s.submit)
	d.wait()
	if d.session != nil {
		t.Error("a locked account signed in")
	}
}

func TestSignInDemoModePrefills(t *testing.T) {
	st, path := newTestStation(t)
	setupAdmin(t, st)
	d := newTestDesk(t, st, path)
	d.cfg.Demo = true
	d.Show()
	s := d.entry.signIn
	if s.name.Text != "demo" || s.password.Text != "demo" {
		t.Errorf("demo prefill = %q / %q", s.name.Text, s.password.Text)
	}
}

func TestSignOutReturnsToSignIn(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	d, s := signedInDesk(t, st, path, admin)
	test.Tap(s.top.signOut)
	d.wait()
	if d.session != nil || d.entry == nil || d.entry.signIn == nil {
		t.Fatal("sign out must end the session and show the sign-in screen")
	}
	if d.entry.signIn.password.Text != "" {
		t.Error("password prefilled after sign-out")
	}
}
