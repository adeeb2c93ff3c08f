package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
	"github.com/carddesk/carddesk/production"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// openStation opens the database and builds the station services over it.
func openStation(ctx context.Context, dsn string, log *zap.Logger) (*enroll.Station, io.Closer, error) {
	if strings.Contains(dsn, "://") {
		return nil, nil, fmt.Errorf("database %s: only SQLite file paths are supported in this version", dsn)
	}
	db, err := sqlite.Open(ctx, dsn, log)
	if err != nil {
		return nil, nil, err
	}
	return enroll.New(db, enroll.Options{Log: log, Mail: notify.SMTP{}, Spooler: newSpooler(log),
		Producers: production.NewFactory(production.Options{Log: log})}), db, nil
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
