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
	result *widget.Label
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
}

func (c *connectDialog) build() {
	c.thumb = canvas.NewImageFromResource(theme.AccountIcon())
	c.thumb.FillMode = canvas.ImageFillContain
	c.thumb.SetMinSize(fyne.NewSquareSize(64))
	c.name = widgets.Heading("")
	c.info = widgets.Cell()
	c.step = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	holder := container.NewBorder(nil, nil, c.thumb, container.NewCenter(c.step), container.NewVBox(c.name, c.info))

	c.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Automatic"), theme.RadioButtonCheckedIcon(), c.auto.content()),
		container.NewTabItemWithIcon(lang.L("Manual"), theme.DocumentCreateIcon(), c.manual.content()),
		container.NewTabItemWithIcon(lang.L("Existing credential"), theme.ListIcon(), c.exist.content()),
	)
	c.tabs.OnSelected = func(*container.TabItem) { c.tabChanged() }
	c.result = widget.NewLabel("") // empty keeps its line, so the dialog does not jump
	c.result.Wrapping = fyne.TextWrapWord

	c.skip = widget.NewButtonWithIcon(lang.L("Skip"), theme.MediaSkipNextIcon(), c.advance)
	c.next = widget.NewButtonWithIcon(lang.L("Next"), theme.NavigateNextIcon(), c.advance)
	c.finish = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { c.dlg.Hide() })
	body := container.NewBorder(container.NewVBox(holder, widget.NewSeparator()), c.result, nil, nil,
		widgets.AtLeast(660, 330, c.tabs))
	c.dlg = dialog.NewCustomWithoutButtons(lang.L("Connect card"), body, c.s.h.Window())
	c.dlg.SetButtons([]fyne.CanvasObject{c.finish, c.skip, c.next})
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
	c.say("", widget.MediumImportance)
	for _, w := range c.ways {
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
// elsewhere. The dialog grows to the tab: Fyne sizes dialogs when shown.
func (c *connectDialog) tabChanged() {
	if c.tabs.SelectedIndex() == 0 {
		c.auto.start()
	} else {
		c.auto.stop()
	}
	c.dlg.Refresh()
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
// goroutine; refused (may be nil) sees the error after the dialog showed it.
func (c *connectDialog) submit(connect func(requestID int64) (enroll.ConnectResult, error), refused func(error)) {
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
			c.problem(err)
			if refused != nil {
				refused(err)
			}
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
	c.say(words.Connected(res), widget.SuccessImportance)
	c.lock()
	c.finish.SetText(lang.L("Done"))
	c.finish.SetIcon(theme.ConfirmIcon())
	c.s.refreshRows()
	c.s.h.Answered()
}

// problem explains a refusal. When the request itself cannot get a card
// here (answered elsewhere, cardholder inactive, has a card already) the
// ways lock and the list is refreshed; a card problem leaves them open.
func (c *connectDialog) problem(err error) {
	c.say(words.Explain(err), widget.DangerImportance)
	var (
		conflict *enroll.ConflictError
		hasCard  *enroll.RequestHasCardError
	)
	if errors.As(err, &conflict) || errors.As(err, &hasCard) || errors.Is(err, enroll.ErrCardholderInactive) {
		c.lock()
		c.s.refreshRows()
		c.s.h.Changed()
	}
}

func (c *connectDialog) lock() {
	c.done = true
	for _, w := range c.ways {
		w.stop()
		w.setDone(true)
	}
	c.updateButtons()
}

func (c *connectDialog) say(text string, imp widget.Importance) {
	c.result.Importance = imp
	c.result.SetText(text)
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
