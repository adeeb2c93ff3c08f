package cli

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

func TestRequestsCreateWarnsAboutPendingRequestOnStderr(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	ch := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Kim", "--last-name", "Lee"))
	other := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Lee", "--last-name", "Kim"))

	first := h.run("requests", "create", "--cardholder", ch, "--reason", "New employee")
	if first.code != ExitOK || first.stderr != "" {
		t.Fatalf("first request: exit %d, stderr %q", first.code, first.stderr)
	}
	firstID := strings.TrimSpace(first.stdout)
	if r := h.run("requests", "create", "--cardholder", other); r.code != ExitOK || r.stderr != "" {
		t.Fatalf("someone else's first request: exit %d, stderr %q", r.code, r.stderr)
	}

	second := h.run("requests", "create", "--cardholder", ch, "--reason", "Card lost")
	if second.code != ExitOK {
		t.Fatalf("second request refused: exit %d, stderr %q", second.code, second.stderr)
	}
	// stdout is exactly the contract's: the new id and nothing else.
	if !regexp.MustCompile(`^[0-9]+\n$`).MatchString(second.stdout) || strings.TrimSpace(second.stdout) == firstID {
		t.Fatalf("stdout %q, want the new request's id alone", second.stdout)
	}
	secondID := strings.TrimSpace(second.stdout)
	for _, want := range []string{"warning", "cardholder " + ch + " (Kim Lee) already has a pending card request",
		"request " + firstID + `: "New employee", requested by admin on `, "request " + secondID + " was filed"} {
		if !strings.Contains(second.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, second.stderr)
		}
	}
	if !regexp.MustCompile(`on \d{4}-\d{2}-\d{2} \d{2}:\d{2}`).MatchString(second.stderr) {
		t.Errorf("stderr does not date the pending request:\n%s", second.stderr)
	}

	// --json keeps stdout one object; the warning stays on stderr.
	third := h.run("requests", "create", "--cardholder", ch, "--json")
	var r map[string]any
	if err := json.Unmarshal([]byte(third.stdout), &r); err != nil || third.code != ExitOK {
		t.Fatalf("--json: exit %d, stdout %q (%v)", third.code, third.stdout, err)
	}
	if !strings.Contains(third.stderr, "already has 2 pending card requests") ||
		!strings.Contains(third.stderr, "request "+firstID+":") || !strings.Contains(third.stderr, "request "+secondID+`: "Card lost"`) {
		t.Errorf("third request's warning:\n%s", third.stderr)
	}

	// Once the pending ones are answered, no warning.
	h.must("requests", "deny", firstID, secondID, r["id"].(string))
	if r := h.run("requests", "create", "--cardholder", ch); r.code != ExitOK || r.stderr != "" {
		t.Errorf("after the others were denied: exit %d, stderr %q", r.code, r.stderr)
	}
}
