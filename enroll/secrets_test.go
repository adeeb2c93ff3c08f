package enroll_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
	"github.com/carddesk/carddesk/storage/secretbox"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// testSecrets seals a test station's secrets with a key file of the
// database's own: <file>.key beside a SQLite file; for a postgres:// URL one
// in the temp folder named after it, which every station of the test on
// that database shares, as desks copy the key.
func testSecrets(tb testing.TB, dsn string) enroll.SecretSealer {
	path := dsn + ".key"
	if strings.Contains(dsn, "://") {
		sum := sha256.Sum256([]byte(dsn))
		path = filepath.Join(os.TempDir(), "carddesk-test-"+hex.EncodeToString(sum[:8])+".key")
		tb.Cleanup(func() { os.Remove(path) })
	}
	return secretbox.New(secretbox.InFile(path, nil))
}

// secretDesk is a SQLite station whose raw settings a test can read.
type secretDesk struct {
	st    *enroll.Station
	db    *sqlite.DB
	path  string
	admin enroll.Actor
	ctx   context.Context
}

func newSecretDesk(t *testing.T, secrets enroll.SecretSealer) *secretDesk {
	t.Helper()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "desk.db")
	db, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if secrets == nil {
		secrets = secretbox.New(secretbox.InFile(path+".key", nil))
	}
	d := &secretDesk{db: db, path: path, ctx: ctx}
	d.st = enroll.New(db, enroll.Options{Password: enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}, Secrets: secrets,
		Mail: notify.SMTP{Timeout: 5 * time.Second}})
	if d.admin, err = d.st.Operators.Setup(ctx, "admin", "admin@example.org", "admin-pass-1234"); err != nil {
		t.Fatal(err)
	}
	return d
}

// raw is what the settings table holds.
func (d *secretDesk) raw(t *testing.T) map[string]string {
	t.Helper()
	var all map[string]string
	if err := d.db.View(d.ctx, func(tx enroll.Tx) error {
		var err error
		all, err = tx.Settings().All(d.ctx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return all
}

func (d *secretDesk) shown(t *testing.T, key string) string {
	t.Helper()
	s, err := d.st.Settings.Get(d.ctx, d.admin, key)
	if err != nil {
		t.Fatalf("Get(%s): %v", key, err)
	}
	return s.Value
}

func TestSecretSettingsSealedAtRest(t *testing.T) {
	d := newSecretDesk(t, nil)
	if err := d.st.Settings.SetMany(d.ctx, d.admin, []enroll.KeyValue{
		{Key: "smtp.password", Value: "Hunter2-mail"}, {Key: "production.client_secret", Value: "Pr0ducer-secret"},
		{Key: "smtp.username", Value: "desk"}}); err != nil {
		t.Fatal(err)
	}
	raw := d.raw(t)
	for key, plain := range map[string]string{"smtp.password": "Hunter2-mail", "production.client_secret": "Pr0ducer-secret"} {
		if !secretbox.IsSealed(raw[key]) || strings.Contains(raw[key], plain) {
			t.Errorf("%s stored as %q", key, raw[key])
		}
		if got := d.shown(t, key); got != enroll.SecretShown {
			t.Errorf("%s shown as %q", key, got)
		}
	}
	if raw["smtp.username"] != "desk" || raw["secrets.key_id"] == "" {
		t.Errorf("raw settings %v: want the user name as it is and the key id", raw)
	}
	// Clearing a secret stores nothing to seal.
	if err := d.st.Settings.Set(d.ctx, d.admin, "smtp.password", ""); err != nil {
		t.Fatal(err)
	}
	if v := d.raw(t)["smtp.password"]; v != "" {
		t.Errorf("cleared password stored as %q", v)
	}
	if got := d.shown(t, "smtp.password"); got != "" {
		t.Errorf("cleared password shown as %q", got)
	}
}

// A station that lacks the key says so; it may not start a new key while
// a secret sealed with the old one is there, and may once none is.
func TestSecretKeyMissing(t *testing.T) {
	d := newSecretDesk(t, nil)
	set := func(key, value string) error { return d.st.Settings.Set(d.ctx, d.admin, key, value) }
	if err := set("smtp.password", "Hunter2-mail"); err != nil {
		t.Fatal(err)
	}
	if err := set("production.client_secret", "Pr0ducer-secret"); err != nil {
		t.Fatal(err)
	}
	oldID := d.raw(t)["secrets.key_id"]
	for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.from": "desk@example.org"} {
		if err := set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	// Another desk on this database without the key file.
	other := enroll.New(d.db, enroll.Options{Secrets: secretbox.New(secretbox.InFile(d.path+".elsewhere.key", nil)), Mail: notify.SMTP{}})
	s, err := other.Settings.Get(d.ctx, d.admin, "smtp.password")
	if err != nil || s.Value != enroll.SecretNoKey {
		t.Errorf("Get without the key = %q, %v; want %q", s.Value, err, enroll.SecretNoKey)
	}
	if list, err := other.Settings.List(d.ctx, d.admin); err != nil || len(list) == 0 {
		t.Errorf("List without the key: %v", err)
	}
	err = other.Settings.Set(d.ctx, d.admin, "smtp.password", "new-one")
	var se *enroll.SecretError
	if !errors.As(err, &se) || se.Setting != "smtp.password" || !errors.Is(err, enroll.ErrSecretKeyMissing) ||
		!strings.Contains(err.Error(), d.path+".elsewhere.key") {
		t.Errorf("Set without the key while another secret needs it: %v", err)
	}
	if err := other.Outbox.SendTest(d.ctx, d.admin, "admin@example.org"); !errors.Is(err, enroll.ErrSecretKeyMissing) {
		t.Errorf("SendTest without the key: %v", err)
	}
	// Clearing needs no key; with no sealed secret left, a new key starts
	// under a new id, and the first desk's key no longer opens the secret.
	if err := other.Settings.Set(d.ctx, d.admin, "production.client_secret", ""); err != nil {
		t.Fatal(err)
	}
	if err := other.Settings.Set(d.ctx, d.admin, "smtp.password", "new-one"); err != nil {
		t.Fatalf("replacing the only sealed secret: %v", err)
	}
	if id := d.raw(t)["secrets.key_id"]; id == oldID || id == "" {
		t.Errorf("key id %q after starting a new key (was %q)", id, oldID)
	}
	if got := d.shown(t, "smtp.password"); got != enroll.SecretUnreadable {
		t.Errorf("first desk shows %q; want %q", got, enroll.SecretUnreadable)
	}
	if err := d.st.Outbox.SendTest(d.ctx, d.admin, "admin@example.org"); !errors.Is(err, enroll.ErrSecretUnreadable) || !strings.Contains(err.Error(), "sealed with key") {
		t.Errorf("SendTest at the first desk: %v", err)
	}
}

func TestSecretTamperedShownAndRefused(t *testing.T) {
	d := newSecretDesk(t, nil)
	if err := d.st.Settings.Set(d.ctx, d.admin, "smtp.password", "Hunter2-mail"); err != nil {
		t.Fatal(err)
	}
	v := d.raw(t)["smtp.password"]
	if err := d.db.Update(d.ctx, func(tx enroll.Tx) error {
		return tx.Settings().Set(d.ctx, "smtp.password", v[:len(v)-6]+"AAAA==")
	}); err != nil {
		t.Fatal(err)
	}
	if got := d.shown(t, "smtp.password"); got != enroll.SecretUnreadable {
		t.Errorf("tampered secret shown as %q", got)
	}
	for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.from": "desk@example.org"} {
		if err := d.st.Settings.Set(d.ctx, d.admin, k, v); err != nil {
			t.Fatal(err)
		}
	}
	err := d.st.Outbox.SendTest(d.ctx, d.admin, "admin@example.org")
	if !errors.Is(err, enroll.ErrSecretUnreadable) || strings.Contains(err.Error(), "Hunter2") {
		t.Errorf("SendTest with a tampered password: %v", err)
	}
}

func TestSecretNeedsSealer(t *testing.T) {
	d := newSecretDesk(t, nil)
	bare := enroll.New(d.db, enroll.Options{})
	if err := bare.Settings.Set(d.ctx, d.admin, "smtp.password", "Hunter2-mail"); !errors.Is(err, enroll.ErrNoSealer) {
		t.Errorf("Set without a sealer: %v; want ErrNoSealer", err)
	}
	if err := bare.Settings.Set(d.ctx, d.admin, "smtp.host", "mail.example.org"); err != nil {
		t.Errorf("a plain setting without a sealer: %v", err)
	}
	if v := d.raw(t)["smtp.password"]; v != "" {
		t.Errorf("stored %q", v)
	}
}

// A database from before secrets were sealed: SealStored seals them in one
// audited transaction, once.
func TestSealStoredPlaintext(t *testing.T) {
	d := newSecretDesk(t, nil)
	if err := d.db.Update(d.ctx, func(tx enroll.Tx) error {
		for k, v := range map[string]string{"smtp.password": "Hunter2-mail", "production.client_secret": "Pr0ducer-secret", "smtp.host": "mail.example.org"} {
			if err := tx.Settings().Set(d.ctx, k, v); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := d.shown(t, "smtp.password"); got != enroll.SecretShown {
		t.Errorf("legacy plaintext shown as %q", got)
	}
	sealed, err := d.st.Settings.SealStored(d.ctx)
	if err != nil || strings.Join(sealed, ",") != "smtp.password,production.client_secret" {
		t.Fatalf("SealStored = %v, %v", sealed, err)
	}
	raw := d.raw(t)
	if !secretbox.IsSealed(raw["smtp.password"]) || !secretbox.IsSealed(raw["production.client_secret"]) || raw["smtp.host"] != "mail.example.org" {
		t.Errorf("after SealStored: %v", raw)
	}
	evs, _, err := d.st.Audit.List(d.ctx, d.admin, enroll.AuditQuery{Entity: "setting"})
	if err != nil || len(evs) != 1 || evs[0].Action != "setting.seal" || evs[0].Operator != "(station)" ||
		!strings.Contains(evs[0].Details, "smtp.password") {
		t.Fatalf("audit: %+v, %v", evs, err)
	}
	for _, ev := range evs {
		if strings.Contains(ev.Details+ev.Before+ev.After, "Hunter2") || strings.Contains(ev.Details+ev.Before+ev.After, "Pr0ducer") {
			t.Errorf("audit event holds a secret: %+v", ev)
		}
	}
	if again, err := d.st.Settings.SealStored(d.ctx); err != nil || len(again) != 0 {
		t.Errorf("second SealStored = %v, %v", again, err)
	}
	if evs, _, _ := d.st.Audit.List(d.ctx, d.admin, enroll.AuditQuery{Entity: "setting"}); len(evs) != 1 {
		t.Errorf("second SealStored audited again: %d events", len(evs))
	}
}
