package crashtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// adminPassword signs the station's administrator in.
const adminPassword = "admin-secret-1"

// station is one SQLite database in a folder of its own, and the
// environment the binary runs with there.
type station struct {
	t   *testing.T
	dir string
	env map[string]string
}

// newStation creates a station with the administrator "admin", who acts
// from then on.
func newStation(t *testing.T) *station {
	t.Helper()
	return newStationIn(t, t.TempDir())
}

// newStationIn is newStation in the folder dir, which may outlive t.
func newStationIn(t *testing.T, dir string) *station {
	t.Helper()
	// The key that seals secret settings (the producer's client secret) is
	// a file of the base station that every copy of it shares.
	s := &station{t: t, dir: dir, env: map[string]string{"CARDDESK_PASSWORD": adminPassword,
		"CARDDESK_SECRET_KEY_FILE": filepath.Join(dir, "secret.key")}}
	s.must("setup", "--admin", "admin", "--email", "admin@example.org")
	s.env["CARDDESK_OPERATOR"] = "admin"
	return s
}

func (s *station) db() string      { return filepath.Join(s.dir, "carddesk.db") }
func (s *station) logFile() string { return filepath.Join(s.dir, "logs", "carddesk.log") }

// clone is a new station of t holding a copy of this one's database, as
// it is between two commands: the copy is how every iteration starts from
// the same state without building it again.
func (s *station) clone(t *testing.T) *station {
	t.Helper()
	c := &station{t: t, dir: t.TempDir(), env: map[string]string{}}
	for k, v := range s.env {
		c.env[k] = v
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		err := copyFile(s.db()+suffix, c.db()+suffix)
		if err != nil && !(suffix != "" && errors.Is(err, os.ErrNotExist)) {
			t.Fatalf("copying the station's database: %v", err)
		}
	}
	return c
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// command is the binary run on this station; the environment holds
// nothing of the developer's own (no real config folder, no CARDDESK_*
// leaking in).
func (s *station) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + s.dir, "XDG_CONFIG_HOME=" + filepath.Join(s.dir, "config"),
		"XDG_CACHE_HOME=" + filepath.Join(s.dir, "cache"), "LANG=en_US.UTF-8",
		"CARDDESK_LOG_DIR=" + filepath.Join(s.dir, "logs"), "CARDDESK_DB=" + s.db(),
	}
	for k, v := range s.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

type result struct {
	code           int
	stdout, stderr string
	took           time.Duration
	// signedIn is when the process logged its sign-in, counted from its
	// start; 0 if it did not.
	signedIn time.Duration
}

func (s *station) run(args ...string) result {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := s.command(ctx, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errOut.String(), took: time.Since(start)}
	if at, ok := s.logged(cmd.Process.Pid, "signed in"); ok {
		r.signedIn = at.Sub(start)
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		s.t.Fatalf("running carddesk %s: %v", strings.Join(args, " "), err)
	}
	return r
}

func (s *station) must(args ...string) string {
	s.t.Helper()
	r := s.run(args...)
	if r.code != 0 {
		s.t.Fatalf("carddesk %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// mustJSON runs a command with --json and decodes what it prints.
func mustJSON[T any](s *station, args ...string) T {
	s.t.Helper()
	var v T
	out := s.must(append(args, "--json")...)
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		s.t.Fatalf("carddesk %s --json: %v\n%s", strings.Join(args, " "), err, out)
	}
	return v
}

// killed is how a command run by runKilled ended.
type killed struct {
	kill     killPoint
	finished bool // the command ended by itself before the kill
	code     int  // its exit code when it finished
	stderr   string
	phase    string // the last thing the process logged
}

// killPoint is when to kill a command: delay after it started, or with
// afterSignIn delay after it logged its sign-in.
type killPoint struct {
	delay       time.Duration
	afterSignIn bool
}

func (p killPoint) String() string {
	if p.afterSignIn {
		return p.delay.Round(time.Millisecond).String() + " after its sign-in"
	}
	return p.delay.Round(time.Millisecond).String() + " after its start"
}

func (k killed) String() string {
	if k.finished {
		return "finished before the kill due " + k.kill.String() + " (exit " + strconv.Itoa(k.code) + ", phase: " + k.phase + ")"
	}
	return "killed " + k.kill.String() + " (phase: " + k.phase + ")"
}

// runKilled starts the command and sends it SIGKILL at the kill point,
// unless it ends first. A SIGKILL cannot be caught: no deferred function,
// rollback or close runs, exactly as when the OS ends a hung program or
// someone pulls the plug on the process.
func (s *station) runKilled(at killPoint, args ...string) killed {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := s.command(ctx, args...)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("starting carddesk %s: %v", strings.Join(args, " "), err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	k := killed{kill: at}
	var err error
	if at.afterSignIn {
		k.finished, err = s.awaitSignIn(cmd.Process.Pid, done)
	}
	if !k.finished {
		k.finished, err = s.killAfter(at.delay, cmd.Process, done)
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		k.code = ee.ExitCode()
	case err != nil:
		s.t.Fatalf("running carddesk %s: %v", strings.Join(args, " "), err)
	}
	k.stderr = errOut.String()
	k.phase = s.lastLogged(cmd.Process.Pid)
	return k
}

// killAfter kills p after d unless it ends first (finished, with how).
func (s *station) killAfter(d time.Duration, p *os.Process, done <-chan error) (finished bool, err error) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case err := <-done:
		return true, err
	case <-timer.C:
		if err := p.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
			s.t.Fatalf("killing carddesk: %v", err)
		}
		<-done
		return false, nil
	}
}

// awaitSignIn watches the log until process pid has signed in, or ended
// (finished, with how).
func (s *station) awaitSignIn(pid int, done <-chan error) (finished bool, err error) {
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		if _, ok := s.logged(pid, "signed in"); ok {
			return false, nil
		}
		select {
		case err := <-done:
			return true, err
		case <-tick.C:
		}
	}
}

// logLine is what the tests read of a line of the station's log.
type logLine struct {
	Msg string    `json:"msg"`
	PID int       `json:"pid"`
	TS  time.Time `json:"ts"`
}

// eachLogged calls fn with each line process pid wrote to the station's
// log, oldest first.
func (s *station) eachLogged(pid int, fn func(logLine)) {
	f, err := os.Open(s.logFile())
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var line logLine
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.PID == pid {
			fn(line)
		}
	}
}

// logged is when process pid first logged msg.
func (s *station) logged(pid int, msg string) (time.Time, bool) {
	var at time.Time
	s.eachLogged(pid, func(l logLine) {
		if l.Msg == msg && at.IsZero() {
			at = l.TS
		}
	})
	return at, !at.IsZero()
}

// lastLogged is the message of the last line process pid wrote to the
// station's log: the log is written unbuffered, so it tells how far the
// process got ("database open", "signed in", ...).
func (s *station) lastLogged(pid int) string {
	last := "nothing logged"
	s.eachLogged(pid, func(l logLine) { last = l.Msg })
	return last
}
