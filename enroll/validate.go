package enroll

import (
	"net/mail"
	"strings"
	"unicode/utf8"
)

// validEmail accepts a bare address (no display name) with a dotted domain.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".")
}

// checkText trims s and checks its length; required says whether empty is an error.
func checkText(fe *fieldErrors, field string, s *string, required bool, max int) {
	*s = strings.TrimSpace(*s)
	switch n := utf8.RuneCountInString(*s); {
	case n == 0 && required:
		fe.add(field, msg(MsgRequired, nil))
	case n > max:
		fe.add(field, msg(MsgTooLong, Data{"Len": n, "Max": max}))
	}
	if strings.ContainsAny(*s, "\x00\r\n\t") {
		fe.add(field, msg(MsgSingleLine, nil))
	}
}
