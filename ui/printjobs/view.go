// Package printjobs is the print queue of the CardDesk desktop app: the
// print log, newest first, with each job's state as the spooler reports
// it, followed while jobs are not finished.
package printjobs

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// Limit is how many jobs of the log the view shows.
const Limit = 200

// interval is how often unfinished jobs are asked for their state.
const interval = 2 * time.Second

// Job is one row: a job of the log and its cardholder's name.
type Job struct {
	enroll.PrintJob
	Name string
}

// View is the open Print jobs dialog.
type View struct {
	h       screen.Host
	dlg     *dialog.CustomDialog
	list    *widget.List
	empty   *widget.Label
	problem *widget.Label

	mu      sync.Mutex
	jobs    []Job
	names   map[int64]string
	closed  bool
	stop    chan struct{}
	loading bool
	again   bool // a reload was asked for while one was running
	// cancelling are the jobs being cancelled; their buttons are disabled.
	cancelling map[int64]bool
	// failed is why the last cancel failed; it stays under the list until
	// the next cancel, as reloads go on.
	failed string
	// question is the open "cancel this job?" question, for tests.
	question *dialog.ConfirmDialog
	// Loads counts the reads, for tests.
	Loads int
	every time.Duration
}

// Open shows the print jobs and follows the unfinished ones until the
// dialog is closed.
func Open(h screen.Host) *View { return OpenEvery(h, interval) }

// OpenEvery is Open asking for the states every given time (tests).
func OpenEvery(h screen.Host, every time.Duration) *View {
	v := &View{h: h, names: map[int64]string{}, cancelling: map[int64]bool{}, stop: make(chan struct{}), every: every}
	v.build()
	h.ShowDialog(v.dlg)
	v.load(false)
	h.Jobs().Every(v.every, v.stop, v.follow)
	return v
}

func (v *View) build() {
	v.list = widget.NewList(func() int { return len(v.jobs) }, newRow, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id < len(v.jobs) {
			v.fillRow(o, v.jobs[id])
		}
	})
	v.empty = widget.NewLabel(lang.L("No badges were printed yet."))
	v.empty.Hide()
	v.problem = widgets.Problem()
	hint := widget.NewLabel(lang.L("Newest first. Unfinished jobs are followed while this window is open."))
	hint.Importance, hint.Wrapping = widget.LowImportance, fyne.TextWrapWord
	body := container.NewBorder(hint, v.problem, nil, nil, container.NewStack(v.list, container.NewCenter(v.empty)))
	v.dlg = dialog.NewCustomWithoutButtons(lang.L("Print jobs"), widgets.AtLeast(820, 400, body), v.h.Window())
	closeBtn := widget.NewButtonWithIcon(lang.L("Close"), theme.CancelIcon(), v.dlg.Hide)
	refresh := widget.NewButtonWithIcon(lang.L("Refresh"), theme.ViewRefreshIcon(), func() { v.load(true) })
	v.dlg.SetButtons([]fyne.CanvasObject{refresh, closeBtn})
	v.dlg.SetOnClosed(v.close)
}

// newRow is a job's line, then its state and, while the job is not
// finished, the button that cancels it.
func newRow() fyne.CanvasObject {
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	state := widget.NewLabel("")
	state.TextStyle.Bold = true
	cancel := widget.NewButtonWithIcon(lang.L("Cancel job"), theme.CancelIcon(), nil)
	// Shown in the template, so every row is as tall as the button; fillRow
	// hides it on finished jobs.
	cancel.Importance = widget.LowImportance
	// The state and the button keep their room whatever the row shows, so
	// the states line up and nothing overlaps when the button comes back.
	stateW := float32(0)
	for _, st := range []enroll.PrintJobState{enroll.PrintPending, enroll.PrintProcessing, enroll.PrintCompleted,
		enroll.PrintAborted, enroll.PrintCancelled} {
		stateW = max(stateW, fyne.MeasureText(words.PrintState(st), theme.TextSize(), state.TextStyle).Width)
	}
	right := container.NewHBox(widgets.AtLeast(stateW+2*theme.InnerPadding(), 0, state),
		widgets.AtLeast(cancel.MinSize().Width, 0, cancel))
	return container.NewBorder(nil, nil, nil, right, text)
}

// rowParts are the widgets of a row made by newRow.
func rowParts(o fyne.CanvasObject) (text, state *widget.Label, cancel *widget.Button) {
	c := o.(*fyne.Container)
	right := c.Objects[1].(*fyne.Container)
	slot := func(i int) fyne.CanvasObject { return right.Objects[i].(*fyne.Container).Objects[0] }
	return c.Objects[0].(*widget.Label), slot(0).(*widget.Label), slot(1).(*widget.Button)
}

func (v *View) fillRow(o fyne.CanvasObject, j Job) {
	text, state, cancel := rowParts(o)
	line := lang.X("printjobs.row", "{{.When}} · {{.Name}} · {{.Printer}} · {{.Operator}}",
		map[string]any{"When": words.Time(j.At), "Name": j.Name, "Printer": j.Printer, "Operator": j.Operator})
	if j.Reason != "" {
		line += " · " + lang.X("printjobs.reprint", "reprint: {{.Reason}}", map[string]any{"Reason": j.Reason})
	}
	if j.Message != "" {
		line += " · " + j.Message
	}
	text.SetText(line)
	state.SetText(words.PrintState(j.State))
	switch j.State {
	case enroll.PrintAborted, enroll.PrintCancelled:
		state.Importance = widget.DangerImportance
	case enroll.PrintCompleted:
		state.Importance = widget.SuccessImportance
	default:
		state.Importance = widget.WarningImportance
	}
	state.Refresh()
	if j.State.Final() {
		cancel.OnTapped = nil
		cancel.Hide()
		return
	}
	cancel.OnTapped = func() { v.askCancel(j) }
	if v.h.Actor().Can(enroll.PermRespondRequests) && !v.cancelling[j.ID] {
		cancel.Enable()
	} else {
		cancel.Disable()
	}
	cancel.Show()
}

// askCancel asks before cancelling j, then cancels it at the spooler and
// reloads the log.
func (v *View) askCancel(j Job) {
	msg := lang.X("printjobs.cancel.ask", "Cancel the print job of {{.Name}} on {{.Printer}}? The printer stops it if it has not printed it yet.",
		map[string]any{"Name": j.Name, "Printer": j.Printer})
	d := dialogs.Confirm(v.h, lang.L("Cancel print job"), msg, lang.L("Cancel job"), func() { v.cancel(j) })
	d.SetDismissText(lang.L("Keep printing"))
	d.SetOnClosed(func() {
		if v.question == d {
			v.question = nil
		}
	})
	v.question = d
}

func (v *View) cancel(j Job) {
	if v.closed || v.cancelling[j.ID] {
		return
	}
	v.cancelling[j.ID] = true
	v.failed = ""
	v.list.Refresh()
	st, ctx, actor := v.h.Station(), v.h.Jobs().Context(), v.h.Actor()
	widgets.Go(v.h.Jobs(), func() (enroll.PrintJob, error) {
		return st.Printing.Cancel(ctx, actor, j.ID)
	}, func(done enroll.PrintJob, err error) {
		delete(v.cancelling, j.ID)
		if err != nil {
			v.failed = words.Explain(err)
			widgets.SetMessage(v.problem, v.failed)
		} else {
			widgets.SetMessage(v.problem, "")
			v.h.Flash(lang.X("printjobs.cancel.done", "Print job of {{.Name}} cancelled.", map[string]any{"Name": j.Name}))
			v.mu.Lock()
			for i := range v.jobs {
				if v.jobs[i].ID == done.ID {
					v.jobs[i].PrintJob = done
				}
			}
			v.mu.Unlock()
		}
		v.list.Refresh()
		v.load(true)
	})
}

// load reads the log; with refresh the unfinished jobs are asked for
// their state first.
func (v *View) load(refresh bool) {
	if v.closed {
		return
	}
	if v.loading {
		v.again = true
		return
	}
	v.loading, v.again = true, false
	st, ctx, actor := v.h.Station(), v.h.Jobs().Context(), v.h.Actor()
	names := v.names
	var open []int64
	if refresh {
		open = v.Unfinished()
	}
	widgets.Go(v.h.Jobs(), func() ([]Job, error) {
		if len(open) > 0 {
			if _, err := st.Printing.Refresh(ctx, actor, open...); err != nil {
				return nil, err
			}
		}
		js, err := st.Printing.Jobs(ctx, actor, Limit)
		if err != nil {
			return nil, err
		}
		out := make([]Job, len(js))
		seen := map[int64]string{}
		for i, j := range js {
			n, ok := seen[j.CardholderID]
			if !ok {
				n = names[j.CardholderID] // read on the UI goroutine before: only read here
				if n == "" {
					if c, err := st.Cardholders.Get(ctx, actor, j.CardholderID); err == nil {
						n = c.FullName()
					}
				}
				seen[j.CardholderID] = n
			}
			out[i] = Job{PrintJob: j, Name: n}
		}
		return out, nil
	}, func(js []Job, err error) {
		v.loading = false
		v.Loads++
		if v.again {
			// What was read may be older than what was asked for since.
			defer v.load(true)
		}
		if err != nil {
			widgets.SetMessage(v.problem, words.Explain(err))
			return
		}
		widgets.SetMessage(v.problem, v.failed)
		fresh := map[int64]string{}
		for _, j := range js {
			fresh[j.CardholderID] = j.Name
		}
		v.names = fresh
		v.mu.Lock()
		v.jobs = js
		v.mu.Unlock()
		v.empty.Hidden = len(js) > 0
		v.empty.Refresh()
		v.list.Refresh()
	})
}

// Unfinished are the ids of the jobs shown that may still change.
func (v *View) Unfinished() []int64 {
	v.mu.Lock()
	defer v.mu.Unlock()
	var ids []int64
	for _, j := range v.jobs {
		if !j.State.Final() {
			ids = append(ids, j.ID)
		}
	}
	return ids
}

// Jobs are the rows shown now.
func (v *View) Jobs() []Job {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]Job(nil), v.jobs...)
}

// follow asks for the unfinished jobs' states; it runs every v.every
// until the dialog closes or the session ends.
func (v *View) follow() {
	if len(v.Unfinished()) > 0 {
		v.h.Jobs().Do(func() { v.load(true) })
	}
}

// Closed reports whether the dialog was closed.
func (v *View) Closed() bool { return v.closed }

// Dialog is the view's dialog.
func (v *View) Dialog() dialog.Dialog { return v.dlg }

func (v *View) close() {
	if !v.closed {
		v.closed = true
		close(v.stop)
	}
}
