package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/notify/smtptest"
	"github.com/carddesk/carddesk/storage/secretbox"
)

const (
	mailSecret     = "Hunter2-mail-7Qx"
	producerSecret = "Pr0ducer-secret-9Kz"
)

// The SMTP password and the producer's client secret, set through the
// commands, are used (the mail server sees the password) and appear in
// clear nowhere: not in the database, the command output, the audit log,
// an export or the log.
func TestSecretsNeverInClear(t *testing.T) {
	srv, err := smtptest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	srv.RequireAuth("desk-mail", mailSecret)
	core, logs := observer.New(zap.DebugLevel)
	h := newHarness(t)
	h.log = zap.New(core)
	h.env[EnvPassword] = "admin-secret"
	h.must("setup", "--admin", "admin", "--email", "admin@example.org")
	h.env[EnvOperator] = "admin"
	for k, v := range map[string]string{"smtp.host": srv.Host, "smtp.port": strconv.Itoa(srv.Port), "smtp.tls": "none",
		"smtp.from": "desk@example.org", "smtp.username": "desk-mail"} {
		h.must("settings", "set", k, v)
	}
	h.stdin = mailSecret + "\n"
	h.must("settings", "set", "smtp.password", "-")
	h.stdin = ""
	h.must("settings", "set", "production.client_secret", producerSecret)

	// The password is opened for the mail server: the mail goes out.
	ids := h.pendingRequests(1, "--email-when-ready")
	h.must("requests", "connect", ids[0], "--manual", "csn32", "csn=04a1b2c3")
	h.must("requests", "complete", ids[0])
	if got := srv.Messages(); len(got) != 1 {
		t.Fatalf("the mail server received %d messages; the password did not get through: %s", len(got), h.must("outbox", "list", "--json"))
	}

	var outputs []string
	for _, args := range [][]string{
		{"settings", "get", "smtp.password"}, {"settings", "get", "smtp.password", "--json"},
		{"settings", "get", "production.client_secret"}, {"settings", "get", "production.client_secret", "--json"},
		{"audit", "list", "--json"}, {"outbox", "list", "--json"}, {"cardholders", "export"},
	} {
		outputs = append(outputs, strings.Join(args, " ")+": "+h.must(args...))
	}
	export := filepath.Join(h.dir, "export.csv")
	h.must("cardholders", "export", "-o", export)
	data, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, "export file: "+string(data))
	if got := h.must("settings", "get", "smtp.password"); got != enroll.SecretShown+"\n" {
		t.Errorf("settings get smtp.password printed %q", got)
	}
	for _, e := range logs.All() {
		outputs = append(outputs, fmt.Sprintf("log: %s %v", e.Message, e.ContextMap()))
	}
	if logs.Len() == 0 {
		t.Error("nothing was logged: the log check checks nothing")
	}
	for _, out := range outputs {
		for _, secret := range []string{mailSecret, producerSecret} {
			if strings.Contains(out, secret) {
				t.Errorf("a secret in clear in %s", out)
			}
		}
	}

	// The settings table holds them sealed (SQLite and PostgreSQL alike).
	db, closer, err := openStore(context.Background(), h.db)
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(context.Background(), func(tx enroll.Tx) error {
		all, err := tx.Settings().All(context.Background())
		for _, k := range []string{"smtp.password", "production.client_secret"} {
			if !secretbox.IsSealed(all[k]) {
				t.Errorf("%s stored as %q", k, all[k])
			}
		}
		return err
	})
	closer.Close()
	if err != nil {
		t.Fatal(err)
	}
	if h.onPostgres() {
		return
	}
	// The SQLite file (and any WAL left) as it lies on disk.
	files, _ := filepath.Glob(h.db + "*")
	for _, f := range files {
		if strings.HasSuffix(f, ".key") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{mailSecret, producerSecret} {
			if strings.Contains(string(data), secret) {
				t.Errorf("%s holds %q in clear", f, secret)
			}
		}
	}
	if len(files) == 0 {
		t.Fatalf("no database files at %s", h.db)
	}
}

// Without the key the commands say so, and mail is not sent with a
// garbled password.
func TestSecretsWithoutTheKey(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.must("settings", "set", "production.client_secret", producerSecret)
	h.must("settings", "set", "smtp.password", mailSecret)
	key := filepath.Join(h.dir, "secrets.key")
	if err := os.Rename(key, key+".away"); err != nil {
		t.Fatal(err)
	}
	if got := h.must("settings", "get", "smtp.password"); got != enroll.SecretNoKey+"\n" {
		t.Errorf("settings get without the key printed %q", got)
	}
	r := h.run("settings", "set", "smtp.password", "another")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "lacks the key") || !strings.Contains(r.stderr, key) {
		t.Errorf("settings set without the key: exit %d, stderr %q", r.code, r.stderr)
	}
	if err := os.Rename(key+".away", key); err != nil {
		t.Fatal(err)
	}
	if got := h.must("settings", "get", "smtp.password"); got != enroll.SecretShown+"\n" {
		t.Errorf("settings get with the key back printed %q", got)
	}
}
