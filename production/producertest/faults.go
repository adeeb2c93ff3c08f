package producertest

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// faults are the misbehaviours switched on by the Server's fault methods.
type faults struct {
	slow time.Duration

	tooMany    int
	retryAfter time.Duration

	failBefore       int
	failBeforeStatus int

	dropAfterStore int

	failAfterStore       int
	failAfterStoreStatus int

	replay bool
}

// Slow delays every response, login included, by d; 0 turns it off. The
// wait comes after the request body is read and before anything is done,
// so a client that gives up meanwhile (timeout, cancelled context, closed
// connection) leaves nothing changed and gets no reply.
func (s *Server) Slow(d time.Duration) {
	s.setFaults(func(f *faults) { f.slow = max(d, 0) })
}

// TooManyRequests makes the next n requests other than login answer 429
// with Retry-After set to retryAfter in whole seconds, rounded up and at
// least 1, without doing anything. It is checked before FailBefore, and
// before the token, as a gateway in front of the producer would.
func (s *Server) TooManyRequests(n int, retryAfter time.Duration) {
	s.setFaults(func(f *faults) { f.tooMany, f.retryAfter = max(n, 0), retryAfter })
}

// FailBefore makes the next n requests other than login answer status
// (400–599, typically 500 or 503) without doing anything, before the token
// is even looked at. Login is spared so that a test's count is spent on the
// calls it is about, not on the client's first login.
func (s *Server) FailBefore(n int, status int) {
	checkErrorStatus("FailBefore", status)
	s.setFaults(func(f *faults) { f.failBefore, f.failBeforeStatus = max(n, 0), status })
}

// DropAfterStore makes the next n authorised PUTs with a valid body do all
// their usual work (store a new card, or find a replay, a conflict or an
// early cancel) and then close the
// connection without a reply, so the client cannot know whether the card
// was stored.
//
// Go's http.Transport silently resends a request that carries an
// Idempotency-Key when a reused keep-alive connection fails this way, so a
// client on such a transport sees the error only on a fresh connection;
// the resend is itself a PUT and counts toward n and Puts.
func (s *Server) DropAfterStore(n int) {
	s.setFaults(func(f *faults) { f.dropAfterStore = max(n, 0) })
}

// FailAfterStore makes the next n authorised PUTs with a valid body do all
// their usual work and then answer status (400–599) instead of the real reply. If
// DropAfterStore is also set, the drop is used first.
func (s *Server) FailAfterStore(n int, status int) {
	checkErrorStatus("FailAfterStore", status)
	s.setFaults(func(f *faults) { f.failAfterStore, f.failAfterStoreStatus = max(n, 0), status })
}

// ReplayChanges on makes GET v1/cards repeat itself: for each card on the
// page it also lists every earlier version of that card (its older status
// under its older version) and the current version twice, all newest
// first. next stays the highest version listed, as without the fault.
func (s *Server) ReplayChanges(on bool) {
	s.setFaults(func(f *faults) { f.replay = on })
}

// ExpireTokens invalidates every token issued so far; the next call with
// one gets 401 and the client must log in again.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.state.tokens)
}

// setFaults changes the faults under the server's lock.
func (s *Server) setFaults(change func(f *faults)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	change(&s.state.faults)
}

// checkErrorStatus panics, as net/http does for an invalid status, because
// a success code here is a mistake in the test, not a fault to simulate.
func checkErrorStatus(method string, status int) {
	if status < 400 || status > 599 {
		panic(fmt.Sprintf("producertest: %s status %d is not an error status (400–599)", method, status))
	}
}

// pause waits out Slow; false means the client or the server went away.
func (s *Server) pause(ctx context.Context) bool {
	s.mu.Lock()
	d := s.state.faults.slow
	s.mu.Unlock()
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.stop:
	}
	return false
}

// injected is a reply a fault puts in place of the real one.
type injected struct {
	status     int
	retryAfter string
	msg        string
}

// takeBeforeFault spends one count of TooManyRequests or FailBefore.
func (s *Server) takeBeforeFault() (injected, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &s.state.faults
	switch {
	case f.tooMany > 0:
		f.tooMany--
		secs := int64((f.retryAfter + time.Second - 1) / time.Second)
		return injected{
			status:     http.StatusTooManyRequests,
			retryAfter: strconv.FormatInt(max(secs, 1), 10),
			msg:        "too many requests (simulated)",
		}, true
	case f.failBefore > 0:
		f.failBefore--
		return injected{status: f.failBeforeStatus, msg: "simulated failure before doing anything"}, true
	}
	return injected{}, false
}

// afterStore is what happens to a PUT's reply once its work is done.
type afterStore int

const (
	replyNormally afterStore = iota
	dropConnection
	replyFault
)

func (s *Server) takeAfterStoreFaultLocked() (afterStore, int) {
	f := &s.state.faults
	switch {
	case f.dropAfterStore > 0:
		f.dropAfterStore--
		return dropConnection, 0
	case f.failAfterStore > 0:
		f.failAfterStore--
		return replyFault, f.failAfterStoreStatus
	}
	return replyNormally, 0
}

func (s *Server) writeInjected(w http.ResponseWriter, r *http.Request, f injected) {
	if f.retryAfter != "" {
		w.Header().Set("Retry-After", f.retryAfter)
	}
	s.replyError(w, r, f.status, f.msg)
}

// drop closes the connection without writing a byte, which is what a
// crashed producer or a cut network looks like to the client.
func (s *Server) drop(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Only HTTP/1 can be hijacked; the server speaks nothing else, so
		// this is a bug worth seeing in the test rather than a silent reply.
		s.replyError(w, r, http.StatusInternalServerError, "cannot drop the connection: "+err.Error())
		return
	}
	_ = conn.Close()
	s.logf("%s %s -> connection dropped (simulated)", r.Method, r.URL.Path)
}
