package enroll_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// enrolled is an available credential of format h10301 with this card number.
func (e *env) enrolled(t *testing.T, card int) enroll.Credential {
	t.Helper()
	k, err := e.st.Credentials.Enroll(e.ctx, e.admin, enroll.NewCredential{Format: "h10301", Fields: h10301(card)})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestCredentialStatusTransitions(t *testing.T) {
	e := newEnv(t)
	k := e.enrolled(t, 1)
	for _, step := range []struct {
		to enroll.CredentialStatus
		ok bool
	}{
		{enroll.CredentialInactive, true},
		{enroll.CredentialLost, true},
		{enroll.CredentialActive, true}, // found again
		{enroll.CredentialStolen, true},
		{enroll.CredentialActive, false}, // stolen is final
		{enroll.CredentialLost, false},
	} {
		err := e.st.Credentials.SetStatus(e.ctx, e.admin, k.ID, step.to)
		var tr *enroll.TransitionError
		if step.ok && err != nil || !step.ok && !errors.As(err, &tr) {
			t.Errorf("-> %s: %v", step.to, err)
		}
	}
}

func TestAssignAndUnassign(t *testing.T) {
	e := newEnv(t)
	anna, bob := e.holder(t, "Anna", "Kowalska"), e.holder(t, "Bob", "Smit")
	k := e.enrolled(t, 2)
	got, err := e.st.Credentials.Assign(e.ctx, e.admin, k.ID, anna.ID)
	if err != nil || got.CardholderID != anna.ID || got.Status != enroll.CredentialActive {
		t.Fatalf("assign: %+v, %v", got, err)
	}
	var taken *enroll.CardTakenError
	if _, err := e.st.Credentials.Assign(e.ctx, e.admin, k.ID, bob.ID); !errors.As(err, &taken) {
		t.Errorf("assign Anna's card to Bob: %v", err)
	}
	if got, err = e.st.Credentials.Unassign(e.ctx, e.admin, k.ID); err != nil || got.CardholderID != 0 || got.Status != enroll.CredentialInactive {
		t.Fatalf("unassign: %+v, %v", got, err)
	}
	var free *enroll.CredentialUnassignedError
	if _, err := e.st.Credentials.Unassign(e.ctx, e.admin, k.ID); !errors.As(err, &free) {
		t.Errorf("unassign an available card: %v", err)
	}
	// A lost card stays with its holder; it cannot be handed out either.
	if _, err := e.st.Credentials.Assign(e.ctx, e.admin, k.ID, bob.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.st.Credentials.SetStatus(e.ctx, e.admin, k.ID, enroll.CredentialLost); err != nil {
		t.Fatal(err)
	}
	var held *enroll.CredentialHeldError
	if _, err := e.st.Credentials.Unassign(e.ctx, e.admin, k.ID); !errors.As(err, &held) {
		t.Errorf("unassign a lost card: %v", err)
	}
	lost := e.enrolled(t, 3)
	if err := e.st.Credentials.SetStatus(e.ctx, e.admin, lost.ID, enroll.CredentialStolen); err != nil {
		t.Fatal(err)
	}
	var unusable *enroll.CardUnusableError
	if _, err := e.st.Credentials.Assign(e.ctx, e.admin, lost.ID, anna.ID); !errors.As(err, &unusable) {
		t.Errorf("assign a stolen card: %v", err)
	}
	inactive, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "Ina", LastName: "Uit", Status: enroll.CardholderInactive})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.Credentials.Assign(e.ctx, e.admin, e.enrolled(t, 4).ID, inactive.ID); !errors.Is(err, enroll.ErrCardholderInactive) {
		t.Errorf("assign to an inactive cardholder: %v", err)
	}
	hist, err := e.st.Credentials.History(e.ctx, e.admin, k.ID)
	if err != nil || len(hist) < 5 || hist[0].Action != "credential.status" {
		t.Errorf("history %+v, %v", hist, err)
	}
	for _, ev := range hist {
		if ev.EntityID != "" && ev.Entity == "credential" && ev.EntityID != strconv.FormatInt(k.ID, 10) {
			t.Errorf("another credential's event in the history: %+v", ev)
		}
	}
}

func TestExpiry(t *testing.T) {
	e := newEnv(t)
	anna := e.holder(t, "Anna", "Kowalska")
	k := e.enrolled(t, 5)
	if _, err := e.st.Credentials.Assign(e.ctx, e.admin, k.ID, anna.ID); err != nil {
		t.Fatal(err)
	}
	var ve *enroll.ValidationError
	if _, err := e.st.Credentials.SetExpiry(e.ctx, e.admin, k.ID, e.clock.Now().AddDate(0, 0, -1)); !errors.As(err, &ve) {
		t.Errorf("expiry in the past: %v", err)
	}
	got, err := e.st.Credentials.SetExpiry(e.ctx, e.admin, k.ID, e.clock.Now().AddDate(0, 0, 2))
	if err != nil || got.Status != enroll.CredentialActive || got.ExpiresAt.IsZero() {
		t.Fatalf("set expiry: %+v, %v", got, err)
	}
	if n, err := e.st.Credentials.ExpireDue(e.ctx, e.admin); err != nil || n != 0 {
		t.Fatalf("expire before the day: %d, %v", n, err)
	}
	e.clock.Add(48 * time.Hour) // the day itself
	if n, err := e.st.Credentials.ExpireDue(e.ctx, e.admin); err != nil || n != 1 {
		t.Fatalf("expire on the day: %d, %v", n, err)
	}
	if got, _ = e.st.Credentials.Get(e.ctx, e.admin, k.ID); got.Status != enroll.CredentialExpired {
		t.Fatalf("after the day the card is %s", got.Status)
	}
	// Made active by hand: the passed day no longer expires it again.
	if err := e.st.Credentials.SetStatus(e.ctx, e.admin, k.ID, enroll.CredentialActive); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.st.Credentials.ExpireDue(e.ctx, e.admin); n != 0 {
		t.Error("a card made active again expired again at the next check")
	}
	if got, err = e.st.Credentials.SetExpiry(e.ctx, e.admin, k.ID, e.clock.Now()); err != nil || got.Status != enroll.CredentialExpired {
		t.Fatalf("expire today: %+v, %v", got, err)
	}
	// Renewed: never expires, and its holder's card works again.
	if got, err = e.st.Credentials.SetExpiry(e.ctx, e.admin, k.ID, time.Time{}); err != nil || got.Status != enroll.CredentialActive || !got.ExpiresAt.IsZero() {
		t.Fatalf("renew: %+v, %v", got, err)
	}
	// Today expires at once.
	if got, err = e.st.Credentials.SetExpiry(e.ctx, e.admin, k.ID, e.clock.Now()); err != nil || got.Status != enroll.CredentialExpired {
		t.Fatalf("expire today: %+v, %v", got, err)
	}
}

func TestDeactivateEveryCardOfAnInactiveCardholder(t *testing.T) {
	e := newEnv(t)
	anna := e.holder(t, "Anna", "Kowalska")
	var ids []int64
	for _, card := range []int{6, 7, 8} {
		k := e.enrolled(t, card)
		if _, err := e.st.Credentials.Assign(e.ctx, e.admin, k.ID, anna.ID); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, k.ID)
	}
	if err := e.st.Credentials.SetStatus(e.ctx, e.admin, ids[2], enroll.CredentialLost); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.Credentials.DeactivateAll(e.ctx, e.admin, anna.ID); !errors.Is(err, enroll.ErrCardholderActive) {
		t.Errorf("deactivate the cards of an active cardholder: %v", err)
	}
	anna.Status = enroll.CardholderInactive
	if _, err := e.st.Cardholders.Update(e.ctx, e.admin, anna); err != nil {
		t.Fatal(err)
	}
	if n, err := e.st.Credentials.DeactivateAll(e.ctx, e.admin, anna.ID); err != nil || n != 2 {
		t.Fatalf("deactivate all: %d, %v", n, err)
	}
	want := []enroll.CredentialStatus{enroll.CredentialInactive, enroll.CredentialInactive, enroll.CredentialLost}
	for i, id := range ids {
		if k, _ := e.st.Credentials.Get(e.ctx, e.admin, id); k.Status != want[i] {
			t.Errorf("credential %d is %s, want %s", id, k.Status, want[i])
		}
	}
}

func TestEnrollReadRefusesRepeatsAndBadReads(t *testing.T) {
	e := newEnv(t)
	uid := []byte{0x04, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0x80}
	k, err := e.st.Credentials.EnrollRead(e.ctx, e.admin, enroll.CardRead{Reader: "Desk", UID: uid})
	if err != nil || k.Format != "csn56" || k.CardholderID != 0 || k.Status != enroll.CredentialInactive {
		t.Fatalf("enroll a new card: %+v, %v", k, err)
	}
	var again *enroll.AlreadyEnrolledError
	if _, err := e.st.Credentials.EnrollRead(e.ctx, e.admin, enroll.CardRead{Reader: "Desk", UID: uid}); !errors.As(err, &again) || again.Credential.ID != k.ID {
		t.Errorf("the same card again: %v", err)
	}
	var bad *enroll.BadReadError
	if _, err := e.st.Credentials.EnrollRead(e.ctx, e.admin, enroll.CardRead{Reader: "Desk", UID: []byte{1, 2, 3}}); !errors.As(err, &bad) {
		t.Errorf("a 3-byte UID: %v", err)
	}
	bits := "10000000100000000000001011" // h10301 facility 1 card 5
	if k, err := e.st.Credentials.EnrollRead(e.ctx, e.admin, enroll.CardRead{Reader: "Wiegand", Format: "h10301", Bits: bits}); err != nil || k.Fields["card"] != "5" {
		t.Errorf("enroll decoded bits: %+v, %v", k, err)
	}
	// Desk operators enroll stacks of cards too.
	op := e.operator(t, "desk")
	if k, err := e.st.Credentials.EnrollRead(e.ctx, op, enroll.CardRead{Reader: "Desk", UID: []byte{4, 4, 4, 4}}); err != nil || k.Format != "csn32" {
		t.Errorf("operator enroll: %+v, %v", k, err)
	}
}

func TestCredentialSearchAndFilters(t *testing.T) {
	e := newEnv(t)
	anna := e.holder(t, "Anna", "Kowalska")
	a1, a2, free := e.enrolled(t, 4321), e.enrolled(t, 99), e.enrolled(t, 500)
	for _, k := range []enroll.Credential{a1, a2} {
		if _, err := e.st.Credentials.Assign(e.ctx, e.admin, k.ID, anna.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.st.Credentials.SetStatus(e.ctx, e.admin, a2.ID, enroll.CredentialLost); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		q    enroll.CredentialQuery
		want []int64
	}{
		"cardholder name": {enroll.CredentialQuery{Text: "kowal"}, []int64{a1.ID, a2.ID}},
		"card number":     {enroll.CredentialQuery{Text: "4321"}, []int64{a1.ID}},
		"status":          {enroll.CredentialQuery{Status: enroll.CredentialLost}, []int64{a2.ID}},
		"assigned":        {enroll.CredentialQuery{Assigned: true}, []int64{a1.ID, a2.ID}},
		"available":       {enroll.CredentialQuery{Available: true}, []int64{free.ID}},
		"by number":       {enroll.CredentialQuery{Sort: enroll.SortCredentialNumber}, []int64{a2.ID, free.ID, a1.ID}},
		"newest":          {enroll.CredentialQuery{Sort: enroll.SortCredentialNewest}, []int64{free.ID, a2.ID, a1.ID}},
	} {
		ks, n, err := e.st.Credentials.List(e.ctx, e.admin, tc.q)
		if err != nil || n != len(tc.want) || len(ks) != len(tc.want) {
			t.Errorf("%s: %d of %d, %v", name, len(ks), n, err)
			continue
		}
		for i, k := range ks {
			if k.ID != tc.want[i] {
				t.Errorf("%s: row %d is credential %d, want %d", name, i, k.ID, tc.want[i])
			}
		}
	}
}
