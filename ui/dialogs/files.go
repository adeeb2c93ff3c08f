package dialogs

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// Size is w×h, shrunk to fit inside win with a margin, so a dialog never
// spills over a small main window.
func Size(win fyne.Window, w, h float32) fyne.Size {
	c := win.Canvas().Size()
	if c.Width > 0 {
		w = min(w, c.Width*0.92)
	}
	if c.Height > 0 {
		h = min(h, c.Height*0.92)
	}
	return fyne.NewSize(w, h)
}

// fileDialogW and fileDialogH show long paths and many files.
const fileDialogW, fileDialogH = 900, 620

// OpenFile asks for a file with one of exts (".csv"); cb gets nil when
// the operator cancels.
func OpenFile(win fyne.Window, exts []string, cb func(fyne.URIReadCloser, error)) {
	d := dialog.NewFileOpen(cb, win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Resize(Size(win, fileDialogW, fileDialogH))
	d.Show()
}

// SaveFile asks where to save, suggesting name and showing files with
// one of exts; cb gets nil when the operator cancels.
func SaveFile(win fyne.Window, name string, exts []string, cb func(fyne.URIWriteCloser, error)) {
	d := dialog.NewFileSave(cb, win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Resize(Size(win, fileDialogW, fileDialogH))
	d.Show()
}
