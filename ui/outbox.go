package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// outboxDialog lists the mail that waits (queued, or not confirmed after a
// stop) and sends it: Send now tries every queued message at once, backoff
// or not; Send again queues one that was not confirmed, after the operator
// has made sure it did not arrive.
type outboxDialog struct {
	s     *session
	dlg   *dialog.CustomDialog
	rows  *fyne.Container
	note  *widget.Label
	send  *widget.Button
	mails []enroll.Mail
	asked *dialog.ConfirmDialog // the last Send again question
}

func (s *session) showOutbox() *outboxDialog {
	o := &outboxDialog{s: s, rows: container.NewVBox(), note: widget.NewLabel("")}
	o.note.Wrapping = fyne.TextWrapWord
	o.send = widget.NewButtonWithIcon(lang.L("Send now"), theme.MailSendIcon(), o.sendNow)
	o.send.Importance = widget.HighImportance
	body := container.NewBorder(nil, container.NewVBox(o.note, container.NewHBox(layout.NewSpacer(), o.send)), nil, nil,
		container.NewVScroll(o.rows))
	o.dlg = dialog.NewCustom(lang.L("Mail waiting"), lang.L("Close"), body, s.win)
	o.dlg.Resize(dialogs.Size(s.win, 720, 420))
	s.ShowDialog(o.dlg)
	o.reload()
	return o
}

// reload reads the waiting mail again.
func (o *outboxDialog) reload() {
	st, actor := o.s.d.st, o.s.actor
	ctx := o.s.jobs.Context()
	widgets.Go(o.s.jobs, func() ([]enroll.Mail, error) {
		// Only what waits: the sent mail of months is not read for it.
		uncertain, err := st.Outbox.List(ctx, actor, enroll.MailUncertain)
		if err != nil {
			return nil, err
		}
		queued, err := st.Outbox.List(ctx, actor, enroll.MailQueued)
		return append(uncertain, queued...), err
	}, o.show)
}

func (o *outboxDialog) show(ms []enroll.Mail, err error) {
	o.rows.RemoveAll()
	if err != nil {
		o.note.SetText(words.Explain(err))
		return
	}
	o.mails = ms
	queued := 0
	for _, m := range ms {
		o.rows.Add(o.row(m))
		if m.Status == enroll.MailQueued {
			queued++
		}
	}
	if len(ms) == 0 {
		o.rows.Add(widget.NewLabel(lang.L("No mail is waiting.")))
	}
	o.send.Disable()
	if queued > 0 {
		o.send.Enable()
	}
	o.rows.Refresh()
}

// row: who, what, and what happens next; a message that was not confirmed
// says why and offers Send again.
func (o *outboxDialog) row(m enroll.Mail) fyne.CanvasObject {
	title := widgets.NewTipLabel(m.To + " — " + m.Subject)
	title.TextStyle.Bold = true
	var state string
	var action fyne.CanvasObject
	switch m.Status {
	case enroll.MailUncertain:
		state = lang.L("Not confirmed: the mail server may have received it. Ask the recipient before sending it again.")
		action = widget.NewButton(lang.L("Send again"), func() { o.confirmResend(m) })
	default:
		state = lang.L("Queued")
		if !m.NextAttemptAt.IsZero() {
			state = lang.X("outbox.next", "Next try at {{.At}}", map[string]any{"At": m.NextAttemptAt.Local().Format("15:04:05")})
		}
		if p := words.MailProblem(m.LastError); p != "" {
			state += " — " + p
		}
	}
	detail := widget.NewLabel(state)
	detail.Wrapping = fyne.TextWrapWord
	detail.SizeName = theme.SizeNameCaptionText
	return container.NewBorder(nil, widget.NewSeparator(), nil, action, container.NewVBox(title, detail))
}

func (o *outboxDialog) confirmResend(m enroll.Mail) {
	text := lang.X("outbox.resend", "Send the mail to {{.To}} again? Do this only when you know it did not arrive: otherwise {{.To}} gets it twice.",
		map[string]any{"To": m.To})
	o.asked = dialogs.Confirm(o.s, lang.L("Send again"), text, lang.L("Send again"), func() {
		o.run(func(ctx context.Context) (enroll.FlushResult, error) {
			if err := o.s.d.st.Outbox.Resend(ctx, o.s.actor, m.ID); err != nil {
				return enroll.FlushResult{}, err
			}
			return o.s.d.st.Outbox.SendNow(ctx, o.s.actor)
		})
	})
}

func (o *outboxDialog) sendNow() {
	o.run(func(ctx context.Context) (enroll.FlushResult, error) {
		return o.s.d.st.Outbox.SendNow(ctx, o.s.actor)
	})
}

// run sends in the background and says what came of it.
func (o *outboxDialog) run(send func(context.Context) (enroll.FlushResult, error)) {
	o.send.Disable()
	o.note.SetText(lang.L("Sending…"))
	ctx := o.s.jobs.Context()
	widgets.Go(o.s.jobs, func() (enroll.FlushResult, error) { return send(ctx) }, func(res enroll.FlushResult, err error) {
		o.note.SetText(flushSummary(res, err))
		o.s.mail.refresh()
		o.reload()
	})
}

// flushSummary says what a send did, in the operator's words.
func flushSummary(res enroll.FlushResult, err error) string {
	if err != nil {
		return words.ExplainMail(err)
	}
	text := lang.X("outbox.result", "{{.Sent}} sent, {{.Failed}} not delivered", map[string]any{"Sent": res.Sent, "Failed": res.Failed})
	if res.Uncertain > 0 {
		text += " — " + lang.X("outbox.uncertain", "{{.N}} not confirmed", map[string]any{"N": res.Uncertain})
	}
	if res.LastErr != "" {
		text += ": " + words.MailProblem(res.LastErr)
	}
	return text
}
