package dialogs

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileAtomicReplacesTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.json")
	if err := os.WriteFile(path, []byte("old and longer"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	entries, _ := os.ReadDir(dir)
	if string(got) != "new" || len(entries) != 1 {
		t.Errorf("content %q, %d files in the folder", got, len(entries))
	}
	if err := writeFileAtomic(filepath.Join(dir, "missing", "f.json"), []byte("x")); err == nil {
		t.Error("no error for a folder that does not exist")
	}
}
