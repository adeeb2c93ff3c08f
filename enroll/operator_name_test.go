package enroll

import (
	"regexp"
	"strings"
	"testing"
)

// The loop accepts exactly what the regular expression it replaced did.
var operatorNameRE = regexp.MustCompile(`^[\p{L}\p{N}._@-]{1,64}$`)

func TestValidOperatorNameAsTheRegexp(t *testing.T) {
	names := []string{"", "a", "olga", "Zoë", "jan.de-vries_2@desk", "пётр", "李雷", "٣٤", "a b", "a/b", "a\x00",
		"\xff", "a\xffb", strings.Repeat("x", 64), strings.Repeat("x", 65), strings.Repeat("é", 64), strings.Repeat("é", 65),
		"tab\t", "emoji😀", "Ⅻ", "x²"}
	for _, n := range names {
		if got, want := validOperatorName(n), operatorNameRE.MatchString(n); got != want {
			t.Errorf("validOperatorName(%q) = %v, the regexp says %v", n, got, want)
		}
	}
}

func FuzzValidOperatorName(f *testing.F) {
	for _, s := range []string{"olga", "Zoë", "a b", strings.Repeat("x", 65), "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, n string) {
		if got, want := validOperatorName(n), operatorNameRE.MatchString(n); got != want {
			t.Errorf("validOperatorName(%q) = %v, the regexp says %v", n, got, want)
		}
	})
}
