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
// does it over SMTP). handover, when not nil, is called just before the
// end of the message goes to the server; when it fails, the message is
// not finished (so not delivered). A failure after handover whose outcome
// the server did not say wraps ErrDeliveryUnknown.
type Sender interface {
	Send(ctx context.Context, cfg MailConfig, m Mail, handover func() error) error
}

// ErrDeliveryUnknown: the message was handed to the mail server but no
// answer came, so it may or may not have been delivered.
var ErrDeliveryUnknown = errors.New("the mail server did not confirm delivery")

// LeaseHolder names this process in the leases it takes, and knows when
// the holder of another lease has stopped (a process of this host that is
// gone), so its mail need not wait for the lease to run out.
type LeaseHolder interface {
	Holder() string
	Gone(holder string) bool
}

// ErrMailNotConfigured: there is no mail server to send through; queued
// mail waits until an administrator sets one up.
var ErrMailNotConfigured = errors.New("no mail server configured: set smtp.host and smtp.from in Settings > Mail")

// Outbox sends queued mail with retries. Several stations may flush the
// same database: each message is leased before it is sent, so it goes out
// once. A message whose sender stopped after handing it to the server is
// never sent again by itself: it becomes uncertain.
type Outbox struct {
	base
	sender Sender
	leases LeaseHolder
}

// Backoff after a failed attempt: 30 s, 1 min, 2 min, ... at most an hour.
const (
	firstRetry = 30 * time.Second
	lastRetry  = time.Hour
	// lease keeps other flushers off a message while it is being sent; it
	// outlasts the sender's own time limit.
	lease = 5 * time.Minute
)

// uncertainReason is what an uncertain message's last error says.
const uncertainReason = "delivery not confirmed: the sending program stopped after handing the message to the mail server; it may have arrived"

func retryAfter(attempts int) time.Duration {
	d := firstRetry
	for range min(attempts, 12) {
		d *= 2
	}
	return min(d, lastRetry)
}

// FlushResult says what one flush did.
type FlushResult struct {
	Sent      int
	Failed    int
	Uncertain int    // messages found or left with an unknown outcome
	LastErr   string // the last failure, for the status bar and the CLI
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

// Flush tries to deliver every message whose backoff is over.
func (s *Outbox) Flush(ctx context.Context, a Actor) (FlushResult, error) {
	return s.flush(ctx, a, false)
}

// SendNow tries every queued message at once, backoff or not; only mail
// another process is sending right now is left to it.
func (s *Outbox) SendNow(ctx context.Context, a Actor) (FlushResult, error) {
	return s.flush(ctx, a, true)
}

func (s *Outbox) flush(ctx context.Context, a Actor, force bool) (FlushResult, error) {
	if err := a.require(PermView); err != nil {
		return FlushResult{}, err
	}
	if s.sender == nil {
		return FlushResult{}, ErrMailNotConfigured
	}
	var res FlushResult
	// A forced flush takes each message once: one that fails now waits
	// for the next flush, not for this loop to come round again.
	tried := map[int64]bool{}
	for {
		cfg, batch, err := s.claim(ctx, 20, force, tried, &res)
		if err != nil || len(batch) == 0 {
			return res, err
		}
		for _, m := range batch {
			tried[m.ID] = true
			if err := s.deliver(ctx, cfg, m, &res); err != nil {
				return res, err
			}
		}
	}
}

// Resend queues an uncertain message again, after the operator has made
// sure it did not arrive, and tries to send it.
func (s *Outbox) Resend(ctx context.Context, a Actor, id int64) error {
	return s.update(ctx, a, PermView, func(tx Tx) error {
		ms, err := tx.Outbox().List(ctx, MailUncertain)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.ID == id {
				if err := tx.Outbox().Requeue(ctx, id); err != nil {
					return err
				}
				return record(ctx, tx, a, s.now(), change{action: "mail.resend", entity: "mail", entityID: id,
					details: m.To + ": " + m.Subject})
			}
		}
		return fmt.Errorf("mail %d is not waiting for a decision (only uncertain mail is sent again): %w", id, ErrNotFound)
	})
}

// claim leases up to n messages in one transaction, with the mail settings
// read in the same snapshot. Messages a stopped process had handed to the
// server become uncertain instead.
func (s *Outbox) claim(ctx context.Context, n int, force bool, skip map[int64]bool, res *FlushResult) (MailConfig, []Mail, error) {
	var cfg MailConfig
	var batch []Mail
	uncertain := 0
	err := s.store.Update(ctx, func(tx Tx) error {
		batch, uncertain = nil, 0
		var err error
		if cfg, err = s.mailConfig(ctx, tx); err != nil {
			return err
		}
		now := s.now()
		cands, err := s.candidates(ctx, tx, now, force, n+len(skip))
		if err != nil {
			return err
		}
		for _, m := range cands {
			switch {
			case skip[m.ID] || len(batch) == n:
				continue
			case !m.HandedOverAt.IsZero():
				if err := tx.Outbox().MarkUncertain(ctx, m.ID, uncertainReason); err != nil {
					return err
				}
				uncertain++
				continue
			}
			if err := tx.Outbox().Lease(ctx, m.ID, now.Add(lease), s.holder()); err != nil {
				return err
			}
			batch = append(batch, m)
		}
		return nil
	})
	if err == nil {
		res.Uncertain += uncertain
		if uncertain > 0 {
			s.log.Warn("mail whose sender stopped while handing it over is left for an operator", zap.Int("messages", uncertain))
		}
	}
	return cfg, batch, err
}

// candidates: the due messages, and those leased by a process that is gone.
func (s *Outbox) candidates(ctx context.Context, tx Tx, now time.Time, force bool, n int) ([]Mail, error) {
	due, err := tx.Outbox().Due(ctx, now, force, n)
	if err != nil || s.leases == nil {
		return due, err
	}
	leased, err := tx.Outbox().Leased(ctx, now)
	if err != nil {
		return nil, err
	}
	for _, m := range leased {
		if m.LeasedBy != "" && s.leases.Gone(m.LeasedBy) {
			due = append(due, m)
		}
	}
	return due, nil
}

func (s *Outbox) holder() string {
	if s.leases == nil {
		return ""
	}
	return s.leases.Holder()
}

func (s *Outbox) deliver(ctx context.Context, cfg MailConfig, m Mail, res *FlushResult) error {
	sendErr := s.sender.Send(ctx, cfg, m, func() error {
		// Committed before the end of the message leaves: should this
		// process stop from here on, the message is not sent again.
		return s.store.Update(ctx, func(tx Tx) error {
			return tx.Outbox().HandOver(ctx, m.ID, s.holder(), s.now())
		})
	})
	now := s.now()
	unknown := errors.Is(sendErr, ErrDeliveryUnknown)
	err := s.store.Update(ctx, func(tx Tx) error {
		switch {
		case sendErr == nil:
			return tx.Outbox().MarkSent(ctx, m.ID, now)
		case unknown:
			return tx.Outbox().MarkUncertain(ctx, m.ID, sendErr.Error())
		}
		return tx.Outbox().MarkFailed(ctx, m.ID, sendErr.Error(), now.Add(retryAfter(m.Attempts)))
	})
	if err != nil {
		return fmt.Errorf("mail %d: recording the attempt: %w", m.ID, err)
	}
	switch {
	case unknown:
		res.Uncertain++
		res.LastErr = sendErr.Error()
		s.log.Warn("mail delivery not confirmed; left for an operator", zap.Int64("mail", m.ID), zap.Error(sendErr))
	case sendErr != nil:
		res.Failed++
		res.LastErr = sendErr.Error()
		s.log.Warn("mail not delivered; will retry", zap.Int64("mail", m.ID), zap.Int("attempt", m.Attempts+1), zap.Error(sendErr))
	default:
		res.Sent++
		s.log.Info("mail delivered", zap.Int64("mail", m.ID))
	}
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
		cfg, err = s.mailConfig(ctx, tx)
		return err
	})
	if err != nil {
		return err
	}
	m := Mail{To: to, Subject: "CardDesk test mail", CreatedAt: s.now(),
		Body: "This is a test message from CardDesk. Mail from this station reaches you.\n"}
	if err := s.sender.Send(ctx, cfg, m, nil); err != nil {
		return fmt.Errorf("test mail to %s: %w", to, err)
	}
	return nil
}

// mailConfig reads the smtp.* settings; without a host and a sender there
// is nothing to send through.
func (b base) mailConfig(ctx context.Context, tx Tx) (MailConfig, error) {
	get := func(key string) (string, error) { return b.settingValue(ctx, tx, key) } // the password opened
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
