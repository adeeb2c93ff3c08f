package uitest

import (
	"context"
	"testing"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
)

// TwoSided is a landscape badge template with a photo and the card number
// on the front and the department on the back.
func TwoSided(name string) *badge.Template {
	return &badge.Template{Format: badge.FormatName, Version: badge.Version, Name: name,
		Size: badge.SizeCR80, Orientation: badge.Landscape,
		Front: badge.Side{Background: "#ffffff", Elements: []badge.Element{
			{Type: badge.TypePhoto, X: 4, Y: 6, W: 24, H: 32, Fit: "fill"},
			{Type: badge.TypeText, X: 32, Y: 8, W: 50, H: 7, Text: "{full_name}", FontSize: 11, Bold: true, Shrink: true},
			{Type: badge.TypeText, X: 32, Y: 18, W: 50, H: 5, Text: "{card_number}", FontSize: 8},
			{Type: badge.TypeRect, X: 0, Y: 48, W: 85.6, H: 5.98, Fill: "#0b5cad"},
		}},
		Back: &badge.Side{Elements: []badge.Element{
			{Type: badge.TypeText, X: 4, Y: 4, W: 70, H: 6, Text: "{department}", FontSize: 9},
		}},
	}
}

// OneSided is a portrait badge template with just the name.
func OneSided(name string) *badge.Template {
	return &badge.Template{Format: badge.FormatName, Version: badge.Version, Name: name,
		Size: badge.SizeCR80, Orientation: badge.Portrait,
		Front: badge.Side{Elements: []badge.Element{
			{Type: badge.TypeText, X: 4, Y: 10, W: 45, H: 8, Text: "{full_name}", FontSize: 10, Shrink: true},
		}},
	}
}

// AddTemplates stores badge templates in order. A new station has its
// own (Employee, its default, and Visitor), so the names must differ.
func AddTemplates(t testing.TB, st *enroll.Station, admin enroll.Actor, ts ...*badge.Template) []enroll.BadgeTemplate {
	t.Helper()
	var out []enroll.BadgeTemplate
	for _, tm := range ts {
		bt, err := st.Templates.Create(context.Background(), admin, tm)
		if err != nil {
			t.Fatalf("add badge template %s: %v", tm.Name, err)
		}
		out = append(out, bt)
	}
	return out
}

// NoTemplates deletes every badge template, the ones a new station comes
// with too.
func NoTemplates(t testing.TB, st *enroll.Station, admin enroll.Actor) {
	t.Helper()
	ctx := context.Background()
	ts, err := st.Templates.List(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range ts {
		if err := st.Templates.Delete(ctx, admin, tm.ID); err != nil {
			t.Fatalf("delete badge template %s: %v", tm.Name, err)
		}
	}
}

// DefaultTemplate makes template id the station's default.
func DefaultTemplate(t testing.TB, st *enroll.Station, admin enroll.Actor, id int64) {
	t.Helper()
	if err := st.Templates.SetDefault(context.Background(), admin, id); err != nil {
		t.Fatal(err)
	}
}
