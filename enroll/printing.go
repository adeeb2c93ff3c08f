package enroll

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/carddesk/carddesk/badge"
)

// PrintJobState is where a print job is, as the spooler reports it.
type PrintJobState string

const (
	PrintPending    PrintJobState = "pending"
	PrintProcessing PrintJobState = "processing"
	PrintCompleted  PrintJobState = "completed"
	PrintAborted    PrintJobState = "aborted"
	PrintCancelled  PrintJobState = "cancelled"
)

// Final reports whether the job will not change any more.
func (s PrintJobState) Final() bool {
	return s == PrintCompleted || s == PrintAborted || s == PrintCancelled
}

// Sides of a print job.
const (
	OneSided         = "one-sided"
	TwoSidedLongEdge = "two-sided-long-edge"
)

// PrinterInfo is one printer the station can see: an OS queue (cups,
// windows) or a USB badge printer.
type PrinterInfo struct {
	Name     string
	Kind     string // "cups" | "windows" | "usb"
	Status   string // e.g. "idle", "printing", "stopped: media-empty"
	Media    []string
	Duplex   bool
	DeviceID string // IEEE 1284 device id of a USB printer
	Default  bool
}

// PrintDocument is one job handed to a Spooler: the badges to print with
// their template, how, and the printer's profile. The spooler decides how to
// make it (a PDF with badge.WritePDFWith, or GDI drawing).
type PrintDocument struct {
	Title    string
	User     string
	Template *badge.Template
	Badges   []badge.Badge
	Copies   int
	Sides    string // OneSided or TwoSidedLongEdge
	Profile  PrinterProfile
}

// PageOptions are the profile's corrections for the badge renderer.
func (d PrintDocument) PageOptions() badge.PageOptions {
	return badge.PageOptions{OffsetX: d.Profile.OffsetX, OffsetY: d.Profile.OffsetY,
		Scale: d.Profile.Scale, RotateBack: d.Profile.RotateBack}
}

// Spooler is the printing port: the OS spooler (or a file printer).
type Spooler interface {
	Printers(ctx context.Context) ([]PrinterInfo, error)
	// Submit queues the document and returns the spooler's job reference.
	Submit(ctx context.Context, printer string, doc PrintDocument) (ref string, err error)
	// JobState is the job's state and the spooler's message about it.
	JobState(ctx context.Context, printer, ref string) (PrintJobState, string, error)
	Cancel(ctx context.Context, printer, ref string) error
}

// PrintJob is one entry of the print log: one cardholder's badge sent to a
// printer.
type PrintJob struct {
	ID           int64
	At           time.Time
	OperatorID   int64
	Operator     string
	CardholderID int64
	RequestID    int64 // 0 when not printed for a request
	TemplateID   int64
	Printer      string
	JobRef       string // the spooler's reference; "" when it was never accepted
	State        PrintJobState
	Message      string // the spooler's message, or why the job was aborted
	Reason       string // why a reprint was made
	Copies       int
	Sides        string
	UpdatedAt    time.Time
}

// PrintJobRepo stores the print log.
type PrintJobRepo interface {
	Create(ctx context.Context, j *PrintJob) error // sets ID
	Update(ctx context.Context, j PrintJob) error  // job ref, state, message, updated at
	ByID(ctx context.Context, id int64) (PrintJob, error)
	// List is the log newest first (At, then ID); limit 0 = all.
	List(ctx context.Context, limit int) ([]PrintJob, error)
	// Completed counts the cardholder's completed jobs.
	Completed(ctx context.Context, cardholderID int64) (int, error)
}

// PrinterProfile is an administrator's corrections for one printer.
type PrinterProfile struct {
	Printer    string
	OffsetX    float64 // mm, to the right
	OffsetY    float64 // mm, down
	Scale      float64 // percent; 0 means 100
	RotateBack bool    // turn the back 180°
	Duplex     bool
	TemplateID int64 // the printer's default template; 0 = the station default
	UpdatedAt  time.Time
}

// PrinterProfileRepo stores printer profiles; a missing one is ErrNotFound.
type PrinterProfileRepo interface {
	ByName(ctx context.Context, printer string) (PrinterProfile, error)
	List(ctx context.Context) ([]PrinterProfile, error) // by printer name
	Put(ctx context.Context, p PrinterProfile) error
}

// PrintRequest asks for badges: of cardholders or of card requests.
type PrintRequest struct {
	Printer       string
	TemplateID    int64 // 0: a request's template, else the printer's, else the station's
	CardholderIDs []int64
	RequestIDs    []int64
	Copies        int    // 0 means 1
	Sides         string // "": two-sided when the profile has duplex on and the template a back
	Reason        string // required when a cardholder's badge was printed before
	// SkipWithoutPhoto leaves out the cardholders who have no photo,
	// instead of printing their badge with the placeholder.
	SkipWithoutPhoto bool
}

// Why a badge was left out of a print.
const (
	SkipNoCredential = "no-credential" // a request with no credential connected
	SkipNoPhoto      = "no-photo"      // SkipWithoutPhoto and the cardholder has none
)

// SkippedRequest is a badge that was not printed: a request without a
// credential, or a cardholder without a photo (RequestID 0 when the
// cardholder was asked for directly).
type SkippedRequest struct {
	RequestID    int64
	CardholderID int64
	Name         string
	Why          string // SkipNoCredential or SkipNoPhoto
}

// PrintResult is what Print did.
type PrintResult struct {
	Jobs    []PrintJob
	Skipped []SkippedRequest
}

// BadgeNotPrintableError is a cardholder whose badge cannot be made with
// the template (e.g. a barcode of a card number they do not have yet);
// nothing was printed or logged. CardholderID, Name and Err are the first
// such cardholder's; Names are all of them.
type BadgeNotPrintableError struct {
	CardholderID int64
	Name         string
	Names        []string
	Template     string
	Err          error
}

func (e *BadgeNotPrintableError) Error() string {
	if len(e.Names) > 1 {
		return fmt.Sprintf("the badges of %s cannot be printed with template %q: %s: %v", strings.Join(e.Names, ", "), e.Template, e.Name, e.Err)
	}
	return fmt.Sprintf("the badge of %s cannot be printed with template %q: %v", e.Name, e.Template, e.Err)
}

func (e *BadgeNotPrintableError) Unwrap() error { return e.Err }

// ErrNoSpooler means the station was made without a printing port.
var ErrNoSpooler = errors.New("printing is not available on this station")

// ReprintReasonError refuses to print again the badges of cardholders that
// have a completed print job, until a reason is given.
type ReprintReasonError struct {
	CardholderIDs []int64
	Names         []string
}

func (e *ReprintReasonError) Error() string {
	return "a reason is required to print again the badge of " + strings.Join(e.Names, ", ")
}

// PrintSubmitError is a job the spooler did not accept; the log has it as
// aborted.
type PrintSubmitError struct {
	JobID   int64
	Printer string
	Err     error
}

func (e *PrintSubmitError) Error() string {
	return fmt.Sprintf("printer %q did not accept print job %d: %v", e.Printer, e.JobID, e.Err)
}

func (e *PrintSubmitError) Unwrap() error { return e.Err }

// Printing sends badges to printers and keeps the print log.
type Printing struct {
	base
	badges *Badges
	spool  Spooler
}

func (s *Printing) spooler() (Spooler, error) {
	if s.spool == nil {
		return nil, ErrNoSpooler
	}
	return s.spool, nil
}

// Printers lists the printers the spooler sees.
func (s *Printing) Printers(ctx context.Context, a Actor) ([]PrinterInfo, error) {
	if err := a.require(PermView); err != nil {
		return nil, err
	}
	sp, err := s.spooler()
	if err != nil {
		return nil, err
	}
	return sp.Printers(ctx)
}

// Profile returns the printer's profile; a printer without one has the
// zero profile (100%, no offsets) under its name.
func (s *Printing) Profile(ctx context.Context, a Actor, printer string) (PrinterProfile, error) {
	var p PrinterProfile
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		p, err = profileOf(ctx, tx, printer)
		return err
	})
	return p, err
}

func profileOf(ctx context.Context, tx Tx, printer string) (PrinterProfile, error) {
	p, err := tx.PrinterProfiles().ByName(ctx, printer)
	if errors.Is(err, ErrNotFound) {
		return PrinterProfile{Printer: printer}, nil
	}
	return p, err
}

// SetProfile stores a printer's profile (administrators).
func (s *Printing) SetProfile(ctx context.Context, a Actor, p PrinterProfile) (PrinterProfile, error) {
	// Permission first: an operator hears that, not what is wrong with the form.
	if err := a.require(PermManageSettings); err != nil {
		return PrinterProfile{}, err
	}
	var fields []FieldError
	if strings.TrimSpace(p.Printer) == "" {
		fields = append(fields, FieldError{Field: "printer", Message: "choose a printer"})
	}
	if p.OffsetX < -10 || p.OffsetX > 10 || p.OffsetY < -10 || p.OffsetY > 10 {
		fields = append(fields, FieldError{Field: "offset", Message: "offsets must be between -10 and 10 mm"})
	}
	if p.Scale != 0 && (p.Scale < 50 || p.Scale > 150) {
		fields = append(fields, FieldError{Field: "scale", Message: "scale must be between 50 and 150 %"})
	}
	if len(fields) > 0 {
		return PrinterProfile{}, &ValidationError{Fields: fields}
	}
	err := s.update(ctx, a, PermManageSettings, func(tx Tx) error {
		old, err := profileOf(ctx, tx, p.Printer)
		if err != nil {
			return err
		}
		if p.TemplateID != 0 {
			if _, err := storedTemplate(ctx, tx, p.TemplateID); err != nil {
				return err
			}
		}
		p.UpdatedAt = s.now()
		if err := tx.PrinterProfiles().Put(ctx, p); err != nil {
			return err
		}
		return record(ctx, tx, a, p.UpdatedAt, change{action: "print.profile", entity: "printer",
			entityKey: p.Printer, before: old, after: p})
	})
	return p, err
}

// Jobs is the print log, newest first; limit 0 = all.
func (s *Printing) Jobs(ctx context.Context, a Actor, limit int) ([]PrintJob, error) {
	var js []PrintJob
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		js, err = tx.PrintJobs().List(ctx, limit)
		return err
	})
	return js, err
}

// target is one badge to print.
type target struct {
	cardholderID int64
	requestID    int64
	name         string
	tmpl         BadgeTemplate
	badge        badge.Badge
}

// Print sends one job per badge. Every job is in the log before it is
// submitted; a job the spooler refuses stays there as aborted and Print
// returns a *PrintSubmitError after trying the others.
func (s *Printing) Print(ctx context.Context, a Actor, r PrintRequest) (PrintResult, error) {
	var res PrintResult
	if err := a.require(PermRespondRequests); err != nil {
		return res, err
	}
	sp, err := s.spooler()
	if err != nil {
		return res, err
	}
	var fields []FieldError
	if strings.TrimSpace(r.Printer) == "" {
		fields = append(fields, FieldError{Field: "printer", Message: "choose a printer"})
	}
	if r.Copies == 0 {
		r.Copies = 1
	}
	if r.Copies < 1 || r.Copies > 99 {
		fields = append(fields, FieldError{Field: "copies", Message: "copies must be between 1 and 99"})
	}
	switch r.Sides {
	case "", OneSided, TwoSidedLongEdge:
	default:
		fields = append(fields, FieldError{Field: "sides", Message: "sides must be " + OneSided + " or " + TwoSidedLongEdge})
	}
	if len(r.CardholderIDs) == 0 && len(r.RequestIDs) == 0 {
		fields = append(fields, FieldError{Field: "cardholder", Message: "choose at least one cardholder"})
	}
	if len(fields) > 0 {
		return res, &ValidationError{Fields: fields}
	}
	r.Reason = strings.TrimSpace(r.Reason)

	var profile PrinterProfile
	var targets []target
	err = s.store.View(ctx, func(tx Tx) error {
		var err error
		if profile, err = profileOf(ctx, tx, r.Printer); err != nil {
			return err
		}
		targets, res.Skipped, err = s.targets(ctx, tx, r, profile)
		if err != nil {
			return err
		}
		var reprint ReprintReasonError
		for _, t := range targets {
			n, err := tx.PrintJobs().Completed(ctx, t.cardholderID)
			if err != nil {
				return err
			}
			if n > 0 && r.Reason == "" && !slices.Contains(reprint.CardholderIDs, t.cardholderID) {
				reprint.CardholderIDs = append(reprint.CardholderIDs, t.cardholderID)
				reprint.Names = append(reprint.Names, t.name)
			}
		}
		if len(reprint.CardholderIDs) > 0 {
			return &reprint
		}
		return nil
	})
	if err != nil {
		return res, err
	}

	var errs []error
	for _, t := range targets {
		sides := r.Sides
		if sides == "" {
			sides = OneSided
			if profile.Duplex && t.tmpl.Template.Back != nil {
				sides = TwoSidedLongEdge
			}
		}
		j := PrintJob{OperatorID: a.ID, Operator: a.Name, CardholderID: t.cardholderID, RequestID: t.requestID,
			TemplateID: t.tmpl.ID, Printer: r.Printer, State: PrintPending, Reason: r.Reason,
			Copies: r.Copies, Sides: sides}
		if err := s.logJob(ctx, a, &j); err != nil {
			return res, err
		}
		doc := PrintDocument{Title: "Badge " + t.name, User: a.Name, Template: t.tmpl.Template,
			Badges: []badge.Badge{t.badge}, Copies: r.Copies, Sides: sides, Profile: profile}
		ref, serr := sp.Submit(ctx, r.Printer, doc)
		if serr != nil {
			j.State, j.Message = PrintAborted, serr.Error()
			errs = append(errs, &PrintSubmitError{JobID: j.ID, Printer: r.Printer, Err: serr})
		} else {
			j.JobRef, j.State = ref, PrintProcessing
			if st, msg, err := sp.JobState(ctx, r.Printer, ref); err == nil {
				j.State, j.Message = st, msg
			}
		}
		if err := s.saveState(ctx, a, &j, serr != nil); err != nil {
			return res, err
		}
		res.Jobs = append(res.Jobs, j)
	}
	return res, errors.Join(errs...)
}

// targets resolves the badges of r.
func (s *Printing) targets(ctx context.Context, tx Tx, r PrintRequest, p PrinterProfile) ([]target, []SkippedRequest, error) {
	var out []target
	var skipped []SkippedRequest
	var notPrintable *BadgeNotPrintableError
	cache := map[int64]BadgeTemplate{}
	tmpl := func(ids ...int64) (BadgeTemplate, error) {
		for _, id := range ids {
			if id == 0 {
				continue
			}
			if bt, ok := cache[id]; ok {
				return bt, nil
			}
			st, err := tx.Templates().ByID(ctx, id)
			if errors.Is(err, ErrNotFound) {
				return BadgeTemplate{}, &UnknownTemplateError{ID: id}
			}
			if err != nil {
				return BadgeTemplate{}, err
			}
			bt, err := decodeTemplate(st)
			if err != nil {
				return BadgeTemplate{}, err
			}
			cache[id] = bt
			return bt, nil
		}
		st, err := tx.Templates().Default(ctx)
		if err != nil {
			return BadgeTemplate{}, err
		}
		return decodeTemplate(st)
	}
	for _, id := range r.CardholderIDs {
		c, err := tx.Cardholders().ByID(ctx, id)
		if err != nil {
			return nil, nil, fmt.Errorf("cardholder %d: %w", id, err)
		}
		if r.SkipWithoutPhoto && !c.HasPhoto && len(c.Photo) == 0 {
			skipped = append(skipped, SkippedRequest{CardholderID: id, Name: c.FullName(), Why: SkipNoPhoto})
			continue
		}
		cred, err := activeCard(ctx, tx, id)
		if err != nil {
			return nil, nil, err
		}
		b, err := s.badges.badgeOf(ctx, tx, c, cred)
		if err != nil {
			return nil, nil, err
		}
		bt, err := tmpl(r.TemplateID, p.TemplateID)
		if err != nil {
			return nil, nil, err
		}
		if err := bt.Template.CheckBadge(b); err != nil {
			notPrintable = notPrintable.add(id, c.FullName(), bt.Name, err)
			continue
		}
		out = append(out, target{cardholderID: id, name: c.FullName(), tmpl: bt, badge: b})
	}
	for _, id := range r.RequestIDs {
		q, err := tx.Requests().ByID(ctx, id)
		if err != nil {
			return nil, nil, fmt.Errorf("request %d: %w", id, err)
		}
		c, err := tx.Cardholders().ByID(ctx, q.CardholderID)
		if err != nil {
			return nil, nil, err
		}
		if q.CredentialID == 0 {
			skipped = append(skipped, SkippedRequest{RequestID: id, CardholderID: c.ID, Name: c.FullName(), Why: SkipNoCredential})
			continue
		}
		if r.SkipWithoutPhoto && !c.HasPhoto && len(c.Photo) == 0 {
			skipped = append(skipped, SkippedRequest{RequestID: id, CardholderID: c.ID, Name: c.FullName(), Why: SkipNoPhoto})
			continue
		}
		k, err := tx.Credentials().ByID(ctx, q.CredentialID)
		if err != nil {
			return nil, nil, err
		}
		b, err := s.badges.badgeOf(ctx, tx, c, &k)
		if err != nil {
			return nil, nil, err
		}
		bt, err := tmpl(r.TemplateID, q.TemplateID, p.TemplateID)
		if err != nil {
			return nil, nil, err
		}
		if err := bt.Template.CheckBadge(b); err != nil {
			notPrintable = notPrintable.add(c.ID, c.FullName(), bt.Name, err)
			continue
		}
		out = append(out, target{cardholderID: c.ID, requestID: id, name: c.FullName(), tmpl: bt, badge: b})
	}
	if notPrintable != nil {
		return nil, nil, notPrintable
	}
	return out, skipped, nil
}

// add counts one more cardholder whose badge cannot be made, so one refusal
// names them all.
func (e *BadgeNotPrintableError) add(id int64, name, template string, err error) *BadgeNotPrintableError {
	if e == nil {
		e = &BadgeNotPrintableError{CardholderID: id, Name: name, Template: template, Err: err}
	}
	e.Names = append(e.Names, name)
	return e
}

// logJob writes the new job and its audit event.
func (s *Printing) logJob(ctx context.Context, a Actor, j *PrintJob) error {
	return s.store.Update(ctx, func(tx Tx) error {
		j.At = s.now()
		j.UpdatedAt = j.At
		if err := tx.PrintJobs().Create(ctx, j); err != nil {
			return err
		}
		details := "printer " + j.Printer + ", cardholder " + strconv.FormatInt(j.CardholderID, 10)
		if j.Reason != "" {
			details += ", reprint: " + j.Reason
		}
		return record(ctx, tx, a, j.At, change{action: "print.job", entity: "print_job", entityID: j.ID,
			details: details, after: *j})
	})
}

// saveState stores a job's new state; an aborted submission is audited.
func (s *Printing) saveState(ctx context.Context, a Actor, j *PrintJob, failed bool) error {
	return s.store.Update(ctx, func(tx Tx) error {
		j.UpdatedAt = s.now()
		if err := tx.PrintJobs().Update(ctx, *j); err != nil {
			return err
		}
		if !failed {
			return nil
		}
		return record(ctx, tx, a, j.UpdatedAt, change{action: "print.failed", entity: "print_job", entityID: j.ID,
			details: j.Message})
	})
}

// Refresh asks the spooler for the state of the jobs that are not final
// (of ids, or of the whole log when ids is empty) and stores it.
func (s *Printing) Refresh(ctx context.Context, a Actor, ids ...int64) ([]PrintJob, error) {
	if err := a.require(PermView); err != nil {
		return nil, err
	}
	sp, err := s.spooler()
	if err != nil {
		return nil, err
	}
	var js []PrintJob
	err = s.store.View(ctx, func(tx Tx) error {
		if len(ids) == 0 {
			all, err := tx.PrintJobs().List(ctx, 0)
			js = all
			return err
		}
		for _, id := range ids {
			j, err := tx.PrintJobs().ByID(ctx, id)
			if err != nil {
				return err
			}
			js = append(js, j)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var errs []error
	for i := range js {
		j := &js[i]
		if j.State.Final() || j.JobRef == "" {
			continue
		}
		st, msg, err := sp.JobState(ctx, j.Printer, j.JobRef)
		if err != nil {
			// One printer out of reach does not keep the others' jobs stale.
			errs = append(errs, fmt.Errorf("print job %d on %s: %w", j.ID, j.Printer, err))
			continue
		}
		if st == j.State && msg == j.Message {
			continue
		}
		j.State, j.Message = st, msg
		if err := s.saveState(ctx, a, j, false); err != nil {
			return js, err
		}
	}
	return js, errors.Join(errs...)
}

// Follow refreshes the jobs every interval until each is final or ctx ends;
// fn (may be nil) sees each round.
func (s *Printing) Follow(ctx context.Context, a Actor, ids []int64, interval time.Duration, fn func([]PrintJob)) ([]PrintJob, error) {
	if interval <= 0 {
		interval = time.Second
	}
	for {
		js, err := s.Refresh(ctx, a, ids...)
		if err != nil {
			return js, err
		}
		if fn != nil {
			fn(js)
		}
		done := true
		for _, j := range js {
			if !j.State.Final() && j.JobRef != "" {
				done = false
			}
		}
		if done {
			return js, nil
		}
		select {
		case <-ctx.Done():
			return js, ctx.Err()
		case <-time.After(interval):
		}
	}
}

// Cancel cancels a job that is not final.
func (s *Printing) Cancel(ctx context.Context, a Actor, id int64) (PrintJob, error) {
	if err := a.require(PermRespondRequests); err != nil {
		return PrintJob{}, err
	}
	sp, err := s.spooler()
	if err != nil {
		return PrintJob{}, err
	}
	var j PrintJob
	if err := s.store.View(ctx, func(tx Tx) error {
		var err error
		j, err = tx.PrintJobs().ByID(ctx, id)
		return err
	}); err != nil {
		return j, err
	}
	if j.State.Final() {
		return j, &TransitionError{Machine: "print job", From: string(j.State), To: string(PrintCancelled)}
	}
	if err := sp.Cancel(ctx, j.Printer, j.JobRef); err != nil {
		return j, err
	}
	j.State = PrintCancelled
	err = s.store.Update(ctx, func(tx Tx) error {
		j.UpdatedAt = s.now()
		if err := tx.PrintJobs().Update(ctx, j); err != nil {
			return err
		}
		return record(ctx, tx, a, j.UpdatedAt, change{action: "print.cancel", entity: "print_job", entityID: j.ID})
	})
	return j, err
}
