package producertest

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestDrivingCards(t *testing.T) {
	srv := start(t, Options{})
	c := loggedIn(t, srv)
	ordered(t, c, 3)

	if n := srv.Tick(); n != 3 {
		t.Fatalf("first Tick moved %d, want 3", n)
	}
	mustDo(t, srv.Fail("card-2", ""))
	if n := srv.Tick(); n != 2 {
		t.Fatalf("second Tick moved %d, want 2", n)
	}
	if n := srv.Tick(); n != 0 {
		t.Fatalf("Tick with every card final moved %d", n)
	}

	cards := srv.Cards()
	want := []struct {
		status string
		number int
	}{{StatusProduced, 1000}, {StatusFailed, 0}, {StatusProduced, 1001}}
	for i, w := range want {
		got := cards[i]
		if got.Status != w.status {
			t.Errorf("%s is %s, want %s", got.CardID, got.Status, w.status)
		}
		if w.number == 0 {
			if got.Credential != nil || got.FailureReason != "production failed" {
				t.Errorf("failed card %+v", got)
			}
			continue
		}
		if got.Credential == nil || got.Credential.Fields != (CredentialFields{Facility: 12, Card: w.number}) {
			t.Errorf("%s credential %+v, want card %d", got.CardID, got.Credential, w.number)
		}
	}
	if cards[0].Credential.UID == cards[2].Credential.UID {
		t.Error("two cards share a UID")
	}

	tests := []struct {
		name string
		err  error
		want error
	}{
		{"advance unknown", srv.Advance("nobody"), ErrUnknownCard},
		{"advance produced", srv.Advance("card-1"), ErrWrongState},
		{"advance failed", srv.Advance("card-2"), ErrWrongState},
		{"fail unknown", srv.Fail("nobody", "x"), ErrUnknownCard},
		{"fail produced", srv.Fail("card-1", "x"), ErrWrongState},
		{"fail failed", srv.Fail("card-2", "x"), ErrWrongState},
	}
	for _, tt := range tests {
		if !errors.Is(tt.err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, tt.err, tt.want)
		}
	}

	// A copy handed out cannot change the stored card.
	got, _ := srv.Card("card-1")
	got.Fields["first_name"] = "Mallory"
	got.Credential.UID = "00"
	if again, _ := srv.Card("card-1"); again.Fields["first_name"] != "Anna" || again.Credential.UID == "00" {
		t.Error("Card returned shared state")
	}
}

func TestCardNumberOverflowMovesFacility(t *testing.T) {
	srv := start(t, Options{})
	srv.mu.Lock()
	srv.state.nextCardNumber = maxCardNumber
	a, b := srv.newCredentialLocked(), srv.newCredentialLocked()
	srv.mu.Unlock()
	if a.Fields != (CredentialFields{12, maxCardNumber}) || b.Fields != (CredentialFields{13, firstCardNumber}) {
		t.Fatalf("got %+v then %+v", a.Fields, b.Fields)
	}
}

func TestStepMovesCardsByThemselves(t *testing.T) {
	clock := newClock()
	srv := start(t, Options{Step: 20 * time.Millisecond, Now: clock.Now})
	c := loggedIn(t, srv)
	ordered(t, c, 1)

	// The clock has not moved: the card must stay put however long we wait.
	time.Sleep(60 * time.Millisecond)
	if got, _ := srv.Card("card-1"); got.Status != StatusOrdered {
		t.Fatalf("moved without time passing: %s", got.Status)
	}
	for _, want := range []string{StatusInProduction, StatusProduced} {
		clock.Add(20 * time.Millisecond)
		waitFor(t, func() bool { got, _ := srv.Card("card-1"); return got.Status == want })
	}
}

func TestStepWithRealClock(t *testing.T) {
	srv := start(t, Options{Step: 10 * time.Millisecond})
	c := loggedIn(t, srv)
	ordered(t, c, 2)
	waitFor(t, func() bool {
		f := c.changes(0)
		return len(f.Cards) == 2 && f.Cards[0].Status == StatusProduced && f.Cards[1].Status == StatusProduced
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestConcurrentUse is for the race detector: clients, the mover and the
// test's own calls all at once.
func TestConcurrentUse(t *testing.T) {
	srv := start(t, Options{Step: time.Millisecond, Log: func(string, ...any) {}})
	body := orderJSON(t, nil)
	var wg sync.WaitGroup
	for w := range 4 {
		c := loggedIn(t, srv)
		wg.Go(func() {
			for i := range 20 {
				id := fmt.Sprintf("w%d-%d", w, i)
				for range 2 {
					if r, err := c.call(http.MethodPut, "v1/cards/"+id, body, map[string]string{"Idempotency-Key": id}); err != nil || r.status >= 300 {
						t.Errorf("PUT %s: %v %d", id, err, r.status)
					}
				}
				if _, err := c.call(http.MethodPost, "v1/cards/"+id+"/cancel", "", nil); err != nil {
					t.Error(err)
				}
				if _, err := c.call(http.MethodGet, "v1/cards?since=0", "", nil); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Go(func() {
		for range 50 {
			srv.Tick()
			srv.ReplayChanges(true)
			srv.Slow(0)
			_ = srv.Records()
			_ = srv.Cards()
			srv.ReplayChanges(false)
		}
	})
	wg.Wait()
	if got := srv.Records(); got != 80 {
		t.Errorf("Records() = %d, want 80", got)
	}
	if got := srv.Requests(); got != 4+80*4 {
		t.Errorf("Requests() = %d, want %d", got, 4+80*4)
	}
}
