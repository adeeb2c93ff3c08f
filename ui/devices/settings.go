package devices

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// readerForm is the Reader settings dialog and the Add keyboard reader
// dialog: how a reader's reads are decoded. For a reader that delivers a
// UID that is a format of whole bytes, or the card serial number of the
// UID's length; for a keyboard reader also what it types and, when it
// types only the card number, the format's other field values. The station
// checks the settings when they are saved; its refusals show at the fields.
type readerForm struct {
	s       *Screen
	isNew   bool
	kind    enroll.ReaderKind
	name    string             // the reader's name; a new one is typed in nameIn
	nameIn  *widgets.Entry     // only when adding a keyboard reader
	meaning *widget.RadioGroup // only for keyboard readers
	format  *widgets.Select
	about   *widget.RichText // what the chosen meaning or format does
	catalog []cardformat.Format
	ids     []string                  // the format options as format ids; "" = by UID length
	values  map[string]*widgets.Entry // typed field values by field name, kept across formats
	shown   []string                  // the field names the form shows now
	fields  *widgets.FieldSet
	body    *fyne.Container
	dlg     *dialog.CustomDialog
	ok      *widget.Button
	busy    bool
	quiet   bool // the form is setting its own inputs: no rebuild on change
}

// meaningChoices are the keyboard meanings as the dialog offers them.
func meaningChoices() ([]string, []enroll.WedgeMeaning) {
	return []string{lang.L("The card number, in digits"), lang.L("The raw Wiegand bits, as 0/1 or hex"),
		lang.L("The card serial number (UID), in hex")}, []enroll.WedgeMeaning{enroll.WedgeNumber, enroll.WedgeBits, enroll.WedgeCSN}
}

func newReaderForm(s *Screen, catalog []cardformat.Format, kind enroll.ReaderKind, name string, c enroll.ReaderConfig, isNew bool) *readerForm {
	f := &readerForm{s: s, isNew: isNew, kind: kind, name: name, catalog: catalog,
		values: map[string]*widgets.Entry{}, body: container.NewStack()}
	f.quiet = true
	defer func() { f.quiet = false }()
	if isNew {
		f.nameIn = widgets.NewEntry()
		f.nameIn.SetPlaceHolder(lang.L("e.g. Front desk pcProx"))
		f.nameIn.OnSubmitted = func(string) { f.submit() }
	}
	f.about = widgets.Hint("")
	f.about.Wrapping = fyne.TextWrapWord
	for k, val := range c.Fields {
		f.entry(k).SetText(val)
	}
	if kind == enroll.ReaderKeyboard {
		labels, meanings := meaningChoices()
		f.meaning = widget.NewRadioGroup(labels, func(string) { f.meaningChosen() })
		f.meaning.Required = true
		m := c.Meaning
		if m == "" {
			m = enroll.WedgeNumber
		}
		f.meaning.SetSelected(labels[max(slices.Index(meanings, m), 0)])
	}
	f.format = widgets.NewSelect(nil, func(string) { f.formatChosen() })
	f.setFormats(c.Format)
	f.rebuild()
	return f
}

// entry is the input of a field value, made the first time it is needed.
func (f *readerForm) entry(field string) *widgets.Entry {
	e, ok := f.values[field]
	if !ok {
		e = widgets.NewEntry()
		e.OnSubmitted = func(string) { f.submit() }
		f.values[field] = e
	}
	return e
}

// chosenMeaning is the keyboard reader's meaning; "" for other readers.
func (f *readerForm) chosenMeaning() enroll.WedgeMeaning {
	if f.meaning == nil {
		return ""
	}
	labels, meanings := meaningChoices()
	if i := slices.Index(labels, f.meaning.Selected); i >= 0 {
		return meanings[i]
	}
	return enroll.WedgeNumber
}

// uidReader: the reader (or its meaning) delivers a card serial number.
func (f *readerForm) uidReader() bool {
	return f.kind != enroll.ReaderKeyboard || f.chosenMeaning() == enroll.WedgeCSN
}

// setFormats offers the formats that fit the reader and its meaning and
// selects keep when it is one of them.
func (f *readerForm) setFormats(keep string) {
	var names []string
	f.ids = f.ids[:0]
	if f.uidReader() {
		names, f.ids = append(names, lang.L("Card serial number (by UID length)")), append(f.ids, "")
	}
	for _, fm := range f.catalog {
		if f.fits(fm) {
			names, f.ids = append(names, words.FormatTitle(fm)), append(f.ids, fm.ID)
		}
	}
	i := slices.Index(f.ids, keep)
	if i < 0 {
		i = max(slices.Index(f.ids, "h10301"), 0) // the most common card at a desk
	}
	quiet := f.quiet
	f.quiet = true
	f.format.SetOptions(names)
	if len(names) > 0 {
		f.format.SetSelectedIndex(i)
	}
	f.quiet = quiet
}

// fits says whether a format can decode what the reader delivers.
func (f *readerForm) fits(fm cardformat.Format) bool {
	if f.uidReader() {
		return fm.Length%8 == 0 // a UID is whole bytes
	}
	if f.chosenMeaning() == enroll.WedgeNumber {
		_, ok := fm.Field(enroll.ReaderNumberField)
		return ok
	}
	return fm.Kind == cardformat.KindWiegand
}

// chosenFormat is the selected format; ok is false for "by UID length".
func (f *readerForm) chosenFormat() (cardformat.Format, bool) {
	i := f.format.SelectedIndex()
	if i < 0 || i >= len(f.ids) || f.ids[i] == "" {
		return cardformat.Format{}, false
	}
	for _, fm := range f.catalog {
		if fm.ID == f.ids[i] {
			return fm, true
		}
	}
	return cardformat.Format{}, false
}

func (f *readerForm) meaningChosen() {
	if f.quiet {
		return
	}
	keep := ""
	if fm, ok := f.chosenFormat(); ok {
		keep = fm.ID
	}
	f.setFormats(keep)
	f.rebuild()
}

func (f *readerForm) formatChosen() {
	if !f.quiet {
		f.rebuild()
	}
}

// rebuild lays the form out for the chosen meaning and format: one entry
// per field the typed card number does not fill.
func (f *readerForm) rebuild() {
	fs := widgets.NewFieldSet()
	if f.isNew {
		fs.Add("name", lang.L("Name"), f.nameIn)
	} else {
		name := widgets.Bold(f.name)
		name.Wrapping = fyne.TextWrapWord
		fs.Add("name", lang.L("Reader"), name)
		fs.Add("kind", lang.L("Kind"), widget.NewLabel(words.ReaderKind(f.kind)))
	}
	if f.meaning != nil {
		fs.Add("meaning", lang.L("The reader types"), f.meaning)
	}
	widgets.SetHint(f.about, f.explanation())
	fs.Add("format", lang.L("Card format"), container.NewVBox(f.format, f.about))
	f.shown = f.shown[:0]
	if fm, ok := f.chosenFormat(); ok && f.chosenMeaning() == enroll.WedgeNumber {
		for _, fd := range fm.Fields {
			if fd.Name == enroll.ReaderNumberField || fd.Fixed != nil {
				continue
			}
			e := f.entry(fd.Name)
			e.SetPlaceHolder(fd.Min().String() + "–" + fd.Max().String())
			fs.Add("field."+fd.Name, words.CardField(fd.Name), e)
			f.shown = append(f.shown, fd.Name)
		}
	}
	f.fields = fs
	f.body.Objects = []fyne.CanvasObject{fs.Form()}
	f.body.Refresh()
	f.fit()
}

// explanation says what the chosen meaning and format do.
func (f *readerForm) explanation() string {
	switch f.chosenMeaning() {
	case enroll.WedgeNumber:
		return lang.L("The reader types only the card number. The format's other fields, below, complete every card it reads.")
	case enroll.WedgeBits:
		return lang.L("The reader types the card's bits, as 0s and 1s or as one hexadecimal number, in this format.")
	}
	return lang.L("The reader delivers the card's serial number (UID). By UID length, a 4-, 7- or 10-byte UID is enrolled as CSN 32-bit, CSN 56-bit or CSN 80-bit. A format reads the UID's bits in that format instead; the UID must then be exactly as long as the format.")
}

// fit resizes the open dialog to its content after the form changed.
func (f *readerForm) fit() {
	if f.dlg != nil {
		f.dlg.Resize(fyne.NewSize(0, 0)) // the pop-up never gets smaller than its content
	}
}

// config is the reader config the form describes; ok is false (with a
// message at the field) when the form itself can tell it is wrong.
func (f *readerForm) config() (enroll.ReaderConfig, bool) {
	c := enroll.ReaderConfig{Name: f.name, Kind: f.kind, Meaning: f.chosenMeaning()}
	if f.isNew {
		c.Name = strings.TrimSpace(f.nameIn.Text)
		if c.Name != "" && f.s.listed(c.Name) {
			f.fields.Set("name", lang.L("A reader with this name is already listed. Choose another name."))
			return c, false
		}
	}
	if i := f.format.SelectedIndex(); i >= 0 && i < len(f.ids) {
		c.Format = f.ids[i]
	}
	if c.Meaning == enroll.WedgeNumber {
		c.Fields = map[string]string{}
		for _, name := range f.shown {
			c.Fields[name] = strings.TrimSpace(f.values[name].Text)
		}
	}
	return c, true
}

// submit saves the settings; the dialog stays open until the station
// accepts them.
func (f *readerForm) submit() {
	if f.busy {
		return
	}
	f.fields.Clear()
	c, ok := f.config()
	if !ok {
		f.fit()
		return
	}
	f.setBusy(true)
	h := f.s.h
	hub, ctx, actor := f.s.readers.Hub, h.Jobs().Context(), h.Actor()
	widgets.Go(h.Jobs(), func() ([]enroll.ReaderState, error) {
		if err := hub.Configure(ctx, actor, c); err != nil {
			return nil, err
		}
		return hub.States(), nil // shown with the save; the feed follows a moment later
	}, func(states []enroll.ReaderState, err error) {
		f.setBusy(false)
		if err != nil {
			f.fields.Show(err)
			f.fit()
			return
		}
		f.dlg.Hide()
		f.s.setStates(states)
		data := map[string]any{"Name": c.Name}
		if f.isNew {
			f.s.selectReader(c.Name)
			h.Flash(lang.X("devices.added", "Keyboard reader {{.Name}} added", data))
			return
		}
		h.Flash(lang.X("devices.saved", "Settings of {{.Name}} saved", data))
	})
}

func (f *readerForm) setBusy(on bool) {
	f.busy = on
	f.fields.SetEnabled(!on)
	widgets.SetEnabled(f.ok, !on)
}

// show opens the form as a dialog.
func (f *readerForm) show(title, okLabel string, intro fyne.CanvasObject) {
	h := f.s.h
	parts := []fyne.CanvasObject{f.body}
	if intro != nil {
		parts = append([]fyne.CanvasObject{intro}, parts...)
	}
	content := widgets.AtLeast(560, 0, container.NewVBox(parts...))
	f.dlg = dialog.NewCustomWithoutButtons(title, content, h.Window())
	cancel := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), f.dlg.Hide)
	f.ok = widget.NewButtonWithIcon(okLabel, theme.ConfirmIcon(), f.submit)
	f.ok.Importance = widget.HighImportance
	f.dlg.SetButtons([]fyne.CanvasObject{cancel, f.ok})
	h.ShowDialog(f.dlg)
	if f.nameIn != nil {
		h.Window().Canvas().Focus(f.nameIn)
	}
}

// withCatalog reads the card formats, keeps them for naming formats in
// the list, then calls fn on the UI goroutine; a failure goes to fail.
func (s *Screen) withCatalog(fail func(error), fn func([]cardformat.Format)) {
	st, ctx := s.h.Station(), s.h.Jobs().Context()
	widgets.Go(s.h.Jobs(), func() ([]enroll.FormatInfo, error) {
		return st.Formats.Catalog(ctx)
	}, func(list []enroll.FormatInfo, err error) {
		if err != nil {
			fail(err)
			return
		}
		catalog := make([]cardformat.Format, len(list))
		s.formats = make(map[string]cardformat.Format, len(list))
		for i, fi := range list {
			catalog[i] = fi.Format
			s.formats[fi.Format.ID] = fi.Format
		}
		fn(catalog)
	})
}

// catalogFailed says that the formats a reader form offers could not be
// read.
func (s *Screen) catalogFailed(err error) {
	dialogs.ShowError(s.h, lang.L("Could not load the card formats"), err)
}

// openSettings opens the selected reader's settings.
func (s *Screen) openSettings() {
	st, ok := s.current()
	if !ok || !s.admin {
		return
	}
	s.withCatalog(s.catalogFailed, func(catalog []cardformat.Format) {
		c := st.Config
		if c.Name == "" { // nothing set yet: the defaults
			c = enroll.ReaderConfig{Name: st.Info.Name, Kind: st.Info.Kind}
		}
		s.editing = newReaderForm(s, catalog, st.Info.Kind, st.Info.Name, c, false)
		title := lang.X("devices.settingstitle", "Settings of {{.Name}}", map[string]any{"Name": st.Info.Name})
		s.editing.show(title, lang.L("Save"), nil)
	})
}

// openAddKeyboard adds a keyboard-wedge reader.
func (s *Screen) openAddKeyboard() {
	if !s.admin {
		return
	}
	s.withCatalog(s.catalogFailed, func(catalog []cardformat.Format) {
		s.editing = newReaderForm(s, catalog, enroll.ReaderKeyboard, "",
			enroll.ReaderConfig{Kind: enroll.ReaderKeyboard, Meaning: enroll.WedgeNumber, Format: "h10301"}, true)
		intro := widgets.InfoLine(lang.L("A keyboard-wedge reader types what it reads, as if on a keyboard, and ends with Enter. CardDesk tells it from a person typing by its speed, so keep the CardDesk window in front when presenting a card."))
		s.editing.show(lang.L("Add keyboard reader"), lang.L("Add reader"), intro)
	})
}

// listed reports whether a reader or service entry has this name.
func (s *Screen) listed(name string) bool {
	for _, st := range slices.Concat(s.rows, s.services) {
		if strings.EqualFold(st.Info.Name, name) {
			return true
		}
	}
	return false
}

// selectReader selects the named reader's row.
func (s *Screen) selectReader(name string) {
	if i := s.index(name); i >= 0 {
		s.list.Select(i)
	}
}
