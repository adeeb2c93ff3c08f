package postgres

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/postgres/pgtest"
	"github.com/carddesk/carddesk/storage/secretbox"
)

// keyFolder keeps a station's keys in dir, as secretbox.ForShared does on
// a computer without an OS keyring (the test leaves the real keyring alone).
func keyFolder(dir string) enroll.SecretSealer {
	return secretbox.New(secretbox.Keys{File: func(id string) string { return filepath.Join(dir, "secret-"+id+".key") }})
}

// Two desks share the database: the secrets in its settings table are
// sealed; the desk without the key says so, and has it once the key file
// is copied over.
func TestSecretsSharedStations(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.NewDatabase(t)
	a, b := openDSN(t, dsn), openDSN(t, dsn)
	dirA, dirB := t.TempDir(), t.TempDir()
	stA := enroll.New(a, enroll.Options{Password: cheapPasswords, Secrets: keyFolder(dirA)})
	stB := enroll.New(b, enroll.Options{Password: cheapPasswords, Secrets: keyFolder(dirB)})
	admin, err := stA.Operators.Setup(ctx, "admin", "admin@example.com", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{"smtp.password": "Hunter2-mail-7Qx", "production.client_secret": "Pr0ducer-secret-9Kz"}
	for k, v := range secrets {
		if err := stA.Settings.Set(ctx, admin, k, v); err != nil {
			t.Fatal(err)
		}
	}
	for k, plain := range secrets {
		var stored string
		if err := a.pool.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = $1", k).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if !secretbox.IsSealed(stored) || strings.Contains(stored, plain) {
			t.Errorf("%s stored as %q", k, stored)
		}
		var n int
		if err := a.pool.QueryRowContext(ctx, "SELECT count(*) FROM settings WHERE strpos(value, $1) > 0", plain).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d settings rows hold %s in clear (%v)", n, k, err)
		}
	}

	if s, err := stB.Settings.Get(ctx, admin, "smtp.password"); err != nil || s.Value != enroll.SecretNoKey {
		t.Errorf("desk B without the key: %q, %v", s.Value, err)
	}
	keys, _ := filepath.Glob(filepath.Join(dirA, "secret-*.key"))
	if len(keys) != 1 {
		t.Fatalf("desk A's key files: %v", keys)
	}
	copied := filepath.Join(dirB, filepath.Base(keys[0]))
	err = stB.Settings.Set(ctx, admin, "smtp.password", "another")
	if !errors.Is(err, enroll.ErrSecretKeyMissing) || !strings.Contains(err.Error(), copied) {
		t.Errorf("desk B setting a secret without the key: %v; want it to name %s", err, copied)
	}
	data, err := os.ReadFile(keys[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copied, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := stB.Settings.Get(ctx, admin, "smtp.password"); err != nil || s.Value != enroll.SecretShown {
		t.Errorf("desk B with the copied key: %q, %v", s.Value, err)
	}
	if err := stB.Settings.Set(ctx, admin, "smtp.password", "another"); err != nil {
		t.Errorf("desk B setting a secret with the key: %v", err)
	}
	if s, err := stA.Settings.Get(ctx, admin, "smtp.password"); err != nil || s.Value != enroll.SecretShown {
		t.Errorf("desk A after B changed it: %q, %v", s.Value, err)
	}
}

// A shared database an older CardDesk left with a plaintext secret: the
// first station to open it seals it and rewrites the table.
func TestSecretsSealStoredShared(t *testing.T) {
	ctx := context.Background()
	db := openDSN(t, pgtest.NewDatabase(t))
	const plain = "Hunter2-mail-7Qx"
	if err := db.Update(ctx, func(tx enroll.Tx) error { return tx.Settings().Set(ctx, "smtp.password", plain) }); err != nil {
		t.Fatal(err)
	}
	st := enroll.New(db, enroll.Options{Password: cheapPasswords, Secrets: keyFolder(t.TempDir())})
	sealed, err := st.Settings.SealStored(ctx)
	if err != nil || len(sealed) != 1 {
		t.Fatalf("SealStored = %v, %v", sealed, err)
	}
	var stored string
	if err := db.pool.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'smtp.password'").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if !secretbox.IsSealed(stored) || strings.Contains(stored, plain) {
		t.Errorf("stored as %q", stored)
	}
}
