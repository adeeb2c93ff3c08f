package enroll

import (
	"cmp"
	"context"
	"time"

	"go.uber.org/zap"
)

// Station bundles the use cases that the UI and the CLI call. Every method
// checks the actor's permission and writes its audit event in the same
// transaction as the change.
type Station struct {
	Operators   *Operators
	Cardholders *Cardholders
	Requests    *Requests
	Reasons     *Reasons
	Credentials *Credentials
	Formats     *Formats
	Settings    *Settings
	Audit       *AuditLog
	Outbox      *Outbox
	Devices     *Devices
}

// Options tunes a Station; the zero value is production-ready.
type Options struct {
	Clock Clock
	Log   *zap.Logger
	// Password sets the argon2id cost; tests lower it, production keeps the default.
	Password PasswordParams
	// MinPasswordLength is the shortest password accepted (0 = the default
	// of 8); only the throw-away demo station lowers it, for demo / demo.
	MinPasswordLength int
	// Mail delivers the outbox; nil leaves mail queued (ErrMailNotConfigured).
	Mail Sender
}

// New wires the services over one store.
func New(store Store, opt Options) *Station {
	if opt.Clock == nil {
		opt.Clock = systemClock{}
	}
	if opt.Log == nil {
		opt.Log = zap.NewNop()
	}
	if opt.Password == (PasswordParams{}) {
		opt.Password = DefaultPasswordParams
	}
	b := base{store: store, clock: opt.Clock, log: opt.Log}
	return &Station{
		Operators:   &Operators{base: b, params: opt.Password, minLen: cmp.Or(opt.MinPasswordLength, MinPasswordLength)},
		Cardholders: &Cardholders{base: b},
		Requests:    &Requests{base: b},
		Reasons:     &Reasons{base: b},
		Credentials: &Credentials{base: b},
		Formats:     &Formats{base: b},
		Settings:    &Settings{base: b},
		Audit:       &AuditLog{base: b},
		Outbox:      &Outbox{base: b, sender: opt.Mail},
		Devices:     &Devices{base: b},
	}
}

// base is what every service shares.
type base struct {
	store Store
	clock Clock
	log   *zap.Logger
}

// now is truncated to what storage keeps, so values read back compare equal.
func (b base) now() time.Time { return b.clock.Now().UTC().Truncate(time.Millisecond) }

// view runs a read after checking a permission.
func (b base) view(ctx context.Context, a Actor, p Permission, fn func(Tx) error) error {
	if err := a.require(p); err != nil {
		return err
	}
	return b.store.View(ctx, fn)
}

// update runs a change after checking a permission.
func (b base) update(ctx context.Context, a Actor, p Permission, fn func(Tx) error) error {
	if err := a.require(p); err != nil {
		return err
	}
	return b.store.Update(ctx, fn)
}
