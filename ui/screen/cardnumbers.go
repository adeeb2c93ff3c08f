package screen

import (
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// FormatPick chooses the card format of a dialog where a card's numbers
// are typed (enroll a card by hand, connect one the Manual way). Place its
// Select; its methods run on the UI goroutine.
type FormatPick struct {
	*widgets.Select
	// Formats are the formats offered, in the order of the options.
	Formats []cardformat.Format
}

// NewFormatPick is the pick while the formats load; chosen is called on
// every choice.
func NewFormatPick(chosen func()) *FormatPick {
	p := &FormatPick{Select: widgets.NewSelect(nil, func(string) { chosen() })}
	p.PlaceHolder = lang.L("Loading formats…")
	return p
}

// Load reads the station's built-in and custom formats; loaded gets them,
// or why not, on the UI goroutine, and offers them with Fill.
func (p *FormatPick) Load(h Host, loaded func([]enroll.FormatInfo, error)) {
	st, ctx, actor := h.Station(), h.Jobs().Context(), h.Actor()
	widgets.Go(h.Jobs(), func() ([]enroll.FormatInfo, error) {
		return st.Formats.List(ctx, actor)
	}, loaded)
}

// Fill offers the formats, the common 26-bit card chosen.
func (p *FormatPick) Fill(list []enroll.FormatInfo) {
	names := make([]string, len(list))
	p.Formats = make([]cardformat.Format, len(list))
	for i, fi := range list {
		p.Formats[i] = fi.Format
		names[i] = words.FormatTitle(fi.Format)
	}
	p.PlaceHolder = lang.L("Choose a card format")
	p.SetOptions(names)
	for i, f := range p.Formats {
		if f.ID == "h10301" { // the most common card at a desk
			p.SetSelectedIndex(i)
		}
	}
}

// Chosen is the format chosen; false while none is.
func (p *FormatPick) Chosen() (cardformat.Format, bool) {
	i := p.SelectedIndex()
	if i < 0 || i >= len(p.Formats) {
		return cardformat.Format{}, false
	}
	return p.Formats[i], true
}

// FieldInput is the entry of one field of a card format.
type FieldInput struct {
	Field cardformat.Field
	Entry *widgets.Entry
}

// NewFieldInput is an entry for the field with its range as the
// placeholder; a fixed field shows its value and cannot be typed in.
func NewFieldInput(fd cardformat.Field) FieldInput {
	in := FieldInput{Field: fd, Entry: widgets.NewEntry()}
	in.Entry.SetPlaceHolder(fd.Min().String() + "–" + fd.Max().String())
	if fd.Fixed != nil {
		in.Entry.SetText(cardformat.ValueOf(*fd.Fixed).String())
		in.Entry.Disable()
	}
	return in
}

// Typed is the value typed, trimmed; "" for a fixed field, whose value is
// the format's.
func (in FieldInput) Typed() string {
	if in.Field.Fixed != nil {
		return ""
	}
	return strings.TrimSpace(in.Entry.Text)
}

// Problem says, while typing, what the field takes when the value typed
// is not a value of it (naming the field and what it accepts); "" when it
// is, or nothing is typed.
func (in FieldInput) Problem() string {
	text := in.Typed()
	if text == "" {
		return ""
	}
	_, err := in.Field.ParseValue(text)
	if err == nil {
		return ""
	}
	if msg, ok := words.CardValue(err); ok {
		return msg
	}
	return words.Explain(err)
}
