package badge

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// MergeFields are the names a template may write as {name} in a text or a
// barcode value.
var MergeFields = []string{"first_name", "last_name", "full_name", "department", "email",
	"external_id", "cardholder_id", "card_number", "facility", "format", "credential_hex", "today"}

// Values are the merge values of one badge, by MergeFields name.
type Values map[string]string

// fieldRe finds {name} in a text; names the template may not use are found
// too, so Check can refuse them.
var fieldRe = regexp.MustCompile(`\{([A-Za-z0-9_]+)\}`)

func isMergeField(name string) bool { return slices.Contains(MergeFields, name) }

// FieldsOf lists the {name} merge fields text uses, known or not, each once,
// in order of first use.
func FieldsOf(text string) []string {
	var out []string
	for _, m := range fieldRe.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// Fields lists the merge fields the elements of t use, each once, in
// MergeFields order; batch printing can tell which cardholders lack one.
func (t *Template) Fields() []string {
	used := map[string]bool{}
	for _, side := range t.Sides() {
		for _, e := range t.side(side).Elements {
			for _, s := range []string{e.Text, e.Value} {
				for _, f := range FieldsOf(s) {
					used[f] = true
				}
			}
		}
	}
	var out []string
	for _, f := range MergeFields {
		if used[f] {
			out = append(out, f)
		}
	}
	return out
}

// Merge replaces each {name} merge field in text with its value in v; a
// field without a value becomes empty. "full_name" defaults to first and
// last name, "today" to the local date (YYYY-MM-DD). Names that are not
// merge fields stay as written (Check refuses them in templates).
func Merge(text string, v Values) string {
	if !strings.Contains(text, "{") {
		return text
	}
	return fieldRe.ReplaceAllStringFunc(text, func(m string) string {
		name := m[1 : len(m)-1]
		if !isMergeField(name) {
			return m
		}
		return v.value(name)
	})
}

func (v Values) value(name string) string {
	if s := v[name]; s != "" {
		return s
	}
	switch name {
	case "full_name":
		return strings.TrimSpace(v["first_name"] + " " + v["last_name"])
	case "today":
		return time.Now().Format(time.DateOnly)
	}
	return ""
}
