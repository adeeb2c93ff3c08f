package orders

import (
	"errors"
	"fmt"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

// Every refusal of card production reads as a sentence for the desk.
func TestExplainSaysWhatHappenedInWords(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{&enroll.UseCaseDisabledError{UseCase: enroll.UseAbortCardOrder},
			"Aborting card orders is turned off at this station. An administrator turns it on in Settings > Card production."},
		{fmt.Errorf("layouts: %w", enroll.ErrProducerNotConfigured),
			"Card production is not set up. An administrator sets it up in Settings > Card production."},
		{&enroll.AbortRefusedError{CardID: "c1", Reason: "it is already in production", Err: enroll.ErrProducerConflict},
			"The card order cannot be aborted: it is already in production."},
		{&enroll.MissingFieldsError{Name: "Anna Tester", Layout: "employee", Fields: []string{"first_name", "photo"}},
			"Anna Tester lacks what the card layout needs: first name, photo. Fill it in on the Cardholders screen first."},
		{&enroll.CardholderInactiveError{Name: "Anna Tester"},
			"Anna Tester is inactive; only an active cardholder gets a card."},
		{&enroll.TempCardHeldError{Name: "Anna Tester", CardID: "0123456789abcdef"},
			"Anna Tester already holds temporary card 01234567. Withdraw that card first."},
		{&enroll.ReceiveMismatchError{CardID: "c1", Reason: "its chip UID is 04aa; the producer reported 04bb"},
			"This is not the card that was ordered: its chip UID is 04aa; the producer reported 04bb."},
		{&enroll.TransitionError{Machine: "ordered card", From: "personal produced", To: "received"},
			"This card cannot change from personal produced to received. Refresh the list and try again."},
		{&enroll.ProducerUnavailableError{Err: errors.New("connection refused")},
			"The card producer could not be reached; the card is sent by the next sync."},
		{&enroll.ProducerRejectedError{Status: 422, Reason: "layout unknown"},
			"The card producer refused the card: layout unknown"},
	}
	for _, c := range cases {
		if got := explain(c.err); got != c.want {
			t.Errorf("%v\n  reads %q\n  want  %q", c.err, got, c.want)
		}
	}
}

// The problems enroll keeps with a card in English read as words.
func TestProblemWords(t *testing.T) {
	for text, want := range map[string]string{
		"the card producer could not be reached: PUT v1/cards/x: connection refused": "The card producer could not be reached; the card is sent by the next sync.",
		"the card producer refused the card (422): the layout has no photo":          "The card producer refused the card: the layout has no photo",
		"cancelled at the card producer":                                             "Cancelled at the card producer.",
		"something new":                                                              "something new",
	} {
		if got := problemWords(text); got != want {
			t.Errorf("%q reads %q, want %q", text, got, want)
		}
	}
}

// The status words follow the card's way and what the desk must do.
func TestStatusWords(t *testing.T) {
	card := func(kind enroll.CardKind, st enroll.OrderStatus) orderRow {
		return orderRow{OrderedCard: enroll.OrderedCard{Kind: kind, Status: st}}
	}
	sending := card(enroll.KindPersonal, enroll.OrderProcessing)
	sending.Attempts, sending.LastError = 2, "the card producer could not be reached: timeout"
	stocked := card(enroll.KindTemporary, enroll.OrderProduced)
	stocked.InStock = true
	received := card(enroll.KindPersonal, enroll.OrderProduced)
	received.ReceivedAt = received.CreatedAt.AddDate(2026, 0, 0)
	for _, c := range []struct {
		r    orderRow
		want string
	}{
		{card(enroll.KindPersonal, enroll.OrderProcessing), "Queued"},
		{sending, "Sending…"},
		{card(enroll.KindPersonal, enroll.OrderOrdered), "Ordered"},
		{card(enroll.KindPersonal, enroll.OrderInProduction), "In production"},
		{card(enroll.KindPersonal, enroll.OrderProduced), "Produced"},
		{received, "Produced · received"},
		{card(enroll.KindTemporary, enroll.OrderProduced), "Produced · to initialize"},
		{stocked, "Produced · in stock"},
		{card(enroll.KindPersonal, enroll.OrderFailed), "Failed"},
		{card(enroll.KindTemporary, enroll.OrderAborted), "Aborted"},
	} {
		if got := statusWord(c.r); got != c.want {
			t.Errorf("%s %s (attempts %d) reads %q, want %q", c.r.Kind, c.r.Status, c.r.Attempts, got, c.want)
		}
	}
}
