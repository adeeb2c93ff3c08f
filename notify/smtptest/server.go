// Package smtptest runs a real SMTP server on loopback for tests: it
// speaks the protocol through github.com/emersion/go-smtp and keeps what
// it receives, so tests check recipient, subject and body as delivered.
package smtptest

import (
	"context"
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

	"github.com/emersion/go-smtp"
)

// Message is one delivered mail, decoded.
type Message struct {
	From    string
	To      []string
	Subject string
	Body    string
}

// Server is a loopback SMTP server that can be stopped and started again
// on the same port, to play a mail server that is down for a while.
type Server struct {
	Host string
	Port int

	mu       sync.Mutex
	srv      *smtp.Server
	received []Message
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
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
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
		Body: strings.ReplaceAll(string(b), "\r\n", "\n")})
	x.s.mu.Unlock()
	return nil
}
