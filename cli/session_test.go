package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scriptedPrompt answers prompts in order and records them.
type scriptedPrompt struct {
	answers []string
	asked   []string
}

func (p *scriptedPrompt) read(prompt string) (string, error) {
	p.asked = append(p.asked, prompt)
	if len(p.answers) == 0 {
		return "", errors.New("no more answers")
	}
	a := p.answers[0]
	p.answers = p.answers[1:]
	return a, nil
}

func TestSetupAsksForThePasswordTwice(t *testing.T) {
	h := newHarness(t)
	p := &scriptedPrompt{answers: []string{"first-secret", "other-secret"}}
	h.prompt = p.read
	r := h.run("setup", "--admin", "chief")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "the two passwords differ") {
		t.Fatalf("mismatch: exit %d, stderr %q", r.code, r.stderr)
	}
	p.answers = []string{"good-secret-1", "good-secret-1"}
	p.asked = nil
	if out := h.must("setup", "--admin", "chief"); !strings.Contains(out, "created administrator chief") {
		t.Errorf("setup printed %q", out)
	}
	if got := strings.Join(p.asked, "|"); got != "New password for chief: |Repeat the password: " {
		t.Errorf("prompts %q", got)
	}

	p.answers, p.asked = []string{"good-secret-1"}, nil
	h.must("operators", "list", "--operator", "chief")
	if len(p.asked) != 1 || p.asked[0] != "Password for chief: " {
		t.Errorf("sign-in prompts %q", p.asked)
	}
}

func TestPasswordWithoutTerminalOrEnvironmentIsRefused(t *testing.T) {
	h := newHarness(t)
	r := h.run("setup", "--admin", "chief")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "set CARDDESK_PASSWORD") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	h.setUp()
	delete(h.env, EnvPassword)
	r = h.run("cardholders", "list")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "set CARDDESK_PASSWORD, or run on a terminal") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestCommandsNeedAnExistingStation(t *testing.T) {
	h := newHarness(t)
	h.env[EnvOperator], h.env[EnvPassword] = "admin", "admin-secret"
	r := h.run("cardholders", "list")
	want := "no CardDesk database at " + h.db
	if h.onPostgres() {
		// A URL names a database that exists; an empty one has no operators.
		want = "this station has no operators yet"
	}
	if r.code != ExitRefused || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "carddesk setup --admin NAME") {
		t.Errorf("no station: exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(h.db); err == nil {
		t.Error("a list created the database")
	}
	h.env[EnvPassword] = "short"
	r = h.run("setup", "--admin", "bad name")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "password: must be at least 12 characters") {
		t.Errorf("bad setup: exit %d, stderr %q", r.code, r.stderr)
	}
	if matches, _ := filepath.Glob(h.db + "*"); len(matches) > 0 {
		t.Errorf("a refused setup left files behind: %v", matches)
	}
	h.env[EnvPassword] = "admin-secret"
	h.must("setup", "--admin", "admin")
	r = h.run("setup", "--admin", "second")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "setup refused") {
		t.Errorf("second setup: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestRefusalsAreExplained(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.env[EnvNewPassword] = "kim-secret-12"
	h.must("operators", "add", "kim", "--role", "operator")
	kim := func(args ...string) result {
		return h.run(append(args, "--operator", "kim")...)
	}
	h.env[EnvPassword] = "kim-secret-12"
	tests := []struct {
		name string
		r    result
		want []string
	}{
		{"permission", kim("settings", "get", "station.name"), []string{"carddesk: kim may not change settings (administrators only)"}},
		{"validation", kim("cardholders", "add", "--first-name", "Jan", "--last-name", "Jansen", "--email", "jan@", "--status", "gone"),
			[]string{"carddesk: email: \"jan@\" is not a valid e-mail address\n", "carddesk: status: \"gone\" is not allowed; use active or inactive\n"}},
		{"not found", kim("requests", "create", "--cardholder", "42"), []string{"carddesk: cardholder 42 not found\n"}},
		{"opaque id", kim("requests", "create", "--cardholder", "abc"), []string{"carddesk: cardholder abc not found\n"}},
		{"bad activation", kim("requests", "create", "--cardholder", "1", "--activate", "tomorrow"), []string{"activate: activation \"tomorrow\": use never, enrollment or a date YYYY-MM-DD"}},
		// The permission comes first: an operator learns no setting names.
		{"unknown setting", kim("settings", "get", "smtp.colour"), []string{"carddesk: kim may not change settings (administrators only)"}},
		{"missing import file", kim("cardholders", "import", "/nonexistent/x.csv"), []string{"carddesk: cannot read /nonexistent/x.csv: no such file or directory"}},
	}
	for _, tc := range tests {
		if tc.r.code != ExitRefused {
			t.Errorf("%s: exit %d, stderr %q", tc.name, tc.r.code, tc.r.stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(tc.r.stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.name, w, tc.r.stderr)
			}
		}
	}
}

func TestSecretSettingFromStandardInput(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.stdin = "s3cret value\n"
	if out := h.must("settings", "set", "smtp.password", "-"); out != "smtp.password saved\n" {
		t.Errorf("set printed %q", out)
	}
	if out := h.must("settings", "get", "smtp.password"); out != "(set)\n" {
		t.Errorf("get printed %q", out)
	}
	audit := h.must("audit", "list", "--json")
	if strings.Contains(audit, "s3cret") {
		t.Error("the secret reached the audit log")
	}
}

func TestRequestReasonMustBeKnown(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	id := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Eva", "--last-name", "Smit"))
	// Without a configured list any reason is accepted.
	h.must("requests", "create", "--cardholder", id, "--reason", "Broken lanyard")

	// The list is managed in the app; here it is filled through enroll.
	ctx := context.Background()
	st, db := h.station(ctx)
	admin, err := st.Operators.SignIn(ctx, "admin", "admin-secret")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"Lost card", "New employee"} {
		if _, err := st.Reasons.Add(ctx, admin, text); err != nil {
			t.Fatal(err)
		}
	}
	_ = db.Close()

	// A listed reason is spelled as the list does; other text is a free-text reason.
	h.must("requests", "create", "--cardholder", id, "--reason", "lost CARD")
	h.must("requests", "create", "--cardholder", id, "--reason", "Badge holder broke")
	out := h.must("requests", "list", "--json")
	if !strings.Contains(out, `"reason": "Lost card"`) || !strings.Contains(out, `"reason": "Broken lanyard"`) || !strings.Contains(out, `"reason": "Badge holder broke"`) {
		t.Errorf("list: %s", out)
	}
}
