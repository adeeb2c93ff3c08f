package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Fyne parses a whole font, and the system's fallback font for it, for each
// text style a window draws: about 3 MB of heap per style, kept until the
// app quits. The UI therefore draws two styles, regular and bold. The badge
// editor is the exception: it shows a badge's own italic text as it will
// print.
var extraStyle = regexp.MustCompile(`Monospace|Italic:\s*true|\.Italic\s*=\s*true|Symbol:\s*true`)

func TestUIDrawsTwoTextStyles(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		if strings.HasPrefix(filepath.ToSlash(path), "templates/") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if m := extraStyle.FindString(line); m != "" && !strings.HasPrefix(strings.TrimSpace(line), "//") {
				t.Errorf("%s:%d: %q adds a text style (a parsed font of about 3 MB); use regular or bold", path, i+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
