package templates

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/words"
)

// Designer window: room for the card beside the element list and the
// properties; smaller windows get 92% of their size.
const designerWidth, designerHeight = 1280, 860

// maxFileRead bounds what is read of a chosen template file; a template
// with embedded images stays well under it.
const maxFileRead = 8 << 20

func (s *Screen) newTemplate() {
	s.openDesigner(0, newTemplate(s.freeName(lang.L("New template"))))
}

func (s *Screen) openSelected() {
	if bt, ok := s.current(); ok && bt.Template != nil {
		s.openDesigner(bt.ID, bt.Template)
	}
}

func (s *Screen) duplicateSelected() {
	bt, ok := s.current()
	if !ok || bt.Template == nil {
		return
	}
	t := clone(bt.Template)
	t.Name = s.freeName(lang.X("templates.copyname", "{{.Name}} (copy)", map[string]any{"Name": bt.Name}))
	s.openDesigner(0, t)
}

// freeName is base, or base with the first number that makes it unused.
func (s *Screen) freeName(base string) string {
	taken := func(n string) bool {
		for _, bt := range s.items {
			if strings.EqualFold(bt.Name, n) {
				return true
			}
		}
		return false
	}
	name := base
	for n := 2; taken(name); n++ {
		name = base + " " + words.Int(n)
	}
	return name
}

// openDesigner shows t in the designer; id 0 is a template not stored yet.
func (s *Screen) openDesigner(id int64, t *badge.Template) *Designer {
	d := newDesigner(s.h, t)
	d.isNew = id == 0
	d.ui.showProblems()
	win := s.h.Window()
	title := lang.L("New badge template")
	if id != 0 {
		title = lang.X("templates.title.edit", "Badge template {{.Name}}", map[string]any{"Name": t.Name})
	}
	dlg := newDesignerWindow(title, d, win)
	d.OnCancel = func() { s.closeDesigner(d, dlg) }
	dlg.onCancel = d.OnCancel
	d.OnSave = func(t *badge.Template) { id = s.save(d, dlg, id, t) }
	// Undo and redo also work while no input has the keyboard focus.
	keys := []fyne.Shortcut{shortcutUndo, shortcutRedo, shortcutRedoShift, shortcutUndoCtrl, shortcutRedoCtrl}
	for _, k := range keys {
		win.Canvas().AddShortcut(k, d.shortcut)
	}
	dlg.SetOnClosed(func() {
		for _, k := range keys {
			win.Canvas().RemoveShortcut(k)
		}
		if s.designer == d {
			s.designer = nil
		}
		win.Canvas().Focus(s.list)
	})
	s.designer = d
	dlg.Resize(dialogs.Size(win, designerWidth, designerHeight))
	s.h.ShowGuardedDialog(dlg, d.OnCancel)
	d.ui.focus(d.ui.view)
	return d
}

// closeDesigner closes the designer, asking first when that would lose changes.
func (s *Screen) closeDesigner(d *Designer, dlg dialog.Dialog) {
	if !d.Dirty() || !s.admin() {
		dlg.Hide()
		return
	}
	s.confirm(lang.L("Discard changes?"), lang.L("The changes to this badge template have not been saved."),
		lang.L("Discard"), dlg.Hide)
}

// save stores the template off the UI goroutine and returns the id it
// has from now on; the designer stays open, and shows a refusal.
func (s *Screen) save(d *Designer, dlg dialog.Dialog, id int64, t *badge.Template) int64 {
	d.SetBusy(true)
	s.jobs.Run(func() func() {
		var (
			bt  enroll.BadgeTemplate
			err error
		)
		if id == 0 {
			bt, err = s.st.Templates.Create(s.jobs.Context(), s.actor, t)
		} else {
			bt, err = s.st.Templates.Update(s.jobs.Context(), s.actor, id, t)
		}
		return func() {
			d.SetBusy(false)
			if err != nil {
				s.log.Info("template not saved", zap.String("name", t.Name), zap.Error(err))
				d.ShowError(err)
				return
			}
			s.log.Info("template saved", zap.Int64("id", bt.ID), zap.String("name", bt.Name))
			d.Saved()
			dlg.Hide()
			s.h.Flash(lang.X("templates.saved", "Badge template {{.Name}} saved", map[string]any{"Name": bt.Name}))
			s.h.Changed()
			s.keepID = bt.ID
			s.reload()
		}
	})
	return id
}

func (s *Screen) setDefaultSelected() {
	bt, ok := s.current()
	if !ok {
		return
	}
	s.jobs.Run(func() func() {
		err := s.st.Templates.SetDefault(s.jobs.Context(), s.actor, bt.ID)
		return func() {
			if err != nil {
				s.showError(lang.L("Cannot set the default template"), err)
				return
			}
			s.h.Flash(lang.X("templates.default", "{{.Name}} is now the default badge template", map[string]any{"Name": bt.Name}))
			s.h.Changed()
			s.keepID = bt.ID
			s.reload()
		}
	})
}

func (s *Screen) deleteSelected() {
	bt, ok := s.current()
	if !ok {
		return
	}
	title := lang.X("templates.delete.error", "Cannot delete {{.Name}}", map[string]any{"Name": bt.Name})
	msg := lang.X("templates.delete.confirm", "Delete the badge template {{.Name}}? A deleted template cannot be brought back, but an exported file can be imported again.",
		map[string]any{"Name": bt.Name})
	s.confirm(lang.L("Delete badge template"), msg, lang.L("Delete"), func() {
		s.jobs.Run(func() func() {
			err := s.st.Templates.Delete(s.jobs.Context(), s.actor, bt.ID)
			return func() {
				if err != nil {
					s.showError(title, err)
					if errors.Is(err, enroll.ErrNotFound) {
						s.reload()
					}
					return
				}
				s.log.Info("template deleted", zap.Int64("id", bt.ID))
				s.h.Flash(lang.X("templates.deleted", "Badge template {{.Name}} deleted", map[string]any{"Name": bt.Name}))
				s.h.Changed()
				s.reload()
			}
		})
	})
}

func (s *Screen) importTemplate() {
	s.openFile([]string{".json"}, func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.showError(lang.L("Cannot open the file"), err)
			return
		}
		if r == nil {
			return
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

// runImport stores the template in data (off the UI goroutine) and returns
// what to show; one with the same name is replaced after the operator says so.
func (s *Screen) runImport(name string, data []byte, replace bool) func() {
	bt, err := s.st.Templates.Import(s.jobs.Context(), s.actor, name, data, replace)
	return func() {
		var exists *enroll.TemplateExistsError
		switch {
		case errors.As(err, &exists) && !replace:
			msg := lang.X("templates.replace.confirm", "This station already has a badge template named {{.Name}}. Replace it with the one in {{.File}}?",
				map[string]any{"Name": exists.Name, "File": name})
			s.confirm(lang.L("Replace the existing template?"), msg, lang.L("Replace"), func() {
				s.jobs.Run(func() func() { return s.runImport(name, data, true) })
			})
		case err != nil:
			s.importFailed(name, err)
		default:
			s.log.Info("template imported", zap.String("file", name), zap.Int64("id", bt.ID))
			s.h.Flash(lang.X("templates.imported", "Badge template {{.Name}} imported from {{.File}}",
				map[string]any{"Name": bt.Name, "File": name}))
			s.h.Changed()
			s.keepID = bt.ID
			s.reload()
		}
	}
}

func (s *Screen) importFailed(name string, err error) {
	s.showError(lang.X("templates.import.error", "Cannot import {{.File}}", map[string]any{"File": name}), err)
}

func (s *Screen) exportSelected() {
	bt, ok := s.current()
	if !ok {
		return
	}
	file := fileName(bt.Name) + ".json"
	s.jobs.Run(func() func() {
		data, err := s.st.Templates.Export(s.jobs.Context(), s.actor, bt.ID)
		return func() {
			if err != nil {
				s.exportFailed(file, err)
				return
			}
			s.saveFile(file, func(w fyne.URIWriteCloser, err error) {
				switch {
				case err != nil:
					s.exportFailed(file, err)
				case w != nil:
					s.writeExport(bt.Name, w, data)
				}
			})
		}
	})
}

// fileName is a template's name made safe as a file name.
func fileName(name string) string {
	out := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '-'
		}
		return r
	}, strings.TrimSpace(name))
	if out == "" {
		return "template"
	}
	return out
}

func (s *Screen) writeExport(name string, w fyne.URIWriteCloser, data []byte) {
	file := w.URI().Name()
	s.jobs.Run(func() func() {
		err := writeTo(w, data)
		return func() {
			if err != nil {
				s.exportFailed(file, err)
				return
			}
			s.log.Info("template exported", zap.String("name", name), zap.String("file", w.URI().String()))
			s.h.Flash(lang.X("templates.exported", "Badge template {{.Name}} exported to {{.File}}",
				map[string]any{"Name": name, "File": file}))
		}
	})
}

func (s *Screen) exportFailed(file string, err error) {
	s.showError(lang.X("templates.export.error", "Cannot export to {{.File}}", map[string]any{"File": file}), err)
}

// writeTo stores data where the save dialog chose; a local file is
// replaced atomically, so a failed write leaves no half file behind.
func writeTo(w fyne.URIWriteCloser, data []byte) error {
	u := w.URI()
	if u.Scheme() != "file" {
		_, err := w.Write(data)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(u.Path()), "."+filepath.Base(u.Path())+".*.tmp")
	if err != nil {
		return err
	}
	if _, err = tmp.Write(data); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), u.Path())
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

func (s *Screen) confirm(title, msg, ok string, yes func()) {
	s.question = dialogs.Confirm(s.h, title, msg, ok, yes)
}

func (s *Screen) showError(title string, err error) {
	s.alert = dialogs.ShowError(s.h, title, err)
}
