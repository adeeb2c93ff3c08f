package enroll

import (
	"errors"
	"fmt"
	"testing"
)

// checkMachine compares every ordered pair of states against the expected
// allowed set, so each allowed and each forbidden transition is exercised.
func checkMachine[S ~string](t *testing.T, m Machine[S], all []S, allowed map[[2]S]bool) {
	t.Helper()
	if got := len(m.States()); got != len(all) {
		t.Fatalf("%s has %d states, want %d", m.name, got, len(all))
	}
	for _, from := range all {
		for _, to := range all {
			t.Run(fmt.Sprintf("%s->%s", from, to), func(t *testing.T) {
				want := allowed[[2]S{from, to}]
				if got := m.Can(from, to); got != want {
					t.Fatalf("Can = %v, want %v", got, want)
				}
				err := m.Check(from, to)
				var te *TransitionError
				switch {
				case want && err != nil:
					t.Fatalf("Check: unexpected %v", err)
				case !want && !errors.As(err, &te):
					t.Fatalf("Check: want *TransitionError, got %v", err)
				case !want && (te.From != string(from) || te.To != string(to)):
					t.Fatalf("TransitionError names %q->%q", te.From, te.To)
				}
			})
		}
	}
}

func edges[S ~string](pairs ...S) map[[2]S]bool {
	m := map[[2]S]bool{}
	for i := 0; i < len(pairs); i += 2 {
		m[[2]S{pairs[i], pairs[i+1]}] = true
	}
	return m
}

func TestCardholderStates(t *testing.T) {
	checkMachine(t, CardholderStates, []CardholderStatus{CardholderActive, CardholderInactive},
		edges(CardholderActive, CardholderInactive, CardholderInactive, CardholderActive))
}

func TestRequestStates(t *testing.T) {
	checkMachine(t, RequestStates, []RequestStatus{RequestPending, RequestCompleted, RequestDenied},
		edges(RequestPending, RequestCompleted, RequestPending, RequestDenied))
}

func TestCredentialStates(t *testing.T) {
	a, i, l, s, e := CredentialActive, CredentialInactive, CredentialLost, CredentialStolen, CredentialExpired
	checkMachine(t, CredentialStates, []CredentialStatus{a, i, l, s, e}, edges(
		i, a, i, l, i, s, i, e,
		a, i, a, l, a, s, a, e,
		l, a, l, i, l, s,
		e, a, e, i,
	))
}

func TestOrderStates(t *testing.T) {
	all := []OrderStatus{OrderProcessing, OrderOrdered, OrderInProduction, OrderProduced, OrderFailed, OrderAborted}
	checkMachine(t, OrderStates, all, edges(
		OrderProcessing, OrderOrdered, // the sync sends the queued card
		OrderProcessing, OrderInProduction, // the send's answer was lost; the feed tells
		OrderProcessing, OrderProduced,
		OrderProcessing, OrderFailed, // refused by the producer
		OrderProcessing, OrderAborted, // abort only while processing
		OrderOrdered, OrderInProduction,
		OrderOrdered, OrderProduced,
		OrderOrdered, OrderFailed,
		OrderOrdered, OrderAborted, // the cancel of an abort that raced the send
		OrderInProduction, OrderProduced,
		OrderInProduction, OrderFailed,
	))
}

func TestTempCardStates(t *testing.T) {
	all := []TempCardStatus{TempUnassigned, TempAssigned, TempExpired, TempLocked}
	checkMachine(t, TempCardStates, all, edges(
		TempUnassigned, TempAssigned,
		TempUnassigned, TempLocked,
		TempAssigned, TempUnassigned, // withdraw
		TempAssigned, TempExpired, // its day passed
		TempAssigned, TempLocked,
		TempExpired, TempUnassigned, // withdrawn after expiry
	))
}

func TestMachineValid(t *testing.T) {
	if RequestStates.Valid("approved") {
		t.Fatal("unknown state accepted")
	}
	if !RequestStates.Valid(RequestDenied) {
		t.Fatal("known state refused")
	}
}
