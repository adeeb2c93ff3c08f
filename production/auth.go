package production

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// renewEarly renews a token this long before the producer's valid_until,
// so a call started just before then does not arrive with a dead token.
const renewEarly = 30 * time.Second

// AuthError is the producer refusing the station's credentials: a 401 to
// the login, or a 401 to a token it had just issued. Nothing was done; the
// operator must fix production.client_id or production.client_secret.
type AuthError struct {
	ClientID string
	Reason   string // the producer's error text
	// AfterLogin: the login worked but the call was refused with the new
	// token, which points at the producer rather than the settings.
	AfterLogin bool
}

func (e *AuthError) Error() string {
	reason := ""
	if e.Reason != "" {
		reason = ": " + e.Reason
	}
	if e.AfterLogin {
		return fmt.Sprintf("the card producer refused a token it had just issued to client id %q (HTTP 401)%s", e.ClientID, reason)
	}
	return fmt.Sprintf("the card producer refused the credentials of client id %q (HTTP 401)%s; check production.client_id and production.client_secret", e.ClientID, reason)
}

// bearer returns a token valid now, logging in when there is none.
func (c *Client) bearer(ctx context.Context) (string, error) {
	if err := c.lock(ctx); err != nil {
		return "", err
	}
	defer c.unlock()
	if c.token != "" && c.now().Before(c.until) {
		return c.token, nil
	}
	return c.login(ctx)
}

// forget drops token after the producer refused it, unless another call
// has already replaced it: then that newer token is used without a second
// login.
func (c *Client) forget(ctx context.Context, token string) error {
	if err := c.lock(ctx); err != nil {
		return err
	}
	defer c.unlock()
	if c.token == token {
		c.token = ""
	}
	return nil
}

func (c *Client) lock(ctx context.Context) error {
	select {
	case c.auth <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for the login to the card producer: %w", ctx.Err())
	}
}

func (c *Client) unlock() { <-c.auth }

type loginRequest struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

type loginReply struct {
	Token      string `json:"token"`
	ValidUntil string `json:"valid_until"`
}

// login runs with c.auth held, so concurrent calls share one login.
func (c *Client) login(ctx context.Context) (string, error) {
	const op = "POST v1/login"
	body, err := json.Marshal(loginRequest{ClientID: c.clientID, ClientSecret: c.secret})
	if err != nil {
		return "", fmt.Errorf("%s: %w", op, err)
	}
	rep, err := c.exchange(ctx, request{method: http.MethodPost, path: "v1/login", body: body}, "")
	if err != nil {
		return "", err
	}
	if rep.status == http.StatusUnauthorized || rep.status == http.StatusForbidden {
		c.log.Warn("card producer refused the credentials", zap.String("client_id", c.clientID), zap.Int("status", rep.status))
		return "", &AuthError{ClientID: c.clientID, Reason: errorText(rep.body)}
	}
	if !success(rep.status) {
		return "", c.loginError(op, rep)
	}
	var lr loginReply
	if err := decodeStrict(rep.body, &lr); err != nil {
		return "", badReply(op, err)
	}
	until, err := time.Parse(time.RFC3339, lr.ValidUntil)
	switch {
	case lr.Token == "":
		return "", fmt.Errorf("%s: the card producer's reply has no token", op)
	case err != nil:
		return "", fmt.Errorf("%s: the card producer's valid_until %q is not an RFC 3339 time", op, lr.ValidUntil)
	}
	c.token, c.until = lr.Token, until.Add(-renewEarly)
	if !c.now().Before(c.until) {
		// The token is still used for this call; every call will log in
		// again, which works but hints at a wrong clock here or there.
		c.log.Warn("card producer token expires at once; check the clocks",
			zap.Time("valid_until", until), zap.Time("now", c.now()))
	} else {
		c.log.Info("logged in to the card producer", zap.String("client_id", c.clientID), zap.Time("valid_until", until))
	}
	return lr.Token, nil
}

// loginError maps a failed login. The card errors (rejected, conflict, not
// found) would mislead here: a 404 or 405 means production.url points
// somewhere that is not a producer.
func (c *Client) loginError(op string, rep reply) error {
	err := c.replyError(op, rep)
	var unavailable *enroll.ProducerUnavailableError
	if errors.As(err, &unavailable) {
		return err
	}
	switch rep.status {
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return fmt.Errorf("%s: the card producer answered HTTP %d: %s; check production.url", op, rep.status, errorText(rep.body))
	}
	return fmt.Errorf("%s: the card producer refused the login (HTTP %d): %s", op, rep.status, errorText(rep.body))
}
