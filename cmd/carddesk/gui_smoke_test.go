package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/carddesk/carddesk/storage/postgres/pgtest"
)

// TestGUISmoke runs the built binary as a person would: on a fresh station
// it signs in through the sign-in window, waits for the main window, takes
// a screenshot, quits with SIGTERM and checks the audit log.
//
// It needs an X display (scripts/test.sh starts a private Xvfb), xdotool,
// ImageMagick's import and dbus-daemon. Without them it skips, or fails
// under CARDDESK_RIGS=required (make test, CI).
func TestGUISmoke(t *testing.T) {
	x := newXSession(t)
	s := newStation(t)
	// What bin/ shows afterwards is this run's: the main window, or the failure.
	for _, f := range []string{"gui-smoke.png", "gui-smoke-failure.png"} {
		_ = os.Remove(filepath.Join(peopleDir, peopleName(t, f)))
	}

	const name, password, stationName = "smoke", "smoke-secret-1", "Smoke Desk"
	s.env["CARDDESK_PASSWORD"] = password
	s.must("--db", s.db, "setup", "--admin", name)
	s.must("--db", s.db, "--operator", name, "settings", "set", "station.name", stationName)
	// Every CLI command signs in too, so count the sign-ins before the app runs.
	before := auditCount(t, s, name, "operator.sign_in")

	app := startApp(t, s, x)

	signIn := app.waitWindow("the sign-in window", 90*time.Second, func(title string) bool {
		return title == "CardDesk — Sign in"
	})
	// The window is mapped before Fyne draws into it; typing only works once
	// its event loop runs, and a drawn window shows that it does.
	app.waitShot("the sign-in window drawn", 30*time.Second, signIn, 16)

	// No window manager on Xvfb: give the window the input focus and the
	// pointer by hand. Fyne focuses the empty user name field by itself.
	x.do("windowfocus", "--sync", signIn)
	x.do("mousemove", "--window", signIn, "20", "20")
	x.do("type", "--delay", "40", name)
	x.do("key", "--delay", "40", "Tab")
	x.do("type", "--delay", "40", password)
	x.do("key", "--delay", "40", "Return")

	mainWin := app.waitWindow("the main window", 60*time.Second, func(title string) bool {
		return strings.HasPrefix(title, "CardDesk — ") && title != "CardDesk — Sign in"
	})
	if title := x.windowName(mainWin); title != "CardDesk — "+stationName {
		t.Errorf("main window title %q, want %q", title, "CardDesk — "+stationName)
	}
	shot := app.waitShot("the main window drawn", 30*time.Second, mainWin, 64)
	keepForPeople(t, shot, "gui-smoke.png")

	// SIGTERM is a way out like any other: the session's sign-out is
	// recorded before the database closes.
	app.terminate(30 * time.Second)

	if after := auditCount(t, s, name, "operator.sign_in"); after != before+2 {
		t.Errorf("%d sign-ins by %s after the app ran, want %d: the app's and the audit listing's own", after, name, before+2)
	}
	if outs := auditCount(t, s, name, "operator.sign_out"); outs != 1 {
		t.Errorf("%d sign-outs by %s after SIGTERM, want 1", outs, name)
	}
}

// auditCount counts the events of operator name with this action; the
// listing's own sign-in counts too.
func auditCount(t *testing.T, s *station, name, action string) int {
	t.Helper()
	var events []struct{ Operator, Action string }
	out := s.must("--db", s.db, "--operator", name, "audit", "list", "--json")
	if err := json.Unmarshal([]byte(out), &events); err != nil {
		t.Fatalf("audit list --json: %v\n%s", err, out)
	}
	n := 0
	for _, e := range events {
		if e.Operator == name && e.Action == action {
			n++
		}
	}
	return n
}

// xSession is the X display the test drives, with a transcript of every
// xdotool and import call that is logged when the test fails.
type xSession struct {
	t       *testing.T
	display string
	mu      sync.Mutex
	log     strings.Builder
	try     *strings.Builder // while polling: the calls of the current try only
}

func newXSession(t *testing.T) *xSession {
	t.Helper()
	display := os.Getenv("DISPLAY")
	var missing []string
	if display == "" {
		missing = append(missing, "DISPLAY is not set (scripts/test.sh starts a private Xvfb)")
	}
	for _, tool := range []string{"xdotool", "import", "dbus-daemon"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool+" is not installed (scripts/deps.sh test)")
		}
	}
	if len(missing) == 0 {
		// A DISPLAY nobody serves is as good as none.
		cmd := exec.Command("xdotool", "getdisplaygeometry")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if out, err := cmd.CombinedOutput(); err != nil {
			missing = append(missing, fmt.Sprintf("DISPLAY=%s does not answer: %v %s", display, err, bytes.TrimSpace(out)))
		}
	}
	if len(missing) > 0 {
		msg := "no X rig for the GUI smoke test: " + strings.Join(missing, "; ")
		if os.Getenv("CARDDESK_RIGS") == "required" {
			t.Fatal(msg)
		}
		t.Skip(msg + "; run make test")
	}
	x := &xSession{t: t, display: display}
	t.Cleanup(func() {
		if t.Failed() {
			x.mu.Lock()
			defer x.mu.Unlock()
			t.Logf("xdotool / import transcript:\n%s", x.log.String())
		}
	})
	return x
}

// run runs tool with args on the display and records the call.
func (x *xSession) run(tool string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+x.display)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	x.mu.Lock()
	w := &x.log
	if x.try != nil {
		w = x.try
	}
	fmt.Fprintf(w, "%s $ %s %s", time.Now().Format("15:04:05.000"), tool, strings.Join(args, " "))
	if err != nil {
		fmt.Fprintf(w, "  [%v]", err)
	}
	if out := strings.TrimSpace(stdout.String() + stderr.String()); out != "" && len(out) < 400 {
		fmt.Fprintf(w, "\n    %s", strings.ReplaceAll(out, "\n", "\n    "))
	}
	w.WriteString("\n")
	x.mu.Unlock()
	if err != nil && stderr.Len() > 0 {
		err = fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), err
}

// While polling, the transcript keeps only the calls of the latest try:
// beginTry starts a try, endPoll closes the wait.
func (x *xSession) beginTry() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.try = &strings.Builder{}
}

func (x *xSession) endPoll(what string, tries int, took time.Duration) {
	x.mu.Lock()
	defer x.mu.Unlock()
	fmt.Fprintf(&x.log, "--- waited for %s: %d tries in %s; the last one:\n", what, tries, took.Round(time.Millisecond))
	if x.try != nil {
		x.log.WriteString(x.try.String())
	}
	x.try = nil
}

// do runs xdotool and fails the test when it fails.
func (x *xSession) do(args ...string) string {
	x.t.Helper()
	out, err := x.run("xdotool", args...)
	if err != nil {
		x.t.Fatalf("xdotool %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func (x *xSession) windowName(win string) string {
	out, _ := x.run("xdotool", "getwindowname", win)
	return strings.TrimSpace(out)
}

// geometry is a window's place on the screen.
func (x *xSession) geometry(win string) (image.Rectangle, error) {
	out, err := x.run("xdotool", "getwindowgeometry", "--shell", win)
	if err != nil {
		return image.Rectangle{}, err
	}
	v := map[string]int{}
	for _, line := range strings.Fields(out) {
		k, val, _ := strings.Cut(line, "=")
		if n, err := strconv.Atoi(val); err == nil {
			v[k] = n
		}
	}
	if v["WIDTH"] <= 0 || v["HEIGHT"] <= 0 {
		return image.Rectangle{}, fmt.Errorf("no window size in %q", out)
	}
	return image.Rect(v["X"], v["Y"], v["X"]+v["WIDTH"], v["Y"]+v["HEIGHT"]), nil
}

// guiApp is the running desktop app.
type guiApp struct {
	t      *testing.T
	x      *xSession
	dir    string
	cmd    *exec.Cmd
	output *syncBuffer
	done   chan struct{} // closed when the process has exited
	err    error         // its Wait error, once done is closed
}

// startApp starts the app on s's database with a home, config folder and
// session bus of its own, so nothing of the machine's desktop is touched.
func startApp(t *testing.T, s *station, x *xSession) *guiApp {
	t.Helper()
	home := filepath.Join(s.dir, "gui-home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	bus := startSessionBus(t, home)
	a := &guiApp{t: t, x: x, dir: s.dir, output: &syncBuffer{}, done: make(chan struct{})}
	a.cmd = exec.Command(binary, "--db", s.db)
	a.cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "LANG=en_US.UTF-8", "DISPLAY=" + x.display,
		"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_CACHE_HOME=" + filepath.Join(home, "cache"), "XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"CARDDESK_LOG_DIR=" + s.logDir,
		// A desktop session has a session bus; CardDesk asks it whether a
		// system tray is shown (none is here, so no tray is set up: with
		// no bus at all fyne.io/systray v1.12 would panic on quit,
		// fyne-io/fyne#6403).
		"DBUS_SESSION_BUS_ADDRESS=" + bus,
		// Keep the app off the PC/SC rig's pcscd, which other tests drive
		// at the same time: the app then reports no smart-card service.
		"PCSCLITE_CSOCK_NAME=" + filepath.Join(home, "no-pcscd.comm"),
	}
	a.cmd.Stdout, a.cmd.Stderr = a.output, a.output
	if err := a.cmd.Start(); err != nil {
		t.Fatalf("starting the app: %v", err)
	}
	go func() { a.err = a.cmd.Wait(); close(a.done) }()
	t.Cleanup(func() {
		select {
		case <-a.done:
		default:
			_ = a.cmd.Process.Kill() // our child, by pid
			<-a.done
		}
		if t.Failed() {
			t.Logf("app output:\n%s", a.output.String())
		}
	})
	return a
}

// startSessionBus starts a private D-Bus session bus in dir and returns its
// address; the test's cleanup stops it.
func startSessionBus(t *testing.T, dir string) string {
	t.Helper()
	sock := filepath.Join(dir, "bus")
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--address=unix:path="+sock)
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting dbus-daemon: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if fi, err := os.Stat(sock); err == nil && fi.Mode()&os.ModeSocket != 0 {
			return "unix:path=" + sock
		}
		select {
		case <-exited:
			t.Fatalf("dbus-daemon exited:\n%s", out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("dbus-daemon made no socket in 20s:\n%s", out.String())
		}
	}
}

// poll calls try until it returns true, failing the test with what the last
// try said when the deadline passes or the app exits.
func (a *guiApp) poll(what string, timeout time.Duration, try func() (bool, string)) {
	a.t.Helper()
	start := time.Now()
	for tries := 1; ; tries++ {
		a.x.beginTry()
		ok, why := try()
		if ok {
			a.x.endPoll(what, tries, time.Since(start))
			return
		}
		select {
		case <-a.done:
			a.x.endPoll(what, tries, time.Since(start))
			a.t.Fatalf("the app exited (%v) while waiting for %s; last try: %s", a.err, what, why)
		case <-time.After(200 * time.Millisecond):
		}
		if time.Since(start) > timeout {
			a.x.endPoll(what, tries, time.Since(start))
			a.keepFailureShot()
			a.t.Fatalf("waited %s for %s in vain; last try: %s", timeout, what, why)
		}
	}
}

// waitWindow waits for a visible window of the app whose title matches and
// returns its id.
func (a *guiApp) waitWindow(what string, timeout time.Duration, match func(title string) bool) string {
	a.t.Helper()
	var found string
	a.poll(what, timeout, func() (bool, string) {
		out, err := a.x.run("xdotool", "search", "--all", "--onlyvisible", "--pid", strconv.Itoa(a.cmd.Process.Pid), "--name", "^CardDesk")
		if err != nil {
			return false, "no visible CardDesk window of the app yet"
		}
		var titles []string
		for _, win := range strings.Fields(out) {
			title := a.x.windowName(win)
			if match(title) {
				found = win
				return true, ""
			}
			titles = append(titles, strconv.Quote(title))
		}
		return false, "windows: " + strings.Join(titles, ", ")
	})
	return found
}

// waitShot takes screenshots of the whole screen until the window's area is
// drawn, and returns the PNG file of the last one.
func (a *guiApp) waitShot(what string, timeout time.Duration, win string, minColours int) string {
	a.t.Helper()
	file := filepath.Join(a.dir, "screen.png")
	a.poll(what, timeout, func() (bool, string) {
		area, err := a.x.geometry(win)
		if err != nil {
			return false, err.Error()
		}
		if _, err := a.x.run("import", "-window", "root", file); err != nil {
			return false, "import: " + err.Error()
		}
		img, err := readPNG(file)
		if err != nil {
			return false, err.Error()
		}
		if why := blank(img, img.Bounds(), minColours); why != "" {
			return false, "screen " + why
		}
		if why := blank(img, area.Intersect(img.Bounds()), minColours); why != "" {
			return false, fmt.Sprintf("window area %v %s", area, why)
		}
		return true, ""
	})
	return file
}

// keepFailureShot saves the screen for a person to look at after a failure.
func (a *guiApp) keepFailureShot() {
	file := filepath.Join(a.dir, "failure.png")
	if _, err := a.x.run("import", "-window", "root", file); err == nil {
		keepForPeople(a.t, file, "gui-smoke-failure.png")
	}
}

// terminate sends SIGTERM and expects a clean exit (code 0) in time.
func (a *guiApp) terminate(timeout time.Duration) {
	a.t.Helper()
	if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		a.t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-a.done:
	case <-time.After(timeout):
		a.t.Fatalf("the app did not exit within %s of SIGTERM", timeout)
	}
	if a.err != nil {
		var ee *exec.ExitError
		if errors.As(a.err, &ee) {
			a.t.Fatalf("the app exited with code %d after SIGTERM (%v), want 0", ee.ExitCode(), a.err)
		}
		a.t.Fatalf("waiting for the app: %v", a.err)
	}
}

func readPNG(file string) (image.Image, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("decoding %s: %w", file, err)
	}
	return img, nil
}

// blank says why the area of img looks empty, or "" when it has at least
// minColours distinct colours and no colour covers 98% of it.
func blank(img image.Image, area image.Rectangle, minColours int) string {
	if area.Empty() {
		return "is empty"
	}
	counts := map[[3]uint32]int{}
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			counts[[3]uint32{r >> 8, g >> 8, b >> 8}]++
		}
	}
	top := 0
	for _, n := range counts {
		top = max(top, n)
	}
	total := area.Dx() * area.Dy()
	switch {
	case len(counts) < minColours:
		return fmt.Sprintf("has %d colours, want at least %d", len(counts), minColours)
	case top*100 >= total*98:
		return fmt.Sprintf("is %d%% one colour", top*100/total)
	}
	return ""
}

// peopleDir is the repository's bin/ folder, seen from cmd/carddesk where
// go test runs the test.
var peopleDir = filepath.Join("..", "..", "bin")

// peopleName is name, or on PostgreSQL name-postgres.png: scripts/test.sh
// runs this test on both stores, and each run's screenshot is kept.
func peopleName(t *testing.T, name string) string {
	if pgtest.OnPostgres(t) {
		return strings.TrimSuffix(name, ".png") + "-postgres.png"
	}
	return name
}

// keepForPeople copies a screenshot to peopleDir (named as peopleName
// says), where a person can look at it after the run.
func keepForPeople(t *testing.T, file, name string) {
	t.Helper()
	name = peopleName(t, name)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Logf("screenshot not kept: %v", err)
		return
	}
	err = os.MkdirAll(peopleDir, 0o755)
	if err == nil {
		err = os.WriteFile(filepath.Join(peopleDir, name), data, 0o644)
	}
	if err != nil {
		t.Logf("screenshot not kept: %v", err)
		return
	}
	abs, _ := filepath.Abs(filepath.Join(peopleDir, name))
	t.Logf("screenshot: %s", abs)
}

// syncBuffer is a bytes.Buffer a process may write while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
