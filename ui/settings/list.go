package settings

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// itemList is what the Request reasons and Operators tabs have in common:
// a list of what the station keeps, read off the UI goroutine, one item
// selected at a time, and actions on it that end in a fresh list.
type itemList[T any] struct {
	h        screen.Host
	list     *widget.List
	items    []T
	selected int // index into items, -1: none
	fetch    func(ctx context.Context) ([]T, error)
	// changed runs after the items or the selection changed, so the tab
	// can enable its buttons; loaded after fresh items arrived.
	changed, loaded func()
}

func newItemList[T any](h screen.Host, fetch func(context.Context) ([]T, error),
	create func() fyne.CanvasObject, update func(T, fyne.CanvasObject)) *itemList[T] {
	l := &itemList[T]{h: h, fetch: fetch, selected: -1, changed: func() {}, loaded: func() {}}
	l.list = widget.NewList(func() int { return len(l.items) }, create,
		func(i widget.ListItemID, o fyne.CanvasObject) { update(l.items[i], o) })
	l.list.OnSelected = func(i widget.ListItemID) { l.selected = i; l.changed() }
	l.list.OnUnselected = func(widget.ListItemID) { l.selected = -1; l.changed() }
	return l
}

// reload reads the items again; nothing stays selected.
func (l *itemList[T]) reload() {
	jobs := l.h.Jobs()
	widgets.Go(jobs, func() ([]T, error) { return l.fetch(jobs.Context()) }, func(items []T, err error) {
		if err != nil {
			l.h.FlashError(words.Explain(err))
			return
		}
		l.items = items
		l.list.UnselectAll()
		l.selected = -1
		l.list.Refresh()
		l.changed()
		l.loaded()
	})
}

// current is the selected item.
func (l *itemList[T]) current() (T, bool) {
	if l.selected < 0 || l.selected >= len(l.items) {
		var none T
		return none, false
	}
	return l.items[l.selected], true
}

// openForm is an open form dialog with its fields (tests fill them in).
type openForm struct {
	*dialogs.Form
	fields *widgets.FieldSet
}

// form opens a form dialog; once its work succeeded, the status bar says
// what done returns and the list is read again.
func (l *itemList[T]) form(spec dialogs.FormSpec, done func() string) *openForm {
	spec.Done = func() {
		l.h.Flash(done())
		l.reload()
	}
	return &openForm{Form: dialogs.ShowForm(l.h, l.h.Jobs(), spec), fields: spec.Fields}
}

// act runs work off the UI goroutine. A refusal is explained in a dialog
// titled failed; success is said in the status bar and the list is read
// again.
func (l *itemList[T]) act(failed string, work func(ctx context.Context) error, done string) {
	jobs := l.h.Jobs()
	widgets.Go(jobs, func() (struct{}, error) { return struct{}{}, work(jobs.Context()) }, func(_ struct{}, err error) {
		if err != nil {
			dialogs.ShowError(l.h, failed, err)
			return
		}
		l.h.Flash(done)
		l.reload()
	})
}

// addPasswords adds a password and its repetition to fs; match reports
// whether the two are the same, and says so at the repetition when not.
func addPasswords(fs *widgets.FieldSet, label string) (pass *widgets.Entry, match func() bool) {
	pass, repeat := widgets.NewPasswordEntry(), widgets.NewPasswordEntry()
	fs.Add("password", label, pass)
	fs.Add("repeat", lang.L("Repeat password"), repeat)
	return pass, func() bool {
		if pass.Text != repeat.Text {
			fs.Set("repeat", lang.L("The passwords do not match."))
			return false
		}
		return true
	}
}
