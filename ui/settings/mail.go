package settings

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// mailTab is the mail server (the smtp.* settings) with a test mail, so an
// administrator sees at once whether requesters' mail can leave.
type mailTab struct {
	h      screen.Host
	form   *settingsForm
	to     *widgets.Entry
	send   *widget.Button
	result *widget.Label
}

func newMailTab(h screen.Host, renamed func()) *mailTab {
	m := &mailTab{h: h, to: widgets.NewEntry(), result: newTestResult()}
	m.to.SetPlaceHolder(lang.L("name@example.com"))
	m.to.SetText(h.Actor().Email)
	m.to.OnSubmitted = func(string) { m.sendTest() }
	m.send = widget.NewButtonWithIcon(lang.L("Send test mail"), theme.MailSendIcon(), m.sendTest)
	test := container.NewVBox(widget.NewSeparator(), widgets.Bold(lang.L("Test mail")),
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("Send to")), m.send, m.to), testHelp(), m.result)
	m.form = newSettingsForm(h, isMailKey, test, renamed)
	return m
}

func (m *mailTab) reload() { m.form.reload() }

// sendTest saves what was edited, then sends one message straight away
// and says what the mail server answered.
func (m *mailTab) sendTest() {
	to := m.to.Text
	m.form.testSaved(m.result, func() {
		m.send.Disable()
		sayResult(m.result, lang.L("Sending…"), widget.MediumImportance)
		jobs, st, actor := m.h.Jobs(), m.h.Station(), m.h.Actor()
		widgets.Go(jobs, func() (struct{}, error) {
			return struct{}{}, st.Outbox.SendTest(jobs.Context(), actor, to)
		}, func(_ struct{}, err error) {
			m.send.Enable()
			if err != nil {
				sayResult(m.result, words.ExplainMail(err), widget.DangerImportance)
				return
			}
			sayResult(m.result, lang.X("mail.testsent", "Test mail sent to {{.To}}. Check that it arrived.", map[string]any{"To": to}), widget.SuccessImportance)
		})
	})
}
