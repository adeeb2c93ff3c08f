package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestCLIIsQuietUnderTheCLocale runs the binary under the locales of
// containers and minimal systems (LC_ALL and LANGUAGE unset): fyne's locale
// code, linked into every run, must not complain on stderr (see
// cmd/carddesk/internal/clocale).
func TestCLIIsQuietUnderTheCLocale(t *testing.T) {
	tests := []struct {
		lang string
		args []string
	}{
		{"C.UTF-8", []string{"version"}},
		{"C.UTF-8", []string{"--help"}},
		{"C.UTF-8", []string{"operators", "add", "--help"}},
		{"POSIX.UTF-8", []string{"version"}},
		{"C", []string{"version"}},
	}
	for _, tc := range tests {
		t.Run(tc.lang+" "+filepath.Join(tc.args...), func(t *testing.T) {
			dir := t.TempDir()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary, tc.args...)
			cmd.Env = []string{ // no LC_ALL, LC_MESSAGES or LANGUAGE
				"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
				"XDG_CACHE_HOME=" + filepath.Join(dir, "cache"), "CARDDESK_LOG_DIR=" + filepath.Join(dir, "logs"),
				"LANG=" + tc.lang,
			}
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			if err := cmd.Run(); err != nil {
				t.Fatalf("carddesk %v: %v\nstderr: %s", tc.args, err, errOut.String())
			}
			if errOut.Len() != 0 {
				t.Errorf("stderr is not empty:\n%s", errOut.String())
			}
			if out.Len() == 0 {
				t.Error("nothing on stdout")
			}
		})
	}
}
