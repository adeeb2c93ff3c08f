package cli

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestUsageErrorsExit2WithoutTouchingTheDatabase(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr []string // each must appear
	}{
		{"unknown command", []string{"frobnicate"}, []string{`unknown command "frobnicate"`, "carddesk --help"}},
		{"unknown global flag", []string{"--bogus"}, []string{"flag provided but not defined: -bogus", "Usage:"}},
		{"group without command", []string{"cardholders"}, []string{"carddesk cardholders: missing command", "cardholders import FILE.csv"}},
		{"unknown group command", []string{"operators", "delete"}, []string{`unknown command "delete"`, "operators add NAME"}},
		{"unknown command flag", []string{"cardholders", "list", "--bogus"}, []string{"flag provided but not defined: -bogus", "Usage: carddesk cardholders list"}},
		{"missing file", []string{"cardholders", "import"}, []string{"missing argument FILE.csv", "Usage: carddesk cardholders import"}},
		{"extra argument", []string{"cardholders", "import", "a.csv", "b.csv"}, []string{`unexpected argument "b.csv"`}},
		{"missing operator", []string{"cardholders", "list"}, []string{"--operator NAME is required", "CARDDESK_OPERATOR"}},
		{"missing admin", []string{"setup"}, []string{"--admin NAME is required", "Usage: carddesk setup"}},
		{"missing role", []string{"operators", "add", "kim", "--operator", "x"}, []string{"--role operator|admin is required"}},
		{"missing cardholder", []string{"requests", "create", "--operator", "x"}, []string{"--cardholder ID is required"}},
		{"bad status", []string{"requests", "list", "--status", "open", "--operator", "x"}, []string{`--status "open"`, "pending, completed, denied or all"}},
		{"missing names", []string{"cardholders", "add", "--first-name", "Jan", "--operator", "x"}, []string{"--first-name and --last-name are required"}},
		{"flag without value", []string{"cardholders", "list", "--search"}, []string{"flag needs an argument: -search"}},
		{"version with a command", []string{"--version", "cardholders", "list"}, []string{"--version takes no command"}},
		{"demo with a command", []string{"cardholders", "list", "--demo"}, []string{"--demo cannot be combined with a command"}},
		{"version takes no argument", []string{"version", "now"}, []string{`unexpected argument "now"`}},
		{"help for nothing", []string{"help", "frob"}, []string{`no help for "frob"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.run(tc.args...)
			if r.code != ExitUsage {
				t.Errorf("exit %d, want %d; stderr:\n%s", r.code, ExitUsage, r.stderr)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			if r.stdout != "" {
				t.Errorf("stdout should stay empty on a usage error, got %q", r.stdout)
			}
			if h.opened != 0 {
				t.Error("a usage error opened the database")
			}
			if _, err := os.Stat(h.db); err == nil {
				t.Error("a usage error created the database file")
			}
		})
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r := h.run(args...)
		if r.code != ExitOK || r.stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		for _, c := range commandTable() {
			if !strings.Contains(r.stdout, "  "+c.name) {
				t.Errorf("%v: help does not list %q", args, c.name)
			}
		}
		for _, want := range []string{"--db DSN", "--operator NAME", "--json", "--demo", "-v, --version", "-h, --help",
			"CARDDESK_PASSWORD", "CARDDESK_NEW_PASSWORD", "Exit codes", h.db, "Not available in this version yet"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%v: help lacks %q", args, want)
			}
		}
	}
}

func TestCommandHelp(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"cardholders", "add", "--help"}, []string{"Usage: carddesk cardholders add --first-name F", "--first-name NAME", "--status STATUS", "(default active)", "--operator NAME is required"}},
		{[]string{"help", "cardholders", "add"}, []string{"Usage: carddesk cardholders add"}},
		{[]string{"cardholders", "--help"}, []string{"Usage: carddesk cardholders COMMAND", "cardholders export [-o FILE]"}},
		{[]string{"cardholders", "export", "-h"}, []string{"-o FILE"}},
		{[]string{"requests", "--help"}, []string{"requests create --cardholder ID", "requests deny ID... [--note TEXT]\n        deny pending requests"}},
		{[]string{"readers", "--help"}, []string{"readers watch [--reader NAME] [--count N] [--json]\n        print each card as it is presented"}},
		{[]string{"settings", "set", "--help"}, []string{"smtp.password", "VALUE - reads the value"}},
	}
	for _, tc := range tests {
		h := newHarness(t)
		r := h.run(tc.args...)
		if r.code != ExitOK {
			t.Errorf("%v: exit %d, stderr %s", tc.args, r.code, r.stderr)
		}
		for _, want := range tc.want {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%v: output lacks %q:\n%s", tc.args, want, r.stdout)
			}
		}
	}
}

func TestVersion(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{"version"}, {"--version"}, {"-v"}} {
		if out := h.must(args...); out != "carddesk 1.2.3-test\n" {
			t.Errorf("%v printed %q", args, out)
		}
	}
	var v map[string]string
	if err := json.Unmarshal([]byte(h.must("version", "--json")), &v); err != nil || v["version"] != "1.2.3-test" {
		t.Errorf("version --json: %v %v", v, err)
	}
	if h.opened != 0 {
		t.Error("version opened the database")
	}
}

func TestNoCommandOpensTheAppWithTheGlobals(t *testing.T) {
	h := newHarness(t)
	h.env[EnvDB] = "/from/env.db"
	if r := h.run("--demo"); r.code != 0 || h.gui == nil || !h.gui.Demo {
		t.Fatalf("--demo: exit %d, gui %+v", r.code, h.gui)
	}
	h.gui = nil
	h.run()
	if h.gui == nil || h.gui.DB != "/from/env.db" || h.gui.Demo {
		t.Errorf("no args: gui called with %+v", h.gui)
	}
	h.run("--db", "/from/flag.db")
	if h.gui.DB != "/from/flag.db" {
		t.Errorf("--db should win over %s: %+v", EnvDB, h.gui)
	}
}

func TestGlobalFlagsBeforeOrAfterTheCommand(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.must("cardholders", "add", "--first-name", "Anna", "--last-name", "Visser")
	delete(h.env, EnvOperator)
	for _, args := range [][]string{
		{"--operator", "admin", "--json", "cardholders", "list"},
		{"cardholders", "list", "--operator", "admin", "--json"},
		{"cardholders", "--json", "list", "--operator=admin"},
		{"--db", h.db, "cardholders", "list", "--json", "--operator", "admin"},
	} {
		var rows []map[string]any
		if err := json.Unmarshal([]byte(h.must(args...)), &rows); err != nil || len(rows) != 1 {
			t.Errorf("%v: %v rows, %v", args, len(rows), err)
		}
	}
}

func TestFlagsAfterPositionalsAndDoubleDash(t *testing.T) {
	fs := newFlagSet("t")
	var note string
	var json bool
	fs.StringVar(&note, "note", "", "")
	fs.BoolVar(&json, "json", false, "")
	tests := []struct {
		args     []string
		wantPos  []string
		wantNote string
	}{
		{[]string{"a", "--note", "n", "b"}, []string{"a", "b"}, "n"},
		{[]string{"--json", "a", "--", "--note", "x"}, []string{"a", "--note", "x"}, ""},
		{[]string{"a", "--note", "--", "b"}, []string{"a", "b"}, "--"},
		{[]string{"--json", "--", "-1"}, []string{"-1"}, ""},
	}
	for _, tc := range tests {
		note = ""
		pos, err := parseInterleaved(fs, tc.args)
		if err != nil || strings.Join(pos, "|") != strings.Join(tc.wantPos, "|") || note != tc.wantNote {
			t.Errorf("%v: pos %q note %q err %v; want %q note %q", tc.args, pos, note, err, tc.wantPos, tc.wantNote)
		}
	}
}
