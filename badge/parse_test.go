package badge

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// jsonOf is the file of a template even when it has problems (JSON refuses
// those), so Parse can be tried on it.
func jsonOf(t *Template) ([]byte, error) { return json.Marshal(t) }

func TestParseRoundTrip(t *testing.T) {
	tpl, err := Parse("employee.json", []byte(employeeJSON()))
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Name != "Employee" || len(tpl.Front.Elements) != 10 || tpl.Back == nil || len(tpl.Back.Elements) != 4 {
		t.Fatalf("parsed %+v", tpl)
	}
	if got := tpl.Sides(); !reflect.DeepEqual(got, []string{Front, Back}) {
		t.Errorf("Sides() = %v", got)
	}
	if w, h := tpl.CardSize(); w != 85.6 || h != 53.98 {
		t.Errorf("CardSize() = %v, %v", w, h)
	}
	data, err := tpl.JSON()
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse("again.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tpl, again) {
		t.Errorf("JSON() and Parse() do not round-trip:\n%+v\n%+v", tpl, again)
	}
	if got := tpl.Fields(); !reflect.DeepEqual(got, []string{"first_name", "last_name", "department", "card_number", "today"}) {
		t.Errorf("Fields() = %v", got)
	}
}

func TestParseOneSided(t *testing.T) {
	tpl, err := Parse("", []byte(`{"format":"carddesk-badge","version":1,"name":"Plain","size":"cr80","orientation":"portrait","front":{"elements":null}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := tpl.Sides(); !reflect.DeepEqual(got, []string{Front}) {
		t.Errorf("Sides() = %v", got)
	}
	if w, h := tpl.CardSize(); w != 53.98 || h != 85.6 {
		t.Errorf("portrait CardSize() = %v, %v", w, h)
	}
	data, err := tpl.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"elements": []`) || strings.Contains(string(data), `"back"`) {
		t.Errorf("JSON() = %s", data)
	}
}

// TestParseProblems: what is wrong with the file itself, before Check.
func TestParseProblems(t *testing.T) {
	head := `"format":"carddesk-badge","version":1,"name":"T","size":"cr80","orientation":"landscape"`
	cases := []struct {
		name, file, want string
		id               string
	}{
		{"syntax", `{"format": "carddesk-badge",` + "\n" + `"version": 1,,}`, "t.json: not a badge template file: line 2: invalid character ',' looking for beginning of object key string", MsgJSON},
		{"not utf8", "{\"name\": \"\xff\"}", "t.json: the file is not UTF-8 text", MsgNotUTF8},
		{"not object", `[1, 2]`, "t.json: the file holds no JSON object", MsgNotObject},
		{"unknown key", `{` + head + `,"colour":"#000000","front":{"elements":[]}}`, `t.json: "colour" is not a template key; use one of format, version, name, size, orientation, front, back`, MsgUnknownKey},
		{"version type", `{"format":"carddesk-badge","version":"1","name":"T","size":"cr80","orientation":"landscape","front":{"elements":[]}}`, "t.json: version must be a whole number", MsgWantInteger},
		{"front missing", `{` + head + `}`, "t.json: the template has no front", MsgFrontMissing},
		{"side not object", `{` + head + `,"front":[]}`, "t.json: front: must be a JSON object in braces {…}", MsgWantObject},
		{"elements not list", `{` + head + `,"front":{"elements":{}}}`, "t.json: front: elements must be a list in brackets […]", MsgWantList},
		{"background type", `{` + head + `,"front":{"background":0,"elements":[]}}`, "t.json: front: background must be text in quotes", MsgWantString},
		{"element not object", `{` + head + `,"front":{"elements":[{"type":"rect","x":1,"y":1,"w":1,"h":1}, 7]}}`, "t.json: front element 2: must be a JSON object in braces {…}", MsgWantObject},
		{"element key", `{` + head + `,"front":{"elements":[{"type":"text","x":1,"y":1,"w":10,"h":5,"fontsize":9}]}}`, `t.json: front element 1: "fontsize" is not a template key; use one of ` + strings.Join(elementKeys, ", "), MsgUnknownKey},
		{"element number", `{` + head + `,"front":{"elements":[{"type":"text","x":"1","y":1,"w":10,"h":5}]}}`, "t.json: front element 1: x must be a number", MsgWantNumber},
		{"element bool", `{` + head + `,"front":{"elements":[{"type":"text","x":1,"y":1,"w":10,"h":5,"bold":"yes"}]}}`, "t.json: front element 1: bold must be true or false", MsgWantBool},
		{"element string", `{` + head + `,"back":{"elements":[{"type":"text","x":1,"y":1,"w":10,"h":5,"text":5}]},"front":{"elements":[]}}`, "t.json: back element 1: text must be text in quotes", MsgWantString},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := Parse("t.json", []byte(tc.file))
			if tpl != nil {
				t.Errorf("Parse() returned a template with the error")
			}
			var be *Error
			if !errors.As(err, &be) {
				t.Fatalf("Parse() = %v, want *Error", err)
			}
			if err.Error() != tc.want {
				t.Errorf("Parse():\n got %q\nwant %q", err.Error(), tc.want)
			}
			if be.File != "t.json" || be.Problems[0].ID != tc.id {
				t.Errorf("File %q, ID %q; want t.json, %q", be.File, be.Problems[0].ID, tc.id)
			}
		})
	}
}

func TestJSONRefusesBadTemplate(t *testing.T) {
	tpl := validTemplate()
	tpl.Front.Elements[0].FontSize = 100
	if _, err := tpl.JSON(); err == nil || !strings.Contains(err.Error(), "font_size 100") {
		t.Errorf("JSON() = %v, want the font_size problem", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(employeeJSON()))
	data, _ := validTemplate().JSON()
	f.Add(data)
	f.Add([]byte(`{"format":"carddesk-badge","version":1,"name":"T","size":"cr80","orientation":"portrait","front":{"elements":[{"type":"barcode","x":1,"y":1,"w":30,"h":10,"symbology":"code39","value":"AB{today}"}]},"back":null}`))
	f.Add([]byte(`{"front":{"elements":[{"type":"text","text":"{x}"},1]}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := Parse("fuzz.json", data)
		if err != nil {
			var be *Error
			if tpl != nil || !errors.As(err, &be) || len(be.Problems) == 0 {
				t.Fatalf("Parse() = %v, %v: want no template and an *Error with problems", tpl, err)
			}
			for _, p := range be.Problems {
				if p.Msg == "" || p.ID == "" || strings.Contains(p.Msg, "\n") {
					t.Fatalf("problem %+v", p)
				}
			}
			return
		}
		if err := tpl.Check(); err != nil {
			t.Fatalf("Parse() accepted a template Check() refuses: %v", err)
		}
		out, err := tpl.JSON()
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse("again.json", out)
		if err != nil {
			t.Fatalf("JSON() of a parsed template does not parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(tpl, again) {
			t.Fatalf("round trip differs:\n%+v\n%+v", tpl, again)
		}
	})
}
