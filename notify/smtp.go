package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/carddesk/carddesk/enroll"
)

// SMTP sends one message per connection: the outbox is small and rare, and
// a fresh connection per message keeps a stuck server from holding others.
type SMTP struct {
	// Timeout bounds one delivery (connect, auth, send); 0 means 30 s.
	Timeout time.Duration
}

// Send delivers m through the server cfg names.
func (s SMTP) Send(ctx context.Context, cfg enroll.MailConfig, m enroll.Mail) error {
	msg, err := message(cfg, m)
	if err != nil {
		return err
	}
	c, err := mail.NewClient(cfg.Host, s.options(cfg)...)
	if err != nil {
		return fmt.Errorf("mail server %s: %w", cfg.Host, err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("sending to %s through %s:%d: %w", m.To, cfg.Host, cfg.Port, err)
	}
	return nil
}

func (s SMTP) options(cfg enroll.MailConfig) []mail.Option {
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	opts := []mail.Option{mail.WithPort(cfg.Port), mail.WithTimeout(timeout)}
	switch cfg.TLS {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default: // starttls: refuse to send in clear text if the server cannot encrypt
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(cfg.Username), mail.WithPassword(cfg.Password))
	}
	return opts
}

func message(cfg enroll.MailConfig, m enroll.Mail) (*mail.Msg, error) {
	msg := mail.NewMsg()
	if err := msg.From(cfg.From); err != nil {
		return nil, fmt.Errorf("sender address %q: %w", cfg.From, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("recipient address %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(mail.TypeTextPlain, m.Body)
	return msg, nil
}
