package cli

import (
	"context"
	"fmt"
	"io"
	"runtime"
)

func versionCmd() *command {
	return &command{
		name:    "version",
		summary: "print the version",
		access:  noStation,
		maxArgs: 0,
		run: func(_ context.Context, c *call) error {
			return printVersion(c.stdout(), c.env.Version, c.g.JSON)
		},
	}
}

func printVersion(w io.Writer, version string, asJSON bool) error {
	if version == "" {
		version = "unknown"
	}
	if asJSON {
		return writeJSON(w, map[string]string{
			"version": version, "go": runtime.Version(), "os": runtime.GOOS, "arch": runtime.GOARCH,
		})
	}
	_, err := fmt.Fprintf(w, "carddesk %s\n", version)
	return err
}
