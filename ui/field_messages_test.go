package ui

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

// enroll's field messages are shown through lang.X with their id: en.json
// must hold the same English template, and nl.json a Dutch one that uses the
// same placeholders.
func TestFieldMessagesTranslated(t *testing.T) {
	load := func(name string) map[string]string {
		b, err := os.ReadFile("../assets/translations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return m
	}
	en, nl := load("en.json"), load("nl.json")
	placeholders := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)
	names := func(s string) []string {
		var out []string
		for _, m := range placeholders.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		slices.Sort(out)
		return out
	}
	for id, english := range enroll.FieldMessages {
		if en[id] != english {
			t.Errorf("en.json %s = %q, enroll says %q", id, en[id], english)
		}
		dutch, ok := nl[id]
		if !ok || dutch == english {
			t.Errorf("nl.json lacks a Dutch text for %s", id)
			continue
		}
		if !slices.Equal(names(dutch), names(english)) {
			t.Errorf("nl.json %s uses %v, the English text %v", id, names(dutch), names(english))
		}
	}
}
