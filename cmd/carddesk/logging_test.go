package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/zap"
)

func TestLogFileGetsJSONLines(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "logs")
	env := map[string]string{EnvLogDir: dir}
	l, err := newLogging(func(k string) string { return env[k] }, "1.0.0", false)
	if err != nil {
		t.Fatal(err)
	}
	l.log.Info("hello", zap.String("k", "v"))
	l.log.Debug("too chatty")
	l.close()

	data, err := os.ReadFile(filepath.Join(dir, "carddesk.log"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one line (debug is off), got %d:\n%s", len(lines), data)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &m); err != nil {
		t.Fatal(err)
	}
	if m["msg"] != "hello" || m["k"] != "v" || m["version"] != "1.0.0" || m["level"] != "info" || m["pid"] == nil {
		t.Errorf("line %v", m)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("log folder mode %v, want private", fi.Mode().Perm())
	}
	if l.file.MaxSize != 10 || l.file.MaxBackups != 5 || !l.file.Compress {
		t.Errorf("rotation %+v", l.file)
	}
}

func TestUnusableLogFolderStillGivesALogger(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{EnvLogDir: filepath.Join(blocker, "logs")}
	l, err := newLogging(func(k string) string { return env[k] }, "1.0.0", false)
	if err == nil {
		t.Error("no error for a log folder inside a file")
	}
	l.log.Info("still works")
	l.close()
}

func TestDefaultLogFolder(t *testing.T) {
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Skipf("no user cache dir here: %v", err)
	}
	dir, err := logDir(func(string) string { return "" })
	if err != nil || dir != filepath.Join(cache, "carddesk", "logs") {
		t.Errorf("logDir = %q, %v", dir, err)
	}
}
