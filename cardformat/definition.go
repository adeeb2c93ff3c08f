package cardformat

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// DefinitionVersion is the format-file version MarshalDefinition writes and
// the only one UnmarshalDefinition reads. Bump it when a change would make an
// older station misread a file; FORMAT-FILE.md keeps the history.
const DefinitionVersion = 1

// maxDefinitionSize bounds what UnmarshalDefinition will parse; a real file
// for a 512-bit format is a few kilobytes.
const maxDefinitionSize = 1 << 20

type fileFormat struct {
	Version *int         `json:"carddesk_format"`
	ID      string       `json:"id"`
	Name    string       `json:"name"`
	Kind    string       `json:"kind,omitempty"`
	Length  int          `json:"length"`
	Fields  []fileField  `json:"fields"`
	Parity  []fileParity `json:"parity"`
	Unused  string       `json:"unused,omitempty"`
}

type fileField struct {
	Name  string  `json:"name"`
	Mask  string  `json:"mask"`
	Fixed *uint64 `json:"fixed,omitempty"`
}

type fileParity struct {
	Type     string `json:"type"`
	Position int    `json:"position"`
	Mask     string `json:"mask"`
}

// MarshalDefinition writes a valid Wiegand format as a format file (see
// FORMAT-FILE.md): indented JSON ending in a newline, keys in a fixed order,
// so exports diff cleanly.
func MarshalDefinition(f Format) ([]byte, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if f.Kind != KindWiegand {
		return nil, &DefinitionError{Format: f.ID, Problems: []Problem{{Item: "kind", Msg: "only wiegand formats are written to format files"}}}
	}
	v := DefinitionVersion
	ff := fileFormat{
		Version: &v, ID: f.ID, Name: f.Name, Kind: string(f.Kind), Length: f.Length,
		Fields: make([]fileField, len(f.Fields)),
		Parity: make([]fileParity, len(f.Parity)),
		Unused: FormatMask(f.Unused),
	}
	for i, fd := range f.Fields {
		ff.Fields[i] = fileField{Name: fd.Name, Mask: FormatMask(fd.Bits), Fixed: fd.Fixed}
	}
	for i, c := range f.Parity {
		ff.Parity[i] = fileParity{Type: c.Type.String(), Position: c.Position, Mask: FormatMask(c.Mask)}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(ff); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalDefinition reads a format file and validates the format in it.
// Errors: *FileError (not JSON, not a format file, unknown keys),
// *VersionError, or *DefinitionError listing every problem including masks
// that cannot be read. The result is a KindWiegand format.
func UnmarshalDefinition(data []byte) (Format, error) {
	if len(data) > maxDefinitionSize {
		return Format{}, &FileError{Msg: "larger than 1 MiB; not a format definition"}
	}
	// Read the version alone first, so a newer file is reported as newer and
	// not as one with unknown keys.
	var probe struct {
		Version *int `json:"carddesk_format"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return Format{}, &FileError{Msg: "not valid JSON", Err: err}
	}
	if probe.Version == nil {
		return Format{}, &FileError{Msg: `not a CardDesk format file (no "carddesk_format" key)`}
	}
	if *probe.Version != DefinitionVersion {
		return Format{}, &VersionError{Got: *probe.Version}
	}
	var ff fileFormat
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ff); err != nil {
		return Format{}, &FileError{Msg: "unexpected content", Err: err}
	}
	return ff.toFormat()
}

func (ff *fileFormat) toFormat() (Format, error) {
	f := Format{ID: ff.ID, Name: ff.Name, Kind: KindWiegand, Length: ff.Length}
	var pre []Problem
	broken := brokenMasks{fields: map[int]bool{}, parity: map[int]bool{}}
	mask := func(item, text string) ([]int, bool) {
		m, err := ParseMask(text)
		if err != nil {
			p := Problem{Item: item, Mask: text, Msg: err.Error()}
			var me *MaskError
			if errors.As(err, &me) {
				p.Msg, p.ID, p.Data = me.Msg, me.ID, me.Data
			}
			pre = append(pre, p)
			return nil, false
		}
		return m, true
	}
	if ff.Kind != "" && ff.Kind != string(KindWiegand) {
		pre = append(pre, problem("kind", nil, MsgFileKind, map[string]any{"Value": ff.Kind}))
	}
	for i, x := range ff.Fields {
		fd := Field{Name: x.Name, Fixed: x.Fixed}
		var ok bool
		if fd.Bits, ok = mask(fieldItem(x.Name, i), x.Mask); !ok {
			broken.fields[i] = true
		}
		f.Fields = append(f.Fields, fd)
	}
	for i, x := range ff.Parity {
		c := ParityCheck{Position: x.Position}
		item := parityItem(&c, i)
		t, ok := parseParityType(x.Type)
		if !ok {
			pre = append(pre, problem(item, nil, MsgFileParityType, map[string]any{"Value": x.Type}))
		}
		c.Type = t
		if c.Mask, ok = mask(item, x.Mask); !ok {
			broken.parity[i] = true
		}
		f.Parity = append(f.Parity, c)
	}
	if strings.TrimSpace(ff.Unused) != "" {
		var ok bool
		if f.Unused, ok = mask("unused bits", ff.Unused); !ok {
			broken.unused = true
		}
	}
	if err := f.validate(pre, broken); err != nil {
		return Format{}, err
	}
	return f, nil
}
