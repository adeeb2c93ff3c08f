// Command metagen writes the app's metadata (ID, name, version, build,
// migrations) from FyneApp.toml as Go, so a plain `go build` carries the
// same identity the fyne packaging tool reads from that file.
//
//	go run ./internal/metagen -in ../../FyneApp.toml -out metadata_gen.go
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/carddesk/carddesk/cmd/carddesk/internal/metagen/fyneapp"
)

func main() {
	in := flag.String("in", "FyneApp.toml", "the app's FyneApp.toml")
	out := flag.String("out", "metadata_gen.go", "the Go file to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintf(os.Stderr, "metagen: %v\n", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	code, err := fyneapp.Generate(src, in)
	if err != nil {
		return err
	}
	return os.WriteFile(out, code, 0o644)
}
