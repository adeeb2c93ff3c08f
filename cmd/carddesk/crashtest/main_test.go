package crashtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// binary is the carddesk program the tests kill: CARDDESK_BIN (make test
// builds it) or one TestMain builds. dbcheck is internal/dbcheck, which
// TestMain always builds, without -race.
var binary, dbcheck string

func TestMain(m *testing.M) {
	code, err := withBinary(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crashtest:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func withBinary(m *testing.M) (int, error) {
	dir, err := os.MkdirTemp("", "carddesk-crash-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	dbcheck = filepath.Join(dir, "dbcheck")
	if err := build(dbcheck, "github.com/carddesk/carddesk/cmd/carddesk/crashtest/internal/dbcheck"); err != nil {
		return 0, err
	}
	if binary = os.Getenv("CARDDESK_BIN"); binary == "" {
		binary = filepath.Join(dir, "carddesk")
		if err := build(binary, "github.com/carddesk/carddesk/cmd/carddesk"); err != nil {
			return 0, err
		}
	}
	return m.Run(), nil
}

func build(out, pkg string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building %s: %w", pkg, err)
	}
	return nil
}
