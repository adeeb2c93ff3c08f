package cardholders

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/kit"
)

// searchDelay is how long the list waits for the next key before searching.
const searchDelay = 150 * time.Millisecond

// Screen is the Cardholders section of the main window.
type Screen struct {
	// OnRequestCreated is called (on the UI goroutine) after a card request was filed.
	OnRequestCreated func()
	// OnStatus shows a transient message in the shell's status bar; may be nil.
	OnStatus func(msg string)

	win   fyne.Window
	st    *enroll.Station
	actor enroll.Actor
	log   *zap.Logger
	ctx   context.Context

	jobs     kit.Jobs
	debounce kit.Debouncer
	pager    *pager
	wantGen  int                    // newest query asked for; pager.gen is the one shown
	filter   enroll.CardholderQuery // what the search box and status filter say now
	shown    enroll.CardholderQuery // the filter of the rows on screen
	selected *row                   // the selected cardholder once its row is loaded
	keepID   int64                  // cardholder to select again after the next reload
	// selectFirst: Enter was pressed in the search box before its results
	// arrived; the first of them is selected when they do.
	selectFirst bool

	lastTapID widget.ListItemID
	lastTapAt time.Time

	list         *rowList
	search       *widget.Entry
	statusFilter *widget.Select
	count        *widget.Label
	empty        *widget.Label
	add, edit    *widget.Button
	request      *widget.Button
	requestHint  *widget.Label
	importCSVBtn *widget.Button
	exportCSVBtn *widget.Button
	content      fyne.CanvasObject

	// File pickers and the clock; tests replace them.
	openFile func(exts []string, cb func(fyne.URIReadCloser, error))
	saveFile func(name string, cb func(fyne.URIWriteCloser, error))
	now      func() time.Time

	// The open dialogs, for tests.
	editor    *CardholderDialog
	requester *RequestDialog
	problems  *problemList
}

// New builds the screen and starts loading the first page.
func New(win fyne.Window, st *enroll.Station, actor enroll.Actor, log *zap.Logger) *Screen {
	if log == nil {
		log = zap.NewNop()
	}
	s := &Screen{
		win: win, st: st, actor: actor, log: log.Named("cardholders"), ctx: context.Background(),
		pager: newPager(), lastTapID: -1, now: time.Now,
	}
	s.debounce = kit.Debouncer{Jobs: &s.jobs, Delay: searchDelay}
	s.openFile = func(exts []string, cb func(fyne.URIReadCloser, error)) { kit.OpenFile(s.win, exts, cb) }
	s.saveFile = func(name string, cb func(fyne.URIWriteCloser, error)) {
		kit.SaveFile(s.win, name, []string{".csv"}, cb)
	}
	s.build()
	s.reload(true)
	return s
}

// Content is the screen's root object for the shell to place.
func (s *Screen) Content() fyne.CanvasObject { return s.content }

// Refresh reloads the list, keeping the search, the scroll position where
// possible and the selected cardholder.
func (s *Screen) Refresh() { s.reload(false) }

func (s *Screen) build() {
	s.list = newRowList(func() int { return s.pager.count },
		func() fyne.CanvasObject { return newRowView(s) }, s.updateRow)
	s.list.onSelect = func(widget.ListItemID) { s.syncSelection() }
	s.list.onEnter = s.editSelected

	s.search = widget.NewEntry()
	s.search.Icon = theme.SearchIcon()
	s.search.PlaceHolder = lang.L("Search by name, e-mail, department or external ID")
	s.search.OnChanged = func(text string) {
		s.filter.Text = text
		s.debounce.Trigger(func() { s.reload(true) })
	}
	s.search.OnSubmitted = func(string) { s.focusList() }

	s.statusFilter = widget.NewSelect(statusFilterOptions(), nil)
	s.statusFilter.PlaceHolder = longest(statusFilterOptions()) // a Select is as wide as its placeholder
	s.statusFilter.SetSelectedIndex(0)
	s.statusFilter.OnChanged = func(string) {
		s.filter.Status = statusFilterValue(s.statusFilter.SelectedIndex())
		s.reload(true)
	}
	s.count = widget.NewLabel("")
	s.empty = widget.NewLabel("")
	s.empty.Importance = widget.LowImportance
	s.empty.Hide()

	s.buildButtons()
	searchRow := container.NewBorder(nil, nil, nil, container.NewHBox(s.statusFilter, s.count), s.search)
	actions := container.NewBorder(nil, nil,
		container.NewHBox(s.add, s.edit, s.request),
		container.NewHBox(s.importCSVBtn, s.exportCSVBtn), s.requestHint)
	top := container.NewVBox(actions, searchRow, newHeader(), widget.NewSeparator())
	s.content = container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, container.NewCenter(s.empty)))
}

func (s *Screen) buildButtons() {
	s.add = widget.NewButtonWithIcon(lang.L("Add"), theme.ContentAddIcon(), s.addCardholder)
	s.edit = widget.NewButtonWithIcon(lang.L("Edit"), theme.DocumentCreateIcon(), s.editSelected)
	s.request = widget.NewButtonWithIcon(lang.L("Request card"), theme.MailSendIcon(), s.requestCard)
	s.request.Importance = widget.HighImportance
	s.requestHint = widget.NewLabel("")
	// Small and wrapping: two short lines fit beside the buttons where one
	// long line would be cut off.
	s.requestHint.Importance, s.requestHint.SizeName = widget.LowImportance, theme.SizeNameCaptionText
	s.requestHint.Wrapping = fyne.TextWrapWord
	s.importCSVBtn = widget.NewButtonWithIcon(lang.L("Import CSV"), theme.DownloadIcon(), s.importCSV)
	s.exportCSVBtn = widget.NewButtonWithIcon(lang.L("Export CSV"), theme.UploadIcon(), s.exportCSV)
	if !s.actor.Can(enroll.PermEditCardholders) {
		s.add.Disable()
	}
	if !s.actor.Can(enroll.PermImportExport) {
		s.importCSVBtn.Disable()
		s.exportCSVBtn.Disable()
	}
	s.updateButtons()
}

// updateButtons follows the selection: Edit needs one, Request card needs
// an active one, and the hint says why it is off.
func (s *Screen) updateButtons() {
	sel := s.selected
	setEnabled(s.edit, sel != nil && s.actor.Can(enroll.PermEditCardholders))
	hint, imp := "", widget.LowImportance
	switch {
	case !s.actor.Can(enroll.PermRequestCards):
		hint = lang.L("Your account may not request cards.")
	case sel == nil:
		hint = lang.L("Select a cardholder to request a card.")
	case sel.Status != enroll.CardholderActive:
		hint = lang.X("cardholders.hint.inactive", "{{.Name}} is inactive: no card can be requested.",
			map[string]any{"Name": sel.FullName()})
		imp = widget.WarningImportance // a reason to act, not just a how-to
	}
	setEnabled(s.request, hint == "")
	s.requestHint.Importance = imp
	s.requestHint.SetText(hint)
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// status shows a short message in the shell's status bar.
func (s *Screen) status(msg string) {
	if s.OnStatus != nil {
		s.OnStatus(msg)
	}
}

// focusList moves the keyboard to the list, selecting the first row if
// nothing is selected, so Enter in the search box leads straight to a person.
func (s *Screen) focusList() {
	s.win.Canvas().Focus(s.list)
	if s.filter.Text != s.shown.Text || s.filter.Status != s.shown.Status {
		s.selectFirst = true
		s.reload(true)
		return
	}
	if s.list.selected < 0 && s.pager.count > 0 {
		s.list.Select(0)
	}
}

func statusFilterOptions() []string {
	return []string{lang.L("All cardholders"), lang.L("Active only"), lang.L("Inactive only")}
}

func longest(ss []string) string {
	l := ""
	for _, s := range ss {
		if len([]rune(s)) > len([]rune(l)) {
			l = s
		}
	}
	return l
}

func statusFilterValue(i int) enroll.CardholderStatus {
	switch i {
	case 1:
		return enroll.CardholderActive
	case 2:
		return enroll.CardholderInactive
	}
	return ""
}
