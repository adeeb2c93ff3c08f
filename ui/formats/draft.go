package formats

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/ui/words"
)

// spot names a place in the editor where a message can be shown: an input
// above the tables, one row of a table, or the general list.
type spot string

const (
	spotID      spot = "id"
	spotName    spot = "name"
	spotLength  spot = "length"
	spotUnused  spot = "unused"
	spotFields  spot = "fields"
	spotParity  spot = "parity"
	spotGeneral spot = "general"
)

func fieldSpot(i int) spot  { return spot("field:" + strconv.Itoa(i)) }
func paritySpot(i int) spot { return spot("parity:" + strconv.Itoa(i)) }

// fieldInput and parityInput are the texts of one table row.
type fieldInput struct{ name, mask, fixed string }

type parityInput struct {
	odd            bool
	position, mask string
}

// formInput is everything the editor's inputs hold, as typed.
type formInput struct {
	id, name, length string
	fields           []fieldInput
	parity           []parityInput
	unused           string
}

// draft is the format the inputs describe and what is wrong with it, each
// message filed under the spot it is about.
type draft struct {
	format   cardformat.Format
	messages map[spot][]string
	problems int
}

func (d *draft) valid() bool { return d.problems == 0 }

func (d *draft) add(at spot, msg string) {
	d.messages[at] = append(d.messages[at], msg)
	d.problems++
}

// unreadable remembers inputs that could not be read at all, so the
// validator's follow-on complaints about them (an "empty" mask, a bit that
// seems unaccounted for) do not bury the real message.
type unreadable struct {
	masks     map[spot]bool
	positions map[spot]bool
	length    bool
	any       bool
}

// readDraft reads the inputs and checks the result as the station will.
func readDraft(in formInput) draft {
	d := draft{messages: map[spot][]string{}}
	bad := unreadable{masks: map[spot]bool{}, positions: map[spot]bool{}}
	f := cardformat.Format{ID: strings.TrimSpace(in.id), Name: strings.TrimSpace(in.name), Kind: cardformat.KindWiegand}
	f.Length, bad.length = readLength(&d, in.length)
	for i, x := range in.fields {
		f.Fields = append(f.Fields, readField(&d, &bad, i, x))
	}
	for i, x := range in.parity {
		f.Parity = append(f.Parity, readParity(&d, &bad, i, x))
	}
	if strings.TrimSpace(in.unused) != "" {
		var ok bool
		if f.Unused, ok = readMask(&d, spotUnused, in.unused); !ok {
			bad.masks[spotUnused] = true
		}
	}
	bad.any = bad.length || len(bad.masks) > 0 || len(bad.positions) > 0
	d.format = f
	d.place(f.Validate(), bad)
	return d
}

func readLength(d *draft, text string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil {
		d.add(spotLength, lang.X("formats.msg.length", "Enter the number of bits, {{.Min}}–{{.Max}}.",
			map[string]any{"Min": cardformat.MinWiegandLength, "Max": cardformat.MaxLength}))
		return 0, true
	}
	return n, false
}

func readField(d *draft, bad *unreadable, i int, x fieldInput) cardformat.Field {
	at := fieldSpot(i)
	fd := cardformat.Field{Name: strings.TrimSpace(x.name)}
	var ok bool
	if fd.Bits, ok = readMask(d, at, x.mask); !ok {
		bad.masks[at] = true
	}
	if text := strings.TrimSpace(x.fixed); text != "" {
		v, err := strconv.ParseUint(text, 10, 64)
		if err != nil {
			d.add(at, lang.L("The fixed value must be a whole number; leave it empty for a field that varies."))
		} else {
			fd.Fixed = &v
		}
	}
	return fd
}

func readParity(d *draft, bad *unreadable, i int, x parityInput) cardformat.ParityCheck {
	at := paritySpot(i)
	c := cardformat.ParityCheck{Type: cardformat.Even, Position: -1}
	if x.odd {
		c.Type = cardformat.Odd
	}
	if n, err := strconv.Atoi(strings.TrimSpace(x.position)); err == nil {
		c.Position = n
	} else {
		d.add(at, lang.L("Enter the position of the parity bit (0 is the first bit)."))
		bad.positions[at] = true
	}
	var ok bool
	if c.Mask, ok = readMask(d, at, x.mask); !ok {
		bad.masks[at] = true
	}
	return c
}

// readMask reads a mask; a mask that cannot be read gets its message at.
func readMask(d *draft, at spot, text string) ([]int, bool) {
	m, err := cardformat.ParseMask(text)
	if err == nil {
		return m, true
	}
	var me *cardformat.MaskError
	if errors.As(err, &me) && strings.TrimSpace(me.Mask) == "" {
		d.add(at, lang.L("Enter the bit positions, e.g. 1-8 or 1-4,9-12."))
	} else if me != nil {
		d.add(at, lang.X("formats.msg.mask", "Mask {{.Mask}}: {{.Problem}}", map[string]any{"Mask": me.Mask, "Problem": words.MaskProblem(me)}))
	} else {
		d.add(at, words.Explain(err))
	}
	return nil, false
}

// unaccountedItem is cardformat's name for bits nothing claims.
const unaccountedItem = "unaccounted bits"

// emptyMaskMsg is what cardformat says about a mask with no bits; the
// editor has said better already when the mask could not be read.
const emptyMaskMsg = "mask is empty"

// place files the validator's problems under the rows they name.
func (d *draft) place(err error, bad unreadable) {
	var de *cardformat.DefinitionError
	if !errors.As(err, &de) {
		if err != nil {
			d.add(spotGeneral, words.Explain(err))
		}
		return
	}
	spots := itemSpots(d.format)
	for _, p := range de.Problems {
		at, onRow := spots[p.Item]
		if skip(p, at, bad) {
			continue
		}
		if p.Item == unaccountedItem {
			d.add(spotGeneral, unaccounted(p.Mask))
			continue
		}
		if !onRow {
			d.add(spotGeneral, words.DefinitionProblem(p))
			continue
		}
		for _, s := range at {
			d.add(s, words.ProblemMessage(p))
		}
	}
}

// unaccounted says which bits nothing claims, in words rather than as
// cardformat's item name.
func unaccounted(mask string) string {
	bits := strings.ReplaceAll(strings.ReplaceAll(mask, "-", "–"), ",", ", ")
	if strings.ContainsAny(mask, ",-") {
		return lang.X("formats.msg.unaccounted",
			"Bits {{.Bits}} belong to no field or parity check: add them to one, or list them as unused bits.",
			map[string]any{"Bits": bits})
	}
	return lang.X("formats.msg.unaccounted.one",
		"Bit {{.Bits}} belongs to no field or parity check: add it to one, or list it as an unused bit.",
		map[string]any{"Bits": bits})
}

func skip(p cardformat.Problem, at []spot, bad unreadable) bool {
	switch {
	case p.Item == unaccountedItem:
		return bad.any // the unread input probably accounts for them
	case p.Item == "length":
		return bad.length
	}
	for _, s := range at {
		if bad.masks[s] && p.Mask == "" && p.Msg == emptyMaskMsg {
			return true
		}
		if bad.positions[s] && p.Mask == "" {
			return true
		}
	}
	return false
}

// itemSpots maps the Item names cardformat gives problems to the editor's
// spots. Two fields with the same name share an item, so an item may name
// several rows.
func itemSpots(f cardformat.Format) map[string][]spot {
	m := map[string][]spot{
		"id": {spotID}, "name": {spotName}, "length": {spotLength},
		"unused bits": {spotUnused}, "fields": {spotFields}, "parity": {spotParity},
	}
	for i, fd := range f.Fields {
		item := fmt.Sprintf("field #%d", i+1)
		if fd.Name != "" {
			item = fmt.Sprintf("field %q", fd.Name)
		}
		m[item] = append(m[item], fieldSpot(i))
	}
	for i, c := range f.Parity {
		item := fmt.Sprintf("parity check #%d (bit %d)", i+1, c.Position)
		m[item] = append(m[item], paritySpot(i))
	}
	return m
}

// inputOf is the reverse of readDraft: the texts that show f in the editor.
func inputOf(f cardformat.Format) formInput {
	in := formInput{id: f.ID, name: f.Name, length: strconv.Itoa(f.Length), unused: cardformat.FormatMask(f.Unused)}
	for _, fd := range f.Fields {
		x := fieldInput{name: fd.Name, mask: cardformat.FormatMask(fd.Bits)}
		if fd.Fixed != nil {
			x.fixed = strconv.FormatUint(*fd.Fixed, 10)
		}
		in.fields = append(in.fields, x)
	}
	for _, c := range f.Parity {
		in.parity = append(in.parity, parityInput{odd: c.Type == cardformat.Odd,
			position: strconv.Itoa(c.Position), mask: cardformat.FormatMask(c.Mask)})
	}
	return in
}
