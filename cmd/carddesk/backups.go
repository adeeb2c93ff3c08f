package main

import (
	"context"

	"github.com/carddesk/carddesk/enroll"
)

// startBackups makes the station's daily backup while the app runs (a
// SQLite station; on PostgreSQL it only reports that there is nothing to
// do). RunDaily logs failures; the status bar and Settings show them. The
// returned func stops it and waits, so no backup runs once the database
// closes.
func startBackups(ctx context.Context, st *enroll.Station) func() {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		st.Backups.RunDaily(ctx, enroll.Sleep, nil)
	}()
	return func() {
		cancel()
		<-done
	}
}
