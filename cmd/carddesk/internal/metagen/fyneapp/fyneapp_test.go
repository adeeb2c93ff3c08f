package fyneapp

import (
	"strings"
	"testing"
)

func TestParseNamesWhatIsMissingOrBroken(t *testing.T) {
	cases := []struct{ src, want string }{
		{"[Details]\nName = \"A\"\nVersion = \"1\"\n", "Details.ID is missing"},
		{"[Details]\nID = \"a.b\"\nName = \"A\"\n", "Details.Version is missing"},
		{"[Details\nID = 1", "FyneApp.toml: toml:"},
	}
	for _, tc := range cases {
		if _, err := Parse([]byte(tc.src), "FyneApp.toml"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tc.src, err, tc.want)
		}
	}
}

func TestGenerateWritesTheIdentity(t *testing.T) {
	src := "[Details]\nID = \"io.example.app\"\nName = \"App\"\nVersion = \"2.3.4\"\nBuild = 7\n[Migrations]\nfyneDo = true\n"
	code, err := Generate([]byte(src), "FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`ID:         "io.example.app"`, `Version:    "2.3.4"`, `Build:      7`, `"fyneDo": true`, "DO NOT EDIT"} {
		if !strings.Contains(string(code), want) {
			t.Errorf("generated code lacks %s:\n%s", want, code)
		}
	}
}
