package enroll

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/carddesk/carddesk/cardformat"
)

// WedgeMeaning is what a keyboard-wedge reader's typed burst stands for.
type WedgeMeaning string

const (
	// WedgeNumber: the card number (the format's card field) in decimal;
	// the format's other fields come from the reader's settings.
	WedgeNumber WedgeMeaning = "number"
	// WedgeBits: the raw Wiegand bits, as 0/1 digits or as hex.
	WedgeBits WedgeMeaning = "bits"
	// WedgeCSN: the chip's serial number (UID) in hex.
	WedgeCSN WedgeMeaning = "csn"
)

// WedgeMeanings lists the meanings an administrator chooses from.
var WedgeMeanings = []WedgeMeaning{WedgeNumber, WedgeBits, WedgeCSN}

// ReaderConfig is what an administrator set for one reader. Keyboard
// readers exist only through their config; other readers are found by the
// devices layer and the config only tunes how their reads are decoded.
type ReaderConfig struct {
	Name string     `json:"name"`
	Kind ReaderKind `json:"kind"`
	// Format decodes raw reads. For a reader that delivers a UID, "" means
	// the card serial number of the UID's length (csn32/56/80); a format
	// of the UID's bit length reads the UID's bits in that format instead.
	// Keyboard readers typing a number or bits need one.
	Format string `json:"format,omitempty"`
	// Meaning of a keyboard reader's burst; empty for other kinds.
	Meaning WedgeMeaning `json:"meaning,omitempty"`
	// Fields are the values of the format's other fields (facility code)
	// for a keyboard reader that types only the card number.
	Fields    map[string]string `json:"fields,omitempty"`
	UpdatedAt time.Time         `json:"-"`
}

// ReaderConfigRepo stores reader configs by name.
type ReaderConfigRepo interface {
	List(ctx context.Context) ([]ReaderConfig, error) // ordered by name
	ByName(ctx context.Context, name string) (ReaderConfig, error)
	Put(ctx context.Context, c ReaderConfig) error // insert or replace
	Delete(ctx context.Context, name string) error
}

// ReaderNumberField is the field a typed card number goes into.
const ReaderNumberField = "card"

// Devices is the use case for reader settings.
type Devices struct{ base }

// Configs lists every reader config. It needs no sign-in: the station
// reads it to decode cards before anyone may be signed in.
func (s *Devices) Configs(ctx context.Context) ([]ReaderConfig, error) {
	var out []ReaderConfig
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Readers().List(ctx)
		return err
	})
	return out, err
}

// Configure stores one reader's settings (administrators only); for a
// keyboard reader this adds it to the station.
func (s *Devices) Configure(ctx context.Context, a Actor, c ReaderConfig) error {
	if err := a.require(PermManageSettings); err != nil {
		return err
	}
	c.UpdatedAt = s.now()
	return s.store.Update(ctx, func(tx Tx) error {
		if err := checkReaderConfig(ctx, tx, &c); err != nil {
			return err
		}
		before, err := tx.Readers().ByName(ctx, c.Name)
		var old any
		switch {
		case err == nil:
			old = before
		case !errors.Is(err, ErrNotFound):
			return err
		}
		if err := tx.Readers().Put(ctx, c); err != nil {
			return err
		}
		return record(ctx, tx, a, c.UpdatedAt, change{action: "reader.configure", entity: "reader", entityKey: c.Name,
			details: fmt.Sprintf("%s reader %s", c.Kind, c.Name), before: old, after: c})
	})
}

// Remove forgets a reader's settings; a keyboard reader leaves the station.
func (s *Devices) Remove(ctx context.Context, a Actor, name string) error {
	return s.update(ctx, a, PermManageSettings, func(tx Tx) error {
		old, err := tx.Readers().ByName(ctx, name)
		if err != nil {
			return err
		}
		if err := tx.Readers().Delete(ctx, name); err != nil {
			return err
		}
		return record(ctx, tx, a, s.now(), change{action: "reader.remove", entity: "reader", entityKey: name,
			details: fmt.Sprintf("%s reader %s", old.Kind, name), before: old})
	})
}

// ReaderOptions are the station settings that say which reader sources
// to open.
type ReaderOptions struct {
	CCID      bool // talk CCID over USB (readers.ccid.enabled)
	Simulated bool // offer the simulated reader (readers.simulated.enabled)
}

// Options reads the reader options. It needs no sign-in: the station opens
// its readers before anyone signs in.
func (s *Devices) Options(ctx context.Context) (ReaderOptions, error) {
	var o ReaderOptions
	err := s.store.View(ctx, func(tx Tx) error {
		all, err := tx.Settings().All(ctx)
		o = ReaderOptions{CCID: all["readers.ccid.enabled"] == "true", Simulated: all["readers.simulated.enabled"] == "true"}
		return err
	})
	return o, err
}

// checkReaderConfig validates c against the station's formats and tidies it.
func checkReaderConfig(ctx context.Context, tx Tx, c *ReaderConfig) error {
	var fe fieldErrors
	checkText(&fe, "name", &c.Name, true, 128)
	if !slices.Contains([]ReaderKind{ReaderPCSC, ReaderCCID, ReaderKeyboard, ReaderSimulated}, c.Kind) {
		fe.add("kind", msg(MsgOneOf, Data{"Value": string(c.Kind), "Allowed": "pcsc, ccid, keyboard, simulated"}))
	}
	if c.Kind == ReaderKeyboard {
		if !slices.Contains(WedgeMeanings, c.Meaning) {
			fe.add("meaning", msg(MsgOneOf, Data{"Value": string(c.Meaning), "Allowed": "number, bits, csn"}))
		}
		if c.Format == "" && (c.Meaning == WedgeNumber || c.Meaning == WedgeBits) {
			fe.add("format", msg(MsgReaderFormatNeeded, Data{"Meaning": string(c.Meaning)}))
		}
	} else {
		c.Meaning = ""
	}
	if c.Meaning != WedgeNumber {
		c.Fields = nil
	}
	if c.Format != "" {
		f, err := findFormat(ctx, tx, c.Format)
		var unknown *cardformat.UnknownFormatError
		switch {
		case errors.As(err, &unknown):
			fe.add("format", msg(MsgUnknownFormat, Data{"Value": c.Format, "Allowed": strings.Join(unknown.Known, ", ")}))
		case err != nil:
			return err
		default:
			checkReaderFormat(&fe, c, f)
		}
	}
	return fe.err()
}

// checkReaderFormat checks that the format fits what the reader delivers.
func checkReaderFormat(fe *fieldErrors, c *ReaderConfig, f cardformat.Format) {
	uidReader := c.Kind != ReaderKeyboard || c.Meaning == WedgeCSN
	if uidReader {
		if f.Length%8 != 0 {
			fe.add("format", msg(MsgReaderFormatBytes, Data{"Format": f.ID, "Length": f.Length}))
		}
		return
	}
	if c.Meaning != WedgeNumber {
		return
	}
	if _, ok := f.Field(ReaderNumberField); !ok {
		fe.add("format", msg(MsgReaderNoCardField, Data{"Format": f.ID}))
		return
	}
	kept := map[string]string{}
	for _, fd := range f.Fields {
		if fd.Name == ReaderNumberField || fd.Fixed != nil {
			continue
		}
		v := strings.TrimSpace(c.Fields[fd.Name])
		if v == "" {
			fe.add("field."+fd.Name, msg(MsgRequired, nil))
			continue
		}
		if _, err := f.ParseValue(fd.Name, v); err != nil {
			if _, m, ok := cardValueMessage(err); ok {
				fe.add("field."+fd.Name, m)
			} else {
				fe.addText("field."+fd.Name, "%v", err)
			}
			continue
		}
		kept[fd.Name] = v
	}
	c.Fields = kept
}
