package pdffile_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/devices/cups"
	"github.com/carddesk/carddesk/devices/pdffile"
)

const doc = "%PDF-1.4\n% a badge\n%%EOF\n"

func TestPrintWritesFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	p := pdffile.New(dir, zaptest.NewLogger(t))
	ctx := context.Background()

	ps, err := p.Printers(ctx)
	if err != nil || len(ps) != 1 || ps[0].Name != pdffile.Name || ps[0].CR80Media != pdffile.Media || !ps[0].Duplex || !ps[0].Default {
		t.Fatalf("Printers: %+v, %v", ps, err)
	}
	if got := cups.CR80Media(ps[0].Media); got != pdffile.Media {
		t.Errorf("its media %q is not CR80 to package cups (%q)", ps[0].Media, got)
	}

	before := time.Now()
	j1, err := p.Print(ctx, pdffile.Name, strings.NewReader(doc), cups.Options{Copies: 2, Sides: cups.TwoSidedLongEdge})
	if err != nil {
		t.Fatal(err)
	}
	j2, err := p.Print(ctx, pdffile.Name, strings.NewReader(doc+"2"), cups.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if j1.ID != 1 || j2.ID != 2 || j1.State != cups.JobCompleted || j1.Printer != pdffile.Name {
		t.Errorf("jobs %+v, %+v; want ids 1 and 2, completed", j1, j2)
	}
	name := regexp.MustCompile(`^job-0001-(\d{8}-\d{6})\.pdf$`)
	m := name.FindStringSubmatch(filepath.Base(j1.Message))
	if m == nil {
		t.Fatalf("job 1 file %q, want job-0001-YYYYMMDD-HHMMSS.pdf", j1.Message)
	}
	at, err := time.ParseInLocation("20060102-150405", m[1], time.Local)
	if err != nil || at.Before(before.Truncate(time.Second)) || at.After(time.Now()) {
		t.Errorf("job 1 file time %s, want about now", m[1])
	}
	for _, c := range []struct {
		j    cups.Job
		want string
	}{{j1, doc}, {j2, doc + "2"}} {
		got, err := os.ReadFile(c.j.Message)
		if err != nil || string(got) != c.want {
			t.Errorf("job %d file: %q, %v", c.j.ID, got, err)
		}
		if p.File(c.j.ID) != c.j.Message {
			t.Errorf("File(%d) = %q, want %q", c.j.ID, p.File(c.j.ID), c.j.Message)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("the folder has %d entries, want the 2 jobs (no temp files)", len(entries))
	}

	var seen []cups.Job
	end, err := p.Follow(ctx, pdffile.Name, j1.ID, time.Millisecond, func(j cups.Job) { seen = append(seen, j) })
	if err != nil || end.State != cups.JobCompleted || len(seen) != 1 {
		t.Errorf("Follow: %+v, %v, reported %+v", end, err, seen)
	}
	err = p.Cancel(ctx, pdffile.Name, j1.ID)
	if !errors.Is(err, cups.ErrRefused) {
		t.Errorf("Cancel of a completed job: %v, want refused", err)
	}

	// A new printer on the same folder goes on after the last job.
	j3, err := pdffile.New(dir, nil).Print(ctx, pdffile.Name, strings.NewReader(doc), cups.Options{})
	if err != nil || j3.ID != 3 {
		t.Errorf("after a restart: job %+v, %v; want id 3", j3, err)
	}
}

func TestPrintRefuses(t *testing.T) {
	p := pdffile.New(t.TempDir(), nil)
	ctx := context.Background()
	tests := []struct {
		name    string
		printer string
		doc     string
		opts    cups.Options
		is      error
	}{
		{"unknown queue", "Badge", doc, cups.Options{}, cups.ErrUnknownPrinter},
		{"other media", pdffile.Name, doc, cups.Options{Media: "iso_a4_210x297mm"}, cups.ErrMedia},
		{"not a PDF", pdffile.Name, "hello", cups.Options{}, cups.ErrRefused},
		{"bad sides", pdffile.Name, doc, cups.Options{Sides: "two-sided-short-edge"}, nil},
		{"negative copies", pdffile.Name, doc, cups.Options{Copies: -1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Print(ctx, tt.printer, strings.NewReader(tt.doc), tt.opts)
			if err == nil || (tt.is != nil && !errors.Is(err, tt.is)) {
				t.Errorf("Print: %v, want %v", err, tt.is)
			}
		})
	}
	if entries, _ := os.ReadDir(p.Dir()); len(entries) != 0 {
		t.Errorf("refused jobs left %d files", len(entries))
	}
	if _, err := p.Job(ctx, pdffile.Name, 1); !errors.Is(err, cups.ErrUnknownJob) {
		t.Errorf("Job(1) of nothing printed: %v", err)
	}
}

func TestConcurrentJobsGetOwnFiles(t *testing.T) {
	p := pdffile.New(t.TempDir(), nil)
	var wg sync.WaitGroup
	ids := make(chan int, 20)
	for i := range 20 {
		wg.Go(func() {
			j, err := p.Print(context.Background(), pdffile.Name, bytes.NewReader([]byte(doc+strings.Repeat("x", i))), cups.Options{})
			if err != nil {
				t.Error(err)
				return
			}
			ids <- j.ID
		})
	}
	wg.Wait()
	close(ids)
	seen := map[int]bool{}
	for id := range ids {
		if seen[id] || p.File(id) == "" {
			t.Errorf("job id %d twice or without a file", id)
		}
		seen[id] = true
	}
	if entries, _ := os.ReadDir(p.Dir()); len(entries) != 20 {
		t.Errorf("%d files, want 20", len(entries))
	}
}
