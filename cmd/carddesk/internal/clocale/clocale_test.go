package clocale

import "testing"

func TestFallback(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		wantOK bool
	}{
		{"C.UTF-8", map[string]string{"LANG": "C.UTF-8"}, true},
		{"C.utf8", map[string]string{"LANG": "C.utf8"}, true},
		{"POSIX with a codeset", map[string]string{"LANG": "POSIX.UTF-8"}, true},
		{"C with a modifier", map[string]string{"LANG": "C@euro"}, true},
		{"LC_ALL wins over LANG", map[string]string{"LC_ALL": "C.UTF-8", "LANG": "nl_NL.UTF-8"}, true},
		{"LC_MESSAGES wins over LANG", map[string]string{"LC_MESSAGES": "C.UTF-8", "LANG": "nl_NL.UTF-8"}, true},
		{"LC_ALL with a language", map[string]string{"LC_ALL": "nl_NL.UTF-8", "LANG": "C.UTF-8"}, false},
		{"bare C is read as English already", map[string]string{"LANG": "C"}, false},
		{"bare POSIX is read as English already", map[string]string{"LC_ALL": "POSIX"}, false},
		{"a real language", map[string]string{"LANG": "nl_NL.UTF-8"}, false},
		{"nothing set", map[string]string{}, false},
		{"the user's LANGUAGE stays", map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "nl"}, false},
		{"a language starting with C", map[string]string{"LANG": "Ca_ES.UTF-8"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name, value, ok := Fallback(func(k string) string { return tc.env[k] })
			if ok != tc.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tc.wantOK)
			}
			if ok && (name != "LANGUAGE" || value != "en") {
				t.Errorf("set %s=%s, want LANGUAGE=en", name, value)
			}
		})
	}
}
