package orders

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/widgets"
)

// orderActions are the buttons that act on the selected ordered cards,
// each shown while its use case is on and enabled when it applies, and a
// line that says what the selection allows.
type orderActions struct {
	s       *Screen
	box     fyne.CanvasObject
	abort   *widget.Button
	update  *widget.Button
	retry   *widget.Button
	receive *widget.Button
	init    *widget.Button
	hint    *widgets.TipLabel
}

func newOrderActions(s *Screen) *orderActions {
	a := &orderActions{s: s}
	a.abort = widget.NewButtonWithIcon(lang.L("Abort card order…"), theme.CancelIcon(), s.Abort)
	a.update = widget.NewButtonWithIcon(lang.L("Update status"), theme.DownloadIcon(), s.UpdateStatus)
	a.retry = widget.NewButtonWithIcon(lang.L("Retry"), theme.MediaReplayIcon(), s.Retry)
	a.receive = widget.NewButtonWithIcon(lang.L("Receive…"), theme.LoginIcon(), s.Receive)
	a.init = widget.NewButtonWithIcon(lang.L("Initialize"), theme.StorageIcon(), s.Initialize)
	a.box, a.hint = widgets.ActionBar(a.receive, a.init, a.retry, a.update, a.abort)
	a.showUseCases()
	a.refresh()
	return a
}

// showUseCases shows the buttons of the use cases that are on.
func (a *orderActions) showUseCases() {
	s := a.s
	for b, on := range map[*widget.Button]bool{
		a.abort:   s.on(enroll.UseAbortCardOrder),
		a.update:  s.on(enroll.UseUpdateCardOrder),
		a.retry:   s.on(enroll.UseOrderCard),
		a.receive: s.on(enroll.UseOrderCard),
		a.init:    s.on(enroll.UseTemporaryCards),
	} {
		if on {
			b.Show()
		} else {
			b.Hide()
		}
	}
	a.refresh()
}

// applies says which actions the selection allows.
type applies struct{ abort, update, retry, receive, init bool }

func appliesTo(sel []orderRow) applies {
	var ap applies
	if len(sel) == 0 {
		return ap
	}
	ap = applies{abort: true, retry: true, init: true}
	for _, r := range sel {
		ap.abort = ap.abort && r.Status == enroll.OrderProcessing
		ap.retry = ap.retry && r.Kind == enroll.KindPersonal && r.Status == enroll.OrderFailed && !r.Retried
		ap.init = ap.init && r.Kind == enroll.KindTemporary && r.Status == enroll.OrderProduced && !r.InStock
	}
	if len(sel) == 1 {
		r := sel[0]
		ap.update = !r.Status.Final()
		ap.receive = r.Kind == enroll.KindPersonal && needsDesk(r)
	}
	return ap
}

// refresh enables what the selection allows and says so.
func (a *orderActions) refresh() {
	sel := a.s.selectedRows()
	ap := appliesTo(sel)
	widgets.SetEnabled(a.abort, ap.abort && !a.s.syncing)
	widgets.SetEnabled(a.update, ap.update)
	widgets.SetEnabled(a.retry, ap.retry)
	widgets.SetEnabled(a.receive, ap.receive)
	widgets.SetEnabled(a.init, ap.init)
	a.hint.SetText(selectionHint(len(sel)))
}

// selectionHint is the line next to a list's actions: how to select, or
// how many cards are selected.
func selectionHint(n int) string {
	if n == 0 {
		return lang.L("Click a card to act on it. Shift or Ctrl click selects more.")
	}
	return lang.X("orders.selected", "{{.N}} selected", map[string]any{"N": n})
}

// plural is one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// showAlert lists problems in a dialog; the text scrolls and can be copied.
func (s *Screen) showAlert(title string, lines []string) {
	a := dialogs.ShowText(s.h, title, strings.Join(lines, "\n"), 600)
	a.Dialog.SetOnClosed(func() {
		if s.alert == a {
			s.alert = nil
		}
	})
	s.alert = a
}

// confirm asks before an action that cannot be taken back; the question
// is kept for tests while it is open.
func (s *Screen) confirm(title, msg, okLabel string, yes func()) *dialog.ConfirmDialog {
	d := dialogs.Confirm(s.h, title, msg, okLabel, yes)
	d.SetOnClosed(func() {
		if s.question == d {
			s.question = nil
		}
	})
	s.question = d
	return d
}

// cardName names a card in messages: its cardholder, or "temporary card
// 1a2b3c4d".
func cardName(r orderRow) string {
	if r.Kind == enroll.KindPersonal && r.Name != "" {
		return r.Name
	}
	return tempCardName(r.CardID)
}

// tempCardName names a temporary card in messages: "temporary card 1a2b3c4d".
func tempCardName(id string) string {
	return lang.X("orders.card.temporary", "temporary card {{.Card}}", map[string]any{"Card": shortID(id)})
}

// cardRow is a list row an action goes to: an ordered card or a card of
// the stock.
type cardRow interface {
	// ref is the card's id, and its name in messages.
	ref() (id, name string)
}

func (r orderRow) ref() (string, string) { return r.CardID, cardName(r) }
func (r stockRow) ref() (string, string) { return r.CardID, tempCardName(r.CardID) }

// eachCard runs act (a service's action on one card) on every row off the
// UI goroutine, then reports on the UI goroutine: the status bar says done
// of the number of cards it worked for, and the refusals are listed, each
// after the card's name, in a dialog titled failed.
func eachCard[R cardRow, T any](s *Screen, rows []R, act func(context.Context, enroll.Actor, string) (T, error), failed string, done func(n int) string) {
	ctx, actor := s.h.Jobs().Context(), s.h.Actor()
	widgets.Go(s.h.Jobs(), func() ([]string, error) {
		var problems []string
		for _, r := range rows {
			id, name := r.ref()
			if _, err := act(ctx, actor, id); err != nil {
				problems = append(problems, name+": "+explain(err))
			}
		}
		return problems, nil
	}, func(problems []string, _ error) {
		s.changed()
		if n := len(rows) - len(problems); n > 0 {
			s.h.Flash(done(n))
		}
		if len(problems) > 0 {
			s.showAlert(failed, problems)
		}
	})
}

// Abort asks, then aborts the selected processing cards; each card the
// producer would not let go is listed with its reason.
func (s *Screen) Abort() {
	sel := s.selectedRows()
	if !appliesTo(sel).abort {
		return
	}
	msg := plural(len(sel),
		lang.X("orders.abort.ask_one", "Abort the card order for {{.Name}}? An aborted card is not made, and an abort cannot be taken back.",
			map[string]any{"Name": cardName(sel[0])}),
		lang.X("orders.abort.ask", "Abort {{.N}} card orders? Aborted cards are not made, and an abort cannot be taken back.",
			map[string]any{"N": len(sel)}))
	d := s.confirm(lang.L("Abort card orders"), msg, lang.L("Abort"), func() {
		eachCard(s, sel, s.h.Station().Orders.Abort, lang.L("Some card orders were not aborted"), func(n int) string {
			return plural(n, lang.L("1 card order aborted."), lang.X("orders.abort.done", "{{.N}} card orders aborted.", map[string]any{"N": n}))
		})
	})
	d.SetDismissText(lang.L("Keep the orders"))
}

// UpdateStatus asks the producer for the selected card's status now.
func (s *Screen) UpdateStatus() {
	sel := s.selectedRows()
	if !appliesTo(sel).update {
		return
	}
	r := sel[0]
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	widgets.Go(s.h.Jobs(), func() (enroll.OrderedCard, error) {
		return st.Orders.Update(ctx, actor, r.CardID)
	}, func(c enroll.OrderedCard, err error) {
		s.changed()
		if err != nil {
			s.h.FlashError(explainCall(err))
			return
		}
		r.OrderedCard = c
		s.h.Flash(lang.X("orders.update.done", "{{.Card}}: {{.Status}}.", map[string]any{"Card": cardName(r), "Status": statusWord(r)}))
	})
}

// Retry sends the selected failed personal cards again, with the same
// card ids: the producer never makes one twice.
func (s *Screen) Retry() {
	sel := s.selectedRows()
	if !appliesTo(sel).retry {
		return
	}
	eachCard(s, sel, s.h.Station().Orders.Retry, lang.L("Some cards were not sent again"), func(n int) string {
		return plural(n, lang.L("1 card ordered again."), lang.X("orders.retry.done", "{{.N}} cards ordered again.", map[string]any{"N": n}))
	})
}

// Initialize takes the selected produced temporary cards into the stock.
func (s *Screen) Initialize() {
	sel := s.selectedRows()
	if !appliesTo(sel).init {
		return
	}
	eachCard(s, sel, s.h.Station().TempCards.Initialize, lang.L("Some temporary cards were not initialized"), func(n int) string {
		return plural(n, lang.L("1 temporary card added to the stock."),
			lang.X("orders.init.done", "{{.N}} temporary cards added to the stock.", map[string]any{"N": n}))
	})
}

// Sync is Sync now: every queued card is sent, backoff or not, and the
// producer's changes are read.
func (s *Screen) Sync() {
	if s.syncing {
		return
	}
	s.syncing = true
	s.syncBtn.Disable()
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	widgets.Go(s.h.Jobs(), func() (enroll.SyncResult, error) {
		return st.Orders.Sync(ctx, actor, true)
	}, func(res enroll.SyncResult, err error) {
		s.syncing = false
		s.syncBtn.Enable()
		s.changed()
		if err != nil {
			s.h.FlashError(explainCall(err))
			return
		}
		text := syncText(res)
		if res.Waiting > 0 || res.Failed > 0 {
			s.h.FlashError(text)
		} else {
			s.h.Flash(text)
		}
	})
}

// syncText is a sync's result: "3 sent, 1 waiting: <why>".
func syncText(res enroll.SyncResult) string {
	parts := []string{
		lang.X("orders.sync.sent", "{{.N}} sent", map[string]any{"N": res.Sent}),
		lang.X("orders.sync.waiting", "{{.N}} waiting", map[string]any{"N": res.Waiting}),
	}
	if res.Failed > 0 {
		parts = append(parts, lang.X("orders.sync.failed", "{{.N}} refused", map[string]any{"N": res.Failed}))
	}
	if res.Updated > 0 {
		parts = append(parts, lang.X("orders.sync.updated", "{{.N}} updated", map[string]any{"N": res.Updated}))
	}
	text := strings.Join(parts, ", ")
	if res.Waiting > 0 && res.Problem != "" {
		text += ": " + problemWords(res.Problem)
	}
	return text
}

// Receive opens the Receive dialog for the selected produced personal card.
func (s *Screen) Receive() {
	sel := s.selectedRows()
	if !appliesTo(sel).receive || s.receiving != nil {
		return
	}
	s.receiving = openReceive(s.h, sel[0], func() { s.changed() }, func(d *receiveDialog) {
		if s.receiving == d {
			s.receiving = nil
		}
	})
}
