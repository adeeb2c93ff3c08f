package postgres

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestRedact(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ dsn, want, secret string }{
		{"postgres://carddesk:s3cr3t@db.example.org:5432/carddesk?sslmode=verify-full",
			"postgres://carddesk:xxxxx@db.example.org:5432/carddesk?sslmode=verify-full", "s3cr3t"},
		{"postgresql://carddesk:p%40ss%2Fw%3Ford@db/carddesk",
			"postgresql://carddesk:xxxxx@db/carddesk", "p%40ss"},
		{"postgres://carddesk@db/carddesk?sslmode=require&password=s3cr3t&application_name=desk1",
			"postgres://carddesk@db/carddesk?sslmode=require&password=xxxxx&application_name=desk1", "s3cr3t"},
		{"postgres://db/carddesk?sslkey=/k.pem&SSLPASSWORD=keypass&pass%77ord=s3cr3t",
			"postgres://db/carddesk?sslkey=/k.pem&SSLPASSWORD=xxxxx&pass%77ord=xxxxx", "keypass"},
		{"postgres://carddesk@db/carddesk", "postgres://carddesk@db/carddesk", ""},
		{"postgres:///carddesk", "postgres:///carddesk", ""},
		{"", "", ""},
		// Malformed: an unescaped '@', '/', '?' or ':' in the password, several hosts.
		{"postgres://carddesk:p@ss@db/carddesk", "postgres://carddesk:xxxxx@db/carddesk", "p@ss"},
		{"postgres://carddesk:pa/ss@db/carddesk", "postgres://carddesk:xxxxx@db/carddesk", "pa/ss"},
		{"postgres://carddesk:12?34@db/carddesk?sslmode=require",
			"postgres://carddesk:xxxxx@db/carddesk?sslmode=require", "12?34"},
		{"postgres://carddesk:1234/5@db/carddesk", "postgres://carddesk:xxxxx@db/carddesk", "1234"},
		{"postgres://carddesk:sec:ret@db/carddesk", "postgres://carddesk:xxxxx@db/carddesk", "sec:ret"},
		{"postgres://carddesk:s3cr3t@db1:5432,db2:5433/carddesk?password=other",
			"postgres://carddesk:xxxxx@db1:5432,db2:5433/carddesk?password=xxxxx", "s3cr3t"},
		// Keyword/value.
		{"host=db user=carddesk password=s3cr3t dbname=carddesk",
			"host=db user=carddesk password=xxxxx dbname=carddesk", "s3cr3t"},
		{"host=db password = 'it''s s3cr3t' dbname=x", "host=db password = xxxxxxxxxx", "s3cr3t"},
		{`host=db password='it\'s s3cr3t' sslpassword=k\ ey dbname=x`,
			"host=db password=xxxxx sslpassword=xxxxx dbname=x", "s3cr3t"},
		{"PASSWORD=s3cr3t host=db", "PASSWORD=xxxxx host=db", "s3cr3t"},
		{"host=db sslmode=verify-full", "host=db sslmode=verify-full", ""},
		{"host=db password='s3cr3t", "host=db password=xxxxx", "s3cr3t"},
		{"host=db s3cr3t", "host=db xxxxx", "s3cr3t"},
		{"host=db password s3cr3t", "host=db xxxxx", "s3cr3t"},
		{"host=db =s3cr3t", "host=db xxxxx", "s3cr3t"},
	} {
		got := redact(c.dsn)
		if got != c.want {
			t.Errorf("redact(%q)\n = %q\nwant %q", c.dsn, got, c.want)
		}
		if c.secret != "" && strings.Contains(got, c.secret) {
			t.Errorf("redact(%q) = %q shows %q", c.dsn, got, c.secret)
		}
	}
}

// TestRedactFollowsPgx: what pgx takes for the password of a connection
// string is what redact hides.
func TestRedactFollowsPgx(t *testing.T) {
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", "/nonexistent")
	for _, dsn := range []string{
		"postgres://carddesk:s3cr3t@db/carddesk",
		"postgres://carddesk:p%40ss@db/carddesk",
		"postgres://carddesk@db/carddesk?password=s3cr3t",
		"postgres://carddesk:pa55@w0rd@db/carddesk",
		"postgres://carddesk:s3cr3t@db1:5432,db2:5433/carddesk",
		"host=db password='it\\'s s3cr3t'",
		"host=db password=s3cr3t",
	} {
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			t.Errorf("pgx.ParseConfig(%q): %v", dsn, err)
			continue
		}
		if cfg.Password == "" {
			t.Errorf("pgx.ParseConfig(%q) found no password", dsn)
		}
		if got := redact(dsn); strings.Contains(got, cfg.Password) {
			t.Errorf("redact(%q) = %q shows pgx's password %q", dsn, got, cfg.Password)
		}
	}
}

// A connection string Open cannot parse is reported without its password.
func TestOpenUnparsable(t *testing.T) {
	t.Parallel()
	for _, dsn := range []string{
		"postgres://carddesk:sec:ret@db:port/carddesk",
		"postgres://carddesk:s3cr3t@db:5432/carddesk?sslmode=sometimes",
		"host=db password=s3cr3t port=nope",
		"host=db password=s3cr3t connect_timeout=soon",
	} {
		_, err := Open(t.Context(), dsn, nil)
		if err == nil {
			t.Errorf("Open(%q) succeeded", dsn)
			continue
		}
		for _, secret := range []string{"s3cr3t", "sec:ret", "ret@"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("Open(%q): %v: shows %q", dsn, err, secret)
			}
		}
		if !strings.Contains(err.Error(), "xxxxx") {
			t.Errorf("Open(%q): %v: want the redacted connection string", dsn, err)
		}
	}
}
