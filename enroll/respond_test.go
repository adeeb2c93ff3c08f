package enroll_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// desk adds cardholders and requests to an env.
func (e *env) holder(t *testing.T, first, last string) enroll.Cardholder {
	t.Helper()
	c, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: first, LastName: last})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *env) request(t *testing.T, holder int64, act enroll.Activation) enroll.CardRequest {
	t.Helper()
	r, err := e.st.Requests.Create(e.ctx, e.admin, enroll.NewRequest{CardholderID: holder, Activation: act})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func h10301(card int) map[string]string {
	return map[string]string{"facility": "12", "card": strconv.Itoa(card)}
}

func TestModifyRequest(t *testing.T) {
	e := newEnv(t)
	r := e.request(t, e.holder(t, "Kim", "Lee").ID, enroll.Activation{})
	ch := enroll.RequestChange{Reason: "Damaged card", Note: "urgent", EmailWhenReady: true,
		Activation: enroll.Activation{Mode: enroll.ActivateNever}}
	got, err := e.st.Requests.Modify(e.ctx, e.admin, r.ID, r.Version, ch)
	if err != nil || got.Reason != "Damaged card" || got.Note != "urgent" || !got.EmailWhenReady || got.Activation.Mode != enroll.ActivateNever || got.Version != r.Version+1 {
		t.Fatalf("Modify = %+v, %v", got, err)
	}
	var conflict *enroll.ConflictError
	if _, err := e.st.Requests.Modify(e.ctx, e.admin, r.ID, r.Version, ch); !errors.As(err, &conflict) {
		t.Fatalf("Modify over a stale version: %v, want a ConflictError", err)
	}
	ch.Activation = enroll.Activation{Mode: enroll.ActivateOnDate, Date: e.clock.Now().AddDate(0, 0, -2)}
	var ve *enroll.ValidationError
	if _, err := e.st.Requests.Modify(e.ctx, e.admin, r.ID, got.Version, ch); !errors.As(err, &ve) || ve.For("activation") == "" {
		t.Fatalf("Modify to a past date: %v", err)
	}
	if _, err := e.st.Requests.Deny(e.ctx, e.admin, []int64{r.ID}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.Requests.Modify(e.ctx, e.admin, r.ID, got.Version+1, enroll.RequestChange{}); !errors.As(err, &conflict) || conflict.Status != enroll.RequestDenied || conflict.By != "admin" {
		t.Fatalf("Modify of a denied request: %v", err)
	}
}

func TestDenyIsAllOrNothing(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t, "dora")
	a := e.request(t, e.holder(t, "Ann", "Smit").ID, enroll.Activation{})
	b := e.request(t, e.holder(t, "Bob", "Smit").ID, enroll.Activation{})
	if _, err := e.st.Requests.Deny(e.ctx, op, []int64{b.ID}, "no budget"); err != nil {
		t.Fatal(err)
	}
	var conflict *enroll.ConflictError
	if _, err := e.st.Requests.Deny(e.ctx, e.admin, []int64{a.ID, b.ID}, ""); !errors.As(err, &conflict) || conflict.RequestID != b.ID || conflict.By != "dora" {
		t.Fatalf("Deny including an answered request: %v", err)
	}
	if got, _ := e.st.Requests.Get(e.ctx, e.admin, a.ID); got.Status != enroll.RequestPending {
		t.Fatalf("request %d became %s although the deny failed", a.ID, got.Status)
	}
	got, err := e.st.Requests.Deny(e.ctx, e.admin, []int64{a.ID, a.ID}, "")
	if err != nil || len(got) != 1 || got[0].Status != enroll.RequestDenied || got[0].RespondedByName != "admin" {
		t.Fatalf("Deny = %+v, %v", got, err)
	}
	if _, err := e.st.Requests.Deny(e.ctx, e.admin, []int64{999}, ""); !errors.Is(err, enroll.ErrNotFound) {
		t.Fatalf("Deny of a missing request: %v", err)
	}
}

func TestConnectRules(t *testing.T) {
	e := newEnv(t)
	kim, lee := e.holder(t, "Kim", "Lee"), e.holder(t, "Lee", "Kim")
	now := e.clock.Now()
	never := e.request(t, kim.ID, enroll.Activation{Mode: enroll.ActivateNever})

	// Manual: a new card is enrolled, inactive for "never".
	res, err := e.st.Requests.ConnectManual(e.ctx, e.admin, never.ID, "h10301", h10301(1))
	if err != nil || res.Outcome != enroll.ConnectEnrolled || res.Credential.Status != enroll.CredentialInactive ||
		res.Credential.CardholderID != kim.ID || res.Request.CredentialID != res.Credential.ID {
		t.Fatalf("manual: %+v, %v", res, err)
	}
	var has *enroll.RequestHasCardError
	if _, err := e.st.Requests.ConnectManual(e.ctx, e.admin, never.ID, "h10301", h10301(2)); !errors.As(err, &has) {
		t.Fatalf("second card for one request: %v", err)
	}

	// Read: Kim's own card again says so; Lee cannot get Kim's card.
	again := e.request(t, kim.ID, enroll.Activation{})
	res, err = e.st.Requests.ConnectRead(e.ctx, e.admin, again.ID, "h10301", "00000110000000000000000010")
	if err != nil || res.Outcome != enroll.ConnectAlreadyTheirs || res.Credential.Status != enroll.CredentialActive {
		t.Fatalf("read of the holder's own card: %+v, %v", res, err)
	}
	forLee := e.request(t, lee.ID, enroll.Activation{})
	var taken *enroll.CardTakenError
	if _, err := e.st.Requests.ConnectRead(e.ctx, e.admin, forLee.ID, "h10301", "00000110000000000000000010"); !errors.As(err, &taken) || taken.Holder != "Kim Lee" {
		t.Fatalf("another holder's card: %v", err)
	}
	var bad *enroll.BadReadError
	if _, err := e.st.Requests.ConnectRead(e.ctx, e.admin, forLee.ID, "h10301", "10000110000000000000000010"); !errors.As(err, &bad) {
		t.Fatalf("bad parity: %v", err)
	}
	if _, err := e.st.Requests.ConnectRead(e.ctx, e.admin, forLee.ID, "h10301", "0101"); !errors.As(err, &bad) {
		t.Fatalf("short read: %v", err)
	}

	// Existing: a free card is assigned; the date option keeps it inactive until then.
	spare, err := e.st.Credentials.Enroll(e.ctx, e.admin, enroll.NewCredential{Format: "csn32", Fields: map[string]string{"csn": "04a1b2c3"}, Status: enroll.CredentialActive})
	if err != nil {
		t.Fatal(err)
	}
	later := e.request(t, lee.ID, enroll.Activation{Mode: enroll.ActivateOnDate, Date: now.AddDate(0, 0, 5)})
	res, err = e.st.Requests.ConnectExisting(e.ctx, e.admin, later.ID, spare.ID)
	if err != nil || res.Outcome != enroll.ConnectAssigned || res.Credential.Status != enroll.CredentialInactive ||
		!res.Credential.ActivationDate.Equal(time.Date(now.Year(), now.Month(), now.Day()+5, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("existing with a date: %+v, %v", res, err)
	}
	if _, err := e.st.Requests.ConnectExisting(e.ctx, e.admin, e.request(t, kim.ID, enroll.Activation{}).ID, spare.ID); !errors.As(err, &taken) || taken.Holder != "Lee Kim" {
		t.Fatalf("existing card of someone: %v", err)
	}
	if _, err := e.st.Requests.ConnectExisting(e.ctx, e.admin, forLee.ID, 999); !errors.Is(err, enroll.ErrNotFound) {
		t.Fatalf("missing credential: %v", err)
	}

	// Close completes what has a card and leaves the rest.
	done, skipped, err := e.st.Requests.Complete(e.ctx, e.admin, []int64{never.ID, forLee.ID, again.ID})
	if err != nil || len(done) != 2 || len(skipped) != 1 || skipped[0].ID != forLee.ID {
		t.Fatalf("Complete = %v / %v, %v", done, skipped, err)
	}
	var conflict *enroll.ConflictError
	if _, err := e.st.Requests.ConnectManual(e.ctx, e.admin, never.ID, "h10301", h10301(3)); !errors.As(err, &conflict) || conflict.Status != enroll.RequestCompleted {
		t.Fatalf("connect to a completed request: %v", err)
	}

	// An inactive cardholder gets no card.
	lee.Status = enroll.CardholderInactive
	if _, err := e.st.Cardholders.Update(e.ctx, e.admin, lee); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.Requests.ConnectManual(e.ctx, e.admin, forLee.ID, "h10301", h10301(4)); !errors.Is(err, enroll.ErrCardholderInactive) {
		t.Fatalf("connect for an inactive cardholder: %v", err)
	}
	op := e.operator(t, "opal")
	if _, err := e.st.Requests.Deny(e.ctx, op, []int64{forLee.ID}, ""); err != nil {
		t.Fatalf("operators answer requests: %v", err)
	}
}

func TestConnectUnusableCard(t *testing.T) {
	e := newEnv(t)
	k, err := e.st.Credentials.Enroll(e.ctx, e.admin, enroll.NewCredential{Format: "h10301", Fields: h10301(9)})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.Credentials.SetStatus(e.ctx, e.admin, k.ID, enroll.CredentialStolen); err != nil {
		t.Fatal(err)
	}
	r := e.request(t, e.holder(t, "Kim", "Lee").ID, enroll.Activation{})
	var unusable *enroll.CardUnusableError
	if _, err := e.st.Requests.ConnectExisting(e.ctx, e.admin, r.ID, k.ID); !errors.As(err, &unusable) || unusable.Status != enroll.CredentialStolen {
		t.Fatalf("stolen card: %v", err)
	}
}

func TestConnectCardFromReader(t *testing.T) {
	e := newEnv(t)
	kim := e.holder(t, "Kim", "Lee")
	r := e.request(t, kim.ID, enroll.Activation{})
	res, err := e.st.Requests.ConnectCard(e.ctx, e.admin, r.ID, enroll.CardRead{Reader: "sim", UID: []byte{0x04, 0xa1, 0xb2, 0xc3}})
	if err != nil || res.Credential.Format != "csn32" || res.Credential.Fields["csn"] != "04a1b2c3" || res.Outcome != enroll.ConnectEnrolled {
		t.Fatalf("UID read: %+v, %v", res, err)
	}
	var bad *enroll.BadReadError
	r2 := e.request(t, kim.ID, enroll.Activation{})
	for name, read := range map[string]enroll.CardRead{
		"5-byte UID":       {UID: []byte{1, 2, 3, 4, 5}},
		"bits, no format":  {Bits: "10000000100000000000001011"},
		"bits, bad parity": {Format: "h10301", Bits: "00000000100000000000001011"},
	} {
		if _, err := e.st.Requests.ConnectCard(e.ctx, e.admin, r2.ID, read); !errors.As(err, &bad) {
			t.Errorf("%s: %v, want a BadReadError", name, err)
		}
	}
	res, err = e.st.Requests.ConnectCard(e.ctx, e.admin, r2.ID, enroll.CardRead{Format: "h10301", Bits: "10000000100000000000001011"})
	if err != nil || res.Credential.Fields["card"] != "5" {
		t.Fatalf("bits read: %+v, %v", res, err)
	}
}

func TestSetManyIsAllOrNone(t *testing.T) {
	e := newEnv(t)
	err := e.st.Settings.SetMany(e.ctx, e.admin, []enroll.KeyValue{
		{Key: "smtp.host", Value: "mail.example.org"}, {Key: "smtp.port", Value: "0"}, {Key: "smtp.nope", Value: "x"}})
	var ve *enroll.ValidationError
	if !errors.As(err, &ve) || ve.For("smtp.port") == "" || ve.For("smtp.nope") == "" || ve.For("smtp.host") != "" {
		t.Fatalf("SetMany with two bad keys: %v", err)
	}
	if got, _ := e.st.Settings.Get(e.ctx, e.admin, "smtp.host"); got.IsSet {
		t.Fatalf("smtp.host stored although the batch was refused: %+v", got)
	}
	if err := e.st.Settings.SetMany(e.ctx, e.admin, []enroll.KeyValue{{Key: "smtp.host", Value: " mail.example.org "}, {Key: "smtp.port", Value: "2525"}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.st.Settings.Get(e.ctx, e.admin, "smtp.host"); got.Value != "mail.example.org" {
		t.Fatalf("smtp.host = %q", got.Value)
	}
}
