package cardholders

import (
	"cmp"
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	ttwidget "github.com/dweymouth/fyne-tooltip/widget"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/badgeview"
	"github.com/carddesk/carddesk/ui/credentials"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/orders"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
)

// Screen is the Cardholders section of the main window.
type Screen struct {
	// OnSelectionChanged, when set, is called whenever a cardholder is
	// selected or the selection is cleared, so the main menu can enable
	// Preview badge.
	OnSelectionChanged func()

	h     screen.Host
	actor enroll.Actor
	log   *zap.Logger

	typing *widgets.Debouncer
	rows   *widgets.Pager[row]
	filter enroll.CardholderQuery // what the search box and status filter say now
	asked  enroll.CardholderQuery // the newest query, whose pages the list loads
	shown  enroll.CardholderQuery // the query of the rows on screen
	// counted: the first page of the newest query arrived, so the count
	// on screen is its count.
	counted  bool
	top      bool // the newest query scrolls back to the first row
	selected *row // the one selected cardholder once its row is loaded; nil: none or several
	// picked are the rows of the selected cardholders, by id.
	picked map[int64]row
	// pendingAt is a row selected before its page arrived; -1: none.
	pendingAt int
	// canOrder: ordering cards from production is on for this operator.
	canOrder bool
	keepID   int64 // cardholder to select again after the next reload
	keepAt   int   // keepID's row, for when its page is not loaded; -1: unknown
	// selectFirst: Enter was pressed in the search box before its results
	// arrived; the first of them is selected when they do.
	selectFirst bool

	list         *widgets.MultiList
	search       *widgets.Entry
	statusFilter *widgets.Select
	count        *widget.Label
	empty        *widget.Label
	add, edit    *widget.Button
	request      *widget.Button
	preview      *ttwidget.Button
	printBadge   *ttwidget.Button
	requestHint  *widgets.TipLabel
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
	duplicate *dialog.ConfirmDialog // "file another request?"
	offer     *dialog.ConfirmDialog // "request a card for the person just added?"
	problems  *problemList
	previewer *badgeview.Preview
	cards     *credentials.Holder
}

// New builds the screen; Shown loads it.
func New(h screen.Host) *Screen {
	s := &Screen{h: h, actor: h.Actor(), log: h.Log().Named("cardholders"), keepAt: -1, pendingAt: -1,
		now: time.Now, picked: map[int64]row{}}
	s.rows = s.newRows()
	s.typing = widgets.NewDebouncer(h.Jobs(), func() { s.reload(true) })
	s.openFile = func(exts []string, cb func(fyne.URIReadCloser, error)) { dialogs.OpenFile(h.Window(), exts, cb) }
	s.saveFile = func(name string, cb func(fyne.URIWriteCloser, error)) {
		dialogs.SaveFile(h.Window(), name, []string{".csv"}, cb)
	}
	s.build()
	return s
}

// Content is the screen's root object for the shell to place.
func (s *Screen) Content() fyne.CanvasObject { return s.content }

// Shown reloads the list, keeping the search, the scroll position where
// possible and the selected cardholder.
func (s *Screen) Shown() {
	s.reload(false)
	s.readUseCases()
}

// readUseCases learns whether cards may be ordered from production, for
// the row menu's Order card.
func (s *Screen) readUseCases() {
	st, ctx, actor := s.st(), s.ctx(), s.actor
	widgets.Go(s.h.Jobs(), func() (map[string]bool, error) {
		return st.Orders.Enabled(ctx, actor)
	}, func(on map[string]bool, err error) {
		s.canOrder = err == nil && on[enroll.UseOrderCard] && actor.Can(enroll.PermRespondRequests)
	})
}

// OrderCard orders a card from external production for the selected
// cardholder (the row menu, when the use case is on).
func (s *Screen) OrderCard() {
	sel := s.selected
	if sel == nil || !s.canOrder {
		return
	}
	orders.OrderCard(s.h, sel.ID, sel.FullName())
}

// ShowCredentials opens the selected cardholder's credentials (the row
// menu): their status and expiry, and what can be done to them.
func (s *Screen) ShowCredentials() {
	sel := s.selected
	if sel == nil {
		return
	}
	s.cards = credentials.ShowHolder(s.h, sel.Cardholder, func() { s.reload(false) })
}

// st is the station. Its queries take ctx, which ends with the session, so
// they stop when the operator signs out.
func (s *Screen) st() *enroll.Station  { return s.h.Station() }
func (s *Screen) ctx() context.Context { return s.h.Jobs().Context() }

// FocusSearch puts the cursor in the search box.
func (s *Screen) FocusSearch() { s.h.Window().Canvas().Focus(s.search) }

func (s *Screen) build() {
	s.list = s.newList()

	s.search = widgets.NewEntry()
	s.search.Icon = theme.SearchIcon()
	s.search.PlaceHolder = lang.L("Search by name, e-mail, department or external ID")
	s.search.OnChanged = func(text string) {
		s.filter.Text = text
		s.typing.Trigger()
	}
	s.search.OnSubmitted = func(string) { s.focusList() }

	s.statusFilter = widgets.NewSelect(statusFilterOptions(), nil)
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
		container.NewCenter(container.NewHBox(s.add, s.edit, s.request, s.preview, s.printBadge)),
		container.NewCenter(container.NewHBox(s.importCSVBtn, s.exportCSVBtn)), s.requestHint)
	top := container.NewVBox(actions, searchRow, widgets.Header(listColumns()))
	s.content = container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, container.NewCenter(s.empty)))
}

func (s *Screen) buildButtons() {
	s.add = widget.NewButtonWithIcon(lang.L("Add"), theme.ContentAddIcon(), s.addCardholder)
	s.edit = widget.NewButtonWithIcon(lang.L("Edit"), theme.DocumentCreateIcon(), s.editSelected)
	s.request = widget.NewButtonWithIcon(lang.L("Request card"), theme.MailSendIcon(), s.requestCard)
	s.request.Importance = widget.HighImportance
	// An icon, so the row and its hint still fit a 1024 px window in
	// Dutch; its tooltip, the row menu and the Requests menu say the words.
	s.preview = ttwidget.NewButtonWithIcon("", theme.VisibilityIcon(), s.PreviewBadge)
	s.preview.SetToolTip(lang.L("Preview badge… (Ctrl+B)"))
	s.printBadge = ttwidget.NewButtonWithIcon("", theme.DocumentPrintIcon(), s.PrintBadge)
	s.printBadge.SetToolTip(lang.L("Print badge… (Ctrl+P)"))
	// One small line; where the window is too narrow for it, it is cut
	// off and the mouse shows it whole (wrapped into a narrow gap it read
	// one syllable per line).
	s.requestHint = widgets.NewTipLabel("")
	s.requestHint.Importance, s.requestHint.SizeName = widget.LowImportance, theme.SizeNameCaptionText
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
	sel, n := s.selected, len(s.picked)
	widgets.SetEnabled(s.edit, sel != nil && s.actor.Can(enroll.PermEditCardholders))
	widgets.SetEnabled(s.preview, sel != nil)
	widgets.SetEnabled(s.printBadge, n > 0 && s.actor.Can(enroll.PermRespondRequests))
	if n > 1 {
		s.printBadge.SetToolTip(lang.X("cardholders.print.tip", "Print {{.N}} badges… (Ctrl+P)", map[string]any{"N": n}))
	} else {
		s.printBadge.SetToolTip(lang.L("Print badge… (Ctrl+P)"))
	}
	hint, imp := "", widget.LowImportance
	switch {
	case n > 1:
		hint = lang.X("cardholders.hint.several", "{{.N}} cardholders selected", map[string]any{"N": n})
	case !s.actor.Can(enroll.PermRequestCards):
		hint = lang.L("Your account may not request cards.")
	case sel == nil:
		hint = lang.L("Select a cardholder to request a card.")
	case sel.Status != enroll.CardholderActive:
		hint = lang.X("cardholders.hint.inactive", "{{.Name}} is inactive: no card can be requested.",
			map[string]any{"Name": sel.FullName()})
		imp = widget.WarningImportance // a reason to act, not just a how-to
	}
	widgets.SetEnabled(s.request, hint == "")
	s.requestHint.Importance = imp
	s.requestHint.SetText(hint)
	if s.OnSelectionChanged != nil {
		s.OnSelectionChanged()
	}
}

// Selected is how many cardholders are selected.
func (s *Screen) Selected() int { return len(s.picked) }

// HasSelection reports whether one cardholder is selected.
func (s *Screen) HasSelection() bool { return s.selected != nil }

// focusList moves the keyboard to the list, selecting the first row if
// nothing is selected, so Enter in the search box leads straight to a person.
func (s *Screen) focusList() {
	s.h.Window().Canvas().Focus(s.list)
	if s.filter.Text != s.shown.Text || s.filter.Status != s.shown.Status {
		s.selectFirst = true
		s.reload(true)
		return
	}
	if s.list.Sel.Count() == 0 && s.rows.Len() > 0 {
		s.selectRow(0)
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

// PreviewBadge shows the selected cardholder's badge as it will print
// (the Preview badge button, the row menu and Ctrl+B).
func (s *Screen) PreviewBadge() {
	sel := s.selected
	if s.previewer != nil {
		return
	}
	if sel == nil {
		s.h.Flash(lang.L("Select a cardholder to preview their badge."))
		return
	}
	p := badgeview.ForCardholder(s.h, sel.ID, sel.FullName())
	s.previewer = p
	p.Dialog().SetOnClosed(func() {
		if s.previewer == p {
			s.previewer = nil
		}
		s.h.Window().Canvas().Focus(s.list)
	})
}

// PrintBadge previews the badges of the selected cardholders and prints
// them (the print button, the row menu and Ctrl+P on this section). The
// preview shows the first one with a photo; those without one can be left
// out.
func (s *Screen) PrintBadge() {
	if s.previewer != nil {
		return
	}
	rows := s.pickedRows()
	if len(rows) == 0 {
		s.h.Flash(lang.L("Select the cardholders whose badges to print."))
		return
	}
	slices.SortStableFunc(rows, func(a, b row) int { // one with a photo first, for the preview
		return cmp.Compare(b2i(!a.HasPhoto), b2i(!b.HasPhoto))
	})
	job := badgeview.Job{Name: rows[0].FullName()}
	for _, r := range rows {
		job.CardholderIDs = append(job.CardholderIDs, r.ID)
		if !r.HasPhoto {
			job.NoPhoto = append(job.NoPhoto, r.FullName())
		}
	}
	p := badgeview.Print(s.h, job)
	s.previewer = p
	p.Dialog().SetOnClosed(func() {
		if s.previewer == p {
			s.previewer = nil
		}
		s.h.Window().Canvas().Focus(s.list)
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
