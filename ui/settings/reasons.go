package settings

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
)

// reasonsTab edits the list of reasons a requester picks from.
type reasonsTab struct {
	*itemList[enroll.Reason]
	h      screen.Host
	st     *enroll.Station
	actor  enroll.Actor
	box    fyne.CanvasObject
	rename *widget.Button
	remove *widget.Button
	empty  *widget.Label
}

func newReasonsTab(h screen.Host) *reasonsTab {
	t := &reasonsTab{h: h, st: h.Station(), actor: h.Actor()}
	t.itemList = newItemList(h, func(ctx context.Context) ([]enroll.Reason, error) { return t.st.Reasons.List(ctx, t.actor) },
		func() fyne.CanvasObject { return widgets.Cell() },
		func(r enroll.Reason, o fyne.CanvasObject) { o.(*widget.Label).SetText(r.Text) })
	t.changed = t.syncButtons
	t.loaded = t.showEmpty

	add := widget.NewButtonWithIcon(lang.L("Add reason…"), theme.ContentAddIcon(), func() { t.add() })
	t.rename = widget.NewButtonWithIcon(lang.L("Rename…"), theme.DocumentCreateIcon(), func() { t.renameSelected() })
	t.remove = widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), func() { t.deleteSelected() })
	t.empty = widget.NewLabel(lang.L("No reasons yet. Requesters can then leave the reason empty."))
	t.empty.Hide()
	t.syncButtons()
	intro := widgets.InfoLine(lang.L("Requesters pick one of these reasons when they ask for a card. Renaming or deleting a reason does not change requests filed earlier."))
	t.box = container.NewBorder(container.NewVBox(intro, container.NewHBox(add, t.rename, t.remove)), nil, nil, nil,
		container.NewStack(t.list, container.NewCenter(t.empty)))
	return t
}

// showEmpty says so when there are no reasons.
func (t *reasonsTab) showEmpty() {
	if len(t.items) == 0 {
		t.empty.Show()
	} else {
		t.empty.Hide()
	}
}

func (t *reasonsTab) syncButtons() {
	_, ok := t.current()
	widgets.SetEnabled(t.rename, ok)
	widgets.SetEnabled(t.remove, ok)
}

// reasonForm is the one-field form of the add and rename dialogs.
func reasonForm(text string) (*widgets.FieldSet, *widgets.Entry) {
	fs := widgets.NewFieldSet()
	e := widgets.NewEntry()
	e.SetText(text)
	fs.Add("reason", lang.L("Reason"), e)
	return fs, e
}

func (t *reasonsTab) add() *openForm {
	fs, e := reasonForm("")
	return t.form(dialogs.FormSpec{Title: lang.L("Add request reason"), OK: lang.L("Add"), Fields: fs,
		Submit: func() func() error {
			ctx, text := t.h.Jobs().Context(), e.Text
			return func() error {
				_, err := t.st.Reasons.Add(ctx, t.actor, text)
				return err
			}
		}}, func() string {
		return lang.X("reasons.added", "Reason “{{.Text}}” added", map[string]any{"Text": e.Text})
	})
}

func (t *reasonsTab) renameSelected() *openForm {
	r, ok := t.current()
	if !ok {
		return nil
	}
	fs, e := reasonForm(r.Text)
	return t.form(dialogs.FormSpec{Title: lang.L("Rename request reason"), OK: lang.L("Rename"), Fields: fs,
		Submit: func() func() error {
			ctx, text := t.h.Jobs().Context(), e.Text
			return func() error { return t.st.Reasons.Rename(ctx, t.actor, r.ID, text) }
		}}, func() string {
		return lang.X("reasons.renamed", "Reason renamed to “{{.Text}}”", map[string]any{"Text": e.Text})
	})
}

func (t *reasonsTab) deleteSelected() *dialog.ConfirmDialog {
	r, ok := t.current()
	if !ok {
		return nil
	}
	msg := lang.X("reasons.confirmdelete", "Delete the reason “{{.Text}}”? Requests filed with it keep their text.",
		map[string]any{"Text": r.Text})
	return dialogs.Confirm(t.h, lang.L("Delete request reason"), msg, lang.L("Delete"), func() {
		t.act(lang.X("reasons.delete.error", "Cannot delete the reason “{{.Text}}”", map[string]any{"Text": r.Text}),
			func(ctx context.Context) error { return t.st.Reasons.Delete(ctx, t.actor, r.ID) },
			lang.X("reasons.deleted", "Reason “{{.Text}}” deleted", map[string]any{"Text": r.Text}))
	})
}
