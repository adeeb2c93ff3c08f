package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// mailTab is the mail server (the smtp.* settings) with a test mail, so an
// administrator sees at once whether requesters' mail can leave.
type mailTab struct {
	s      *session
	form   *settingsForm
	to     *textEntry
	send   *widget.Button
	result *widget.Label
}

func newMailTab(s *session) *mailTab {
	m := &mailTab{s: s, to: newTextEntry(), result: widget.NewLabel("")}
	m.to.SetPlaceHolder(lang.L("name@example.com"))
	m.to.SetText(s.actor.Email)
	m.to.OnSubmitted = func(string) { m.sendTest() }
	m.send = widget.NewButtonWithIcon(lang.L("Send test mail"), theme.MailSendIcon(), m.sendTest)
	m.result.Wrapping = fyne.TextWrapWord
	m.result.Hide()
	help := hint(lang.L("Unsaved changes are saved first; the test uses the saved settings."))
	test := container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("Test mail"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("Send to")), m.send, m.to), help, m.result)
	m.form = newSettingsForm(s, isMailKey, test)
	return m
}

func (m *mailTab) reload() { m.form.reload() }

// sendTest saves what was edited, then sends one message straight away
// and says what the mail server answered.
func (m *mailTab) sendTest() {
	to := m.to.Text
	m.form.saveThen(func(ok bool) {
		if !ok {
			m.say(lang.L("Correct the marked settings first."), widget.DangerImportance)
			return
		}
		m.send.Disable()
		m.say(lang.L("Sending…"), widget.MediumImportance)
		background(m.s.d.run, func() (struct{}, error) {
			return struct{}{}, m.s.d.st.Outbox.SendTest(m.s.d.ctx, m.s.actor, to)
		}, func(_ struct{}, err error) {
			m.send.Enable()
			if err != nil {
				m.say(explain(err), widget.DangerImportance)
				return
			}
			m.say(lang.X("mail.testsent", "Test mail sent to {{.To}}. Check that it arrived.", map[string]any{"To": to}), widget.SuccessImportance)
		})
	})
}

func (m *mailTab) say(text string, imp widget.Importance) {
	m.result.Importance = imp
	m.result.SetText(text)
	m.result.Show()
}
