package formats

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

// maxFileRead bounds what is read of a chosen file: cardformat refuses
// anything over 1 MiB anyway, and a file picked by mistake is not read whole.
const maxFileRead = 1<<20 + 1

func (s *Screen) importFormat() {
	s.openFile([]string{".json"}, func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.showError(lang.L("Cannot open the file"), err)
			return
		}
		if r == nil {
			return // cancelled
		}
		name := r.URI().Name()
		s.jobs.Run(func() func() {
			defer r.Close()
			data, err := io.ReadAll(io.LimitReader(r, maxFileRead))
			if err != nil {
				return func() { s.importFailed(name, err) }
			}
			return s.runImport(name, data, false)
		})
	})
}

// runImport stores the format in data (off the UI goroutine) and returns
// what to show. A custom format with the same id is replaced only after
// the operator says so.
func (s *Screen) runImport(name string, data []byte, replace bool) func() {
	fi, err := s.st.Formats.Import(s.jobs.Context(), s.actor, data, replace)
	return func() {
		var exists *enroll.FormatExistsError
		switch {
		case errors.As(err, &exists) && !exists.Builtin && !replace:
			s.askReplace(name, exists.ID, data)
		case err != nil:
			s.importFailed(name, err)
		default:
			s.log.Info("format imported", zap.String("file", name), zap.String("id", fi.Format.ID))
			s.h.Flash(lang.X("formats.imported", "Card format {{.ID}} imported from {{.File}}",
				map[string]any{"ID": fi.Format.ID, "File": name}))
			s.keepID = fi.Format.ID
			s.reload()
		}
	}
}

func (s *Screen) askReplace(name, id string, data []byte) {
	msg := lang.X("formats.replace.confirm", "This station already has a custom format {{.ID}}. Replace it with the one in {{.File}}?",
		map[string]any{"ID": id, "File": name})
	s.confirm(lang.L("Replace the existing format?"), msg, lang.L("Replace"), func() {
		s.jobs.Run(func() func() { return s.runImport(name, data, true) })
	})
}

func (s *Screen) importFailed(name string, err error) {
	s.showError(lang.X("formats.import.error", "Cannot import {{.File}}", map[string]any{"File": name}), err)
}

func (s *Screen) exportSelected() {
	if fi, ok := s.current(); ok {
		s.export(fi.Format)
	}
}

// export asks the station for the format file first, so a refusal shows
// before the operator picks where to save it.
func (s *Screen) export(f cardformat.Format) {
	s.jobs.Run(func() func() {
		data, err := s.st.Formats.Export(s.jobs.Context(), s.actor, f.ID)
		return func() {
			if err != nil {
				s.exportFailed(f.ID+".json", err)
				return
			}
			s.saveFile(f.ID+".json", func(w fyne.URIWriteCloser, err error) {
				switch {
				case err != nil:
					s.exportFailed(f.ID+".json", err)
				case w != nil:
					s.writeExport(f.ID, w, data)
				}
			})
		}
	})
}

func (s *Screen) writeExport(id string, w fyne.URIWriteCloser, data []byte) {
	name := w.URI().Name()
	s.jobs.Run(func() func() {
		err := writeTo(w, data)
		return func() {
			if err != nil {
				s.exportFailed(name, err)
				return
			}
			s.log.Info("format exported", zap.String("id", id), zap.String("file", w.URI().String()))
			s.h.Flash(lang.X("formats.exported", "Card format {{.ID}} exported to {{.File}}", map[string]any{"ID": id, "File": name}))
		}
	})
}

func (s *Screen) exportFailed(name string, err error) {
	s.showError(lang.X("formats.export.error", "Cannot export to {{.File}}", map[string]any{"File": name}), err)
}

// writeTo stores data at the place the save dialog chose. A local file is
// replaced atomically, so a failed write never leaves half a format file
// behind; other locations are written through w.
func writeTo(w fyne.URIWriteCloser, data []byte) error {
	u := w.URI()
	if u.Scheme() != "file" {
		_, err := w.Write(data)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return err
	}
	// The dialog has created (and truncated) the file; it is replaced below.
	if err := w.Close(); err != nil {
		return err
	}
	return writeFileAtomic(u.Path(), data)
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it over path once it is safely on disk.
func writeFileAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// Format files are not secret: readable like any other document.
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
