package uitest

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
)

// Host is the shell as a screen sees it, in a test window: it records the
// status messages and the Changed and Answered calls.
type Host struct {
	App     *App
	Win     fyne.Window
	St      *enroll.Station
	Who     enroll.Actor
	Dialogs dialogs.Stack
	// Messages are the status bar messages, oldest first; failures start
	// with "error: ".
	Messages []string
	// ChangedN and AnsweredN count the calls.
	ChangedN, AnsweredN int
	// Hub, when set before the screen is built, is the station's readers.
	Hub *enroll.ReaderHub

	t       testing.TB
	jobs    *widgets.Jobs
	log     *zap.Logger
	readers *screen.Readers
}

// NewHost opens a 1240×800 test window for actor on the station. Its
// jobs run without the typing delay; the test drains them with Wait.
func NewHost(t testing.TB, st *enroll.Station, actor enroll.Actor) *Host {
	t.Helper()
	a := NewApp(t)
	h := &Host{App: a, St: st, Who: actor, t: t, log: zaptest.NewLogger(t)}
	h.Win = a.NewWindow("test")
	h.Win.Resize(fyne.NewSize(1240, 800))
	h.Dialogs.Win = h.Win
	dialogs.EscapeCloses(h.Win, &h.Dialogs, nil)
	h.jobs = widgets.NewJobs(context.Background())
	h.jobs.Drain, h.jobs.Delay = a.Drain, 0
	t.Cleanup(func() { // before the database closes: nothing may still be loading
		h.jobs.Wait()
		h.jobs.Stop()
	})
	return h
}

// Show puts a screen's content in the window and lets it load.
func (h *Host) Show(s screen.Screen) {
	h.Win.SetContent(s.Content())
	h.Win.Resize(fyne.NewSize(1240, 800))
	h.Wait()
}

// ShowLoaded shows s as the app's main window has it, with the tooltip
// layer pop-ups add their own to, and lets s load as the shell opens it.
func (h *Host) ShowLoaded(s screen.Screen) {
	h.Show(s)
	h.Win.SetContent(widgets.AddToolTips(s.Content(), h.Win.Canvas()))
	h.Win.Resize(fyne.NewSize(1240, 800))
	h.Wait()
	s.Shown()
	h.Wait()
}

// Wait lets every job, debounce and hand-back finish.
func (h *Host) Wait() { h.jobs.Wait() }

// Capture lays the window out at size and, when CARDDESK_CAPTURE names a
// folder, saves a picture of it there as name, to look at.
func (h *Host) Capture(name string, size fyne.Size) {
	h.t.Helper()
	h.Win.Resize(size)
	h.Wait()
	img := h.Win.Canvas().Capture()
	dir := os.Getenv("CARDDESK_CAPTURE")
	if dir == "" {
		return
	}
	out, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		h.t.Fatal(err)
	}
	defer out.Close()
	if err := png.Encode(out, img); err != nil {
		h.t.Fatal(err)
	}
}

// Eventually runs queued UI work until cond holds or five seconds pass.
func (h *Host) Eventually(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.Wait()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// LastMessage is the newest status bar message, "" when none.
func (h *Host) LastMessage() string {
	if len(h.Messages) == 0 {
		return ""
	}
	return h.Messages[len(h.Messages)-1]
}

func (h *Host) Window() fyne.Window        { return h.Win }
func (h *Host) ShowDialog(d dialog.Dialog) { h.Dialogs.Show(d) }

// ShowGuardedDialog shows d; Escape calls dismiss.
func (h *Host) ShowGuardedDialog(d dialog.Dialog, dismiss func()) { h.Dialogs.ShowGuarded(d, dismiss) }
func (h *Host) Station() *enroll.Station                          { return h.St }
func (h *Host) Actor() enroll.Actor                               { return h.Who }
func (h *Host) Jobs() *widgets.Jobs                               { return h.jobs }
func (h *Host) Log() *zap.Logger                                  { return h.log }
func (h *Host) Flash(text string)                                 { h.Messages = append(h.Messages, text) }
func (h *Host) FlashError(text string)                            { h.Messages = append(h.Messages, "error: "+text) }
func (h *Host) Changed()                                          { h.ChangedN++ }
func (h *Host) Answered()                                         { h.AnsweredN++; h.ChangedN++ }

// Readers follows Hub from the first call on; nil without a hub.
func (h *Host) Readers() *screen.Readers {
	if h.Hub == nil {
		return nil
	}
	if h.readers == nil {
		h.readers = screen.NewReaders(h.Hub, h.jobs)
	}
	return h.readers
}

var _ screen.Host = (*Host)(nil)
