package cardholders

import (
	"errors"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/words"
)

// maxPhotoRead bounds how much of a chosen file is read: far above the
// photo limit, so the limit's own message can be shown, but a huge file
// picked by mistake is not read whole.
const maxPhotoRead = 4 * enroll.MaxPhotoBytes

var photoExtensions = []string{".png", ".jpg", ".jpeg", ".gif"}

func (s *Screen) addCardholder() {
	s.h.Jobs().Run(func() func() {
		depts := s.departments()
		return func() { s.openEditor(enroll.Cardholder{Status: enroll.CardholderActive}, depts) }
	})
}

// editSelected loads the selected cardholder in full (with photo) and opens it.
func (s *Screen) editSelected() {
	if s.selected == nil || !s.actor.Can(enroll.PermEditCardholders) {
		return
	}
	id := s.selected.ID
	s.h.Jobs().Run(func() func() {
		c, err := s.st().Cardholders.Get(s.ctx(), s.actor, id)
		depts := s.departments()
		return func() {
			if err != nil {
				s.showError(lang.L("Cannot open cardholder"), err)
				if errors.Is(err, enroll.ErrNotFound) {
					s.reload(false)
				}
				return
			}
			s.openEditor(c, depts)
		}
	})
}

// departments feeds the suggestions; without them the form still works.
func (s *Screen) departments() []string {
	ds, err := s.st().Cardholders.Departments(s.ctx(), s.actor)
	if err != nil {
		s.log.Warn("departments for suggestions", zap.Error(err))
	}
	return ds
}

func (s *Screen) openEditor(c enroll.Cardholder, depts []string) {
	d := NewCardholderDialog(c, depts, s.st().Cardholders.Validate)
	title := lang.L("Add cardholder")
	if c.ID != 0 {
		title = lang.X("cardholders.edit.title", "Edit {{.Name}}", map[string]any{"Name": c.FullName()})
	}
	win := s.h.Window()
	dlg := dialog.NewCustomWithoutButtons(title, d, win)
	d.OnCancel = dlg.Hide
	d.OnSubmit = func(c enroll.Cardholder) { s.saveCardholder(d, dlg, c) }
	d.OnChoosePhoto = func() { s.choosePhoto(d) }
	dlg.SetOnClosed(func() {
		if s.editor == d {
			s.editor = nil
		}
		win.Canvas().Focus(s.list) // the keyboard carries on in the list
	})
	s.editor = d
	s.h.ShowGuardedDialog(dlg, d.doCancel) // Escape cancels as the Cancel button does
	d.Focus(win.Canvas())
}

func (s *Screen) saveCardholder(d *CardholderDialog, dlg dialog.Dialog, c enroll.Cardholder) {
	d.SetBusy(true)
	s.h.Jobs().Run(func() func() {
		var saved enroll.Cardholder
		var err error
		if c.ID == 0 {
			saved, err = s.st().Cardholders.Add(s.ctx(), s.actor, c)
		} else {
			saved, err = s.st().Cardholders.Update(s.ctx(), s.actor, c)
		}
		return func() {
			d.SetBusy(false)
			if err != nil {
				if !isValidation(err) {
					s.log.Error("save cardholder", zap.Int64("cardholder", c.ID), zap.Error(err))
				}
				d.ShowError(err)
				return
			}
			dlg.Hide()
			if c.ID == 0 {
				s.h.Flash(lang.X("cardholders.added", "Added {{.Name}}", map[string]any{"Name": saved.FullName()}))
				s.showAdded(saved)
				return
			}
			s.h.Flash(lang.X("cardholders.saved", "Saved {{.Name}}", map[string]any{"Name": saved.FullName()}))
			s.keepID = saved.ID
			s.reload(false)
		}
	})
}

// showAdded puts the person just added on screen: the search and the
// status filter could hide them, so both are cleared, and the list
// selects them at their row, scrolling there. Then it offers to request
// their card.
func (s *Screen) showAdded(c enroll.Cardholder) {
	s.clearFilter()
	s.h.Jobs().Run(func() func() {
		at, err := s.st().Cardholders.Position(s.ctx(), s.actor, c.ID)
		return func() {
			if err != nil {
				// Selected all the same when on the first page.
				s.log.Warn("row of new cardholder", zap.Int64("cardholder", c.ID), zap.Error(err))
				at = -1
			}
			s.keepID, s.keepAt = c.ID, at
			s.reload(false)
			s.offerRequest(c)
		}
	})
}

// clearFilter empties the search box and shows every status, without the
// reload that typing would start: the caller reloads.
func (s *Screen) clearFilter() {
	s.filter = enroll.CardholderQuery{}
	changed, chosen := s.search.OnChanged, s.statusFilter.OnChanged
	s.search.OnChanged, s.statusFilter.OnChanged = nil, nil
	s.search.SetText("")
	s.statusFilter.SetSelectedIndex(0)
	s.search.OnChanged, s.statusFilter.OnChanged = changed, chosen
}

// offerRequest asks whether the person just added gets a card now, as most
// people are added for exactly that.
func (s *Screen) offerRequest(c enroll.Cardholder) {
	if !s.actor.Can(enroll.PermRequestCards) || c.Status != enroll.CardholderActive {
		return
	}
	q := dialog.NewConfirm(lang.L("Request card"),
		lang.X("cardholders.offer", "Request a card for {{.Name}} now?", map[string]any{"Name": c.FullName()}),
		func(yes bool) {
			s.offer = nil
			if yes {
				s.requestCardFor(c.ID)
			}
		}, s.h.Window())
	q.SetConfirmText(lang.L("Yes"))
	q.SetDismissText(lang.L("No"))
	s.offer = q
	s.h.ShowDialog(q)
}

// choosePhoto lets the operator pick an image file; it is read, checked and
// shrunk to a preview off the UI goroutine.
func (s *Screen) choosePhoto(d *CardholderDialog) {
	s.openFile(photoExtensions, func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.showError(lang.L("Cannot open the photo"), err)
			return
		}
		if r == nil {
			return // the operator cancelled
		}
		c := d.Value()
		s.h.Jobs().Run(func() func() {
			photo, thumb, problem := s.readPhoto(r, c)
			return func() {
				if problem != "" {
					d.SetPhotoError(problem)
					return
				}
				d.SetPhoto(photo, thumb)
			}
		})
	})
}

// readPhoto returns the photo and its thumbnail, or what is wrong with it.
func (s *Screen) readPhoto(r fyne.URIReadCloser, c enroll.Cardholder) (photo, thumb []byte, problem string) {
	defer r.Close()
	photo, err := io.ReadAll(io.LimitReader(r, maxPhotoRead+1))
	if err != nil {
		return nil, nil, r.URI().Name() + ": " + words.Explain(err)
	}
	if len(photo) > maxPhotoRead {
		return nil, nil, lang.X("cardholders.photo.huge", "{{.File}} is larger than {{.Read}} MB; a photo may be at most {{.Max}} MB.",
			map[string]any{"File": r.URI().Name(), "Read": maxPhotoRead >> 20, "Max": enroll.MaxPhotoBytes >> 20})
	}
	c.Photo = photo
	var ve *enroll.ValidationError
	if err := s.st().Cardholders.Validate(c); errors.As(err, &ve) && ve.For("photo") != "" {
		return nil, nil, r.URI().Name() + ": " + ve.LocalizedFor("photo", lang.X)
	}
	thumb, err = enroll.MakeThumbnail(photo)
	if err != nil {
		return nil, nil, r.URI().Name() + ": " + words.Explain(err)
	}
	return photo, thumb, ""
}

// showError explains a failure in a dialog and logs it.
func (s *Screen) showError(title string, err error) {
	s.log.Error(title, zap.Error(err))
	dialogs.ShowError(s.h, title, err)
}
