package templates

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/badgeview"
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
	if bt, ok := s.list.Current(); ok && bt.Template != nil {
		s.openDesigner(bt.ID, bt.Template)
	}
}

func (s *Screen) duplicateSelected() {
	bt, ok := s.list.Current()
	if !ok || bt.Template == nil {
		return
	}
	t := badgeview.Clone(bt.Template)
	t.Name = s.freeName(lang.X("templates.copyname", "{{.Name}} (copy)", map[string]any{"Name": bt.Name}))
	s.openDesigner(0, t)
}

// freeName is base, or base with the first number that makes it unused.
func (s *Screen) freeName(base string) string {
	taken := func(n string) bool {
		for _, bt := range s.list.Items() {
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
	// An operator cannot have changed anything worth keeping.
	d.OnCancel = func() {
		s.ask.Discard(d.Dirty() && s.admin(), lang.L("The changes to this badge template have not been saved."), dlg.Hide)
	}
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
			s.list.Keep(bt.ID)
			s.reload()
		}
	})
	return id
}

func (s *Screen) setDefaultSelected() {
	bt, ok := s.list.Current()
	if !ok {
		return
	}
	s.jobs.Run(func() func() {
		err := s.st.Templates.SetDefault(s.jobs.Context(), s.actor, bt.ID)
		return func() {
			if err != nil {
				s.ask.ShowError(lang.L("Cannot set the default template"), err)
				return
			}
			s.h.Flash(lang.X("templates.default", "{{.Name}} is now the default badge template", map[string]any{"Name": bt.Name}))
			s.h.Changed()
			s.list.Keep(bt.ID)
			s.reload()
		}
	})
}

func (s *Screen) deleteSelected() {
	bt, ok := s.list.Current()
	if !ok {
		return
	}
	title := lang.X("templates.delete.error", "Cannot delete {{.Name}}", map[string]any{"Name": bt.Name})
	msg := lang.X("templates.delete.confirm", "Delete the badge template {{.Name}}? A deleted template cannot be brought back, but an exported file can be imported again.",
		map[string]any{"Name": bt.Name})
	q := dialogs.Question{Title: lang.L("Delete badge template"), Message: msg, OK: lang.L("Delete"), Failed: title}
	s.ask.ConfirmWork(s.jobs, q, func() error {
		return s.st.Templates.Delete(s.jobs.Context(), s.actor, bt.ID)
	}, func(err error) {
		if err == nil {
			s.log.Info("template deleted", zap.Int64("id", bt.ID))
			s.h.Flash(lang.X("templates.deleted", "Badge template {{.Name}} deleted", map[string]any{"Name": bt.Name}))
			s.h.Changed()
		}
		if err == nil || errors.Is(err, enroll.ErrNotFound) {
			s.reload()
		}
	})
}

func (s *Screen) importTemplate() {
	s.files.Import(func(name string, data []byte) func() { return s.runImport(name, data, false) })
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
			s.ask.Confirm(lang.L("Replace the existing template?"), msg, lang.L("Replace"), func() {
				s.jobs.Run(func() func() { return s.runImport(name, data, true) })
			})
		case err != nil:
			s.files.ImportFailed(name, err)
		default:
			s.log.Info("template imported", zap.String("file", name), zap.Int64("id", bt.ID))
			s.h.Flash(lang.X("templates.imported", "Badge template {{.Name}} imported from {{.File}}",
				map[string]any{"Name": bt.Name, "File": name}))
			s.h.Changed()
			s.list.Keep(bt.ID)
			s.reload()
		}
	}
}

func (s *Screen) exportSelected() {
	bt, ok := s.list.Current()
	if !ok {
		return
	}
	fetch := func() ([]byte, error) { return s.st.Templates.Export(s.jobs.Context(), s.actor, bt.ID) }
	s.files.Export(fileName(bt.Name)+".json", fetch, func(file, where string) {
		s.log.Info("template exported", zap.String("name", bt.Name), zap.String("file", where))
		s.h.Flash(lang.X("templates.exported", "Badge template {{.Name}} exported to {{.File}}",
			map[string]any{"Name": bt.Name, "File": file}))
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
