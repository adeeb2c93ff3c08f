package ui

import (
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

// devicesView lists the station's card readers as the reader hub sees them,
// live: plugging a reader in or out and presenting a card change the rows
// by themselves. Administrators set how each reader's reads are decoded and
// add or remove keyboard-wedge readers; operators see the list only.
type devicesView struct {
	s     *session
	box   fyne.CanvasObject
	admin bool

	readers  []enroll.ReaderState // the rows, in the hub's order
	services []enroll.ReaderState // reader services that are down: the banner
	formats  map[string]cardformat.Format
	selected string // the selected reader's name; "" none
	moving   bool   // the selection follows a reader to its new row

	list    *widget.List
	banner  *fyne.Container
	counter *widget.RichText
	empty   *widget.Label
	detail  *widget.Label

	settings *widget.Button // nil for operators
	add      *widget.Button // nil for operators and without keyboard input
	remove   *widget.Button // nil for operators
	sim      *simulatorBox  // nil on a real station

	editing *readerForm // the last settings dialog opened, for tests
}

func deviceColumns() []column {
	return []column{
		{title: lang.L("Reader"), min: 160, weight: 2},
		{title: lang.L("Kind"), min: 90},
		{title: lang.L("Status"), min: 110, weight: 1},
		{title: lang.L("Last card"), min: 210, weight: 3},
		{title: lang.L("Decodes as"), min: 250, weight: 3},
	}
}

func newDevicesView(s *session) view {
	if s.d.cfg.Readers == nil {
		return newEmptyView(theme.ComputerIcon(), lang.L("No card readers are set up on this station"),
			lang.L("CardDesk opens the station's card readers when it starts; this time it was started without them, so none can be listed or set up here."),
			lang.L("Cards can still be connected by typing their numbers in Connect card."))
	}
	v := &devicesView{s: s, admin: s.actor.Can(enroll.PermManageSettings), formats: map[string]cardformat.Format{}}
	v.build()
	s.readers.listen(v.setStates)
	v.loadFormats()
	return v
}

func (v *devicesView) build() {
	heading := widget.NewLabelWithStyle(lang.L("Card readers"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	v.counter = hint("")
	var tools fyne.CanvasObject
	if v.admin {
		v.settings = widget.NewButtonWithIcon(lang.L("Reader settings…"), theme.SettingsIcon(), func() { v.openSettings() })
		v.remove = widget.NewButtonWithIcon(lang.L("Remove…"), theme.DeleteIcon(), v.removeSelected)
		buttons := container.NewHBox(v.settings, v.remove)
		if v.s.d.cfg.Keyboard != nil { // keyboard readers need the window's keystrokes
			v.add = widget.NewButtonWithIcon(lang.L("Add keyboard reader…"), theme.ContentAddIcon(), func() { v.openAddKeyboard() })
			buttons.Add(v.add)
		}
		tools = buttons
	} else {
		tools = container.NewHBox(widget.NewIcon(theme.InfoIcon()),
			container.NewCenter(hint(lang.L("Only administrators can change reader settings."))))
	}
	top := container.NewBorder(nil, nil, container.NewHBox(heading, container.NewCenter(v.counter)), tools)
	intro := infoLine(lang.L("Readers appear here as they are plugged in and disappear when unplugged. Present a card to see how its reader reads it: the Last card column shows it at once."))
	v.banner = container.NewVBox()
	v.banner.Hide()

	cols := deviceColumns()
	v.list = widget.NewList(func() int { return len(v.readers) },
		func() fyne.CanvasObject {
			name := cellLabel()
			name.TextStyle.Bold = true
			return row(cols, name, cellLabel(), cellLabel(), twoLines(false), cellLabel())
		}, v.updateRow)
	v.list.OnSelected = func(i widget.ListItemID) {
		if i < len(v.readers) {
			v.selected = v.readers[i].Info.Name
		}
		v.showSelection()
	}
	v.list.OnUnselected = func(widget.ListItemID) {
		if !v.moving {
			v.selected = ""
		}
		v.showSelection()
	}
	v.empty = widget.NewLabel(lang.L("No card readers are connected. A reader shows up here as soon as it is plugged in."))
	v.empty.Alignment, v.empty.Wrapping = fyne.TextAlignCenter, fyne.TextWrapWord
	v.empty.Importance = widget.LowImportance
	v.empty.Hide()
	v.detail = widget.NewLabel("")
	v.detail.Wrapping = fyne.TextWrapWord
	v.detail.Hide()

	bottom := container.NewVBox(v.detail)
	if sim := v.s.d.cfg.Simulator; sim != nil {
		v.sim = newSimulatorBox(v.s.d.run, sim)
		v.sim.always = true
		v.sim.setReady(true)
		bottom.Add(v.sim.box)
	}
	v.box = container.NewBorder(container.NewVBox(top, intro, v.banner, header(cols)),
		container.NewPadded(bottom), nil, nil,
		container.NewStack(v.list, container.NewCenter(container.New(minWidthLayout{w: 420}, v.empty))))
	v.showSelection()
}

func (v *devicesView) content() fyne.CanvasObject { return v.box }

// shown reads the formats again: an administrator may have added one.
func (v *devicesView) shown() { v.loadFormats() }

// loadFormats reads the catalogue the Last card and Decodes as columns
// name formats from.
func (v *devicesView) loadFormats() {
	v.withCatalog(func(err error) { v.s.status.flashError(explain(err)) }, func([]cardformat.Format) {
		v.list.Refresh()
		v.showSelection()
	})
}

// setStates takes the hub's picture: service entries go to the banner,
// readers to the rows, and the selection stays with its reader.
func (v *devicesView) setStates(states []enroll.ReaderState) {
	v.readers, v.services = v.readers[:0], v.services[:0]
	for _, st := range states {
		if st.Info.Service {
			v.services = append(v.services, st)
		} else {
			v.readers = append(v.readers, st)
		}
	}
	v.showBanner()
	v.list.Refresh()
	v.moving = true
	if i := v.index(v.selected); i >= 0 {
		v.list.Select(i)
	} else {
		v.selected = ""
		v.list.UnselectAll()
	}
	v.moving = false
	setHint(v.counter, lang.X("devices.count", "{{.N}} connected", map[string]any{"N": len(v.readers)}))
	v.empty.Hidden = len(v.readers) > 0
	v.empty.Refresh()
	v.showSelection()
}

// index is the row of the named reader, or -1.
func (v *devicesView) index(name string) int {
	if name == "" {
		return -1
	}
	return slices.IndexFunc(v.readers, func(st enroll.ReaderState) bool { return st.Info.Name == name })
}

// current is the selected reader.
func (v *devicesView) current() (enroll.ReaderState, bool) {
	if i := v.index(v.selected); i >= 0 {
		return v.readers[i], true
	}
	return enroll.ReaderState{}, false
}

// showBanner warns about every reader service that is down: its readers
// cannot be listed until it runs again.
func (v *devicesView) showBanner() {
	v.banner.Objects = nil
	for _, st := range v.services {
		msg := widget.NewLabel(lang.X("devices.service",
			"{{.Service}}: {{.Status}}. Readers connected through it are not listed until it runs again.",
			map[string]any{"Service": lang.L(st.Info.Name), "Status": readerStatus(st.Info.Status)}))
		msg.Importance, msg.Wrapping = widget.WarningImportance, fyne.TextWrapWord
		v.banner.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, msg))
	}
	v.banner.Hidden = len(v.services) == 0
	v.banner.Refresh()
}

func (v *devicesView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(v.readers) {
		return
	}
	st := v.readers[i]
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(st.Info.Name)
	cells[1].(*widget.Label).SetText(readerKind(st.Info.Kind))
	status := cells[2].(*widget.Label)
	status.Importance = statusImportance(st.Info.Status)
	status.SetText(readerStatus(st.Info.Status))
	card := lastCard(st, v.formats)
	last := cells[3].(*fyne.Container)
	top, sub := last.Objects[0].(*widget.Label), last.Objects[1].(*widget.Label)
	top.Importance, sub.Importance = card.importance, widget.MediumImportance
	if card.importance == widget.LowImportance {
		sub.Importance = widget.LowImportance
	}
	setTwoLines(last, card.main, card.sub)
	top.Refresh()
	sub.Refresh()
	decodes := cells[4].(*widget.Label)
	decodes.Importance = widget.MediumImportance
	if st.Info.Kind == enroll.ReaderKeyboard && st.Config.Meaning == "" {
		decodes.Importance = widget.WarningImportance
	}
	decodes.SetText(decodesAs(st, v.formats))
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
func (v *devicesView) showSelection() {
	st, ok := v.current()
	if v.settings != nil {
		setEnabled(v.settings, ok)
		setEnabled(v.remove, ok && st.Info.Kind == enroll.ReaderKeyboard)
	}
	text, imp := "", widget.MediumImportance
	if ok && (st.LastRead != nil || st.LastErr != nil) {
		text, imp = lastCardDetail(st, v.formats)
	}
	v.detail.Importance = imp
	v.detail.SetText(text)
	v.detail.Hidden = text == ""
	v.detail.Refresh()
}

// removeSelected forgets a keyboard reader after asking.
func (v *devicesView) removeSelected() {
	st, ok := v.current()
	if !ok || st.Info.Kind != enroll.ReaderKeyboard {
		return
	}
	name := st.Info.Name
	msg := lang.X("devices.confirmremove",
		"Remove the keyboard reader “{{.Name}}”? What it types is then taken as ordinary typing, and its settings are deleted.",
		map[string]any{"Name": name})
	s := v.s
	s.confirm(lang.L("Remove keyboard reader"), msg, lang.L("Remove"), func() {
		hub := s.d.cfg.Readers
		background(s.d.run, func() ([]enroll.ReaderState, error) {
			if err := hub.Remove(s.d.ctx, s.actor, name); err != nil {
				return nil, err
			}
			return hub.States(), nil
		}, func(states []enroll.ReaderState, err error) {
			if err != nil {
				s.showError(err)
				return
			}
			v.setStates(states)
			s.status.flash(lang.X("devices.removed", "Keyboard reader {{.Name}} removed", map[string]any{"Name": name}))
		})
	})
}

// cardText is what the Last card cell shows.
type cardText struct {
	main, sub  string
	importance widget.Importance
}

// lastCard words a reader's last card: the credential it reads as (or why
// it could not be read) and, smaller, when and what the reader delivered.
func lastCard(st enroll.ReaderState, formats map[string]cardformat.Format) cardText {
	read := st.LastRead
	if read == nil && st.LastErr == nil {
		return cardText{main: lang.L("No card yet"), importance: widget.LowImportance}
	}
	var when, raw string
	if read != nil {
		when, raw = readTime(read.At), rawRead(*read)
	}
	sub := strings.Join(slices.DeleteFunc([]string{when, raw}, func(s string) bool { return s == "" }), " · ")
	if st.LastErr != nil {
		return cardText{main: readProblem(st.LastErr), sub: sub, importance: widget.DangerImportance}
	}
	cred, ok := readCredentialText(*read, formats)
	imp := widget.MediumImportance
	if !ok {
		imp = widget.WarningImportance
	}
	return cardText{main: cred, sub: sub, importance: imp}
}

// lastCardDetail is the full sentence under the list for the selected
// reader, coloured as its Last card cell.
func lastCardDetail(st enroll.ReaderState, formats map[string]cardformat.Format) (string, widget.Importance) {
	data := map[string]any{"Reader": st.Info.Name, "At": "", "Raw": ""}
	if st.LastRead != nil {
		data["At"], data["Raw"] = readTime(st.LastRead.At), rawRead(*st.LastRead)
	}
	if st.LastErr != nil {
		data["Problem"] = explain(st.LastErr)
		return lang.X("devices.detail.bad", "{{.Reader}}, last card at {{.At}} ({{.Raw}}): {{.Problem}}", data), widget.DangerImportance
	}
	card, ok := readCredentialText(*st.LastRead, formats)
	if !ok {
		data["Problem"] = card
		return lang.X("devices.detail.bad", "{{.Reader}}, last card at {{.At}} ({{.Raw}}): {{.Problem}}", data), widget.WarningImportance
	}
	data["Card"] = card
	return lang.X("devices.detail", "{{.Reader}}, last card at {{.At}} ({{.Raw}}): reads as {{.Card}}", data), widget.MediumImportance
}

// readTime is the time of a read, with the date when it is not today.
func readTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t, now := t.Local(), time.Now()
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return t.Format("15:04:05")
	}
	return t.Format("2006-01-02 15:04:05")
}

// rawRead is what the reader delivered: typed text, a UID or bits.
func rawRead(r enroll.CardRead) string {
	switch {
	case r.Typed != "":
		return lang.X("devices.typed", "typed “{{.Text}}”", map[string]any{"Text": r.Typed})
	case len(r.UID) > 0:
		return lang.X("devices.uid", "UID {{.UID}}", map[string]any{"UID": strings.ToUpper(hex.EncodeToString(r.UID))})
	case r.Bits != "":
		return lang.X("devices.bits", "{{.N}} bits", map[string]any{"N": len(r.Bits)})
	}
	return ""
}

// readCredentialText is the credential a read enrolls as, e.g. "h10301
// facility 12 · card 5" or "csn32 04A1B2C3"; ok is false when the read
// does not make a sound credential (wrong parity, a UID of no csn length).
func readCredentialText(r enroll.CardRead, formats map[string]cardformat.Format) (string, bool) {
	if r.Format == "" || r.Bits == "" {
		f, _, err := cardformat.CSNFromUID(r.UID)
		if err != nil {
			return lang.X("devices.uidlength",
				"A {{.N}}-byte serial number fits no card serial number format; choose a format in Reader settings",
				map[string]any{"N": len(r.UID)}), false
		}
		return f.ID + " " + strings.ToUpper(hex.EncodeToString(r.UID)), true
	}
	f, ok := formats[r.Format]
	if !ok {
		return r.Format + " " + r.Bits, true // the catalogue is still loading
	}
	b, err := f.ParseBits(r.Bits)
	if err != nil {
		return r.Format + " " + r.Bits, false
	}
	d, err := f.Decode(b)
	if err != nil {
		return r.Format + " " + r.Bits, false
	}
	fields := make(map[string]string, len(d.Fields))
	for k, val := range d.Fields {
		fields[k] = val.String()
	}
	text := credentialLabel(enroll.Credential{Format: f.ID, Fields: fields})
	if !d.ParityOK {
		return lang.X("devices.parity", "{{.Card}} (parity does not match: not a card in this format?)", map[string]any{"Card": text}), false
	}
	return text, true
}

// readProblem words a failed read for the Last card column, briefly.
func readProblem(err error) string {
	var bad *enroll.BadReadError
	if errors.As(err, &bad) {
		return lang.X("devices.badread", "Not readable as {{.Format}}: {{.Reason}}",
			map[string]any{"Format": bad.Format, "Reason": bad.Reason})
	}
	return explain(err)
}

// decodesAs says how the reader's reads are decoded, from its settings.
func decodesAs(st enroll.ReaderState, formats map[string]cardformat.Format) string {
	c := st.Config
	if st.Info.Kind != enroll.ReaderKeyboard {
		if c.Format == "" {
			return lang.L("Card serial number (by UID length)")
		}
		return formatTitle(c.Format, formats)
	}
	data := map[string]any{"Format": c.Format, "Fields": credentialNumber(c.Fields)}
	switch c.Meaning {
	case enroll.WedgeNumber:
		if len(c.Fields) > 0 {
			return lang.X("devices.decodes.numberfields", "Card number in {{.Format}} ({{.Fields}})", data)
		}
		return lang.X("devices.decodes.number", "Card number in {{.Format}}", data)
	case enroll.WedgeBits:
		return lang.X("devices.decodes.bits", "Raw bits in {{.Format}}", data)
	case enroll.WedgeCSN:
		if c.Format != "" {
			return lang.X("devices.decodes.csnformat", "Card serial number in {{.Format}}", data)
		}
		return lang.L("Card serial number")
	}
	return lang.L("Not set up: its reads are refused")
}

// formatTitle is "Name (id)", or the id while the catalogue is loading.
func formatTitle(id string, formats map[string]cardformat.Format) string {
	if f, ok := formats[id]; ok {
		return f.Name + " (" + f.ID + ")"
	}
	return id
}
