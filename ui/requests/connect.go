package requests

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// connectWay is one of the three ways to connect a card (a tab).
type connectWay interface {
	content() fyne.CanvasObject
	// begin shows a new request: forget what the previous one left.
	begin(r enroll.CardRequest)
	// setDone locks the inputs once the request has its card (or cannot
	// get one here), and unlocks them for the next request.
	setDone(done bool)
	// stop ends any wait (a reader); called when the tab or dialog closes.
	stop()
	// line is the tab's one problem line: a new problem replaces the old,
	// and it clears when the tab or the tab's input changes.
	line() *messageLine
}

// connectDialog connects cards to the selected requests one after another,
// always showing whose card it is, with Next and Skip to walk on.
type connectDialog struct {
	s     *Screen
	queue []enroll.CardRequest
	at    int
	done  bool // the current request has its card, or cannot get one here
	shut  bool // the dialog was closed: late results are dropped
	busy  bool

	dlg    *dialog.CustomDialog
	thumb  *canvas.Image
	name   *widget.Label
	info   *widget.Label
	step   *widget.Label
	tabs   *container.AppTabs
	ways   []connectWay
	auto   *autoWay
	manual *manualWay
	exist  *existingWay
	body   fyne.CanvasObject
	result *messageLine // the outcome for the request: connected, or cannot get a card here
	size   fyne.Size    // the dialog's size: it grows when it must, never shrinks
	skip   *widget.Button
	next   *widget.Button
	finish *widget.Button
}

// Connect opens the Connect card dialog on the selected pending requests
// that still need a card, in list order.
func (s *Screen) Connect() {
	_, queue := answerable(s.selectedRows())
	if len(queue) == 0 || s.connecting != nil {
		return
	}
	c := &connectDialog{s: s, queue: queue}
	c.auto = newAutoWay(c)
	c.manual = newManualWay(c)
	c.exist = newExistingWay(c)
	c.ways = []connectWay{c.auto, c.manual, c.exist}
	c.build()
	s.connecting = c
	s.h.ShowDialog(c.dlg)
	c.dlg.SetOnClosed(c.closed)
	c.show(0)
	c.keepSize()
}

// keepSize fixes the dialog's size once shown: messages that come and go
// and buttons that hide do not resize it, so nothing re-centres under the
// mouse. It only grows when its content needs more room.
func (c *connectDialog) keepSize() {
	if c.dlg == nil {
		return
	}
	if size := c.size.Max(c.dlg.MinSize()); size != c.size {
		c.size = size
		c.dlg.Resize(size)
	}
}

func (c *connectDialog) build() {
	c.thumb = canvas.NewImageFromResource(theme.AccountIcon())
	c.thumb.FillMode = canvas.ImageFillContain
	c.thumb.SetMinSize(fyne.NewSquareSize(64))
	c.name = widgets.Heading("")
	c.info = widgets.Cell()
	c.step = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	holder := container.NewBorder(nil, nil, c.thumb, container.NewCenter(c.step), container.NewVBox(c.name, c.info))

	// Each tab has its problem line under its input (under the list,
	// which fills the tab, on Existing); the tabs share their room, so
	// the lines reserve it once for all three.
	tab := func(w connectWay) fyne.CanvasObject {
		if w == c.exist {
			return container.NewBorder(nil, w.line().box, nil, nil, w.content())
		}
		return container.NewVBox(w.content(), w.line().box)
	}
	c.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Automatic"), theme.RadioButtonCheckedIcon(), tab(c.auto)),
		container.NewTabItemWithIcon(lang.L("Manual"), theme.DocumentCreateIcon(), tab(c.manual)),
		container.NewTabItemWithIcon(lang.L("Existing credential"), theme.ListIcon(), tab(c.exist)),
	)
	c.tabs.OnSelected = func(*container.TabItem) { c.tabChanged() }
	c.result = newMessageLine(widget.MediumImportance)

	c.skip = widget.NewButtonWithIcon(lang.L("Skip"), theme.MediaSkipNextIcon(), c.advance)
	c.next = widget.NewButtonWithIcon(lang.L("Next"), theme.NavigateNextIcon(), c.advance)
	c.finish = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { c.dlg.Hide() })
	c.body = container.NewBorder(container.NewVBox(holder, widget.NewSeparator()), c.result.box, nil, nil,
		widgets.AtLeast(660, 380, c.tabs))
	c.dlg = dialog.NewCustomWithoutButtons(lang.L("Connect card"), c.body, c.s.h.Window())
	c.dlg.SetButtons([]fyne.CanvasObject{c.buttonBar()})
}

// buttonBar keeps every button in its place for the whole walk: Cancel
// becomes Done, Skip hides once the card is connected and Next and Skip
// hide on the last request, each leaving its slot empty. A walk of one
// request has no Skip and Next at all.
func (c *connectDialog) buttonBar() fyne.CanvasObject {
	finish := buttonWidth(theme.CancelIcon(), lang.L("Cancel"), lang.L("Done"))
	if len(c.queue) == 1 {
		return slotBar([]float32{finish}, c.finish)
	}
	return slotBar([]float32{finish, buttonWidth(theme.MediaSkipNextIcon(), lang.L("Skip")),
		buttonWidth(theme.NavigateNextIcon(), lang.L("Next"))}, c.finish, c.skip, c.next)
}

func (c *connectDialog) current() enroll.CardRequest { return c.queue[c.at] }

// show moves to request i of the walk.
func (c *connectDialog) show(i int) {
	c.at, c.done = i, false
	r := c.current()
	c.thumb.Resource = c.s.thumbs.image(r.CardholderID, r.Thumbnail)
	c.thumb.Refresh()
	c.name.SetText(r.CardholderName)
	c.info.SetText(requestSummary(r))
	c.step.SetText(lang.X("connect.step", "{{.N}} of {{.Total}}", map[string]any{"N": i + 1, "Total": len(c.queue)}))
	c.result.clear()
	for _, w := range c.ways {
		w.line().clear()
		w.setDone(false)
		w.begin(r)
	}
	c.tabChanged()
	c.updateButtons()
}

// requestSummary is the line under the name: department, reason, activation.
func requestSummary(r enroll.CardRequest) string {
	s := ""
	for _, part := range []string{r.Department, r.Reason, words.Activation(r.Activation)} {
		if part == "" {
			continue
		}
		if s != "" {
			s += " · "
		}
		s += part
	}
	return s
}

// tabChanged starts the reader on the Automatic tab and stops it
// elsewhere. A problem belongs to the tab it came from: it goes.
func (c *connectDialog) tabChanged() {
	for _, w := range c.ways {
		w.line().clear()
	}
	if c.tabs.SelectedIndex() == 0 {
		c.auto.start()
	} else {
		c.auto.stop()
	}
	c.dlg.Refresh()
	c.keepSize()
	c.focusTab()
}

// focusTab puts the cursor where typing starts on the tab now shown: the
// first number of Manual, the search of Existing. Digits typed right after
// switching tabs then land in a field instead of being lost.
func (c *connectDialog) focusTab() {
	var at fyne.Focusable
	switch c.tabs.SelectedIndex() {
	case 1:
		if len(c.manual.inputs) > 0 && !c.manual.inputs[0].Entry.Disabled() {
			at = c.manual.inputs[0].Entry
		}
	case 2:
		if !c.exist.search.Disabled() {
			at = c.exist.search
		}
	}
	if at != nil {
		c.s.h.Window().Canvas().Focus(at)
	}
}

func (c *connectDialog) updateButtons() {
	more := c.at < len(c.queue)-1
	c.skip.Hidden = !more || c.done
	widgets.SetEnabled(c.skip, !c.busy) // a late answer would be lost on the next request
	c.next.Hidden = !more
	widgets.SetEnabled(c.next, c.done && !c.busy)
	c.next.Importance = widget.MediumImportance
	if c.done {
		c.next.Importance = widget.HighImportance
	}
	c.skip.Refresh()
	c.next.Refresh()
}

// advance is Next and Skip: the next request, or the end of the walk.
func (c *connectDialog) advance() {
	if c.at+1 >= len(c.queue) {
		c.dlg.Hide()
		return
	}
	c.show(c.at + 1)
}

// submit runs one way's connect for the current request off the UI
// goroutine. refused (may be nil) sees a refusal first; it reports true
// when the way showed the problem itself (at its fields), else the way's
// problem line says it.
func (c *connectDialog) submit(w connectWay, connect func(requestID int64) (enroll.ConnectResult, error), refused func(error) bool) {
	if c.busy || c.done {
		return
	}
	at, id := c.at, c.current().ID
	c.setBusy(true)
	widgets.Go(c.s.h.Jobs(), func() (enroll.ConnectResult, error) { return connect(id) }, func(res enroll.ConnectResult, err error) {
		c.setBusy(false)
		if c.shut || at != c.at {
			return
		}
		if err != nil {
			if !requestProblem(err) && refused != nil && refused(err) {
				w.line().clear() // the way shows it at its fields
				return
			}
			c.problem(w, err)
			return
		}
		c.connected(res)
	})
}

func (c *connectDialog) setBusy(on bool) {
	c.busy = on
	c.updateButtons()
}

// connected shows what happened and locks the ways until Next.
func (c *connectDialog) connected(res enroll.ConnectResult) {
	c.queue[c.at] = res.Request
	for _, w := range c.ways {
		w.line().clear()
	}
	c.result.set(words.Connected(res), widget.SuccessImportance)
	c.lock()
	c.finish.SetText(lang.L("Done"))
	c.finish.SetIcon(theme.ConfirmIcon())
	c.s.refreshRows()
	c.s.h.Answered()
}

// problem explains a refusal on w's problem line, replacing what it said.
// When the request itself cannot get a card here (answered elsewhere,
// cardholder inactive, has a card already) that is the request's outcome:
// the ways lock and the list is refreshed; a card problem leaves them open.
func (c *connectDialog) problem(w connectWay, err error) {
	if !requestProblem(err) {
		w.line().set(words.Explain(err), widget.DangerImportance)
		c.keepSize()
		return
	}
	for _, w := range c.ways {
		w.line().clear()
	}
	c.result.set(words.Explain(err), widget.DangerImportance)
	c.lock()
	c.s.refreshRows()
	c.s.h.Changed()
}

// requestProblem tells a refusal of the request (no card can be connected
// to it here) from one of the card or the typed values.
func requestProblem(err error) bool {
	var (
		conflict *enroll.ConflictError
		hasCard  *enroll.RequestHasCardError
	)
	return errors.As(err, &conflict) || errors.As(err, &hasCard) || errors.Is(err, enroll.ErrCardholderInactive)
}

func (c *connectDialog) lock() {
	c.done = true
	for _, w := range c.ways {
		w.stop()
		w.setDone(true)
	}
	c.updateButtons()
}

// closed stops the reader and shows the list as it is now.
func (c *connectDialog) closed() {
	c.end()
	c.s.refreshRows()
}

// end stops the reader and drops results that arrive later (sign-out too).
func (c *connectDialog) end() {
	c.shut = true
	for _, w := range c.ways {
		w.stop()
		if cl, ok := w.(interface{ close() }); ok {
			cl.close()
		}
	}
	if c.s.connecting == c {
		c.s.connecting = nil
	}
}
