// Package clocale makes the C and POSIX locales read as English before
// fyne looks at the locale.
//
// fyne's lang package reads the locale in its package init, in every run of
// the binary, the command line's too. With LANG=C.UTF-8 (Debian's and most
// containers' default) it cannot parse "C" as a language and logs three
// "Fyne error: Error parsing user locale C" lines on stderr. Importing this
// package from main sets LANGUAGE=en first in that case, so fyne picks
// English quietly; the program's messages in the C locale are English anyway.
//
// It works because Go initialises packages in import-path order among those
// whose imports are ready: this package needs only os and strings, so it
// runs before github.com/jeandeaual/go-locale and hence before
// fyne.io/fyne/v2/lang. cmd/carddesk's tests run the binary under
// LANG=C.UTF-8 to keep it so.
package clocale

import (
	"os"
	"strings"
)

func init() {
	if name, value, ok := Fallback(os.Getenv); ok {
		_ = os.Setenv(name, value)
	}
}

// Fallback reports the environment variable to set so that the locale
// getenv describes reads as English: LANGUAGE=en when the messages locale
// (LC_ALL, else LC_MESSAGES, else LANG, as gettext looks) is C or POSIX with
// a codeset or modifier, such as C.UTF-8, and LANGUAGE is empty. ok is false
// when nothing needs setting: a real language, an empty locale or a bare C or
// POSIX (which fyne already reads as English), or a LANGUAGE of the user's.
func Fallback(getenv func(string) string) (name, value string, ok bool) {
	if getenv("LANGUAGE") != "" {
		return "", "", false
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		loc := getenv(v)
		if loc == "" {
			continue
		}
		if loc == "C" || loc == "POSIX" {
			return "", "", false
		}
		lang, _, _ := strings.Cut(loc, "@")
		lang, _, _ = strings.Cut(lang, ".")
		if lang == "C" || lang == "POSIX" {
			return "LANGUAGE", "en", true
		}
		return "", "", false
	}
	return "", "", false
}
