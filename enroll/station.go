package enroll

import (
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
	Templates   *Templates
	Badges      *Badges
	Printing    *Printing
	Orders      *Orders
	TempCards   *TempCards
	Backups     *Backups
	// Live reports changes made at other stations on a shared database
	// (PostgreSQL); on SQLite it is off and the UI polls.
	Live *Live
}

// Options tunes a Station; the zero value is production-ready.
type Options struct {
	Clock Clock
	Log   *zap.Logger
	// Password sets the argon2id cost; tests lower it, production keeps the default.
	Password PasswordParams
	// MinPasswordLength raises the shortest password accepted above the
	// default MinPasswordLength; a lower value (0 included) keeps the default.
	MinPasswordLength int
	// SeedAccount is the one account whose password may be shorter than the
	// minimum: the throw-away demo's public demo / demo. Only Setup honours
	// it, and only for exactly this name and password; every other account,
	// and every later password change (this account's too), must meet the
	// minimum. Real stations leave it nil.
	SeedAccount *SeedAccount
	// Mail delivers the outbox; nil leaves mail queued (ErrMailNotConfigured).
	Mail Sender
	// Leases names this process in the leases of the mail outbox and the
	// card-production queue and frees those of stopped processes at once;
	// nil leaves them to run out.
	Leases LeaseHolder
	// Spooler prints badges; nil leaves printing unavailable (ErrNoSpooler).
	Spooler Spooler
	// Secrets seals secret settings at rest (storage/secretbox); nil: the
	// station can neither keep nor read secrets (ErrNoSealer).
	Secrets SecretSealer
	// Producers makes the card producer's client from the station's
	// settings; nil leaves card production unavailable
	// (ErrProducerNotConfigured).
	Producers ProducerFactory
}

// SeedAccount names an account created with a password shorter than the
// minimum; see Options.SeedAccount.
type SeedAccount struct {
	Name     string
	Password string
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
	var seed *SeedAccount
	if opt.SeedAccount != nil {
		seed = &SeedAccount{Name: opt.SeedAccount.Name, Password: opt.SeedAccount.Password} // later changes to opt do not reach it
	}
	b := base{store: store, clock: opt.Clock, log: opt.Log, secrets: opt.Secrets}
	badges := &Badges{base: b}
	settings := &Settings{base: b}
	return &Station{
		Operators:   &Operators{base: b, params: opt.Password, minLen: max(opt.MinPasswordLength, MinPasswordLength), seed: seed},
		Cardholders: &Cardholders{base: b},
		Requests:    &Requests{base: b},
		Reasons:     &Reasons{base: b},
		Credentials: &Credentials{base: b},
		Formats:     &Formats{base: b},
		Settings:    settings,
		Audit:       &AuditLog{base: b},
		Outbox:      &Outbox{base: b, sender: opt.Mail, leases: opt.Leases},
		Devices:     &Devices{base: b},
		Templates:   &Templates{base: b},
		Badges:      badges,
		Printing:    &Printing{base: b, badges: badges, spool: opt.Spooler},
		Orders:      &Orders{base: b, producers: opt.Producers, leases: opt.Leases},
		TempCards:   &TempCards{base: b},
		Backups:     &Backups{base: b, settings: settings},
		Live:        &Live{feed: changeFeed(store)},
	}
}

// changeFeed is the store's change feed, nil when it has none.
func changeFeed(store Store) ChangeFeed {
	feed, _ := store.(ChangeFeed)
	return feed
}

// base is what every service shares.
type base struct {
	store   Store
	clock   Clock
	log     *zap.Logger
	secrets SecretSealer
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
