// Command bench-desktop measures what a security-desk operator waits for,
// in real GL windows on a private Xvfb (Mesa), against a bare Fyne window
// built from the same module in the same run (make bench-desktop):
//
//   - start: process start → the window mapped (the sign-in window for
//     CardDesk), timed by the X server's MapNotify event;
//   - sign-in: Return typed at the sign-in window → the password checked
//     (the app's "session started" log line), the window at the main
//     window's size (ConfigureNotify: the sign-in form and the main window
//     share one window), and the first page of requests on screen (the
//     requests screen's log line);
//   - resident memory (VmRSS and PSS from /proc) of the sign-in window,
//     after each section of the main window has been opened once (Ctrl+1 …
//     Ctrl+7, typed with xdotool), and at rest, -rest after the last one
//     without input; the sign-in window against the bare window at its
//     size, the main window against a bare window at the main window's.
//
// Launches alternate bare, CardDesk, bare, … so the load of a shared
// machine falls on both alike; one warm-up launch of each is not counted.
// The station (100,000 cardholders, 10,000 pending requests) is generated
// once into -dir and reused.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

type options struct {
	app, bare, dir string
	runs           int
	cardholders    int
	settle, rest   time.Duration
	pprof          string
	maps           bool
	keep           bool
}

func main() {
	var o options
	flag.StringVar(&o.app, "app", "bin/carddesk", "the CardDesk binary")
	flag.StringVar(&o.bare, "bare", "bin/bench-desktop/bare", "the bare Fyne window binary (scripts/bench-desktop/bare)")
	flag.StringVar(&o.dir, "dir", "bin/bench-desktop", "where the generated station is kept between runs")
	flag.IntVar(&o.runs, "n", 7, "launches of each program")
	flag.IntVar(&o.cardholders, "cardholders", 100_000, "cardholders in the generated station")
	flag.DurationVar(&o.settle, "settle", 1500*time.Millisecond, "wait after each step before memory is read")
	flag.DurationVar(&o.rest, "rest", 8*time.Second, "wait after the last section, without input, before memory is read at rest")
	flag.StringVar(&o.pprof, "pprof", "", "folder for CPU and heap profiles of the last CardDesk launch (CARDDESK_PPROF)")
	flag.BoolVar(&o.maps, "maps", false, "print where the last CardDesk launch's resident memory is (smaps) at each step")
	flag.BoolVar(&o.keep, "keep", false, "keep the launches' home folder: their output and CardDesk's logs")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintf(os.Stderr, "bench-desktop: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	if o.runs < 1 {
		return fmt.Errorf("-n %d: at least one launch is needed", o.runs)
	}
	if o.rest < o.settle {
		return fmt.Errorf("-rest %v: at least -settle (%v)", o.rest, o.settle)
	}
	for _, bin := range []string{o.app, o.bare} {
		if _, err := os.Stat(bin); err != nil {
			return fmt.Errorf("binary missing (make bench-desktop builds it): %w", err)
		}
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	db := filepath.Join(o.dir, fmt.Sprintf("station-%d.db", o.cardholders))
	if err := station(ctx, db, o.cardholders); err != nil {
		return err
	}
	x, err := startXvfb(ctx)
	if err != nil {
		return err
	}
	defer x.stop()
	home, err := os.MkdirTemp("", "bench-desktop-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintf(os.Stderr, "launch output and logs stay in %s\n", home)
	} else {
		defer os.RemoveAll(home)
	}
	b := &bench{o: o, x: x, db: db, home: home}
	res, err := b.all(ctx)
	if err != nil {
		return err
	}
	res.print(os.Stdout, o, x)
	return nil
}
