package words

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every action enroll records reads as words in the audit log. The actions
// are taken from enroll's source, so a new one without words fails here.
func TestEveryAuditActionHasWords(t *testing.T) {
	files, err := filepath.Glob("../../enroll/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("enroll's source: %v", err)
	}
	action := regexp.MustCompile(`"((?:operator|cardholder|request|credential|format|template|print|order|tempcard|reader|reason|setting|mail|desk|db|audit)\.[a-z_]+)"`)
	seen := map[string]bool{}
	for _, f := range files {
		if filepath.Ext(f) != ".go" || regexp.MustCompile(`_test\.go$`).MatchString(f) {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(src), "\n") {
			if strings.Contains(line, "Key:") || strings.Contains(line, "Key =") { // a setting's key, such as desk.lock_minutes
				continue
			}
			for _, m := range action.FindAllStringSubmatch(line, -1) {
				seen[m[1]] = true
			}
		}
	}
	if len(seen) < 20 {
		t.Fatalf("found only %d actions in enroll: %v", len(seen), seen)
	}
	for a := range seen {
		if AuditAction(a) == a {
			t.Errorf("audit action %q has no words", a)
		}
	}
}

func TestAuditAreasNameTheirPrefix(t *testing.T) {
	for _, a := range AuditAreas() {
		if a.Name == "" || a.Prefix == "" || a.Prefix[len(a.Prefix)-1] != '.' {
			t.Errorf("area %+v", a)
		}
	}
}
