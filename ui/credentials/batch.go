package credentials

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// flashFor is how long the count glows after a card.
const flashFor = 1200 * time.Millisecond

// batchDialog enrolls the cards presented at a reader one after another,
// each as an available, inactive credential decoded with the reader's
// settings. It keeps a running count that glows green or red with every
// card, and lists what was enrolled and what was refused and why, newest
// first. Stop ends the wait; a reader unplugged ends it too. Every card is
// one step of the service, so nothing is ever half enrolled.
type batchDialog struct {
	h      screen.Host
	wait   *screen.CardWait
	closed func()

	dlg      *dialog.CustomDialog
	decodes  *widget.Label // how the picked reader decodes cards
	count    *widget.Label // "12 enrolled, 2 refused"
	last     *widget.Label // the last card's result
	glow     *canvas.Rectangle
	anim     *fyne.Animation
	results  *fyne.Container // one row per card, newest first
	stopB    *widget.Button
	resumeB  *widget.Button
	closeB   *widget.Button
	problem  *widget.Label // the reader went away
	states   map[string]enroll.ReaderState
	formats  map[string]cardformat.Format
	enrolled int
	refused  int
	flashes  int  // cards flashed so far (tests)
	lastOK   bool // how the last card went (tests)
	stopped  bool // the operator stopped, or the reader went: no new wait
	busy     bool // a card is being enrolled
	shut     bool
}

// openBatch shows the dialog and starts waiting at the first reader;
// closed runs when it closes.
func openBatch(h screen.Host, closed func()) *batchDialog {
	d := &batchDialog{h: h, closed: closed, states: map[string]enroll.ReaderState{}, formats: map[string]cardformat.Format{}}
	d.build()
	h.ShowDialog(d.dlg)
	d.dlg.SetOnClosed(d.end)
	d.dlg.Resize(dialogs.Size(h.Window(), 640, 600))
	d.loadFormats()
	d.wait.Listen()
	return d
}

func (d *batchDialog) build() {
	w := screen.NewCardWait(d.h, d.readerChosen)
	d.wait = w
	pick, spinner := w.Rows()
	d.decodes = widget.NewLabel("")
	d.decodes.Wrapping = fyne.TextWrapWord
	where := widgets.Hint(lang.L("Each card is enrolled as an available, inactive credential. An administrator changes how a reader decodes cards under Devices."))
	where.Wrapping = fyne.TextWrapWord
	w.Reader = container.NewVBox(pick,
		container.NewBorder(nil, nil, widgets.Bold(lang.L("Decodes as")), nil, d.decodes), where, spinner, w.State)
	noReader := widget.NewLabel(lang.L("No card reader is connected to this station. Connect one to enroll cards at it."))
	noReader.Wrapping = fyne.TextWrapWord
	w.None = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, noReader)
	w.None.Hide()
	w.OnStates = d.follow
	w.OnWaiting = func(bool) { d.showButtons() }
	w.OnStopped = d.showButtons

	d.problem = widgets.Problem()
	d.count = widgets.Bold("")
	d.last = widgets.Cell()
	d.glow = canvas.NewRectangle(color.Transparent)
	d.glow.CornerRadius = theme.InputRadiusSize()
	d.showCount()
	counts := container.NewStack(d.glow, container.NewBorder(nil, nil, d.count, nil, d.last))
	none := widgets.Hint(lang.L("The cards presented are listed here, the newest on top."))
	d.results = container.NewVBox(none)
	list := widgets.AtLeast(0, 110, container.NewVScroll(d.results))
	sim := container.NewVBox()
	w.Box = sim // the simulator's test cards go under the list
	top := container.NewVBox(w.Reader, w.None, d.problem, counts, widget.NewSeparator())
	body := container.NewBorder(top, sim, nil, nil, list)
	d.dlg = dialog.NewCustomWithoutButtons(lang.L("Enroll cards at a reader"), widgets.AtLeast(560, 0, body), d.h.Window())
	d.stopB = widget.NewButtonWithIcon(lang.L("Stop"), theme.MediaStopIcon(), d.stop)
	d.resumeB = widget.NewButtonWithIcon(lang.L("Continue"), theme.MediaPlayIcon(), d.resume)
	d.closeB = widget.NewButtonWithIcon(lang.L("Close"), theme.CancelIcon(), func() { d.dlg.Hide() })
	d.dlg.SetButtons([]fyne.CanvasObject{d.closeB, d.resumeB, d.stopB})
	d.showButtons()
}

// loadFormats names the custom formats a reader may decode with.
func (d *batchDialog) loadFormats() {
	st, ctx, actor := d.h.Station(), d.h.Jobs().Context(), d.h.Actor()
	widgets.Go(d.h.Jobs(), func() ([]enroll.FormatInfo, error) {
		return st.Formats.List(ctx, actor)
	}, func(list []enroll.FormatInfo, err error) {
		if err != nil || d.shut {
			return
		}
		for _, fi := range list {
			d.formats[fi.Format.ID] = fi.Format
		}
		d.showDecodes()
	})
}

// follow sees every picture of the readers first: it keeps their
// settings, and ends the batch when the reader waited at is gone.
func (d *batchDialog) follow(states []enroll.ReaderState) {
	clear(d.states)
	for _, st := range states {
		if !st.Info.Service {
			d.states[st.Info.Name] = st
		}
	}
	if reader := d.wait.Pick.Selected; reader != "" && d.wait.Waiting() {
		if _, ok := d.states[reader]; !ok {
			d.readerGone(reader)
		}
	}
	d.showDecodes()
}

// showDecodes says how the picked reader decodes cards.
func (d *batchDialog) showDecodes() {
	st, ok := d.states[d.wait.Pick.Selected]
	if !ok {
		d.decodes.SetText("")
		return
	}
	d.decodes.SetText(words.DecodesAs(st, d.formats))
}

// readerChosen follows the reader choice (the first reader too).
func (d *batchDialog) readerChosen() {
	d.showDecodes()
	d.wait.Stop()
	d.start()
}

// start waits for the next card, unless the batch is stopped or a card
// is being enrolled.
func (d *batchDialog) start() {
	if d.stopped || d.busy || d.shut {
		return
	}
	d.wait.Start(0, func(reader string, keyboard bool) {
		data := map[string]any{"Reader": reader}
		if keyboard {
			d.wait.State.SetText(lang.X("credentials.batch.present_keyboard",
				"Present the next card to {{.Reader}}… (keep the cursor out of text fields: the reader types the card number)", data))
		} else {
			d.wait.State.SetText(lang.X("credentials.batch.present", "Present the next card to {{.Reader}}…", data))
		}
	}, d.read)
}

// read takes what the reader delivered: a card is enrolled, then the
// next one is waited for.
func (d *batchDialog) read(read enroll.CardRead, err error) {
	switch {
	case errors.Is(err, context.Canceled):
		return
	case errors.Is(err, enroll.ErrReaderGone):
		d.readerGone(read.Reader)
		return
	case err != nil: // a card that cannot be read: say why, and go on
		d.result(false, readLabel(read)+": "+words.Explain(err))
		d.start()
		return
	}
	d.busy = true
	d.wait.State.SetText(lang.X("credentials.batch.enrolling", "Card {{.Card}} read; enrolling…", map[string]any{"Card": readLabel(read)}))
	st, ctx, actor := d.h.Station(), d.h.Jobs().Context(), d.h.Actor()
	widgets.Go(d.h.Jobs(), func() (enroll.Credential, error) {
		return st.Credentials.EnrollRead(ctx, actor, read)
	}, func(k enroll.Credential, err error) {
		d.busy = false
		if d.shut { // closed meanwhile: the card is enrolled all the same
			if err == nil {
				d.h.Changed()
			}
			return
		}
		var enrolled *enroll.AlreadyEnrolledError
		switch {
		case errors.As(err, &enrolled):
			d.result(false, words.Explain(err))
		case err != nil:
			d.result(false, readLabel(read)+": "+words.Explain(err))
		default:
			d.result(true, words.CredentialLabel(k))
			d.h.Changed()
		}
		d.start()
	})
}

// result counts a card, flashes the count and lists the card on top.
func (d *batchDialog) result(ok bool, text string) {
	var icon fyne.Resource = theme.NewSuccessThemedResource(theme.ConfirmIcon())
	imp := widget.SuccessImportance
	if ok {
		d.enrolled++
		d.last.SetText(lang.X("credentials.batch.last_enrolled", "Enrolled: {{.Card}}", map[string]any{"Card": text}))
	} else {
		d.refused++
		icon, imp = theme.NewErrorThemedResource(theme.ErrorIcon()), widget.DangerImportance
		d.last.SetText(lang.X("credentials.batch.last_refused", "Refused: {{.Reason}}", map[string]any{"Reason": text}))
	}
	d.last.Importance = imp
	d.last.Refresh()
	d.showCount()
	d.flash(ok)
	line := widget.NewLabel(text)
	line.Wrapping = fyne.TextWrapWord
	line.Importance = imp
	if ok {
		line.Importance = widget.MediumImportance
	}
	row := container.NewBorder(nil, nil, widget.NewIcon(icon), nil, line)
	if d.enrolled+d.refused == 1 {
		d.results.Objects = nil // the placeholder goes
	}
	d.results.Objects = append([]fyne.CanvasObject{row}, d.results.Objects...)
	d.results.Refresh()
}

func (d *batchDialog) showCount() {
	d.count.SetText(lang.X("credentials.batch.count", "{{.Enrolled}} enrolled, {{.Refused}} refused",
		map[string]any{"Enrolled": d.enrolled, "Refused": d.refused}))
}

// flash lights the count up green or red and lets it fade: the operator
// sees how a card went without reading.
func (d *batchDialog) flash(ok bool) {
	d.flashes++
	d.lastOK = ok
	name := theme.ColorNameSuccess
	if !ok {
		name = theme.ColorNameError
	}
	r, g, b, _ := theme.Color(name).RGBA()
	from := color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x80}
	to := color.NRGBA{R: from.R, G: from.G, B: from.B}
	if d.anim != nil {
		d.anim.Stop()
	}
	d.anim = canvas.NewColorRGBAAnimation(from, to, flashFor, func(c color.Color) {
		d.glow.FillColor = c
		d.glow.Refresh()
	})
	d.anim.Start()
}

// readerGone ends the batch: the reader was unplugged.
func (d *batchDialog) readerGone(reader string) {
	d.stopped = true
	d.wait.Stop()
	if reader == "" {
		reader = d.wait.Pick.Selected
	}
	d.wait.State.SetText("")
	widgets.SetMessage(d.problem, lang.X("credentials.batch.gone",
		"{{.Reader}} is no longer connected, so enrollment stopped. Each card listed was enrolled or refused as a whole. Connect a reader and click Continue.",
		map[string]any{"Reader": reader}))
	d.showButtons()
}

// stop is Stop: the wait ends; Continue starts it again.
func (d *batchDialog) stop() {
	d.stopped = true
	d.wait.Stop()
	d.wait.State.SetText(lang.L("Stopped. Click Continue to enroll more cards."))
	d.showButtons()
}

// resume is Continue.
func (d *batchDialog) resume() {
	d.stopped = false
	widgets.SetMessage(d.problem, "")
	d.start()
	d.showButtons()
}

// showButtons offers Stop while the batch runs, Continue while it does not.
func (d *batchDialog) showButtons() {
	running := !d.stopped && (d.wait.Waiting() || d.busy)
	widgets.SetEnabled(d.stopB, running)
	widgets.SetEnabled(d.resumeB, d.stopped && d.wait.Pick.Selected != "")
}

// end stops the wait when the dialog closes (or the session ends).
func (d *batchDialog) end() {
	if d.shut {
		return
	}
	d.shut = true
	d.wait.Stop()
	d.wait.Close()
	if d.anim != nil {
		d.anim.Stop()
	}
	if d.enrolled > 0 {
		d.h.Flash(lang.X("credentials.batch.done", "{{.Enrolled}} cards enrolled at the reader, {{.Refused}} refused.",
			map[string]any{"Enrolled": d.enrolled, "Refused": d.refused}))
	}
	d.closed()
}

// readLabel shows a read as operators see it on card labels: the UID in
// hex, or what a keyboard reader typed.
func readLabel(r enroll.CardRead) string {
	switch {
	case r.Typed != "":
		return r.Typed
	case len(r.UID) > 0:
		return fmt.Sprintf("%X", r.UID)
	case r.Bits != "":
		return lang.X("devices.bits", "{{.N}} bits", map[string]any{"N": len(r.Bits)})
	}
	return lang.L("The card")
}
