package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/carddesk/carddesk/cmd/carddesk/internal/metagen/fyneapp"
)

// FyneApp.toml is the one source of the app's ID and version: the
// generated Go must say the same, or `go generate ./cmd/carddesk` (make
// build runs it) was not run after the file changed.
func TestMetadataIsGeneratedFromFyneAppToml(t *testing.T) {
	src, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := fyneapp.Generate(src, "FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("metadata_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("metadata_gen.go is out of date with FyneApp.toml; run go generate ./cmd/carddesk\n--- have\n%s\n--- want\n%s", got, want)
	}
	if !appMetadata.Migrations["fyneDo"] {
		t.Error("the fyneDo migration is not on: UI changes from goroutines all go through fyne.Do")
	}
}

func TestVersionCarriesTheCommit(t *testing.T) {
	defer func(c string) { commit = c }(commit)
	commit = ""
	if v := version(); v != appMetadata.Version {
		t.Errorf("version without a commit = %q", v)
	}
	commit = "c11cc6d-dirty"
	if v := version(); v != appMetadata.Version+"+c11cc6d-dirty" {
		t.Errorf("version with a commit = %q", v)
	}
}
