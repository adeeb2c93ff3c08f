package formats

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// Format files are JSON; the pickers show only those.
var fileFilter = storage.NewExtensionFileFilter([]string{".json"})

// fileOpenDialog picks a file with one of exts; cb gets nil when cancelled.
func (s *Screen) fileOpenDialog(exts []string, cb func(fyne.URIReadCloser, error)) {
	d := dialog.NewFileOpen(cb, s.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Resize(dialogSize(s.win, 900, 620))
	d.Show()
}

// fileSaveDialog asks where to save, suggesting name.
func (s *Screen) fileSaveDialog(name string, cb func(fyne.URIWriteCloser, error)) {
	d := dialog.NewFileSave(cb, s.win)
	d.SetFileName(name)
	d.SetFilter(fileFilter)
	d.Resize(dialogSize(s.win, 900, 620))
	d.Show()
}
