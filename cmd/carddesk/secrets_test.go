package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/secretbox"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// The tests of this package open stations in-process as a computer without
// an OS keyring (no Secret Service on the session bus) does: keys go to
// files, and the developer's own keyring is left alone.
func init() {
	keyring.MockInitWithError(errors.New("no OS keyring in the tests"))
}

func TestSecretKeysWhere(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "carddesk.db")
	cfg, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	const id = "0123456789abcdef"
	for _, tc := range []struct {
		name, db, env, file string
		keyring             bool
	}{
		{"SQLite", db, "", db + ".key", true},
		{"PostgreSQL", "postgres://desk@db.example.org/carddesk", "", filepath.Join(cfg, "carddesk", "secret-"+id+".key"), true},
		{"key file named", db, filepath.Join(dir, "k", "station.key"), filepath.Join(dir, "k", "station.key"), false},
		{"key file named, PostgreSQL", "postgres://desk@db.example.org/carddesk", filepath.Join(dir, "shared.key"), filepath.Join(dir, "shared.key"), false},
	} {
		keys, err := secretKeys(tc.db, func(k string) string { return map[string]string{envSecretKeyFile: tc.env}[k] }, nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := keys.File(id); got != tc.file || (keys.Keyring != nil) != tc.keyring {
			t.Errorf("%s: key file %s, keyring %v; want %s, %v", tc.name, got, keys.Keyring != nil, tc.file, tc.keyring)
		}
	}
}

// A database an older CardDesk left with plaintext secrets: opening it
// seals them, with the key in <db>.key (mode 0600) where there is no
// keyring, and neither the log nor the file holds them in clear.
func TestOpenStationSealsPlaintextSecrets(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	const mailPW, producerPW = "Hunter2-mail-7Qx", "Pr0ducer-secret-9Kz"
	db, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := enroll.New(db, enroll.Options{Password: enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}}).
		Operators.Setup(ctx, "admin", "", "admin-pass-1234")
	if err == nil {
		err = db.Update(ctx, func(tx enroll.Tx) error {
			for k, v := range map[string]string{"smtp.password": mailPW, "production.client_secret": producerPW} {
				if err := tx.Settings().Set(ctx, k, v); err != nil {
					return err
				}
			}
			return nil
		})
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	core, logs := observer.New(zap.DebugLevel)
	st, closer, err := openStation(ctx, path, zap.New(core))
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.Settings.Get(ctx, admin, "smtp.password")
	closer.Close()
	if err != nil || s.Value != enroll.SecretShown {
		t.Errorf("after opening: %q, %v", s.Value, err)
	}
	fi, err := os.Stat(path + ".key")
	if err != nil {
		t.Fatalf("no key file beside the database: %v", err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %04o", fi.Mode().Perm())
	}
	if logs.FilterMessage("secret settings sealed").Len() != 1 {
		t.Errorf("the sealing was not logged: %v", logs.All())
	}
	var logged strings.Builder
	for _, e := range logs.All() {
		fmt.Fprintf(&logged, "%s %v\n", e.Message, e.ContextMap())
	}
	files, _ := filepath.Glob(path + "*")
	for _, f := range files {
		if strings.HasSuffix(f, ".key") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		logged.WriteString(string(data))
	}
	for _, secret := range []string{mailPW, producerPW} {
		if strings.Contains(logged.String(), secret) {
			t.Errorf("%q in clear in the log or the database files", secret)
		}
	}

	// Opening again finds nothing left to seal, and the key still opens them.
	logs.TakeAll()
	st, closer, err = openStation(ctx, path, zap.New(core))
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	if s, err := st.Settings.Get(ctx, admin, "production.client_secret"); err != nil || s.Value != enroll.SecretShown {
		t.Errorf("reopened: %q, %v", s.Value, err)
	}
	if logs.FilterMessage("secret settings sealed").Len() != 0 {
		t.Error("sealed again on the second opening")
	}
	if !secretbox.IsSealed(rawSetting(t, path, "smtp.password")) {
		t.Error("smtp.password not sealed in the file")
	}
}

func rawSetting(t *testing.T, path, key string) string {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.View(context.Background(), func(tx enroll.Tx) error {
		var err error
		v, _, err = tx.Settings().Get(context.Background(), key)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return v
}
