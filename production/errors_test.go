package production

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

func wantUnavailable(retryAfter time.Duration) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var unavailable *enroll.ProducerUnavailableError
		if !errors.As(err, &unavailable) {
			t.Fatalf("err = %v, want ProducerUnavailableError", err)
		}
		if unavailable.RetryAfter != retryAfter {
			t.Errorf("RetryAfter = %s, want %s", unavailable.RetryAfter, retryAfter)
		}
	}
}

func wantRejected(status int, reason string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var rejected *enroll.ProducerRejectedError
		if !errors.As(err, &rejected) || rejected.Status != status || rejected.Reason != reason {
			t.Fatalf("err = %v, want ProducerRejectedError %d %q", err, status, reason)
		}
	}
}

func wantIs(target error, text string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		if !errors.Is(err, target) || !strings.Contains(err.Error(), text) {
			t.Fatalf("err = %v, want %v with %q", err, target, text)
		}
		var unavailable *enroll.ProducerUnavailableError
		if errors.As(err, &unavailable) {
			t.Errorf("a definite answer reported as unavailable: %v", err)
		}
	}
}

// wantOther is an error that is none of the port's definite answers, so
// enroll leaves the outcome unknown.
func wantOther(text string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var rejected *enroll.ProducerRejectedError
		if err == nil || errors.As(err, &rejected) || errors.Is(err, enroll.ErrProducerConflict) ||
			errors.Is(err, enroll.ErrNotFound) || !strings.Contains(err.Error(), text) {
			t.Fatalf("err = %v, want a plain error with %q", err, text)
		}
	}
}

func TestStatusMapping(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	errBody := func(text string) string { return `{"error":"` + text + `"}` }
	tests := []struct {
		name    string
		code    int
		header  map[string]string
		body    string
		card    bool // call Card instead of Send
		layouts bool // call Layouts instead of Send
		check   func(*testing.T, error)
	}{
		{name: "201 created", code: 201, body: `{"card_id":"c-1","status":"ordered"}`},
		{name: "200 replay", code: 200, body: `{"card_id":"c-1","status":"ordered"}`},
		{name: "400", code: 400, body: errBody("layout_id missing"), check: wantRejected(400, "layout_id missing")},
		{name: "422", code: 422, body: errBody("card_id reused with another body"), check: wantRejected(422, "card_id reused with another body")},
		{name: "422 without JSON", code: 422, body: "nope\n", check: wantRejected(422, "nope")},
		{name: "409", code: 409, body: errBody("cancelled"), check: wantIs(enroll.ErrProducerConflict, "cancelled")},
		{name: "404 card", code: 404, body: errBody("no such card"), card: true, check: wantIs(enroll.ErrNotFound, "no such card")},
		{name: "429 seconds", code: 429, header: map[string]string{"Retry-After": "7"}, body: errBody("slow down"), check: wantUnavailable(7 * time.Second)},
		{name: "503 date", code: 503, header: map[string]string{"Retry-After": "Sun, 06 Dec 2026 10:02:00 GMT"}, body: errBody("maintenance"), check: wantUnavailable(2 * time.Minute)},
		{name: "503 no retry-after", code: 503, body: "", check: wantUnavailable(0)},
		{name: "500", code: 500, body: errBody("boom"), check: wantUnavailable(0)},
		{name: "502 html", code: 502, body: "<html>bad gateway</html>", check: wantUnavailable(0)},
		{name: "408", code: 408, check: wantUnavailable(0)},
		{name: "404 on layouts", code: 404, layouts: true, check: wantOther("production.url")},
		{name: "403", code: 403, body: errBody("not allowed"), check: wantOther("not allowed")},
		{name: "302", code: 302, header: map[string]string{"Location": "https://elsewhere/"}, check: wantOther("production.url")},
		{name: "2xx not JSON", code: 200, body: "<html>welcome</html>", check: wantUnavailable(0)},
		{name: "2xx empty", code: 201, body: "", check: wantUnavailable(0)},
		{name: "2xx cut off", code: 201, body: `{"card_id":"c-1","sta`, check: wantUnavailable(0)},
		{name: "2xx unknown status", code: 201, body: `{"card_id":"c-1","status":"shipped"}`, check: wantOther(`unknown status "shipped"`)},
		{name: "2xx other card", code: 201, body: `{"card_id":"c-2","status":"ordered"}`, check: wantOther("c-2")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.code)
				_, _ = io.WriteString(w, tt.body)
			})
			c := f.newClient(Options{Now: func() time.Time { return now }})
			var err error
			switch {
			case tt.card:
				_, err = c.Card(context.Background(), "c-1")
			case tt.layouts:
				_, err = c.Layouts(context.Background())
			default:
				_, err = c.Send(context.Background(), enroll.ProducerOrder{CardID: "c-1", Kind: enroll.KindTemporary})
			}
			if tt.check == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			tt.check(t, err)
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"7", 7 * time.Second},
		{" 120 ", 2 * time.Minute},
		{"-3", 0},
		{"1.5", 0},
		{"soon", 0},
		{"99999999999999999", maxRetryAfter},
		{"99999999999999999999999", 0}, // not an int64, not a date
		{"Sun, 06 Dec 2026 10:00:30 GMT", 30 * time.Second},
		{"Sunday, 06-Dec-26 10:01:00 GMT", time.Minute}, // RFC 850
		{"Sun Dec  6 10:00:05 2026", 5 * time.Second},   // asctime
		{"Sun, 06 Dec 2026 09:00:00 GMT", 0},            // past
		{"Tue, 06 Dec 2033 10:00:00 GMT", maxRetryAfter},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.value, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %s, want %s", tt.value, got, tt.want)
		}
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"error":"bad layout"}`, "bad layout"},
		{"", "no reason given"},
		{`{"error":""}`, `{"error":""}`},
		{"  Bad\n\tGateway  ", "Bad Gateway"},
		{strings.Repeat("x", 300), strings.Repeat("x", 200) + "…"},
	}
	for _, tt := range tests {
		if got := errorText([]byte(tt.body)); got != tt.want {
			t.Errorf("errorText(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

// hijack takes the connection from the server and hands it to broken.
func hijack(broken func(conn net.Conn, rw io.Writer)) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		broken(conn, buf)
		_ = buf.Flush()
	}
}

func TestBrokenConnections(t *testing.T) {
	tests := []struct {
		name   string
		handle func(http.ResponseWriter, *http.Request)
	}{
		{name: "closed before any reply", handle: hijack(func(net.Conn, io.Writer) {})},
		{name: "closed mid-body", handle: hijack(func(_ net.Conn, w io.Writer) {
			_, _ = io.WriteString(w, "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"card_id\":")
		})},
		{name: "reset", handle: hijack(func(conn net.Conn, _ io.Writer) {
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0) // close sends RST
			}
		})},
		{name: "garbage", handle: hijack(func(_ net.Conn, w io.Writer) {
			_, _ = io.WriteString(w, "SMTP ready\r\n\r\n")
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, tt.handle)
			_, err := f.newClient(Options{}).Send(context.Background(), enroll.ProducerOrder{CardID: "c-1"})
			wantUnavailable(0)(t, err)
		})
	}
}

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, err := New(enroll.ProducerConfig{URL: "http://" + addr + "/api/", ClientID: testID, ClientSecret: testSecret}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Layouts(context.Background())
	wantUnavailable(0)(t, err)
	if strings.Contains(err.Error(), testSecret) {
		t.Errorf("error shows the secret: %v", err)
	}
}

func TestTimeouts(t *testing.T) {
	slow := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	}
	t.Run("slow reply vs Timeout", func(t *testing.T) {
		f := newFake(t, slow)
		start := time.Now()
		_, err := f.newClient(Options{Timeout: 200 * time.Millisecond}).Send(context.Background(), enroll.ProducerOrder{CardID: "c-1"})
		wantUnavailable(0)(t, err)
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "within 200ms") {
			t.Errorf("err = %v, want a timeout named as such", err)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("took %s", took)
		}
	})
	t.Run("slow login vs Timeout", func(t *testing.T) {
		f := newFake(t, nil)
		f.loginDelay = time.Second
		_, err := f.newClient(Options{Timeout: 200 * time.Millisecond}).Layouts(context.Background())
		wantUnavailable(0)(t, err)
	})
	t.Run("caller cancels", func(t *testing.T) {
		f := newFake(t, slow)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		_, err := f.newClient(Options{}).Send(ctx, enroll.ProducerOrder{CardID: "c-1"})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		// The PUT may have arrived: the outcome is unknown.
		wantUnavailable(0)(t, err)
	})
}
