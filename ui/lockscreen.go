package ui

import (
	"errors"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// lockIcon is a padlock (Material Design "lock", Apache 2.0, as Fyne's
// own icons); Fyne's theme has none.
var lockIcon = theme.NewThemedResource(fyne.NewStaticResource("lock.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">`+
	`<path d="M18 8h-1V6c0-2.76-2.24-5-5-5S7 3.24 7 6v2H6c-1.1 0-2 .9-2 2v10c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V10c0-1.1-.9-2-2-2zm-6 9c-1.1 `+
	`0-2-.9-2-2s.9-2 2-2 2 .9 2 2-.9 2-2 2zm3.1-9H8.9V6c0-1.71 1.39-3.1 3.1-3.1 1.71 0 3.1 1.39 3.1 3.1v2z"/></svg>`)))

// lockScreen covers the whole main window, its menu bar and its dialogs
// while the desk is locked. It is opaque: nothing of the cardholders
// behind it shows. The pending count stays live on it.
type lockScreen struct {
	l        *deskLock
	box      fyne.CanvasObject
	bg       *canvas.Rectangle
	station  *widget.Label
	pending  *widget.Label
	fields   *widgets.FieldSet // the operator's own password
	password *widgets.Entry
	unlock   *widget.Button
	// Another operator signs in instead.
	other         *fyne.Container // hidden until asked for
	showOther     *widget.Button
	otherFields   *widgets.FieldSet
	otherName     *widgets.Entry
	otherPassword *widgets.Entry
	switchTo      *widget.Button
	busy          *widgets.BusyRow
	working       bool
}

func newLockScreen(l *deskLock) *lockScreen {
	ls := &lockScreen{l: l, station: widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{}),
		pending: widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		fields:  widgets.NewFieldSet(), password: widgets.NewPasswordEntry(), busy: widgets.NewBusyRow(),
		otherFields: widgets.NewFieldSet(), otherName: widgets.NewEntry(), otherPassword: widgets.NewPasswordEntry()}
	a := l.s.actor
	ls.fields.Add("password", lang.L("Password"), ls.password)
	ls.fields.OnSubmit(ls.tryUnlock)
	ls.unlock = widget.NewButtonWithIcon(lang.L("Unlock"), theme.LoginIcon(), ls.tryUnlock)
	ls.unlock.Importance = widget.HighImportance

	icon := widget.NewIcon(lockIcon)
	title := widgets.Heading(lang.L("This desk is locked"))
	title.Alignment = fyne.TextAlignCenter
	who := widget.NewLabelWithStyle(lang.X("lock.signed_in", "Signed in: {{.Name}} ({{.Role}})",
		map[string]any{"Name": a.Name, "Role": words.Role(a.Role)}), fyne.TextAlignCenter, fyne.TextStyle{})
	ask := widget.NewLabelWithStyle(lang.X("lock.ask", "{{.Name}}, enter your password to go on where you left off.",
		map[string]any{"Name": a.Name}), fyne.TextAlignCenter, fyne.TextStyle{})
	ask.Wrapping = fyne.TextWrapWord

	ls.showOther = widget.NewButtonWithIcon(lang.L("Sign in as another operator…"), theme.AccountIcon(), ls.openOther)
	ls.showOther.Importance = widget.LowImportance
	ls.buildOther()

	form := container.NewVBox(
		container.NewCenter(widgets.AtLeast(64, 64, icon)), ls.station, title, who, ls.pending,
		widget.NewSeparator(), ask, ls.fields.Form(), ls.unlock, ls.busy,
		widget.NewSeparator(), ls.showOther, ls.other)
	ls.bg = canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	ls.box = container.NewStack(ls.bg, newTapArea(ls.focusInput),
		container.NewVScroll(container.NewCenter(widgets.AtLeast(420, 0, form))))
	return ls
}

// tapArea takes the clicks that hit no input of the lock screen: Fyne
// takes the keyboard focus away on such a click, and the operator would
// type into nothing.
type tapArea struct {
	widget.BaseWidget
	tapped func()
}

func newTapArea(tapped func()) *tapArea {
	t := &tapArea{tapped: tapped}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tapArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

func (t *tapArea) Tapped(*fyne.PointEvent) { t.tapped() }

// focusInput puts the cursor where the operator types next.
func (ls *lockScreen) focusInput() {
	target := ls.password
	if ls.other.Visible() {
		target = ls.otherPassword
		if ls.otherName.Text == "" {
			target = ls.otherName
		}
	}
	ls.l.s.win.Canvas().Focus(target)
}

// buildOther is the sign-in of another operator, with what it costs the
// one signed in now.
func (ls *lockScreen) buildOther() {
	warn := widget.NewLabel(lang.X("lock.switch_warning",
		"Signing in ends {{.Name}}'s session. Dialogs open on this desk close, and anything typed in them and not saved is lost.",
		map[string]any{"Name": ls.l.s.actor.Name}))
	warn.Wrapping = fyne.TextWrapWord
	warn.Importance = widget.WarningImportance
	ls.otherName.SetPlaceHolder(lang.L("Your user name"))
	ls.otherFields.Add("name", lang.L("User name"), ls.otherName)
	ls.otherFields.Add("password", lang.L("Password"), ls.otherPassword)
	ls.otherFields.OnSubmit(ls.trySwitch)
	ls.switchTo = widget.NewButtonWithIcon(lang.L("Sign in"), theme.LoginIcon(), ls.trySwitch)
	ls.other = container.NewVBox(warn, ls.otherFields.Form(), ls.switchTo)
	ls.other.Hide()
}

// show covers the window with the lock, its fields empty.
func (ls *lockScreen) show() {
	ls.station.SetText(ls.l.s.d.stationTitle())
	ls.setPending(ls.l.s.count)
	ls.fields.Clear()
	ls.otherFields.Clear()
	ls.password.SetText("")
	ls.otherName.SetText("")
	ls.otherPassword.SetText("")
	ls.other.Hide()
	ls.showOther.Show()
	ls.setWorking(false)
	ls.bg.FillColor = theme.Color(theme.ColorNameBackground) // the theme may have changed since
	c := ls.l.s.win.Canvas()
	lockCanvas(c, ls.box)
	c.Focus(ls.password)
}

func (ls *lockScreen) hide() {
	ls.password.SetText("")
	ls.otherPassword.SetText("")
	ls.l.s.win.Canvas().Overlays().Remove(ls.box)
}

func (ls *lockScreen) setPending(n int) {
	if n < 0 {
		ls.pending.SetText("")
		return
	}
	ls.pending.SetText(lang.X("tray.pending", "Card requests: {{.N}} pending", map[string]any{"N": n}))
}

func (ls *lockScreen) openOther() {
	ls.showOther.Hide()
	ls.other.Show()
	ls.focusInput()
}

// tryUnlock checks the signed-in operator's password through the station,
// which counts a wrong one towards the lockout.
func (ls *lockScreen) tryUnlock() {
	if ls.working {
		return
	}
	ls.fields.Clear()
	if ls.password.Text == "" {
		ls.fields.Set("password", lang.L("Enter your password."))
		return
	}
	s, password := ls.l.s, ls.password.Text
	ctx := s.jobs.Context()
	ls.setWorking(true)
	widgets.Go(s.jobs, func() (struct{}, error) {
		return struct{}{}, s.d.st.Operators.UnlockDesk(ctx, s.actor, password)
	}, func(_ struct{}, err error) {
		ls.setWorking(false)
		if err != nil {
			ls.refused(ls.fields, ls.password, err)
			return
		}
		ls.l.unlocked()
	})
}

// trySwitch signs another operator in; the operator's own name unlocks.
func (ls *lockScreen) trySwitch() {
	if ls.working {
		return
	}
	if !credentialsGiven(ls.otherFields, ls.otherName.Text, ls.otherPassword.Text) {
		return
	}
	s, name, password := ls.l.s, ls.otherName.Text, ls.otherPassword.Text
	ctx := s.jobs.Context()
	ls.setWorking(true)
	widgets.Go(s.jobs, func() (enroll.Actor, error) {
		return s.d.st.Operators.SwitchDesk(ctx, s.actor, name, password)
	}, func(a enroll.Actor, err error) {
		ls.setWorking(false)
		switch {
		case err != nil:
			ls.refused(ls.otherFields, ls.otherPassword, err)
		case a.ID == s.actor.ID:
			ls.l.unlocked()
		default:
			s.d.switchTo(a)
		}
	})
}

// refused says why a password was not taken and clears it for the next try.
func (ls *lockScreen) refused(fs *widgets.FieldSet, password *widgets.Entry, err error) {
	msg := words.Explain(err)
	if errors.Is(err, enroll.ErrSignIn) && fs == ls.fields {
		msg = lang.L("Wrong password.")
	}
	fs.SetGeneral(msg)
	password.SetText("")
	ls.l.s.win.Canvas().Focus(password)
}

func (ls *lockScreen) setWorking(on bool) {
	ls.working = on
	ls.fields.SetEnabled(!on)
	ls.otherFields.SetEnabled(!on)
	widgets.SetEnabled(ls.unlock, !on)
	widgets.SetEnabled(ls.switchTo, !on)
	if on {
		ls.busy.Start(lang.L("Checking your password…"))
		return
	}
	ls.busy.Stop()
}
