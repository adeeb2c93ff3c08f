package producertest

import (
	"fmt"
	"slices"
)

// PhotoField is the layout field that the order's photo_jpeg_base64 fills;
// every other field is filled from the order's "fields" object.
const PhotoField = "photo"

// Layout is one card layout as GET v1/layouts lists it.
type Layout struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Fields []Field `json:"fields"`
}

// Field is one cardholder field a layout prints. MaxLength counts
// characters (not bytes), 0 means no limit and is left out of the JSON so a
// client cannot read it as "nothing allowed". MaxLength does not apply to
// PhotoField.
type Field struct {
	Name      string `json:"name"`
	Required  bool   `json:"required"`
	MaxLength int    `json:"max_length,omitempty"`
}

// DefaultLayouts are the layouts a Server offers when Options.Layouts is
// empty: "employee" (names required, external_id, department, email and
// photo optional) and "visitor" (names only).
func DefaultLayouts() []Layout {
	return []Layout{
		{ID: "employee", Name: "Employee card", Fields: []Field{
			{Name: "first_name", Required: true, MaxLength: 40},
			{Name: "last_name", Required: true, MaxLength: 40},
			{Name: "external_id"},
			{Name: "department"},
			{Name: "email"},
			{Name: PhotoField},
		}},
		{ID: "visitor", Name: "Visitor card", Fields: []Field{
			{Name: "first_name", Required: true, MaxLength: 40},
			{Name: "last_name", Required: true, MaxLength: 40},
		}},
	}
}

// copyLayouts detaches the layouts from the caller's slices, so changing
// Options after Start cannot change what the server validates against.
func copyLayouts(in []Layout) ([]Layout, map[string]Layout, error) {
	out := make([]Layout, len(in))
	byID := make(map[string]Layout, len(in))
	for i, l := range in {
		if err := checkLayout(l, byID); err != nil {
			return nil, nil, err
		}
		l.Fields = slices.Clone(l.Fields)
		if l.Fields == nil {
			l.Fields = []Field{} // lists as [] rather than null
		}
		out[i] = l
		byID[l.ID] = l
	}
	return out, byID, nil
}

func checkLayout(l Layout, seen map[string]Layout) error {
	if l.ID == "" {
		return fmt.Errorf("producertest: layout with an empty id")
	}
	if _, dup := seen[l.ID]; dup {
		return fmt.Errorf("producertest: layout %q listed twice", l.ID)
	}
	names := make(map[string]bool, len(l.Fields))
	for _, f := range l.Fields {
		switch {
		case f.Name == "":
			return fmt.Errorf("producertest: layout %q has a field with no name", l.ID)
		case names[f.Name]:
			return fmt.Errorf("producertest: layout %q lists field %q twice", l.ID, f.Name)
		case f.MaxLength < 0:
			return fmt.Errorf("producertest: layout %q field %q has a negative max_length", l.ID, f.Name)
		}
		names[f.Name] = true
	}
	return nil
}
