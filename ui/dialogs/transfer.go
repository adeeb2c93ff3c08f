package dialogs

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// runner runs work off the UI goroutine and what it returns on it.
type runner interface {
	Run(work func() func())
}

// Transfer moves a screen's documents (card formats, badge templates)
// between the station and .json files the operator picks, so every such
// screen asks, reads, writes and explains a failure the same way.
type Transfer struct {
	jobs      runner
	limit     int64
	showError func(title string, err error)
	// Open and Save ask for a file; tests answer in their place.
	Open func(exts []string, cb func(fyne.URIReadCloser, error))
	Save func(name string, cb func(fyne.URIWriteCloser, error))
}

// NewTransfer asks for files over win; no more than limit bytes of a file
// are read, so a file picked by mistake is not read whole. showError
// explains a failure.
func NewTransfer(win fyne.Window, jobs runner, limit int64, showError func(title string, err error)) *Transfer {
	return &Transfer{jobs: jobs, limit: limit, showError: showError,
		Open: func(exts []string, cb func(fyne.URIReadCloser, error)) { OpenFile(win, exts, cb) },
		Save: func(name string, cb func(fyne.URIWriteCloser, error)) { SaveFile(win, name, []string{".json"}, cb) },
	}
}

// Import asks for a file and reads it off the UI goroutine; store gets the
// file's name and content, off the UI goroutine too, and returns what to
// show on it.
func (t *Transfer) Import(store func(file string, data []byte) func()) {
	t.Open([]string{".json"}, func(r fyne.URIReadCloser, err error) {
		if err != nil {
			t.showError(lang.L("Cannot open the file"), err)
			return
		}
		if r == nil {
			return // cancelled
		}
		name := r.URI().Name()
		t.jobs.Run(func() func() {
			defer r.Close()
			data, err := io.ReadAll(io.LimitReader(r, t.limit))
			if err != nil {
				return func() { t.ImportFailed(name, err) }
			}
			return store(name, data)
		})
	})
}

// ImportFailed explains why file was not imported.
func (t *Transfer) ImportFailed(file string, err error) {
	t.showError(lang.X("transfer.import.error", "Cannot import {{.File}}", map[string]any{"File": file}), err)
}

// Export fetches the document off the UI goroutine first, so a refusal
// shows before the operator picks where to save it; then asks where,
// suggesting file, and writes it there. done gets the name and the
// address of the file written.
func (t *Transfer) Export(file string, fetch func() ([]byte, error), done func(name, where string)) {
	t.jobs.Run(func() func() {
		data, err := fetch()
		return func() {
			if err != nil {
				t.exportFailed(file, err)
				return
			}
			t.Save(file, func(w fyne.URIWriteCloser, err error) {
				switch {
				case err != nil:
					t.exportFailed(file, err)
				case w != nil:
					t.write(w, data, done)
				}
			})
		}
	})
}

func (t *Transfer) write(w fyne.URIWriteCloser, data []byte, done func(name, where string)) {
	name := w.URI().Name()
	t.jobs.Run(func() func() {
		err := writeTo(w, data)
		return func() {
			if err != nil {
				t.exportFailed(name, err)
				return
			}
			done(name, w.URI().String())
		}
	})
}

func (t *Transfer) exportFailed(file string, err error) {
	t.showError(lang.X("transfer.export.error", "Cannot export to {{.File}}", map[string]any{"File": file}), err)
}

// writeTo stores data at the place the save dialog chose. A local file is
// replaced atomically, so a failed write never leaves half a document
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
	// Documents are not secret: readable like any other file.
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
