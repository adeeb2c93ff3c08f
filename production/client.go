package production

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// DefaultTimeout bounds one call of the Producer interface when
// Options.Timeout is 0.
const DefaultTimeout = 20 * time.Second

// Options tune a Client; the zero value is ready to use.
type Options struct {
	// HTTPClient carries the requests; nil: a client of its own that
	// follows no redirects.
	HTTPClient *http.Client
	// Timeout bounds one call, including a login and the one repeat after
	// a 401; 0: DefaultTimeout.
	Timeout time.Duration
	Now     func() time.Time // nil: time.Now
	Log     *zap.Logger      // nil: no logging
}

// withDefaults fills the zero fields. The default HTTP client is made here,
// not shared through a package variable, so two clients never share state
// unless their caller hands them the same one (as NewFactory does).
func (o Options) withDefaults() Options {
	if o.HTTPClient == nil {
		o.HTTPClient = defaultHTTPClient()
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = zap.NewNop()
	}
	return o
}

func defaultHTTPClient() *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           dialer.DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          8,
			MaxIdleConnsPerHost:   4,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
		},
		// A redirect is not part of the protocol: following one would turn
		// the login POST into a GET, and usually means production.url
		// names the wrong scheme or path, which the operator must fix.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Client talks to one producer with one set of credentials. It is safe for
// concurrent use; concurrent calls share one token.
type Client struct {
	base     *url.URL // ends in "/" so relative paths resolve under it
	clientID string
	secret   string
	http     *http.Client
	timeout  time.Duration
	now      func() time.Time
	log      *zap.Logger

	// auth is held by whoever reads or renews the token; a channel rather
	// than a mutex so a caller waiting for another's login can give up
	// when its context ends.
	auth  chan struct{}
	token string
	until time.Time // renew the token before this
}

var _ enroll.Producer = (*Client)(nil)

// New checks cfg and makes its client; it does not contact the producer.
func New(cfg enroll.ProducerConfig, opt Options) (*Client, error) {
	base, err := parseBase(cfg.URL)
	if err != nil {
		return nil, err
	}
	if cfg.ClientID == "" {
		return nil, &ConfigError{Setting: "production.client_id", Problem: "is empty", Err: enroll.ErrProducerNotConfigured}
	}
	if cfg.ClientSecret == "" {
		return nil, &ConfigError{Setting: "production.client_secret", Problem: "is empty", Err: enroll.ErrProducerNotConfigured}
	}
	opt = opt.withDefaults()
	return &Client{
		base:     base,
		clientID: cfg.ClientID,
		secret:   cfg.ClientSecret,
		http:     opt.HTTPClient,
		timeout:  opt.Timeout,
		now:      opt.Now,
		log:      opt.Log.With(zap.String("producer", base.Redacted())),
		auth:     make(chan struct{}, 1),
	}, nil
}

// parseBase accepts an absolute http(s) URL with a host and nothing that
// relative paths would silently drop (query, fragment) or that would carry
// credentials outside the settings meant for them (user info).
func parseBase(raw string) (*url.URL, error) {
	bad := func(problem string) error {
		return &ConfigError{Setting: "production.url", Value: raw, Problem: problem}
	}
	if raw == "" {
		return nil, &ConfigError{Setting: "production.url", Problem: "is empty", Err: enroll.ErrProducerNotConfigured}
	}
	u, err := url.Parse(raw)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // the url.Error repeats the whole value
		}
		return nil, bad(err.Error())
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, bad("must start with https:// or http://")
	case u.Host == "" || u.Hostname() == "":
		return nil, bad("has no host name")
	case u.User != nil:
		return nil, &ConfigError{Setting: "production.url", Value: u.Redacted(),
			Problem: "must not contain a user name or password; use production.client_id and production.client_secret"}
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, bad("must not have a query (?) or fragment (#)")
	}
	if u.Path == "" || u.Path[len(u.Path)-1] != '/' {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	return u, nil
}

// endpoint is rel, an already escaped path relative to the base URL.
func (c *Client) endpoint(rel string) (string, error) {
	ref, err := url.Parse(rel)
	if err != nil {
		return "", fmt.Errorf("building the address %q: %w", rel, err)
	}
	return c.base.ResolveReference(ref).String(), nil
}

// ConfigError is a producer setting that cannot be used. Err is
// enroll.ErrProducerNotConfigured when the setting is empty.
type ConfigError struct {
	Setting string // production.url, production.client_id or production.client_secret
	Value   string // the offending value; never the secret
	Problem string
	Err     error
}

func (e *ConfigError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("card producer setting %s %s", e.Setting, e.Problem)
	}
	return fmt.Sprintf("card producer setting %s=%q: %s", e.Setting, e.Value, e.Problem)
}

func (e *ConfigError) Unwrap() error { return e.Err }
