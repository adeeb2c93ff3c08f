package storagetest

import (
	"slices"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

var tempCardTests = []storeTest{
	{"TempCards/CreateAndRead", testTempCardCreateRead},
	{"TempCards/DuplicateAndMissing", testTempCardDuplicateMissing},
	{"TempCards/UpdateAndStale", testTempCardUpdate},
	{"TempCards/OneAssignedPerCardholder", testTempCardOneAssigned},
	{"TempCards/ListAssignedOverdue", testTempCardQueries},
}

// day is a UTC midnight, the unit of a temporary card's Until.
func day(d int) time.Time { return time.Date(2025, 3, 3+d, 0, 0, 0, 0, time.UTC) }

// addStock stores n produced temporary cards (card ids 1..n) and
// initializes them into the desk's stock, created a minute apart.
func addStock(t *testing.T, s enroll.Store, n int) []enroll.TempCard {
	t.Helper()
	ocs := make([]enroll.OrderedCard, n)
	tcs := make([]enroll.TempCard, n)
	for i := range n {
		ocs[i] = orderedCard(i+1, enroll.KindTemporary, i)
		ocs[i].Status = enroll.OrderProduced
		tcs[i] = enroll.TempCard{CardID: ocs[i].CardID, Status: enroll.TempUnassigned,
			CreatedAt: at(100 + i), UpdatedAt: at(100 + i)}
	}
	addOrderedCards(t, s, ocs...)
	return createAll(t, s, func(tx enroll.Tx, c *enroll.TempCard) error { return tx.TempCards().Create(t.Context(), c) }, tcs...)
}

func tempCardByID(t *testing.T, s enroll.Store, id string) enroll.TempCard {
	t.Helper()
	return read(t, s, func(tx enroll.Tx) (enroll.TempCard, error) { return tx.TempCards().ByID(t.Context(), id) })
}

func updateTempCard(t *testing.T, s enroll.Store, c *enroll.TempCard) {
	t.Helper()
	update(t, s, func(tx enroll.Tx) error { return tx.TempCards().Update(t.Context(), c) })
}

func tempCardID(c enroll.TempCard) string { return c.CardID }

func testTempCardCreateRead(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	stock := addStock(t, s, 1)
	for _, c := range stock {
		if c.Version != 1 {
			t.Fatalf("Create must set Version 1, got %d", c.Version)
		}
	}
	equal(t, tempCardByID(t, s, stock[0].CardID), stock[0], "ByID of an unassigned card (zero Until, no ids)")

	holder := addCardholders(t, s, person("Tom", "Tijdelijk", "", ""))[0]
	cred := addCredentials(t, s, credential("H10301", "0111", nil))[0]
	oc := orderedCard(2, enroll.KindTemporary, 0)
	oc.Status = enroll.OrderProduced
	addOrderedCards(t, s, oc)
	full := enroll.TempCard{CardID: oc.CardID, Status: enroll.TempAssigned, CardholderID: holder.ID, Until: day(7),
		CredentialID: cred.ID, CreatedAt: at(1), UpdatedAt: at(2), Version: 42}
	update(t, s, func(tx enroll.Tx) error { return tx.TempCards().Create(ctx, &full) })
	if full.Version != 1 {
		t.Fatalf("Create must set Version 1 whatever was passed, got %d", full.Version)
	}
	equal(t, tempCardByID(t, s, oc.CardID), full, "ByID of a card with every field set")
}

func testTempCardDuplicateMissing(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	stock := addStock(t, s, 1)
	create := func(c enroll.TempCard) error {
		return s.Update(ctx, func(tx enroll.Tx) error { return tx.TempCards().Create(ctx, &c) })
	}
	again := stock[0]
	again.Status = enroll.TempLocked
	wantErr(t, create(again), enroll.ErrDuplicate, "Create with a taken card id")
	equal(t, tempCardByID(t, s, stock[0].CardID), stock[0], "the card after a refused duplicate")

	// A temporary card is always one the desk ordered.
	orphan := enroll.TempCard{CardID: cardID(999), Status: enroll.TempUnassigned, CreatedAt: t0, UpdatedAt: t0}
	wantErr(t, create(orphan), enroll.ErrNotFound, "Create without an ordered card")
	oc := addOrderedCards(t, s, orderedCard(2, enroll.KindTemporary, 0))[0]
	for what, c := range map[string]enroll.TempCard{
		"a missing cardholder": {CardholderID: 999}, "a missing credential": {CredentialID: 999},
	} {
		c.CardID, c.Status, c.CreatedAt, c.UpdatedAt = oc.CardID, enroll.TempAssigned, t0, t0
		wantErr(t, create(c), enroll.ErrNotFound, "Create naming "+what)
	}
	assigned := stock[0]
	assigned.Status, assigned.CardholderID = enroll.TempAssigned, 999
	err := s.Update(ctx, func(tx enroll.Tx) error { return tx.TempCards().Update(ctx, &assigned) })
	wantErr(t, err, enroll.ErrNotFound, "Update naming a missing cardholder")

	err = s.View(ctx, func(tx enroll.Tx) error { _, err := tx.TempCards().ByID(ctx, cardID(2)); return err })
	wantErr(t, err, enroll.ErrNotFound, "ByID of an ordered card never initialized")
	missing := enroll.TempCard{CardID: cardID(998), Status: enroll.TempLocked, Version: 1, UpdatedAt: t0}
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.TempCards().Update(ctx, &missing) })
	wantErr(t, err, enroll.ErrNotFound, "Update of a missing card")
	all := read(t, s, func(tx enroll.Tx) ([]enroll.TempCard, error) { return tx.TempCards().List(ctx, "") })
	equal(t, all, stock, "the stock after refused writes")
}

func testTempCardUpdate(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	holder := addCardholders(t, s, person("Tom", "Tijdelijk", "", ""))[0]
	cred := addCredentials(t, s, credential("H10301", "1000", nil))[0]
	c := addStock(t, s, 1)[0]
	created := c.CreatedAt

	c.Status, c.CardholderID, c.Until, c.CredentialID, c.UpdatedAt = enroll.TempAssigned, holder.ID, day(3), cred.ID, at(5)
	c.CreatedAt = at(99) // stays as created
	updateTempCard(t, s, &c)
	if c.Version != 2 {
		t.Fatalf("Update must bump Version to 2, got %d", c.Version)
	}
	c.CreatedAt = created
	equal(t, tempCardByID(t, s, c.CardID), c, "ByID after assigning")

	c.Status, c.CardholderID, c.Until, c.UpdatedAt = enroll.TempUnassigned, 0, time.Time{}, at(6)
	updateTempCard(t, s, &c)
	equal(t, tempCardByID(t, s, c.CardID), c, "ByID after withdrawing")

	stale := c
	stale.Version = 2
	stale.Status = enroll.TempLocked
	wantStale(t, s, &stale.Version, func(tx enroll.Tx) error { return tx.TempCards().Update(ctx, &stale) })
	equal(t, tempCardByID(t, s, c.CardID), c, "the card after a refused Update")
}

// A cardholder holds at most one assigned temporary card (production.md);
// the store holds the line even when two stations assign at once.
func testTempCardOneAssigned(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	hs := addCardholders(t, s, person("Tom", "Tijdelijk", "", ""), person("Tess", "Tijdelijk", "", ""))
	stock := addStock(t, s, 3)
	assign := func(c *enroll.TempCard, holder int64) error {
		c.Status, c.CardholderID, c.UpdatedAt = enroll.TempAssigned, holder, at(200)
		return s.Update(ctx, func(tx enroll.Tx) error { return tx.TempCards().Update(ctx, c) })
	}
	if err := assign(&stock[0], hs[0].ID); err != nil {
		t.Fatal(err)
	}
	second := stock[1]
	wantErr(t, assign(&second, hs[0].ID), enroll.ErrDuplicate, "assigning a second card to one cardholder")
	equal(t, tempCardByID(t, s, stock[1].CardID), stock[1], "the second card after the refusal")
	if err := assign(&stock[1], hs[1].ID); err != nil {
		t.Errorf("another cardholder's card: %v", err)
	}

	// Expired or withdrawn, the first card no longer counts.
	stock[0].Status = enroll.TempExpired
	updateTempCard(t, s, &stock[0])
	if err := assign(&stock[2], hs[0].ID); err != nil {
		t.Errorf("a new card while the old one is expired: %v", err)
	}
}

func testTempCardQueries(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	hs := addCardholders(t, s, person("Tom", "Tijdelijk", "", ""), person("Tess", "Tijdelijk", "", ""))
	stock := addStock(t, s, 6)
	set := func(i int, status enroll.TempCardStatus, holder int64, until time.Time) {
		stock[i].Status, stock[i].CardholderID, stock[i].Until = status, holder, until
		updateTempCard(t, s, &stock[i])
	}
	today := day(10)
	set(0, enroll.TempAssigned, hs[0].ID, today.Add(-24*time.Hour)) // overdue since today
	set(1, enroll.TempAssigned, hs[1].ID, today)                    // until today: not yet
	set(2, enroll.TempExpired, hs[0].ID, day(1))                    // already expired
	set(3, enroll.TempLocked, 0, time.Time{})
	set(4, enroll.TempUnassigned, 0, day(1)) // a stale Until on an unassigned card
	id := func(is ...int) []string {
		out := []string{}
		for _, i := range is {
			out = append(out, stock[i].CardID)
		}
		return out
	}
	for _, tc := range []struct {
		status enroll.TempCardStatus
		want   []string
	}{
		{"", id(5, 4, 3, 2, 1, 0)},
		{enroll.TempAssigned, id(1, 0)},
		{enroll.TempUnassigned, id(5, 4)},
		{enroll.TempLocked, id(3)},
	} {
		got := read(t, s, func(tx enroll.Tx) ([]enroll.TempCard, error) { return tx.TempCards().List(ctx, tc.status) })
		equalIDs(t, ids(got, tempCardID), tc.want, "List("+string(tc.status)+"), newest first")
	}
	all := read(t, s, func(tx enroll.Tx) ([]enroll.TempCard, error) { return tx.TempCards().List(ctx, "") })
	equal(t, all[5], stock[0], "List reads the whole card")

	for i, want := range [][]string{id(0), id(1)} {
		got := read(t, s, func(tx enroll.Tx) ([]enroll.TempCard, error) { return tx.TempCards().AssignedTo(ctx, hs[i].ID) })
		equalIDs(t, ids(got, tempCardID), want, "AssignedTo (not the expired card)")
	}
	got := read(t, s, func(tx enroll.Tx) ([]enroll.TempCard, error) { return tx.TempCards().AssignedTo(ctx, 999) })
	equalIDs(t, ids(got, tempCardID), id(), "AssignedTo of a cardholder without cards")

	overdue := func(d time.Time) []string {
		got := read(t, s, func(tx enroll.Tx) ([]enroll.TempCard, error) { return tx.TempCards().Overdue(ctx, d) })
		out := ids(got, tempCardID)
		slices.Sort(out) // the contract fixes no order
		return out
	}
	equalIDs(t, overdue(today), id(0), "Overdue today")
	equalIDs(t, overdue(today.Add(-24*time.Hour)), id(), "Overdue yesterday")
	equalIDs(t, overdue(today.Add(24*time.Hour)), id(0, 1), "Overdue tomorrow")
}
