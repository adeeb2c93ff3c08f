package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// sections are the main window's sections in the order of their
// shortcuts, Ctrl+1 … Ctrl+7 (ui/sections.go); the administrator sees all.
var sections = []string{"Card requests", "Cardholders", "Credentials", "Card orders", "Devices", "Settings", "Audit log"}

// Log lines of the app that mark the sign-in steps.
const (
	logSignedIn  = "session started"                  // ui.Desk.signedIn, after the password check
	logFirstPage = "first page of requests on screen" // ui/requests, the first page in the list
)

// mainMinWidth is the main window's smallest width (ui.mainMinSize); the
// sign-in form's window is narrower.
const mainMinWidth = 960

type bench struct {
	o        options
	x        *xserver
	db, home string
	launches int
	last     bool // the last launch: profiles and memory maps
}

// launch is what one start of a program measured.
type launch struct {
	start     time.Duration // process start → first window mapped
	password  time.Duration // Return → password checked
	mainSized time.Duration // Return → the window at the main window's size
	firstPage time.Duration // Return → first page of requests in the list
	mem       []memory      // bare: once; CardDesk: sign-in window, each section, at rest
	// mainW, mainH is the size the main window settled at (CardDesk).
	mainW, mainH int
}

// memory is a process's resident memory in kB: all of it (rss, pss), and
// the part that is the program's own file (code), resident because it runs.
type memory struct{ rss, pss, code int64 }

// results: the bare window at the sign-in window's size (its start is the
// yardstick), the same at the main window's size (for memory: a window's
// buffers grow with its area), and CardDesk.
type results struct{ bare, bareMain, desk []launch }

// all runs one warm-up launch of each program (not counted), then the
// measured ones, alternating.
func (b *bench) all(ctx context.Context) (results, error) {
	var res results
	for i := -1; i < b.o.runs; i++ {
		b.last = i == b.o.runs-1
		bare, err := b.bare(ctx, "the bare window", signInW, signInH)
		if err != nil {
			return res, fmt.Errorf("bare window: %w", err)
		}
		desk, err := b.desk(ctx)
		if err == nil {
			err = b.visitedAll()
		}
		if err != nil {
			return res, fmt.Errorf("CardDesk: %w", err)
		}
		bareMain, err := b.bare(ctx, "the bare window at the main window's size", desk.mainW, desk.mainH)
		if err != nil {
			return res, fmt.Errorf("bare window at %dx%d: %w", desk.mainW, desk.mainH, err)
		}
		n := len(desk.mem)
		fmt.Fprintf(os.Stderr, "launch %d: bare %v %.0f MB (%.0f MB at %dx%d), CardDesk %v, sign-in %v, %.0f MB after it, %.0f MB with all sections, %.0f MB at rest\n", i+1,
			bare.start.Round(time.Millisecond), mb(bare.mem[0].rss), mb(bareMain.mem[0].rss), desk.mainW, desk.mainH,
			desk.start.Round(time.Millisecond), desk.firstPage.Round(time.Millisecond),
			mb(desk.mem[1].rss), mb(desk.mem[n-2].rss), mb(desk.mem[n-1].rss))
		if i >= 0 {
			res.bare, res.bareMain, res.desk = append(res.bare, bare), append(res.bareMain, bareMain), append(res.desk, desk)
		}
	}
	return res, nil
}

// env is a small, fixed environment: no session bus, no desktop, the
// harness's own home (Mesa's shader cache stays warm between launches),
// and the caller's GODEBUG, GOGC and GOMEMLIMIT.
func (b *bench) env(extra ...string) []string {
	for _, name := range []string{"GODEBUG", "GOGC", "GOMEMLIMIT"} { // the runtime's knobs reach both programs
		if v := os.Getenv(name); v != "" {
			extra = append(extra, name+"="+v)
		}
	}
	return append([]string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + b.home, "DISPLAY=" + b.x.display, "LANG=en_US.UTF-8",
		"XDG_CONFIG_HOME=" + filepath.Join(b.home, "config"), "XDG_CACHE_HOME=" + filepath.Join(b.home, "cache"),
		"XDG_DATA_HOME=" + filepath.Join(b.home, "data"),
	}, extra...)
}

// signInW, signInH is the sign-in window's size (ui/signin.go), the
// bare window's default.
const signInW, signInH = 520, 460

func (b *bench) bare(ctx context.Context, what string, w, h int) (launch, error) {
	var l launch
	cmd := b.command(b.o.bare, b.env(), "-width", strconv.Itoa(w), "-height", strconv.Itoa(h))
	_, took, err := b.started(ctx, cmd, func(string) bool { return true })
	if err != nil {
		return l, err
	}
	defer stop(cmd)
	l.start = took
	time.Sleep(b.o.settle)
	mem, err := readMemory(cmd.Process.Pid)
	l.mem = append(l.mem, mem)
	if err == nil && b.last && b.o.maps {
		err = writeMaps(os.Stderr, cmd.Process.Pid, what)
	}
	return l, err
}

func (b *bench) desk(ctx context.Context) (launch, error) {
	var l launch
	// Without preferences the app opens on Card requests, at its default size.
	if err := os.RemoveAll(filepath.Join(b.home, "config", "fyne")); err != nil {
		return l, err
	}
	logDir := filepath.Join(b.home, fmt.Sprint("logs-", b.launches))
	env := b.env("CARDDESK_LOG_DIR="+logDir, "CARDDESK_SECRET_KEY_FILE="+b.db+".key")
	if b.last && b.o.pprof != "" {
		env = append(env, "CARDDESK_PPROF="+b.o.pprof, "GODEBUG=gctrace=1")
	}
	cmd := b.command(b.o.app, env, "--db", b.db)
	signIn, took, err := b.started(ctx, cmd, func(string) bool { return true })
	if err != nil {
		return l, err
	}
	defer stop(cmd)
	if !strings.Contains(signIn.name, "Sign in") {
		return l, fmt.Errorf("the first window is %q, not the sign-in window; the app said: %s", signIn.name, outputOf(cmd))
	}
	l.start = took
	if err := b.memoryAfter(cmd, &l); err != nil {
		return l, err
	}
	win := strconv.FormatUint(uint64(signIn.window), 10)
	if err := b.x.xdotool("windowfocus", "--sync", win); err != nil {
		return l, err
	}
	// The user name has the focus (the sign-in window puts it there).
	if err := b.x.xdotool("type", "--delay", "10", adminName+"\t"+adminPassword); err != nil {
		return l, err
	}
	time.Sleep(100 * time.Millisecond)
	enter := time.Now()
	if err := b.x.xdotool("key", "Return"); err != nil {
		return l, err
	}
	// The sign-in form and the main window share one window: the main
	// window is there when the window takes the main window's size.
	main, err := b.x.waitResize(ctx, 30*time.Second, signIn.window, func(w, h int) bool { return w >= mainMinWidth })
	if err != nil {
		return l, fmt.Errorf("main window: %w (see %s)", err, logDir)
	}
	l.mainSized = main.at.Sub(enter)
	marks, err := waitLog(ctx, filepath.Join(logDir, "carddesk.log"), 30*time.Second, logSignedIn, logFirstPage)
	if err != nil {
		return l, err
	}
	l.password, l.firstPage = marks[0].Sub(enter), marks[1].Sub(enter)
	// The size it settled at: the first ConfigureNotify at the main
	// window's width may be a step on the way.
	if l.mainW, l.mainH, err = b.x.geometry(win); err != nil {
		return l, err
	}
	if err := b.memoryAfter(cmd, &l); err != nil {
		return l, err
	}
	for i := 2; i <= len(sections); i++ {
		if err := b.x.xdotool("windowfocus", "--sync", win); err != nil {
			return l, err
		}
		if err := b.x.xdotool("key", fmt.Sprint("ctrl+", i)); err != nil {
			return l, err
		}
		if err := b.memoryAfter(cmd, &l); err != nil {
			return l, err
		}
	}
	// At rest: no input since the last section, long enough for the app
	// to take it for rest (restAfter in cmd/carddesk).
	time.Sleep(b.o.rest - b.o.settle)
	return l, b.memoryAfter(cmd, &l)
}

// visitedAll checks that the last section the shortcuts opened is the one
// the app remembered when it quit, so no memory figure is of a section
// that did not open.
func (b *bench) visitedAll() error {
	files, _ := filepath.Glob(filepath.Join(b.home, "config", "fyne", "*", "preferences.json"))
	if len(files) != 1 {
		return fmt.Errorf("no preferences written: did the main window open?")
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		return err
	}
	var prefs map[string]any
	if err := json.Unmarshal(data, &prefs); err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	if got := prefs["window.section"]; got != "audit" {
		return fmt.Errorf("the app quit on section %v, not on the Audit log: a shortcut was not taken", got)
	}
	return nil
}

func (b *bench) memoryAfter(cmd *exec.Cmd, l *launch) error {
	time.Sleep(b.o.settle)
	m, err := readMemory(cmd.Process.Pid)
	l.mem = append(l.mem, m)
	if err == nil && b.last && b.o.maps {
		err = writeMaps(os.Stderr, cmd.Process.Pid, fmt.Sprint("CardDesk step ", len(l.mem)))
	}
	return err
}

// command prepares a launch; its output goes to a file in the home.
func (b *bench) command(bin string, env []string, args ...string) *exec.Cmd {
	b.launches++
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	if f, err := os.Create(filepath.Join(b.home, fmt.Sprintf("launch-%d.out", b.launches))); err == nil {
		cmd.Stdout, cmd.Stderr = f, f
	}
	return cmd
}

// started starts cmd and waits for its first window; the window's map
// time becomes the time since the process started.
func (b *bench) started(ctx context.Context, cmd *exec.Cmd, match func(string) bool) (mapped, time.Duration, error) {
	b.x.drain()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return mapped{}, 0, err
	}
	m, err := b.x.waitMap(ctx, 60*time.Second, match)
	if err != nil {
		stop(cmd)
		return m, 0, fmt.Errorf("%s: %w", cmd.Path, err)
	}
	return m, m.at.Sub(start), nil
}

// stop asks the program to quit (SIGTERM: CardDesk signs out and writes
// its profiles) and kills it when it has not within 20 s.
func stop(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
	if f, ok := cmd.Stdout.(*os.File); ok {
		f.Close()
	}
}

// outputOf is the end of what a launch wrote so far.
func outputOf(cmd *exec.Cmd) string {
	f, ok := cmd.Stdout.(*os.File)
	if !ok {
		return "(no output kept)"
	}
	data, err := os.ReadFile(f.Name())
	if err != nil {
		return err.Error()
	}
	return strings.TrimSpace(string(data[max(0, len(data)-400):]))
}

// xdotool types into the harness's Xvfb.
func (x *xserver) xdotool(args ...string) error {
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+x.display)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("xdotool %s: %w: %s", strings.Join(args, " "), err, out)
	}
	return nil
}

// geometry is a window's size as the X server has it.
func (x *xserver) geometry(win string) (w, h int, err error) {
	cmd := exec.Command("xdotool", "getwindowgeometry", "--shell", win)
	cmd.Env = append(os.Environ(), "DISPLAY="+x.display)
	out, err := cmd.Output()
	if err != nil {
		return 0, 0, fmt.Errorf("xdotool getwindowgeometry %s: %w", win, err)
	}
	if w, h, err = parseGeometry(string(out)); err != nil {
		return 0, 0, fmt.Errorf("xdotool getwindowgeometry %s: %w", win, err)
	}
	return w, h, nil
}

// parseGeometry reads WIDTH= and HEIGHT= of xdotool's --shell output.
func parseGeometry(out string) (w, h int, err error) {
	for line := range strings.Lines(out) {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		switch k {
		case "WIDTH":
			w, err = strconv.Atoi(v)
		case "HEIGHT":
			h, err = strconv.Atoi(v)
		}
		if err != nil {
			return 0, 0, fmt.Errorf("%q: %w", strings.TrimSpace(line), err)
		}
	}
	if w <= 0 || h <= 0 {
		return 0, 0, fmt.Errorf("no size in %q", out)
	}
	return w, h, nil
}

// readMemory reads VmRSS from /proc/pid/status, Pss from smaps_rollup and
// the program file's resident pages from smaps.
func readMemory(pid int) (memory, error) {
	var m memory
	var err error
	if m.rss, err = procField(fmt.Sprintf("/proc/%d/status", pid), "VmRSS:"); err != nil {
		return m, err
	}
	if m.pss, err = procField(fmt.Sprintf("/proc/%d/smaps_rollup", pid), "Pss:"); err != nil {
		return m, err
	}
	exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	if err != nil {
		return m, err
	}
	byName, err := residentByMapping(pid)
	m.code = byName[exe]
	return m, err
}

func procField(path, name string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fs := strings.Fields(sc.Text()); len(fs) >= 2 && fs[0] == name {
			return strconv.ParseInt(fs[1], 10, 64)
		}
	}
	return 0, fmt.Errorf("%s: no %s", path, name)
}

// waitLog waits until the app's JSON log holds each message and returns
// their times (the log's millisecond timestamps).
func waitLog(ctx context.Context, path string, within time.Duration, msgs ...string) ([]time.Time, error) {
	deadline := time.Now().Add(within)
	for {
		found, err := logTimes(path, msgs)
		if err == nil {
			return found, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func logTimes(path string, msgs []string) ([]time.Time, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := make([]time.Time, len(msgs))
	for _, line := range strings.Split(string(data), "\n") {
		var rec struct{ TS, Msg string }
		if json.Unmarshal([]byte(line), &rec) != nil {
			continue
		}
		for i, m := range msgs {
			if rec.Msg == m && out[i].IsZero() {
				t, err := time.Parse("2006-01-02T15:04:05.000Z0700", rec.TS)
				if err != nil {
					return nil, fmt.Errorf("log time %q: %w", rec.TS, err)
				}
				out[i] = t
			}
		}
	}
	for i, t := range out {
		if t.IsZero() {
			return nil, fmt.Errorf("no %q line yet", msgs[i])
		}
	}
	return out, nil
}
