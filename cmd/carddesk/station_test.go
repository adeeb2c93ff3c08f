package main

import (
	"strings"
	"testing"
)

// The status bar and the log name the database, never with its password.
func TestShownDB(t *testing.T) {
	for _, c := range []struct{ dsn, want string }{
		{"/home/desk/.config/carddesk/carddesk.db", "/home/desk/.config/carddesk/carddesk.db"},
		{"postgres://carddesk:s3cret@db.example.org:5432/carddesk?sslmode=verify-full&sslrootcert=/etc/ca.pem",
			"postgres://carddesk@db.example.org:5432/carddesk"},
		{"postgresql://desk@127.0.0.1/carddesk", "postgresql://desk@127.0.0.1/carddesk"},
		{"postgres://db.example.org/carddesk?password=s3cret", "postgres://db.example.org/carddesk"},
		{"postgres://u:s3cret@[bad/carddesk", ""},
	} {
		got := shownDB(c.dsn)
		if strings.Contains(got, "s3cret") || (c.want != "" && got != c.want) {
			t.Errorf("shownDB(%q) = %q, want %q", c.dsn, got, c.want)
		}
	}
}
