package uitest

import (
	"os"
	"os/exec"
	"testing"
)

// InDutch reports whether the test runs in Dutch, whose words are longer.
// Fyne reads the language once, from the environment, so when it does not,
// InDutch runs the test again in a process of its own in Dutch, fails the
// test when that fails, and the caller returns.
func InDutch(t *testing.T) bool {
	t.Helper()
	if os.Getenv("CARDDESK_TEST_DUTCH") != "" {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$")
	cmd.Env = append(os.Environ(), "CARDDESK_TEST_DUTCH=1", "LANG=nl_NL.UTF-8", "LC_ALL=", "LANGUAGE=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("in Dutch: %v\n%s", err, out)
	}
	return false
}
