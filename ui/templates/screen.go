package templates

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// Screen is the Badge templates tab of Settings.
type Screen struct {
	h     screen.Host
	st    *enroll.Station
	actor enroll.Actor
	jobs  *widgets.Jobs
	log   *zap.Logger

	items    []enroll.BadgeTemplate
	selected int   // index into items, -1: none
	keepID   int64 // template to select after the next reload

	list                                   *templateList
	empty                                  fyne.CanvasObject
	newBtn, importBtn                      *widget.Button
	openBtn, copyBtn, deleteBtn, exportBtn *widget.Button
	defaultBtn                             *widget.Button
	content                                fyne.CanvasObject
	// openFile and saveFile ask for a file; tests answer in their place.
	openFile func(exts []string, cb func(fyne.URIReadCloser, error))
	saveFile func(name string, cb func(fyne.URIWriteCloser, error))

	designer *Designer             // the open designer, for tests
	alert    *dialogs.Alert        // the open error dialog, for tests
	question *dialog.ConfirmDialog // the open question, for tests
}

// New builds the screen; Shown loads the templates.
func New(h screen.Host) *Screen {
	s := &Screen{h: h, st: h.Station(), actor: h.Actor(), jobs: h.Jobs(), log: h.Log().Named("templates"), selected: -1}
	s.openFile = func(exts []string, cb func(fyne.URIReadCloser, error)) { dialogs.OpenFile(h.Window(), exts, cb) }
	s.saveFile = func(name string, cb func(fyne.URIWriteCloser, error)) {
		dialogs.SaveFile(h.Window(), name, []string{".json"}, cb)
	}
	s.build()
	return s
}

// Content is the screen's root object for the shell to place.
func (s *Screen) Content() fyne.CanvasObject { return s.content }

// Shown reloads the list, keeping the selected template.
func (s *Screen) Shown() { s.reload() }

// Templates is the list as shown.
func (s *Screen) Templates() []enroll.BadgeTemplate { return slices.Clone(s.items) }

// listColumns are shared by the header and every row.
func listColumns() []widgets.Column {
	return []widgets.Column{
		{Title: lang.L("Name"), Min: 180, Weight: 3},
		{Title: lang.L("Orientation"), Min: 100},
		{Title: lang.L("Sides"), Min: 110},
		{Title: lang.L("Elements"), Min: 100},
		{Title: lang.L("Default"), Min: 125},
		{Title: lang.L("Changed"), Min: 140, Weight: 1},
	}
}

func (s *Screen) build() {
	cols := listColumns()
	s.list = newTemplateList(func() int { return len(s.items) },
		func() fyne.CanvasObject { return newRowView(cols, s.rowTapped) },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*rowView).show(id, s.items[id]) })
	s.list.OnSelected = func(id widget.ListItemID) { s.selected = id; s.syncButtons() }
	s.list.OnUnselected = func(widget.ListItemID) { s.selected = -1; s.syncButtons() }
	s.list.onEnter = s.openSelected

	s.newBtn = widget.NewButtonWithIcon(lang.L("New template…"), theme.ContentAddIcon(), s.newTemplate)
	s.newBtn.Importance = widget.HighImportance
	s.importBtn = widget.NewButtonWithIcon(lang.L("Import…"), theme.DownloadIcon(), s.importTemplate)
	s.openBtn = widget.NewButtonWithIcon(lang.L("Open"), theme.DocumentCreateIcon(), s.openSelected)
	s.copyBtn = widget.NewButtonWithIcon(lang.L("Duplicate…"), theme.ContentCopyIcon(), s.duplicateSelected)
	s.defaultBtn = widget.NewButtonWithIcon(lang.L("Set as default"), theme.ConfirmIcon(), s.setDefaultSelected)
	s.deleteBtn = widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), s.deleteSelected)
	s.exportBtn = widget.NewButtonWithIcon(lang.L("Export…"), theme.UploadIcon(), s.exportSelected)
	if !s.admin() {
		s.newBtn.Disable()
		s.importBtn.Disable()
	}
	s.syncButtons()

	info := widgets.InfoLine(lang.L("A badge template is the printed face of a card. The default template prints badges whose request names none. Double-click a template to open it in the designer."))
	// Two rows, so the buttons fit a small window in longer languages too.
	intro := container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(s.newBtn, s.importBtn)), info)
	tools := container.NewHBox(layout.NewSpacer(), s.openBtn, s.copyBtn, s.defaultBtn, s.deleteBtn, s.exportBtn)
	top := container.NewVBox(intro, tools, widgets.Header(cols))
	s.empty = widgets.EmptyState(iconRect, lang.L("No badge templates yet"),
		lang.L("Design the card's face with New template, or import a template file."), "")
	s.empty.Hide()
	s.content = container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, s.empty))
}

// admin reports whether the operator may change the templates.
func (s *Screen) admin() bool { return s.actor.Can(enroll.PermManageTemplates) }

func (s *Screen) current() (enroll.BadgeTemplate, bool) {
	if s.selected < 0 || s.selected >= len(s.items) {
		return enroll.BadgeTemplate{}, false
	}
	return s.items[s.selected], true
}

func (s *Screen) syncButtons() {
	bt, ok := s.current()
	admin := s.admin()
	widgets.SetEnabled(s.openBtn, ok)
	widgets.SetEnabled(s.copyBtn, ok && admin)
	widgets.SetEnabled(s.deleteBtn, ok && admin)
	widgets.SetEnabled(s.exportBtn, ok)
	widgets.SetEnabled(s.defaultBtn, ok && admin && !bt.IsDefault)
}

func (s *Screen) rowTapped(id widget.ListItemID) {
	s.list.Select(id)
	s.openSelected()
}

func (s *Screen) reload() {
	widgets.Go(s.jobs, func() ([]enroll.BadgeTemplate, error) {
		return s.st.Templates.List(s.jobs.Context(), s.actor)
	}, func(items []enroll.BadgeTemplate, err error) {
		if err != nil {
			s.log.Warn("list templates", zap.Error(err))
			s.h.FlashError(words.Explain(err))
			return
		}
		s.showList(items)
	})
}

func (s *Screen) showList(items []enroll.BadgeTemplate) {
	want := s.keepID
	if bt, ok := s.current(); ok && want == 0 {
		want = bt.ID
	}
	s.keepID = 0
	s.items = items
	s.list.UnselectAll()
	s.selected = -1
	s.list.Refresh()
	for i, bt := range items {
		if bt.ID == want {
			s.list.Select(i)
			s.list.ScrollTo(i)
		}
	}
	if len(items) == 0 {
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
	s.syncButtons()
}

// templateList is a widget.List whose Enter opens the selected template.
type templateList struct {
	widget.List
	onEnter func()
}

func newTemplateList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *templateList {
	l := &templateList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *templateList) TypedKey(ev *fyne.KeyEvent) {
	if (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && l.onEnter != nil {
		l.onEnter()
		return
	}
	l.List.TypedKey(ev)
}

// rowView is one template in the list; a tap on the selected row opens it,
// so a double-click opens any row.
type rowView struct {
	widget.BaseWidget
	id     widget.ListItemID
	tapped func(widget.ListItemID)
	cells  []*widget.Label
	box    *fyne.Container
}

func newRowView(cols []widgets.Column, tapped func(widget.ListItemID)) *rowView {
	r := &rowView{id: -1, tapped: tapped}
	objs := make([]fyne.CanvasObject, len(cols))
	for i := range cols {
		l := widgets.Cell()
		r.cells = append(r.cells, l)
		objs[i] = l
	}
	r.box = widgets.Row(cols, objs...)
	r.ExtendBaseWidget(r)
	return r
}

func (r *rowView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(widgets.NewTipRow(r.box))
}

func (r *rowView) DoubleTapped(*fyne.PointEvent) {
	if r.id >= 0 {
		r.tapped(r.id)
	}
}

func (r *rowView) show(id widget.ListItemID, bt enroll.BadgeTemplate) {
	r.id = id
	t := bt.Template
	orientation, sides, elements := "", "", ""
	if t != nil {
		orientation = lang.L("Landscape")
		if t.Orientation == badge.Portrait {
			orientation = lang.L("Portrait")
		}
		sides = lang.L("One-sided")
		n := len(t.Front.Elements)
		if t.Back != nil {
			sides = lang.L("Two-sided")
			n += len(t.Back.Elements)
		}
		elements = words.Int(n)
	}
	def := ""
	if bt.IsDefault {
		def = "★ " + lang.L("Default")
	}
	texts := []string{bt.Name, orientation, sides, elements, def, words.Time(bt.UpdatedAt)}
	for i, text := range texts {
		if r.cells[i].Text != text {
			r.cells[i].SetText(text)
		}
	}
	if bold := bt.IsDefault; r.cells[0].TextStyle.Bold != bold {
		r.cells[0].TextStyle.Bold = bold
		r.cells[0].Refresh()
	}
}
