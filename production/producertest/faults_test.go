package producertest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRefuseConnections(t *testing.T) {
	srv := start(t, Options{})
	c := loggedIn(t, srv) // leaves a keep-alive connection in the pool
	url := srv.URL()
	ordered(t, c, 1)

	mustDo(t, srv.RefuseConnections(true))
	mustDo(t, srv.RefuseConnections(true)) // twice is harmless
	_, err := c.call(http.MethodGet, "v1/cards/card-1", "", nil)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("request while refusing: %v, want connection refused", err)
	}
	if conn, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")); err == nil {
		conn.Close()
		t.Fatal("dial succeeded while refusing")
	}

	mustDo(t, srv.RefuseConnections(false))
	if srv.URL() != url {
		t.Fatalf("URL changed from %s to %s", url, srv.URL())
	}
	// Same port, same state: the old token and the card survived.
	if got := c.card("card-1"); got.Status != StatusOrdered {
		t.Fatalf("card after reopening: %+v", got)
	}

	srv.Close()
	if err := srv.RefuseConnections(false); !errors.Is(err, ErrClosed) {
		t.Fatalf("RefuseConnections after Close: %v, want ErrClosed", err)
	}
}

func TestSlow(t *testing.T) {
	srv := start(t, Options{})
	c := loggedIn(t, srv)

	srv.Slow(100 * time.Millisecond)
	began := time.Now()
	if r := c.put("card-1", orderJSON(t, nil)); r.status != http.StatusCreated {
		t.Fatalf("slow PUT: %d", r.status)
	}
	if took := time.Since(began); took < 100*time.Millisecond {
		t.Fatalf("slow PUT answered after %v", took)
	}

	// A client that gives up leaves nothing behind.
	srv.Slow(400 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPut, srv.URL()+"v1/cards/card-2", strings.NewReader(orderJSON(t, nil)))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Idempotency-Key", "card-2")
	if _, err := c.hc.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("impatient PUT: %v, want deadline exceeded", err)
	}
	time.Sleep(600 * time.Millisecond) // past the delay: a handler that ignored the client would have stored by now
	if got := srv.Records(); got != 1 {
		t.Fatalf("Records() = %d, want 1: the abandoned PUT must not store", got)
	}
	if got := srv.Puts("card-2"); got != 1 {
		t.Fatalf("Puts(card-2) = %d, want 1", got)
	}

	srv.Slow(0)
	began = time.Now()
	c.do(http.MethodGet, "v1/layouts", "")
	if took := time.Since(began); took > 90*time.Millisecond {
		t.Fatalf("Slow(0) still slow: %v", took)
	}
}

func TestSlowDoesNotHoldUpClose(t *testing.T) {
	srv, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv)
	srv.Slow(time.Hour)
	go func() { _, _ = c.call(http.MethodPost, "v1/login", "{}", nil) }()
	waitFor(t, func() bool { return srv.Requests() == 1 })
	done := make(chan struct{})
	go func() { srv.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for a slow request")
	}
}

func TestDropAfterStore(t *testing.T) {
	srv := start(t, Options{})
	c := loggedIn(t, srv)
	c.hc.Transport.(*http.Transport).DisableKeepAlives = true

	srv.DropAfterStore(1)
	_, err := c.call(http.MethodPut, "v1/cards/card-1", orderJSON(t, nil), map[string]string{"Idempotency-Key": "card-1"})
	if err == nil || !strings.Contains(err.Error(), "EOF") {
		t.Fatalf("dropped PUT: %v, want an EOF", err)
	}
	if got := srv.Records(); got != 1 {
		t.Fatalf("Records() = %d, want 1: the card is stored before the drop", got)
	}
	// The retry the client makes is a replay.
	if r := c.put("card-1", orderJSON(t, nil)); r.status != http.StatusOK {
		t.Fatalf("retry: %d %s", r.status, r.body)
	}

	// An invalid PUT does not spend the fault.
	srv.DropAfterStore(1)
	if r := c.put("card-2", `{}`); r.status != http.StatusBadRequest {
		t.Fatalf("invalid PUT: %d", r.status)
	}
	if _, err := c.call(http.MethodPut, "v1/cards/card-2", orderJSON(t, nil), map[string]string{"Idempotency-Key": "card-2"}); err == nil {
		t.Fatal("the drop was spent by an invalid PUT")
	}
}

// TestDropOnKeepAliveIsResent pins the net/http behaviour DropAfterStore's
// comment warns about, so a Go change there shows up here.
func TestDropOnKeepAliveIsResent(t *testing.T) {
	srv := start(t, Options{})
	c := loggedIn(t, srv) // the PUT reuses the login's connection
	srv.DropAfterStore(1)
	r := c.put("card-1", orderJSON(t, nil))
	if r.status != http.StatusOK || srv.Puts("card-1") != 2 {
		t.Fatalf("got %d after %d PUTs; want the transport's silent resend to get 200", r.status, srv.Puts("card-1"))
	}
}

func TestFailBefore(t *testing.T) {
	srv := start(t, Options{})
	c := newClient(t, srv)
	srv.FailBefore(2, http.StatusServiceUnavailable)
	c.login() // spared

	for _, path := range []string{"v1/layouts", "v1/cards/card-1"} {
		r := c.do(http.MethodGet, path, "")
		if r.status != http.StatusServiceUnavailable {
			t.Fatalf("GET %s: %d, want 503", path, r.status)
		}
		r.errorText(t)
	}
	ordered(t, c, 1)

	srv.FailBefore(1, http.StatusInternalServerError)
	if r := c.put("card-2", orderJSON(t, nil)); r.status != http.StatusInternalServerError {
		t.Fatalf("PUT: %d, want 500", r.status)
	}
	if _, ok := srv.Card("card-2"); ok {
		t.Fatal("FailBefore stored the card")
	}
	if got := srv.Puts("card-2"); got != 1 {
		t.Fatalf("Puts = %d, want 1", got)
	}

	srv.FailBefore(3, http.StatusBadGateway)
	srv.FailBefore(0, http.StatusBadGateway) // a new count replaces the old
	if r := c.do(http.MethodGet, "v1/layouts", ""); r.status != http.StatusOK {
		t.Fatalf("after FailBefore(0): %d", r.status)
	}
}

func TestFailBeforePanicsOnSuccessStatus(t *testing.T) {
	srv := start(t, Options{})
	defer func() {
		if recover() == nil {
			t.Fatal("no panic for status 200")
		}
	}()
	srv.FailBefore(1, http.StatusOK)
}

func TestFailAfterStore(t *testing.T) {
	srv := start(t, Options{})
	c := loggedIn(t, srv)
	srv.FailAfterStore(1, http.StatusInternalServerError)
	r := c.put("card-1", orderJSON(t, nil))
	if r.status != http.StatusInternalServerError {
		t.Fatalf("PUT: %d, want 500", r.status)
	}
	r.errorText(t)
	if got := srv.Records(); got != 1 {
		t.Fatalf("Records() = %d, want 1", got)
	}
	if r := c.put("card-1", orderJSON(t, nil)); r.status != http.StatusOK {
		t.Fatalf("retry: %d, want 200 (replay)", r.status)
	}
}

func TestTooManyRequests(t *testing.T) {
	tests := []struct {
		retryAfter time.Duration
		want       string
	}{
		{0, "1"},
		{300 * time.Millisecond, "1"},
		{1500 * time.Millisecond, "2"},
		{3 * time.Second, "3"},
	}
	srv := start(t, Options{})
	c := newClient(t, srv)
	for _, tt := range tests {
		t.Run(tt.retryAfter.String(), func(t *testing.T) {
			srv.TooManyRequests(1, tt.retryAfter)
			c.login() // spared
			r := c.do(http.MethodGet, "v1/cards?since=0", "")
			if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != tt.want {
				t.Fatalf("%d Retry-After=%q, want 429 %q", r.status, r.header.Get("Retry-After"), tt.want)
			}
			r.errorText(t)
			if r := c.do(http.MethodGet, "v1/cards?since=0", ""); r.status != http.StatusOK {
				t.Fatalf("next request: %d", r.status)
			}
		})
	}

	// 429 comes first when FailBefore is set too, and neither needs a token.
	srv.TooManyRequests(1, time.Second)
	srv.FailBefore(1, http.StatusServiceUnavailable)
	c.token = ""
	for _, want := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusUnauthorized} {
		if r := c.do(http.MethodGet, "v1/layouts", ""); r.status != want {
			t.Fatalf("%d, want %d", r.status, want)
		}
	}
}

func TestReplayChanges(t *testing.T) {
	srv := start(t, Options{})
	c := loggedIn(t, srv)
	ordered(t, c, 2)
	mustDo(t, srv.Advance("card-1"), srv.Advance("card-1")) // v3 in_production, v4 produced

	srv.ReplayChanges(true)
	f := c.changes(0)
	if f.Next != 4 {
		t.Fatalf("next %d, want 4", f.Next)
	}
	if slices.IsSortedFunc(f.Cards, func(a, b Card) int { return int(a.Version - b.Version) }) {
		t.Errorf("page is in version order: %+v", f.Cards)
	}
	seen := map[int64]int{}
	stale := false
	for _, card := range f.Cards {
		seen[card.Version]++
		if card.CardID == "card-1" && card.Status == StatusOrdered && card.Version == 1 {
			stale = true
		}
	}
	if !stale {
		t.Errorf("no stale ordered copy of card-1 in %+v", f.Cards)
	}
	if seen[4] < 2 || seen[2] < 2 {
		t.Errorf("no repeated updates: %v", seen)
	}

	// Applying forward only still ends where the producer is.
	final := map[string]Card{}
	for _, card := range f.Cards {
		if card.Version > final[card.CardID].Version {
			final[card.CardID] = card
		}
	}
	if final["card-1"].Status != StatusProduced || final["card-2"].Status != StatusOrdered {
		t.Errorf("forward-only result %+v", final)
	}

	if f := c.changes(4); len(f.Cards) != 0 || f.Next != 4 {
		t.Errorf("nothing new, replaying: %+v", f)
	}
	srv.ReplayChanges(false)
	if f := c.changes(0); len(f.Cards) != 2 || f.Next != 4 {
		t.Errorf("replay off: %+v", f)
	}
}
