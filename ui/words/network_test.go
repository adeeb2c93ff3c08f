package words

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
	"github.com/carddesk/carddesk/notify/smtptest"
)

// What the mail client really returns keeps the network error that
// Explain recognises: a port nobody listens on reads as such, with its
// address, not as "Something went wrong: dial tcp ...".
func TestExplainRealMailErrors(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().(*net.TCPAddr)
	l.Close() // now nobody answers there

	cases := []struct {
		name string
		tls  string
		want string
	}{
		{"starttls", "starttls", "No mail server answers at " + addr.String() + ". Check the host and port in Settings > Mail."},
		{"no encryption", "none", "No mail server answers at " + addr.String() + "."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := notify.SMTP{Timeout: 5 * time.Second}.Send(ctx,
				enroll.MailConfig{Host: "127.0.0.1", Port: addr.Port, TLS: tc.tls, From: "desk@example.org"},
				enroll.Mail{To: "anna@example.org", Subject: "test", Body: "test"}, nil)
			if err == nil {
				t.Fatal("sent to a closed port")
			}
			if got := ExplainMail(err); !strings.HasPrefix(got, tc.want) {
				t.Errorf("ExplainMail(%v)\n = %q\nwant it to start with %q", err, got, tc.want)
			}
		})
	}
}

// A mail server that answers, but not the way the settings ask.
func TestExplainRealMailServerRefusals(t *testing.T) {
	srv, err := smtptest.Start() // plain SMTP: no TLS, no AUTH
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	cases := []struct {
		name string
		cfg  enroll.MailConfig
		want string
	}{
		{"starttls asked, not offered", enroll.MailConfig{TLS: "starttls"}, "The mail server does not offer STARTTLS"},
		{"tls on a plain port", enroll.MailConfig{TLS: "tls"}, "The mail server does not speak TLS on this port."},
		{"a user name for a server without AUTH", enroll.MailConfig{TLS: "none", Username: "desk", Password: "x"}, "The mail server does not take a user name and password."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cfg := tc.cfg
			cfg.Host, cfg.Port, cfg.From = srv.Host, srv.Port, "desk@example.org"
			err := notify.SMTP{Timeout: 5 * time.Second}.Send(ctx, cfg, enroll.Mail{To: "anna@example.org", Subject: "test", Body: "test"}, nil)
			if err == nil {
				t.Fatal("sent")
			}
			if got := ExplainMail(err); !strings.HasPrefix(got, tc.want) {
				t.Errorf("ExplainMail(%v)\n = %q\nwant it to start with %q", err, got, tc.want)
			}
		})
	}
}

// The outbox keeps only the text of its last error; the status bar words
// that text the same way.
func TestMailProblemFromTheKeptText(t *testing.T) {
	cases := []struct{ text, want string }{
		{"sending to anna@example.org through 127.0.0.1:2525: dial failed: dial tcp 127.0.0.1:2525: connect: connection refused",
			"No mail server answers at 127.0.0.1:2525. Check the host and port in Settings > Mail."},
		{"sending to a@b.org through smtp.example.invalid:587: dial failed: dial tcp: lookup smtp.example.invalid on 127.0.0.53:53: no such host",
			"The mail server smtp.example.invalid is not known on the network. Check the host in Settings > Mail."},
		{"sending to a@b.org through mail.example.org:587: send failed: SMTP AUTH failed: 535 5.7.8 Authentication credentials invalid",
			"The mail server refused the user name or password. Check them in Settings > Mail."},
		{"sending to a@b.org through 10.0.0.9:587: dial failed: dial tcp 10.0.0.9:587: i/o timeout",
			"The mail server at 10.0.0.9:587 did not answer in time."},
		{"mailbox full", "mailbox full"},
		{"", ""},
	}
	for _, tc := range cases {
		if got := MailProblem(tc.text); !strings.HasPrefix(got, tc.want) || (tc.want == "") != (got == "") {
			t.Errorf("MailProblem(%q)\n = %q\nwant it to start with %q", tc.text, got, tc.want)
		}
	}
}
