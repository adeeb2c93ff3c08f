package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// xserver is the harness's private Xvfb and its watch on mapped windows.
type xserver struct {
	display string
	cmd     *exec.Cmd
	maps    <-chan mapped
	conn    io.Closer
}

// startXvfb starts Xvfb on the first free display from :90 (no lock file,
// no socket), local connections only, and connects to it.
func startXvfb(ctx context.Context) (*xserver, error) {
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("%s is needed (apt-get install xvfb xdotool): %w", tool, err)
		}
	}
	for n := 90; n < 200; n++ {
		if exists(fmt.Sprintf("/tmp/.X%d-lock", n)) || exists(fmt.Sprintf("/tmp/.X11-unix/X%d", n)) {
			continue
		}
		x := &xserver{display: fmt.Sprintf(":%d", n)}
		x.cmd = exec.CommandContext(ctx, "Xvfb", x.display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp", "-noreset")
		// SIGTERM lets Xvfb remove its lock file and socket; killed, it
		// leaves them and the display number stays taken.
		x.cmd.Cancel = func() error { return x.cmd.Process.Signal(syscall.SIGTERM) }
		x.cmd.WaitDelay = 5 * time.Second
		if err := x.cmd.Start(); err != nil {
			return nil, fmt.Errorf("starting Xvfb: %w", err)
		}
		if err := x.connect(); err != nil {
			x.stop()
			continue // lost a race for the display: try the next
		}
		return x, nil
	}
	return nil, errors.New("no free X display between :90 and :199")
}

func (x *xserver) connect() error {
	var err error
	for range 100 { // Xvfb takes a moment to listen
		time.Sleep(50 * time.Millisecond)
		if x.cmd.ProcessState != nil {
			return errors.New("the Xvfb process ended")
		}
		if x.maps, x.conn, err = watchMaps(x.display); err == nil {
			return nil
		}
	}
	return err
}

// stop ends this Xvfb, by its pid.
func (x *xserver) stop() {
	if x.conn != nil {
		x.conn.Close()
	}
	if x.cmd.Process == nil {
		return
	}
	_ = x.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = x.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = x.cmd.Process.Kill()
		<-done
	}
}

// drain forgets windows mapped before now (a previous launch).
func (x *xserver) drain() {
	for {
		select {
		case <-x.maps:
		default:
			return
		}
	}
}

// waitMap returns the next window mapped whose name satisfies match.
func (x *xserver) waitMap(ctx context.Context, within time.Duration, match func(string) bool) (mapped, error) {
	return x.wait(ctx, within, "no window mapped", func(m mapped) bool { return !m.resized && match(m.name) })
}

// waitResize returns the next new size of win that satisfies match.
func (x *xserver) waitResize(ctx context.Context, within time.Duration, win uint32, match func(w, h int) bool) (mapped, error) {
	return x.wait(ctx, within, "the window was not resized", func(m mapped) bool {
		return m.resized && m.window == win && match(m.width, m.height)
	})
}

func (x *xserver) wait(ctx context.Context, within time.Duration, none string, match func(mapped) bool) (mapped, error) {
	deadline := time.After(within)
	for {
		select {
		case m, ok := <-x.maps:
			if !ok {
				return mapped{}, errors.New("lost the connection to Xvfb")
			}
			if match(m) {
				return m, nil
			}
		case <-deadline:
			return mapped{}, fmt.Errorf("%s within %v", none, within)
		case <-ctx.Done():
			return mapped{}, ctx.Err()
		}
	}
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
