package winprint

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Job states, spelled as the print log spells its own, so the spooler
// package maps them one to one without winprint depending on enroll.
const (
	JobPending    = "pending"
	JobProcessing = "processing"
	JobCompleted  = "completed"
	JobAborted    = "aborted"
	JobCancelled  = "cancelled"
)

// ErrJobGone is CancelJob's error for a job the spooler no longer has:
// it was printed and removed, or someone deleted it.
var ErrJobGone = errors.New("the job is no longer in the spooler's queue")

// JOB_STATUS_* bits of JOB_INFO_1's Status (winspool.h).
const (
	jobStatusPaused           = 0x1
	jobStatusError            = 0x2
	jobStatusDeleting         = 0x4
	jobStatusSpooling         = 0x8
	jobStatusPrinting         = 0x10
	jobStatusOffline          = 0x20
	jobStatusPaperOut         = 0x40
	jobStatusPrinted          = 0x80
	jobStatusDeleted          = 0x100
	jobStatusBlockedDevq      = 0x200
	jobStatusUserIntervention = 0x400
	jobStatusRestart          = 0x800
	jobStatusComplete         = 0x1000
	jobStatusRetained         = 0x2000
)

// JobInfo is a spooler job as GetJob level 1 (JOB_INFO_1W) reports it.
type JobInfo struct {
	ID       int
	Printer  string
	Machine  string
	User     string
	Document string
	Datatype string
	// StatusText is pStatus: the driver's or port monitor's own words,
	// usually "".
	StatusText   string
	Status       uint32 // JOB_STATUS_* bits
	Priority     int
	Position     int // in the queue; 1 prints next
	TotalPages   int // 0 while the job is still spooling
	PagesPrinted int
	Submitted    time.Time // UTC
	// Gone is a job the spooler no longer has. Windows drops a job once
	// it is printed unless the queue keeps printed documents, so a job
	// that was submitted and is gone counts as printed.
	Gone bool
}

// State is where the job is, one of the Job* states, and a message in
// words for the print log: the driver's status text when it has one,
// else the status bits', with the pages printed when they are known.
func (j JobInfo) State() (state, message string) {
	state, message = j.classify()
	if j.StatusText != "" {
		message = j.StatusText
	}
	if p := j.pages(); p != "" {
		message += ", " + p
	}
	return state, message
}

// classify reads the status bits most final first: a printed job that is
// being deleted is the spooler clearing it away, not a cancel.
func (j JobInfo) classify() (state, words string) {
	s := j.Status
	switch {
	case j.Gone:
		return JobCompleted, "no longer in the queue, taken as printed"
	case s&jobStatusPrinted != 0 && s&jobStatusRetained != 0:
		return JobCompleted, "printed, kept in the queue"
	case s&jobStatusPrinted != 0:
		return JobCompleted, "printed"
	case s&jobStatusComplete != 0:
		// COMPLETE is the whole job handed to the printer; nothing the
		// queue does now takes the card back.
		return JobCompleted, "sent to the printer"
	case s&jobStatusDeleted != 0:
		return JobCancelled, "deleted"
	case s&jobStatusDeleting != 0:
		return JobCancelled, "being deleted"
	case s&jobStatusBlockedDevq != 0 && s&jobStatusError != 0:
		return JobAborted, "error: the driver cannot print it"
	case s&jobStatusBlockedDevq != 0:
		// Held, not failed: it prints once the queue is set up to take it.
		return JobPending, "blocked: the driver cannot print it as set up"
	case s&jobStatusPaused != 0:
		return JobPending, joinWords("paused", problems(s))
	}
	return j.active()
}

// active is a job the spooler still means to print. Printer problems keep
// it processing: it waits for the operator rather than failing.
func (j JobInfo) active() (state, words string) {
	s := j.Status
	switch p := problems(s); {
	case p != "":
		return JobProcessing, p
	case s&jobStatusRestart != 0:
		return JobProcessing, "restarting"
	case s&jobStatusPrinting != 0:
		return JobProcessing, "printing"
	case s&jobStatusSpooling != 0:
		return JobProcessing, "spooling"
	case j.Position > 0:
		return JobPending, fmt.Sprintf("waiting in the queue (position %d)", j.Position)
	}
	return JobPending, "waiting in the queue"
}

// problems names what the printer needs from the operator; a bare error
// only when nothing more precise is set.
func problems(s uint32) string {
	var w []string
	if s&jobStatusPaperOut != 0 {
		w = append(w, "out of cards")
	}
	if s&jobStatusOffline != 0 {
		w = append(w, "printer offline")
	}
	if s&jobStatusUserIntervention != 0 {
		w = append(w, "needs attention")
	}
	if len(w) == 0 && s&jobStatusError != 0 {
		w = append(w, "error")
	}
	return strings.Join(w, ", ")
}

// pages is how far printing got, "" when the spooler does not say.
func (j JobInfo) pages() string {
	switch {
	case j.Gone || j.TotalPages <= 0 && j.PagesPrinted <= 0:
		return ""
	case j.TotalPages <= 0 || j.PagesPrinted > j.TotalPages:
		// Driver-made copies can print more pages than were spooled.
		return fmt.Sprintf("%d %s printed", j.PagesPrinted, plural(j.PagesPrinted))
	}
	return fmt.Sprintf("%d of %d %s printed", j.PagesPrinted, j.TotalPages, plural(j.TotalPages))
}

func plural(n int) string {
	if n == 1 {
		return "page"
	}
	return "pages"
}

func joinWords(a, b string) string {
	if b == "" {
		return a
	}
	return a + ", " + b
}
