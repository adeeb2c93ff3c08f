package storagetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

var credentialTests = []storeTest{
	{"Credentials/CreateAndRead", testCredentialCreateRead},
	{"Credentials/UpdateAndNotFound", testCredentialUpdate},
	{"Credentials/DuplicateFormatBits", testCredentialDuplicate},
	{"Credentials/ListAndCount", testCredentialList},
}

func credential(format, bits string, fields map[string]string) enroll.Credential {
	return enroll.Credential{Format: format, Bits: bits, Fields: fields, Status: enroll.CredentialInactive,
		CreatedAt: t0, UpdatedAt: t0}
}

func addCredentials(t *testing.T, s enroll.Store, ks ...enroll.Credential) []enroll.Credential {
	t.Helper()
	return createAll(t, s, func(tx enroll.Tx, k *enroll.Credential) error { return tx.Credentials().Create(t.Context(), k) }, ks...)
}

func testCredentialCreateRead(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	holder := addCardholders(t, s, person("Eva", "Smit", "", ""))[0]
	k := credential("H10301", "10000110000001101100100000", map[string]string{"facility": "12", "card": "3456"})
	k.Name, k.Status, k.CardholderID = "Eva's card", enroll.CredentialActive, holder.ID
	k.ActivationDate, k.ExpiresAt = at(60), at(60*24*365)
	free := credential("CSN32", "11110000", nil)
	ks := addCredentials(t, s, k, free)
	if ks[0].ID == 0 || ks[1].ID == 0 || ks[0].ID == ks[1].ID {
		t.Fatalf("Create must set distinct ids, got %d %d", ks[0].ID, ks[1].ID)
	}
	want := ks[0]
	want.CardholderName = "Eva Smit"
	view(t, s, func(tx enroll.Tx) error {
		got, err := tx.Credentials().ByID(ctx, ks[0].ID)
		if err != nil {
			return err
		}
		equal(t, got, want, "ByID")
		got, err = tx.Credentials().ByBits(ctx, "H10301", k.Bits)
		if err != nil {
			return err
		}
		equal(t, got, want, "ByBits")
		got, err = tx.Credentials().ByID(ctx, ks[1].ID)
		if err != nil {
			return err
		}
		equal(t, got, ks[1], "unassigned credential, no fields")
		return nil
	})
}

func testCredentialUpdate(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	holder := addCardholders(t, s, person("Ruben", "Vos", "", ""))[0]
	ks := addCredentials(t, s, credential("H10301", "0001", map[string]string{"card": "1"}),
		credential("H10301", "0010", map[string]string{"card": "2"}))
	// A cardholder may hold several credentials.
	for i := range ks {
		ks[i].CardholderID, ks[i].Status, ks[i].UpdatedAt = holder.ID, enroll.CredentialActive, at(3)
		ks[i].Name, ks[i].ExpiresAt = fmt.Sprint("card ", i), at(99)
		update(t, s, func(tx enroll.Tx) error { return tx.Credentials().Update(ctx, ks[i]) })
		ks[i].CardholderName = "Ruben Vos"
		got := read(t, s, func(tx enroll.Tx) (enroll.Credential, error) { return tx.Credentials().ByID(ctx, ks[i].ID) })
		equal(t, got, ks[i], "after assigning")
	}
	// Unassign and clear the expiry again.
	ks[0].CardholderID, ks[0].CardholderName, ks[0].ExpiresAt = 0, "", time.Time{}
	update(t, s, func(tx enroll.Tx) error { return tx.Credentials().Update(ctx, ks[0]) })
	got := read(t, s, func(tx enroll.Tx) (enroll.Credential, error) { return tx.Credentials().ByID(ctx, ks[0].ID) })
	equal(t, got, ks[0], "after unassigning")

	err := s.View(ctx, func(tx enroll.Tx) error { _, err := tx.Credentials().ByID(ctx, 999); return err })
	wantErr(t, err, enroll.ErrNotFound, "ByID of a missing credential")
	err = s.View(ctx, func(tx enroll.Tx) error { _, err := tx.Credentials().ByBits(ctx, "H10301", "1111"); return err })
	wantErr(t, err, enroll.ErrNotFound, "ByBits of a missing credential")
	missing := credential("H10301", "1111", nil)
	missing.ID = 999
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.Credentials().Update(ctx, missing) })
	wantErr(t, err, enroll.ErrNotFound, "Update of a missing credential")
}

func testCredentialDuplicate(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	ks := addCredentials(t, s, credential("H10301", "0101", nil), credential("H10302", "0101", nil)) // same bits, other format: fine
	err := s.Update(ctx, func(tx enroll.Tx) error {
		k := credential("H10301", "0101", map[string]string{"card": "5"})
		return tx.Credentials().Create(ctx, &k)
	})
	wantErr(t, err, enroll.ErrDuplicate, "Create with a taken format and bits")
	ks[1].Format = "H10301"
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.Credentials().Update(ctx, ks[1]) })
	wantErr(t, err, enroll.ErrDuplicate, "Update to a taken format and bits")
}

func testCredentialList(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	hs := addCardholders(t, s, person("A", "A", "", ""), person("B", "B", "", ""))
	mk := func(format, bits, name string, holder int64, fields map[string]string) enroll.Credential {
		k := credential(format, bits, fields)
		k.Name, k.CardholderID = name, holder
		return k
	}
	ks := addCredentials(t, s,
		mk("H10301", "1000", "lobby spare", 0, map[string]string{"facility": "12", "card": "100"}),
		mk("H10301", "1001", "", hs[0].ID, map[string]string{"facility": "12", "card": "101"}),
		mk("CSN32", "1001", "", hs[0].ID, map[string]string{"csn": "DEADBEEF"}),
		mk("H10306", "0111", "Spare", 0, map[string]string{"facility": "7", "card": "55512"}),
		mk("H10301", "1100", "", hs[1].ID, map[string]string{"facility": "13", "card": "200"}))
	for _, tc := range []struct {
		q    enroll.CredentialQuery
		want []int
	}{
		{enroll.CredentialQuery{}, []int{0, 1, 2, 3, 4}},
		{enroll.CredentialQuery{Available: true}, []int{0, 3}},
		{enroll.CredentialQuery{CardholderID: hs[0].ID}, []int{1, 2}},
		{enroll.CredentialQuery{Format: "H10301"}, []int{0, 1, 4}},
		{enroll.CredentialQuery{Format: "H10301", Available: true}, []int{0}},
		{enroll.CredentialQuery{Text: "1001"}, []int{1, 2}},  // bits
		{enroll.CredentialQuery{Text: "spare"}, []int{0, 3}}, // name, any case
		{enroll.CredentialQuery{Text: "555"}, []int{3}},      // field value
		{enroll.CredentialQuery{Text: "deadbeef"}, []int{2}}, // field value, any case
		{enroll.CredentialQuery{Text: "lobby 12"}, []int{0}}, // every word must match
		{enroll.CredentialQuery{Text: "facility"}, []int{}},  // field names are not values
	} {
		what := fmt.Sprintf("List(%+v)", tc.q)
		got, n := listCount(t, s, func(tx enroll.Tx) ([]enroll.Credential, error) { return tx.Credentials().List(ctx, tc.q) },
			func(tx enroll.Tx) (int, error) { return tx.Credentials().Count(ctx, tc.q) })
		want := []int64{}
		for _, i := range tc.want {
			want = append(want, ks[i].ID)
		}
		gotIDs := ids(got, func(k enroll.Credential) int64 { return k.ID })
		slices.Sort(gotIDs) // the contract fixes no order for credentials
		equalIDs(t, gotIDs, want, what)
		if n != len(want) {
			t.Errorf("Count for %s = %d, want %d", what, n, len(want))
		}
		for _, k := range got {
			if k.CardholderID == hs[0].ID && k.CardholderName != "A A" {
				t.Errorf("%s: credential %d has CardholderName %q, want %q", what, k.ID, k.CardholderName, "A A")
			}
		}
	}

	var all []int64
	for off := 0; off < 5; off += 2 {
		page := read(t, s, func(tx enroll.Tx) ([]enroll.Credential, error) {
			return tx.Credentials().List(ctx, enroll.CredentialQuery{Offset: off, Limit: 2})
		})
		all = append(all, ids(page, func(k enroll.Credential) int64 { return k.ID })...)
	}
	slices.Sort(all)
	equalIDs(t, all, ids(ks, func(k enroll.Credential) int64 { return k.ID }), "paging visits every credential once")
}

func init() {
	credentialTests = append(credentialTests,
		storeTest{"Credentials/StatusAssignedNameAndSort", testCredentialFilters},
		storeTest{"Credentials/Expiring", testCredentialExpiring})
}

func testCredentialFilters(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	hs := addCardholders(t, s, person("Anna", "Kowalska", "", ""), person("Bob", "Smit", "", ""))
	mk := func(bits string, card string, holder int64, st enroll.CredentialStatus) enroll.Credential {
		k := credential("H10301", bits, map[string]string{"facility": "1", "card": card})
		k.CardholderID, k.Status = holder, st
		return k
	}
	ks := addCredentials(t, s,
		mk("0001", "300", hs[1].ID, enroll.CredentialActive),
		mk("0010", "20", hs[0].ID, enroll.CredentialLost),
		mk("0011", "1000", 0, enroll.CredentialInactive),
		mk("0100", "5", hs[0].ID, enroll.CredentialActive))
	for _, tc := range []struct {
		q    enroll.CredentialQuery
		want []int // in this order
	}{
		{enroll.CredentialQuery{Assigned: true}, []int{0, 1, 3}},
		{enroll.CredentialQuery{Status: enroll.CredentialActive}, []int{0, 3}},
		{enroll.CredentialQuery{Text: "kowal"}, []int{1, 3}},         // the cardholder's name
		{enroll.CredentialQuery{Text: "anna kowalska"}, []int{1, 3}}, // first and last name
		{enroll.CredentialQuery{Text: "h10301 smit"}, []int{0}},      // format and name
		{enroll.CredentialQuery{Sort: enroll.SortCredentialNewest}, []int{3, 2, 1, 0}},
		{enroll.CredentialQuery{Sort: enroll.SortCredentialNumber}, []int{3, 1, 0, 2}}, // 5, 20, 300, 1000
		{enroll.CredentialQuery{Sort: enroll.SortCredentialCardholder}, []int{1, 3, 0, 2}},
		{enroll.CredentialQuery{Sort: enroll.SortCredentialStatus}, []int{0, 3, 2, 1}}, // active, inactive, lost
	} {
		what := fmt.Sprintf("List(%+v)", tc.q)
		got, n := listCount(t, s, func(tx enroll.Tx) ([]enroll.Credential, error) { return tx.Credentials().List(ctx, tc.q) },
			func(tx enroll.Tx) (int, error) { return tx.Credentials().Count(ctx, tc.q) })
		want := make([]int64, len(tc.want))
		for i, j := range tc.want {
			want[i] = ks[j].ID
		}
		equalIDs(t, ids(got, func(k enroll.Credential) int64 { return k.ID }), want, what)
		if n != len(want) {
			t.Errorf("Count for %s = %d, want %d", what, n, len(want))
		}
	}
}

func testCredentialExpiring(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	mk := func(bits string, st enroll.CredentialStatus, expires time.Time) enroll.Credential {
		k := credential("CSN32", bits, map[string]string{"csn": bits})
		k.Status, k.ExpiresAt = st, expires
		return k
	}
	day := t0.Add(48 * time.Hour)
	ks := addCredentials(t, s,
		mk("01", enroll.CredentialActive, day.Add(-time.Hour)), // due
		mk("02", enroll.CredentialInactive, day.Add(-time.Minute)),
		mk("03", enroll.CredentialActive, day), // not before the day
		mk("04", enroll.CredentialActive, time.Time{}),
		mk("05", enroll.CredentialLost, day.Add(-time.Hour)), // lost stays lost
		mk("06", enroll.CredentialExpired, day.Add(-time.Hour)))
	got := read(t, s, func(tx enroll.Tx) ([]enroll.Credential, error) { return tx.Credentials().Expiring(ctx, day) })
	slices.SortFunc(got, func(a, b enroll.Credential) int { return int(a.ID - b.ID) })
	equalIDs(t, ids(got, func(k enroll.Credential) int64 { return k.ID }), []int64{ks[0].ID, ks[1].ID}, "Expiring")
}
