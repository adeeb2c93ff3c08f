package badge

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// needTool finds a command-line tool the test checks real output with
// (poppler-utils' pdfinfo, pdftotext, pdftoppm, pdfimages; zbar-tools'
// zbarimg). Without it the test skips, except under CI=true or
// CARDDESK_RIGS=required (make test), where scripts/deps.sh installs them
// and a missing one is a failure.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	pkg := map[string]string{"zbarimg": "zbar-tools"}[name]
	if pkg == "" {
		pkg = "poppler-utils"
	}
	msg := name + " is not installed (Debian package " + pkg + "; scripts/deps.sh test installs it)"
	if os.Getenv("CI") == "true" || os.Getenv("CARDDESK_RIGS") == "required" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// run runs a tool and returns its standard output.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(needTool(t, name), args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}
