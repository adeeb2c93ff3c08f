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

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify"
	storedsn "github.com/carddesk/carddesk/storage/dsn"
	"github.com/carddesk/carddesk/storage/postgres"
	"github.com/carddesk/carddesk/storage/postgres/pgtest"
	"github.com/carddesk/carddesk/storage/secretbox"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// fastPasswords keeps argon2 cheap in unit tests; the e2e tests use the real cost.
var fastPasswords = enroll.PasswordParams{Time: 1, MemKiB: 1024, Threads: 1}

// harness runs commands in-process against a database of its own: a
// SQLite file in a temp dir, or with CARDDESK_TEST_DB=postgres a fresh
// PostgreSQL database on the rig (pgtest.StationDB).
type harness struct {
	t *testing.T
	// db is the station's database: the SQLite file at the default
	// location (runs get no --db), or the PostgreSQL URL, which reaches the
	// commands through CARDDESK_DB as on a shared station (DefaultDB
	// returns it too, so the help names it either way).
	db string
	// dir is the test's temp dir, for the files a test hands to commands.
	dir    string
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
	// log, when set, is the station's and the commands' logger.
	log *zap.Logger
}

type result struct {
	code           int
	stdout, stderr string
}

func newHarness(t *testing.T) *harness {
	dir := t.TempDir()
	h := &harness{t: t, db: pgtest.StationDB(t, dir), dir: dir, env: map[string]string{}}
	if isURL(h.db) {
		h.env[EnvDB] = h.db
	}
	return h
}

// onPostgres reports whether the station runs on PostgreSQL.
func (h *harness) onPostgres() bool { return isURL(h.db) }

// sqliteOnly skips a test that is about SQLite files (a missing, foreign or
// new file) when the tests run on PostgreSQL; why says what it tests.
func sqliteOnly(t *testing.T, why string) {
	t.Helper()
	if pgtest.OnPostgres(t) {
		t.Skip("SQLite only: " + why)
	}
}

// openStore opens dsn as cmd/carddesk's openStore does: a postgres:// URL
// is a PostgreSQL database, anything else a SQLite file.
func openStore(ctx context.Context, dsn string) (enroll.Store, io.Closer, error) {
	var db interface {
		enroll.Store
		io.Closer
	}
	kind, err := storedsn.Of(dsn)
	switch {
	case err != nil:
	case kind == storedsn.Postgres:
		db, err = postgres.Open(ctx, dsn, nil)
	default:
		db, err = sqlite.Open(ctx, dsn, nil)
	}
	if err != nil {
		return nil, nil, err
	}
	return db, db, nil
}

// station opens the harness's database directly, for what a test must
// prepare through enroll because no command does it; close it before the
// next command.
func (h *harness) station(ctx context.Context) (*enroll.Station, io.Closer) {
	h.t.Helper()
	db, closer, err := openStore(ctx, h.db)
	if err != nil {
		h.t.Fatal(err)
	}
	return enroll.New(db, enroll.Options{Password: fastPasswords, Secrets: h.secrets()}), closer
}

// secrets seals the station's secret settings with a key file of the
// test's, as a station without an OS keyring does.
func (h *harness) secrets() enroll.SecretSealer {
	return secretbox.New(secretbox.InFile(filepath.Join(h.dir, "secrets.key"), nil))
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
		Log:     h.log,
		Open: func(ctx context.Context, dsn string) (*enroll.Station, io.Closer, error) {
			h.opened++
			db, closer, err := openStore(ctx, dsn)
			if err != nil {
				return nil, nil, err
			}
			return enroll.New(db, enroll.Options{Password: fastPasswords, Mail: notify.SMTP{Timeout: 5 * time.Second}, Spooler: h.spooler,
				Producers: h.producers, Clock: h.clock, Secrets: h.secrets(), Log: h.log}), closer, nil
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
