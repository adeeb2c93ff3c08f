package storagetest

import (
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

var summaryTests = []storeTest{
	{"CardholderSearch/CardSummary", testSearchCardSummary},
	{"CardholderSearch/Position", testCardholderPosition},
}

// testCardholderPosition: Position is the row Search puts a cardholder on.
func testCardholderPosition(t *testing.T, s enroll.Store) {
	addCardholders(t, s, person("Jan", "Dekker", "", ""), person("Anna", "Dekker", "", ""),
		person("Jan", "Dekker", "", ""), person("Zoë", "Aa", "", ""), person("Bob", "de Vries", "", ""),
		person("Kim", "Zwart", "", ""))
	listed, _ := search(t, s, enroll.CardholderQuery{})
	for i, c := range listed {
		got := read(t, s, func(tx enroll.Tx) (int, error) { return tx.Cardholders().Position(t.Context(), c) })
		if got != i {
			t.Errorf("Position(%s, id %d) = %d, Search lists it at %d", c.FullName(), c.ID, got, i)
		}
	}
}

// testSearchCardSummary: Search says per cardholder which card to show
// (active before inactive, newest first; lost, stolen and expired cards
// are not held), how many cards are held and how many requests pend,
// whatever the filter and page.
func testSearchCardSummary(t *testing.T, s enroll.Store) {
	f := newRequestFixture(t, s) // Jan Jansen
	cs := addCardholders(t, s, person("Ans", "Aalders", "Sales", ""), person("Bob", "Bos", "Sales", ""))
	jan, ans, bob := f.holder, cs[0], cs[1]

	card := func(holder int64, bits, number string, status enroll.CredentialStatus) enroll.Credential {
		k := credential("h10301", bits, map[string]string{"facility": "1", "card": number})
		k.CardholderID, k.Status = holder, status
		return k
	}
	ks := addCredentials(t, s,
		card(jan.ID, "01", "100", enroll.CredentialInactive),
		card(jan.ID, "02", "200", enroll.CredentialActive), // Jan's card to show
		card(jan.ID, "03", "300", enroll.CredentialInactive),
		card(jan.ID, "04", "400", enroll.CredentialLost),
		card(ans.ID, "05", "500", enroll.CredentialStolen),
		card(ans.ID, "06", "600", enroll.CredentialInactive), // Ans's card to show
		card(ans.ID, "07", "700", enroll.CredentialExpired),
		card(0, "08", "800", enroll.CredentialActive), // nobody's
	)
	denied := f.request(1)
	denied.Status = enroll.RequestDenied
	addRequest(t, s, denied)
	addRequest(t, s, f.request(2))
	for i := range 2 {
		r := f.request(3 + i)
		r.CardholderID = ans.ID
		addRequest(t, s, r)
	}

	want := map[int64]enroll.CardSummary{
		jan.ID: {Card: ks[1], Held: 3, Pending: 1},
		ans.ID: {Card: ks[5], Held: 1, Pending: 2},
		bob.ID: {},
	}
	for _, q := range []enroll.CardholderQuery{
		{}, {Limit: 2}, {Offset: 1, Limit: 1}, {Text: "sales"}, {Text: "ja"}, {Status: enroll.CardholderActive},
	} {
		got, _ := search(t, s, q)
		if len(got) == 0 {
			t.Fatalf("%+v: nothing found", q)
		}
		for _, c := range got {
			w := want[c.ID]
			g := c.Cards
			if g.Held != w.Held || g.Pending != w.Pending || g.Card.ID != w.Card.ID {
				t.Errorf("%+v: %s: held %d, pending %d, card %d; want %d, %d, %d",
					q, c.FullName(), g.Held, g.Pending, g.Card.ID, w.Held, w.Pending, w.Card.ID)
				continue
			}
			if w.Card.ID != 0 && (g.Card.Format != "h10301" || g.Card.Status != w.Card.Status ||
				g.Card.Fields["card"] != w.Card.Fields["card"] || g.Card.Fields["facility"] != "1") {
				t.Errorf("%+v: %s: card %+v, want %+v", q, c.FullName(), g.Card, w.Card)
			}
		}
	}
	if got, _ := search(t, s, enroll.CardholderQuery{Offset: 1, Limit: 1}); len(got) != 1 || got[0].ID != bob.ID {
		t.Errorf("second row of the list = %+v, want Bob Bos (paging keeps the name order)", got)
	}
}
