package formats

import (
	"testing"

	"github.com/carddesk/carddesk/cardformat"
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

// index is the list position of the format with this id.
func (f *fixture) index(id string) int {
	f.T.Helper()
	for i, fi := range f.s.list.Items() {
		if fi.Format.ID == id {
			return i
		}
	}
	f.T.Fatalf("format %s is not listed", id)
	return -1
}

// open taps the format's row, as a click in the list does.
func (f *fixture) open(id string) *Editor {
	f.T.Helper()
	i := f.index(id)
	f.s.list.Open(i)
	f.H.Wait()
	if f.s.editor == nil {
		f.T.Fatalf("tapping %s opened no editor", id)
	}
	return f.s.editor
}

// createFormat stores a custom format straight through the station.
func (f *fixture) createFormat(def cardformat.Format) {
	f.T.Helper()
	if _, err := f.St.Formats.Create(f.Ctx, f.Admin, def); err != nil {
		f.T.Fatalf("create %s: %v", def.ID, err)
	}
}

// enroll stores a credential with the format.
func (f *fixture) enroll(format string, fields map[string]string) {
	f.T.Helper()
	if _, err := f.St.Credentials.Enroll(f.Ctx, f.Admin, enroll.NewCredential{Format: format, Fields: fields}); err != nil {
		f.T.Fatalf("enroll %s %v: %v", format, fields, err)
	}
}

// acme is a valid 30-bit custom format used across the tests.
func acme() cardformat.Format {
	site := uint64(5)
	return cardformat.Format{
		ID: "acme30", Name: "ACME 30 bits", Length: 30, Kind: cardformat.KindWiegand,
		Fields: []cardformat.Field{
			{Name: "site", Bits: span(1, 4), Fixed: &site},
			{Name: "card", Bits: span(5, 28)},
		},
		Parity: []cardformat.ParityCheck{
			{Type: cardformat.Even, Position: 0, Mask: span(1, 14)},
			{Type: cardformat.Odd, Position: 29, Mask: span(15, 28)},
		},
	}
}

func span(a, b int) []int {
	var out []int
	for p := a; p <= b; p++ {
		out = append(out, p)
	}
	return out
}

func h10301(t *testing.T) cardformat.Format {
	t.Helper()
	f, ok := cardformat.Lookup("h10301")
	if !ok {
		t.Fatal("no h10301")
	}
	return f
}
