package dsn

import (
	"strings"
	"testing"
)

func TestOf(t *testing.T) {
	for _, c := range []struct {
		dsn  string
		want Kind
		err  string
	}{
		{"/home/desk/carddesk.db", SQLite, ""},
		{`C:\Users\desk\carddesk.db`, SQLite, ""},
		{"postgres://desk:s3cret@db.example.org/carddesk", Postgres, ""},
		{"postgresql://db.example.org/carddesk?sslmode=verify-full", Postgres, ""},
		{"mysql://desk:s3cret@db.example.org/carddesk", 0, "database mysql://…: give a SQLite file path or a postgres:// URL"},
	} {
		got, err := Of(c.dsn)
		switch {
		case c.err != "" && (err == nil || err.Error() != c.err || strings.Contains(err.Error(), "s3cret")):
			t.Errorf("Of(%q) error = %v, want %q", c.dsn, err, c.err)
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("Of(%q) = %v, %v; want %v", c.dsn, got, err, c.want)
		}
	}
}
