package postgres

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/storage/postgres/pgtest"
)

// withParams returns dsn with its query parameters set to params.
func withParams(t *testing.T, dsn string, params ...string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for i := 0; i+1 < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// TLS is as sslmode asks: pgx encrypts, checks the server's certificate
// with verify-full, and refuses a server without TLS under require.
func TestTLS(t *testing.T) {
	t.Parallel()
	t.Run("refused", func(t *testing.T) {
		t.Parallel()
		dsn := pgtest.NewDatabase(t) // the shared rig serves no TLS
		_, err := Open(t.Context(), withParams(t, dsn, "sslmode", "require"), nil)
		if err == nil || !strings.Contains(err.Error(), "TLS") {
			t.Errorf("sslmode=require on a server without TLS: %v", err)
		}
	})
	t.Run("server", func(t *testing.T) {
		t.Parallel()
		r := pgtest.Private(t)
		ca := r.EnableTLS(t)
		dsn := r.NewDatabase(t)
		for _, c := range []struct {
			params []string
			tls    bool
			fails  string
		}{
			{[]string{"sslmode", "verify-full", "sslrootcert", ca}, true, ""},
			{[]string{"sslmode", "require"}, true, ""},
			{[]string{"sslmode", "prefer"}, true, ""},
			{[]string{"sslmode", "disable"}, false, ""},
			{[]string{"sslmode", "verify-full"}, false, "certificate"}, // not one of the system's roots
			{[]string{"sslmode", "verify-full", "sslrootcert", filepath.Join(t.TempDir(), "none.pem")}, false, "none.pem"},
		} {
			log, logs := observed()
			db, err := Open(t.Context(), withParams(t, dsn, c.params...), log)
			if c.fails != "" {
				if err == nil || !strings.Contains(err.Error(), c.fails) {
					t.Errorf("%v: %v, want an error about %q", c.params, err, c.fails)
				}
				if err == nil {
					db.Close()
				}
				continue
			}
			if err != nil {
				t.Errorf("%v: %v", c.params, err)
				continue
			}
			var ssl bool
			if err := db.pool.QueryRowContext(t.Context(), "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").Scan(&ssl); err != nil || ssl != c.tls {
				t.Errorf("%v: the connection uses TLS: %v (%v), want %v", c.params, ssl, err, c.tls)
			}
			if open := logs.FilterMessage("database open").All(); len(open) != 1 || open[0].ContextMap()["tls"] != c.tls {
				t.Errorf("%v: logged %v, want tls %v", c.params, open, c.tls)
			}
			db.Close()
		}
	})
}
