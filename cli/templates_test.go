package cli

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/badge"
)

// listTemplates is templates list --json, decoded.
func (h *harness) listTemplates() []map[string]any {
	h.t.Helper()
	var out []map[string]any
	if err := json.Unmarshal([]byte(h.must("templates", "list", "--json")), &out); err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h *harness) templateID(name string) string {
	h.t.Helper()
	for _, tm := range h.listTemplates() {
		if tm["name"] == name {
			return tm["id"].(string)
		}
	}
	h.t.Fatalf("no template %q", name)
	return ""
}

// writeTemplate writes a template file into the test's folder.
func writeTemplate(t *testing.T, name string, tm map[string]any) string {
	t.Helper()
	data, err := json.Marshal(tm)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// contractorTemplate is a valid template file as a designer would save it.
func contractorTemplate(name string, elements ...map[string]any) map[string]any {
	if elements == nil {
		elements = []map[string]any{
			{"type": "rect", "x": 0, "y": 0, "w": 85.6, "h": 10, "fill": "#2a7a3b"},
			{"type": "text", "x": 4, "y": 14, "w": 60, "h": 8, "text": "{full_name}", "font_size": 12, "bold": true},
			{"type": "photo", "x": 60, "y": 14, "w": 20, "h": 26, "fit": "fill"},
		}
	}
	return map[string]any{"format": "carddesk-badge", "version": 1, "name": name, "size": "cr80",
		"orientation": "landscape", "front": map[string]any{"background": "#ffffff", "elements": elements}}
}

func TestTemplatesList(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	got := h.listTemplates()
	if len(got) != 2 {
		t.Fatalf("a new station's templates: %v", got)
	}
	for i, want := range []map[string]any{
		{"name": "Employee", "size": "cr80", "orientation": "landscape", "sides": 1.0, "default": true},
		{"name": "Visitor", "size": "cr80", "orientation": "portrait", "sides": 1.0, "default": false},
	} {
		for k, v := range want {
			if got[i][k] != v {
				t.Errorf("template %d: %s = %v, want %v", i, k, got[i][k], v)
			}
		}
		if s, ok := got[i]["id"].(string); !ok || !regexp.MustCompile(`^[0-9]+$`).MatchString(s) {
			t.Errorf("template %d: id %#v, want a string", i, got[i]["id"])
		}
	}
	table := h.must("templates", "list")
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[1], "Employee") ||
		!strings.Contains(lines[1], "landscape") || !strings.Contains(lines[1], "*") || strings.Contains(lines[2], "*") {
		t.Errorf("table:\n%s", table)
	}
}

func TestTemplatesImportExportDelete(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	good := writeTemplate(t, "contractor.json", contractorTemplate("Contractor"))
	out := h.must("templates", "import", good)
	if !regexp.MustCompile(`^[0-9]+\n$`).MatchString(out) {
		t.Fatalf("import printed %q, want the new id", out)
	}
	tid := strings.TrimSpace(out)
	if h.templateID("Contractor") != tid {
		t.Fatalf("imported template is not listed under id %s", tid)
	}

	r := h.run("templates", "import", good)
	if r.code != ExitRefused || !strings.Contains(r.stderr, `"Contractor" already exists`) || !strings.Contains(r.stderr, "--replace") {
		t.Errorf("second import without --replace: exit %d, stderr %q", r.code, r.stderr)
	}
	smaller := writeTemplate(t, "contractor.json", contractorTemplate("Contractor",
		map[string]any{"type": "text", "x": 4, "y": 4, "w": 60, "h": 8, "text": "{full_name}", "font_size": 12}))
	if out := h.must("templates", "import", smaller, "--replace"); strings.TrimSpace(out) != tid {
		t.Errorf("import --replace printed %q, want the same id %s", out, tid)
	}

	// export: stdout and a file, both template files import takes.
	exported := h.must("templates", "export", tid)
	if tm, err := badge.Parse("exported", []byte(exported)); err != nil || tm.Name != "Contractor" || len(tm.Front.Elements) != 1 {
		t.Fatalf("exported file: %+v, %v\n%s", tm, err, exported)
	}
	file := filepath.Join(t.TempDir(), "out.json")
	h.must("templates", "export", tid, "-o", file)
	if data, err := os.ReadFile(file); err != nil || string(data) != exported {
		t.Errorf("export -o wrote %q (%v), want what stdout got", data, err)
	}
	if r := h.run("templates", "export", "999"); r.code != ExitRefused || !strings.Contains(r.stderr, "badge template 999 not found") {
		t.Errorf("export 999: exit %d, stderr %q", r.code, r.stderr)
	}

	// A pending request that names the template holds it back.
	ch := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Kim", "--last-name", "Lee"))
	req := strings.TrimSpace(h.must("requests", "create", "--cardholder", ch, "--template", tid))
	r = h.run("templates", "delete", tid)
	if r.code != ExitRefused || !strings.Contains(r.stderr, "1 pending request(s) use it") || !strings.Contains(r.stderr, "Contractor") {
		t.Errorf("delete of a template in use: exit %d, stderr %q", r.code, r.stderr)
	}
	h.must("requests", "deny", req)
	if out := h.must("templates", "delete", tid); !strings.Contains(out, "deleted badge template "+tid+" (Contractor)") {
		t.Errorf("delete printed %q", out)
	}
	if n := len(h.listTemplates()); n != 2 {
		t.Errorf("%d templates after delete, want 2", n)
	}
	if r := h.run("templates", "delete", tid); r.code != ExitRefused || !strings.Contains(r.stderr, "badge template "+tid+" not found") {
		t.Errorf("delete of a deleted template: exit %d, stderr %q", r.code, r.stderr)
	}
	audit := h.must("audit", "list", "--json")
	for _, action := range []string{"template.import", "template.delete"} {
		if !strings.Contains(audit, `"`+action+`"`) {
			t.Errorf("audit log lacks %s", action)
		}
	}
}

func TestTemplatesImportBadFile(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	bad := writeTemplate(t, "bad.json", contractorTemplate("Broken",
		map[string]any{"type": "text", "x": 4, "y": 4, "w": 60, "h": 8, "text": "ok", "font_size": 12},
		map[string]any{"type": "hologram", "x": 4, "y": 4, "w": 10, "h": 10},
		map[string]any{"type": "rect", "x": 80, "y": 4, "w": 20, "h": 10, "fill": "#000000"},
		map[string]any{"type": "text", "x": 4, "y": 20, "w": 60, "h": 8, "text": "{nickname}", "font_size": 12},
	))
	r := h.run("templates", "import", bad)
	if r.code != ExitRefused {
		t.Fatalf("bad file: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, el := range []string{"2", "3", "4"} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(bad) + `: front element ` + el + `: \S`).MatchString(r.stderr) {
			t.Errorf("stderr names no problem of front element %s:\n%s", el, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "element 1:") || !strings.Contains(r.stderr, "nothing was imported") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if n := len(h.listTemplates()); n != 2 {
		t.Errorf("a bad file stored something: %d templates", n)
	}
	notJSON := filepath.Join(t.TempDir(), "notes.json")
	if err := os.WriteFile(notJSON, []byte("this is not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := h.run("templates", "import", notJSON); r.code != ExitRefused || !strings.Contains(r.stderr, notJSON+": ") {
		t.Errorf("not JSON: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := h.run("templates", "import", filepath.Join(t.TempDir(), "missing.json")); r.code != ExitRefused || !strings.Contains(r.stderr, "missing.json") {
		t.Errorf("missing file: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestTemplateWritesNeedAnAdministrator(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	good := writeTemplate(t, "contractor.json", contractorTemplate("Contractor"))
	employee := h.templateID("Employee")
	h.env[EnvNewPassword] = "kim-secret-1"
	h.must("operators", "add", "kim", "--role", "operator")
	h.env[EnvOperator], h.env[EnvPassword] = "kim", "kim-secret-1"
	for _, args := range [][]string{
		{"templates", "import", good},
		{"templates", "delete", employee},
	} {
		if r := h.run(args...); r.code != ExitRefused || !strings.Contains(r.stderr, "administrators only") {
			t.Errorf("%v by an operator: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	// Reading is for everyone.
	h.must("templates", "list")
	h.must("templates", "export", employee)
	if n := len(h.listTemplates()); n != 2 {
		t.Errorf("refused writes changed the templates: %d", n)
	}
}

func TestRequestsRefuseUnknownTemplate(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	ch := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Kim", "--last-name", "Lee"))
	r := h.run("requests", "create", "--cardholder", ch, "--template", "999")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "no badge template 999") {
		t.Errorf("create --template 999: exit %d, stderr %q", r.code, r.stderr)
	}
	visitor := h.templateID("Visitor")
	req := strings.TrimSpace(h.must("requests", "create", "--cardholder", ch, "--template", visitor))
	r = h.run("requests", "modify", req, "--template", "998")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "no badge template 998") {
		t.Errorf("modify --template 998: exit %d, stderr %q", r.code, r.stderr)
	}
	if out := h.must("requests", "list", "--json"); !strings.Contains(out, `"template_id": "`+visitor+`"`) {
		t.Errorf("the request lost its template:\n%s", out)
	}
}

// pdfPages counts the pages of a PDF the way viewers find them.
func pdfPages(data []byte) int {
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(data, -1))
}

func TestBadgesRender(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	kim := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Kim", "--last-name", "Lee", "--department", "Finance"))
	ana := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Ana", "--last-name", "Dąbrowska"))
	req := strings.TrimSpace(h.must("requests", "create", "--cardholder", kim))
	h.must("requests", "connect", req, "--manual", "h10301", "facility=1", "card=4711")
	employee, visitor := h.templateID("Employee"), h.templateID("Visitor")
	dir := t.TempDir()

	// Visitor needs no card: both badges, with PNGs.
	pdf := filepath.Join(dir, "visitors.pdf")
	pngDir := filepath.Join(dir, "png")
	out := h.must("badges", "render", "--template", visitor, "--cardholder", kim, ana, "-o", pdf, "--png", pngDir, "--dpi", "100")
	if !strings.Contains(out, "wrote 2 badge(s)") {
		t.Errorf("stdout %q", out)
	}
	data, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) || pdfPages(data) != 2 {
		t.Fatalf("PDF: %d pages, %v", pdfPages(data), err)
	}
	for _, who := range []string{kim, ana} {
		f, err := os.Open(filepath.Join(pngDir, "cardholder-"+who+"-front.png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		// 53.98 x 85.6 mm at 100 dpi, portrait.
		if err != nil || img.Bounds().Dx() < 210 || img.Bounds().Dx() > 214 || img.Bounds().Dy() < 335 || img.Bounds().Dy() > 339 {
			t.Errorf("PNG of %s: %v, %v", who, img.Bounds(), err)
		}
	}

	// Employee has a QR code of the card number: Ana has no card.
	refused := filepath.Join(dir, "refused.pdf")
	r := h.run("badges", "render", "--template", employee, "--cardholder", kim+","+ana, "-o", refused)
	if r.code != ExitRefused || !strings.Contains(r.stderr, "cardholder "+ana+" (Ana Dąbrowska): front element") ||
		strings.Contains(r.stderr, "cardholder "+kim+" ") || !strings.Contains(r.stderr, "nothing was rendered") {
		t.Errorf("render with a card-less cardholder: exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(refused); !os.IsNotExist(err) {
		t.Errorf("a refused render wrote %s", refused)
	}

	// --all leaves her out and says so.
	all := filepath.Join(dir, "all.pdf")
	r = h.run("badges", "render", "--template", employee, "--all", "-o", all, "--json")
	var res map[string]any
	if r.code != ExitOK || json.Unmarshal([]byte(r.stdout), &res) != nil || res["badges"] != 1.0 || res["file"] != all {
		t.Fatalf("--all: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "left out cardholder "+ana+" (Ana Dąbrowska)") {
		t.Errorf("--all stderr %q", r.stderr)
	}
	if data, err := os.ReadFile(all); err != nil || pdfPages(data) != 1 {
		t.Errorf("--all PDF: %d pages, %v", pdfPages(data), err)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"badges", "render", "--cardholder", kim}, ExitUsage, "--template ID is required"},
		{[]string{"badges", "render", "--template", visitor}, ExitUsage, "--cardholder ID... or --all"},
		{[]string{"badges", "render", "--template", visitor, "--all", "--cardholder", kim}, ExitUsage, "--cardholder ID... or --all"},
		{[]string{"badges", "render", "--template", visitor, "--cardholder", kim, "--dpi", "300"}, ExitUsage, "give --png DIR as well"},
		{[]string{"badges", "render", "--template", visitor, "--cardholder", kim, "--png", dir, "--dpi", "5"}, ExitUsage, "--dpi 5"},
		{[]string{"badges", "render", "--template", "999", "--cardholder", kim, "-o", refused}, ExitRefused, "badge template 999 not found"},
		{[]string{"badges", "render", "--template", visitor, "--cardholder", "4242", "-o", refused}, ExitRefused, "cardholder 4242 not found"},
	} {
		r := h.run(tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}
