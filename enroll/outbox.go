package enroll

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.uber.org/zap"
)

// MailConfig is how the station reaches its mail server, read from the
// smtp.* settings. It carries the password, so it is never logged.
type MailConfig struct {
	Host     string
	Port     int
	TLS      string // none | starttls | tls
	Username string
	Password string
	From     string
}

// Sender delivers one message through a mail server (the notify package
// does it over SMTP).
type Sender interface {
	Send(ctx context.Context, cfg MailConfig, m Mail) error
}

// ErrMailNotConfigured: there is no mail server to send through; queued
// mail waits until an administrator sets one up.
var ErrMailNotConfigured = errors.New("no mail server configured: set smtp.host and smtp.from in Settings > Mail")

// Outbox sends queued mail with retries. Several stations may flush the
// same database: each message is leased before it is sent, so it goes out
// once.
type Outbox struct {
	base
	sender Sender
}

// Backoff after a failed attempt: 30 s, 1 min, 2 min, ... at most an hour.
const (
	firstRetry = 30 * time.Second
	lastRetry  = time.Hour
	// lease keeps other flushers off a message while it is being sent; it
	// outlasts the sender's own time limit.
	lease = 5 * time.Minute
)

func retryAfter(attempts int) time.Duration {
	d := firstRetry
	for range min(attempts, 12) {
		d *= 2
	}
	return min(d, lastRetry)
}

// FlushResult says what one flush did.
type FlushResult struct {
	Sent    int
	Failed  int
	LastErr string // the last failure, for the status bar and the CLI
}

// List returns the outbox, newest first ("" = every status).
func (s *Outbox) List(ctx context.Context, a Actor, status MailStatus) ([]Mail, error) {
	var out []Mail
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		out, err = tx.Outbox().List(ctx, status)
		return err
	})
	return out, err
}

// Pending counts queued messages.
func (s *Outbox) Pending(ctx context.Context, a Actor) (int, error) {
	q, err := s.List(ctx, a, MailQueued)
	return len(q), err
}

// Flush tries to deliver every message that is due now.
func (s *Outbox) Flush(ctx context.Context, a Actor) (FlushResult, error) {
	if err := a.require(PermView); err != nil {
		return FlushResult{}, err
	}
	if s.sender == nil {
		return FlushResult{}, ErrMailNotConfigured
	}
	var res FlushResult
	for {
		cfg, batch, err := s.claim(ctx, 20)
		if err != nil || len(batch) == 0 {
			return res, err
		}
		for _, m := range batch {
			if err := s.deliver(ctx, cfg, m, &res); err != nil {
				return res, err
			}
		}
	}
}

// claim leases up to n due messages in one transaction, with the mail
// settings read in the same snapshot.
func (s *Outbox) claim(ctx context.Context, n int) (MailConfig, []Mail, error) {
	var cfg MailConfig
	var batch []Mail
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if cfg, err = mailConfig(ctx, tx); err != nil {
			return err
		}
		now := s.now()
		if batch, err = tx.Outbox().Due(ctx, now, n); err != nil {
			return err
		}
		for _, m := range batch {
			if err := tx.Outbox().Lease(ctx, m.ID, now.Add(lease)); err != nil {
				return err
			}
		}
		return nil
	})
	return cfg, batch, err
}

func (s *Outbox) deliver(ctx context.Context, cfg MailConfig, m Mail, res *FlushResult) error {
	sendErr := s.sender.Send(ctx, cfg, m)
	now := s.now()
	err := s.store.Update(ctx, func(tx Tx) error {
		if sendErr == nil {
			return tx.Outbox().MarkSent(ctx, m.ID, now)
		}
		return tx.Outbox().MarkFailed(ctx, m.ID, sendErr.Error(), now.Add(retryAfter(m.Attempts)))
	})
	if err != nil {
		return fmt.Errorf("mail %d: recording the attempt: %w", m.ID, err)
	}
	if sendErr != nil {
		res.Failed++
		res.LastErr = sendErr.Error()
		s.log.Warn("mail not delivered; will retry", zap.Int64("mail", m.ID), zap.Int("attempt", m.Attempts+1), zap.Error(sendErr))
		return nil
	}
	res.Sent++
	s.log.Info("mail delivered", zap.Int64("mail", m.ID))
	return nil
}

// SendTest sends a test message straight away with the current settings,
// so an administrator sees at once whether the mail server answers.
func (s *Outbox) SendTest(ctx context.Context, a Actor, to string) error {
	if err := a.require(PermManageSettings); err != nil {
		return err
	}
	if !validEmail(to) {
		return invalid("to", msg(MsgEmail, nil))
	}
	if s.sender == nil {
		return ErrMailNotConfigured
	}
	var cfg MailConfig
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		cfg, err = mailConfig(ctx, tx)
		return err
	})
	if err != nil {
		return err
	}
	m := Mail{To: to, Subject: "CardDesk test mail", CreatedAt: s.now(),
		Body: "This is a test message from CardDesk. Mail from this station reaches you.\n"}
	if err := s.sender.Send(ctx, cfg, m); err != nil {
		return fmt.Errorf("test mail to %s: %w", to, err)
	}
	return nil
}

// mailConfig reads the smtp.* settings; without a host and a sender there
// is nothing to send through.
func mailConfig(ctx context.Context, tx Tx) (MailConfig, error) {
	get := func(key string) (string, error) {
		v, ok, err := tx.Settings().Get(ctx, key)
		if err != nil || ok {
			return v, err
		}
		d, _ := lookupSetting(key)
		return d.Default, nil
	}
	var cfg MailConfig
	var port string
	for key, dst := range map[string]*string{
		"smtp.host": &cfg.Host, "smtp.port": &port, "smtp.tls": &cfg.TLS,
		"smtp.username": &cfg.Username, "smtp.password": &cfg.Password, "smtp.from": &cfg.From,
	} {
		v, err := get(key)
		if err != nil {
			return MailConfig{}, err
		}
		*dst = v
	}
	if cfg.Host == "" || cfg.From == "" {
		return MailConfig{}, ErrMailNotConfigured
	}
	p, err := strconv.Atoi(cmp.Or(port, "587"))
	if err != nil {
		return MailConfig{}, fmt.Errorf("smtp.port %q: %w", port, err)
	}
	cfg.Port = p
	return cfg, nil
}
