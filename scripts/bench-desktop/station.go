package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/sqlite"
	"github.com/carddesk/carddesk/storage/storagetest"
)

// The station's administrator; the harness types this at the sign-in window.
const adminName, adminPassword = "admin", "bench-desktop-admin"

// station makes path once: a SQLite station with cardholders generated
// cardholders (storagetest.GenCardholders, the storage benchmarks' rows),
// storagetest.FileRequests's 10,000 pending and 10,000 answered requests,
// and the administrator above with the production password cost. It is
// written under a temporary name and renamed, so an interrupted run leaves
// no half station behind.
func station(ctx context.Context, path string, cardholders int) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	start := time.Now()
	tmp := path + ".new"
	for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		_ = os.Remove(f)
	}
	if err := fillStation(ctx, tmp, cardholders); err != nil {
		return fmt.Errorf("station %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "station %s: %d cardholders, 10,000 pending requests, made in %v\n",
		path, cardholders, time.Since(start).Round(time.Millisecond))
	return nil
}

func fillStation(ctx context.Context, path string, cardholders int) error {
	db, err := sqlite.Open(ctx, path, zap.NewNop())
	if err != nil {
		return err
	}
	st := enroll.New(db, enroll.Options{})
	if _, err := st.Operators.Setup(ctx, adminName, "", adminPassword); err != nil {
		db.Close()
		return fmt.Errorf("administrator: %w", err)
	}
	people := storagetest.GenCardholders(cardholders, 1)
	err = db.Update(ctx, func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(ctx, people) })
	if err == nil {
		err = storagetest.FileRequests(ctx, db, cardholders)
	}
	if cerr := db.Close(); err == nil {
		err = cerr // the WAL is folded into the file: the rename moves it all
	}
	return err
}
