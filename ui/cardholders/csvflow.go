package cardholders

import (
	"context"
	"errors"
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/words"
)

func (s *Screen) importCSV() {
	s.openFile([]string{".csv"}, func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.showError(lang.L("Cannot open the file"), err)
			return
		}
		if r != nil {
			s.runImport(r.URI().Name(), r)
		}
	})
}

// runImport imports a file off the UI goroutine behind a progress dialog;
// its Cancel button aborts the import, which then stores nothing.
func (s *Screen) runImport(name string, r io.ReadCloser) {
	ctx, cancel := context.WithCancel(s.ctx())
	bar := widget.NewProgressBarInfinite()
	msg := widget.NewLabel(lang.X("cardholders.import.busy", "Importing {{.File}}…", map[string]any{"File": name}))
	progress := dialog.NewCustom(lang.L("Import CSV"), lang.L("Cancel"), container.NewVBox(msg, bar), s.h.Window())
	progress.SetOnClosed(cancel)
	s.h.ShowDialog(progress)
	s.h.Jobs().Run(func() func() {
		defer r.Close()
		n, err := s.st().Cardholders.Import(ctx, s.actor, name, r)
		return func() {
			cancelled := ctx.Err() != nil // before Hide, which cancels ctx
			bar.Stop()
			progress.Hide()
			s.importDone(name, n, err, cancelled)
		}
	})
}

func (s *Screen) importDone(name string, n int, err error, cancelled bool) {
	var ie *enroll.ImportError
	switch {
	case err == nil:
		s.log.Info("imported cardholders", zap.String("file", name), zap.Int("count", n))
		s.h.Flash(lang.X("cardholders.imported", "Imported {{.Count}} cardholders from {{.File}}",
			map[string]any{"Count": words.Int(n), "File": name}))
		s.reload(false)
	case errors.As(err, &ie):
		s.log.Info("import refused", zap.String("file", name), zap.Int("problems", len(ie.Problems)))
		s.showProblems(ie)
	case cancelled:
		s.h.Flash(lang.L("Import cancelled; nothing was imported."))
	default:
		s.showError(lang.X("cardholders.import.error", "Cannot import {{.File}}", map[string]any{"File": name}), err)
	}
}

func (s *Screen) exportCSV() {
	name := fmt.Sprintf("cardholders-%s.csv", s.now().Format("2006-01-02"))
	s.saveFile(name, func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.showError(lang.L("Cannot create the file"), err)
			return
		}
		if w != nil {
			s.runExport(w)
		}
	})
}

func (s *Screen) runExport(w fyne.URIWriteCloser) {
	name := w.URI().Name()
	s.h.Flash(lang.X("cardholders.export.busy", "Exporting to {{.File}}…", map[string]any{"File": name}))
	s.h.Jobs().Run(func() func() {
		n, err := s.st().Cardholders.Export(s.ctx(), s.actor, w)
		if cerr := w.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("write %s: %w", name, cerr)
		}
		return func() {
			if err != nil {
				s.showError(lang.X("cardholders.export.error", "Cannot export to {{.File}}", map[string]any{"File": name}), err)
				return
			}
			s.log.Info("exported cardholders", zap.String("file", name), zap.Int("count", n))
			s.h.Flash(lang.X("cardholders.exported", "Exported {{.Count}} cardholders to {{.File}}",
				map[string]any{"Count": words.Int(n), "File": name}))
		}
	})
}
