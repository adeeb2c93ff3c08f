package production

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// maxReply bounds what is read of one reply: a change list of many
// thousand cards fits, a misbehaving server cannot fill the memory.
const maxReply = 32 << 20

// maxRetryAfter keeps an absurd Retry-After from parking a card for ever
// (and from overflowing a Duration).
const maxRetryAfter = 24 * time.Hour

type request struct {
	method         string
	path           string // relative to the base URL, escaped
	body           []byte // JSON; nil: none
	idempotencyKey string
}

func (r request) op() string { return r.method + " " + r.path }

type reply struct {
	status int
	header http.Header
	body   []byte
}

// do runs r with a token, logging in again and repeating r once when the
// producer refuses the token (it may have expired early or been revoked).
func (c *Client) do(ctx context.Context, r request) (reply, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, c.timeout, errTimeout)
	defer cancel()
	rep, token, err := c.authorized(ctx, r)
	if err != nil || rep.status != http.StatusUnauthorized {
		return rep, c.timedOut(ctx, err)
	}
	c.log.Info("card producer refused the token; logging in again", zap.String("call", r.op()))
	if err := c.forget(ctx, token); err != nil {
		return reply{}, c.timedOut(ctx, err)
	}
	rep, token, err = c.authorized(ctx, r)
	if err != nil {
		return rep, c.timedOut(ctx, err)
	}
	if rep.status == http.StatusUnauthorized {
		// Forget this one too, so the next call starts with a login.
		_ = c.forget(ctx, token)
		return reply{}, &AuthError{ClientID: c.clientID, Reason: errorText(rep.body), AfterLogin: true}
	}
	return rep, nil
}

func (c *Client) authorized(ctx context.Context, r request) (reply, string, error) {
	token, err := c.bearer(ctx)
	if err != nil {
		return reply{}, "", err
	}
	rep, err := c.exchange(ctx, r, token)
	return rep, token, err
}

// errTimeout is the cause of a call's context ending at Options.Timeout,
// which tells it apart from the caller's own deadline. net/http reports
// the cause, so it still is context.DeadlineExceeded for errors.Is.
var errTimeout error = callTimeout{}

type callTimeout struct{}

func (callTimeout) Error() string        { return "timed out" }
func (callTimeout) Is(target error) bool { return target == context.DeadlineExceeded }

// ownTimeout reports whether the call's own deadline, not the caller,
// ended ctx.
func ownTimeout(ctx context.Context) bool { return context.Cause(ctx) == errTimeout }

// timedOut turns a wait cut short by the call's own deadline (for another
// call's login) into an unknown outcome like any other missing answer.
func (c *Client) timedOut(ctx context.Context, err error) error {
	if err == nil || !ownTimeout(ctx) {
		return err
	}
	var unavailable *enroll.ProducerUnavailableError
	if errors.As(err, &unavailable) {
		return err // exchange already said so
	}
	return &enroll.ProducerUnavailableError{Err: fmt.Errorf("no answer within %s: %w", c.timeout, err)}
}

// exchange sends one request and reads the whole reply. Any failure to get
// a complete reply leaves the outcome unknown.
func (c *Client) exchange(ctx context.Context, r request, token string) (reply, error) {
	target, err := c.endpoint(r.path)
	if err != nil {
		return reply{}, err
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, target, body)
	if err != nil {
		return reply{}, fmt.Errorf("%s: %w", r.op(), err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "CardDesk-production/1")
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if r.idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", r.idempotencyKey)
	}
	start := c.now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.log.Debug("card producer call failed", zap.String("call", r.op()), zap.Error(err))
		return reply{}, c.unreachable(ctx, r.op(), err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxReply+1))
	if err == nil && len(data) > maxReply {
		err = fmt.Errorf("reply larger than %d bytes", maxReply)
	}
	c.log.Debug("card producer call", zap.String("call", r.op()), zap.Int("status", resp.StatusCode),
		zap.Duration("took", c.now().Sub(start)), zap.NamedError("read_error", err))
	if err != nil {
		return reply{}, c.unreachable(ctx, r.op(), fmt.Errorf("reading the reply (HTTP %d): %w", resp.StatusCode, err))
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

func (c *Client) unreachable(ctx context.Context, op string, err error) error {
	if ownTimeout(ctx) {
		err = fmt.Errorf("no answer within %s: %w", c.timeout, err)
	}
	return &enroll.ProducerUnavailableError{Err: fmt.Errorf("%s: %w", op, err)}
}

func success(status int) bool { return status >= 200 && status < 300 }

// replyError maps a reply that is not a success onto the port's errors.
func (c *Client) replyError(op string, rep reply) error {
	reason := errorText(rep.body)
	switch {
	case rep.status == http.StatusBadRequest || rep.status == http.StatusUnprocessableEntity:
		return &enroll.ProducerRejectedError{Status: rep.status, Reason: reason}
	case rep.status == http.StatusConflict:
		return fmt.Errorf("%s: %w: %s", op, enroll.ErrProducerConflict, reason)
	case rep.status == http.StatusNotFound && strings.Contains(op, " v1/cards/"):
		return fmt.Errorf("%s: card producer: %w: %s", op, enroll.ErrNotFound, reason)
	case rep.status == http.StatusNotFound:
		// No card is named, so the address itself is wrong.
		return fmt.Errorf("%s: the card producer answered HTTP 404: %s; check production.url", op, reason)
	case rep.status == http.StatusTooManyRequests || rep.status == http.StatusRequestTimeout || rep.status >= 500:
		return &enroll.ProducerUnavailableError{
			RetryAfter: retryAfter(rep.header.Get("Retry-After"), c.now()),
			Err:        fmt.Errorf("%s: HTTP %d: %s", op, rep.status, reason),
		}
	case rep.status >= 300 && rep.status < 400:
		return fmt.Errorf("%s: the card producer redirects to %q (HTTP %d); check production.url", op, rep.header.Get("Location"), rep.status)
	}
	// 401 twice, 403, 405...: the request was refused, but not for this
	// card's sake; nothing here knows more, so enroll treats it as unknown.
	return fmt.Errorf("%s: the card producer answered HTTP %d: %s", op, rep.status, reason)
}

// maxReason is the most of a reply's body an error message quotes, in bytes.
const maxReason = 200

// errorText is the "error" of the body {"error": "text"}, or the start of
// a body that is not that (a proxy's page), or the status line's text. It
// ends up in messages the operator reads, so whatever the producer sent
// becomes one line of valid UTF-8 of at most maxReason bytes (plus "…").
func errorText(body []byte) string {
	var e struct {
		Error string `json:"error"`
	}
	raw := string(body)
	if json.Unmarshal(body, &e) == nil && e.Error != "" {
		raw = e.Error
	}
	text := strings.Join(strings.Fields(strings.ToValidUTF8(raw, "\uFFFD")), " ")
	if len(text) > maxReason {
		text = strings.ToValidUTF8(text[:maxReason], "") + "…"
	}
	if text == "" {
		return "no reason given"
	}
	return text
}

// retryAfter reads Retry-After as delay seconds or an HTTP date; 0 when
// absent, unreadable or past.
func retryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(value, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(secs) * time.Second
	} else if at, err := http.ParseTime(value); err == nil {
		d = at.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}

// unreadable is a 2xx whose body is not the JSON promised: the call may
// well have worked, so its outcome is unknown.
func unreadable(op string, err error) error {
	return &enroll.ProducerUnavailableError{Err: fmt.Errorf("%s: unreadable reply: %w", op, err)}
}
