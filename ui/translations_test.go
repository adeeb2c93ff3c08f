package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/assets"
)

const langImport = "fyne.io/fyne/v2/lang"

// langKey is one literal key passed to lang.L / N / X / XN.
type langKey struct {
	key, fallback string
	at            string
}

// usedLangKeys scans every Go file under root for lang calls with a literal
// key; the fallback of X/XN is returned too.
func usedLangKeys(t *testing.T, root string) []langKey {
	t.Helper()
	var keys []langKey
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		name := langImportName(f)
		if name == "" {
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if k, ok := langCall(n, name); ok {
				k.at = fset.Position(n.Pos()).String()
				keys = append(keys, k)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func langImportName(f *ast.File) string {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == langImport {
			if imp.Name != nil {
				return imp.Name.Name
			}
			return "lang"
		}
	}
	return ""
}

func langCall(n ast.Node, pkg string) (langKey, bool) {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return langKey{}, false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return langKey{}, false
	}
	if id, ok := sel.X.(*ast.Ident); !ok || id.Name != pkg {
		return langKey{}, false
	}
	switch sel.Sel.Name {
	case "L", "N", "Localize", "LocalizePlural":
		key, ok := stringLit(call.Args[0])
		return langKey{key: key, fallback: key}, ok
	case "X", "XN", "LocalizeKey", "LocalizePluralKey":
		key, ok := stringLit(call.Args[0])
		fallback := ""
		if len(call.Args) > 1 {
			fallback, _ = stringLit(call.Args[1])
		}
		return langKey{key: key, fallback: fallback}, ok
	}
	return langKey{}, false
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

func loadTranslation(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "assets", "translations", name))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

var placeholderRE = regexp.MustCompile(`{{\s*\.\w+\s*}}`)

// placeholders lists the template fields of a message (plural forms included).
func placeholders(v any) []string {
	var out []string
	switch v := v.(type) {
	case string:
		out = placeholderRE.FindAllString(strings.ReplaceAll(v, " ", ""), -1)
	case map[string]any:
		for _, form := range v {
			out = append(out, placeholders(form)...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestEveryUIStringIsTranslated(t *testing.T) {
	en, nl := loadTranslation(t, "en.json"), loadTranslation(t, "nl.json")
	keys := usedLangKeys(t, ".")
	if len(keys) < 50 {
		t.Fatalf("found only %d lang keys under ui/; is the scan broken?", len(keys))
	}
	for _, k := range keys {
		for name, m := range map[string]map[string]any{"en.json": en, "nl.json": nl} {
			v, ok := m[k.key]
			if !ok {
				t.Errorf("%s: key %q missing from %s", k.at, k.key, name)
				continue
			}
			if s, isString := v.(string); isString && strings.TrimSpace(s) == "" {
				t.Errorf("%s: key %q is empty in %s", k.at, k.key, name)
			}
		}
		if want := placeholders(k.fallback); len(want) > 0 {
			if got := placeholders(nl[k.key]); nl[k.key] != nil && !slices.Equal(got, want) {
				t.Errorf("%s: %q: nl.json uses %v, the code passes %v", k.at, k.key, got, want)
			}
		}
	}
}

func TestTranslationFilesHaveTheSameKeys(t *testing.T) {
	en, nl := loadTranslation(t, "en.json"), loadTranslation(t, "nl.json")
	for k := range en {
		if _, ok := nl[k]; !ok {
			t.Errorf("key %q is in en.json but not in nl.json", k)
		}
	}
	for k := range nl {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q is in nl.json but not in en.json", k)
		}
	}
	for k, v := range en {
		if a, b := placeholders(v), placeholders(nl[k]); !slices.Equal(a, b) {
			t.Errorf("key %q: en.json uses %v, nl.json %v", k, a, b)
		}
	}
}

// go-i18n reads these top-level keys (in any letter case) as parts of a
// message, not as message ids: one of them in a file makes the whole file fail
// to load, and the app silently falls back to English.
var reservedKeys = []string{"id", "description", "hash", "leftdelim", "rightdelim",
	"zero", "one", "two", "few", "many", "other"}

func TestTranslationsLoad(t *testing.T) {
	if err := LoadTranslations(); err != nil {
		t.Fatalf("LoadTranslations: %v", err)
	}
	for _, name := range []string{"en.json", "nl.json"} {
		for k := range loadTranslation(t, name) {
			if slices.Contains(reservedKeys, strings.ToLower(k)) {
				t.Errorf("%s: key %q is reserved by go-i18n; use a longer text or a dotted id", name, k)
			}
		}
	}
}

// A text nobody shows any more is dead weight for translators: every key
// must still be named somewhere in the code (the message ids of enroll and
// cardformat are looked up by their names too).
func TestNoTranslationIsUnused(t *testing.T) {
	var src strings.Builder
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != ".." {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			b, err := os.ReadFile(path)
			src.Write(b)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	code := src.String()
	for k := range loadTranslation(t, "en.json") {
		if !strings.Contains(code, strconv.Quote(k)) && !strings.Contains(code, "`"+k+"`") {
			t.Errorf("key %q is in en.json but nothing uses it", k)
		}
	}
}

func TestTranslationsForTheUsersLanguageOnly(t *testing.T) {
	for _, tc := range []struct {
		locale string
		want   []string
	}{
		{"en-US", []string{"en.json"}},
		{"en-GB", []string{"en.json"}},
		{"nl-NL", []string{"en.json", "nl.json"}},
		{"nl-BE", []string{"en.json", "nl.json"}},
		{"nl", []string{"en.json", "nl.json"}},
		{"de-DE", []string{"en.json"}}, // no German file: English
		{"ja", []string{"en.json"}},
		{"not a locale", []string{"en.json"}},
	} {
		got, err := translationsFor(assets.Translations, fyne.Locale(tc.locale))
		if err != nil {
			t.Fatalf("%s: %v", tc.locale, err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: loads %v, want %v", tc.locale, got, tc.want)
		}
	}
}

func TestTranslationsForRefusesAStrayFile(t *testing.T) {
	files := fstest.MapFS{
		"translations/en.json":      {Data: []byte(`{}`)},
		"translations/klingon.json": {Data: []byte(`{}`)},
	}
	_, err := translationsFor(files, "en-US")
	if err == nil || !strings.Contains(err.Error(), "klingon.json") {
		t.Fatalf("err = %v, want one naming klingon.json", err)
	}
}
