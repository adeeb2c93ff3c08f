package orders

import (
	"context"
	"errors"
	"slices"

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
	h       screen.Host
	card    orderRow
	done    func() // the card was received
	closed  func(*receiveDialog)
	readers *screen.Readers
	unlist  func()
	names   []string
	kinds   map[string]enroll.ReaderKind

	dlg     *dialog.CustomDialog
	pick    *widgets.Select
	spinner *widget.ProgressBarInfinite
	state   *widget.Label
	result  *widget.Label
	reader  fyne.CanvasObject // the reader part, hidden without readers
	none    fyne.CanvasObject // "no card reader"
	box     *fyne.Container
	sim     *widgets.SimulatorPanel
	simName string
	closeB  *widget.Button

	stopWait context.CancelFunc // non-nil while waiting
	gen      int                // bumped by every start and stop: late reads are dropped
	received bool
	shut     bool
}

// openReceive shows the dialog and starts waiting for the card.
func openReceive(h screen.Host, card orderRow, done func(), closed func(*receiveDialog)) *receiveDialog {
	d := &receiveDialog{h: h, card: card, done: done, closed: closed, readers: h.Readers(), unlist: func() {}}
	d.build()
	h.ShowDialog(d.dlg)
	d.dlg.SetOnClosed(d.end)
	if d.readers != nil {
		d.unlist = d.readers.Listen(d.setStates)
	} else {
		d.setStates(nil)
	}
	return d
}

func (d *receiveDialog) build() {
	who := widgets.Bold(lang.X("orders.receive.whose", "The card of {{.Name}}", map[string]any{"Name": d.card.Name}))
	what := widget.NewLabel(lang.L("Present the card at a reader. When it is the card the producer made, its credential becomes active."))
	what.Wrapping = fyne.TextWrapWord
	d.pick = widgets.NewSelect(nil, func(string) { d.restart() })
	d.pick.PlaceHolder = lang.L("Looking for readers…")
	d.spinner = widget.NewProgressBarInfinite()
	d.spinner.Stop()
	d.spinner.Hide()
	d.state = widget.NewLabel("")
	d.state.Wrapping = fyne.TextWrapWord
	d.result = widget.NewLabel("")
	d.result.Wrapping = fyne.TextWrapWord
	d.reader = container.NewVBox(
		container.NewBorder(nil, nil, widgets.Bold(lang.L("Reader")), nil, d.pick),
		widgets.AtLeast(0, d.spinner.MinSize().Height, d.spinner), d.state)
	noReader := widget.NewLabel(lang.L("No card reader is connected to this station. Connect one to receive the card."))
	noReader.Wrapping = fyne.TextWrapWord
	d.none = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, noReader)
	d.none.Hide()
	d.box = container.NewVBox(who, what, d.reader, d.none, widgets.AtLeast(0, 3*d.state.MinSize().Height, d.result))
	d.dlg = dialog.NewCustomWithoutButtons(lang.L("Receive card"), widgets.AtLeast(520, 0, d.box), d.h.Window())
	d.closeB = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { d.dlg.Hide() })
	d.dlg.SetButtons([]fyne.CanvasObject{d.closeB})
}

// setStates follows the station's readers while the dialog is open.
func (d *receiveDialog) setStates(states []enroll.ReaderState) {
	var names []string
	kinds := map[string]enroll.ReaderKind{}
	for _, st := range states {
		if !st.Info.Service {
			names = append(names, st.Info.Name)
			kinds[st.Info.Name] = st.Info.Kind
		}
	}
	d.kinds = kinds
	d.showSimulator(states)
	if slices.Equal(names, d.names) && len(names) > 0 {
		return
	}
	d.names = names
	if len(names) == 0 {
		d.stop()
		d.reader.Hide()
		d.none.Show()
		return
	}
	d.none.Hide()
	d.reader.Show()
	d.pick.SetOptions(names)
	if !slices.Contains(names, d.pick.Selected) {
		d.pick.SetSelectedIndex(0) // starts waiting through restart
	}
}

// showSimulator offers test cards while the station has a simulated
// reader (demo and training).
func (d *receiveDialog) showSimulator(states []enroll.ReaderState) {
	name, ok := screen.Simulated(states)
	switch {
	case !ok:
		if d.sim != nil {
			d.sim.Box.Hide()
		}
		return
	case d.sim == nil || name != d.simName:
		if d.sim != nil {
			d.box.Remove(d.sim.Box)
		}
		d.sim = widgets.NewSimulatorPanel(d.h.Jobs(), d.readers.Hub, name)
		d.sim.Waited, d.simName = true, name
		d.box.Add(d.sim.Box)
	}
	d.sim.Box.Show()
	d.sim.SetReady(d.stopWait != nil)
}

// start waits for a card at the chosen reader, unless it already does.
func (d *receiveDialog) start() {
	reader := d.pick.Selected
	if d.received || d.shut || reader == "" || d.stopWait != nil || d.readers == nil {
		return
	}
	jobs := d.h.Jobs()
	ctx, cancel := context.WithCancel(jobs.Context())
	d.stopWait = cancel
	d.gen++
	gen := d.gen
	d.showWaiting(true)
	d.state.SetText(lang.X("orders.receive.present", "Present the card to {{.Reader}}…", map[string]any{"Reader": reader}))
	if d.kinds[reader] == enroll.ReaderKeyboard {
		d.h.Window().Canvas().Unfocus() // the reader types into the station, not a field
	}
	hub := d.readers.Hub
	// Not a job: nobody knows when the card comes.
	jobs.Go(func(context.Context) {
		read, err := hub.NextCard(ctx, reader)
		cancel()
		jobs.Do(func() {
			if jobs.Stopped() || gen != d.gen {
				return
			}
			d.stopWait = nil
			d.showWaiting(false)
			d.read(read, err)
		})
	})
}

// stop ends the wait.
func (d *receiveDialog) stop() {
	if d.stopWait == nil {
		return
	}
	d.gen++
	d.stopWait()
	d.stopWait = nil
	d.showWaiting(false)
}

func (d *receiveDialog) restart() {
	d.stop()
	d.start()
}

func (d *receiveDialog) showWaiting(on bool) {
	if on {
		d.spinner.Show()
		d.spinner.Start()
	} else {
		d.spinner.Stop()
		d.spinner.Hide()
	}
	if d.sim != nil {
		d.sim.SetReady(on)
	}
}

// read checks the card presented; one that is not the card waits for the
// next.
func (d *receiveDialog) read(read enroll.CardRead, err error) {
	switch {
	case errors.Is(err, context.Canceled):
		return
	case err != nil:
		d.state.SetText("")
		d.setResult(explain(err), widget.DangerImportance)
		if !errors.Is(err, enroll.ErrReaderGone) {
			d.start() // a card that could not be read: try the next
		}
		return
	}
	d.state.SetText(lang.L("Card read; checking it…"))
	st, ctx, actor := d.h.Station(), d.h.Jobs().Context(), d.h.Actor()
	widgets.Go(d.h.Jobs(), func() (enroll.OrderedCard, error) {
		return st.Orders.Receive(ctx, actor, d.card.CardID, read)
	}, func(_ enroll.OrderedCard, err error) {
		if d.shut {
			return
		}
		d.state.SetText("")
		var mismatch *enroll.ReceiveMismatchError
		switch {
		case errors.As(err, &mismatch):
			d.setResult(explain(err)+" "+lang.L("Present the right card."), widget.DangerImportance)
			d.start()
		case err != nil:
			d.setResult(explain(err), widget.DangerImportance)
		default:
			d.received = true
			d.reader.Hide()
			if d.sim != nil {
				d.sim.Box.Hide()
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
	d.stop()
	d.shut = true
	d.unlist()
	d.closed(d)
}
