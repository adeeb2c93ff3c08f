package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// setupScreen creates the first administrator on a station without operators,
// then signs in as that administrator.
type setupScreen struct {
	d       *Desk
	ew      *entryWindow
	fields  *widgets.FieldSet
	name    *widgets.Entry
	email   *widgets.Entry
	pass    *widgets.Entry
	repeat  *widgets.Entry
	submit  *widget.Button
	busy    *widgets.BusyRow
	working bool
}

func (d *Desk) showSetup() {
	ew := d.newEntryWindow(lang.L("CardDesk — Create administrator"))
	s := &setupScreen{d: d, ew: ew, fields: widgets.NewFieldSet(), name: widgets.NewEntry(), email: widgets.NewEntry(),
		pass: widgets.NewPasswordEntry(), repeat: widgets.NewPasswordEntry(), busy: widgets.NewBusyRow()}
	ew.setup = s
	s.name.SetPlaceHolder(lang.L("e.g. j.jansen"))
	s.email.SetPlaceHolder(lang.L("optional"))
	s.pass.SetPlaceHolder(passwordHint(d.st.Operators.MinPasswordLength()))
	s.fields.Add("name", lang.L("User name"), s.name)
	s.fields.Add("email", lang.L("E-mail"), s.email)
	s.fields.Add("password", lang.L("Password"), s.pass)
	s.fields.Add("repeat", lang.L("Repeat password"), s.repeat)
	s.fields.OnSubmit(s.create)
	s.submit = widget.NewButtonWithIcon(lang.L("Create administrator"), theme.ConfirmIcon(), s.create)
	s.submit.Importance = widget.HighImportance

	intro := widget.NewLabel(lang.L("This station has no operators yet. Create the first administrator account; you can add other operators later under Settings."))
	intro.Wrapping = fyne.TextWrapWord
	ew.win.SetContent(centred(brand(lang.L("Create administrator")), intro, s.fields.Form(), s.busy, s.submit))
	ew.win.Resize(fyne.NewSize(560, 600))
	ew.win.CenterOnScreen()
	d.entry = ew
	d.showWindow()
	ew.win.Canvas().Focus(s.name)
}

func (s *setupScreen) create() {
	if s.working {
		return
	}
	s.fields.Clear()
	if s.pass.Text != s.repeat.Text {
		s.fields.Set("repeat", lang.L("The passwords do not match."))
		return
	}
	s.setWorking(true)
	name, email, password := s.name.Text, s.email.Text, s.pass.Text
	ctx := s.ew.jobs.Context()
	widgets.Go(s.ew.jobs, func() (enroll.Actor, error) {
		return s.d.st.Operators.Setup(ctx, name, email, password)
	}, func(actor enroll.Actor, err error) {
		s.setWorking(false)
		if errors.Is(err, enroll.ErrSetupDone) { // created meanwhile, e.g. with carddesk setup
			s.d.showSignIn(words.Explain(err))
			return
		}
		if err != nil {
			s.fields.Show(err)
			return
		}
		s.d.signedIn(actor)
	})
}

// passwordHint tells the station's minimum in a new-password field.
func passwordHint(minLen int) string {
	return lang.X("password.hint", "At least {{.Min}} characters", map[string]any{"Min": minLen})
}

func (s *setupScreen) setWorking(on bool) {
	s.working = on
	s.fields.SetEnabled(!on)
	if on {
		s.submit.Disable()
		s.busy.Start(lang.L("Creating the administrator…"))
		return
	}
	s.submit.Enable()
	s.busy.Stop()
}
