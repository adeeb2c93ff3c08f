package pgtest

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSharedRig: the rig of the run serves the role carddesk with the
// password in the URL, and a fresh database per test that carddesk owns.
func TestSharedRig(t *testing.T) {
	t.Parallel()
	r := Shared(t)
	if got := r.Psql(t, r.DSN, "SELECT current_user || ' ' || current_database() || ' ' || split_part(version(), ' ', 2)"); !strings.HasPrefix(got, "carddesk carddesk 15.") {
		t.Errorf("on CARDDESK_PG_DSN: %q, want carddesk carddesk 15.x", got)
	}
	dsn := r.NewDatabase(t)
	r.Psql(t, dsn, "CREATE TABLE t (name text); INSERT INTO t VALUES ('Ömer')")
	if got := r.Psql(t, dsn, "SELECT upper(name) FROM t"); got != "ÖMER" {
		t.Errorf("upper('Ömer') = %q: want a UTF-8 database", got)
	}
}

// TestPassword: without its password the role carddesk is refused; with it
// in PGPASSWORD instead of the URL it gets in.
func TestPassword(t *testing.T) {
	t.Parallel()
	r := Shared(t)
	u, err := url.Parse(r.DSN)
	if err != nil {
		t.Fatal(err)
	}
	password, _ := u.User.Password()
	u.User = url.User("carddesk")
	for _, c := range []struct {
		name, password string
		ok             bool
	}{{"its password", password, true}, {"a wrong one", "wrong", false}, {"none", "", false}} {
		cmd := exec.Command(filepath.Join(r.Dir, "bin", "psql"), "-X", "-w", "-At", "-d", u.String(), "-c", "SELECT 1")
		cmd.Env = append(os.Environ(), "PGPASSWORD="+c.password)
		out, err := cmd.CombinedOutput()
		if (err == nil) != c.ok {
			t.Errorf("PGPASSWORD %s: err %v, want ok=%v\n%s", c.name, err, c.ok, out)
		}
	}
}

// TestPrivateRigStopStart: a rig of the test's own goes away on Stop and
// comes back, with its data, on Start.
func TestPrivateRigStopStart(t *testing.T) {
	t.Parallel()
	r := Private(t)
	dsn := r.NewDatabase(t)
	r.Psql(t, dsn, "CREATE TABLE t (n int); INSERT INTO t VALUES (7)")
	r.Stop(t)
	if out, err := r.psql(dsn, "SELECT 1"); err == nil {
		t.Fatalf("a stopped server answered: %s", out)
	}
	r.Start(t)
	if got := r.Psql(t, dsn, "SELECT n FROM t"); got != "7" {
		t.Errorf("after a restart: %q, want 7", got)
	}
}
