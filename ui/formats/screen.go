package formats

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

	infos    []enroll.FormatInfo
	selected int    // index into infos, -1: none
	keepID   string // format to select after the next reload

	list                        *formatList
	newBtn, importBtn           *widget.Button
	openBtn, copyBtn, deleteBtn *widget.Button
	exportBtn                   *widget.Button
	content                     fyne.CanvasObject
	// openFile and saveFile ask for a file; tests answer in their place.
	openFile func(exts []string, cb func(fyne.URIReadCloser, error))
	saveFile func(name string, cb func(fyne.URIWriteCloser, error))
	editor   *Editor               // the open editor, for tests
	alert    *dialogs.Alert        // the open error dialog, for tests
	question *dialog.ConfirmDialog // the open question, for tests
}

// New builds the screen; Shown loads the formats.
func New(h screen.Host) *Screen {
	s := &Screen{h: h, st: h.Station(), actor: h.Actor(), jobs: h.Jobs(), log: h.Log().Named("formats"), selected: -1}
	s.openFile = func(exts []string, cb func(fyne.URIReadCloser, error)) { dialogs.OpenFile(h.Window(), exts, cb) }
	s.saveFile = func(name string, cb func(fyne.URIWriteCloser, error)) {
		dialogs.SaveFile(h.Window(), name, []string{".json"}, cb)
	}
	s.build()
	return s
}

// Content is the screen's root object for the shell to place.
func (s *Screen) Content() fyne.CanvasObject { return s.content }

// Shown reloads the list, keeping the selected format.
func (s *Screen) Shown() { s.reload() }

// Formats is the catalogue as the list shows it.
func (s *Screen) Formats() []enroll.FormatInfo { return slices.Clone(s.infos) }

func (s *Screen) build() {
	cols := listColumns()
	s.list = newFormatList(func() int { return len(s.infos) },
		func() fyne.CanvasObject { return newRowView(cols, s.rowTapped) },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*rowView).show(id, s.infos[id]) })
	s.list.OnSelected = func(id widget.ListItemID) { s.selected = id; s.syncButtons() }
	s.list.OnUnselected = func(widget.ListItemID) { s.selected = -1; s.syncButtons() }
	s.list.onEnter = s.openSelected

	s.newBtn = widget.NewButtonWithIcon(lang.L("New format…"), theme.ContentAddIcon(), s.newFormat)
	s.newBtn.Importance = widget.HighImportance
	s.importBtn = widget.NewButtonWithIcon(lang.L("Import…"), theme.DownloadIcon(), s.importFormat)
	s.openBtn = widget.NewButtonWithIcon(lang.L("Open"), theme.DocumentCreateIcon(), s.openSelected)
	s.copyBtn = widget.NewButtonWithIcon(lang.L("Duplicate…"), theme.ContentCopyIcon(), s.duplicateSelected)
	s.deleteBtn = widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), s.deleteSelected)
	s.exportBtn = widget.NewButtonWithIcon(lang.L("Export…"), theme.UploadIcon(), s.exportSelected)
	if !s.admin() {
		s.newBtn.Disable()
		s.importBtn.Disable()
	}
	s.syncButtons()

	info := widgets.InfoLine(lang.L("A card format says where a card's number sits in the bits a reader sends. Built-in formats cannot be changed; duplicate one to start a custom format. Click a format to open it."))
	tools := container.NewBorder(nil, nil, container.NewHBox(s.newBtn, s.importBtn), nil,
		container.NewHBox(layout.NewSpacer(), s.openBtn, s.copyBtn, s.deleteBtn, s.exportBtn))
	top := container.NewVBox(info, tools, widgets.Header(cols))
	s.content = container.NewBorder(top, nil, nil, nil, s.list)
}

// admin reports whether the operator may change the catalogue.
func (s *Screen) admin() bool { return s.actor.Can(enroll.PermManageFormats) }

// current is the selected format.
func (s *Screen) current() (enroll.FormatInfo, bool) {
	if s.selected < 0 || s.selected >= len(s.infos) {
		return enroll.FormatInfo{}, false
	}
	return s.infos[s.selected], true
}

// syncButtons follows the selection: built-ins open read-only and cannot
// be deleted, CSN formats have no format file.
func (s *Screen) syncButtons() {
	fi, ok := s.current()
	admin := s.admin()
	wiegand := ok && fi.Format.Kind == cardformat.KindWiegand
	widgets.SetEnabled(s.openBtn, ok)
	widgets.SetEnabled(s.copyBtn, wiegand && admin)
	widgets.SetEnabled(s.deleteBtn, ok && !fi.Builtin && admin)
	widgets.SetEnabled(s.exportBtn, wiegand)
	label := lang.L("Open")
	if ok && fi.Builtin {
		label = lang.L("View")
	} else if ok {
		label = lang.L("Edit…")
	}
	s.openBtn.SetText(label)
}

func (s *Screen) rowTapped(id widget.ListItemID) {
	s.list.Select(id)
	s.openSelected()
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
		s.showList(infos)
	})
}

// showList shows fresh data, selecting the format asked for or the one
// selected before.
func (s *Screen) showList(infos []enroll.FormatInfo) {
	want := s.keepID
	if fi, ok := s.current(); ok && want == "" {
		want = fi.Format.ID
	}
	s.keepID = ""
	s.infos = infos
	s.list.UnselectAll()
	s.selected = -1
	s.list.Refresh()
	for i, fi := range infos {
		if fi.Format.ID == want {
			s.list.Select(i)
			s.list.ScrollTo(i)
		}
	}
	s.syncButtons()
}

// known reports whether a format with this id is in the list.
func (s *Screen) known(id string) bool {
	for _, fi := range s.infos {
		if fi.Format.ID == id {
			return true
		}
	}
	return false
}
