package notify

import (
	"context"
	"errors"
	"fmt"
	"io"
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

// Send delivers m through the server cfg names. handover (may be nil) runs
// once the body is written, before the end-of-data mark that makes the
// server take the message: a process that stops before it leaves nothing
// delivered.
func (s SMTP) Send(ctx context.Context, cfg enroll.MailConfig, m enroll.Mail, handover func() error) error {
	handedOver := false
	msg, err := message(cfg, m, func() error {
		if handover != nil {
			if err := handover(); err != nil {
				return err
			}
		}
		handedOver = true
		return nil
	})
	if err != nil {
		return err
	}
	c, err := mail.NewClient(cfg.Host, s.options(cfg)...)
	if err != nil {
		return fmt.Errorf("mail server %s: %w", cfg.Host, err)
	}
	err = c.DialAndSendWithContext(ctx, msg)
	switch {
	case err == nil || msg.IsDelivered(): // a failure after the server took it (RSET, QUIT) is no failure
		return nil
	case handedOver && !answered(err):
		return fmt.Errorf("sending to %s through %s:%d: %w: %w", m.To, cfg.Host, cfg.Port, enroll.ErrDeliveryUnknown, err)
	}
	return fmt.Errorf("sending to %s through %s:%d: %w", m.To, cfg.Host, cfg.Port, err)
}

// answered: the server replied with a refusal code, so it did not take the
// message and sending it again cannot deliver it twice.
func answered(err error) bool {
	var se *mail.SendError
	return errors.As(err, &se) && se.ErrorCode() >= 400
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

func message(cfg enroll.MailConfig, m enroll.Mail, written func() error) (*mail.Msg, error) {
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
	msg.SetBodyWriter(mail.TypeTextPlain, func(w io.Writer) (int64, error) {
		n, err := io.WriteString(w, m.Body)
		if err != nil {
			return int64(n), err
		}
		return int64(n), written()
	})
	return msg, nil
}
