package templates_test

import (
	"slices"
	"testing"

	"github.com/carddesk/carddesk/assets/templates"
	"github.com/carddesk/carddesk/badge"
)

func TestDefaultTemplatesAreGood(t *testing.T) {
	files, err := templates.Files()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	orientations := map[string]string{}
	for _, f := range files {
		tm, err := badge.Parse(f.Name, f.Data)
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
			continue
		}
		names = append(names, f.Name)
		orientations[tm.Name] = tm.Orientation
		var kinds []string
		for _, el := range tm.Front.Elements {
			kinds = append(kinds, el.Type)
		}
		for _, want := range []string{badge.TypePhoto, badge.TypeText, badge.TypeRect} {
			if !slices.Contains(kinds, want) {
				t.Errorf("%s has no %s element", f.Name, want)
			}
		}
		full := badge.Badge{Values: badge.Values{"first_name": "Maximiliane", "last_name": "Oberhauser-Dąbrowska",
			"full_name": "Maximiliane Oberhauser-Dąbrowska", "department": "Research and Development",
			"cardholder_id": "12345", "card_number": "1234567", "today": "2026-12-06"}}
		for _, side := range tm.Sides() {
			if _, err := badge.Render(tm, side, full, 100); err != nil {
				t.Errorf("%s %s: %v", f.Name, side, err)
			}
		}
	}
	if !slices.Equal(names[:len(templates.Order)], templates.Order) {
		t.Errorf("files %v, want %v first", names, templates.Order)
	}
	if orientations["Employee"] != badge.Landscape || orientations["Visitor"] != badge.Portrait {
		t.Errorf("orientations %v", orientations)
	}
}
