package cli

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

func TestCredentialsAddAndList(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	acme, err := os.ReadFile("../cardformat/testdata/acme40.json")
	if err != nil {
		t.Fatal(err)
	}
	h.must("formats", "import", h.file("acme40.json", string(acme)))

	if out := h.must("credentials", "add", "h10301", "facility=1", "card=5"); out != "1\n" {
		t.Errorf("add printed %q", out)
	}
	if out := h.must("credentials", "add", "acme40", "facility=3", "card=77", "issue=1", "--name", "blue tag"); out != "2\n" {
		t.Errorf("add custom printed %q", out)
	}
	h.must("credentials", "add", "csn32", "csn=04A1B2C3", "--status", "inactive")

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"already enrolled", []string{"h10301", "facility=1", "card=5"},
			"bits: a card with these h10301 bits (10000000100000000000001011) is already enrolled"},
		{"same csn, other spelling", []string{"csn32", "csn=0x04a1b2c3"}, "csn32 bits"},
		{"out of range", []string{"h10301", "facility=1", "card=65536"}, "card: 65536 is out of range 0–65535"},
		{"missing field", []string{"acme40", "facility=3", "card=77"}, "issue: missing; give a value in the range 0–3"},
		{"unknown field", []string{"h10301", "facility=1", "card=5", "issue=0"}, `h10301 has no field "issue"`},
		{"unknown format", []string{"h99999", "card=5"}, `unknown format "h99999"; known formats: h10301`},
		{"fixed field", []string{"acme40", "site=4", "facility=3", "card=78", "issue=1"}, "site: fixed to 5 in this format, got 4"},
		{"name too long", []string{"h10301", "facility=2", "card=5", "--name", strings.Repeat("x", 500)}, "name:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := h.run(append([]string{"credentials", "add"}, tc.args...)...)
			if r.code != ExitRefused || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, want 1; stderr lacks %q:\n%s", r.code, tc.want, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("a refused add printed %q", r.stdout)
			}
		})
	}

	var creds []map[string]any
	if err := json.Unmarshal([]byte(h.must("credentials", "list", "--available", "--json")), &creds); err != nil {
		t.Fatal(err)
	}
	if len(creds) != 3 {
		t.Fatalf("%d credentials, want 3: %v", len(creds), creds)
	}
	for _, c := range creds {
		for _, k := range []string{"id", "format", "fields", "bits", "status", "cardholder_id", "activation_date"} {
			if _, ok := c[k]; !ok {
				t.Errorf("credential JSON lacks %q: %v", k, c)
			}
		}
		if c["cardholder_id"] != nil {
			t.Errorf("unassigned credential has cardholder_id %v", c["cardholder_id"])
		}
	}
	first := creds[0]
	if first["id"] != "1" || first["format"] != "h10301" || first["bits"] != "10000000100000000000001011" ||
		first["hex"] != "202000b" || first["status"] != "active" {
		t.Errorf("first credential: %v", first)
	}
	if _, err := time.Parse(time.RFC3339, first["activation_date"].(string)); err != nil {
		t.Errorf("activation_date: %v", err)
	}
	if creds[2]["activation_date"] != nil || creds[2]["status"] != "inactive" {
		t.Errorf("inactive credential: %v", creds[2])
	}

	// Fields keep the format's order and its JSON types.
	raw := h.must("credentials", "list", "--json")
	for _, want := range []string{
		"\"fields\": {\n      \"facility\": 1,\n      \"card\": 5\n    }",
		"\"fields\": {\n      \"site\": 5,\n      \"facility\": 3,\n      \"card\": 77,\n      \"issue\": 1\n    }",
		`"csn": "04a1b2c3"`,
		`"name": "blue tag"`,
	} {
		if !strings.Contains(raw, want) {
			t.Errorf("list JSON lacks %q:\n%s", want, raw)
		}
	}

	table := h.must("credentials", "list")
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "ID  FORMAT") ||
		!strings.Contains(lines[1], "facility=1 card=5") ||
		!strings.Contains(lines[2], "site=5 facility=3 card=77 issue=1") || !strings.HasSuffix(lines[2], "blue tag") ||
		!strings.Contains(lines[3], "csn=04a1b2c3") || !strings.Contains(lines[3], "inactive") {
		t.Errorf("table:\n%s", table)
	}

	// Operators (not only administrators) enroll cards.
	h.env[EnvNewPassword] = "kim-secret-1"
	h.must("operators", "add", "kim", "--role", "operator")
	h.env[EnvOperator], h.env[EnvPassword] = "kim", "kim-secret-1"
	if out := h.must("credentials", "add", "h10301", "facility=1", "card=6", "--json"); !strings.Contains(out, `"id": "4"`) ||
		!strings.Contains(out, `"card": 6`) {
		t.Errorf("add --json:\n%s", out)
	}

	h.env[EnvOperator], h.env[EnvPassword] = "admin", "admin-secret"
	audit := h.must("audit", "list", "--json")
	if strings.Count(audit, "credential.enroll") != 4 {
		t.Errorf("audit should hold 4 enrollments:\n%s", audit)
	}
}

func TestCredentialsUsageErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no format", []string{"credentials", "add"}, "missing argument FORMAT"},
		{"not NAME=VALUE", []string{"credentials", "add", "h10301", "facility:1"}, `"facility:1" is not NAME=VALUE`},
		{"field twice", []string{"credentials", "add", "h10301", "card=1", "card=1"}, `field "card" is given twice`},
		{"bad status", []string{"credentials", "add", "h10301", "card=1", "--status", "lost"}, `--status "lost": use active or inactive`},
		{"list takes no argument", []string{"credentials", "list", "all"}, `unexpected argument "all"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.env[EnvOperator], h.env[EnvPassword] = "admin", "x"
			r := h.run(tc.args...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("exit %d, want 2; stderr lacks %q:\n%s", r.code, tc.stderr, r.stderr)
			}
			if h.opened != 0 {
				t.Error("a usage error opened the database")
			}
		})
	}
	h := newHarness(t)
	if r := h.run("credentials", "list"); r.code != ExitUsage || !strings.Contains(r.stderr, "--operator NAME is required") {
		t.Errorf("list without operator: %d %s", r.code, r.stderr)
	}
}
