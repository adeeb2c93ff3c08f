package cups

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/OpenPrinting/goipp"
)

// Options of a print job.
type Options struct {
	Copies int    // 0 means 1
	Sides  string // one-sided (also for "") or two-sided-long-edge
	// Media is a media-supported keyword of the queue; "" picks its CR80
	// media, and a queue without one is a *NoCR80MediaError.
	Media string
	Title string // job-name, e.g. "Badge of Jane Doe"
	User  string // requesting-user-name; "" is the user the station runs as
}

// Sides values.
const (
	OneSided         = "one-sided"
	TwoSidedLongEdge = "two-sided-long-edge"
)

// Job states, as Job.State spells them.
const (
	JobPending    = "pending"
	JobHeld       = "held"
	JobProcessing = "processing"
	JobStopped    = "stopped"
	JobCancelled  = "cancelled"
	JobAborted    = "aborted"
	JobCompleted  = "completed"
)

// Job is a print job and its state.
type Job struct {
	ID      int
	Printer string
	State   string   // pending, held, processing, stopped, cancelled, aborted or completed
	Reasons []string // job-state-reasons without "none", e.g. "printer-stopped"
	Message string   // job-state-message, else job-printer-state-message; may be ""
}

// Done tells whether the job has ended (completed, aborted or cancelled).
func (j Job) Done() bool {
	return j.State == JobCompleted || j.State == JobAborted || j.State == JobCancelled
}

// jobAttrs are the attributes Job asks for.
var jobAttrs = []string{"job-id", "job-state", "job-state-reasons", "job-state-message", "job-printer-state-message", "job-printer-uri"}

// Print sends pdf to the queue as one job (Print-Job): application/pdf,
// unscaled (print-scaling none, fit-to-page false), with the copies, sides
// and media of o. It checks the queue first: it must exist, have the media
// (its CR80 media when o.Media is ""), and print two sides if asked to.
func (c *Client) Print(ctx context.Context, printer string, pdf io.Reader, o Options) (Job, error) {
	p, err := c.Printer(ctx, printer)
	if err != nil {
		return Job{}, err
	}
	copies := o.Copies
	if copies == 0 {
		copies = 1
	}
	if copies < 1 {
		return Job{}, fmt.Errorf("cups: print on %q: %d copies", printer, copies)
	}
	sides := o.Sides
	switch sides {
	case "", OneSided:
		sides = OneSided
	case TwoSidedLongEdge:
		if !p.Duplex {
			return Job{}, &NoDuplexError{Printer: printer}
		}
	default:
		return Job{}, fmt.Errorf("cups: print on %q: sides %q is neither %s nor %s", printer, o.Sides, OneSided, TwoSidedLongEdge)
	}
	media := o.Media
	if media != "" && len(p.Media) > 0 && !slices.Contains(p.Media, media) {
		return Job{}, &UnsupportedMediaError{Printer: printer, Media: media, Offered: p.Media}
	}
	if media == "" {
		media = p.CR80Media
		if media == "" {
			return Job{}, &NoCR80MediaError{Printer: printer, Media: p.Media}
		}
	}
	title := o.Title
	if title == "" {
		title = "CardDesk badge"
	}
	req := c.request(goipp.OpPrintJob, printer, o.User)
	req.Operation.Add(goipp.MakeAttribute("job-name", goipp.TagName, goipp.String(title)))
	req.Operation.Add(goipp.MakeAttribute("document-format", goipp.TagMimeType, goipp.String("application/pdf")))
	req.Job.Add(goipp.MakeAttribute("copies", goipp.TagInteger, goipp.Integer(copies)))
	req.Job.Add(goipp.MakeAttribute("sides", goipp.TagKeyword, goipp.String(sides)))
	req.Job.Add(goipp.MakeAttribute("media", goipp.TagKeyword, goipp.String(media)))
	req.Job.Add(goipp.MakeAttribute("print-scaling", goipp.TagKeyword, goipp.String("none")))
	req.Job.Add(goipp.MakeAttribute("fit-to-page", goipp.TagBoolean, goipp.Boolean(false)))
	rsp, err := c.do(ctx, req, printer, pdf)
	if err != nil {
		return Job{}, err
	}
	j, ok := jobOf(rsp)
	if !ok || j.ID <= 0 {
		return Job{}, fmt.Errorf("cups: Print-Job on %q: the response has no job-id: %w", printer, ErrBadResponse)
	}
	j.Printer = printer
	c.log.Info("print job sent", zapJob(j)...)
	return j, nil
}

// Job returns a job's state (Get-Job-Attributes). A job that waits on a
// stopped (paused) queue has the reason "printer-stopped" and, when it has
// no message of its own, the queue's state message. A job the queue does not
// know (or no longer keeps) is an *UnknownJobError.
func (c *Client) Job(ctx context.Context, printer string, id int) (Job, error) {
	req := c.request(goipp.OpGetJobAttributes, printer, "")
	req.Operation.Add(goipp.MakeAttribute("job-id", goipp.TagInteger, goipp.Integer(id)))
	requested(req, jobAttrs)
	rsp, err := c.do(ctx, req, printer, nil)
	if err != nil {
		if rsp != nil && goipp.Status(rsp.Code) == goipp.StatusErrorNotFound {
			return Job{}, &UnknownJobError{Printer: printer, ID: id}
		}
		return Job{}, err
	}
	j, ok := jobOf(rsp)
	if !ok {
		return Job{}, fmt.Errorf("cups: Get-Job-Attributes of job %d on %q: no job attributes in the response: %w", id, printer, ErrBadResponse)
	}
	if j.ID == 0 {
		j.ID = id
	}
	j.Printer = printer
	if (j.State == JobPending || j.State == JobStopped) && !slices.Contains(j.Reasons, "printer-stopped") {
		// CUPS leaves job-state-reasons at "none" for a job that waits on a
		// paused queue: say why it waits, with the queue's message.
		p, err := c.Printer(ctx, printer)
		if err != nil && ctx.Err() != nil {
			// Cut off between the two questions: half an answer would read
			// as the queue running again.
			return Job{}, ctx.Err()
		}
		if err == nil && p.State == "stopped" {
			j.Reasons = append(j.Reasons, "printer-stopped")
			if j.Message == "" {
				j.Message = p.StateMessage
			}
		}
	}
	return j, nil
}

// Cancel cancels a job (Cancel-Job). A job that has ended already cannot
// be cancelled: that is a *RefusedError (client-error-not-possible).
func (c *Client) Cancel(ctx context.Context, printer string, id int) error {
	req := c.request(goipp.OpCancelJob, printer, "")
	req.Operation.Add(goipp.MakeAttribute("job-id", goipp.TagInteger, goipp.Integer(id)))
	rsp, err := c.do(ctx, req, printer, nil)
	if err != nil {
		if rsp != nil && goipp.Status(rsp.Code) == goipp.StatusErrorNotFound {
			return &UnknownJobError{Printer: printer, ID: id}
		}
		return err
	}
	c.log.Info("print job cancelled", zapJob(Job{ID: id, Printer: printer})...)
	return nil
}

// Follow asks for the job's state every interval (a second when every <= 0)
// and calls fn with the first state and with each change of state, reasons or
// message, until the job is completed, aborted or cancelled; it returns that
// last state. When ctx ends first it returns the last state seen and
// ctx.Err(); a failed request ends it with that error.
func (c *Client) Follow(ctx context.Context, printer string, id int, every time.Duration, fn func(Job)) (Job, error) {
	if every <= 0 {
		every = time.Second
	}
	var last Job
	seen := false
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		j, err := c.Job(ctx, printer, id)
		if err != nil {
			if ctx.Err() != nil {
				return last, ctx.Err()
			}
			return last, err
		}
		if !seen || !sameJob(j, last) {
			seen = true
			last = j
			if fn != nil {
				fn(j)
			}
		}
		if j.Done() {
			return j, nil
		}
		select {
		case <-ctx.Done():
			return last, ctx.Err()
		case <-t.C:
		}
	}
}

func sameJob(a, b Job) bool {
	return a.State == b.State && a.Message == b.Message && slices.Equal(a.Reasons, b.Reasons)
}

// DecodeJob reads the job out of a Print-Job or Get-Job-Attributes response;
// ok is false when it has no job attributes.
func DecodeJob(data []byte) (j Job, ok bool, err error) {
	m, err := parse(data)
	if err != nil {
		return Job{}, false, err
	}
	j, ok = jobOf(m)
	return j, ok, nil
}

// jobOf decodes the first job group of m.
func jobOf(m *goipp.Message) (Job, bool) {
	for _, g := range m.AttrGroups() {
		if g.Tag == goipp.TagJobGroup {
			return decodeJob(g.Attrs), true
		}
	}
	return Job{}, false
}

func decodeJob(attrs goipp.Attributes) Job {
	var j Job
	if v, ok := firstInt(attrs, "job-id"); ok && v > 0 {
		j.ID = v
	}
	if v, ok := firstInt(attrs, "job-state"); ok {
		j.State = jobState(v)
	}
	for _, r := range texts(attrs, "job-state-reasons") {
		if r != "none" {
			j.Reasons = append(j.Reasons, r)
		}
	}
	j.Message = firstString(attrs, "job-state-message")
	if j.Message == "" {
		j.Message = firstString(attrs, "job-printer-state-message")
	}
	return j
}

func jobState(v int) string {
	switch v {
	case 3:
		return JobPending
	case 4:
		return JobHeld
	case 5:
		return JobProcessing
	case 6:
		return JobStopped
	case 7:
		return JobCancelled
	case 8:
		return JobAborted
	case 9:
		return JobCompleted
	}
	return "unknown"
}
