// Package cli is CardDesk's command line: the headless commands for
// administrators' scripts, bulk jobs and tests. Every command goes through
// the same enroll services as the desktop app, so validation, permissions
// and the audit log are the same.
package cli

import (
	"context"
	"io"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// Exit codes, as promised to scripts.
const (
	ExitOK      = 0 // success
	ExitRefused = 1 // refused or bad data; the reason is on stderr
	ExitUsage   = 2 // the command line itself is wrong
)

// Env is everything a run needs from the outside world, so tests can run
// commands in-process without a terminal, a config dir or a display.
type Env struct {
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	Getenv  func(string) string
	Version string
	Log     *zap.Logger

	// Open opens the station on the database at dsn.
	Open func(ctx context.Context, dsn string) (*enroll.Station, io.Closer, error)
	// DefaultDB returns the database path used when neither --db nor
	// CARDDESK_DB is given; nil means there is no default.
	DefaultDB func() (string, error)
	// ReadPassword asks for a password without echo; nil when there is no
	// terminal to ask on.
	ReadPassword func(prompt string) (string, error)
	// Readers opens the station's card readers (PC/SC, and CCID over USB
	// when the station's options say so); nil means the station has none.
	// The closer stops watching them.
	Readers func(opts enroll.ReaderOptions) (enroll.ReaderSet, io.Closer)
	// GUI opens the desktop app; Run calls it when no command is given.
	GUI func(ctx context.Context, g Globals) int
	// CopyDB copies the station at from into the empty database at to
	// (db copy); by is the source's administrator who asked, whom the
	// target's audit log names. Each DSN is a SQLite path or a postgres://
	// URL, as for --db. nil means this build cannot copy.
	CopyDB func(ctx context.Context, from, to string, by enroll.Actor) (DBCopy, error)
}

func (e *Env) getenv(key string) string {
	if e.Getenv == nil {
		return ""
	}
	return e.Getenv(key)
}

func (e *Env) log() *zap.Logger {
	if e.Log == nil {
		return zap.NewNop()
	}
	return e.Log
}
