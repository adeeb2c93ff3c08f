package templates

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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

	list       *widgets.DocList[enroll.BadgeTemplate, int64]
	empty      fyne.CanvasObject
	btn        widgets.DocButtons
	defaultBtn *widget.Button
	content    fyne.CanvasObject
	files      *dialogs.Transfer

	designer *Designer // the open designer, for tests
	ask      *dialogs.Asker
}

// New builds the screen; Shown loads the templates.
func New(h screen.Host) *Screen {
	s := &Screen{h: h, st: h.Station(), actor: h.Actor(), jobs: h.Jobs(), log: h.Log().Named("templates")}
	s.ask = dialogs.NewAsker(h, s.log)
	s.files = dialogs.NewTransfer(h.Window(), s.jobs, maxFileRead, s.ask.ShowError)
	s.build()
	return s
}

// Content is the screen's root object for the shell to place.
func (s *Screen) Content() fyne.CanvasObject { return s.content }

// Shown reloads the list, keeping the selected template.
func (s *Screen) Shown() { s.reload() }

// Templates is the list as shown.
func (s *Screen) Templates() []enroll.BadgeTemplate { return s.list.Items() }

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
	// A double click opens a template: the designer is a big window.
	s.list = widgets.NewDocList(cols, true, func(bt enroll.BadgeTemplate) int64 { return bt.ID }, showRow)
	s.list.OnChange = s.syncButtons
	s.list.OnOpen = s.openSelected

	s.btn = widgets.NewDocButtons(lang.L("New template…"), s.admin(), widgets.DocActions{
		New: s.newTemplate, Import: s.importTemplate, Open: s.openSelected,
		Duplicate: s.duplicateSelected, Delete: s.deleteSelected, Export: s.exportSelected})
	s.defaultBtn = widget.NewButtonWithIcon(lang.L("Set as default"), theme.ConfirmIcon(), s.setDefaultSelected)
	s.syncButtons()

	info := widgets.InfoLine(lang.L("A badge template is the printed face of a card. The default template prints badges whose request names none. Double-click a template to open it in the designer."))
	// Two rows, so the buttons fit a small window in longer languages too.
	intro := container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(s.btn.New, s.btn.Import)), info)
	tools := container.NewHBox(layout.NewSpacer(), s.btn.Open, s.btn.Copy, s.defaultBtn, s.btn.Delete, s.btn.Export)
	top := container.NewVBox(intro, tools, widgets.Header(cols))
	s.empty = widgets.EmptyState(iconRect, lang.L("No badge templates yet"),
		lang.L("Design the card's face with New template, or import a template file."), "")
	s.empty.Hide()
	s.content = container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, s.empty))
}

// admin reports whether the operator may change the templates.
func (s *Screen) admin() bool { return s.actor.Can(enroll.PermManageTemplates) }

func (s *Screen) syncButtons() {
	bt, ok := s.list.Current()
	admin := s.admin()
	widgets.SetEnabled(s.btn.Open, ok)
	widgets.SetEnabled(s.btn.Copy, ok && admin)
	widgets.SetEnabled(s.btn.Delete, ok && admin)
	widgets.SetEnabled(s.btn.Export, ok)
	widgets.SetEnabled(s.defaultBtn, ok && admin && !bt.IsDefault)
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
		s.list.SetItems(items)
		if len(items) == 0 {
			s.empty.Show()
		} else {
			s.empty.Hide()
		}
	})
}

// showRow shows a template in its row's cells; the default is bold.
func showRow(bt enroll.BadgeTemplate, cells []*widget.Label) {
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
	widgets.SetTexts(cells, bt.Name, orientation, sides, elements, def, words.Time(bt.UpdatedAt))
	if bold := bt.IsDefault; cells[0].TextStyle.Bold != bold {
		cells[0].TextStyle.Bold = bold
		cells[0].Refresh()
	}
}
