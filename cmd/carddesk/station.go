package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
	"github.com/carddesk/carddesk/production"
	"github.com/carddesk/carddesk/storage/dsn"
	"github.com/carddesk/carddesk/storage/postgres"
	"github.com/carddesk/carddesk/storage/secretbox"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// openStation opens the database and builds the station services over it.
// Secret settings an older version stored in plaintext are sealed now; when
// that cannot be done (no key store), the station still opens and says why.
func openStation(ctx context.Context, dsn string, log *zap.Logger) (*enroll.Station, io.Closer, error) {
	db, err := openStore(ctx, dsn, log)
	if err != nil {
		return nil, nil, err
	}
	keys, err := secretKeys(dsn, os.Getenv, log)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	st := enroll.New(db, enroll.Options{Log: log, Mail: notify.SMTP{}, Leases: notify.NewProcessLeases(), Spooler: newSpooler(log),
		Producers: production.NewFactory(production.Options{Log: log}), Secrets: secretbox.New(keys)})
	if sealed, err := st.Settings.SealStored(ctx); err != nil {
		log.Warn("secret settings stay in plaintext for now", zap.Error(err))
	} else if len(sealed) > 0 {
		log.Info("secret settings sealed", zap.Strings("settings", sealed))
	}
	return st, db, nil
}

// envSecretKeyFile names a key file for the database's secrets, used
// instead of the OS keyring and the default key file (README: Secrets).
const envSecretKeyFile = "CARDDESK_SECRET_KEY_FILE"

// secretKeys is where the key of the database's secrets lives: the file
// CARDDESK_SECRET_KEY_FILE names; else the OS keyring, or where there is
// none, <db>.key beside a SQLite file and secret-<key id>.key in the config
// folder for a shared database.
func secretKeys(name string, getenv func(string) string, log *zap.Logger) (secretbox.Keys, error) {
	if f := getenv(envSecretKeyFile); f != "" {
		abs, err := filepath.Abs(f)
		if err != nil {
			return secretbox.Keys{}, fmt.Errorf("%s=%s: %w", envSecretKeyFile, f, err)
		}
		return secretbox.InFile(abs, log), nil
	}
	if kind, _ := dsn.Of(name); kind == dsn.Postgres {
		dir, err := os.UserConfigDir()
		if err != nil {
			return secretbox.Keys{}, fmt.Errorf("no config folder for the key of the database's secrets (set %s): %w", envSecretKeyFile, err)
		}
		return secretbox.ForShared(filepath.Join(dir, "carddesk"), log), nil
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return secretbox.Keys{}, fmt.Errorf("database %s: %w", name, err)
	}
	return secretbox.ForSQLite(abs, log), nil
}

// store is what a station runs on: one of the storage packages' DBs.
type store interface {
	enroll.Store
	io.Closer
}

// openStore opens the database dsn names: a postgres:// (or postgresql://)
// URL is a shared PostgreSQL database, anything else a SQLite file path.
// Other URL schemes are refused rather than taken for a file name.
func openStore(ctx context.Context, name string, log *zap.Logger) (store, error) {
	kind, err := dsn.Of(name)
	switch {
	case err != nil:
		return nil, err
	case kind == dsn.Postgres:
		return postgres.Open(ctx, name, log)
	}
	return sqlite.Open(ctx, name, log)
}

// shownDB is the database as the status bar and the log name it: a file
// path as it is, a URL without its password or options (which may hold
// TLS key paths), e.g. postgres://carddesk@db.example.org:5432/carddesk.
func shownDB(name string) string {
	if !dsn.IsURL(name) {
		return name
	}
	u, err := url.Parse(name)
	if err != nil {
		return postgres.Redact(name)
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}

// defaultDBPath is carddesk.db in the user's config folder; the folder is
// created (private) by whoever first needs it.
func defaultDBPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "carddesk", "carddesk.db"), nil
}

// appDBPath is the database the app opens: the one named, or the default,
// whose private folder is created on first run.
func appDBPath(dsn string) (string, error) {
	if dsn != "" {
		return dsn, nil
	}
	path, err := defaultDBPath()
	if err != nil {
		return "", fmt.Errorf("no --db given and no config folder: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	return path, nil
}
