// Package devices is the Devices screen of the CardDesk desktop app: the
// station's card readers as the reader hub sees them, live, with the last
// card each one read and how its reads are decoded. Administrators set a
// reader's card format and add or remove keyboard-wedge readers.
package devices

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// Screen lists the station's card readers live: plugging a reader in or
// out and presenting a card change the rows by themselves. Operators see
// the list only.
type Screen struct {
	h       screen.Host
	readers *screen.Readers // nil: the station runs without readers
	box     fyne.CanvasObject
	admin   bool
	stop    func() // stops listening to the readers

	rows     []enroll.ReaderState // the readers, in the hub's order
	services []enroll.ReaderState // reader services that are down: the banner
	formats  map[string]cardformat.Format
	selected string // the selected reader's name; "" none
	moving   bool   // the selection follows a reader to its new row

	list    *widget.List
	banner  *fyne.Container
	counter *widget.RichText
	empty   *widget.Label
	detail  *widget.Label
	bottom  *fyne.Container

	settings *widget.Button          // nil for operators
	add      *widget.Button          // nil for operators and without keyboard input
	remove   *widget.Button          // nil for operators
	sim      *widgets.SimulatorPanel // while the station has a simulated reader
	simName  string                  // the reader sim presents to

	editing *readerForm // the last settings dialog opened, for tests

	printers *printers
}

func columns() []widgets.Column {
	return []widgets.Column{
		{Title: lang.L("Reader"), Min: 160, Weight: 2},
		{Title: lang.L("Kind"), Min: 90},
		{Title: lang.L("Status"), Min: 110, Weight: 1},
		{Title: lang.L("Last card"), Min: 180, Weight: 3},
		{Title: lang.L("Decodes as"), Min: 220, Weight: 3},
	}
}

// New builds the screen and follows the station's readers until Stop.
func New(h screen.Host) *Screen {
	s := &Screen{h: h, readers: h.Readers(), stop: func() {}}
	s.printers = newPrinters(h)
	if s.readers == nil {
		s.box = widgets.EmptyState(theme.ComputerIcon(), lang.L("No card readers are set up on this station"),
			lang.L("CardDesk opens the station's card readers when it starts; this time it was started without them, so none can be listed or set up here."),
			lang.L("Cards can still be connected by typing their numbers in Connect card."))
		s.box = container.NewBorder(nil, container.NewPadded(s.printers.box), nil, nil, s.box)
		return s
	}
	s.admin = h.Actor().Can(enroll.PermManageSettings)
	s.formats = map[string]cardformat.Format{}
	s.build()
	s.stop = s.readers.Listen(s.setStates)
	s.loadFormats()
	return s
}

func (s *Screen) build() {
	s.counter = widgets.Hint("")
	top := container.NewBorder(nil, nil,
		container.NewHBox(widgets.Heading(lang.L("Card readers")), container.NewCenter(s.counter)), s.tools())
	intro := widgets.InfoLine(lang.L("Readers appear here as they are plugged in and disappear when unplugged. Present a card to see how its reader reads it: the Last card column shows it at once."))
	s.banner = container.NewVBox()
	s.banner.Hide()

	cols := columns()
	s.list = widget.NewList(func() int { return len(s.rows) },
		func() fyne.CanvasObject {
			name := widgets.Cell()
			name.TextStyle.Bold = true
			return widgets.NewTipRow(widgets.Row(cols, name, widgets.Cell(), widgets.Cell(), widgets.TwoLines(false), widgets.Cell()))
		}, s.updateRow)
	s.list.OnSelected = func(i widget.ListItemID) {
		if i < len(s.rows) {
			s.selected = s.rows[i].Info.Name
		}
		s.showSelection()
	}
	s.list.OnUnselected = func(widget.ListItemID) {
		if !s.moving {
			s.selected = ""
		}
		s.showSelection()
	}
	s.empty = widget.NewLabel(lang.L("No card readers are connected. A reader shows up here as soon as it is plugged in."))
	s.empty.Alignment, s.empty.Wrapping = fyne.TextAlignCenter, fyne.TextWrapWord
	s.empty.Importance = widget.LowImportance
	s.empty.Hide()
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapWord
	s.detail.Hide()

	s.bottom = container.NewVBox(s.detail, s.printers.box)
	head := container.NewVBox(top, intro)
	if s.readers.Hub.InForce().NoDirectUSB {
		head.Add(widgets.InfoLine(words.NoDirectUSB()))
	}
	head.Add(s.banner)
	head.Add(widgets.Header(cols))
	s.box = container.NewBorder(head,
		container.NewPadded(s.bottom), nil, nil,
		container.NewStack(s.list, container.NewCenter(widgets.AtLeast(420, 0, s.empty))))
	s.showSelection()
}

// tools are the administrator's buttons, or for operators a word on why
// there are none.
func (s *Screen) tools() fyne.CanvasObject {
	if !s.admin {
		return container.NewHBox(widget.NewIcon(theme.InfoIcon()),
			container.NewCenter(widgets.Hint(lang.L("Only administrators can change reader settings."))))
	}
	s.settings = widget.NewButtonWithIcon(lang.L("Reader settings…"), theme.SettingsIcon(), s.openSettings)
	s.remove = widget.NewButtonWithIcon(lang.L("Remove…"), theme.DeleteIcon(), s.removeSelected)
	buttons := container.NewHBox(s.settings, s.remove)
	if s.readers.Hub.TakesKeyboard() { // keyboard readers need the window's keystrokes
		s.add = widget.NewButtonWithIcon(lang.L("Add keyboard reader…"), theme.ContentAddIcon(), s.openAddKeyboard)
		buttons.Add(s.add)
	}
	return buttons
}

// Content is the screen's root object.
func (s *Screen) Content() fyne.CanvasObject { return s.box }

// Shown reads the formats again: an administrator may have added one.
func (s *Screen) Shown() {
	s.printers.load()
	if s.readers != nil {
		s.loadFormats()
	}
}

// ChangedElsewhere (screen.Follower) reads the card formats and the
// printers again when formats or device settings changed; the readers'
// own settings come through the reader hub, which the shell reloads.
func (s *Screen) ChangedElsewhere(topics enroll.ChangeTopics) {
	if topics.Has(enroll.TopicDevices, enroll.TopicFormats) {
		s.Shown()
	}
}

// Stop stops following the readers.
func (s *Screen) Stop() { s.stop() }

// loadFormats reads the catalogue the Last card and Decodes as columns
// name formats from.
func (s *Screen) loadFormats() {
	s.withCatalog(func(err error) { s.h.FlashError(words.Explain(err)) }, func([]cardformat.Format) {
		s.list.Refresh()
		s.showSelection()
	})
}

// setStates takes the hub's picture: service entries go to the banner,
// readers to the rows, and the selection stays with its reader.
func (s *Screen) setStates(states []enroll.ReaderState) {
	s.rows, s.services = s.rows[:0], s.services[:0]
	for _, st := range states {
		if st.Info.Service {
			s.services = append(s.services, st)
		} else {
			s.rows = append(s.rows, st)
		}
	}
	s.showBanner()
	s.showSimulator(states)
	s.list.Refresh()
	s.moving = true
	if i := s.index(s.selected); i >= 0 {
		s.list.Select(i)
	} else {
		s.selected = ""
		s.list.UnselectAll()
	}
	s.moving = false
	widgets.SetHint(s.counter, lang.X("devices.count", "{{.N}} connected", map[string]any{"N": len(s.rows)}))
	s.empty.Hidden = len(s.rows) > 0
	s.empty.Refresh()
	s.showSelection()
}

// showSimulator offers the simulated reader's panel while the station has
// one (demo and training): it comes and goes with the reader.
func (s *Screen) showSimulator(states []enroll.ReaderState) {
	name, ok := screen.Simulated(states)
	if s.sim != nil && (!ok || name != s.simName) {
		s.bottom.Remove(s.sim.Box)
		s.sim, s.simName = nil, ""
	}
	if ok && s.sim == nil {
		s.sim = widgets.NewSimulatorPanel(s.h.Jobs(), s.readers.Hub, name)
		s.sim.Waited = false // the hub always watches the reader: every card is its last card
		s.simName = name
		s.bottom.Add(s.sim.Box)
	}
}

// index is the row of the named reader, or -1.
func (s *Screen) index(name string) int {
	if name == "" {
		return -1
	}
	return slices.IndexFunc(s.rows, func(st enroll.ReaderState) bool { return st.Info.Name == name })
}

// current is the selected reader.
func (s *Screen) current() (enroll.ReaderState, bool) {
	if i := s.index(s.selected); i >= 0 {
		return s.rows[i], true
	}
	return enroll.ReaderState{}, false
}

// showBanner warns about every reader service that is down: its readers
// cannot be listed until it runs again.
func (s *Screen) showBanner() {
	s.banner.Objects = nil
	for _, st := range s.services {
		msg := widget.NewLabel(lang.X("devices.service.down",
			"{{.Problem}} Readers connected through it are not listed until it runs again.",
			map[string]any{"Problem": words.ServiceStatus(st.Info)}))
		msg.Importance, msg.Wrapping = widget.WarningImportance, fyne.TextWrapWord
		s.banner.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, msg))
	}
	s.banner.Hidden = len(s.services) == 0
	s.banner.Refresh()
}

func (s *Screen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(s.rows) {
		return
	}
	st := s.rows[i]
	cells := widgets.RowCells(o).Objects
	cells[0].(*widget.Label).SetText(st.Info.Name)
	cells[1].(*widget.Label).SetText(words.ReaderKind(st.Info.Kind))
	status := cells[2].(*widget.Label)
	status.Importance = statusImportance(st.Info.Status)
	status.SetText(words.ReaderStatusTitle(st.Info.Status))
	card := lastCard(st, s.formats)
	last := cells[3].(*fyne.Container)
	top, sub := last.Objects[0].(*widget.Label), last.Objects[1].(*widget.Label)
	top.Importance, sub.Importance = card.importance, widget.MediumImportance
	if card.importance == widget.LowImportance {
		sub.Importance = widget.LowImportance
	}
	widgets.SetTwoLines(last, card.main, card.sub)
	top.Refresh()
	sub.Refresh()
	decodes := cells[4].(*widget.Label)
	decodes.Importance = widget.MediumImportance
	if st.Info.Kind == enroll.ReaderKeyboard && st.Config.Meaning == "" {
		decodes.Importance = widget.WarningImportance
	}
	decodes.SetText(words.DecodesAs(st, s.formats))
}

// statusImportance colours a reader's status: ready is good, anything but
// ready or a card on it needs a look.
func statusImportance(status string) widget.Importance {
	switch status {
	case enroll.KeyboardStatus:
		return widget.SuccessImportance
	case "card present":
		return widget.MediumImportance
	}
	return widget.WarningImportance
}

// showSelection enables the buttons that fit the selected reader and
// spells out its last card under the list.
func (s *Screen) showSelection() {
	st, ok := s.current()
	if s.settings != nil {
		widgets.SetEnabled(s.settings, ok)
		widgets.SetEnabled(s.remove, ok && st.Info.Kind == enroll.ReaderKeyboard)
	}
	text, imp := "", widget.MediumImportance
	if ok && (st.LastRead != nil || st.LastErr != nil) {
		text, imp = lastCardDetail(st, s.formats)
	}
	s.detail.Importance = imp
	s.detail.SetText(text)
	s.detail.Hidden = text == ""
	s.detail.Refresh()
}

// removeSelected forgets a keyboard reader after asking.
func (s *Screen) removeSelected() {
	st, ok := s.current()
	if !ok || st.Info.Kind != enroll.ReaderKeyboard {
		return
	}
	name := st.Info.Name
	msg := lang.X("devices.confirmremove",
		"Remove the keyboard reader “{{.Name}}”? What it types is then taken as ordinary typing, and its settings are deleted.",
		map[string]any{"Name": name})
	dialogs.Confirm(s.h, lang.L("Remove keyboard reader"), msg, lang.L("Remove"), func() {
		hub, ctx, actor := s.readers.Hub, s.h.Jobs().Context(), s.h.Actor()
		widgets.Go(s.h.Jobs(), func() ([]enroll.ReaderState, error) {
			if err := hub.Remove(ctx, actor, name); err != nil {
				return nil, err
			}
			return hub.States(), nil
		}, func(states []enroll.ReaderState, err error) {
			if err != nil {
				dialogs.ShowError(s.h, lang.L("Could not remove the keyboard reader"), err)
				return
			}
			s.setStates(states)
			s.h.Flash(lang.X("devices.removed", "Keyboard reader {{.Name}} removed", map[string]any{"Name": name}))
		})
	})
}

var (
	_ screen.Screen  = (*Screen)(nil)
	_ screen.Stopper = (*Screen)(nil)
)
