package production

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/carddesk/carddesk/enroll"
)

// The producer's replies are outside bytes: every decoder of them is fuzzed
// here or in decode_test.go (FuzzDecodeCard), and the client as a whole is
// fuzzed with a transport that answers whatever the fuzzer chose.

func FuzzDecodeLayouts(f *testing.F) {
	for _, seed := range []string{
		`[{"id":"employee","name":"Employee","fields":[{"name":"first_name","required":true,"max_length":40}]}]`,
		`[]`, `null`, `[{"id":"a","fields":null}]`, `[{"id":"a","fields":[{"name":"x","max_length":-1}]}]`,
		`[{"id":"a"}] []`, `[{"id":"a","fields":[{"name":"x","max_length":1e3}]}]`, `{`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		layouts, err := decodeLayouts(data)
		if err != nil {
			if layouts != nil {
				t.Fatalf("layouts %v with error %v", layouts, err)
			}
			return
		}
		checkLayouts(t, layouts)
	})
}

func checkLayouts(t *testing.T, layouts []enroll.Layout) {
	t.Helper()
	if layouts == nil {
		t.Fatal("nil layouts without an error")
	}
	for _, l := range layouts {
		if l.ID == "" || l.Fields == nil {
			t.Fatalf("accepted layout %+v", l)
		}
		for _, fd := range l.Fields {
			if fd.Name == "" || fd.MaxLength < 0 {
				t.Fatalf("layout %s: accepted field %+v", l.ID, fd)
			}
		}
	}
}

// FuzzErrorText: the reason shown to the operator is never empty, is
// valid UTF-8 on one line, and never longer than maxReason plus the ellipsis.
func FuzzErrorText(f *testing.F) {
	for _, seed := range []string{
		`{"error":"layout employee: first_name is required"}`, `{"error":""}`, `{"error":null}`,
		"<html>\n<body>Bad Gateway</body></html>", "", "   ", "\xff\xfe", `{"error":"a` + strings.Repeat("é", 300) + `"}`,
		strings.Repeat("ü", 150), `{"error":"two\nlines"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		text := errorText(body)
		if text == "" || !utf8.ValidString(text) || strings.ContainsAny(text, "\r\n") {
			t.Fatalf("errorText(%q) = %q", body, text)
		}
		if len(strings.TrimSuffix(text, "…")) > maxReason {
			t.Fatalf("errorText(%q) is %d bytes long", body, len(text))
		}
	})
}

func FuzzRetryAfter(f *testing.F) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, seed := range []string{"120", "0", "-5", " 7 ", "99999999999999999999", "Mon, 02 Nov 2026 09:05:00 GMT",
		"Mon, 02 Nov 2026 08:00:00 GMT", "Sun, 06 Nov 1994 08:49:37 GMT", "soon", "1.5", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		d := retryAfter(value, now)
		if d < 0 || d > maxRetryAfter {
			t.Fatalf("retryAfter(%q) = %s", value, d)
		}
	})
}

// scriptedAnswer is one scripted HTTP reply.
type scriptedAnswer struct {
	status     int
	retryAfter string
	body       []byte
}

// scripted is a transport that answers the login with login and every
// other request with call, and remembers the last Authorization header.
type scripted struct {
	login, call scriptedAnswer
	auth        string
}

func (s *scripted) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	a := s.call
	if strings.HasSuffix(r.URL.Path, "/v1/login") {
		a = s.login
	} else {
		s.auth = r.Header.Get("Authorization")
	}
	h := http.Header{}
	if a.retryAfter != "" {
		h.Set("Retry-After", a.retryAfter)
	}
	return &http.Response{StatusCode: a.status, Status: http.StatusText(a.status), Header: h,
		Body: io.NopCloser(bytes.NewReader(a.body)), Request: r, ProtoMajor: 1, ProtoMinor: 1}, nil
}

func fuzzClient(t *testing.T, rt *scripted) *Client {
	t.Helper()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	c, err := New(enroll.ProducerConfig{URL: "https://producer.example/api/", ClientID: testID, ClientSecret: testSecret},
		Options{
			HTTPClient: &http.Client{Transport: rt, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
			Now:        func() time.Time { return now },
			Timeout:    5 * time.Second,
		})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// status maps any int onto an HTTP status from 100 to 599.
func status(n int) int {
	if n < 0 {
		n = -(n + 1)
	}
	return 100 + n%500
}

const goodLogin = `{"token":"tok-1","valid_until":"2026-11-02T10:00:00Z"}`

// FuzzLoginReply: whatever the login answers, the client does not panic,
// goes on only with a token and an RFC 3339 valid_until, sends exactly
// that token, and explains a refusal as an *AuthError.
func FuzzLoginReply(f *testing.F) {
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, goodLogin}, {200, `{"token":"","valid_until":"2026-11-02T10:00:00Z"}`},
		{200, `{"token":"t","valid_until":"tomorrow"}`}, {200, `{"token":"t\n","valid_until":"2026-11-02T10:00:00Z"}`},
		{200, `{"token":"t","valid_until":"2026-11-02T09:00:10Z"}`}, {200, goodLogin + goodLogin},
		{401, `{"error":"unknown client"}`}, {403, ``}, {404, `<html>`}, {503, `busy`}, {302, ``}, {200, `<html>`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, code int, body []byte) {
		code = status(code)
		rt := &scripted{login: scriptedAnswer{status: code, body: body}, call: scriptedAnswer{status: 200, body: []byte(`[]`)}}
		_, err := fuzzClient(t, rt).Layouts(context.Background())
		if err == nil {
			var lr loginReply
			if code < 200 || code > 299 || json.Unmarshal(body, &lr) != nil || lr.Token == "" {
				t.Fatalf("login answered %d %q, yet the call went on", code, body)
			}
			if _, perr := time.Parse(time.RFC3339, lr.ValidUntil); perr != nil {
				t.Fatalf("login valid_until %q accepted", lr.ValidUntil)
			}
			if rt.auth != "Bearer "+lr.Token {
				t.Fatalf("login gave token %q, the call sent %q", lr.Token, rt.auth)
			}
			return
		}
		checkError(t, err)
		var ae *AuthError
		if (code == 401 || code == 403) != errors.As(err, &ae) {
			t.Fatalf("login answered %d: %v", code, err)
		}
	})
}

// FuzzReply: whatever a call's reply, the client does not panic, succeeds
// only on a 2xx whose body keeps the protocol (about the card asked for),
// and maps each failing status onto the error enroll handles.
func FuzzReply(f *testing.F) {
	for _, seed := range []struct {
		call   uint8
		status int
		retry  string
		body   string
	}{
		{0, 200, "", `[{"id":"employee","fields":[{"name":"first_name","required":true,"max_length":40}]}]`},
		{1, 200, "", `{"card_id":"c-1","status":"ordered","version":3}`},
		{1, 200, "", `{"card_id":"c-2","status":"ordered"}`},
		{2, 200, "", `{"card_id":"c-1","status":"produced","credential":{"format":"h10301","fields":{"card":123,"facility":"7"}}}`},
		{3, 200, "", `{"card_id":"c-1","status":"cancelled"}`},
		{4, 200, "", `{"cards":[{"card_id":"c-1","status":"failed","failure_reason":"printer jam"}],"next":9}`},
		{1, 422, "", `{"error":"layout employee: first_name is required"}`},
		{2, 404, "", ``}, {3, 409, "", `{"error":"in production"}`},
		{4, 503, "120", `busy`}, {0, 429, "Mon, 02 Nov 2026 09:05:00 GMT", ``},
		{0, 301, "", ``}, {2, 200, "", `{"card_id":"c-1","status":"ordered"} x`},
	} {
		f.Add(seed.call, seed.status, seed.retry, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, call uint8, code int, retry string, body []byte) {
		code = status(code)
		if code == http.StatusUnauthorized {
			code = http.StatusForbidden // a 401 logs in again: FuzzLoginReply's business
		}
		rt := &scripted{login: scriptedAnswer{status: 200, body: []byte(goodLogin)}, call: scriptedAnswer{status: code, retryAfter: retry, body: body}}
		err := fuzzCall(t, fuzzClient(t, rt), call%5)
		if err == nil {
			if code < 200 || code > 299 {
				t.Fatalf("HTTP %d %q accepted", code, body)
			}
			return
		}
		checkError(t, err)
		var unavailable *enroll.ProducerUnavailableError
		var rejected *enroll.ProducerRejectedError
		switch {
		case code == 400 || code == 422:
			if !errors.As(err, &rejected) || rejected.Status != code {
				t.Fatalf("HTTP %d: %v", code, err)
			}
		case code == 409:
			if !errors.Is(err, enroll.ErrProducerConflict) {
				t.Fatalf("HTTP 409: %v", err)
			}
		case code == 429 || code == 408 || code >= 500:
			if !errors.As(err, &unavailable) || unavailable.RetryAfter < 0 || unavailable.RetryAfter > maxRetryAfter {
				t.Fatalf("HTTP %d: %v", code, err)
			}
		}
	})
}

// fuzzCall makes call number n and checks what it returns on success.
func fuzzCall(t *testing.T, c *Client, n uint8) error {
	t.Helper()
	ctx := context.Background()
	card := func(got enroll.ProducerCard, err error) error {
		if err == nil {
			checkCard(t, got)
			if got.CardID != "c-1" {
				t.Fatalf("asked about card c-1, accepted a reply about %q", got.CardID)
			}
		}
		return err
	}
	switch n {
	case 0:
		layouts, err := c.Layouts(ctx)
		if err == nil {
			checkLayouts(t, layouts)
		}
		return err
	case 1:
		return card(c.Send(ctx, enroll.ProducerOrder{CardID: "c-1", OrderID: "o-1", Kind: enroll.KindTemporary, LayoutID: "visitor"}))
	case 2:
		return card(c.Card(ctx, "c-1"))
	case 3:
		return card(c.Cancel(ctx, "c-1"))
	}
	cards, next, err := c.Changes(ctx, 4)
	if err == nil {
		if next < 0 || cards == nil {
			t.Fatalf("changes: next %d, cards %v", next, cards)
		}
		for _, got := range cards {
			checkCard(t, got)
		}
	}
	return err
}

// checkError: an error the desk shows is valid UTF-8 and never carries the
// station's secret.
func checkError(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	if msg == "" || !utf8.ValidString(msg) || strings.Contains(msg, testSecret) {
		t.Fatalf("error %q", msg)
	}
}
