package storagetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

var orderTests = []storeTest{
	{"OrderedCards/CreateAndRead", testOrderedCardCreateRead},
	{"OrderedCards/DuplicateAndMissing", testOrderedCardDuplicateMissing},
	{"OrderedCards/Update", testOrderedCardUpdate},
	{"OrderedCards/StaleVersion", testOrderedCardStale},
	{"OrderedCards/ConcurrentClaim", testOrderedCardConcurrent},
	{"OrderedCards/ListAndCount", testOrderedCardList},
	{"OrderedCards/Due", testOrderedCardDue},
}

// cardID makes UUID-shaped ids whose order is the same in every collation
// (same length, one hex digit differs), so ties broken by card id are
// predictable on any store.
func cardID(n int) string { return fmt.Sprintf("6f1c2a4e-9b1d-4c3e-8a7f-%012x", n) }

// jpeg is a stand-in photo; stores must keep the bytes exactly.
func jpeg(n byte) []byte { return append([]byte{0xff, 0xd8, 0xff, 0xe0}, png(n)...) }

// orderedCard is a freshly queued card as the service stores it.
func orderedCard(n int, kind enroll.CardKind, created int) enroll.OrderedCard {
	return enroll.OrderedCard{CardID: cardID(n), OrderID: "order-1", Kind: kind, Status: enroll.OrderProcessing,
		LayoutID: "employee", Fields: map[string]string{}, OrderedBy: "rita", Station: "Front desk",
		NextAttempt: at(created), CreatedAt: at(created), UpdatedAt: at(created)}
}

func addOrderedCards(t *testing.T, s enroll.Store, cs ...enroll.OrderedCard) []enroll.OrderedCard {
	t.Helper()
	return createAll(t, s, func(tx enroll.Tx, c *enroll.OrderedCard) error { return tx.OrderedCards().Create(t.Context(), c) }, cs...)
}

func orderedCardByID(t *testing.T, s enroll.Store, id string) enroll.OrderedCard {
	t.Helper()
	return read(t, s, func(tx enroll.Tx) (enroll.OrderedCard, error) { return tx.OrderedCards().ByID(t.Context(), id) })
}

func orderedCardID(c enroll.OrderedCard) string { return c.CardID }

// fullCard sets every field, so a column a store forgets shows up.
func fullCard(holder enroll.Cardholder, cred enroll.Credential) enroll.OrderedCard {
	c := orderedCard(1, enroll.KindPersonal, 0)
	c.OrderID, c.Status, c.CardholderID, c.LayoutID = "order-A", enroll.OrderProduced, holder.ID, "visitor"
	c.Fields = map[string]string{"first_name": "Anna", "last_name": "Dąbrowska", "external_id": "E1001"}
	c.Photo, c.OrderedBy, c.Station = jpeg(7), "jdoe", "Lobby"
	c.Attempts, c.LastError, c.SendStarted = 3, "connection refused", true
	c.NextAttempt, c.LeaseUntil, c.ProducerVersion = at(5), at(6), 17
	c.FailureReason, c.CredentialID, c.ChipUID, c.ReceivedAt = "none", cred.ID, "04a1b2c3d4e580", at(60*24)
	c.CreatedAt, c.UpdatedAt = at(1), at(2)
	return c
}

func testOrderedCardCreateRead(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	holder := addCardholders(t, s, person("Anna", "Dąbrowska", "Research", "E1001"))[0]
	cred := addCredentials(t, s, credential("H10301", "0101", map[string]string{"card": "5"}))[0]
	full := fullCard(holder, cred)
	full.Version = 42 // ignored: a new card starts at version 1
	// A temporary card: no cardholder, no photo, no fields, every time but
	// CreatedAt and UpdatedAt zero.
	bare := enroll.OrderedCard{CardID: cardID(2), OrderID: "order-B", Kind: enroll.KindTemporary,
		Status: enroll.OrderProcessing, CreatedAt: at(3), UpdatedAt: at(3)}
	cs := addOrderedCards(t, s, full, bare)
	for _, c := range cs {
		if c.Version != 1 {
			t.Fatalf("Create must set Version 1, got %d for %s", c.Version, c.CardID)
		}
	}
	equal(t, orderedCardByID(t, s, full.CardID), cs[0], "ByID of a card with every field set")
	got := orderedCardByID(t, s, bare.CardID)
	equal(t, got, cs[1], "ByID of a bare temporary card")
	// Fields read back as an empty map, never nil: the producer's body of a
	// temporary card is "fields": {}, and null would be a different body.
	if got.Fields == nil || len(got.Fields) != 0 || got.Photo != nil {
		t.Errorf("bare card read back Fields %#v, Photo %v; want an empty map and no photo", got.Fields, got.Photo)
	}

	list := read(t, s, func(tx enroll.Tx) ([]enroll.OrderedCard, error) {
		return tx.OrderedCards().List(ctx, enroll.OrderedCardQuery{})
	})
	for _, c := range list {
		if c.Fields == nil {
			t.Errorf("List: card %s has nil Fields, want a map", c.CardID)
		}
	}
	noPhoto := cs[0]
	noPhoto.Photo = nil
	equal(t, list, []enroll.OrderedCard{cs[1], noPhoto}, "List: newest first, without photos")
}

func testOrderedCardDuplicateMissing(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	holder := addCardholders(t, s, person("Jan", "Jansen", "", ""))[0]
	first := orderedCard(1, enroll.KindPersonal, 0)
	first.CardholderID, first.Photo = holder.ID, jpeg(1)
	first = addOrderedCards(t, s, first)[0]

	again := orderedCard(1, enroll.KindTemporary, 5)
	err := s.Update(ctx, func(tx enroll.Tx) error { return tx.OrderedCards().Create(ctx, &again) })
	wantErr(t, err, enroll.ErrDuplicate, "Create with a taken card id")
	equal(t, orderedCardByID(t, s, first.CardID), first, "the first card after a refused duplicate")

	for what, c := range map[string]enroll.OrderedCard{
		"a missing cardholder": {CardholderID: 999}, "a missing credential": {CredentialID: 999},
	} {
		mk := orderedCard(2, enroll.KindPersonal, 0)
		mk.CardholderID, mk.CredentialID = c.CardholderID, c.CredentialID
		err := s.Update(ctx, func(tx enroll.Tx) error { return tx.OrderedCards().Create(ctx, &mk) })
		wantErr(t, err, enroll.ErrNotFound, "Create naming "+what)
	}
	linked := orderedCardByID(t, s, first.CardID)
	linked.CredentialID = 999
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.OrderedCards().Update(ctx, &linked) })
	wantErr(t, err, enroll.ErrNotFound, "Update naming a missing credential")

	err = s.View(ctx, func(tx enroll.Tx) error { _, err := tx.OrderedCards().ByID(ctx, cardID(999)); return err })
	wantErr(t, err, enroll.ErrNotFound, "ByID of a missing card")
	missing := orderedCard(999, enroll.KindPersonal, 0)
	missing.Version = 1
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.OrderedCards().Update(ctx, &missing) })
	wantErr(t, err, enroll.ErrNotFound, "Update of a missing card")
	if n := read(t, s, func(tx enroll.Tx) (int, error) {
		return tx.OrderedCards().Count(ctx, enroll.OrderedCardQuery{})
	}); n != 1 {
		t.Errorf("%d ordered cards stored, want only the first", n)
	}
}

// Update writes the card's progress and bumps Version; what was ordered
// stays as created, so a card read without its photo (List) can be written
// back, and every send carries the body of the first.
func testOrderedCardUpdate(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	hs := addCardholders(t, s, person("Anna", "Dąbrowska", "", ""), person("Piet", "Post", "", ""))
	cred := addCredentials(t, s, credential("H10301", "0110", nil))[0]
	c := orderedCard(1, enroll.KindPersonal, 0)
	c.CardholderID, c.Photo, c.Fields = hs[0].ID, jpeg(3), map[string]string{"first_name": "Anna"}
	c = addOrderedCards(t, s, c)[0]
	created := c

	progress := func(c *enroll.OrderedCard) {
		c.Status, c.Attempts, c.LastError, c.SendStarted = enroll.OrderProduced, 2, "timeout", true
		c.NextAttempt, c.LeaseUntil, c.ProducerVersion = at(10), at(11), 9
		c.FailureReason, c.CredentialID, c.ReceivedAt, c.UpdatedAt = "smudged", cred.ID, at(12), at(13)
		c.ChipUID = "04a1b2c3d4e580"
	}
	progress(&c)
	// The ordered body, changed by mistake, must not be written.
	c.OrderID, c.Kind, c.CardholderID, c.LayoutID = "order-X", enroll.KindTemporary, hs[1].ID, "other"
	c.Fields, c.Photo, c.OrderedBy, c.Station, c.CreatedAt = map[string]string{"x": "y"}, nil, "eve", "Elsewhere", at(99)
	update(t, s, func(tx enroll.Tx) error { return tx.OrderedCards().Update(ctx, &c) })
	if c.Version != 2 {
		t.Fatalf("Update must bump Version to 2, got %d", c.Version)
	}
	want := created
	progress(&want)
	want.Version = 2
	equal(t, orderedCardByID(t, s, c.CardID), want, "ByID after Update")

	// Back to zero: no lease, no next attempt, no credential, not received.
	listed := read(t, s, func(tx enroll.Tx) ([]enroll.OrderedCard, error) {
		return tx.OrderedCards().List(ctx, enroll.OrderedCardQuery{})
	})[0]
	listed.Status, listed.NextAttempt, listed.LeaseUntil = enroll.OrderFailed, time.Time{}, time.Time{}
	listed.CredentialID, listed.ChipUID, listed.ReceivedAt, listed.SendStarted = 0, "", time.Time{}, false
	update(t, s, func(tx enroll.Tx) error { return tx.OrderedCards().Update(ctx, &listed) })
	want.Status, want.NextAttempt, want.LeaseUntil = enroll.OrderFailed, time.Time{}, time.Time{}
	want.CredentialID, want.ChipUID, want.ReceivedAt, want.SendStarted, want.Version = 0, "", time.Time{}, false, 3
	equal(t, orderedCardByID(t, s, c.CardID), want, "ByID after an Update of a listed card (photo kept)")
}

func testOrderedCardStale(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	c := addOrderedCards(t, s, orderedCard(1, enroll.KindTemporary, 0))[0]
	first, second := orderedCardByID(t, s, c.CardID), orderedCardByID(t, s, c.CardID)

	first.LeaseUntil, first.Attempts, first.UpdatedAt = at(5), 1, at(1)
	update(t, s, func(tx enroll.Tx) error { return tx.OrderedCards().Update(ctx, &first) })

	second.Status, second.UpdatedAt = enroll.OrderAborted, at(2)
	wantStale(t, s, &second.Version, func(tx enroll.Tx) error { return tx.OrderedCards().Update(ctx, &second) })
	equal(t, orderedCardByID(t, s, c.CardID), first, "the card after a refused Update")
}

// Two stations syncing at once both see the card due and try to lease it:
// exactly one may send it.
func testOrderedCardConcurrent(t *testing.T, s enroll.Store) {
	c := addOrderedCards(t, s, orderedCard(1, enroll.KindTemporary, 0))[0]
	raceUpdates(t, s, 4, "leased the card", func(i int, tx enroll.Tx) error {
		mine := c
		mine.LeaseUntil, mine.Attempts, mine.UpdatedAt = at(10+i), 1, at(i)
		return tx.OrderedCards().Update(t.Context(), &mine)
	})
	if got := orderedCardByID(t, s, c.CardID); got.Version != 2 {
		t.Errorf("Version = %d after one winning update, want 2", got.Version)
	}
}

func testOrderedCardList(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	hs := addCardholders(t, s, person("A", "A", "", ""), person("B", "B", "", ""))
	mk := func(n, created int, kind enroll.CardKind, status enroll.OrderStatus, holder int64, order string) enroll.OrderedCard {
		c := orderedCard(n, kind, created)
		c.Status, c.CardholderID, c.OrderID = status, holder, order
		if holder != 0 {
			c.Photo = jpeg(byte(n))
		}
		return c
	}
	// Stored out of order: List sorts by CreatedAt, then card id.
	cs := addOrderedCards(t, s,
		mk(1, 30, enroll.KindPersonal, enroll.OrderOrdered, hs[0].ID, "o1"),
		mk(2, 10, enroll.KindPersonal, enroll.OrderProcessing, hs[1].ID, "o2"),
		mk(3, 20, enroll.KindTemporary, enroll.OrderProcessing, 0, "o3"),
		mk(4, 20, enroll.KindTemporary, enroll.OrderFailed, 0, "o3"),
		mk(5, 40, enroll.KindPersonal, enroll.OrderProcessing, hs[0].ID, "o4"))
	id := func(i int) string { return cs[i].CardID }
	for _, tc := range []struct {
		q    enroll.OrderedCardQuery
		want []string
	}{
		{enroll.OrderedCardQuery{}, []string{id(4), id(0), id(3), id(2), id(1)}},
		{enroll.OrderedCardQuery{Status: enroll.OrderProcessing}, []string{id(4), id(2), id(1)}},
		{enroll.OrderedCardQuery{Status: enroll.OrderProduced}, []string{}},
		{enroll.OrderedCardQuery{Kind: enroll.KindTemporary}, []string{id(3), id(2)}},
		{enroll.OrderedCardQuery{Kind: enroll.KindPersonal}, []string{id(4), id(0), id(1)}},
		{enroll.OrderedCardQuery{CardholderID: hs[0].ID}, []string{id(4), id(0)}},
		{enroll.OrderedCardQuery{OrderID: "o3"}, []string{id(3), id(2)}},
		{enroll.OrderedCardQuery{Status: enroll.OrderProcessing, Kind: enroll.KindPersonal, CardholderID: hs[1].ID,
			OrderID: "o2"}, []string{id(1)}},
		{enroll.OrderedCardQuery{Offset: 1, Limit: 2}, []string{id(0), id(3)}},
		{enroll.OrderedCardQuery{Offset: 3}, []string{id(2), id(1)}},
		{enroll.OrderedCardQuery{Status: enroll.OrderProcessing, Limit: 1}, []string{id(4)}},
	} {
		what := fmt.Sprintf("List(%+v)", tc.q)
		got, n := listCount(t, s, func(tx enroll.Tx) ([]enroll.OrderedCard, error) { return tx.OrderedCards().List(ctx, tc.q) },
			func(tx enroll.Tx) (int, error) { return tx.OrderedCards().Count(ctx, tc.q) })
		equalIDs(t, ids(got, orderedCardID), tc.want, what)
		for _, c := range got {
			if c.Photo != nil {
				t.Errorf("%s: card %s has a photo; List leaves photos out", what, c.CardID)
			}
		}
		if tc.q.Limit == 0 && tc.q.Offset == 0 && n != len(tc.want) {
			t.Errorf("Count for %s = %d, want %d", what, n, len(tc.want))
		}
	}
	n := read(t, s, func(tx enroll.Tx) (int, error) {
		return tx.OrderedCards().Count(ctx, enroll.OrderedCardQuery{Kind: enroll.KindPersonal, Offset: 1, Limit: 1})
	})
	if n != 3 {
		t.Errorf("Count ignores Offset and Limit: got %d, want 3", n)
	}
}

func testOrderedCardDue(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	holder := addCardholders(t, s, person("Anna", "Dąbrowska", "", ""))[0]
	now := at(100)
	mk := func(n, created int, mod func(*enroll.OrderedCard)) enroll.OrderedCard {
		c := orderedCard(n, enroll.KindTemporary, created)
		mod(&c)
		return c
	}
	cs := addOrderedCards(t, s,
		mk(2, 1, func(c *enroll.OrderedCard) { // due; a photo to send
			c.Kind, c.CardholderID, c.Photo, c.NextAttempt = enroll.KindPersonal, holder.ID, jpeg(2), at(50)
		}),
		mk(1, 1, func(c *enroll.OrderedCard) {}),                                                                  // due, same CreatedAt: before 2 by card id
		mk(3, 0, func(c *enroll.OrderedCard) { c.NextAttempt = at(150) }),                                         // backing off: only with all
		mk(4, 2, func(c *enroll.OrderedCard) { c.LeaseUntil, c.LeaseHolder = at(200), "desk-2/17/x" }),            // a station holds it
		mk(5, 3, func(c *enroll.OrderedCard) { c.Status = enroll.OrderOrdered }),                                  // sent
		mk(6, 4, func(c *enroll.OrderedCard) { c.LeaseUntil, c.NextAttempt = now, now }),                          // lease ends now: due
		mk(7, 5, func(c *enroll.OrderedCard) { c.NextAttempt = time.Time{} }),                                     // no next attempt: due
		mk(8, 6, func(c *enroll.OrderedCard) { c.LeaseUntil, c.NextAttempt = at(99), now.Add(time.Millisecond) }), // 1 ms early
	)
	due := func(all bool, limit int) []enroll.OrderedCard {
		return read(t, s, func(tx enroll.Tx) ([]enroll.OrderedCard, error) {
			return tx.OrderedCards().Due(ctx, now, all, limit)
		})
	}
	cards := func(ns ...int) []string {
		out := []string{}
		for _, n := range ns {
			out = append(out, cardID(n))
		}
		return out
	}
	equalIDs(t, ids(due(false, 10), orderedCardID), cards(1, 2, 6, 7), "Due")
	equalIDs(t, ids(due(false, 2), orderedCardID), cards(1, 2), "Due with limit 2")
	equalIDs(t, ids(due(true, 10), orderedCardID), cards(3, 1, 2, 6, 7, 8), "Due, all")
	equalIDs(t, ids(due(true, 1), orderedCardID), cards(3), "Due, all, limit 1")
	// No limit, as with every query's Limit 0.
	equalIDs(t, ids(due(true, 0), orderedCardID), cards(3, 1, 2, 6, 7, 8), "Due, all, limit 0")

	got := due(false, 10)
	equal(t, got[1], cs[0], "Due reads the whole card, photo included")

	leased := read(t, s, func(tx enroll.Tx) ([]enroll.OrderedCard, error) { return tx.OrderedCards().Leased(ctx, now) })
	equalIDs(t, ids(leased, orderedCardID), cards(4), "Leased")
	equal(t, leased[0], cs[3], "Leased reads the whole card, its lease holder included")
}
