package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/dbcopy"
	"github.com/carddesk/carddesk/storage/postgres"
	"github.com/carddesk/carddesk/storage/postgres/pgtest"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// copyDesk runs commands in-process on SQLite files and PostgreSQL
// databases alike, with db copy wired to storage/dbcopy as in
// cmd/carddesk. It chooses both databases itself, so its tests run once,
// in the SQLite pass, not again in scripts/test.sh's PostgreSQL pass.
type copyDesk struct {
	t   *testing.T
	env map[string]string
}

func newCopyDesk(t *testing.T) *copyDesk {
	if pgtest.OnPostgres(t) {
		t.Skip("db copy tests choose their databases themselves; they run in the SQLite pass")
	}
	return &copyDesk{t: t, env: map[string]string{EnvPassword: "admin-secret", EnvOperator: "admin"}}
}

func (d *copyDesk) run(args ...string) result {
	d.t.Helper()
	var out, errOut bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return d.env[k] },
		Open: func(ctx context.Context, dsn string) (*enroll.Station, io.Closer, error) {
			var db interface {
				enroll.Store
				io.Closer
			}
			var err error
			if isURL(dsn) {
				db, err = postgres.Open(ctx, dsn, nil)
			} else {
				db, err = sqlite.Open(ctx, dsn, nil)
			}
			if err != nil {
				return nil, nil, err
			}
			return enroll.New(db, enroll.Options{Password: fastPasswords}), db, nil
		},
		CopyDB: func(ctx context.Context, from, to string, by enroll.Actor) (DBCopy, error) {
			res, err := dbcopy.Copy(ctx, from, to, dbcopy.Options{By: by})
			out := DBCopy{From: res.From, To: res.To}
			for _, t := range res.Tables {
				out.Tables = append(out.Tables, TableCount{Table: t.Table, Rows: t.Rows})
			}
			return out, err
		},
	}
	code := Run(context.Background(), args, env)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

func (d *copyDesk) must(args ...string) string {
	d.t.Helper()
	r := d.run(args...)
	if r.code != ExitOK {
		d.t.Fatalf("carddesk %s: exit %d\nstdout: %s\nstderr: %s", shown(args), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// shown is a command line for a message, with passwords in URLs masked.
func shown(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = dbcopy.Redact(a)
	}
	return strings.Join(out, " ")
}

// station sets up a station at dsn: the administrator admin (and with
// clerk, the operator clerk) and the cardholders named.
func (d *copyDesk) station(dsn string, clerk bool, cardholders ...string) {
	d.t.Helper()
	d.must("--db", dsn, "setup", "--admin", "admin")
	if clerk {
		d.env[EnvNewPassword] = "clerk-secret"
		d.must("--db", dsn, "operators", "add", "clerk", "--role", "operator")
	}
	for _, name := range cardholders {
		d.must("--db", dsn, "cardholders", "add", "--first-name", name, "--last-name", "Copy")
	}
}

func dbKind(t *testing.T, kind string) string {
	t.Helper()
	if kind == "postgres" {
		return pgtest.NewDatabase(t)
	}
	return filepath.Join(t.TempDir(), "station.db")
}

// TestDBCopy copies a station with the command and finds it on the target:
// the counts printed, the cardholders, and the copy in the audit log.
func TestDBCopy(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ from, to string }{
		{"sqlite", "sqlite"},
		{"sqlite", "postgres"},
		{"postgres", "sqlite"},
	} {
		t.Run(c.from+" to "+c.to, func(t *testing.T) {
			t.Parallel()
			d := newCopyDesk(t)
			src, dst := dbKind(t, c.from), dbKind(t, c.to)
			d.station(src, true, "Anna", "Bram", "Cas")
			out := d.must("db", "copy", "--from", src, "--to", dst)
			for _, want := range []string{"TABLE", "operators", "cardholders", "copied ", " rows from " + dbcopy.Redact(src) + " to " + dbcopy.Redact(dst)} {
				if !strings.Contains(out, want) {
					t.Errorf("db copy printed\n%s\nwithout %q", out, want)
				}
			}
			if !hasRow(out, "cardholders", "3") {
				t.Errorf("db copy printed\n%s\nwithout the row cardholders 3", out)
			}
			if u, err := url.Parse(dst); err == nil && u.User != nil {
				if pw, ok := u.User.Password(); ok && strings.Contains(out, pw) {
					t.Errorf("db copy printed the target's password:\n%s", out)
				}
			}
			holders := d.must("--db", dst, "cardholders", "list", "--search", "Bram")
			if !strings.Contains(holders, "Bram") {
				t.Errorf("the copy's cardholders list --search Bram:\n%s", holders)
			}
			var evs []map[string]any
			if err := json.Unmarshal([]byte(d.must("--db", dst, "audit", "list", "--json")), &evs); err != nil {
				t.Fatal(err)
			}
			// Newest first; the sign-ins of the commands since come before it.
			copied := 0
			for _, e := range evs {
				if e["action"] == "db.copy" {
					copied++
					if e["operator"] != "admin" || !strings.Contains(e["details"].(string), dbcopy.Redact(src)) {
						t.Errorf("the copy's audit event is %v, want it by admin naming %s", e, dbcopy.Redact(src))
					}
				}
			}
			if copied != 1 {
				t.Errorf("the copy's audit log has %d db.copy events, want 1", copied)
			}
			// The copied events keep their hashes, and the db.copy event
			// and the sign-ins since extend the same chain.
			if out := d.must("--db", dst, "audit", "verify"); !strings.HasPrefix(out, fmt.Sprintf("audit trail intact: %d events", len(evs)+1)) {
				t.Errorf("audit verify on the copy:\n%s", out)
			}
			// The clerk's password came along with the account.
			d.env[EnvOperator], d.env[EnvPassword] = "clerk", "clerk-secret"
			d.must("--db", dst, "cardholders", "list")
		})
	}
}

// hasRow reports whether a table printed by the CLI has the row of cells.
func hasRow(out string, cells ...string) bool {
	for _, line := range strings.Split(out, "\n") {
		if strings.Join(strings.Fields(line), " ") == strings.Join(cells, " ") {
			return true
		}
	}
	return false
}

func TestDBCopyJSON(t *testing.T) {
	t.Parallel()
	d := newCopyDesk(t)
	src, dst := dbKind(t, "sqlite"), dbKind(t, "sqlite")
	d.station(src, false, "Anna", "Bram")
	var got struct {
		From, To string
		Tables   map[string]int64
		Rows     int64
	}
	if err := json.Unmarshal([]byte(d.must("db", "copy", "--from", src, "--to", dst, "--json")), &got); err != nil {
		t.Fatal(err)
	}
	// Setup, two cardholders added and the sign-in of db copy itself:
	// the audit events of the source.
	if got.From != src || got.To != dst || got.Tables["cardholders"] != 2 || got.Tables["operators"] != 1 ||
		got.Tables["audit_events"] < 3 || got.Rows < 6 {
		t.Errorf("db copy --json printed %+v", got)
	}
}

// TestDBCopyRefused: wrong command lines exit 2, refused copies exit 1
// with the reason, and a refused copy changes nothing.
func TestDBCopyRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "desk.db")
	full := filepath.Join(dir, "full.db")
	d := newCopyDesk(t)
	d.station(src, true, "Anna")
	d.station(full, false, "Bram", "Cas")
	fresh := filepath.Join(dir, "fresh.db")
	missing := filepath.Join(dir, "missing.db")
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		says string
	}{
		{"no --from", nil, []string{"db", "copy", "--to", fresh}, ExitUsage, "--from DSN is required"},
		{"no --to", nil, []string{"db", "copy", "--from", src}, ExitUsage, "--to DSN is required"},
		{"no flags", nil, []string{"db", "copy"}, ExitUsage, "--from DSN is required"},
		{"one database", nil, []string{"db", "copy", "--from", src, "--to", src}, ExitUsage, "name the same database"},
		{"an argument", nil, []string{"db", "copy", "--from", src, "--to", fresh, "extra"}, ExitUsage, `unexpected argument "extra"`},
		{"no operator", map[string]string{EnvOperator: ""}, []string{"db", "copy", "--from", src, "--to", fresh}, ExitUsage,
			"--operator NAME is required"},
		{"missing source", nil, []string{"db", "copy", "--from", missing, "--to", fresh}, ExitRefused,
			"no CardDesk database at " + missing},
		{"target with data", nil, []string{"db", "copy", "--from", src, "--to", full}, ExitRefused,
			// Sign-ins are audited too: setup, two adds and their sign-ins.
			"already holds 1 operator, 2 cardholders and 5 audit events; db copy only fills an empty station"},
		{"wrong password", map[string]string{EnvPassword: "not-the-password"}, []string{"db", "copy", "--from", src, "--to", fresh},
			ExitRefused, enroll.ErrSignIn.Error()},
		{"no administrator", map[string]string{EnvOperator: "clerk", EnvPassword: "clerk-secret"},
			[]string{"db", "copy", "--from", src, "--to", fresh}, ExitRefused, "clerk is no administrator of the source"},
		{"unknown scheme", nil, []string{"db", "copy", "--from", src, "--to", "mysql://u@h/db"}, ExitRefused, "postgres:// URL"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newCopyDesk(t)
			for k, v := range c.env {
				d.env[k] = v
			}
			before, err := os.ReadFile(full)
			if err != nil {
				t.Fatal(err)
			}
			r := d.run(c.args...)
			if r.code != c.code || !strings.Contains(r.stderr, c.says) {
				t.Errorf("carddesk %s: exit %d, want %d saying %q\nstdout: %s\nstderr: %s",
					shown(c.args), r.code, c.code, c.says, r.stdout, r.stderr)
			}
			for _, p := range []string{missing, fresh} {
				if _, err := os.Stat(p); err == nil {
					t.Errorf("%s was created", p)
				}
			}
			if after, err := os.ReadFile(full); err != nil || !bytes.Equal(before, after) {
				t.Errorf("the station with data changed (%v)", err)
			}
		})
	}
}

func TestDBCopyHelp(t *testing.T) {
	t.Parallel()
	d := newCopyDesk(t)
	if out := d.must("--help"); !strings.Contains(out, "db copy --from DSN --to DSN") {
		t.Errorf("carddesk --help does not list db copy:\n%s", out)
	}
	if out := d.must("db", "copy", "--help"); !strings.Contains(out, "--operator NAME is required") ||
		!strings.Contains(out, "--from DSN") {
		t.Errorf("carddesk db copy --help:\n%s", out)
	}
}
