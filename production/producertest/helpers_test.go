package producertest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// start runs a Server for one test and stops it when the test ends.
func start(t *testing.T, opt Options) *Server {
	t.Helper()
	if opt.Log == nil {
		opt.Log = t.Logf // safe: Close waits for every request before the test ends
	}
	srv, err := Start(opt)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// fakeClock is a settable Now for token expiry and Step.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// client is a bare protocol client over a real socket.
type client struct {
	t     *testing.T
	srv   *Server
	hc    *http.Client
	token string
}

// resp is one answer, read completely.
type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) errorText(t *testing.T) string {
	t.Helper()
	var e map[string]any
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body %q is not JSON: %v", r.body, err)
	}
	if len(e) != 1 {
		t.Fatalf("error body %s has keys other than error", r.body)
	}
	msg, ok := e["error"].(string)
	if !ok || msg == "" {
		t.Fatalf("error body %s has no error text", r.body)
	}
	return msg
}

func newClient(t *testing.T, srv *Server) *client {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &client{t: t, srv: srv, hc: &http.Client{Transport: tr, Timeout: 10 * time.Second}}
}

// loggedIn is a client that already holds a token.
func loggedIn(t *testing.T, srv *Server) *client {
	t.Helper()
	c := newClient(t, srv)
	c.login()
	return c
}

func (c *client) login() {
	c.t.Helper()
	r := c.must(c.call(http.MethodPost, "v1/login",
		`{"client_id":"`+DefaultClientID+`","client_secret":"`+DefaultClientSecret+`"}`, nil))
	if r.status != http.StatusOK {
		c.t.Fatalf("login: %d %s", r.status, r.body)
	}
	var reply struct {
		Token      string `json:"token"`
		ValidUntil string `json:"valid_until"`
	}
	decode(c.t, r.body, &reply)
	c.token = reply.Token
}

// call sends one request; headers with an empty value are left out, so a
// case can remove the default Authorization or Idempotency-Key.
func (c *client) call(method, path, body string, header map[string]string) (resp, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.srv.URL()+path, rd)
	if err != nil {
		return resp{}, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return resp{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return resp{}, err
	}
	return resp{status: res.StatusCode, header: res.Header, body: b}, nil
}

func (c *client) must(r resp, err error) resp {
	c.t.Helper()
	if err != nil {
		c.t.Fatalf("request: %v", err)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		c.t.Fatalf("Content-Type %q, want application/json (status %d, body %s)", ct, r.status, r.body)
	}
	return r
}

func (c *client) do(method, path, body string) resp {
	c.t.Helper()
	return c.must(c.call(method, path, body, nil))
}

func (c *client) put(cardID, body string) resp {
	c.t.Helper()
	return c.must(c.call(http.MethodPut, "v1/cards/"+cardID, body, map[string]string{"Idempotency-Key": cardID}))
}

func (c *client) card(cardID string) Card {
	c.t.Helper()
	r := c.do(http.MethodGet, "v1/cards/"+cardID, "")
	if r.status != http.StatusOK {
		c.t.Fatalf("GET card %s: %d %s", cardID, r.status, r.body)
	}
	var card Card
	decode(c.t, r.body, &card)
	return card
}

type feed struct {
	Cards []Card `json:"cards"`
	Next  int64  `json:"next"`
}

func (c *client) changes(since int64) feed {
	c.t.Helper()
	r := c.do(http.MethodGet, "v1/cards?since="+itoa(since), "")
	if r.status != http.StatusOK {
		c.t.Fatalf("changes since %d: %d %s", since, r.status, r.body)
	}
	var f feed
	decode(c.t, r.body, &f)
	return f
}

func decode(t *testing.T, b []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// orderJSON builds a PUT body from a base personal order with changes; a
// nil value removes the key.
func orderJSON(t *testing.T, changes map[string]any) string {
	t.Helper()
	o := map[string]any{
		"kind":      "personal",
		"order_id":  "0b9e7c1e-3f1a-4f7e-9d7a-1c2b3d4e5f60",
		"layout_id": "employee",
		"fields": map[string]any{
			"first_name": "Anna", "last_name": "Dąbrowska", "external_id": "E1001",
			"department": "Research", "email": "anna@example.org",
		},
		"photo_jpeg_base64": "/9j/4AAQSkZJRgABAQ==",
		"station":           "Front desk",
		"ordered_by":        "jdoe",
	}
	for k, v := range changes {
		if v == nil {
			delete(o, k)
		} else {
			o[k] = v
		}
	}
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func temporaryJSON(t *testing.T) string {
	t.Helper()
	return orderJSON(t, map[string]any{
		"kind": "temporary", "fields": map[string]any{}, "photo_jpeg_base64": nil,
	})
}

// ordered stores n personal cards "card-1" … and returns their ids.
func ordered(t *testing.T, c *client, n int) []string {
	t.Helper()
	var ids []string
	for i := 1; i <= n; i++ {
		id := "card-" + itoa(int64(i))
		if r := c.put(id, orderJSON(t, nil)); r.status != http.StatusCreated {
			t.Fatalf("PUT %s: %d %s", id, r.status, r.body)
		}
		ids = append(ids, id)
	}
	return ids
}
