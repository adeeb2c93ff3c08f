package credentials

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// seed is Anna with card 4712 and Bert with the serial-number card
// 04A1B2C3, a spare card 4711 and a lost one, 4713, nobody's.
func seed(f *fixture) (spare, anna, bert, lost enroll.Credential) {
	spare = f.card("4711", "spare one")
	anna = f.give(f.card("4712", "Anna's"), 0)
	bert = f.give(f.csn("04A1B2C3"), 1)
	lost = f.card("4713", "")
	if err := f.st.Credentials.SetStatus(f.ctx, f.admin, lost.ID, enroll.CredentialLost); err != nil {
		f.t.Fatal(err)
	}
	return spare, anna, bert, f.get(lost.ID)
}

func TestListShowsEveryCardWithItsHolder(t *testing.T) {
	f := newFixture(t, "Anna", "Bert")
	seed(f)
	s := f.open(nil)
	has(t, "the list", uitest.Texts(s.Content()), "4 credentials", "4711", "Standard 26-bit (H10301) · Facility code 12",
		"Standard 26-bit (H10301)", "04A1B2C3", "CSN 32-bit", "Not assigned", "Anna Tester", "Bert Tester",
		"spare one", "Lost", "Never", "Select a credential to see its details and history.")
	if got := f.listed(); !slices.Equal(got, []string{"4711", "4712", "04a1b2c3", "4713"}) {
		t.Errorf("the list is in the order %v, want the order of enrollment", got)
	}
	f.h.Capture("credentials.png", fyne.NewSize(832, 620))
}

// The search finds a card by its holder's name, its number, its serial
// number and its name, as the operator types.
func TestSearchAsYouType(t *testing.T) {
	f := newFixture(t, "Anna", "Bert")
	seed(f)
	s := f.open(nil)
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Anna", []string{"4712"}},
		{"bert tester", []string{"04a1b2c3"}},
		{"4711", []string{"4711"}},
		{"04A1", []string{"04a1b2c3"}},
		{"spare", []string{"4711"}},
		{"csn32", []string{"04a1b2c3"}},
		{"", []string{"4711", "4712", "04a1b2c3", "4713"}},
	} {
		uitest.TypeInto(s.search, c.text)
		f.wait()
		if got := f.listed(); !slices.Equal(got, c.want) {
			t.Errorf("search %q lists %v, want %v", c.text, got, c.want)
		}
	}
	uitest.TypeInto(s.search, "nothing like this")
	f.wait()
	has(t, "a search without matches", uitest.Texts(s.Content()), "No credentials match the search.", "0 credentials")
	s.FocusSearch()
	if f.h.Win.Canvas().Focused() != s.search {
		t.Error("FocusSearch did not focus the search box")
	}
}

// The filters select by status and by whether someone holds the card;
// the order follows the choice.
func TestFiltersAndSort(t *testing.T) {
	f := newFixture(t, "Anna", "Bert")
	seed(f)
	s := f.open(nil)
	check := func(what string, want ...string) {
		t.Helper()
		f.wait()
		if got := f.listed(); !slices.Equal(got, want) {
			t.Errorf("%s lists %v, want %v", what, got, want)
		}
	}
	s.status.SetSelected("Lost")
	check("Lost", "4713")
	s.status.SetSelected("Active")
	check("Active", "4711", "4712", "04a1b2c3")
	s.holders.SetSelected("Available")
	check("active and available", "4711")
	s.status.SetSelected("All statuses")
	check("available", "4711", "4713")
	s.holders.SetSelected("Assigned")
	check("assigned", "4712", "04a1b2c3")
	s.holders.SetSelected("All cards")

	s.order.SetSelected("Newest first")
	check("newest first", "4713", "04a1b2c3", "4712", "4711")
	s.order.SetSelected("Cardholder A–Z")
	check("by cardholder", "4712", "04a1b2c3", "4711", "4713")
	s.order.SetSelected("By status")
	check("by status", "4711", "4712", "04a1b2c3", "4713")
	s.order.SetSelected("By number") // by format, then number
	check("by number", "04a1b2c3", "4711", "4712", "4713")
	s.order.SetSelected("Oldest first")
	check("oldest first", "4711", "4712", "04a1b2c3", "4713")
}

// Nothing enrolled: the screen says how cards get here.
func TestEmptyStationSaysHowToEnroll(t *testing.T) {
	f := newFixture(t)
	s := f.open(nil)
	texts := uitest.Texts(s.Content())
	has(t, "an empty station", texts, "No credentials enrolled yet.", "Enroll cards at a reader")
	if strings.Contains(texts, "not available") {
		t.Errorf("the screen claims something is not there: %s", texts)
	}
}

// Opening the section marks the cards whose expiry day has come as
// expired.
func TestShownExpiresTheCardsDue(t *testing.T) {
	f := newFixture(t, "Anna")
	k := f.give(f.card("4711", ""), 0)
	k.ExpiresAt = time.Now().AddDate(0, 0, -1) // its day passed while the station was off
	if err := f.db.Update(f.ctx, func(tx enroll.Tx) error { return tx.Credentials().Update(f.ctx, k) }); err != nil {
		t.Fatal(err)
	}
	s := f.open(nil)
	if got := f.get(k.ID).Status; got != enroll.CredentialExpired {
		t.Fatalf("the card is %s after the section opened", got)
	}
	has(t, "the list", uitest.Texts(s.Content()), "Expired")
	if f.h.ChangedN == 0 {
		t.Error("the shell did not hear of the expired card")
	}
}
