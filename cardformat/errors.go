package cardformat

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Every message names what was wrong and what is allowed, because the CLI
// prints them verbatim on stderr and the UI shows them next to the input.

// RangeError: a field value that does not fit the field.
type RangeError struct {
	Field    string
	Value    string // as the user wrote it
	Min, Max Value
}

func (e *RangeError) Error() string {
	return fmt.Sprintf("%s: %s is out of range %s–%s", e.Field, e.Value, e.Min, e.Max)
}

// MissingFieldError: Encode was not given a value for a field that is not fixed.
type MissingFieldError struct {
	Field    string
	Min, Max Value
}

func (e *MissingFieldError) Error() string {
	return fmt.Sprintf("%s: missing; give a value in the range %s–%s", e.Field, e.Min, e.Max)
}

// UnknownFieldError: Encode was given a name the format does not have.
type UnknownFieldError struct {
	Format  string
	Field   string
	Allowed []string
}

func (e *UnknownFieldError) Error() string {
	return fmt.Sprintf("%s has no field %q; its fields are %s",
		orFormat(e.Format), e.Field, strings.Join(e.Allowed, ", "))
}

// FixedFieldError: a value given for a field the format fixes to another value.
type FixedFieldError struct {
	Field string
	Value string
	Fixed Value
}

func (e *FixedFieldError) Error() string {
	return fmt.Sprintf("%s: fixed to %s in this format, got %s", e.Field, e.Fixed, e.Value)
}

// ValueSyntaxError: text that is not a number at all.
type ValueSyntaxError struct {
	Field string
	Text  string
	Hex   bool // the field takes hex (csn)
}

func (e *ValueSyntaxError) Error() string {
	if e.Hex {
		return fmt.Sprintf("%s: %q is not a hexadecimal number (e.g. 04a1b2c3)", e.Field, e.Text)
	}
	return fmt.Sprintf("%s: %q is not a whole decimal number", e.Field, e.Text)
}

// LengthError: a bit string of the wrong length. Want is 0 when the length
// is outside what the package supports at all.
type LengthError struct {
	Format string // format id, "" when no format was involved
	Want   int
	Got    int
}

func (e *LengthError) Error() string {
	switch {
	case e.Want == 0:
		return fmt.Sprintf("a bit string must be 1–%d bits long, not %d", MaxLength, e.Got)
	case e.Format != "":
		return fmt.Sprintf("%s takes %d bits, got %d", e.Format, e.Want, e.Got)
	}
	return fmt.Sprintf("expected %d bits, got %d", e.Want, e.Got)
}

// BitsSyntaxError: a character that is not a bit (or hex digit). Pos is the
// byte offset in the input; Char is 0 when the input ended too early.
type BitsSyntaxError struct {
	Pos  int
	Char rune
	Hex  bool
}

func (e *BitsSyntaxError) Error() string {
	switch {
	case e.Char == 0 && e.Hex:
		return "bits: no hex digits after 0x"
	case e.Char == 0:
		return "bits: empty; give 0s and 1s or 0x followed by hex digits"
	case e.Hex:
		return fmt.Sprintf("bits: %q at position %d is not a hex digit", e.Char, e.Pos)
	}
	return fmt.Sprintf("bits: %q at position %d is not 0 or 1", e.Char, e.Pos)
}

// ErrLengthRequired: hex bits were given without a bit length.
var ErrLengthRequired = errors.New("bits: hex needs a bit length, because leading zero bits are not written")

// HexOverflowError: a hex number with more significant bits than the length.
type HexOverflowError struct {
	Hex    string
	Length int
	Need   int // significant bits in the number
}

func (e *HexOverflowError) Error() string {
	return fmt.Sprintf("bits: %s needs %d bits and does not fit in %d", e.Hex, e.Need, e.Length)
}

// UnknownFormatError: a format id nobody defined.
type UnknownFormatError struct {
	ID    string
	Known []string
}

func (e *UnknownFormatError) Error() string {
	return fmt.Sprintf("unknown format %q; known formats: %s", e.ID, strings.Join(e.Known, ", "))
}

// UIDLengthError: a UID whose length maps to no CSN format.
type UIDLengthError struct{ Got int }

func (e *UIDLengthError) Error() string {
	return fmt.Sprintf("a UID of %d bytes has no CSN format; expected 4 (csn32), 7 (csn56) or 10 (csn80) bytes", e.Got)
}

// MaskError: mask text that cannot be read.
type MaskError struct {
	Mask string
	Msg  string // English
	ID   string // translates Msg (see messages.go)
	Data map[string]any
}

func (e *MaskError) Error() string { return fmt.Sprintf("mask %q: %s", e.Mask, e.Msg) }

// Problem is one thing wrong with a format definition. Item names the part
// (`field "card"`, `parity check 2 (bit 34)`, "length", ...) and Mask the
// offending mask in mask notation when the problem is about one.
type Problem struct {
	Item string
	Mask string
	Msg  string // English
	// ID and Data translate Msg (see messages.go); ID is "" for messages
	// without a translation.
	ID   string
	Data map[string]any
}

func (p Problem) String() string {
	if p.Mask != "" {
		return fmt.Sprintf("%s (mask %s): %s", p.Item, p.Mask, p.Msg)
	}
	return p.Item + ": " + p.Msg
}

// DefinitionError lists everything wrong with a format definition at once,
// so an administrator can fix a form or file in one pass.
type DefinitionError struct {
	Format   string
	Problems []Problem
}

func (e *DefinitionError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return fmt.Sprintf("format %s is not valid: %s", strconv.Quote(e.Format), strings.Join(parts, "; "))
}

// FileError: format-file content that is not a readable definition at all.
type FileError struct {
	Msg string
	Err error
}

func (e *FileError) Error() string {
	if e.Err != nil {
		return "format file: " + e.Msg + ": " + e.Err.Error()
	}
	return "format file: " + e.Msg
}

func (e *FileError) Unwrap() error { return e.Err }

// VersionError: a format file of a version this code does not read.
type VersionError struct{ Got int }

func (e *VersionError) Error() string {
	if e.Got > DefinitionVersion {
		return fmt.Sprintf("format file: version %d was written by a newer CardDesk; this one reads version %d", e.Got, DefinitionVersion)
	}
	return fmt.Sprintf("format file: version %d is not valid; this CardDesk reads version %d", e.Got, DefinitionVersion)
}

func orFormat(id string) string {
	if id == "" {
		return "this format"
	}
	return id
}
