// Package smtptest runs a real SMTP server on loopback for tests: it
// speaks the protocol through github.com/emersion/go-smtp and keeps what
// it receives, so tests check recipient, subject and body as delivered.
package smtptest

import (
	"context"
	"crypto/hmac"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one delivered mail, decoded.
type Message struct {
	From      string
	To        []string
	Subject   string
	MessageID string
	Body      string
}

// Server is a loopback SMTP server that can be stopped and started again
// on the same port, to play a mail server that is down for a while.
type Server struct {
	Host string
	Port int

	mu       sync.Mutex
	srv      *smtp.Server
	received []Message
	hold     chan struct{} // not nil: keep each message's answer back until closed
	user     string        // not empty: AUTH PLAIN as user with password is required
	password string
}

// RequireAuth makes the server offer AUTH (CRAM-MD5, which a client uses
// without TLS, and PLAIN) and take mail only from a client that signed in as
// user with password, so a test sees that the station sent the password.
func (s *Server) RequireAuth(user, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user, s.password = user, password
}

// HoldReplies keeps the server from answering the end of each message
// (it still keeps the message) until ReleaseReplies: a server that took
// the mail and then went silent, so the sender cannot know it arrived.
func (s *Server) HoldReplies() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hold == nil {
		s.hold = make(chan struct{})
	}
}

// ReleaseReplies lets held answers go and answers at once from then on.
func (s *Server) ReleaseReplies() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hold != nil {
		close(s.hold)
		s.hold = nil
	}
}

// Start listens on a free loopback port.
func Start() (*Server, error) {
	s := &Server{Host: "127.0.0.1"}
	if err := s.listen("127.0.0.1:0"); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) listen(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("smtptest: %w", err)
	}
	s.Port = l.Addr().(*net.TCPAddr).Port
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.AllowInsecureAuth = true
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go func() { _ = srv.Serve(l) }()
	return nil
}

// Stop closes the listener and every connection: the server is down.
func (s *Server) Stop() {
	s.ReleaseReplies()
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}
}

// Restart brings a stopped server back on its old port.
func (s *Server) Restart() error {
	return s.listen(net.JoinHostPort(s.Host, strconv.Itoa(s.Port)))
}

// Messages returns what arrived so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.received...)
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s      *Server
	from   string
	to     []string
	authed bool
}

// AuthMechanisms offers AUTH only when RequireAuth asked for it.
func (x *session) AuthMechanisms() []string {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.user == "" {
		return nil
	}
	return []string{"CRAM-MD5", sasl.Plain}
}

func (x *session) Auth(mech string) (sasl.Server, error) {
	if mech == "CRAM-MD5" {
		return &cramMD5{x: x, challenge: fmt.Sprintf("<%d.%d@localhost>", time.Now().UnixNano(), x.s.Port)}, nil
	}
	return sasl.NewPlainServer(func(_, user, password string) error {
		return x.signIn(user, func(want string) bool { return password == want })
	}), nil
}

// signIn accepts user when ok says the password fits.
func (x *session) signIn(user string, ok func(password string) bool) error {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if user != x.s.user || !ok(x.s.password) {
		return errors.New("smtptest: wrong user name or password")
	}
	x.authed = true
	return nil
}

// cramMD5 is the server side of RFC 2195: the client answers the challenge
// with its user name and the HMAC-MD5 of the challenge keyed by the password.
type cramMD5 struct {
	x         *session
	challenge string
	asked     bool
}

func (c *cramMD5) Next(response []byte) ([]byte, bool, error) {
	if !c.asked {
		c.asked = true
		return []byte(c.challenge), false, nil
	}
	user, digest, _ := strings.Cut(string(response), " ")
	return nil, true, c.x.signIn(user, func(password string) bool {
		mac := hmac.New(md5.New, []byte(password))
		mac.Write([]byte(c.challenge))
		return hmac.Equal([]byte(digest), []byte(hex.EncodeToString(mac.Sum(nil))))
	})
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.s.mu.Lock()
	required := x.s.user != ""
	x.s.mu.Unlock()
	if required && !x.authed {
		return smtp.ErrAuthRequired
	}
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	m, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		return err
	}
	var body io.Reader = m.Body
	if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(m.Body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	if len(x.to) == 0 {
		return errors.New("no recipients")
	}
	x.s.mu.Lock()
	x.s.received = append(x.s.received, Message{From: x.from, To: x.to, Subject: subject,
		MessageID: m.Header.Get("Message-Id"), Body: strings.ReplaceAll(string(b), "\r\n", "\n")})
	hold := x.s.hold
	x.s.mu.Unlock()
	if hold != nil {
		<-hold
	}
	return nil
}
