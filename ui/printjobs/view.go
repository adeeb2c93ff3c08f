// Package printjobs is the print queue of the CardDesk desktop app: the
// print log, newest first, with each job's state as the spooler reports
// it, followed while jobs are not finished.
package printjobs

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
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
	// Loads counts the reads, for tests.
	Loads int
	every time.Duration
}

// Open shows the print jobs and follows the unfinished ones until the
// dialog is closed.
func Open(h screen.Host) *View { return OpenEvery(h, interval) }

// OpenEvery is Open asking for the states every given time (tests).
func OpenEvery(h screen.Host, every time.Duration) *View {
	v := &View{h: h, names: map[int64]string{}, stop: make(chan struct{}), every: every}
	v.build()
	h.ShowDialog(v.dlg)
	v.load(false)
	h.Jobs().Go(v.follow)
	return v
}

func (v *View) build() {
	v.list = widget.NewList(func() int { return len(v.jobs) }, newRow, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id < len(v.jobs) {
			fillRow(o, v.jobs[id])
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

func newRow() fyne.CanvasObject {
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	state := widget.NewLabel("")
	state.TextStyle.Bold = true
	return container.NewBorder(nil, nil, nil, state, text)
}

func fillRow(o fyne.CanvasObject, j Job) {
	c := o.(*fyne.Container)
	text, state := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Label)
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
}

// load reads the log; with refresh the unfinished jobs are asked for
// their state first.
func (v *View) load(refresh bool) {
	if v.loading || v.closed {
		return
	}
	v.loading = true
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
		if err != nil {
			widgets.SetMessage(v.problem, words.Explain(err))
			return
		}
		widgets.SetMessage(v.problem, "")
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

// follow asks for the unfinished jobs' states every v.every until the
// dialog closes or the session ends.
func (v *View) follow(ctx context.Context) {
	t := time.NewTicker(v.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-v.stop:
			return
		case <-t.C:
			if len(v.Unfinished()) > 0 {
				v.h.Jobs().Do(func() { v.load(true) })
			}
		}
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
