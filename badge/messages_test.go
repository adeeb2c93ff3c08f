package badge

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"testing"
)

// TestMessagesTranslated: the UI shows problems through their ids, so
// en.json has each with this English and nl.json a Dutch text with the
// same placeholders.
func TestMessagesTranslated(t *testing.T) {
	load := func(name string) map[string]string {
		b, err := os.ReadFile("../assets/translations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	en, nl := load("en.json"), load("nl.json")
	names := func(s string) []string {
		out := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`).FindAllString(s, -1)
		slices.Sort(out)
		return out
	}
	for id, english := range ProblemMessages {
		if en[id] != english {
			t.Errorf("en.json %s = %q, badge says %q", id, en[id], english)
		}
		if dutch, ok := nl[id]; !ok || dutch == english {
			t.Errorf("nl.json lacks a Dutch text for %s", id)
		} else if !slices.Equal(names(dutch), names(english)) {
			t.Errorf("nl.json %s uses %v, the English text %v", id, names(dutch), names(english))
		}
	}
}
