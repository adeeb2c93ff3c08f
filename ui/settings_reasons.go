package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// reasonsTab edits the list of reasons a requester picks from.
type reasonsTab struct {
	s        *session
	box      fyne.CanvasObject
	list     *widget.List
	reasons  []enroll.Reason
	selected int
	rename   *widget.Button
	remove   *widget.Button
	empty    *widget.Label
}

func newReasonsTab(s *session) *reasonsTab {
	t := &reasonsTab{s: s, selected: -1}
	t.list = widget.NewList(func() int { return len(t.reasons) },
		func() fyne.CanvasObject { return cellLabel() },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(t.reasons[i].Text) })
	t.list.OnSelected = func(i widget.ListItemID) { t.selected = i; t.syncButtons() }
	t.list.OnUnselected = func(widget.ListItemID) { t.selected = -1; t.syncButtons() }

	add := widget.NewButtonWithIcon(lang.L("Add reason…"), theme.ContentAddIcon(), func() { t.add() })
	t.rename = widget.NewButtonWithIcon(lang.L("Rename…"), theme.DocumentCreateIcon(), func() { t.renameSelected() })
	t.remove = widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), t.deleteSelected)
	t.empty = widget.NewLabel(lang.L("No reasons yet. Requesters can then leave the reason empty."))
	t.empty.Hide()
	t.syncButtons()
	intro := infoLine(lang.L("Requesters pick one of these reasons when they ask for a card. Renaming or deleting a reason does not change requests filed earlier."))
	t.box = container.NewBorder(container.NewVBox(intro, container.NewHBox(add, t.rename, t.remove)), nil, nil, nil,
		container.NewStack(t.list, container.NewCenter(t.empty)))
	return t
}

func (t *reasonsTab) syncButtons() {
	if t.selected >= 0 && t.selected < len(t.reasons) {
		t.rename.Enable()
		t.remove.Enable()
		return
	}
	t.rename.Disable()
	t.remove.Disable()
}

func (t *reasonsTab) reload() {
	background(t.s.d.run, func() ([]enroll.Reason, error) {
		return t.s.d.st.Reasons.List(t.s.d.ctx, t.s.actor)
	}, func(rs []enroll.Reason, err error) {
		if err != nil {
			t.s.status.flashError(explain(err))
			return
		}
		t.reasons = rs
		t.list.UnselectAll()
		t.selected = -1
		t.list.Refresh()
		t.syncButtons()
		if len(rs) == 0 {
			t.empty.Show()
		} else {
			t.empty.Hide()
		}
	})
}

// reasonForm is the one-field form of the add and rename dialogs.
func reasonForm(text string) (*fieldSet, *textEntry) {
	fs := newFieldSet()
	e := newTextEntry()
	e.SetText(text)
	fs.add("reason", lang.L("Reason"), e)
	return fs, e
}

func (t *reasonsTab) add() *formDialog {
	fs, e := reasonForm("")
	return t.s.showForm(formSpec{title: lang.L("Add request reason"), okLabel: lang.L("Add"), fields: fs,
		submit: func() func() error {
			text := e.Text
			return func() error {
				_, err := t.s.d.st.Reasons.Add(t.s.d.ctx, t.s.actor, text)
				return err
			}
		},
		done: func() {
			t.s.status.flash(lang.X("reasons.added", "Reason “{{.Text}}” added", map[string]any{"Text": e.Text}))
			t.reload()
		}})
}

func (t *reasonsTab) renameSelected() *formDialog {
	if t.selected < 0 {
		return nil
	}
	r := t.reasons[t.selected]
	fs, e := reasonForm(r.Text)
	return t.s.showForm(formSpec{title: lang.L("Rename request reason"), okLabel: lang.L("Rename"), fields: fs,
		submit: func() func() error {
			text := e.Text
			return func() error { return t.s.d.st.Reasons.Rename(t.s.d.ctx, t.s.actor, r.ID, text) }
		},
		done: func() {
			t.s.status.flash(lang.X("reasons.renamed", "Reason renamed to “{{.Text}}”", map[string]any{"Text": e.Text}))
			t.reload()
		}})
}

func (t *reasonsTab) deleteSelected() {
	if t.selected < 0 {
		return
	}
	r := t.reasons[t.selected]
	msg := lang.X("reasons.confirmdelete", "Delete the reason “{{.Text}}”? Requests filed with it keep their text.",
		map[string]any{"Text": r.Text})
	t.s.confirm(lang.L("Delete request reason"), msg, lang.L("Delete"), func() {
		background(t.s.d.run, func() (struct{}, error) {
			return struct{}{}, t.s.d.st.Reasons.Delete(t.s.d.ctx, t.s.actor, r.ID)
		}, func(_ struct{}, err error) {
			if err != nil {
				t.s.showError(err)
				return
			}
			t.s.status.flash(lang.X("reasons.deleted", "Reason “{{.Text}}” deleted", map[string]any{"Text": r.Text}))
			t.reload()
		})
	})
}
