package production

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

const (
	testID     = "desk-7"
	testSecret = "s3cret-Do-Not-Log"
	prefix     = "/api/" // the base URL's path: every request must land under it
)

// recorded is one request the fake producer received.
type recorded struct {
	Method string
	Path   string // escaped, as on the wire
	Query  string
	Header http.Header
	Body   []byte
}

// fake is a producer written for these tests: it logs clients in and hands
// every other request to handle. Tokens are "tok-1", "tok-2"... so a test
// can tell which login a call used.
type fake struct {
	t      *testing.T
	srv    *httptest.Server
	client *Client

	mu         sync.Mutex
	logins     int
	requests   []recorded // all but logins
	validFor   time.Duration
	clock      func() time.Time
	loginDelay time.Duration
	loginCode  int                                          // 0: 200
	handle     func(w http.ResponseWriter, r *http.Request) // nil: 200 {}
	reject     int                                          // answer this many calls 401
	accept     func(token string) bool                      // nil: only the latest token
}

func newFake(t *testing.T, handle func(w http.ResponseWriter, r *http.Request)) *fake {
	t.Helper()
	f := &fake{t: t, handle: handle, validFor: time.Hour, clock: time.Now}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+prefix+"v1/login", f.login)
	mux.HandleFunc(prefix, f.serve)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// newClient makes a client of f with base URL .../api (no slash: New adds it).
func (f *fake) newClient(opt Options) *Client {
	f.t.Helper()
	c, err := New(enroll.ProducerConfig{URL: f.srv.URL + strings.TrimSuffix(prefix, "/"),
		ClientID: testID, ClientSecret: testSecret}, opt)
	if err != nil {
		f.t.Fatal(err)
	}
	f.client = c
	return c
}

func (f *fake) login(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.logins++
	n, code, delay, until := f.logins, f.loginCode, f.loginDelay, f.clock().Add(f.validFor)
	f.mu.Unlock()
	time.Sleep(delay)
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil ||
		body["client_id"] != testID || body["client_secret"] != testSecret || len(body) != 2 ||
		r.Header.Get("Authorization") != "" || r.Header.Get("Content-Type") != "application/json" {
		replyJSON(w, http.StatusBadRequest, map[string]string{"error": "bad login request"})
		return
	}
	if code != 0 {
		replyJSON(w, code, map[string]string{"error": "unknown client"})
		return
	}
	replyJSON(w, http.StatusOK, map[string]string{"token": "tok-" + strconv.Itoa(n),
		"valid_until": until.UTC().Format(time.RFC3339)})
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.requests = append(f.requests, recorded{Method: r.Method, Path: r.URL.EscapedPath(),
		Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
	latest := "tok-" + strconv.Itoa(f.logins)
	reject := f.reject > 0
	if reject {
		f.reject--
	}
	accept := f.accept
	f.mu.Unlock()
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	ok := token == latest
	if accept != nil {
		ok = accept(token)
	}
	if reject || !ok {
		replyJSON(w, http.StatusUnauthorized, map[string]string{"error": "token expired"})
		return
	}
	if f.handle == nil {
		replyJSON(w, http.StatusOK, map[string]any{})
		return
	}
	f.handle(w, r)
}

func (f *fake) counts() (logins, requests int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.logins, len(f.requests)
}

func (f *fake) last() recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.requests) == 0 {
		f.t.Fatal("no request reached the producer")
	}
	return f.requests[len(f.requests)-1]
}

func replyJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// answer answers every call with code and the raw body.
func answer(code int, body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

const cardJSON = `{"card_id":"c-1","order_id":"o-1","kind":"personal","status":"produced","version":17,` +
	`"failure_reason":"","credential":{"format":"h10301","fields":{"facility":12,"card":3456},"uid":"04a1b2c3d4e580"}}`

func wantCard() enroll.ProducerCard {
	return enroll.ProducerCard{CardID: "c-1", OrderID: "o-1", Kind: enroll.KindPersonal, Status: "produced", Version: 17,
		Credential: &enroll.ProducedCredential{Format: "h10301", Fields: map[string]string{"facility": "12", "card": "3456"},
			UID: "04a1b2c3d4e580"}}
}
