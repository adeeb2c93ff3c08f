package printjobs

import (
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/words"
)

func TestPrintJobsListsTheLogNewestFirst(t *testing.T) {
	st, _ := uitest.PrintStation(t)
	admin := uitest.SetupAdmin(t, st)
	people := uitest.AddCardholders(t, st, admin, "Anna", "Bob")
	ts := uitest.AddTemplates(t, st, admin, uitest.OneSided("Guest"))
	ctx := context.Background()
	for _, p := range people {
		if _, err := st.Printing.Print(ctx, admin, enroll.PrintRequest{Printer: uitest.PrinterName,
			TemplateID: ts[0].ID, CardholderIDs: []int64{p.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	h := uitest.NewHost(t, st, admin)
	const every = 20 * time.Millisecond
	v := OpenEvery(h, every)
	h.Wait()
	js := v.Jobs()
	if len(js) != 2 || js[0].Name != "Bob Tester" || js[1].Name != "Anna Tester" {
		t.Fatalf("jobs %+v, want Bob's then Anna's", js)
	}
	for _, j := range js {
		if w := words.PrintState(j.State); w == "" {
			t.Errorf("state %q not worded", j.State)
		}
	}
	if h.Dialogs.Len() != 1 {
		t.Fatal("no dialog")
	}
	v.Dialog().Hide()
	if !v.Closed() {
		t.Error("closing the dialog does not stop following")
	}
	n := v.Loads
	time.Sleep(3 * every)
	h.Wait()
	if v.Loads != n {
		t.Error("reads go on after the dialog closed")
	}
}

// slowSpooler is a printer whose jobs stay processing until done is set.
// It records the jobs it is told to cancel, and refuses with cancelErr
// when that is set. (No real adapter keeps a job unfinished: the folder
// printer completes each at once, and the CUPS rig needs a cupsd of the
// test's own with a stopped queue.)
type slowSpooler struct {
	mu        sync.Mutex
	done      bool
	n         int
	cancelled []string
	cancelErr error
}

func (s *slowSpooler) Printers(context.Context) ([]enroll.PrinterInfo, error) {
	return []enroll.PrinterInfo{{Name: "Slow", Kind: "cups", Status: "idle", Default: true}}, nil
}

func (s *slowSpooler) Submit(_ context.Context, _ string, doc enroll.PrintDocument) (string, error) {
	if err := badge.WritePDFWith(io.Discard, doc.Template, doc.Badges, doc.PageOptions()); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return strconv.Itoa(s.n), nil
}

func (s *slowSpooler) JobState(context.Context, string, string) (enroll.PrintJobState, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return enroll.PrintCompleted, "", nil
	}
	return enroll.PrintProcessing, "", nil
}

func (s *slowSpooler) Cancel(_ context.Context, _, ref string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancelErr != nil {
		return s.cancelErr
	}
	s.cancelled = append(s.cancelled, ref)
	return nil
}

func (s *slowSpooler) set(fn func(s *slowSpooler)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s)
}

// Cancelled are the refs of the jobs cancelled at the spooler.
func (s *slowSpooler) Cancelled() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.cancelled)
}

func TestPrintJobsFollowUnfinishedJobs(t *testing.T) {
	sp := &slowSpooler{}
	st := uitest.StationWith(t, enroll.Options{Spooler: sp})
	admin := uitest.SetupAdmin(t, st)
	people := uitest.AddCardholders(t, st, admin, "Anna")
	ts := uitest.AddTemplates(t, st, admin, uitest.OneSided("Guest"))
	if _, err := st.Printing.Print(context.Background(), admin, enroll.PrintRequest{Printer: "Slow",
		TemplateID: ts[0].ID, CardholderIDs: []int64{people[0].ID}}); err != nil {
		t.Fatal(err)
	}
	h := uitest.NewHost(t, st, admin)
	v := OpenEvery(h, 10*time.Millisecond)
	h.Wait()
	if js := v.Jobs(); len(js) != 1 || js[0].State != enroll.PrintProcessing {
		t.Fatalf("jobs %+v", js)
	}
	sp.mu.Lock()
	sp.done = true
	sp.mu.Unlock()
	h.Eventually("the job completed", func() bool {
		js := v.Jobs()
		return len(js) == 1 && js[0].State == enroll.PrintCompleted
	})
	if len(v.Unfinished()) != 0 {
		t.Error("a completed job is still followed")
	}
	v.Dialog().Hide()
}

// cancelRig is a station printing to a slowSpooler, with Anna's badge
// printed and completed and Bob's printed and still processing, and the
// Print jobs dialog open on it.
type cancelRig struct {
	t         *testing.T
	sp        *slowSpooler
	st        *enroll.Station
	admin     enroll.Actor
	h         *uitest.Host
	v         *View
	anna, bob Job
}

func newCancelRig(t *testing.T) *cancelRig {
	t.Helper()
	r := &cancelRig{t: t, sp: &slowSpooler{}}
	r.st = uitest.StationWith(t, enroll.Options{Spooler: r.sp})
	r.admin = uitest.SetupAdmin(t, r.st)
	people := uitest.AddCardholders(t, r.st, r.admin, "Anna", "Bob")
	ts := uitest.AddTemplates(t, r.st, r.admin, uitest.OneSided("Guest"))
	ctx := context.Background()
	print := func(c enroll.Cardholder) {
		t.Helper()
		if _, err := r.st.Printing.Print(ctx, r.admin, enroll.PrintRequest{Printer: "Slow",
			TemplateID: ts[0].ID, CardholderIDs: []int64{c.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	print(people[0])
	r.sp.set(func(s *slowSpooler) { s.done = true })
	if _, err := r.st.Printing.Refresh(ctx, r.admin); err != nil {
		t.Fatal(err)
	}
	r.sp.set(func(s *slowSpooler) { s.done = false })
	print(people[1])

	r.h = uitest.NewHost(t, r.st, r.admin)
	r.v = OpenEvery(r.h, time.Hour) // the test reloads itself
	r.h.Wait()
	t.Cleanup(func() { r.v.Dialog().Hide() })
	js := r.v.Jobs()
	if len(js) != 2 || js[0].Name != "Bob Tester" || js[0].State != enroll.PrintProcessing ||
		js[1].Name != "Anna Tester" || js[1].State != enroll.PrintCompleted {
		t.Fatalf("jobs %+v, want Bob's processing and Anna's completed", js)
	}
	r.bob, r.anna = js[0], js[1]
	return r
}

// shownRow is a row of the list as it is drawn.
type shownRow struct {
	text, state string
	cancel      *widget.Button // nil when the row has no visible Cancel job button
}

// rows are the rows the list draws, by cardholder name.
func (r *cancelRig) rows() map[string]shownRow {
	r.t.Helper()
	out := map[string]shownRow{}
	for _, o := range test.LaidOutObjects(r.v.list) {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) != 2 || !c.Visible() {
			continue
		}
		text, ok := c.Objects[0].(*widget.Label)
		right, ok2 := c.Objects[1].(*fyne.Container)
		if !ok || !ok2 || len(right.Objects) != 2 || text.Text == "" {
			continue
		}
		_, state, btn := rowParts(c)
		row := shownRow{text: text.Text, state: state.Text}
		if btn.Visible() {
			row.cancel = btn
		}
		for _, name := range []string{"Anna Tester", "Bob Tester"} {
			if strings.Contains(text.Text, name) {
				if _, dup := out[name]; dup {
					r.t.Fatalf("two rows of %s", name)
				}
				out[name] = row
			}
		}
	}
	return out
}

// row is the drawn row of the cardholder.
func (r *cancelRig) row(name string) shownRow {
	r.t.Helper()
	row, ok := r.rows()[name]
	if !ok {
		r.t.Fatalf("no row of %s in %+v", name, r.rows())
	}
	return row
}

// tapCancel taps Cancel job on the cardholder's row and returns the question.
func (r *cancelRig) tapCancel(name string) {
	r.t.Helper()
	row := r.row(name)
	if row.cancel == nil {
		r.t.Fatalf("the row of %s has no Cancel job button", name)
	}
	test.Tap(row.cancel)
	if r.v.question == nil {
		r.t.Fatal("Cancel job does not ask first")
	}
}

// stillProcessing checks that Bob's job was left alone: processing in the
// log and on screen, and nothing said in the status bar.
func (r *cancelRig) stillProcessing() {
	r.t.Helper()
	if s := r.logged(r.bob.ID); s != enroll.PrintProcessing {
		r.t.Errorf("Bob's job is %s in the log, want processing", s)
	}
	if s := r.shown(r.bob.ID); s != enroll.PrintProcessing {
		r.t.Errorf("Bob's job shows %s", s)
	}
	if len(r.h.Messages) != 0 {
		r.t.Errorf("status bar says %v", r.h.Messages)
	}
}

// logged is the state of the job in the print log.
func (r *cancelRig) logged(id int64) enroll.PrintJobState {
	r.t.Helper()
	js, err := r.st.Printing.Jobs(context.Background(), r.admin, 0)
	if err != nil {
		r.t.Fatal(err)
	}
	for _, j := range js {
		if j.ID == id {
			return j.State
		}
	}
	r.t.Fatalf("job %d is not in the log", id)
	return ""
}

func (r *cancelRig) shown(id int64) enroll.PrintJobState {
	for _, j := range r.v.Jobs() {
		if j.ID == id {
			return j.State
		}
	}
	r.t.Fatalf("job %d is not shown", id)
	return ""
}

func TestCancelJobButtonOnlyOnUnfinishedRows(t *testing.T) {
	r := newCancelRig(t)
	bob, anna := r.row("Bob Tester"), r.row("Anna Tester")
	if anna.cancel != nil {
		t.Error("the completed job has a Cancel job button")
	}
	if bob.cancel == nil {
		t.Fatal("the processing job has no Cancel job button")
	}
	if bob.cancel.Text != "Cancel job" || bob.cancel.Disabled() {
		t.Errorf("button %q, disabled %v; want an enabled Cancel job", bob.cancel.Text, bob.cancel.Disabled())
	}

	// Someone who may not answer requests sees the button disabled.
	r.h.Who = enroll.Actor{ID: r.admin.ID, Name: "viewer", Role: "viewer"}
	r.v.list.Refresh()
	if b := r.row("Bob Tester").cancel; b == nil || !b.Disabled() {
		t.Error("the button is not disabled without the permission to print")
	}
}

func TestCancelJobAfterConfirming(t *testing.T) {
	r := newCancelRig(t)
	r.tapCancel("Bob Tester")
	q := r.v.question
	if r.h.Dialogs.Len() != 2 {
		t.Errorf("%d dialogs open, want the question over Print jobs", r.h.Dialogs.Len())
	}
	loads := r.v.Loads
	q.Confirm()
	r.h.Wait()

	if got := r.sp.Cancelled(); len(got) != 1 || got[0] != r.bob.JobRef {
		t.Errorf("spooler cancelled %v, want [%s]", got, r.bob.JobRef)
	}
	if s := r.logged(r.bob.ID); s != enroll.PrintCancelled {
		t.Errorf("Bob's job is %s in the log, want cancelled", s)
	}
	if s := r.shown(r.bob.ID); s != enroll.PrintCancelled {
		t.Errorf("Bob's job shows %s, want cancelled", s)
	}
	if r.v.Loads == loads {
		t.Error("the log was not read again after cancelling")
	}
	row := r.row("Bob Tester")
	if row.state != words.PrintState(enroll.PrintCancelled) || row.cancel != nil {
		t.Errorf("Bob's row shows %q with button %v; want cancelled without a button", row.state, row.cancel != nil)
	}
	if s := r.logged(r.anna.ID); s != enroll.PrintCompleted {
		t.Errorf("Anna's job became %s", s)
	}
	if m := r.h.LastMessage(); m != "Print job of Bob Tester cancelled." {
		t.Errorf("status bar says %q", m)
	}
	if r.v.problem.Visible() {
		t.Errorf("problem shown: %q", r.v.problem.Text)
	}
	if r.v.question != nil || r.h.Dialogs.Len() != 1 {
		t.Error("the question is still open")
	}
}

func TestCancelJobQuestionNamesCardholderAndPrinter(t *testing.T) {
	r := newCancelRig(t)
	r.tapCancel("Bob Tester")
	var texts []string
	for _, o := range test.LaidOutObjects(r.h.Win.Canvas().Overlays().Top()) {
		switch w := o.(type) {
		case *widget.Label:
			texts = append(texts, w.Text)
		case *widget.Button:
			texts = append(texts, "["+w.Text+"]")
		}
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"Cancel the print job of Bob Tester on Slow?", "[Cancel job]", "[Keep printing]"} {
		if !strings.Contains(all, want) {
			t.Errorf("the question lacks %q: %s", want, all)
		}
	}
	r.v.question.Dismiss()
	r.h.Wait()
}

func TestKeepPrintingCancelsNothing(t *testing.T) {
	r := newCancelRig(t)
	r.tapCancel("Bob Tester")
	r.v.question.Dismiss()
	r.h.Wait()
	if got := r.sp.Cancelled(); len(got) != 0 {
		t.Errorf("spooler cancelled %v", got)
	}
	r.stillProcessing()
	if r.row("Bob Tester").cancel == nil {
		t.Error("the button went away")
	}
	if r.v.question != nil || r.h.Dialogs.Len() != 1 {
		t.Error("the question is still open")
	}
}

func TestCancelJobSpoolerErrorShowsInProblemLine(t *testing.T) {
	r := newCancelRig(t)
	offline := errors.New("printer Slow is offline")
	r.sp.set(func(s *slowSpooler) { s.cancelErr = offline })
	r.tapCancel("Bob Tester")
	r.v.question.Confirm()
	r.h.Wait()

	want := words.Explain(offline)
	if !r.v.problem.Visible() || r.v.problem.Text != want || !strings.Contains(want, "printer Slow is offline") {
		t.Errorf("problem line %q (visible %v), want %q", r.v.problem.Text, r.v.problem.Visible(), want)
	}
	r.stillProcessing()
	if b := r.row("Bob Tester").cancel; b == nil || b.Disabled() {
		t.Error("the job cannot be cancelled again")
	}

	// The explanation stays as the log is read again, and goes once a
	// cancel succeeds.
	r.v.load(true)
	r.h.Wait()
	if r.v.problem.Text != want || !r.v.problem.Visible() {
		t.Errorf("a reload cleared the explanation: %q", r.v.problem.Text)
	}
	r.sp.set(func(s *slowSpooler) { s.cancelErr = nil })
	r.tapCancel("Bob Tester")
	r.v.question.Confirm()
	r.h.Wait()
	if r.v.problem.Visible() {
		t.Errorf("problem still shown after cancelling: %q", r.v.problem.Text)
	}
	if s := r.shown(r.bob.ID); s != enroll.PrintCancelled {
		t.Errorf("Bob's job shows %s, want cancelled", s)
	}
}

func TestCancelJobFinishedMeanwhile(t *testing.T) {
	r := newCancelRig(t)
	r.tapCancel("Bob Tester")
	// The printer finishes the job while the question is open.
	r.sp.set(func(s *slowSpooler) { s.done = true })
	if _, err := r.st.Printing.Refresh(context.Background(), r.admin, r.bob.ID); err != nil {
		t.Fatal(err)
	}
	r.v.question.Confirm()
	r.h.Wait()
	if got := r.sp.Cancelled(); len(got) != 0 {
		t.Errorf("spooler cancelled %v", got)
	}
	if !r.v.problem.Visible() || r.v.problem.Text == "" {
		t.Error("the refusal is not explained")
	}
	row := r.row("Bob Tester")
	if row.state != words.PrintState(enroll.PrintCompleted) || row.cancel != nil {
		t.Errorf("Bob's row shows %q with button %v; want completed without a button", row.state, row.cancel != nil)
	}
}
