package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
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
	// The id is the new credential's, whatever its number: the refused adds
	// above use up ids on PostgreSQL (a sequence does not roll back).
	added := mustJSON[map[string]any](h, "credentials", "add", "h10301", "facility=1", "card=6", "--json")
	if fields, _ := added["fields"].(map[string]any); fields["card"] != float64(6) {
		t.Errorf("add --json: %v", added)
	}
	listed := mustJSON[[]map[string]any](h, "credentials", "list", "--json")
	if last := listed[len(listed)-1]; added["id"] == nil || last["id"] != added["id"] || last["bits"] != added["bits"] {
		t.Errorf("add --json printed id %v; the list ends with %v", added["id"], last)
	}

	h.env[EnvOperator], h.env[EnvPassword] = "admin", "admin-secret"
	audit := h.must("audit", "list", "--json")
	if strings.Count(audit, "credential.enroll") != 4 {
		t.Errorf("audit should hold 4 enrollments:\n%s", audit)
	}
}

// usageCase is a command line that is a usage error, and what stderr says.
type usageCase struct {
	name   string
	args   []string
	stderr string
}

// checkUsageErrors runs each command line as the operator admin: each
// must end with exit 2, saying why, before the database is opened.
func checkUsageErrors(t *testing.T, tests []usageCase) {
	t.Helper()
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
}

func TestCredentialsUsageErrors(t *testing.T) {
	checkUsageErrors(t, []usageCase{
		{"no format", []string{"credentials", "add"}, "missing argument FORMAT"},
		{"not NAME=VALUE", []string{"credentials", "add", "h10301", "facility:1"}, `"facility:1" is not NAME=VALUE`},
		{"field twice", []string{"credentials", "add", "h10301", "card=1", "card=1"}, `field "card" is given twice`},
		{"bad status", []string{"credentials", "add", "h10301", "card=1", "--status", "lost"}, `--status "lost": use active or inactive`},
		{"list takes no argument", []string{"credentials", "list", "all"}, `unexpected argument "all"`},
	})
	h := newHarness(t)
	if r := h.run("credentials", "list"); r.code != ExitUsage || !strings.Contains(r.stderr, "--operator NAME is required") {
		t.Errorf("list without operator: %d %s", r.code, r.stderr)
	}
}

// step is one command of a scenario whose steps build on each other.
type step struct {
	name string
	args []string
	code int
	want string // in stdout on success, in stderr otherwise
}

func (h *harness) steps(t *testing.T, steps []step) {
	t.Helper()
	for _, s := range steps {
		r := h.run(s.args...)
		out := r.stdout
		if s.code != ExitOK {
			out = r.stderr
		}
		if r.code != s.code || !strings.Contains(out, s.want) {
			t.Errorf("%s: carddesk %s: exit %d, want %d with %q\nstdout: %s\nstderr: %s", s.name,
				strings.Join(s.args, " "), r.code, s.code, s.want, r.stdout, r.stderr)
		}
		if s.code != ExitOK && r.stdout != "" {
			t.Errorf("%s: a refused command printed %q", s.name, r.stdout)
		}
	}
}

func TestCredentialsStatusAndExpiry(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.must("credentials", "add", "h10301", "facility=1", "card=5")
	h.must("credentials", "add", "h10301", "facility=1", "card=6")
	today := time.Now().Format(time.DateOnly)
	later := time.Now().AddDate(0, 1, 0).Format(time.DateOnly)
	auditBefore := strings.Count(h.must("audit", "list", "--json"), `"action": "credential.`)

	h.steps(t, []step{
		{"lost", []string{"credentials", "status", "1", "lost"}, ExitOK, "credential 1 (h10301 facility=1 card=5): lost; available"},
		{"lost again", []string{"credentials", "status", "1", "lost"}, ExitRefused, "carddesk: credential 1 is lost already"},
		{"found", []string{"credentials", "status", "1", "Active"}, ExitOK, "credential 1 (h10301 facility=1 card=5): active"},
		{"stolen", []string{"credentials", "status", "1", "stolen"}, ExitOK, ": stolen; available"},
		{"stolen is final", []string{"credentials", "status", "1", "active"}, ExitRefused,
			"carddesk: credential 1 is stolen, and stolen is final: it cannot become active"},
		{"stolen stays stolen", []string{"credentials", "status", "1", "inactive"}, ExitRefused, "stolen is final"},
		{"a stolen card does not expire", []string{"credentials", "expire", "1", today}, ExitRefused,
			"credential 1 is stolen, and stolen is final: it cannot become expired"},
		{"unknown credential", []string{"credentials", "status", "99", "lost"}, ExitRefused, "credential 99 not found"},
		{"not an id", []string{"credentials", "status", "x7", "lost"}, ExitRefused, "credential x7 not found"},

		{"expires later", []string{"credentials", "expire", "2", later}, ExitOK, "credential 2 (h10301 facility=1 card=6): active; available; expires " + later},
		{"never", []string{"credentials", "expire", "2", "never"}, ExitOK, "credential 2 (h10301 facility=1 card=6): active; available\n"},
		{"past day", []string{"credentials", "expire", "2", "2020-01-01"}, ExitRefused,
			"carddesk: expires: 2020-01-01 has passed; give today or a later day, or never"},
		{"expires today", []string{"credentials", "expire", "2", today}, ExitOK, ": expired; available; expires " + today},
		{"expired is not lost", []string{"credentials", "status", "2", "lost"}, ExitRefused,
			"credential 2 is expired and cannot become lost; from expired it can become active or inactive"},
		{"back from expired", []string{"credentials", "expire", "2", "never"}, ExitOK, ": inactive; available\n"},
	})
	k := mustJSON[map[string]any](h, "credentials", "expire", "2", later, "--json")
	if k["id"] != "2" || k["status"] != "inactive" || !strings.HasPrefix(fmt.Sprint(k["expires_at"]), later) {
		t.Errorf("expire --json: %v", k)
	}
	// The 7 changes above and the one with --json; refusals change nothing.
	if n := strings.Count(h.must("audit", "list", "--json"), `"action": "credential.`) - auditBefore; n != 8 {
		t.Errorf("%d audit events, want 8", n)
	}
}

func TestCredentialsStatusUsageErrors(t *testing.T) {
	checkUsageErrors(t, []usageCase{
		{"expired is set by a day", []string{"credentials", "status", "1", "expired"}, "use 'credentials expire ID YYYY-MM-DD'"},
		{"unknown status", []string{"credentials", "status", "1", "found"}, `status "found": use active, inactive, lost or stolen`},
		{"status without one", []string{"credentials", "status", "1"}, "missing the status: active, inactive, lost or stolen"},
		{"day in another layout", []string{"credentials", "expire", "1", "31.12.2030"}, `"31.12.2030": give a date as YYYY-MM-DD, or never`},
		{"no such day", []string{"credentials", "expire", "1", "2030-02-30"}, "give a date as YYYY-MM-DD"},
		{"assign without holder", []string{"credentials", "assign", "1"}, "--cardholder ID is required"},
		{"unassign two", []string{"credentials", "unassign", "1", "2"}, `unexpected argument "2"`},
		{"list status", []string{"credentials", "list", "--status", "found"}, "use one of active, inactive, lost, stolen, expired"},
	})
}

func TestCredentialsAssignAndUnassign(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	pat := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Pat", "--last-name", "Doe"))
	bob := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Bob", "--last-name", "Smit", "--status", "inactive"))
	cara := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Cara", "--last-name", "Lind"))
	h.must("credentials", "add", "h10301", "facility=2", "card=1")
	h.must("credentials", "add", "h10301", "facility=2", "card=2", "--status", "inactive")
	h.must("credentials", "add", "csn32", "csn=04a1b2c3")
	h.must("credentials", "status", "3", "lost")

	h.steps(t, []step{
		{"assign", []string{"credentials", "assign", "1", "--cardholder", pat}, ExitOK, "credential 1 (h10301 facility=2 card=1): active; held by Pat Doe"},
		{"someone else's", []string{"credentials", "assign", "1", "--cardholder", cara}, ExitRefused,
			"is already assigned to Pat Doe; unassign it first ('credentials unassign 1')"},
		{"inactive cardholder", []string{"credentials", "assign", "2", "--cardholder", bob}, ExitRefused,
			"Bob Smit: the cardholder is inactive; activate the cardholder first"},
		{"unknown cardholder", []string{"credentials", "assign", "2", "--cardholder", "99"}, ExitRefused, "carddesk: cardholder 99 not found"},
		{"unknown credential", []string{"credentials", "assign", "99", "--cardholder", pat}, ExitRefused, "carddesk: credential 99 not found"},
		{"lost card", []string{"credentials", "assign", "3", "--cardholder", pat}, ExitRefused, "credential 3 is lost and cannot be assigned"},
		{"unassign", []string{"credentials", "unassign", "1"}, ExitOK, "credential 1 (h10301 facility=2 card=1): inactive; available"},
		{"unassign again", []string{"credentials", "unassign", "1"}, ExitRefused, "credential 1 is not assigned to anyone"},
		{"unknown to unassign", []string{"credentials", "unassign", "99"}, ExitRefused, "credential 99 not found"},
		{"an inactive card", []string{"credentials", "assign", "2", "--cardholder", pat}, ExitOK, ": active; held by Pat Doe"},
		{"stolen", []string{"credentials", "status", "2", "stolen"}, ExitOK, ": stolen; held by Pat Doe"},
		{"a stolen card stays", []string{"credentials", "unassign", "2"}, ExitRefused, "credential 2 is stolen; it stays with its cardholder"},
	})
	k := mustJSON[map[string]any](h, "credentials", "assign", "1", "--cardholder", cara, "--json")
	if k["id"] != "1" || k["cardholder_id"] != cara || k["status"] != "active" || k["cardholder_name"] != "Cara Lind" {
		t.Errorf("assign --json: %v", k)
	}
}

// stepClock is a station clock a test moves on.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestCredentialsListFilters(t *testing.T) {
	h := newHarness(t)
	clock := &stepClock{now: time.Now()}
	h.clock = clock
	h.setUp()
	pat := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Pat", "--last-name", "Doe"))
	kim := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Kim", "--last-name", "Lee"))
	h.must("credentials", "add", "h10301", "facility=3", "card=1")                   // 1: Pat's
	h.must("credentials", "add", "h10301", "facility=3", "card=2")                   // 2: Kim's, lost
	h.must("credentials", "add", "h10301", "facility=3", "card=3", "--name", "Doe?") // 3: nobody's, named
	h.must("credentials", "add", "csn32", "csn=0a0b0c0d", "--status", "inactive")    // 4: nobody's, expires
	h.must("credentials", "assign", "1", "--cardholder", pat)
	h.must("credentials", "assign", "2", "--cardholder", kim)
	h.must("credentials", "status", "2", "lost")
	h.must("credentials", "expire", "4", clock.Now().AddDate(0, 0, 1).Format(time.DateOnly))

	ids := func(args ...string) string {
		t.Helper()
		var got []string
		for _, k := range mustJSON[[]map[string]any](h, append([]string{"credentials", "list", "--json"}, args...)...) {
			for _, key := range []string{"id", "format", "fields", "bits", "status", "cardholder_id", "activation_date"} {
				if _, ok := k[key]; !ok {
					t.Errorf("credential JSON lacks %q: %v", key, k)
				}
			}
			got = append(got, k["id"].(string))
		}
		return strings.Join(got, " ")
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"all", nil, "1 2 3 4"},
		{"lost", []string{"--status", "lost"}, "2"},
		{"active", []string{"--status", "active"}, "1 3"},
		{"available", []string{"--available"}, "3 4"},
		{"available and active", []string{"--available", "--status", "active"}, "3"},
		{"cardholder's last name", []string{"--search", "doe"}, "1 3"}, // Pat Doe's, and the card named Doe?
		{"cardholder's full name", []string{"--search", "pat doe"}, "1"},
		{"first name prefix", []string{"--search", "Ki"}, "2"},
		{"serial prefix", []string{"--search", "0a0b"}, "4"},
		{"nothing", []string{"--search", "nobody"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(tc.args...); got != tc.want {
				t.Errorf("credentials list %s: ids %q, want %q", strings.Join(tc.args, " "), got, tc.want)
			}
		})
	}
	if out := h.must("credentials", "list", "--search", "nobody"); out != "no credentials\n" {
		t.Errorf("an empty list printed %q", out)
	}
	if out := h.must("credentials", "list", "--search", "nobody", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("an empty list --json printed %q", out)
	}

	// The day after the expiry day the list shows the card expired,
	// as the running app's daily run would have marked it.
	clock.add(48 * time.Hour)
	if got := ids("--status", "expired"); got != "4" {
		t.Errorf("after its day credential 4 is not listed as expired: %q", got)
	}
	table := h.must("credentials", "list", "--status", "expired")
	if !strings.Contains(table, "EXPIRES") || !strings.Contains(table, "csn=0a0b0c0d") {
		t.Errorf("table:\n%s", table)
	}
	if audit := h.must("audit", "list", "--json"); !strings.Contains(audit, "expired (expiry date "+clock.Now().AddDate(0, 0, -1).Format(time.DateOnly)) {
		t.Errorf("the expiry is not in the audit log:\n%s", audit)
	}
}
