package formats

import (
	"errors"
	"strconv"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/words"
)

// Editor dialog size: room for a 32-bit row of the bit map and both
// tables beside the test pane; smaller windows get 94% of their size.
const editorWidth, editorHeight = 1120, 820

// newFormat opens an empty editor: 26 bits and one field to fill in.
func (s *Screen) newFormat() {
	f := cardformat.Format{Kind: cardformat.KindWiegand, Length: 26, Fields: []cardformat.Field{{}}}
	s.openEditor(f, modeNew, 0)
}

func (s *Screen) openSelected() {
	fi, ok := s.list.Current()
	if !ok {
		return
	}
	mode := modeEdit
	if fi.Builtin || !s.admin() {
		mode = modeView
	}
	s.openEditor(fi.Format, mode, fi.InUse)
}

func (s *Screen) duplicateSelected() {
	if fi, ok := s.list.Current(); ok {
		s.duplicate(fi.Format)
	}
}

// duplicate opens a new custom format with f's layout under a free id.
func (s *Screen) duplicate(f cardformat.Format) {
	f.ID = s.freeID(f.ID + "-copy")
	f.Name = lang.X("formats.copyname", "{{.Name}} (copy)", map[string]any{"Name": words.FormatDisplayName(f)})
	f.Kind = cardformat.KindWiegand
	s.openEditor(f, modeNew, 0)
}

// freeID is base, or base with the first number that makes it unused.
func (s *Screen) freeID(base string) string {
	id := base
	for n := 2; s.known(id); n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id
}

func editorTitle(f cardformat.Format, mode editorMode) string {
	switch mode {
	case modeNew:
		return lang.L("New card format")
	case modeView:
		return lang.X("formats.title.view", "Card format {{.ID}} (built-in)", map[string]any{"ID": f.ID})
	}
	return lang.X("formats.title.edit", "Edit card format {{.ID}}", map[string]any{"ID": f.ID})
}

// openEditor shows f in the editor dialog and wires its buttons.
func (s *Screen) openEditor(f cardformat.Format, mode editorMode, inUse int) *Editor {
	ed := newEditor(f, mode, inUse)
	win := s.h.Window()
	dlg := dialog.NewCustomWithoutButtons(editorTitle(f, mode), ed, win)
	ed.OnCancel = func() {
		s.ask.Discard(ed.Dirty(), lang.L("The changes to this format have not been saved."), dlg.Hide)
	}
	ed.OnSave = func(nf cardformat.Format) { s.save(ed, dlg, nf, mode) }
	ed.OnExport = func() { s.export(f) }
	ed.OnDuplicate = func() {
		dlg.Hide()
		s.duplicate(f)
	}
	ed.OnDelete = func() {
		s.deleteFormat(enroll.FormatInfo{Format: f, InUse: inUse}, dlg.Hide)
	}
	dlg.SetOnClosed(func() {
		if s.editor == ed {
			s.editor = nil
		}
		win.Canvas().Focus(s.list)
	})
	s.editor = ed
	dlg.Resize(dialogs.Size(win, editorWidth, editorHeight))
	// Escape asks before it throws changes away, as Cancel does.
	s.h.ShowGuardedDialog(dlg, ed.OnCancel)
	ed.Focus(win.Canvas())
	return ed
}

// save stores the format off the UI goroutine; a refusal is shown in the
// editor, which stays open.
func (s *Screen) save(ed *Editor, dlg dialog.Dialog, f cardformat.Format, mode editorMode) {
	ed.SetBusy(true)
	s.jobs.Run(func() func() {
		var err error
		if mode == modeNew {
			_, err = s.st.Formats.Create(s.jobs.Context(), s.actor, f)
		} else {
			_, err = s.st.Formats.Update(s.jobs.Context(), s.actor, f)
		}
		return func() {
			ed.SetBusy(false)
			if err != nil {
				s.log.Info("format not saved", zap.String("id", f.ID), zap.Error(err))
				ed.ShowError(err)
				return
			}
			s.log.Info("format saved", zap.String("id", f.ID))
			dlg.Hide()
			s.h.Flash(lang.X("formats.saved", "Card format {{.ID}} saved", map[string]any{"ID": f.ID}))
			s.list.Keep(f.ID)
			s.reload()
		}
	})
}

func (s *Screen) deleteSelected() {
	if fi, ok := s.list.Current(); ok {
		s.deleteFormat(fi, func() {})
	}
}

// deleteFormat asks, then deletes; then runs after (closing the editor).
// A format the list already shows in use is refused straight away, with
// the station's own wording, instead of asking a question it will refuse.
func (s *Screen) deleteFormat(fi enroll.FormatInfo, after func()) {
	f := fi.Format
	title := lang.X("formats.delete.error", "Cannot delete {{.ID}}", map[string]any{"ID": f.ID})
	if fi.InUse > 0 {
		s.ask.ShowError(title, &enroll.FormatInUseError{ID: f.ID, Credentials: fi.InUse, Delete: true})
		return
	}
	msg := lang.X("formats.delete.confirm", "Delete the card format {{.ID}} ({{.Name}})? A deleted format cannot be brought back, but an exported file can be imported again.",
		map[string]any{"ID": f.ID, "Name": f.Name})
	q := dialogs.Question{Title: lang.L("Delete card format"), Message: msg, OK: lang.L("Delete"), Failed: title}
	s.ask.ConfirmWork(s.jobs, q, func() error {
		return s.st.Formats.Delete(s.jobs.Context(), s.actor, f.ID)
	}, func(err error) {
		if err == nil {
			s.log.Info("format deleted", zap.String("id", f.ID))
			after()
			s.h.Flash(lang.X("formats.deleted", "Card format {{.ID}} deleted", map[string]any{"ID": f.ID}))
		}
		if err == nil || errors.Is(err, enroll.ErrNotFound) {
			s.reload()
		}
	})
}
