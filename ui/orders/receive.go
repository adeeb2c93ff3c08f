package orders

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
)

// receiveDialog receives a produced personal card at the desk: it waits
// for the card at a reader and activates its credential when the card is
// the one the producer made. A card that is not waits for the next one.
type receiveDialog struct {
	h      screen.Host
	card   orderRow
	done   func() // the card was received
	closed func(*receiveDialog)
	wait   *screen.CardWait

	dlg    *dialog.CustomDialog
	result *widget.Label
	box    *fyne.Container
	closeB *widget.Button

	received bool
	shut     bool
}

// openReceive shows the dialog and starts waiting for the card.
func openReceive(h screen.Host, card orderRow, done func(), closed func(*receiveDialog)) *receiveDialog {
	d := &receiveDialog{h: h, card: card, done: done, closed: closed}
	d.build()
	h.ShowDialog(d.dlg)
	d.dlg.SetOnClosed(d.end)
	d.wait.Listen()
	return d
}

func (d *receiveDialog) build() {
	who := widgets.Bold(lang.X("orders.receive.whose", "The card of {{.Name}}", map[string]any{"Name": d.card.Name}))
	what := widget.NewLabel(lang.L("Present the card at a reader. When it is the card the producer made, its credential becomes active."))
	what.Wrapping = fyne.TextWrapWord
	w := screen.NewCardWait(d.h, d.restart)
	d.wait = w
	d.result = widget.NewLabel("")
	d.result.Wrapping = fyne.TextWrapWord
	pick, spinner := w.Rows()
	w.Reader = container.NewVBox(pick, spinner, w.State)
	noReader := widget.NewLabel(lang.L("No card reader is connected to this station. Connect one to receive the card."))
	noReader.Wrapping = fyne.TextWrapWord
	w.None = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, noReader)
	w.None.Hide()
	d.box = container.NewVBox(who, what, w.Reader, w.None, widgets.AtLeast(0, 3*w.State.MinSize().Height, d.result))
	w.Box = d.box
	d.dlg = dialog.NewCustomWithoutButtons(lang.L("Receive card"), widgets.AtLeast(520, 0, d.box), d.h.Window())
	d.closeB = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { d.dlg.Hide() })
	d.dlg.SetButtons([]fyne.CanvasObject{d.closeB})
}

// start waits for a card at the chosen reader, unless it already does.
func (d *receiveDialog) start() {
	if d.received || d.shut {
		return
	}
	d.wait.Start(0, func(reader string, _ bool) {
		d.wait.State.SetText(lang.X("orders.receive.present", "Present the card to {{.Reader}}…", map[string]any{"Reader": reader}))
	}, d.read) // no timeout: nobody knows when the card comes
}

func (d *receiveDialog) restart() {
	d.wait.Stop()
	d.start()
}

// read checks the card presented; one that is not the card waits for the
// next.
func (d *receiveDialog) read(read enroll.CardRead, err error) {
	switch {
	case errors.Is(err, context.Canceled):
		return
	case err != nil:
		d.wait.State.SetText("")
		d.setResult(explain(err), widget.DangerImportance)
		if !errors.Is(err, enroll.ErrReaderGone) {
			d.start() // a card that could not be read: try the next
		}
		return
	}
	d.wait.State.SetText(lang.L("Card read; checking it…"))
	st, ctx, actor := d.h.Station(), d.h.Jobs().Context(), d.h.Actor()
	widgets.Go(d.h.Jobs(), func() (enroll.OrderedCard, error) {
		return st.Orders.Receive(ctx, actor, d.card.CardID, read)
	}, func(_ enroll.OrderedCard, err error) {
		if d.shut {
			return
		}
		d.wait.State.SetText("")
		var mismatch *enroll.ReceiveMismatchError
		switch {
		case errors.As(err, &mismatch):
			d.setResult(explain(err)+" "+lang.L("Present the right card."), widget.DangerImportance)
			d.start()
		case err != nil:
			d.setResult(explain(err), widget.DangerImportance)
		default:
			d.received = true
			d.wait.Reader.Hide()
			if d.wait.Sim != nil {
				d.wait.Sim.Box.Hide()
			}
			d.setResult(lang.X("orders.receive.done", "Card received: the credential of {{.Name}} is active now.",
				map[string]any{"Name": d.card.Name}), widget.SuccessImportance)
			d.closeB.SetText(lang.L("Done"))
			d.closeB.SetIcon(theme.ConfirmIcon())
			d.h.Flash(lang.X("orders.receive.done", "Card received: the credential of {{.Name}} is active now.",
				map[string]any{"Name": d.card.Name}))
			d.done()
		}
	})
}

func (d *receiveDialog) setResult(text string, imp widget.Importance) {
	d.result.Importance = imp
	d.result.SetText(text)
}

// end stops the wait when the dialog closes (or the session ends).
func (d *receiveDialog) end() {
	if d.shut {
		return
	}
	d.wait.Stop()
	d.shut = true
	d.wait.Close()
	d.closed(d)
}
