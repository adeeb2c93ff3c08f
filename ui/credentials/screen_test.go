package credentials

import (
	"context"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

func enrollCard(t *testing.T, st *enroll.Station, a enroll.Actor, card, name string) enroll.Credential {
	t.Helper()
	c, err := st.Credentials.Enroll(context.Background(), a, enroll.NewCredential{Format: "h10301",
		Fields: map[string]string{"facility": "12", "card": card}, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestListSearchAndOnlyUnassigned(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	people := uitest.AddCardholders(t, st, admin, "Anna")
	enrollCard(t, st, admin, "1001", "spare one")
	given := enrollCard(t, st, admin, "1002", "Anna's")
	req := uitest.FileRequest(t, st, admin, people[0], "")
	if _, err := st.Requests.ConnectExisting(context.Background(), admin, req.ID, given.ID); err != nil {
		t.Fatal(err)
	}
	h := uitest.NewHost(t, st, admin)
	s := New(h)
	h.Show(s)
	s.Shown()
	h.Wait()

	texts := uitest.Texts(s.Content())
	for _, want := range []string{"2 credentials", "Facility code 12 · Card number 1001", "Standard 26-bit (H10301)", "Not assigned", "Anna Tester"} {
		if !strings.Contains(texts, want) {
			t.Errorf("list does not show %q: %s", want, texts)
		}
	}
	s.available.SetChecked(true)
	h.Wait()
	if texts := uitest.Texts(s.Content()); !strings.Contains(texts, "1 credentials") || strings.Contains(texts, "card 1002") {
		t.Errorf("only unassigned shows %s", texts)
	}
	s.available.SetChecked(false)
	s.FocusSearch()
	if h.Win.Canvas().Focused() != s.search {
		t.Fatal("FocusSearch did not focus the search box")
	}
	uitest.TypeInto(s.search, "nothing like this")
	h.Wait()
	if texts := uitest.Texts(s.Content()); !strings.Contains(texts, "No credentials match the search.") {
		t.Errorf("a search without matches shows %s", texts)
	}
}
