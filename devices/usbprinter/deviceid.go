package usbprinter

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// IEEE1284ID is an IEEE 1284 device ID taken apart.
type IEEE1284ID struct {
	Manufacturer string // MFG or MANUFACTURER
	Model        string // MDL or MODEL
	CommandSet   string // CMD or COMMAND SET, as sent ("ZPL,PCL")
	Class        string // CLS or CLASS
	Description  string // DES or DESCRIPTION
	Serial       string // SN, SERN or SERIALNUMBER, which some printers add
	// Fields holds every key (upper case, spaces single) with its first
	// non-empty value.
	Fields map[string]string
}

// Commands splits CommandSet at its commas.
func (id IEEE1284ID) Commands() []string {
	var out []string
	for c := range strings.SplitSeq(id.CommandSet, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// keyAliases maps the long keys to the short ones.
var keyAliases = map[string]string{
	"MANUFACTURER":  "MFG",
	"MODEL":         "MDL",
	"COMMAND SET":   "CMD",
	"COMMANDSET":    "CMD",
	"CLASS":         "CLS",
	"DESCRIPTION":   "DES",
	"SERN":          "SN",
	"SERIALNUMBER":  "SN",
	"SERIAL NUMBER": "SN",
}

// ParseDeviceID takes a device ID apart: "KEY:value;" fields in any order,
// keys in any case, values trimmed; empty fields, fields without a colon
// and repeated keys (after the first non-empty value) are skipped.
func ParseDeviceID(s string) IEEE1284ID {
	s = clean([]byte(s))
	id := IEEE1284ID{Fields: map[string]string{}}
	for field := range strings.SplitSeq(s, ";") {
		k, v, ok := strings.Cut(field, ":")
		if !ok {
			continue
		}
		k = strings.ToUpper(strings.Join(strings.Fields(k), " "))
		v = strings.TrimSpace(v)
		if k == "" || v == "" {
			continue
		}
		if _, dup := id.Fields[k]; !dup {
			id.Fields[k] = v
		}
		if a, ok := keyAliases[k]; ok {
			k = a
		}
		var dst *string
		switch k {
		case "MFG":
			dst = &id.Manufacturer
		case "MDL":
			dst = &id.Model
		case "CMD":
			dst = &id.CommandSet
		case "CLS":
			dst = &id.Class
		case "DES":
			dst = &id.Description
		case "SN":
			dst = &id.Serial
		default:
			continue
		}
		if *dst == "" {
			*dst = v
		}
	}
	return id
}

// decodeDeviceID takes the string out of a GET_DEVICE_ID answer: a
// 2-byte big-endian length that counts itself, then the ID. Printers get
// the length wrong: little-endian, not counting itself, or anything at
// all; a length that cannot be right is ignored, and no more than what
// arrived is used.
func decodeDeviceID(b []byte) (string, error) {
	n := len(b)
	if n < 2 {
		return "", fmt.Errorf("answer of %d bytes, too short for the length", n)
	}
	be := int(b[0])<<8 | int(b[1])
	le := int(b[1])<<8 | int(b[0])
	// The shortest ID worth reading, "MFG:x;MDL:y;" with its length, as
	// CUPS reckons.
	const least = 14
	var l int
	switch {
	case be+2 == n:
		l = n // the length of the string alone
	case be >= least && be <= n:
		l = be
	case le >= least && le <= n:
		l = le
	default:
		l = n
	}
	s := clean(b[2:l])
	if s == "" {
		return "", fmt.Errorf("empty device ID")
	}
	return s, nil
}

// clean makes b printable UTF-8: it ends at a NUL (the padding some
// printers send), bytes that are not UTF-8 are read as Latin-1, and
// control characters become spaces.
func clean(b []byte) string {
	if i := strings.IndexByte(string(b), 0); i >= 0 {
		b = b[:i]
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			r, size = rune(b[0]), 1
		}
		b = b[size:]
		if unicode.IsControl(r) || r == utf8.RuneError {
			r = ' '
		}
		sb.WriteRune(r)
	}
	return strings.TrimSpace(sb.String())
}
