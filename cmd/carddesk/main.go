// Command carddesk is the CardDesk enrollment station: the desktop app when
// run without a command, the headless command line otherwise.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/carddesk/carddesk/cli"
	_ "github.com/carddesk/carddesk/cmd/carddesk/internal/clocale" // before fyne reads the locale: C.UTF-8 is English, quietly
	"github.com/carddesk/carddesk/enroll"
)

//go:generate go run ./internal/metagen -in ../../FyneApp.toml -out metadata_gen.go

// commit names the source the binary was built from; the build sets it:
// -ldflags "-X main.commit=$(git describe --always --dirty)".
var commit string

// version is the app's version (FyneApp.toml), with the commit as build
// metadata when known: 0.1.0+c11cc6d.
func version() string {
	if commit == "" {
		return appMetadata.Version
	}
	return appMetadata.Version + "+" + commit
}

func main() { os.Exit(run()) }

func run() int {
	attachConsole()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logs, err := newLogging(os.Getenv, version(), isTerminal(os.Stderr))
	if err != nil {
		fmt.Fprintf(os.Stderr, "carddesk: %v; no log file is written this time\n", err)
	}
	defer logs.close()
	return cli.Run(ctx, os.Args[1:], cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, Version: version(), Log: logs.log,
		Open: func(ctx context.Context, dsn string) (*enroll.Station, io.Closer, error) {
			return openStation(ctx, dsn, logs.log)
		},
		DefaultDB: defaultDBPath,
		Readers: func(opts enroll.ReaderOptions) (enroll.ReaderSet, io.Closer) {
			return cliReaders(logs.log, opts)
		},
		ReadPassword: terminalPassword(ctx, os.Stdin, os.Stderr),
		GUI: func(ctx context.Context, g cli.Globals) int {
			logs.verbose() // the app's console shows what it does; commands stay quiet
			return runGUI(ctx, g, logs.log)
		},
		CopyDB: func(ctx context.Context, from, to string, by enroll.Actor) (cli.DBCopy, error) {
			return copyDB(ctx, from, to, by, logs.log)
		},
	})
}
