package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// openInput opens a file argument; "-" is standard input.
func openInput(path string, stdin io.Reader) (string, io.Reader, func(), error) {
	if path == "-" {
		return "stdin", stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", nil, nil, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	return path, f, func() { _ = f.Close() }, nil
}

// readInput reads a whole file argument ("-" is standard input) and the name
// to report it by. It reads at most one byte over limit, so the caller can
// refuse a file that is too large without reading all of it.
func readInput(path string, stdin io.Reader, limit int64) (string, []byte, error) {
	name, r, closeFn, err := openInput(path, stdin)
	if err != nil {
		return "", nil, err
	}
	defer closeFn()
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return "", nil, fmt.Errorf("cannot read %s: %w", name, unwrapPathError(err))
	}
	return name, data, nil
}

// writeExport puts an exported file on standard output, or with -o in file
// out and then says so: "exported WHAT ID to FILE", or as JSON.
func writeExport(c *call, out string, data []byte, what, exportedID string) error {
	if out == "" || out == "-" {
		_, err := c.stdout().Write(data)
		return err
	}
	if err := writeFileAtomic(out, data, 0o644); err != nil {
		return err
	}
	if c.g.JSON {
		return writeJSON(c.stdout(), map[string]string{"exported": exportedID, "file": out})
	}
	_, err := fmt.Fprintf(c.stdout(), "exported %s %s to %s\n", what, exportedID, out)
	return err
}

// writeFileAtomic writes beside the target and renames, so an interrupted
// write never leaves a truncated file under the name asked for.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".carddesk-*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
	}
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
	}
	done = true
	return nil
}
