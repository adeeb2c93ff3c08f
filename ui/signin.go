package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// The demo database's operator (see cmd/carddesk --demo).
const demoUser, demoPassword = "demo", "demo"

// signInScreen asks for user name and password. Checking a password costs
// argon2 time, so it runs off the UI goroutine behind a busy indicator.
type signInScreen struct {
	d        *Desk
	fields   *fieldSet
	name     *textEntry
	password *textEntry
	submit   *widget.Button
	busy     *busyRow
	working  bool
}

// showSignIn opens the sign-in window; message (if any) explains a problem.
func (d *Desk) showSignIn(message string) {
	ew := d.newEntryWindow(lang.L("CardDesk — Sign in"))
	s := &signInScreen{d: d, fields: newFieldSet(), name: newTextEntry(), password: newPasswordEntry(), busy: newBusyRow()}
	ew.signIn = s
	s.name.SetPlaceHolder(lang.L("Your user name"))
	s.fields.add("name", lang.L("User name"), s.name)
	s.fields.add("password", lang.L("Password"), s.password)
	s.fields.onSubmit(s.signIn)
	s.submit = widget.NewButtonWithIcon(lang.L("Sign in"), theme.LoginIcon(), s.signIn)
	s.submit.Importance = widget.HighImportance

	objs := []fyne.CanvasObject{brand(d.stationTitle())}
	if d.cfg.Demo {
		objs = append(objs, demoNote())
		s.name.SetText(demoUser)
		s.password.SetText(demoPassword)
	}
	objs = append(objs, s.fields.form(), s.busy.box, s.submit)
	if v := d.cfg.Version; v != "" {
		objs = append(objs, container.NewCenter(hint(versionText(v))))
	}
	ew.win.SetContent(centred(objs...))
	ew.win.Resize(fyne.NewSize(520, 460))
	ew.win.CenterOnScreen()
	d.entry = ew
	ew.win.Show()
	s.fields.setGeneral(message)
	s.focusFirstEmpty(ew.win)
}

func demoNote() fyne.CanvasObject {
	l := widget.NewLabel(lang.L("Demo mode: a throwaway database with sample data. Sign in as demo with the password demo."))
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.WarningImportance
	return l
}

func (s *signInScreen) focusFirstEmpty(win fyne.Window) {
	if s.name.Text == "" {
		win.Canvas().Focus(s.name)
		return
	}
	win.Canvas().Focus(s.password)
}

func (s *signInScreen) signIn() {
	if s.working {
		return
	}
	s.fields.clear()
	switch {
	case s.name.Text == "":
		s.fields.set("name", lang.L("Enter your user name."))
		return
	case s.password.Text == "":
		s.fields.set("password", lang.L("Enter your password."))
		return
	}
	s.setWorking(true)
	name, password := s.name.Text, s.password.Text
	background(s.d.run, func() (enroll.Actor, error) {
		return s.d.st.Operators.SignIn(s.d.ctx, name, password)
	}, s.finish)
}

func (s *signInScreen) finish(actor enroll.Actor, err error) {
	s.setWorking(false)
	if err != nil {
		s.fields.setGeneral(explain(err))
		s.password.SetText("")
		if s.d.entry != nil {
			s.d.entry.win.Canvas().Focus(s.password)
		}
		return
	}
	s.d.signedIn(actor)
}

func (s *signInScreen) setWorking(on bool) {
	s.working = on
	s.fields.setEnabled(!on)
	if on {
		s.submit.Disable()
		s.busy.start(lang.L("Checking your password…"))
		return
	}
	s.submit.Enable()
	s.busy.stop()
}
