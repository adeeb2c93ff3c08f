package printjobs

import (
	"context"
	"io"
	"strconv"
	"sync"
	"testing"
	"time"

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
type slowSpooler struct {
	mu   sync.Mutex
	done bool
	n    int
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

func (s *slowSpooler) Cancel(context.Context, string, string) error { return nil }

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
