package producertest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzPutBody feeds arbitrary PUT bodies to the parser: it must never
// panic, must refuse with errInvalidOrder, and whatever it accepts must
// really satisfy the layout and come back equal when sent again.
func FuzzPutBody(f *testing.F) {
	seeds := []string{
		`{"kind":"personal","order_id":"o","layout_id":"employee","fields":{"first_name":"Anna","last_name":"Dąbrowska"},"photo_jpeg_base64":"/9j/4AAQ"}`,
		`{"kind":"temporary","order_id":"o","layout_id":"visitor","fields":{}}`,
		`{"kind":"temporary","order_id":"o","layout_id":"visitor","photo_jpeg_base64":"AA=="}`,
		`{"kind":"personal","order_id":"o","layout_id":"visitor","fields":{"first_name":"` + strings.Repeat("x", 41) + `","last_name":"B"}}`,
		`{"kind":"personal","order_id":"o","layout_id":"employee","fields":{"first_name":"A","last_name":"B","photo":"x"}}`,
		`{"kind":"personal","fields":null,"fields":{"first_name":1}}`,
		`{"kind":"\ud800","order_id":"\u0000"}`,
		`[]`, `null`, `{}`, `{"kind":`, ``, "\xff",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	_, layouts, err := copyLayouts(DefaultLayouts())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		o, err := parseOrder(body, layouts)
		if err != nil {
			if !errors.Is(err, errInvalidOrder) {
				t.Fatalf("error %v does not wrap errInvalidOrder", err)
			}
			return
		}
		checkAccepted(t, o, layouts)
		again, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		o2, err := parseOrder(again, layouts)
		if err != nil || !o2.equal(o) {
			t.Fatalf("accepted %q, but its re-encoding %s gives %+v, %v", body, again, o2, err)
		}
	})
}

func checkAccepted(t *testing.T, o order, layouts map[string]Layout) {
	t.Helper()
	layout, ok := layouts[o.LayoutID]
	if !ok || strings.TrimSpace(o.OrderID) == "" || o.Fields == nil {
		t.Fatalf("accepted %+v", o)
	}
	switch o.Kind {
	case KindTemporary:
		if len(o.Fields) != 0 || o.Photo != "" {
			t.Fatalf("accepted temporary %+v", o)
		}
	case KindPersonal:
		for _, f := range layout.Fields {
			v := o.Fields[f.Name]
			if f.Name == PhotoField {
				v = o.Photo
			}
			if f.Required && strings.TrimSpace(v) == "" {
				t.Fatalf("accepted %+v without %s", o, f.Name)
			}
			if f.MaxLength > 0 && f.Name != PhotoField && utf8.RuneCountInString(v) > f.MaxLength {
				t.Fatalf("accepted %+v with a long %s", o, f.Name)
			}
		}
	default:
		t.Fatalf("accepted kind %q", o.Kind)
	}
}
