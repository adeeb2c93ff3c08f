package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// setupScreen creates the first administrator on a station without operators,
// then signs in as that administrator.
type setupScreen struct {
	d       *Desk
	fields  *fieldSet
	name    *textEntry
	email   *textEntry
	pass    *textEntry
	repeat  *textEntry
	submit  *widget.Button
	busy    *busyRow
	working bool
}

func (d *Desk) showSetup() {
	ew := d.newEntryWindow(lang.L("CardDesk — Create administrator"))
	s := &setupScreen{d: d, fields: newFieldSet(), name: newTextEntry(), email: newTextEntry(),
		pass: newPasswordEntry(), repeat: newPasswordEntry(), busy: newBusyRow()}
	ew.setup = s
	s.name.SetPlaceHolder(lang.L("e.g. j.jansen"))
	s.email.SetPlaceHolder(lang.L("optional"))
	s.fields.add("name", lang.L("User name"), s.name)
	s.fields.add("email", lang.L("E-mail"), s.email)
	s.fields.add("password", lang.L("Password"), s.pass)
	s.fields.add("repeat", lang.L("Repeat password"), s.repeat)
	s.fields.onSubmit(s.create)
	s.submit = widget.NewButtonWithIcon(lang.L("Create administrator"), theme.ConfirmIcon(), s.create)
	s.submit.Importance = widget.HighImportance

	intro := widget.NewLabel(lang.L("This station has no operators yet. Create the first administrator account; you can add other operators later under Settings."))
	intro.Wrapping = fyne.TextWrapWord
	ew.win.SetContent(centred(brand(lang.L("Create administrator")), intro, s.fields.form(), s.busy.box, s.submit))
	ew.win.Resize(fyne.NewSize(560, 600))
	ew.win.CenterOnScreen()
	d.entry = ew
	ew.win.Show()
	ew.win.Canvas().Focus(s.name)
}

func (s *setupScreen) create() {
	if s.working {
		return
	}
	s.fields.clear()
	if s.pass.Text != s.repeat.Text {
		s.fields.set("repeat", lang.L("The passwords do not match."))
		return
	}
	s.setWorking(true)
	name, email, password := s.name.Text, s.email.Text, s.pass.Text
	background(s.d.run, func() (enroll.Actor, error) {
		return s.d.st.Operators.Setup(s.d.ctx, name, email, password)
	}, func(actor enroll.Actor, err error) {
		s.setWorking(false)
		if errors.Is(err, enroll.ErrSetupDone) { // created meanwhile, e.g. with carddesk setup
			s.d.entry.win.Close()
			s.d.showSignIn(explain(err))
			return
		}
		if err != nil {
			s.fields.show(err)
			return
		}
		s.d.signedIn(actor)
	})
}

func (s *setupScreen) setWorking(on bool) {
	s.working = on
	s.fields.setEnabled(!on)
	if on {
		s.submit.Disable()
		s.busy.start(lang.L("Creating the administrator…"))
		return
	}
	s.submit.Enable()
	s.busy.stop()
}
