package formats

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// Screen is the Card formats tab of Settings.
type Screen struct {
	h     screen.Host
	st    *enroll.Station
	actor enroll.Actor
	jobs  *widgets.Jobs
	log   *zap.Logger

	list    *widgets.DocList[enroll.FormatInfo, string]
	btn     widgets.DocButtons
	content fyne.CanvasObject
	files   *dialogs.Transfer
	editor  *Editor // the open editor, for tests
	ask     *dialogs.Asker
}

// New builds the screen; Shown loads the formats.
func New(h screen.Host) *Screen {
	s := &Screen{h: h, st: h.Station(), actor: h.Actor(), jobs: h.Jobs(), log: h.Log().Named("formats")}
	s.ask = dialogs.NewAsker(h, s.log)
	s.files = dialogs.NewTransfer(h.Window(), s.jobs, maxFileRead, s.ask.ShowError)
	s.build()
	return s
}

// Content is the screen's root object for the shell to place.
func (s *Screen) Content() fyne.CanvasObject { return s.content }

// Shown reloads the list, keeping the selected format.
func (s *Screen) Shown() { s.reload() }

// Formats is the catalogue as the list shows it.
func (s *Screen) Formats() []enroll.FormatInfo { return s.list.Items() }

func (s *Screen) build() {
	cols := listColumns()
	s.list = widgets.NewDocList(cols, false, func(fi enroll.FormatInfo) string { return fi.Format.ID }, showRow)
	s.list.OnChange = s.syncButtons
	s.list.OnOpen = s.openSelected

	s.btn = widgets.NewDocButtons(lang.L("New format…"), s.admin(), widgets.DocActions{
		New: s.newFormat, Import: s.importFormat, Open: s.openSelected,
		Duplicate: s.duplicateSelected, Delete: s.deleteSelected, Export: s.exportSelected})
	s.syncButtons()

	info := widgets.InfoLine(lang.L("A card format says where a card's number sits in the bits a reader sends. Built-in formats cannot be changed; duplicate one to start a custom format. Click a format to open it."))
	tools := container.NewBorder(nil, nil, container.NewHBox(s.btn.New, s.btn.Import), nil,
		container.NewHBox(layout.NewSpacer(), s.btn.Open, s.btn.Copy, s.btn.Delete, s.btn.Export))
	top := container.NewVBox(info, tools, widgets.Header(cols))
	s.content = container.NewBorder(top, nil, nil, nil, s.list)
}

// admin reports whether the operator may change the catalogue.
func (s *Screen) admin() bool { return s.actor.Can(enroll.PermManageFormats) }

// syncButtons follows the selection: built-ins open read-only and cannot
// be deleted, CSN formats have no format file.
func (s *Screen) syncButtons() {
	fi, ok := s.list.Current()
	admin := s.admin()
	wiegand := ok && fi.Format.Kind == cardformat.KindWiegand
	widgets.SetEnabled(s.btn.Open, ok)
	widgets.SetEnabled(s.btn.Copy, wiegand && admin)
	widgets.SetEnabled(s.btn.Delete, ok && !fi.Builtin && admin)
	widgets.SetEnabled(s.btn.Export, wiegand)
	label := lang.L("Open")
	if ok && fi.Builtin {
		label = lang.L("View")
	} else if ok {
		label = lang.L("Edit…")
	}
	s.btn.Open.SetText(label)
}

func (s *Screen) reload() {
	widgets.Go(s.jobs, func() ([]enroll.FormatInfo, error) {
		return s.st.Formats.List(s.jobs.Context(), s.actor)
	}, func(infos []enroll.FormatInfo, err error) {
		if err != nil {
			s.log.Warn("list formats", zap.Error(err))
			s.h.FlashError(words.Explain(err))
			return
		}
		s.list.SetItems(infos)
	})
}

// known reports whether a format with this id is in the list.
func (s *Screen) known(id string) bool {
	for _, fi := range s.list.Items() {
		if fi.Format.ID == id {
			return true
		}
	}
	return false
}
