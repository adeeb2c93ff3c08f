package winprint

import (
	"errors"
	"runtime"
	"testing"
)

func TestJobState(t *testing.T) {
	tests := []struct {
		name    string
		job     JobInfo
		state   string
		message string
	}{
		{"gone", JobInfo{Gone: true, TotalPages: 2}, JobCompleted, "no longer in the queue, taken as printed"},
		{"printed", JobInfo{Status: jobStatusPrinted, TotalPages: 2, PagesPrinted: 2}, JobCompleted, "printed, 2 of 2 pages printed"},
		{"printed and retained", JobInfo{Status: jobStatusPrinted | jobStatusRetained}, JobCompleted, "printed, kept in the queue"},
		{"complete", JobInfo{Status: jobStatusComplete}, JobCompleted, "sent to the printer"},
		{"printed while deleting", JobInfo{Status: jobStatusPrinted | jobStatusDeleting}, JobCompleted, "printed"},
		{"complete while deleting", JobInfo{Status: jobStatusComplete | jobStatusDeleting}, JobCompleted, "sent to the printer"},
		{"deleting", JobInfo{Status: jobStatusDeleting | jobStatusPrinting}, JobCancelled, "being deleted"},
		{"deleted", JobInfo{Status: jobStatusDeleted}, JobCancelled, "deleted"},
		{"blocked with error", JobInfo{Status: jobStatusBlockedDevq | jobStatusError}, JobAborted, "error: the driver cannot print it"},
		{"blocked", JobInfo{Status: jobStatusBlockedDevq}, JobPending, "blocked: the driver cannot print it as set up"},
		{"paused", JobInfo{Status: jobStatusPaused}, JobPending, "paused"},
		{"paused and offline", JobInfo{Status: jobStatusPaused | jobStatusOffline}, JobPending, "paused, printer offline"},
		{"queued", JobInfo{}, JobPending, "waiting in the queue"},
		{"queued behind others", JobInfo{Position: 3, TotalPages: 2}, JobPending, "waiting in the queue (position 3), 0 of 2 pages printed"},
		{"spooling", JobInfo{Status: jobStatusSpooling}, JobProcessing, "spooling"},
		{"printing", JobInfo{Status: jobStatusPrinting, TotalPages: 2, PagesPrinted: 1}, JobProcessing, "printing, 1 of 2 pages printed"},
		{"restarting", JobInfo{Status: jobStatusRestart | jobStatusPrinting}, JobProcessing, "restarting"},
		{"out of cards", JobInfo{Status: jobStatusPrinting | jobStatusPaperOut}, JobProcessing, "out of cards"},
		{"offline", JobInfo{Status: jobStatusOffline}, JobProcessing, "printer offline"},
		{"needs attention", JobInfo{Status: jobStatusUserIntervention | jobStatusError}, JobProcessing, "needs attention"},
		{"error", JobInfo{Status: jobStatusError | jobStatusPrinting}, JobProcessing, "error"},
		{"several problems", JobInfo{Status: jobStatusPaperOut | jobStatusOffline | jobStatusError}, JobProcessing, "out of cards, printer offline"},
		{"driver text", JobInfo{Status: jobStatusError | jobStatusPrinting, StatusText: "Ribbon out"}, JobProcessing, "Ribbon out"},
		{"driver text and pages", JobInfo{Status: jobStatusPrinting, StatusText: "Laminating", TotalPages: 1}, JobProcessing, "Laminating, 0 of 1 page printed"},
		{"driver text on a printed job", JobInfo{Status: jobStatusPrinted, StatusText: "Done"}, JobCompleted, "Done"},
		{"copies beyond the total", JobInfo{Status: jobStatusPrinting, TotalPages: 2, PagesPrinted: 4}, JobProcessing, "printing, 4 pages printed"},
		{"pages without a total", JobInfo{Status: jobStatusPrinting, PagesPrinted: 1}, JobProcessing, "printing, 1 page printed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			state, msg := tt.job.State()
			if state != tt.state || msg != tt.message {
				t.Errorf("State() = %q, %q; want %q, %q", state, msg, tt.state, tt.message)
			}
		})
	}
}

func TestJobNotWindows(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stubs are for other systems")
	}
	if _, err := Job("Card printer", 1); !errors.Is(err, ErrNotWindows) {
		t.Errorf("Job: %v, want ErrNotWindows", err)
	}
	if err := CancelJob("Card printer", 1); !errors.Is(err, ErrNotWindows) {
		t.Errorf("CancelJob: %v, want ErrNotWindows", err)
	}
}
