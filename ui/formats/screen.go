package formats

import (
	"context"
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
	"github.com/carddesk/carddesk/ui/kit"
)

// Screen is the Card formats tab of Settings.
type Screen struct {
	// OnStatus shows a transient message in the shell's status bar; may be nil.
	OnStatus func(msg string)
	// Explain turns a station error into a sentence; nil shows err.Error().
	Explain func(error) string
	// ShowDialog shows a dialog, so the shell can close it with Escape;
	// nil shows it directly.
	ShowDialog func(dialog.Dialog)

	win   fyne.Window
	st    *enroll.Station
	actor enroll.Actor
	log   *zap.Logger
	ctx   context.Context
	jobs  kit.Jobs

	infos    []enroll.FormatInfo
	selected int    // index into infos, -1: none
	keepID   string // format to select after the next reload

	list                        *formatList
	newBtn, importBtn           *widget.Button
	openBtn, copyBtn, deleteBtn *widget.Button
	exportBtn                   *widget.Button
	content                     fyne.CanvasObject
	openFile                    func(exts []string, cb func(fyne.URIReadCloser, error))
	saveFile                    func(name string, cb func(fyne.URIWriteCloser, error))
	editor                      *Editor // the open editor, for tests
	alert                       *alert  // the open error dialog, for tests
	question                    *dialog.ConfirmDialog
}

// New builds the screen; Refresh loads the formats.
func New(win fyne.Window, st *enroll.Station, actor enroll.Actor, log *zap.Logger) *Screen {
	if log == nil {
		log = zap.NewNop()
	}
	s := &Screen{win: win, st: st, actor: actor, log: log.Named("formats"), ctx: context.Background(), selected: -1}
	s.openFile = func(exts []string, cb func(fyne.URIReadCloser, error)) { kit.OpenFile(s.win, exts, cb) }
	s.saveFile = func(name string, cb func(fyne.URIWriteCloser, error)) {
		kit.SaveFile(s.win, name, []string{".json"}, cb)
	}
	s.build()
	return s
}

// Content is the screen's root object for the shell to place.
func (s *Screen) Content() fyne.CanvasObject { return s.content }

// Formats is the catalogue as the list shows it.
func (s *Screen) Formats() []enroll.FormatInfo { return slices.Clone(s.infos) }

// Refresh reloads the list, keeping the selected format.
func (s *Screen) Refresh() { s.reload() }

func (s *Screen) build() {
	s.list = newFormatList(func() int { return len(s.infos) },
		func() fyne.CanvasObject { return newRowView(s.rowTapped) },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*rowView).show(id, s.infos[id]) })
	s.list.OnSelected = func(id widget.ListItemID) { s.selected = id; s.syncButtons() }
	s.list.OnUnselected = func(widget.ListItemID) { s.selected = -1; s.syncButtons() }
	s.list.onEnter = s.openSelected

	s.newBtn = widget.NewButtonWithIcon(lang.L("New format…"), theme.ContentAddIcon(), s.newFormat)
	s.newBtn.Importance = widget.HighImportance
	s.importBtn = widget.NewButtonWithIcon(lang.L("Import…"), theme.DownloadIcon(), s.importFormat)
	s.openBtn = widget.NewButtonWithIcon(lang.L("Open"), theme.DocumentCreateIcon(), s.openSelected)
	s.copyBtn = widget.NewButtonWithIcon(lang.L("Duplicate as custom…"), theme.ContentCopyIcon(), s.duplicateSelected)
	s.deleteBtn = widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), s.deleteSelected)
	s.exportBtn = widget.NewButtonWithIcon(lang.L("Export…"), theme.UploadIcon(), s.exportSelected)
	if !s.actor.Can(enroll.PermManageFormats) {
		s.newBtn.Disable()
		s.importBtn.Disable()
	}
	s.syncButtons()

	intro := widget.NewLabel(lang.L("A card format says where a card's number sits in the bits a reader sends. Built-in formats cannot be changed; duplicate one to start a custom format. Click a format to open it."))
	intro.Wrapping = fyne.TextWrapWord
	info := container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, intro)
	tools := container.NewBorder(nil, nil, container.NewHBox(s.newBtn, s.importBtn), nil,
		container.NewHBox(layout.NewSpacer(), s.openBtn, s.copyBtn, s.deleteBtn, s.exportBtn))
	top := container.NewVBox(info, tools, listHeader(), widget.NewSeparator())
	s.content = container.NewBorder(top, nil, nil, nil, s.list)
}

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
	admin := s.actor.Can(enroll.PermManageFormats)
	wiegand := ok && fi.Format.Kind == cardformat.KindWiegand
	setEnabled(s.openBtn, ok)
	setEnabled(s.copyBtn, wiegand && admin)
	setEnabled(s.deleteBtn, ok && !fi.Builtin && admin)
	setEnabled(s.exportBtn, wiegand)
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
	s.jobs.Run(func() func() {
		infos, err := s.st.Formats.List(s.ctx, s.actor)
		return func() {
			if err != nil {
				s.log.Warn("list formats", zap.Error(err))
				s.status(s.explain(err))
				return
			}
			s.showList(infos)
		}
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

func (s *Screen) status(msg string) {
	if s.OnStatus != nil {
		s.OnStatus(msg)
	}
}

func (s *Screen) explain(err error) string {
	if s.Explain != nil {
		return s.Explain(err)
	}
	return err.Error()
}

func (s *Screen) show(d dialog.Dialog) {
	if s.ShowDialog != nil {
		s.ShowDialog(d)
		return
	}
	d.Show()
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
