package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// fastPasswords keeps argon2 cheap in unit tests; the e2e tests use the real cost.
var fastPasswords = enroll.PasswordParams{Time: 1, MemKiB: 1024, Threads: 1}

// harness runs commands in-process against a database in a temp dir.
type harness struct {
	t      *testing.T
	db     string
	env    map[string]string
	stdin  string
	prompt func(string) (string, error)
	opened int
	gui    *Globals
	// readers, when set, is the station's card readers.
	readers enroll.ReaderSet
	// spooler, when set, is the station's printing.
	spooler enroll.Spooler
	// producers, when set, makes the station's card producer client.
	producers enroll.ProducerFactory
	// clock, when set, is the station's clock.
	clock enroll.Clock
}

type result struct {
	code           int
	stdout, stderr string
}

func newHarness(t *testing.T) *harness {
	return &harness{t: t, db: filepath.Join(t.TempDir(), "station.db"), env: map[string]string{}}
}

func (h *harness) run(args ...string) result {
	h.t.Helper()
	var out, errOut bytes.Buffer
	env := Env{
		Stdin:   strings.NewReader(h.stdin),
		Stdout:  &out,
		Stderr:  &errOut,
		Getenv:  func(k string) string { return h.env[k] },
		Version: "1.2.3-test",
		Open: func(ctx context.Context, dsn string) (*enroll.Station, io.Closer, error) {
			h.opened++
			db, err := sqlite.Open(ctx, dsn, nil)
			if err != nil {
				return nil, nil, err
			}
			return enroll.New(db, enroll.Options{Password: fastPasswords, Mail: notify.SMTP{Timeout: 5 * time.Second}, Spooler: h.spooler,
				Producers: h.producers, Clock: h.clock}), db, nil
		},
		DefaultDB: func() (string, error) { return h.db, nil },
		Readers: func(enroll.ReaderOptions) (enroll.ReaderSet, io.Closer) {
			if h.readers == nil {
				return noReaders{}, io.NopCloser(nil)
			}
			return h.readers, io.NopCloser(nil)
		},
		ReadPassword: h.prompt,
		GUI: func(_ context.Context, g Globals) int {
			h.gui = &g
			return 0
		},
	}
	code := Run(context.Background(), args, env)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// must runs a command that has to succeed.
func (h *harness) must(args ...string) string {
	h.t.Helper()
	r := h.run(args...)
	if r.code != ExitOK {
		h.t.Fatalf("carddesk %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// mustJSON runs a command that has to succeed and decodes its JSON output.
func mustJSON[T any](h *harness, args ...string) T {
	h.t.Helper()
	var out T
	if err := json.Unmarshal([]byte(h.must(args...)), &out); err != nil {
		h.t.Fatalf("carddesk %s: %v", strings.Join(args, " "), err)
	}
	return out
}

// setUp creates the administrator "admin" and makes it the acting operator.
func (h *harness) setUp() {
	h.t.Helper()
	h.env[EnvPassword] = "admin-secret"
	h.must("setup", "--admin", "admin")
	h.env[EnvOperator] = "admin"
}

// noReaders is a station without card readers.
type noReaders struct{}

func (noReaders) Readers(context.Context) ([]enroll.ReaderInfo, error) { return nil, nil }
func (noReaders) NextCard(ctx context.Context, _ string) (enroll.CardRead, error) {
	<-ctx.Done()
	return enroll.CardRead{}, ctx.Err()
}
