package templates

import (
	"testing"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// fixture is the screen over a Desk.
type fixture struct {
	*uitest.Desk
	s *Screen
}

// newFixture opens the screen after seed has filled the database.
func newFixture(t *testing.T, seed func(f *fixture)) *fixture {
	t.Helper()
	f := &fixture{Desk: uitest.NewDesk(t)}
	if seed != nil {
		seed(f)
	}
	f.s = uitest.OpenScreen(f.Desk, New)
	return f
}

// index is the list position of the template with this name.
func (f *fixture) index(name string) int {
	f.T.Helper()
	for i, bt := range f.s.list.Items() {
		if bt.Name == name {
			return i
		}
	}
	f.T.Fatalf("template %s is not listed", name)
	return -1
}

// open double-clicks the template's row.
func (f *fixture) open(name string) *Designer {
	f.T.Helper()
	f.s.list.Open(f.index(name))
	f.H.Wait()
	if f.s.designer == nil {
		f.T.Fatalf("opening %s showed no designer", name)
	}
	return f.s.designer
}

func (f *fixture) create(t *badge.Template) enroll.BadgeTemplate {
	f.T.Helper()
	bt, err := f.St.Templates.Create(f.Ctx, f.Admin, t)
	if err != nil {
		f.T.Fatalf("create %s: %v", t.Name, err)
	}
	return bt
}

// stored is the template as the station has it now.
func (f *fixture) stored(name string) enroll.BadgeTemplate {
	f.T.Helper()
	list, err := f.St.Templates.List(f.Ctx, f.Admin)
	if err != nil {
		f.T.Fatal(err)
	}
	for _, bt := range list {
		if bt.Name == name {
			return bt
		}
	}
	f.T.Fatalf("no stored template %s", name)
	return enroll.BadgeTemplate{}
}

// simple is a valid one-sided template with a name and a band.
func simple(name string) *badge.Template {
	return &badge.Template{Format: badge.FormatName, Version: badge.Version, Name: name,
		Size: badge.SizeCR80, Orientation: badge.Landscape,
		Front: badge.Side{Background: "#ffffff", Elements: []badge.Element{
			{Type: badge.TypeText, X: 5, Y: 5, W: 50, H: 8, Text: "{full_name}", FontSize: 12, Align: "left", Color: "#000000"},
			{Type: badge.TypeRect, X: 0, Y: 46, W: 85.6, H: 7.98, Fill: "#0b5cad"},
		}}}
}
