package cardformat

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestDefinitionGolden(t *testing.T) {
	cases := map[string]Format{
		"acme40.json": acme40(t),
		"c1k35.json":  mustLookup(t, "c1k35"),
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := MarshalDefinition(f)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("MarshalDefinition differs from %s:\n%s", path, got)
			}
			back, err := UnmarshalDefinition(want)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, f) {
				t.Errorf("round trip changed the format:\n got %+v\nwant %+v", back, f)
			}
		})
	}
}

// A definition moved between stations must encode the same card the same way.
func TestImportedFormatEncodesAlike(t *testing.T) {
	f := acme40(t)
	data, err := MarshalDefinition(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := UnmarshalDefinition(data)
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]string{"facility": "1000", "card": "262143", "issue": "2"}
	a, errA := f.Encode(in)
	b, errB := g.Encode(in)
	if errA != nil || errB != nil || a != b {
		t.Fatalf("original %s (%v), imported %s (%v)", a, errA, b, errB)
	}
}

func TestUnmarshalDefinitionErrors(t *testing.T) {
	const ok = `{"carddesk_format":1,"id":"t26","name":"Test","length":26,
		"fields":[{"name":"facility","mask":"1-8"},{"name":"card","mask":"9-24"}],
		"parity":[{"type":"even","position":0,"mask":"1-12"},{"type":"odd","position":25,"mask":"13-24"}]}`
	if _, err := UnmarshalDefinition([]byte(ok)); err != nil {
		t.Fatalf("base file: %v", err)
	}
	tests := []struct {
		name, file string
		as         any
		substr     string
	}{
		{"not JSON", `{"carddesk_format":1,`, new(*FileError), "not valid JSON"},
		{"trailing data", ok + ` {}`, new(*FileError), "not valid JSON"},
		{"no marker", `{"id":"x"}`, new(*FileError), "no \"carddesk_format\" key"},
		{"array", `[1]`, new(*FileError), "not valid JSON"},
		{"newer version", `{"carddesk_format":2,"whatever":true}`, new(*VersionError), "newer CardDesk"},
		{"version 0", `{"carddesk_format":0}`, new(*VersionError), "not valid"},
		{"unknown key", strings.Replace(ok, `"id"`, `"colour":"red","id"`, 1), new(*FileError), "colour"},
		{"huge length", strings.Replace(ok, `"length":26`, `"length":1e40`, 1), new(*FileError), "unexpected content"},
		{"bad mask", strings.Replace(ok, `"9-24"`, `"24-9"`, 1), new(*DefinitionError), `field "card" (mask 24-9): range 24-9 runs backwards`},
		{"mask letters", strings.Replace(ok, `"1-8"`, `"a"`, 1), new(*DefinitionError), `"a" is not a bit position`},
		{"mask double dash", strings.Replace(ok, `"1-8"`, `"1--8"`, 1), new(*DefinitionError), `"-8" is not a bit position`},
		{"empty mask", strings.Replace(ok, `"1-8"`, `""`, 1), new(*DefinitionError), "is empty"},
		{"bad parity type", strings.Replace(ok, `"even"`, `"mark"`, 1), new(*DefinitionError), `type "mark": must be even or odd`},
		{"csn kind", strings.Replace(ok, `"id"`, `"kind":"csn","id"`, 1), new(*DefinitionError), "wiegand formats only"},
		{"overlap", strings.Replace(ok, `"9-24"`, `"8-24"`, 1), new(*DefinitionError), "already used by"},
		{"outside", strings.Replace(ok, `"9-24"`, `"9-26"`, 1), new(*DefinitionError), "outside 0-25"},
		{"unaccounted", strings.Replace(ok, `"9-24"`, `"10-24"`, 1), new(*DefinitionError), "unaccounted bits (mask 9): no field or parity check uses them"},
		{"unused fixes unaccounted", strings.Replace(strings.Replace(ok, `"9-24"`, `"10-24"`, 1), `"fields"`, `"unused":"9","fields"`, 1), nil, ""},
		{"too big", `{"carddesk_format":1,"name":"` + strings.Repeat("x", 1<<20) + `"}`, new(*FileError), "larger than 1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := UnmarshalDefinition([]byte(tt.file))
			if tt.as == nil {
				if err != nil {
					t.Fatalf("UnmarshalDefinition: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.As(err, tt.as) || !strings.Contains(err.Error(), tt.substr) {
				t.Errorf("error %T %q; want %T containing %q", err, err, tt.as, tt.substr)
			}
		})
	}
}

// One file, several mistakes: all are listed, and a broken mask does not
// cause a second complaint about the bits it would have covered.
func TestUnmarshalDefinitionListsEveryProblem(t *testing.T) {
	file := `{"carddesk_format":1,"id":"Bad Id","name":"","length":26,
		"fields":[{"name":"facility","mask":"8-1"},{"name":"card","mask":"9-26"}],
		"parity":[{"type":"even","position":0,"mask":"0-12"}]}`
	_, err := UnmarshalDefinition([]byte(file))
	var de *DefinitionError
	if !errors.As(err, &de) {
		t.Fatalf("error %v", err)
	}
	var items []string
	for _, p := range de.Problems {
		items = append(items, p.Item)
		if p.Item == "unaccounted bits" {
			t.Errorf("unaccounted-bits problem despite a broken mask: %v", p)
		}
	}
	for _, want := range []string{"id", "name", `field "facility"`, `field "card"`, "parity check #1 (bit 0)"} {
		found := false
		for _, it := range items {
			found = found || it == want
		}
		if !found {
			t.Errorf("no problem for %s in %v", want, err)
		}
	}
}

func TestMarshalDefinitionRefuses(t *testing.T) {
	if _, err := MarshalDefinition(mustLookup(t, "csn32")); err == nil {
		t.Error("a CSN format was written to a file")
	}
	f := acme40(t)
	f.Length = 39
	var de *DefinitionError
	if _, err := MarshalDefinition(f); !errors.As(err, &de) {
		t.Errorf("invalid format written: %v", err)
	}
}
