package enroll

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"go.uber.org/zap"
)

// SecretSealer keeps secret settings (smtp.password,
// production.client_secret) encrypted at rest with a key that never enters
// the database: storage/secretbox keeps it in the OS keyring or a key file.
// The key id, kept in the database, says which key a station must hold.
type SecretSealer interface {
	// Seal encrypts plain with keyID's key; with create, a key this
	// station cannot find is made (the database has none in use yet).
	Seal(keyID string, create bool, plain []byte) (string, error)
	// Open decrypts what Seal made: ErrSecretKeyMissing when this station
	// lacks the key, ErrSecretUnreadable for another key or an altered value.
	Open(keyID, sealed string) ([]byte, error)
	// IsSealed tells a sealed value from plaintext stored before secrets
	// were sealed.
	IsSealed(stored string) bool
}

var (
	// ErrSecretKeyMissing: secrets are sealed with a key this station does
	// not have; it must be copied from a station that has it.
	ErrSecretKeyMissing = errors.New("this station lacks the key the database's secrets are sealed with")
	// ErrSecretUnreadable: a sealed secret does not open with this station's
	// key (another key, or the value was altered).
	ErrSecretUnreadable = errors.New("the stored secret does not open with this station's key")
	// ErrNoSealer: the station was built without a SecretSealer, so it can
	// neither keep nor read secrets.
	ErrNoSealer = errors.New("this station has no key store for secrets")
)

// SecretError names the secret setting that could not be sealed or opened.
type SecretError struct {
	Setting string
	Err     error
}

func (e *SecretError) Error() string { return e.Setting + ": " + e.Err.Error() }
func (e *SecretError) Unwrap() error { return e.Err }

// What a secret setting with a value reads as when this station cannot
// open it (Setting.Value); SecretShown when it can.
const (
	SecretNoKey      = "(set, but this station lacks the key)"
	SecretUnreadable = "(set, but it does not open with this station's key)"
)

// Scrubber is a store that can wipe what replaced rows leave behind in its
// files (SQLite's free pages and WAL, PostgreSQL's dead row versions), so
// plaintext that SealStored replaced does not linger there.
type Scrubber interface {
	Scrub(ctx context.Context) error
}

// secretKeyIDKey is the internal setting naming the key the database's
// secrets are sealed with; keyrings and key files find the key by it.
const secretKeyIDKey = "secrets.key_id"

// secretActor is who the audit log names for what the station does by
// itself; no operator can have this name.
var secretActor = Actor{Name: "(station)"}

func newKeyID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("making a secret key id: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// sealSecret returns what is stored for a secret setting: "" as is, else
// plain sealed. While no secret is sealed yet, a station without the key
// starts a new one (under a new id, so stations holding an old key say they
// lack this one rather than misreading); once one is, the key must be
// copied, not replaced, or the other secrets would be lost.
func (b base) sealSecret(ctx context.Context, tx Tx, setting, plain string) (string, error) {
	if plain == "" {
		return "", nil
	}
	if b.secrets == nil {
		return "", &SecretError{Setting: setting, Err: ErrNoSealer}
	}
	id, _, err := tx.Settings().Get(ctx, secretKeyIDKey)
	if err != nil {
		return "", err
	}
	if id != "" {
		sealed, err := b.secrets.Seal(id, false, []byte(plain))
		if !errors.Is(err, ErrSecretKeyMissing) {
			return sealed, secretErr(setting, err)
		}
		inUse, lerr := b.sealedOthers(ctx, tx, setting)
		if lerr != nil {
			return "", lerr
		}
		if inUse {
			return "", secretErr(setting, err)
		}
	}
	if id, err = newKeyID(); err != nil {
		return "", err
	}
	sealed, err := b.secrets.Seal(id, true, []byte(plain))
	if err != nil {
		return "", secretErr(setting, err)
	}
	if err := tx.Settings().Set(ctx, secretKeyIDKey, id); err != nil {
		return "", err
	}
	b.log.Info("new key for the database's secrets", zap.String("key_id", id))
	return sealed, nil
}

// sealedOthers reports whether a secret setting other than except holds a
// sealed value, i.e. whether the database's key is in use.
func (b base) sealedOthers(ctx context.Context, tx Tx, except string) (bool, error) {
	all, err := tx.Settings().All(ctx)
	if err != nil {
		return false, err
	}
	for _, d := range settingDefs {
		if d.Secret && d.Key != except && b.secrets.IsSealed(all[d.Key]) {
			return true, nil
		}
	}
	return false, nil
}

// openSecret returns the plaintext of a secret setting's stored value;
// plaintext stored before secrets were sealed is returned as it is.
func (b base) openSecret(ctx context.Context, tx Tx, setting, stored string) (string, error) {
	if stored == "" {
		return "", nil
	}
	if b.secrets == nil {
		return "", &SecretError{Setting: setting, Err: ErrNoSealer}
	}
	if !b.secrets.IsSealed(stored) {
		return stored, nil
	}
	id, _, err := tx.Settings().Get(ctx, secretKeyIDKey)
	if err != nil {
		return "", err
	}
	if id == "" {
		return "", &SecretError{Setting: setting, Err: fmt.Errorf("%w: the database does not say which key (%s is missing)", ErrSecretKeyMissing, secretKeyIDKey)}
	}
	plain, err := b.secrets.Open(id, stored)
	if err != nil {
		return "", secretErr(setting, err)
	}
	return string(plain), nil
}

func secretErr(setting string, err error) error {
	if err == nil {
		return nil
	}
	return &SecretError{Setting: setting, Err: err}
}

// settingValue reads a setting for the station's own use (mail, the card
// producer), its default when unset, a secret opened.
func (b base) settingValue(ctx context.Context, tx Tx, key string) (string, error) {
	d, err := lookupSetting(key)
	if err != nil {
		return "", err
	}
	v, ok, err := tx.Settings().Get(ctx, key)
	if err != nil {
		return "", err
	}
	if !ok {
		return d.Default, nil
	}
	if d.Secret {
		return b.openSecret(ctx, tx, key, v)
	}
	return v, nil
}

// shownSecret is what a secret setting with stored value v reads as: the
// value itself never, only whether this station can open it.
func (b base) shownSecret(ctx context.Context, tx Tx, key, v string) (string, error) {
	_, err := b.openSecret(ctx, tx, key, v)
	var se *SecretError
	switch {
	case err == nil:
		return SecretShown, nil
	case errors.Is(err, ErrSecretKeyMissing):
		return SecretNoKey, nil
	case errors.As(err, &se):
		b.log.Warn("a stored secret does not open", zap.Error(err))
		return SecretUnreadable, nil
	}
	return "", err
}

// SealStored seals the secret settings still stored in plaintext by an
// older CardDesk, in one transaction audited without the values, and
// returns their keys. Then a store that can (Scrubber) wipes the replaced
// plaintext from its files. The app and every command call it on opening
// the database; with nothing to seal it writes nothing.
func (s *Settings) SealStored(ctx context.Context) ([]string, error) {
	if s.secrets == nil {
		return nil, ErrNoSealer
	}
	var todo bool
	err := s.store.View(ctx, func(tx Tx) error {
		keys, err := s.plainSecrets(ctx, tx)
		todo = len(keys) > 0
		return err
	})
	if err != nil || !todo {
		return nil, err
	}
	var sealed []string
	err = s.store.Update(ctx, func(tx Tx) error {
		keys, err := s.plainSecrets(ctx, tx) // again: another station may have sealed them meanwhile
		if err != nil || len(keys) == 0 {
			return err
		}
		for _, k := range keys {
			v, _, err := tx.Settings().Get(ctx, k)
			if err != nil {
				return err
			}
			if v, err = s.sealSecret(ctx, tx, k, v); err != nil {
				return err
			}
			if err := tx.Settings().Set(ctx, k, v); err != nil {
				return err
			}
		}
		sealed = keys
		return record(ctx, tx, secretActor, s.now(), change{action: "setting.seal", entity: "setting",
			details: "stored in plaintext by an older version, now encrypted: " + strings.Join(keys, ", ")})
	})
	if err != nil {
		return nil, err
	}
	if sc, ok := s.store.(Scrubber); ok {
		if err := sc.Scrub(ctx); err != nil {
			return sealed, fmt.Errorf("the secrets are sealed, but their old plaintext may linger in the database's free space: %w", err)
		}
	}
	return sealed, nil
}

// plainSecrets lists the secret settings whose stored value is plaintext.
func (s *Settings) plainSecrets(ctx context.Context, tx Tx) ([]string, error) {
	all, err := tx.Settings().All(ctx)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, d := range settingDefs {
		if v := all[d.Key]; d.Secret && v != "" && !s.secrets.IsSealed(v) {
			keys = append(keys, d.Key)
		}
	}
	return keys, nil
}
