package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wide64 has one 64-bit field, so values past 2^53 show whether JSON
// output keeps them exact.
const wide64 = `{
  "carddesk_format": 1,
  "id": "wide64",
  "name": "Wide 66 bits",
  "length": 66,
  "fields": [{"name": "card", "mask": "1-64"}],
  "parity": [
    {"type": "even", "position": 0, "mask": "1-32"},
    {"type": "odd", "position": 65, "mask": "33-64"}
  ]
}
`

func (h *harness) file(name, content string) string {
	h.t.Helper()
	p := filepath.Join(h.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		h.t.Fatal(err)
	}
	return p
}

func TestFormatsWorkWithoutADatabase(t *testing.T) {
	sqliteOnly(t, "a missing database file is not created or opened (a URL always names a database)")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string   // exact, when not ""
		want   []string // in stdout
		stderr []string
	}{
		{name: "encode json", args: []string{"formats", "encode", "h10301", "facility=1", "card=5", "--json"},
			stdout: `{"format":"h10301","length":26,"bits":"10000000100000000000001011","hex":"202000b"}` + "\n"},
		{name: "encode flags first", args: []string{"--json", "formats", "encode", "h10301", "card=5", "facility=1"},
			stdout: `{"format":"h10301","length":26,"bits":"10000000100000000000001011","hex":"202000b"}` + "\n"},
		{name: "encode text", args: []string{"formats", "encode", "h10301", "facility=1", "card=5"},
			want: []string{"bits    10000000100000000000001011\n", "hex     202000b\n", "h10301 (Standard 26 bits)"}},
		{name: "encode vector", args: []string{"formats", "encode", "h10301", "facility=233", "card=30333", "--json"},
			stdout: `{"format":"h10301","length":26,"bits":"01110100101110110011111011","hex":"1d2ecfb"}` + "\n"},
		{name: "encode csn keeps hex", args: []string{"formats", "encode", "csn32", "csn=04a1b2c3", "--json"},
			stdout: `{"format":"csn32","length":32,"bits":"00000100101000011011001011000011","hex":"4a1b2c3"}` + "\n"},
		{name: "encode 35-bit card", args: []string{"formats", "encode", "h10302", "card=34359738367", "--json"},
			want: []string{`"bits":"0` + strings.Repeat("1", 36) + `"`, `"hex":"fffffffff"`}},
		{name: "out of range", args: []string{"formats", "encode", "h10301", "facility=256", "card=5"},
			code: ExitRefused, stderr: []string{"facility: 256 is out of range 0–255"}},
		{name: "missing field", args: []string{"formats", "encode", "h10301", "card=5"},
			code: ExitRefused, stderr: []string{"facility: missing", "0–255"}},
		{name: "unknown field", args: []string{"formats", "encode", "h10301", "facility=1", "card=5", "site=2"},
			code: ExitRefused, stderr: []string{`h10301 has no field "site"`, "facility, card"}},
		{name: "not a number", args: []string{"formats", "encode", "h10301", "facility=one", "card=5"},
			code: ExitRefused, stderr: []string{`facility: "one" is not a whole decimal number`}},
		{name: "unknown format", args: []string{"formats", "encode", "h99999", "card=5"},
			code: ExitRefused, stderr: []string{`unknown format "h99999"`, "h10301, h10306", "csn80", "no database at"}},
		{name: "decode json", args: []string{"formats", "decode", "h10301", "10000000100000000000001011", "--json"},
			stdout: `{"format":"h10301","length":26,"fields":{"facility":1,"card":5},"parity_ok":true}` + "\n"},
		{name: "decode hex, format length", args: []string{"formats", "decode", "h10301", "0x202000b", "--json"},
			stdout: `{"format":"h10301","length":26,"fields":{"facility":1,"card":5},"parity_ok":true}` + "\n"},
		{name: "decode hex with --length", args: []string{"formats", "decode", "h10301", "0x202000b", "--length", "26", "--json"},
			stdout: `{"format":"h10301","length":26,"fields":{"facility":1,"card":5},"parity_ok":true}` + "\n"},
		{name: "decode hex, wrong --length", args: []string{"formats", "decode", "h10301", "0x202000b", "--length", "30"},
			code: ExitRefused, stderr: []string{"h10301 takes 26 bits, got 30"}},
		{name: "decode too short", args: []string{"formats", "decode", "h10301", "1000000010000000000000101"},
			code: ExitRefused, stderr: []string{"h10301 takes 26 bits, got 25"}},
		{name: "decode not bits", args: []string{"formats", "decode", "h10301", "10000000100000000000002011"},
			code: ExitRefused, stderr: []string{`'2' at position 22 is not 0 or 1`}},
		{name: "decode hex too big", args: []string{"formats", "decode", "h10301", "0xfffffff"},
			code: ExitRefused, stderr: []string{"0xfffffff needs 28 bits and does not fit in 26"}},
		{name: "decode bad parity json", args: []string{"formats", "decode", "h10301", "10000000100000000000001010", "--json"},
			stdout: `{"format":"h10301","length":26,"fields":{"facility":1,"card":5},"parity_ok":false,` +
				`"failed_checks":[{"type":"odd","position":25,"mask":"13-24"}]}` + "\n"},
		{name: "decode bad parity text", args: []string{"formats", "decode", "h10301", "00000000100000000000001011"},
			want: []string{"facility  1\n", "card      5\n", "parity    FAILED: check 1 of 2 (even parity bit 0 over 1-12)\n"}},
		{name: "decode text ok", args: []string{"formats", "decode", "h10301", "10000000100000000000001011"},
			want: []string{"bits      10000000100000000000001011 (26 bits, hex 202000b)\n", "parity    ok\n"}},
		{name: "decode csn", args: []string{"formats", "decode", "csn32", "0x04a1b2c3", "--json"},
			stdout: `{"format":"csn32","length":32,"fields":{"csn":"04a1b2c3"},"parity_ok":true}` + "\n"},
		{name: "decode csn text", args: []string{"formats", "decode", "csn32", "0x4a1b2c3"},
			want: []string{"csn     04a1b2c3\n", "parity  none in this format\n"}},
		{name: "decode c1k48", args: []string{"formats", "decode", "c1k48",
			strings.TrimSpace(mustEncode(t, "c1k48", "facility=4194303", "card=8388607")), "--json"},
			stdout: `{"format":"c1k48","length":48,"fields":{"facility":4194303,"card":8388607},"parity_ok":true}` + "\n"},
		{name: "list text", args: []string{"formats", "list"},
			want: []string{"ID ", "h10301  Standard 26 bits", "built-in", "facility 1-8, card 9-24", "csn80"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.run(tc.args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			if tc.stdout != "" && r.stdout != tc.stdout {
				t.Errorf("stdout\n got %q\nwant %q", r.stdout, tc.stdout)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tc.stderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			if tc.code != ExitOK && r.stdout != "" {
				t.Errorf("a refused command printed %q", r.stdout)
			}
			if h.opened != 0 {
				t.Error("the database was opened though there is none")
			}
			if _, err := os.Stat(h.db); err == nil {
				t.Error("a formats command created the database file")
			}
		})
	}
}

// mustEncode runs formats encode in a throw-away harness and returns the bits.
func mustEncode(t *testing.T, format string, fields ...string) string {
	t.Helper()
	h := newHarness(t)
	var out struct{ Bits string }
	if err := json.Unmarshal([]byte(h.must(append([]string{"formats", "encode", format, "--json"}, fields...)...)), &out); err != nil {
		t.Fatal(err)
	}
	return out.Bits
}

func TestFormatsUsageErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no format", []string{"formats", "encode"}, "missing argument FORMAT"},
		{"no equals sign", []string{"formats", "encode", "h10301", "facility", "card=5"}, `"facility" is not NAME=VALUE`},
		{"no name", []string{"formats", "encode", "h10301", "=1"}, `"=1" has no field name`},
		{"field twice", []string{"formats", "encode", "h10301", "card=1", "card=2"}, `field "card" is given twice`},
		{"no bits", []string{"formats", "decode", "h10301"}, "missing argument BITS"},
		{"extra bits", []string{"formats", "decode", "h10301", "0101", "0101"}, `unexpected argument "0101"`},
		{"negative length", []string{"formats", "decode", "h10301", "0x1", "--length", "-1"}, "--length -1: give a bit length from 1 to 512"},
		{"length not a number", []string{"formats", "decode", "h10301", "0x1", "--length", "x"}, `invalid value "x" for flag -length`},
		{"import without file", []string{"formats", "import", "--operator", "admin"}, "missing argument FILE"},
		{"delete without id", []string{"formats", "delete", "--operator", "admin"}, "missing argument ID"},
		{"import without operator", []string{"formats", "import", "f.json"}, "--operator NAME is required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.run(tc.args...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("exit %d, want %d; stderr lacks %q:\n%s", r.code, ExitUsage, tc.stderr, r.stderr)
			}
			if r.stdout != "" || h.opened != 0 {
				t.Errorf("a usage error printed %q or opened the database (%d)", r.stdout, h.opened)
			}
		})
	}
}

func TestCustomFormats(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	acme, err := os.ReadFile("../cardformat/testdata/acme40.json")
	if err != nil {
		t.Fatal(err)
	}
	acmeFile := h.file("acme40.json", string(acme))

	if out := h.must("formats", "import", acmeFile); out != "acme40\n" {
		t.Errorf("import printed %q", out)
	}
	r := h.run("formats", "import", acmeFile)
	if r.code != ExitRefused || !strings.Contains(r.stderr, `a custom format with id "acme40" already exists; add --replace`) {
		t.Errorf("second import: exit %d, stderr %s", r.code, r.stderr)
	}
	h.must("formats", "import", acmeFile, "--replace")
	h.must("formats", "import", h.file("wide.json", wide64))

	// Custom formats need no operator either, once the database exists.
	delete(h.env, EnvOperator)
	delete(h.env, EnvPassword)
	var list []formatJSONForTest
	if err := json.Unmarshal([]byte(h.must("formats", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 11 || list[0].ID != "h10301" || !list[0].Builtin || list[9].ID != "acme40" || list[9].Builtin {
		t.Fatalf("list: %+v", list)
	}
	a := list[9]
	if a.Length != 40 || a.Kind != "wiegand" || a.Unused != "35-36" || len(a.Fields) != 4 || len(a.Parity) != 4 ||
		a.Fields[0].Fixed == nil || *a.Fields[0].Fixed != 5 || a.Fields[3].Mask != "34,33" || string(a.Fields[3].Max) != "3" ||
		a.Parity[2].Mask != "1,3,5,7,9,11,13,15,17,19,37" || a.UpdatedAt == nil {
		t.Errorf("acme40 in the list: %+v", a)
	}
	if w := list[10]; string(w.Fields[0].Max) != "18446744073709551615" {
		t.Errorf("64-bit maximum not exact: %+v", w.Fields[0])
	}
	if csn := list[6]; string(csn.Fields[0].Max) != `"ffffffff"` || string(csn.Fields[0].Min) != `"00000000"` {
		t.Errorf("csn32 limits: %+v", csn.Fields[0])
	}
	if out := h.must("formats", "list"); !strings.Contains(out, "acme40  ACME 40 bits") ||
		!strings.Contains(out, "custom    site 1-4 (=5), facility 5-14, card 15-32, issue 34,33") {
		t.Errorf("table:\n%s", out)
	}

	enc := h.must("formats", "encode", "acme40", "facility=3", "card=77", "issue=1", "--json")
	var e encodeJSON
	if err := json.Unmarshal([]byte(enc), &e); err != nil || e.Length != 40 {
		t.Fatalf("encode acme40: %s %v", enc, err)
	}
	dec := h.must("formats", "decode", "acme40", e.Bits, "--json")
	if want := `{"format":"acme40","length":40,"fields":{"site":5,"facility":3,"card":77,"issue":1},"parity_ok":true}` + "\n"; dec != want {
		t.Errorf("decode acme40:\n got %s\nwant %s", dec, want)
	}
	if dec := h.must("formats", "decode", "acme40", "0x"+e.Hex, "--json"); !strings.Contains(dec, `"card":77`) {
		t.Errorf("hex decode acme40: %s", dec)
	}
	r = h.run("formats", "encode", "acme40", "site=6", "facility=3", "card=77", "issue=1")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "site: fixed to 5 in this format, got 6") {
		t.Errorf("fixed field: exit %d %s", r.code, r.stderr)
	}
	// Bit 2 cleared: site reads 1 instead of 5, and the checks over bit 2 fail.
	wrong := e.Bits[:2] + "0" + e.Bits[3:]
	out := h.must("formats", "decode", "acme40", wrong)
	if !strings.Contains(out, "fixed     WRONG: site should be 5") || !strings.Contains(out, "parity    FAILED:") {
		t.Errorf("decode with a wrong fixed field:\n%s", out)
	}
	if js := h.must("formats", "decode", "acme40", wrong, "--json"); !strings.Contains(js, `"fixed_ok":false`) ||
		!strings.Contains(js, `"parity_ok":false`) {
		t.Errorf("decode JSON with a wrong fixed field: %s", js)
	}

	big := h.must("formats", "encode", "wide64", "card=18446744073709551615", "--json")
	if err := json.Unmarshal([]byte(big), &e); err != nil {
		t.Fatal(err)
	}
	if dec := h.must("formats", "decode", "wide64", e.Bits, "--json"); !strings.Contains(dec, `"fields":{"card":18446744073709551615}`) {
		t.Errorf("64-bit value not exact: %s", dec)
	}
	r = h.run("formats", "encode", "wide64", "card=18446744073709551616")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "card: 18446744073709551616 is out of range 0–18446744073709551615") {
		t.Errorf("wide out of range: exit %d %s", r.code, r.stderr)
	}
	r = h.run("formats", "encode", "nope", "card=1")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "acme40, wide64") || strings.Contains(r.stderr, "no database") {
		t.Errorf("unknown format with a database: %s", r.stderr)
	}
}

// formatJSONForTest reads formatJSON back, keeping min and max as raw JSON.
type formatJSONForTest struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Length  int    `json:"length"`
	Builtin bool   `json:"builtin"`
	Unused  string `json:"unused"`
	Fields  []struct {
		Name  string          `json:"name"`
		Mask  string          `json:"mask"`
		Min   json.RawMessage `json:"min"`
		Max   json.RawMessage `json:"max"`
		Fixed *uint64         `json:"fixed"`
	} `json:"fields"`
	Parity    []parityJSON `json:"parity"`
	UpdatedAt *string      `json:"updated_at"`
}

func TestFormatImportExportDelete(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.must("formats", "import", h.file("wide.json", wide64))

	exported := h.must("formats", "export", "wide64")
	if !strings.Contains(exported, `"carddesk_format": 1`) || !strings.Contains(exported, `"mask": "1-64"`) {
		t.Errorf("export:\n%s", exported)
	}
	file := filepath.Join(t.TempDir(), "wide64.json")
	if out := h.must("formats", "export", "wide64", "-o", file); out != "exported format wide64 to "+file+"\n" {
		t.Errorf("export -o printed %q", out)
	}
	if got, _ := os.ReadFile(file); string(got) != exported {
		t.Errorf("export -o wrote other bytes than stdout:\n%s", got)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".carddesk-*")); len(left) > 0 {
		t.Errorf("temp files left: %v", left)
	}
	if out := h.must("formats", "export", "h10301"); !strings.Contains(out, `"id": "h10301"`) {
		t.Errorf("built-in export:\n%s", out)
	}
	r := h.run("formats", "export", "wide64", "-o", filepath.Join(t.TempDir(), "missing", "x.json"))
	if r.code != ExitRefused || !strings.Contains(r.stderr, "cannot write") {
		t.Errorf("export into a missing folder: exit %d %s", r.code, r.stderr)
	}

	other := newHarness(t)
	other.setUp()
	if out := other.must("formats", "import", file); out != "wide64\n" {
		t.Errorf("import on the other station printed %q", out)
	}
	if again := other.must("formats", "export", "wide64"); again != exported {
		t.Errorf("round trip differs:\n%s\n%s", exported, again)
	}

	bad := h.file("bad.json", `{"carddesk_format":1,"id":"bad26","name":"Bad","length":26,"fields":[{"name":"card","mask":"9-30"}]}`)
	r = h.run("formats", "import", bad)
	if r.code != ExitRefused {
		t.Fatalf("bad definition: exit %d", r.code)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) < 3 || lines[0] != "carddesk: "+bad+`: format "bad26" is not valid:` ||
		!strings.Contains(r.stderr, `carddesk:   field "card" (mask 9-30): bits 26-30 are outside 0-25`) {
		t.Errorf("bad definition stderr:\n%s", r.stderr)
	}
	for _, tc := range []struct{ content, want string }{
		{"not json", bad + ": format file:"},
		{`{"carddesk_format":9,"id":"x"}`, "version 9"},
		{strings.Replace(wide64, `"wide64"`, `"h10301"`, 1), `format id "h10301" belongs to a built-in format`},
	} {
		r := h.run("formats", "import", h.file("bad.json", tc.content))
		if r.code != ExitRefused || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("import %q: exit %d, stderr lacks %q:\n%s", tc.content, r.code, tc.want, r.stderr)
		}
	}
	r = h.run("formats", "import", filepath.Join(t.TempDir(), "none.json"))
	if r.code != ExitRefused || !strings.Contains(r.stderr, "cannot read") {
		t.Errorf("missing file: %d %s", r.code, r.stderr)
	}

	// Operators may read formats but not change them.
	h.env[EnvNewPassword] = "kim-secret-1"
	h.must("operators", "add", "kim", "--role", "operator")
	h.env[EnvOperator], h.env[EnvPassword] = "kim", "kim-secret-1"
	r = h.run("formats", "import", file, "--replace")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "kim may not manage card formats (administrators only)") {
		t.Errorf("operator import: %d %s", r.code, r.stderr)
	}
	h.must("formats", "export", "wide64")
	h.must("credentials", "add", "wide64", "card=7")
	h.env[EnvOperator], h.env[EnvPassword] = "admin", "admin-secret"

	for _, tc := range []struct{ id, want string }{
		{"wide64", `cannot delete format "wide64": 1 credential(s) are enrolled with it`},
		{"h10301", "built-in formats cannot be changed or deleted"},
		{"nope", `custom format "nope" not found`},
	} {
		r := h.run("formats", "delete", tc.id)
		if r.code != ExitRefused || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("delete %s: exit %d, stderr lacks %q:\n%s", tc.id, r.code, tc.want, r.stderr)
		}
	}
	other.must("formats", "delete", "wide64")
	r = other.run("formats", "encode", "wide64", "card=1")
	if r.code != ExitRefused || !strings.Contains(r.stderr, `unknown format "wide64"`) {
		t.Errorf("after delete: %d %s", r.code, r.stderr)
	}
}
