// Package pdffile is a printer for the demo station and training: each
// print job's PDF is written to a folder, and the job is reported completed
// at once. It has the shape of a CUPS queue (it uses package cups' Printer,
// Options and Job), so the desk prints to it the way it prints to CUPS.
package pdffile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/OpenPrinting/goipp"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/devices/cups"
)

// Name is the printer's queue name.
const Name = "PDF folder"

// Media is the one media it offers: a CR80 card.
const Media = "om_cr80_85.6x53.98mm"

// Printer writes jobs into a folder. It is safe for concurrent use.
type Printer struct {
	dir string
	log *zap.Logger
	now func() time.Time

	mu   sync.Mutex
	next int // the next job's id
	jobs map[int]cups.Job
}

// New returns the printer of folder dir (created when a job is printed).
// Job ids go on from the highest job file already in it.
func New(dir string, log *zap.Logger) *Printer {
	if log == nil {
		log = zap.NewNop()
	}
	return &Printer{dir: dir, log: log.Named("pdffile"), now: time.Now, jobs: map[int]cups.Job{}}
}

// Dir is the folder the jobs are written to.
func (p *Printer) Dir() string { return p.dir }

var jobFile = regexp.MustCompile(`^job-(\d+)-.*\.pdf$`)

// File returns the file job id was written to, or "" for no such job.
func (p *Printer) File(id int) string {
	entries, _ := os.ReadDir(p.dir)
	prefix := fmt.Sprintf("job-%04d-", id)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) && jobFile.MatchString(e.Name()) {
			return filepath.Join(p.dir, e.Name())
		}
	}
	return ""
}

func (p *Printer) info() cups.Printer {
	return cups.Printer{
		Name:      Name,
		URI:       "file://" + filepath.ToSlash(p.dir),
		State:     "idle",
		Media:     []string{Media},
		CR80Media: Media,
		Duplex:    true,
		Default:   true,
		Accepting: true,
	}
}

// Printers lists the one queue.
func (p *Printer) Printers(ctx context.Context) ([]cups.Printer, error) {
	return []cups.Printer{p.info()}, ctx.Err()
}

// Printer returns the queue when name is Name.
func (p *Printer) Printer(ctx context.Context, name string) (cups.Printer, error) {
	if name != Name {
		return cups.Printer{}, &cups.UnknownPrinterError{Name: name}
	}
	return p.info(), ctx.Err()
}

// Print writes the PDF to DIR/job-NNNN-YYYYMMDD-HHMMSS.pdf and returns the
// job, completed; its Message is the file's path. Options are checked as a
// CUPS queue would: copies, sides, media.
func (p *Printer) Print(ctx context.Context, printer string, pdf io.Reader, o cups.Options) (cups.Job, error) {
	if printer != Name {
		return cups.Job{}, &cups.UnknownPrinterError{Name: printer}
	}
	if o.Copies < 0 {
		return cups.Job{}, fmt.Errorf("pdffile: print: %d copies", o.Copies)
	}
	switch o.Sides {
	case "", cups.OneSided, cups.TwoSidedLongEdge:
	default:
		return cups.Job{}, fmt.Errorf("pdffile: print: sides %q is neither %s nor %s", o.Sides, cups.OneSided, cups.TwoSidedLongEdge)
	}
	if o.Media != "" && o.Media != Media {
		return cups.Job{}, &cups.UnsupportedMediaError{Printer: Name, Media: o.Media, Offered: []string{Media}}
	}
	data, err := io.ReadAll(pdf)
	if err != nil {
		return cups.Job{}, fmt.Errorf("pdffile: read the document: %w", err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return cups.Job{}, &cups.RefusedError{Op: goipp.OpPrintJob, Printer: Name, Status: goipp.StatusErrorDocumentFormatNotSupported, Message: "the document is not a PDF"}
	}
	if err := ctx.Err(); err != nil {
		return cups.Job{}, err
	}
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return cups.Job{}, fmt.Errorf("pdffile: %w", err)
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	if p.next == 0 {
		p.next = p.highest() + 1
	}
	id := p.next
	name := fmt.Sprintf("job-%04d-%s.pdf", id, p.now().Format("20060102-150405"))
	path := filepath.Join(p.dir, name)
	tmp, err := os.CreateTemp(p.dir, ".job-*.pdf")
	if err != nil {
		return cups.Job{}, fmt.Errorf("pdffile: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return cups.Job{}, fmt.Errorf("pdffile: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return cups.Job{}, fmt.Errorf("pdffile: %w", err)
	}
	p.next++
	j := cups.Job{ID: id, Printer: Name, State: cups.JobCompleted, Reasons: []string{"job-completed-successfully"}, Message: path}
	p.jobs[id] = j
	p.log.Info("print job written", zap.Int("job", id), zap.String("file", path),
		zap.Int("copies", max(o.Copies, 1)), zap.String("sides", o.Sides), zap.String("title", o.Title))
	return j, nil
}

// highest is the highest job id among the folder's files, 0 when none.
func (p *Printer) highest() int {
	entries, _ := os.ReadDir(p.dir)
	n := 0
	for _, e := range entries {
		if m := jobFile.FindStringSubmatch(e.Name()); m != nil {
			if v, err := strconv.Atoi(m[1]); err == nil && v > n {
				n = v
			}
		}
	}
	return n
}

// Job returns a job this printer wrote since it was made.
func (p *Printer) Job(ctx context.Context, printer string, id int) (cups.Job, error) {
	if printer != Name {
		return cups.Job{}, &cups.UnknownPrinterError{Name: printer}
	}
	p.mu.Lock()
	j, ok := p.jobs[id]
	p.mu.Unlock()
	if !ok {
		return cups.Job{}, &cups.UnknownJobError{Printer: printer, ID: id}
	}
	j.Reasons = slices.Clone(j.Reasons)
	return j, ctx.Err()
}

// Cancel always fails: every job is completed the moment it is printed.
func (p *Printer) Cancel(ctx context.Context, printer string, id int) error {
	if _, err := p.Job(ctx, printer, id); err != nil {
		return err
	}
	return &cups.RefusedError{Op: goipp.OpCancelJob, Printer: printer, Status: goipp.StatusErrorNotPossible, Message: "the job is completed"}
}

// Follow reports the job (completed) once and returns it.
func (p *Printer) Follow(ctx context.Context, printer string, id int, _ time.Duration, fn func(cups.Job)) (cups.Job, error) {
	j, err := p.Job(ctx, printer, id)
	if err != nil {
		return cups.Job{}, err
	}
	if fn != nil {
		fn(j)
	}
	return j, nil
}
