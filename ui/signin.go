package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// The demo database's operator (see cmd/carddesk --demo).
const demoUser, demoPassword = "demo", "demo"

// signInScreen asks for user name and password. Checking a password costs
// argon2 time, so it runs off the UI goroutine behind a busy indicator.
type signInScreen struct {
	d        *Desk
	ew       *entryWindow
	fields   *widgets.FieldSet
	name     *widgets.Entry
	password *widgets.Entry
	submit   *widget.Button
	busy     *widgets.BusyRow
	working  bool
}

// showSignIn opens the sign-in window; message (if any) explains a problem.
func (d *Desk) showSignIn(message string) {
	ew := d.newEntryWindow(lang.L("CardDesk — Sign in"))
	s := &signInScreen{d: d, ew: ew, fields: widgets.NewFieldSet(), name: widgets.NewEntry(), password: widgets.NewPasswordEntry(), busy: widgets.NewBusyRow()}
	ew.signIn = s
	s.name.SetPlaceHolder(lang.L("Your user name"))
	s.fields.Add("name", lang.L("User name"), s.name)
	s.fields.Add("password", lang.L("Password"), s.password)
	s.fields.OnSubmit(s.signIn)
	s.submit = widget.NewButtonWithIcon(lang.L("Sign in"), theme.LoginIcon(), s.signIn)
	s.submit.Importance = widget.HighImportance

	objs := []fyne.CanvasObject{brand(d.stationTitle())}
	if d.cfg.Demo {
		objs = append(objs, demoNote())
		s.name.SetText(demoUser)
		s.password.SetText(demoPassword)
	}
	objs = append(objs, s.fields.Form(), s.busy, s.submit)
	if v := d.cfg.Version; v != "" {
		objs = append(objs, container.NewCenter(widgets.Hint(versionText(v))))
	}
	ew.win.SetContent(centred(objs...))
	ew.win.Resize(fyne.NewSize(520, 460))
	ew.win.CenterOnScreen()
	d.entry = ew
	d.showWindow()
	s.fields.SetGeneral(message)
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
	if !credentialsGiven(s.fields, s.name.Text, s.password.Text) {
		return
	}
	s.setWorking(true)
	name, password := s.name.Text, s.password.Text
	ctx := s.ew.jobs.Context()
	widgets.Go(s.ew.jobs, func() (enroll.Actor, error) {
		return s.d.st.Operators.SignIn(ctx, name, password)
	}, s.finish)
}

// credentialsGiven clears fields and says at the field what is missing.
func credentialsGiven(fields *widgets.FieldSet, name, password string) bool {
	fields.Clear()
	switch {
	case name == "":
		fields.Set("name", lang.L("Enter your user name."))
		return false
	case password == "":
		fields.Set("password", lang.L("Enter your password."))
		return false
	}
	return true
}

func (s *signInScreen) finish(actor enroll.Actor, err error) {
	s.setWorking(false)
	if err != nil {
		s.fields.SetGeneral(words.Explain(err))
		s.password.SetText("")
		s.ew.win.Canvas().Focus(s.password)
		return
	}
	s.d.signedIn(actor)
}

func (s *signInScreen) setWorking(on bool) {
	s.working = on
	s.fields.SetEnabled(!on)
	if on {
		s.submit.Disable()
		s.busy.Start(lang.L("Checking your password…"))
		return
	}
	s.submit.Enable()
	s.busy.Stop()
}
