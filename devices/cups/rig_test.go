package cups_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/devices/cups"
)

// The CUPS test rig (scripts/cups-rig.sh): a private cupsd with the queues
// Badge (CR80, duplex) and Office (A4/Letter), whose filter keeps every
// job's PDF and options in the capture directory. scripts/test.sh starts
// one around the whole run; run alone (go test ./devices/cups/), TestMain
// starts one for this package and stops it at the end.
type rig struct {
	server  string // 127.0.0.1:PORT
	capture string // job-ID.pdf and job-ID.options of every job
	dir     string // the rig's state: ppd/cr80.ppd, logs
}

const rigScript = "../../scripts/cups-rig.sh"

// rigWhy says why there is no rig, when TestMain could not start one.
var rigWhy string

func TestMain(m *testing.M) {
	os.Exit(runWithRig(m))
}

func runWithRig(m *testing.M) int {
	if os.Getenv("CARDDESK_CUPS_SERVER") != "" || fuzzing() {
		return m.Run()
	}
	dir, stop, err := startRig()
	if err != nil {
		rigWhy = err.Error()
		return m.Run()
	}
	defer os.RemoveAll(dir)
	defer stop()
	return m.Run()
}

// fuzzing: the fuzz targets need no scheduler, and every fuzz worker runs
// TestMain again.
func fuzzing() bool {
	for _, a := range os.Args[1:] {
		if strings.HasPrefix(a, "-test.fuzz") {
			return true
		}
	}
	return false
}

// startRig starts a rig of its own (scripts/cups-rig.sh start) and sets the
// CARDDESK_CUPS_* variables to it.
func startRig() (dir string, stop func(), err error) {
	if out, err := exec.Command(rigScript, "check").CombinedOutput(); err != nil {
		return "", nil, fmt.Errorf("%s", strings.TrimSpace(string(out)))
	}
	env, dir, stop, err := startPrivateRig()
	if err != nil {
		return "", nil, err
	}
	for k, v := range env {
		os.Setenv(k, v)
	}
	return dir, stop, nil
}

// startPrivateRig starts a rig in a new directory and returns its environment.
func startPrivateRig() (env map[string]string, dir string, stop func(), err error) {
	dir, err = os.MkdirTemp("", "carddesk-cups-test.")
	if err != nil {
		return nil, "", nil, err
	}
	var stderr bytes.Buffer
	cmd := exec.Command(rigScript, "start", dir)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		os.RemoveAll(dir)
		return nil, "", nil, fmt.Errorf("%s start: %v\n%s", rigScript, err, stderr.String())
	}
	env = map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			env[k] = v
		}
	}
	stop = func() { _ = exec.Command(rigScript, "stop", dir).Run() }
	return env, dir, stop, nil
}

// needRig returns the rig, or skips the test without one; under
// CARDDESK_RIGS=required or CI=true a missing rig fails the test.
func needRig(t testing.TB) rig {
	t.Helper()
	r := rig{
		server:  os.Getenv("CARDDESK_CUPS_SERVER"),
		capture: os.Getenv("CARDDESK_CUPS_CAPTURE"),
		dir:     os.Getenv("CARDDESK_CUPS_RIG_DIR"),
	}
	if r.server == "" {
		why := "CARDDESK_CUPS_SERVER is not set and no rig could start here"
		if rigWhy != "" {
			why += ": " + rigWhy
		}
		if os.Getenv("CARDDESK_RIGS") == "required" || os.Getenv("CI") == "true" {
			t.Fatal("the CUPS rig (a private cupsd) is required: " + why)
		}
		t.Skip("no CUPS rig: " + why)
	}
	if r.capture == "" || r.dir == "" {
		t.Fatalf("CARDDESK_CUPS_SERVER=%s but CARDDESK_CUPS_CAPTURE or CARDDESK_CUPS_RIG_DIR is not set", r.server)
	}
	return r
}

func (r rig) client(t testing.TB) *cups.Client {
	return cups.New(r.server, zaptest.NewLogger(t))
}

// captured waits for the filter's copy of job id: the PDF and its options.
func (r rig) captured(t testing.TB, id int) (pdfPath string, options string) {
	t.Helper()
	pdfPath = filepath.Join(r.capture, fmt.Sprintf("job-%d.pdf", id))
	optPath := filepath.Join(r.capture, fmt.Sprintf("job-%d.options", id))
	deadline := time.Now().Add(10 * time.Second)
	for {
		opts, err := os.ReadFile(optPath)
		_, perr := os.Stat(pdfPath)
		if err == nil && perr == nil {
			return pdfPath, string(opts)
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d was not captured in %s (the rig's log is %s/log/error_log)", id, r.capture, r.dir)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// lpadmin runs a CUPS admin tool (lpadmin, cupsdisable, cupsenable, ...)
// against the rig.
func (r rig) admin(t testing.TB, tool string, args ...string) {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		path = "/usr/sbin/" + tool
	}
	cmd := exec.Command(path, append([]string{"-h", r.server}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", tool, strings.Join(args, " "), err, out)
	}
}

// queue adds a CR80 queue of the test's own (so pausing it disturbs no other
// test) and deletes it when the test ends.
func (r rig) queue(t testing.TB, name string) {
	t.Helper()
	r.admin(t, "lpadmin", "-p", name, "-E", "-v", "file://"+r.dir+"/out/"+name+".out", "-P", filepath.Join(r.dir, "ppd", "cr80.ppd"))
	t.Cleanup(func() { r.admin(t, "lpadmin", "-x", name) })
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}
