package badge

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"slices"
	"strings"
	"unicode/utf8"
)

var (
	templateKeys = []string{"format", "version", "name", "size", "orientation", "front", "back"}
	sideKeys     = []string{"background", "elements"}
	elementKeys  = []string{"type", "x", "y", "w", "h", "text", "font_size", "bold", "italic", "align",
		"color", "shrink", "fit", "png_base64", "symbology", "value", "fill", "stroke", "radius"}
)

// Parse reads and checks a template file; on any problem it returns an
// *Error naming file and every problem, and no template.
func Parse(file string, data []byte) (*Template, error) {
	p := parser{}
	t := p.template(data)
	if len(p.problems) == 0 {
		if err := t.Check(); err != nil {
			p.problems = err.(*Error).Problems
		} else {
			p.pictures(t)
		}
	}
	if len(p.problems) > 0 {
		return nil, &Error{File: file, Problems: p.problems}
	}
	return t, nil
}

type parser struct{ problems []Problem }

// pictures decodes each picture of t in full. Check reads only their
// headers, which is all it needs for a template made at the desk, but a
// file's picture may be cut off or broken after its header: stored as it
// is, the template would fail each time it is shown or printed.
func (p *parser) pictures(t *Template) {
	for _, name := range t.Sides() {
		for i, e := range t.side(name).Elements {
			if e.PNGBase64 == "" {
				continue
			}
			data, err := decodeBase64(e.PNGBase64)
			if err == nil {
				_, _, err = image.Decode(bytes.NewReader(data))
			}
			if err != nil {
				p.add(name, i+1, "png_base64", MsgImageKind, nil)
			}
		}
	}
}

func (p *parser) add(side string, element int, key, id string, data map[string]any) {
	p.problems = append(p.problems, problem(side, element, key, id, data))
}

// object decodes raw as a JSON object and reports keys it does not know.
func (p *parser) object(raw []byte, side string, element int, known []string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		if side == "" {
			p.add("", 0, "", MsgNotObject, nil)
		} else {
			p.add(side, element, "", MsgWantObject, nil)
		}
		return nil
	}
	var unknown []string
	for k := range m {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		p.add(side, element, k, MsgUnknownKey, map[string]any{"Key": k, "Allowed": strings.Join(known, ", ")})
	}
	return m
}

func (p *parser) template(data []byte) *Template {
	if !utf8.Valid(data) {
		p.add("", 0, "", MsgNotUTF8, nil)
		return nil
	}
	if err := json.Unmarshal(data, new(any)); err != nil {
		p.add("", 0, "", MsgJSON, map[string]any{"Reason": jsonReason(err, data)})
		return nil
	}
	top := p.object(data, "", 0, templateKeys)
	if top == nil {
		return nil
	}
	t := &Template{}
	p.field(top, "format", "", 0, &t.Format, MsgWantString)
	p.field(top, "version", "", 0, &t.Version, MsgWantInteger)
	p.field(top, "name", "", 0, &t.Name, MsgWantString)
	p.field(top, "size", "", 0, &t.Size, MsgWantString)
	p.field(top, "orientation", "", 0, &t.Orientation, MsgWantString)
	if raw, ok := top["front"]; ok && !isNull(raw) {
		t.Front = p.side(Front, raw)
	} else {
		p.add("", 0, "front", MsgFrontMissing, nil)
	}
	if raw, ok := top["back"]; ok && !isNull(raw) {
		back := p.side(Back, raw)
		t.Back = &back
	}
	return t
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// field decodes m[key] into dst, reporting a value of the wrong JSON type.
func (p *parser) field(m map[string]json.RawMessage, key, side string, element int, dst any, want string) {
	// want is the message id of the JSON type key needs.
	raw, ok := m[key]
	if !ok {
		return
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		p.add(side, element, key, want, map[string]any{"Key": key})
	}
}

func (p *parser) side(name string, raw json.RawMessage) Side {
	var s Side
	m := p.object(raw, name, 0, sideKeys)
	if m == nil {
		return s
	}
	p.field(m, "background", name, 0, &s.Background, MsgWantString)
	var elements []json.RawMessage
	p.field(m, "elements", name, 0, &elements, MsgWantList)
	s.Elements = make([]Element, 0, len(elements))
	for i, raw := range elements {
		s.Elements = append(s.Elements, p.element(name, i+1, raw))
	}
	return s
}

func (p *parser) element(side string, n int, raw json.RawMessage) Element {
	var e Element
	m := p.object(raw, side, n, elementKeys)
	if m == nil {
		return e
	}
	for _, k := range []struct {
		key, want string
		dst       any
	}{
		{"type", MsgWantString, &e.Type}, {"x", MsgWantNumber, &e.X}, {"y", MsgWantNumber, &e.Y},
		{"w", MsgWantNumber, &e.W}, {"h", MsgWantNumber, &e.H}, {"text", MsgWantString, &e.Text},
		{"font_size", MsgWantNumber, &e.FontSize}, {"bold", MsgWantBool, &e.Bold},
		{"italic", MsgWantBool, &e.Italic}, {"align", MsgWantString, &e.Align},
		{"color", MsgWantString, &e.Color}, {"shrink", MsgWantBool, &e.Shrink},
		{"fit", MsgWantString, &e.Fit}, {"png_base64", MsgWantString, &e.PNGBase64},
		{"symbology", MsgWantString, &e.Symbology}, {"value", MsgWantString, &e.Value},
		{"fill", MsgWantString, &e.Fill}, {"stroke", MsgWantString, &e.Stroke},
		{"radius", MsgWantNumber, &e.Radius},
	} {
		p.field(m, k.key, side, n, k.dst, k.want)
	}
	return e
}

// jsonReason is the English of a JSON syntax error, with the line.
func jsonReason(err error, data []byte) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return "line " + itoaS(line) + ": " + se.Error()
	}
	return err.Error()
}

// JSON is the template file of t. A template with problems has none: it
// returns the *Error of Check.
func (t *Template) JSON() ([]byte, error) {
	if err := t.Check(); err != nil {
		return nil, err
	}
	c := *t
	if c.Front.Elements == nil {
		c.Front.Elements = []Element{}
	}
	if c.Back != nil && c.Back.Elements == nil {
		back := *c.Back
		back.Elements = []Element{}
		c.Back = &back
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
