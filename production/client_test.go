package production

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

func TestNewValidatesURL(t *testing.T) {
	tests := []struct {
		url      string
		wantBase string // "": an error is wanted
		notConf  bool   // the error is enroll.ErrProducerNotConfigured
	}{
		{url: "https://cards.example.org/", wantBase: "https://cards.example.org/"},
		{url: "https://cards.example.org", wantBase: "https://cards.example.org/"},
		{url: "https://h/api", wantBase: "https://h/api/"},
		{url: "http://127.0.0.1:8080/a/b/", wantBase: "http://127.0.0.1:8080/a/b/"},
		{url: "", notConf: true},
		{url: "ftp://h/"},
		{url: "cards.example.org"},
		{url: "/api/"},
		{url: "https:///api"},
		{url: "https://user:pw@h/"},
		{url: "https://h/?x=1"},
		{url: "https://h/#frag"},
		{url: "https://h:bad/"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			c, err := New(enroll.ProducerConfig{URL: tt.url, ClientID: "id", ClientSecret: "pw-secret"}, Options{})
			if tt.wantBase != "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := c.base.String(); got != tt.wantBase {
					t.Errorf("base = %s, want %s", got, tt.wantBase)
				}
				return
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Setting != "production.url" {
				t.Fatalf("err = %v, want a ConfigError for production.url", err)
			}
			if errors.Is(err, enroll.ErrProducerNotConfigured) != tt.notConf {
				t.Errorf("errors.Is(ErrProducerNotConfigured) = %v, want %v", !tt.notConf, tt.notConf)
			}
			if strings.Contains(err.Error(), "pw") {
				t.Errorf("error shows a password: %v", err)
			}
		})
	}
}

func TestNewNeedsCredentials(t *testing.T) {
	for _, cfg := range []enroll.ProducerConfig{
		{URL: "https://h/", ClientSecret: "x"},
		{URL: "https://h/", ClientID: "x"},
	} {
		_, err := New(cfg, Options{})
		if !errors.Is(err, enroll.ErrProducerNotConfigured) {
			t.Errorf("New(%+v) = %v, want ErrProducerNotConfigured", cfg, err)
		}
	}
}

func TestEndpointResolvesUnderBasePath(t *testing.T) {
	c, err := New(enroll.ProducerConfig{URL: "https://h/api", ClientID: "i", ClientSecret: "s"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for rel, want := range map[string]string{
		"v1/login":              "https://h/api/v1/login",
		"v1/cards?since=3":      "https://h/api/v1/cards?since=3",
		"v1/cards/a%2Fb/cancel": "https://h/api/v1/cards/a%2Fb/cancel",
	} {
		if got, err := c.endpoint(rel); err != nil || got != want {
			t.Errorf("endpoint(%q) = %q, %v; want %q", rel, got, err, want)
		}
	}
}

// TestRequestShapes checks each call byte for byte where the protocol is
// exact: method, escaped path under the base path, headers, JSON keys.
func TestRequestShapes(t *testing.T) {
	photo := []byte{0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F'}
	personal := enroll.ProducerOrder{CardID: "9b2f0c1e-1111-4c3a-9e7a-123456789abc", OrderID: "o-1",
		Kind: enroll.KindPersonal, LayoutID: "employee",
		Fields: map[string]string{"first_name": "Anna", "last_name": "Dąbrowska", "external_id": "E1001",
			"department": "R&D <lab>", "email": "anna@example.org"},
		PhotoJPEG: photo, Station: "Front desk", OrderedBy: "jdoe"}
	temporary := enroll.ProducerOrder{CardID: "t-1", OrderID: "o-2", Kind: enroll.KindTemporary,
		LayoutID: "visitor", Station: "Front desk", OrderedBy: "jdoe"}
	layouts := `[{"id":"employee","name":"Employee card","fields":[{"name":"first_name","required":true,"max_length":40},{"name":"photo"}]}]`

	tests := []struct {
		name    string
		reply   string
		call    func(c *Client) (any, error)
		method  string
		path    string
		query   string
		idemKey string
		body    map[string]any // nil: no body
		rawBody string         // when set, the exact bytes
		want    any
	}{{
		name:   "layouts",
		reply:  layouts,
		call:   func(c *Client) (any, error) { return c.Layouts(context.Background()) },
		method: "GET", path: prefix + "v1/layouts",
		want: []enroll.Layout{{ID: "employee", Name: "Employee card", Fields: []enroll.LayoutField{
			{Name: "first_name", Required: true, MaxLength: 40}, {Name: "photo"}}}},
	}, {
		name:   "send personal",
		reply:  `{"card_id":"9b2f0c1e-1111-4c3a-9e7a-123456789abc","status":"ordered"}`,
		call:   func(c *Client) (any, error) { return c.Send(context.Background(), personal) },
		method: "PUT", path: prefix + "v1/cards/9b2f0c1e-1111-4c3a-9e7a-123456789abc",
		idemKey: personal.CardID,
		body: map[string]any{"kind": "personal", "order_id": "o-1", "layout_id": "employee",
			"fields": map[string]any{"first_name": "Anna", "last_name": "Dąbrowska", "external_id": "E1001",
				"department": "R&D <lab>", "email": "anna@example.org"},
			"photo_jpeg_base64": "/9j/4AAQSkZJRg==", "station": "Front desk", "ordered_by": "jdoe"},
		want: enroll.ProducerCard{CardID: personal.CardID, OrderID: "o-1", Kind: enroll.KindPersonal, Status: "ordered"},
	}, {
		name:   "send temporary",
		reply:  `{"card_id":"t-1","status":"ordered"}`,
		call:   func(c *Client) (any, error) { return c.Send(context.Background(), temporary) },
		method: "PUT", path: prefix + "v1/cards/t-1", idemKey: "t-1",
		rawBody: `{"kind":"temporary","order_id":"o-2","layout_id":"visitor","fields":{},"station":"Front desk","ordered_by":"jdoe"}`,
		want:    enroll.ProducerCard{CardID: "t-1", OrderID: "o-2", Kind: enroll.KindTemporary, Status: "ordered"},
	}, {
		name:  "send escapes the id",
		reply: `{"card_id":"a b/c?d","status":"ordered"}`,
		call: func(c *Client) (any, error) {
			o := temporary
			o.CardID = "a b/c?d"
			return c.Send(context.Background(), o)
		},
		method: "PUT", path: prefix + "v1/cards/a%20b%2Fc%3Fd", idemKey: "a b/c?d",
		body: map[string]any{"kind": "temporary", "order_id": "o-2", "layout_id": "visitor",
			"fields": map[string]any{}, "station": "Front desk", "ordered_by": "jdoe"},
		want: enroll.ProducerCard{CardID: "a b/c?d", OrderID: "o-2", Kind: enroll.KindTemporary, Status: "ordered"},
	}, {
		name:   "card",
		reply:  cardJSON,
		call:   func(c *Client) (any, error) { return c.Card(context.Background(), "c-1") },
		method: "GET", path: prefix + "v1/cards/c-1",
		want: wantCard(),
	}, {
		name:  "changes",
		reply: `{"cards":[` + cardJSON + `],"next":17}`,
		call: func(c *Client) (any, error) {
			cards, next, err := c.Changes(context.Background(), 4)
			return []any{cards, next}, err
		},
		method: "GET", path: prefix + "v1/cards", query: "since=4",
		want: []any{[]enroll.ProducerCard{wantCard()}, int64(17)},
	}, {
		name:   "cancel",
		reply:  `{"card_id":"c-1","order_id":"o-1","kind":"personal","status":"cancelled","version":18}`,
		call:   func(c *Client) (any, error) { return c.Cancel(context.Background(), "c-1") },
		method: "POST", path: prefix + "v1/cards/c-1/cancel",
		want: enroll.ProducerCard{CardID: "c-1", OrderID: "o-1", Kind: enroll.KindPersonal, Status: "cancelled", Version: 18},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, answer(http.StatusOK, tt.reply))
			got, err := tt.call(f.newClient(Options{}))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("result = %#v\nwant %#v", got, tt.want)
			}
			r := f.last()
			if r.Method != tt.method || r.Path != tt.path || r.Query != tt.query {
				t.Errorf("request = %s %s?%s, want %s %s?%s", r.Method, r.Path, r.Query, tt.method, tt.path, tt.query)
			}
			if got := r.Header.Get("Authorization"); got != "Bearer tok-1" {
				t.Errorf("Authorization = %q", got)
			}
			if got := r.Header.Get("Idempotency-Key"); got != tt.idemKey {
				t.Errorf("Idempotency-Key = %q, want %q", got, tt.idemKey)
			}
			checkBody(t, r, tt.body, tt.rawBody)
		})
	}
}

func checkBody(t *testing.T, r recorded, golden map[string]any, raw string) {
	t.Helper()
	if golden == nil && raw == "" {
		if len(r.Body) != 0 {
			t.Errorf("body = %s, want none", r.Body)
		}
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if raw != "" {
		if string(r.Body) != raw {
			t.Errorf("body =\n%s\nwant\n%s", r.Body, raw)
		}
		return
	}
	var got map[string]any
	if err := json.Unmarshal(r.Body, &got); err != nil {
		t.Fatalf("body %s: %v", r.Body, err)
	}
	if !reflect.DeepEqual(got, golden) {
		t.Errorf("body = %v\nwant %v", got, golden)
	}
}

// A retry must send the same bytes, or the producer takes it for another
// card (422) instead of a replay (200).
func TestSendBodyIsStable(t *testing.T) {
	o := enroll.ProducerOrder{CardID: "c", OrderID: "o", Kind: enroll.KindPersonal, LayoutID: "l",
		Fields: map[string]string{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6"}}
	first, err := orderBody(o)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		if again, _ := orderBody(o); string(again) != string(first) {
			t.Fatalf("body changed:\n%s\n%s", first, again)
		}
	}
}

func TestRefusesUnsendableCardIDs(t *testing.T) {
	f := newFake(t, nil)
	c := f.newClient(Options{})
	for _, id := range []string{"", ".", ".."} {
		if _, err := c.Card(context.Background(), id); err == nil {
			t.Errorf("Card(%q) worked", id)
		}
		if _, err := c.Send(context.Background(), enroll.ProducerOrder{CardID: id}); err == nil {
			t.Errorf("Send(%q) worked", id)
		}
	}
	if _, requests := f.counts(); requests != 0 {
		t.Errorf("%d requests reached the producer", requests)
	}
}

func TestUnauthorized(t *testing.T) {
	tests := []struct {
		name         string
		reject       int
		wantErr      bool
		wantLogins   int
		wantRequests int
	}{
		{name: "token refused once: login again and repeat", reject: 1, wantLogins: 2, wantRequests: 2},
		{name: "refused twice: give up", reject: 2, wantErr: true, wantLogins: 2, wantRequests: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, answer(http.StatusOK, cardJSON))
			f.reject = tt.reject
			c := f.newClient(Options{})
			_, err := c.Card(context.Background(), "c-1")
			logins, requests := f.counts()
			if logins != tt.wantLogins || requests != tt.wantRequests {
				t.Errorf("logins, requests = %d, %d; want %d, %d", logins, requests, tt.wantLogins, tt.wantRequests)
			}
			if !tt.wantErr {
				if err != nil {
					t.Fatal(err)
				}
				if got := f.last().Header.Get("Authorization"); got != "Bearer tok-2" {
					t.Errorf("repeat used %q, want the new token", got)
				}
				return
			}
			var ae *AuthError
			if !errors.As(err, &ae) || !ae.AfterLogin || !strings.Contains(err.Error(), "token expired") {
				t.Fatalf("err = %v, want an AuthError after login with the producer's text", err)
			}
			var unavailable *enroll.ProducerUnavailableError
			if errors.As(err, &unavailable) {
				t.Errorf("a refused token is not an unreachable producer: %v", err)
			}
			// The refused token is dropped: the next call starts with a login.
			if _, err := c.Card(context.Background(), "c-1"); err != nil {
				t.Fatal(err)
			}
			if logins, _ := f.counts(); logins != 3 {
				t.Errorf("logins = %d, want 3", logins)
			}
		})
	}
}

func TestLoginFailures(t *testing.T) {
	tests := []struct {
		code  int
		check func(t *testing.T, err error)
	}{
		{code: http.StatusUnauthorized, check: func(t *testing.T, err error) {
			var ae *AuthError
			if !errors.As(err, &ae) || ae.AfterLogin || ae.ClientID != testID {
				t.Fatalf("err = %v, want an AuthError for the login", err)
			}
			for _, want := range []string{testID, "production.client_secret", "unknown client"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%q does not mention %q", err, want)
				}
			}
		}},
		{code: http.StatusServiceUnavailable, check: wantUnavailable(0)},
		{code: http.StatusNotFound, check: func(t *testing.T, err error) {
			if !strings.Contains(err.Error(), "production.url") || errors.Is(err, enroll.ErrNotFound) {
				t.Errorf("err = %v, want a hint at production.url and no card not-found", err)
			}
		}},
		{code: http.StatusBadRequest, check: func(t *testing.T, err error) {
			var rejected *enroll.ProducerRejectedError
			if err == nil || errors.As(err, &rejected) {
				t.Errorf("err = %v, want a login error, not a refused card", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.code), func(t *testing.T) {
			f := newFake(t, nil)
			f.loginCode = tt.code
			_, err := f.newClient(Options{}).Send(context.Background(), enroll.ProducerOrder{CardID: "c-1"})
			tt.check(t, err)
			if err != nil && strings.Contains(err.Error(), testSecret) {
				t.Errorf("the error shows the secret: %v", err)
			}
			if _, requests := f.counts(); requests != 0 {
				t.Errorf("%d requests sent without a token", requests)
			}
		})
	}
}

// testClock is a settable Options.Now shared with the fake producer.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func TestTokenRenewedBeforeValidUntil(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	clock := &testClock{now: t0}
	f := newFake(t, answer(http.StatusOK, "[]"))
	f.clock, f.validFor = clock.Now, 10*time.Minute
	c := f.newClient(Options{Now: clock.Now})
	steps := []struct {
		at         time.Duration
		wantLogins int
	}{
		{0, 1},
		{9 * time.Minute, 1},
		{9*time.Minute + 29*time.Second, 1},
		{9*time.Minute + 31*time.Second, 2}, // within 30 s of valid_until
		{15 * time.Minute, 2},               // the new token lasts until 19:31
		{20 * time.Minute, 3},
	}
	for _, s := range steps {
		clock.Set(t0.Add(s.at))
		if _, err := c.Layouts(context.Background()); err != nil {
			t.Fatalf("at +%s: %v", s.at, err)
		}
		if logins, _ := f.counts(); logins != s.wantLogins {
			t.Errorf("at +%s: logins = %d, want %d", s.at, logins, s.wantLogins)
		}
	}
}

func TestConcurrentCallsShareOneLogin(t *testing.T) {
	f := newFake(t, answer(http.StatusOK, "[]"))
	f.loginDelay = 100 * time.Millisecond
	c := f.newClient(Options{})
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			_, err := c.Layouts(context.Background())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if logins, requests := f.counts(); logins != 1 || requests != n {
		t.Errorf("logins, requests = %d, %d; want 1, %d", logins, requests, n)
	}
}

// When the token dies under many calls at once, one of them logs in and
// the rest use its token.
func TestConcurrentUnauthorizedShareOneRelogin(t *testing.T) {
	f := newFake(t, answer(http.StatusOK, "[]"))
	c := f.newClient(Options{})
	if _, err := c.Layouts(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	f.accept = func(token string) bool { return token == "tok-2" } // tok-1 revoked
	f.loginDelay = 50 * time.Millisecond
	f.mu.Unlock()
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if _, err := c.Layouts(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if logins, _ := f.counts(); logins != 2 {
		t.Errorf("logins = %d, want 2", logins)
	}
}

// A caller that gives up while another call logs in is not held up.
func TestWaitForLoginHonoursContext(t *testing.T) {
	f := newFake(t, answer(http.StatusOK, "[]"))
	f.loginDelay = time.Second
	c := f.newClient(Options{})
	go func() { _, _ = c.Layouts(context.Background()) }()
	time.Sleep(100 * time.Millisecond) // the first call holds the login
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Layouts(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the caller's deadline", err)
	}
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("took %s", took)
	}
	if strings.Contains(err.Error(), "within") {
		t.Errorf("the caller's deadline is not the client's timeout: %v", err)
	}
}
