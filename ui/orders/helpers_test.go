package orders

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/production"
	"github.com/carddesk/carddesk/production/producertest"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// fixture is a station with a real producer client talking to the
// producer simulator over loopback, and the section open as its
// administrator.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	st     *enroll.Station
	admin  enroll.Actor
	sim    *producertest.Server
	people []enroll.Cardholder
	h      *uitest.Host
	s      *Screen
	hub    *enroll.ReaderHub
}

// allUseCases turns every optional use case on.
var allUseCases = enroll.UseCases

// newFixture sets production up against the simulator with the use cases
// given on, and stores the cardholders; open shows the section.
func newFixture(t *testing.T, useCases []string, names ...string) *fixture {
	t.Helper()
	sim, err := producertest.Start(producertest.Options{ClientID: "desk", ClientSecret: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	f := &fixture{t: t, ctx: context.Background(), sim: sim}
	f.st = uitest.StationWith(t, enroll.Options{Producers: production.NewFactory(production.Options{})})
	f.admin = uitest.SetupAdmin(t, f.st)
	f.set("production.url", sim.URL(), "production.client_id", "desk", "production.client_secret", "s3cret",
		"production.layout", "employee")
	for _, uc := range useCases {
		f.set("usecase."+uc+".enabled", "true")
	}
	f.people = uitest.AddCardholders(t, f.st, f.admin, names...)
	return f
}

// set stores settings as the administrator.
func (f *fixture) set(kv ...string) {
	f.t.Helper()
	var kvs []enroll.KeyValue
	for i := 0; i+1 < len(kv); i += 2 {
		kvs = append(kvs, enroll.KeyValue{Key: kv[i], Value: kv[i+1]})
	}
	if err := f.st.Settings.SetMany(f.ctx, f.admin, kvs); err != nil {
		f.t.Fatal(err)
	}
}

// open shows the section as the shell does when it opens it.
func (f *fixture) open() *Screen {
	f.t.Helper()
	f.h = uitest.NewHost(f.t, f.st, f.admin)
	f.h.Hub = f.hub
	f.s = New(f.h)
	f.h.ShowLoaded(f.s)
	return f.s
}

func (f *fixture) wait() { f.h.Wait() }

// cards are the ordered cards as stored, newest first.
func (f *fixture) cards() []enroll.OrderedCard {
	f.t.Helper()
	cs, _, err := f.st.Orders.List(f.ctx, f.admin, enroll.OrderedCardQuery{})
	if err != nil {
		f.t.Fatal(err)
	}
	return cs
}

// card reads one ordered card as stored now.
func (f *fixture) card(id string) enroll.OrderedCard {
	f.t.Helper()
	c, err := f.st.Orders.Card(f.ctx, f.admin, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// rowIndex is the list row of a card, -1 when it is not listed.
func (f *fixture) rowIndex(cardID string) int {
	return f.s.rows.Find(func(r orderRow) bool { return r.CardID == cardID })
}

// rowTexts are the cells of a card's row as shown.
func (f *fixture) rowTexts(cardID string) []string {
	f.t.Helper()
	i := f.rowIndex(cardID)
	if i < 0 {
		f.t.Fatalf("card %s is not listed", cardID)
	}
	o := f.s.list.CreateItem()
	f.s.list.UpdateItem(i, o)
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return out
}

// status is a card's status cell as shown.
func (f *fixture) status(cardID string) string {
	f.t.Helper()
	return f.rowTexts(cardID)[3]
}

// pick selects the rows of the cards, as clicks with Ctrl held do.
func (f *fixture) pick(ids ...string) {
	f.t.Helper()
	f.s.list.Sel.Clear()
	for _, id := range ids {
		i := f.rowIndex(id)
		if i < 0 {
			f.t.Fatalf("card %s is not listed", id)
		}
		f.s.list.Clicked(i, fyne.KeyModifierControl)
	}
	f.wait()
}

// tap taps a button and lets its work finish; a hidden or disabled button
// is an error.
func (f *fixture) tap(b *widget.Button) {
	f.t.Helper()
	if !b.Visible() || b.Disabled() {
		f.t.Fatalf("button %q is hidden or disabled", b.Text)
	}
	test.Tap(b)
	f.wait()
}

// sync is Sync now.
func (f *fixture) sync() {
	f.t.Helper()
	f.tap(f.s.syncBtn)
}

// order orders a personal card through the dialog for person i.
func (f *fixture) order(i int) enroll.OrderedCard {
	f.t.Helper()
	f.tap(f.s.orderBtn)
	d := f.s.ordering
	uitest.TypeInto(d.pick.Search, f.people[i].FirstName)
	f.wait()
	if !d.pick.Pick(f.people[i].ID) {
		f.t.Fatalf("%s is not offered", f.people[i].FullName())
	}
	before := len(f.cards())
	f.tap(d.form.OKButton())
	if msg := d.fields.General.Text; msg != "" && d.fields.General.Visible() {
		f.t.Fatalf("the order was refused: %s", msg)
	}
	cs := f.cards()
	if len(cs) != before+1 {
		f.t.Fatalf("%d cards after ordering, want %d", len(cs), before+1)
	}
	return cs[0]
}
