package credentials

import (
	"context"
	"encoding/hex"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// fixture is the Credentials screen in a test window over a real station
// on a temp-file SQLite database. The test goroutine is the UI goroutine.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	st     *enroll.Station
	db     enroll.Store
	admin  enroll.Actor
	people []enroll.Cardholder
	h      *uitest.Host
	s      *Screen
}

// newFixture is a station with an administrator and active cardholders
// of these first names; open shows the screen.
func newFixture(t *testing.T, names ...string) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background()}
	f.st, f.db, _ = uitest.StationDB(t)
	f.admin = uitest.SetupAdmin(t, f.st)
	f.people = uitest.AddCardholders(t, f.st, f.admin, names...)
	return f
}

// open shows the screen as the shell does, after the seeding; hub, when
// not nil, is the station's readers.
func (f *fixture) open(hub *enroll.ReaderHub) *Screen {
	f.t.Helper()
	f.h = uitest.NewHost(f.t, f.st, f.admin)
	f.h.Hub = hub
	f.s = New(f.h)
	f.h.ShowLoaded(f.s)
	return f.s
}

func (f *fixture) wait() { f.h.Wait() }

// openAt shows the screen, without readers, with card k picked.
func (f *fixture) openAt(k enroll.Credential) *Screen {
	f.t.Helper()
	s := f.open(nil)
	f.pick(k.ID)
	return s
}

// card enrolls an H10301 card of facility 12 with this card number.
func (f *fixture) card(number, name string) enroll.Credential {
	f.t.Helper()
	k, err := f.st.Credentials.Enroll(f.ctx, f.admin, enroll.NewCredential{Format: "h10301",
		Fields: map[string]string{"facility": "12", "card": number}, Name: name})
	if err != nil {
		f.t.Fatal(err)
	}
	return k
}

// csn enrolls a card by its serial number, as a reader reads it.
func (f *fixture) csn(uid string) enroll.Credential {
	f.t.Helper()
	b, err := hex.DecodeString(uid)
	if err != nil {
		f.t.Fatal(err)
	}
	k, err := f.st.Credentials.EnrollRead(f.ctx, f.admin, enroll.CardRead{Reader: "test", UID: b})
	if err != nil {
		f.t.Fatal(err)
	}
	return k
}

// give assigns card k to person i through the service.
func (f *fixture) give(k enroll.Credential, i int) enroll.Credential {
	f.t.Helper()
	k, err := f.st.Credentials.Assign(f.ctx, f.admin, k.ID, f.people[i].ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return k
}

// get reads card id as stored now.
func (f *fixture) get(id int64) enroll.Credential {
	f.t.Helper()
	k, err := f.st.Credentials.Get(f.ctx, f.admin, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return k
}

// pick clicks the row of card id.
func (f *fixture) pick(id int64) {
	f.t.Helper()
	i := f.s.rows.Find(func(k enroll.Credential) bool { return k.ID == id })
	if i < 0 {
		f.t.Fatalf("credential %d is not listed", id)
	}
	f.s.list.Clicked(i, 0)
	f.wait()
}

// listed are the listed cards' numbers, in list order.
func (f *fixture) listed() []string {
	var out []string
	f.s.rows.Each(func(_ int, k enroll.Credential) { out = append(out, k.Fields["card"]+k.Fields["csn"]) })
	return out
}

// tap taps a button and lets its work finish.
func (f *fixture) tap(b *widget.Button) {
	f.t.Helper()
	if b.Disabled() {
		f.t.Fatalf("button %q is disabled", b.Text)
	}
	test.Tap(b)
	f.wait()
}

// confirm answers yes to the open question of the actions.
func (f *fixture) confirm(a *Actions) {
	f.t.Helper()
	if a.question == nil {
		f.t.Fatal("no question was asked")
	}
	a.question.Confirm()
	f.wait()
}

// alertText is what the open refusal says; "" when none is open.
func alertText(a *Actions) string {
	if a.alert == nil {
		return ""
	}
	return a.alert.Text
}

// has reports whether text holds every one of parts, and says which not.
func has(t *testing.T, what, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("%s does not say %q: %s", what, p, text)
		}
	}
}
