package producertest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Credentials a Server accepts when Options leaves them empty, so the demo
// and quick tests need no configuration.
const (
	DefaultClientID     = "carddesk-demo"
	DefaultClientSecret = "demo-secret"
)

// DefaultTokenTTL is how long a token stays valid when Options.TokenTTL is 0.
const DefaultTokenTTL = time.Hour

var (
	// ErrClosed is returned by calls that need a running Server after Close.
	ErrClosed = errors.New("producertest: server closed")
	// ErrUnknownCard means no card with that card_id has been stored.
	ErrUnknownCard = errors.New("producertest: unknown card")
	// ErrWrongState means the card's status does not allow the move asked for.
	ErrWrongState = errors.New("producertest: card cannot move from its status")
)

// Options configure a Server. The zero value is usable.
type Options struct {
	// ClientID and ClientSecret are the only credentials login accepts.
	// Empty means DefaultClientID / DefaultClientSecret.
	ClientID, ClientSecret string

	// TokenTTL is how long a token from login is valid. 0 means
	// DefaultTokenTTL. valid_until is reported to the second, and the
	// token stops working at that reported instant.
	TokenTTL time.Duration

	// Step is how long a card stays ordered, then in_production, before it
	// moves on by itself. 0 means cards move only through Advance, Tick and
	// Fail, which keeps tests deterministic.
	Step time.Duration

	// Layouts replace the default "employee" and "visitor" layouts.
	Layouts []Layout

	// Now is the clock for token expiry and for Step. Default time.Now.
	// It is called with the Server's lock held, so it must not call back
	// into the Server.
	Now func() time.Time

	// Log, if set, receives one line per request and per card move.
	// Secrets and tokens are never passed to it.
	Log func(format string, args ...any)
}

// Server is a running producer simulator. All methods are safe for
// concurrent use.
type Server struct {
	opt     Options
	layouts []Layout
	byID    map[string]Layout
	http    *http.Server
	addr    string // the bound host:port, kept so RefuseConnections can reopen it
	stop    chan struct{}

	loops    sync.WaitGroup // serve loops and the mover
	handlers sync.WaitGroup // requests in flight, so nothing logs after Close

	mu    sync.Mutex
	state state
}

// state is everything guarded by Server.mu; it is one struct so that it is
// plain which fields need the lock.
type state struct {
	closed bool
	ln     net.Listener // nil while connections are refused
	conns  map[net.Conn]struct{}

	tokens         map[string]time.Time // token → valid until
	cards          map[string]*record
	created        []string        // card ids in the order they were stored
	cancelledEarly map[string]bool // cancelled before their PUT arrived
	version        int64
	facility       int
	nextCardNumber int
	uids           map[string]bool

	requests int
	logins   int
	puts     map[string]int

	faults faults
}

// Start runs a Server on 127.0.0.1 on a free port.
func Start(opt Options) (*Server, error) {
	return StartOn("127.0.0.1:0", opt)
}

// StartOn runs a Server on addr (host:port; port 0 picks a free one).
func StartOn(addr string, opt Options) (*Server, error) {
	s, err := newServer(opt)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("producertest: listen on %s: %w", addr, err)
	}
	s.addr = ln.Addr().String()
	s.mu.Lock()
	s.serveLocked(ln)
	s.mu.Unlock()
	if s.opt.Step > 0 {
		s.loops.Add(1)
		go s.runMover()
	}
	return s, nil
}

func newServer(opt Options) (*Server, error) {
	if err := withDefaults(&opt); err != nil {
		return nil, err
	}
	layouts, byID, err := copyLayouts(opt.Layouts)
	if err != nil {
		return nil, err
	}
	s := &Server{
		opt:     opt,
		layouts: layouts,
		byID:    byID,
		stop:    make(chan struct{}),
		state: state{
			conns:          make(map[net.Conn]struct{}),
			tokens:         make(map[string]time.Time),
			cards:          make(map[string]*record),
			cancelledEarly: make(map[string]bool),
			facility:       firstFacility,
			nextCardNumber: firstCardNumber,
			uids:           make(map[string]bool),
			puts:           make(map[string]int),
		},
	}
	s.http = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ConnState:         s.trackConn,
	}
	return s, nil
}

func withDefaults(opt *Options) error {
	if opt.TokenTTL < 0 {
		return fmt.Errorf("producertest: negative TokenTTL %v", opt.TokenTTL)
	}
	if opt.Step < 0 {
		return fmt.Errorf("producertest: negative Step %v", opt.Step)
	}
	if opt.ClientID == "" {
		opt.ClientID = DefaultClientID
	}
	if opt.ClientSecret == "" {
		opt.ClientSecret = DefaultClientSecret
	}
	if opt.TokenTTL == 0 {
		opt.TokenTTL = DefaultTokenTTL
	}
	if len(opt.Layouts) == 0 {
		opt.Layouts = DefaultLayouts()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return nil
}

// URL is the base URL to configure as production.url; it ends in "/".
func (s *Server) URL() string {
	return "http://" + s.addr + "/"
}

// Close stops the server, drops every connection and waits for requests in
// flight and for the mover. Calling it again does nothing.
func (s *Server) Close() {
	s.mu.Lock()
	if s.state.closed {
		s.mu.Unlock()
		return
	}
	s.state.closed = true
	close(s.stop)
	ln := s.state.ln
	s.state.ln = nil
	s.mu.Unlock()

	if ln != nil {
		_ = ln.Close() // Serve may not have tracked it yet
	}
	_ = s.http.Close()
	s.loops.Wait()
	s.handlers.Wait()
}

// RefuseConnections on closes the listening socket and every open
// connection, as if the producer went down, so new dials get "connection
// refused" and pooled keep-alive connections fail too. Off listens again on
// the same address, so URL stays valid; the error says why that failed
// (for instance another program took the port meanwhile).
func (s *Server) RefuseConnections(on bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.closed {
		return ErrClosed
	}
	if on {
		s.refuseLocked()
		return nil
	}
	if s.state.ln != nil {
		return nil
	}
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("producertest: listen again on %s: %w", s.addr, err)
	}
	s.serveLocked(ln)
	return nil
}

func (s *Server) refuseLocked() {
	if s.state.ln != nil {
		_ = s.state.ln.Close()
		s.state.ln = nil
	}
	for c := range s.state.conns {
		_ = c.Close()
	}
	clear(s.state.conns)
}

func (s *Server) serveLocked(ln net.Listener) {
	s.state.ln = ln
	s.loops.Add(1)
	go func() {
		defer s.loops.Done()
		// Serve returns once ln is closed, by RefuseConnections or Close;
		// that is the expected way out, so its error says nothing new.
		_ = s.http.Serve(ln)
	}()
}

// trackConn keeps the open connections so RefuseConnections can cut them:
// closing only the listener would leave keep-alive connections working.
func (s *Server) trackConn(c net.Conn, st http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch st {
	case http.StateNew:
		if s.state.ln == nil {
			// Accepted just before the listener closed: it belongs to the
			// producer that is "down".
			_ = c.Close()
			return
		}
		s.state.conns[c] = struct{}{}
	case http.StateHijacked, http.StateClosed:
		delete(s.state.conns, c)
	}
}

func (s *Server) logf(format string, args ...any) {
	if s.opt.Log != nil {
		s.opt.Log(format, args...)
	}
}
