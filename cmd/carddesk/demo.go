package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/demo"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
	"github.com/carddesk/carddesk/production"
	"github.com/carddesk/carddesk/storage/secretbox"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// openDemo creates a seeded database in a new temporary folder; the
// returned func closes it and removes the folder.
func openDemo(ctx context.Context, log *zap.Logger) (*enroll.Station, string, func(), error) {
	dir, err := os.MkdirTemp("", "carddesk-demo-")
	if err != nil {
		return nil, "", nil, fmt.Errorf("demo folder: %w", err)
	}
	path := filepath.Join(dir, "demo.db")
	removeDir := func() {
		if err := os.RemoveAll(dir); err != nil {
			log.Warn("removing the demo folder", zap.String("dir", dir), zap.Error(err))
		}
	}
	db, err := sqlite.Open(ctx, path, log)
	if err != nil {
		removeDir()
		return nil, "", nil, err
	}
	cleanup := func() {
		closeLogged(db, log)()
		removeDir()
	}
	producer, err := demo.Producer()
	if err != nil {
		cleanup()
		return nil, "", nil, fmt.Errorf("demo card producer: %w", err)
	}
	closeDB := cleanup
	cleanup = func() {
		producer.Close()
		closeDB()
	}
	opts := demo.Options(log)
	opts.Mail = notify.SMTP{}
	opts.Leases = notify.NewProcessLeases()
	opts.Spooler = demo.Spooler(filepath.Join(dir, "printed"), log)
	opts.Producers = production.NewFactory(production.Options{Log: log})
	opts.Secrets = secretbox.New(secretbox.InFile(path+".key", log)) // a throw-away key, never the keyring
	st := enroll.New(db, opts)
	if err := demo.Seed(ctx, st, opts); err != nil {
		cleanup()
		return nil, "", nil, err
	}
	if err := demo.SetUpProduction(ctx, st, producer.URL()); err != nil {
		cleanup()
		return nil, "", nil, err
	}
	log.Info("demo database ready; sign in as demo / demo", zap.String("path", path))
	return st, path, cleanup, nil
}
