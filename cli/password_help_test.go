package cli

import (
	"strings"
	"testing"
)

// The help that asks for a new password names the minimum the station holds.
func TestHelpNamesThePasswordMinimum(t *testing.T) {
	tests := []struct{ args []string }{
		{[]string{"--help"}},
		{[]string{"setup", "--help"}},
		{[]string{"operators", "add", "--help"}},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			h := newHarness(t)
			r := h.run(tc.args...)
			if r.code != ExitOK {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, "at least 12 characters") {
				t.Errorf("help does not name the minimum:\n%s", r.stdout)
			}
		})
	}
}

func TestOperatorsAddRefusesAShortPassword(t *testing.T) {
	tests := []struct {
		password string
		wantCode int
	}{
		{"elevenchars", ExitRefused},
		{"twelve chars", ExitOK},
	}
	h := newHarness(t)
	h.setUp()
	for i, tc := range tests {
		h.env[EnvNewPassword] = tc.password
		r := h.run("operators", "add", "op"+string(rune('a'+i)), "--role", "operator")
		if r.code != tc.wantCode {
			t.Errorf("%q: exit %d, want %d; stderr %q", tc.password, r.code, tc.wantCode, r.stderr)
		}
		if tc.wantCode == ExitRefused && !strings.Contains(r.stderr, "password: must be at least 12 characters") {
			t.Errorf("%q: stderr %q does not name the minimum", tc.password, r.stderr)
		}
	}
}
