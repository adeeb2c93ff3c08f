package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func cardholdersImportCmd() *command {
	return &command{
		name:     "cardholders import",
		synopsis: "FILE.csv",
		summary:  "import cardholders from CSV: every row or none",
		detail: "Columns (any order, header row required): external_id,first_name,last_name,email,department,status.\n" +
			"If any row is bad nothing is imported and each problem is printed as FILE:LINE: reason.\n" +
			"FILE - reads standard input.",
		access:  signedIn,
		minArgs: 1,
		maxArgs: 1,
		run: func(ctx context.Context, c *call) error {
			name, r, closeFn, err := openInput(c.args[0], c.env.Stdin)
			if err != nil {
				return err
			}
			defer closeFn()
			n, err := c.st.Cardholders.Import(ctx, c.actor, name, r)
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), map[string]int{"imported": n})
			}
			_, err = fmt.Fprintf(c.stdout(), "imported %d cardholders\n", n)
			return err
		},
	}
}

func cardholdersExportCmd() *command {
	var out string
	return &command{
		name:     "cardholders export",
		synopsis: "[-o FILE]",
		summary:  "export every cardholder as CSV (the import columns; round-trips)",
		access:   signedIn,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&out, "o", "", "write to `FILE` instead of standard output")
		},
		run: func(ctx context.Context, c *call) error {
			if out == "" || out == "-" {
				_, err := c.st.Cardholders.Export(ctx, c.actor, c.stdout())
				return err
			}
			n, err := exportToFile(ctx, c, out)
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), map[string]any{"exported": n, "file": out})
			}
			_, err = fmt.Fprintf(c.stdout(), "exported %d cardholders to %s\n", n, out)
			return err
		},
	}
}

// exportToFile writes beside the target and renames, so a failed export
// never leaves a truncated file where a good one was expected. The file is
// private (0600): it lists people.
func exportToFile(ctx context.Context, c *call, path string) (int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".carddesk-export-*.csv")
	if err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	n, err := c.st.Cardholders.Export(ctx, c.actor, tmp)
	if err != nil {
		return 0, err
	}
	if err := tmp.Sync(); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, unwrapPathError(err))
	}
	done = true
	return n, nil
}

// unwrapPathError keeps "no such file or directory" without repeating the
// path the message already names.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
